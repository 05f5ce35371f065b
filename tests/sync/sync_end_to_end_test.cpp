// Devices and a real server over loopback. Invariant numbers: sync/client/sync_engine.hpp (E)
// and sync/protocol/op_apply.hpp (M).
// SPDX-License-Identifier: Apache-2.0
#include "client/sync_engine.hpp"

#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "sync/sync_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace igmc::sync {
namespace {

using test::SyncEndToEnd;

TEST_F(SyncEndToEnd, EnrolledDevicePullsItsAssignment)
{
    auto tablet = device("tablet");
    auto engine = tablet.engine(m_url);
    const auto report = engine.run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_GE(report->pulled, 3);  // site, assessment, assignment
    const auto assessment = tablet.store->assessment(m_assessmentId);
    ASSERT_TRUE(assessment) << assessment.error().message;
    EXPECT_EQ(assessment->catalog.id, "igmc-3.0-city");
    EXPECT_EQ(tablet.store->site(assessment->siteId)->name, "Sino-Singapore Tianjin Eco-City");
    EXPECT_EQ(*tablet.store->meta(kRoleKey), "inspector");
}

TEST_F(SyncEndToEnd, TwoDevicesEditingOneIndicatorOfflineKeepBothVersionsAsAConflict)  // M2
{
    auto a = device("tablet-a");
    auto b = device("tablet-b");
    ASSERT_TRUE(a.engine(m_url).run());
    const auto base = a.store->recordObservation(observation(m_assessmentId, "EN1.1", "31.5"));
    ASSERT_TRUE(base);
    ASSERT_TRUE(a.engine(m_url).run());
    ASSERT_TRUE(b.engine(m_url).run());
    ASSERT_TRUE(b.store->observation(base->id));  // B has the base version
    // Both offline: each edits the same indicator from the same parent.
    ASSERT_TRUE(a.store->recordObservation(observation(m_assessmentId, "EN1.1", "30.0", base->id)));
    ASSERT_TRUE(b.store->recordObservation(observation(m_assessmentId, "EN1.1", "28.0", base->id)));
    const auto reportA = a.engine(m_url).run();
    const auto reportB = b.engine(m_url).run();
    ASSERT_TRUE(reportA && reportB);
    EXPECT_EQ(reportA->conflicts + reportB->conflicts, 1);
    ASSERT_TRUE(a.engine(m_url).run());  // A now pulls B's version
    const auto serverHeads = m_server->store().latestObservations(m_assessmentId);
    ASSERT_EQ(serverHeads->size(), 1U);
    EXPECT_EQ(serverHeads->front().otherHeadIds.size(), 1U);
    EXPECT_EQ(m_server->store().conflicts(m_assessmentId)->size(), 1U);
    // Every copy agrees on the provisional head and keeps all three versions.
    for (auto* d : {&a, &b}) {
        const auto heads = d->store->latestObservations(m_assessmentId);
        ASSERT_EQ(heads->size(), 1U);
        EXPECT_EQ(heads->front().head.id, serverHeads->front().head.id);
        EXPECT_EQ(d->store->history(m_assessmentId, "EN1.1")->size(), 3U);
    }
    EXPECT_EQ(a.store->conflicts(m_assessmentId)->size(), 1U);
}

// The next page is asked for from the headers of the one being decoded; headers that are
// missing, say there is no more, or do not read as a cursor give nothing (the body decides).
TEST(PullPipeline, TheNextPageIsAskedForOnlyFromAReadableCursor)
{
    const auto cursor = [](std::map<std::string, std::string> headers) { return nextPageCursor(HttpResponse{200, std::move(headers), {}}); };
    EXPECT_EQ(cursor({{"sync-more", "true"}, {"sync-next", "4096"}}), 4096);
    EXPECT_EQ(cursor({{"sync-more", "false"}, {"sync-next", "4096"}}), std::nullopt);
    EXPECT_EQ(cursor({{"sync-next", "4096"}}), std::nullopt);
    EXPECT_EQ(cursor({{"sync-more", "true"}}), std::nullopt);
    for (const char* bad : {"", "-1", "12x", "x12", " 12", "99999999999999999999"})
        EXPECT_EQ(cursor({{"sync-more", "true"}, {"sync-next", bad}}), std::nullopt) << bad;
}

// A large batch size starts at a part of itself (an eighth for pushes, a quarter for pulls; at
// least 256) and doubles up to itself, so the first push and the first page are on their way
// without waiting for a whole batch; small sizes stay as given.
TEST(BatchRamp, LargeSizesStartAtAPartAndDoubleUpToThemselves)
{
    const auto sizes = [](std::size_t full, int count, std::size_t part = BatchRamp::kPushPart) {
        BatchRamp ramp(full, part);
        std::vector<std::size_t> taken;
        for (int i = 0; i < count; ++i)
            taken.push_back(ramp.take());
        return taken;
    };
    EXPECT_EQ(sizes(5'000, 5), (std::vector<std::size_t>{625, 1'250, 2'500, 5'000, 5'000}));
    EXPECT_EQ(sizes(2'000, 4), (std::vector<std::size_t>{256, 512, 1'024, 2'000}));
    EXPECT_EQ(sizes(500, 3), (std::vector<std::size_t>{256, 500, 500}));
    EXPECT_EQ(sizes(256, 2), (std::vector<std::size_t>{256, 256}));
    EXPECT_EQ(sizes(3, 2), (std::vector<std::size_t>{3, 3}));
    EXPECT_EQ(sizes(0, 2), (std::vector<std::size_t>{1, 1}));
    EXPECT_EQ(sizes(5'000, 4, BatchRamp::kPullPart), (std::vector<std::size_t>{1'250, 2'500, 5'000, 5'000}));
    EXPECT_EQ(sizes(2'000, 3, BatchRamp::kPullPart), (std::vector<std::size_t>{500, 1'000, 2'000}));
}

// Pages are decoded and fetched ahead of the one being applied: they must still land in order
// (each edit needs its parent) and each exactly once, and a pull stopped between pages resumes
// after the last page applied, whatever had been fetched ahead.
TEST_F(SyncEndToEnd, PagesFetchedAheadLandInOrderOnceAndAStoppedPullResumes)
{
    auto a = device("tablet-a");
    auto b = device("tablet-b");
    ASSERT_TRUE(a.engine(m_url).run());
    recordChains(a);  // 6 indicators, 50 versions each, every one an edit of the last

    std::atomic<bool> stop{false};
    SyncOptions options;
    options.pullBatch = 16;
    options.cancel = &stop;
    int pages = 0;
    options.onProgress = [&](const SyncProgress& p) {
        if (p.phase == "pull" && p.opsPulled > 0 && ++pages == 5)
            stop = true;  // after the fifth page, with the sixth already asked for
    };
    const auto stopped = b.engine(m_url, options).run();
    ASSERT_FALSE(stopped);
    EXPECT_NE(stopped.error().message.find("cancelled"), std::string::npos) << stopped.error().message;
    const auto cursor = *b.store->meta(kPullCursorKey);
    ASSERT_TRUE(cursor);

    stop = false;
    options.onProgress = nullptr;
    const auto resumed = b.engine(m_url, options).run();
    ASSERT_TRUE(resumed) << resumed.error().message;
    EXPECT_GT(std::stoll(*b.store->meta(kPullCursorKey).value()), std::stoll(*cursor));
    const auto heads = b.store->latestObservations(m_assessmentId);
    ASSERT_EQ(heads->size(), 6U);
    for (const auto& h : *heads) {
        EXPECT_TRUE(h.otherHeadIds.empty());
        EXPECT_EQ(b.store->history(m_assessmentId, h.indicatorCode)->size(), 50U);
    }
    EXPECT_EQ(heads->front().head.id, a.store->latestObservations(m_assessmentId)->front().head.id);
    const auto again = b.engine(m_url, options).run();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->pulled, 0);
    // Pages commit without waiting for the disk (they can be pulled again); the device's own
    // writes on the connection wait for it again once the pull is over.
    auto level = b.store->database().prepare("PRAGMA synchronous");
    ASSERT_TRUE(level && *level->step());
    EXPECT_EQ(level->integer(0), 2);
}

// The next batch is read and encoded while one is on its way: when that one is refused, the
// batch made ahead is never sent, and nothing after the last acknowledged batch counts as sent.
TEST_F(SyncEndToEnd, ABatchMadeAheadOfARefusedOneIsNotSent)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN5." + std::to_string(i), "1")));
    store::Partner partner;  // inspectors may not create partners: the server refuses this op's batch
    partner.name = "Not an inspector's record";
    partner.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
    partner.country = "CN";
    ASSERT_TRUE(tablet.store->addPartner(partner));
    for (int i = 10; i < 30; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN5." + std::to_string(i), "1")));
    SyncOptions options;
    options.pushBatch = 10;
    const auto refused = tablet.engine(m_url, options).run();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::Forbidden) << refused.error().message;
    EXPECT_EQ(m_server->store().latestObservations(m_assessmentId)->size(), 10U);  // the first batch only
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 21);
}

TEST_F(SyncEndToEnd, ALostAcknowledgementAppliesNothingTwice)  // E1, E2
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    for (int i = 0; i < 25; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN1." + std::to_string(i), "1")));
    const auto first = tablet.engine(m_url).run();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->pushed, 25);
    const auto ops = serverCount("SELECT count(*) FROM sync_ops");
    // The acks never arrived: the device still believes nothing was pushed.
    ASSERT_TRUE(tablet.store->setMeta(kPushCursorKey, "0"));
    const auto retry = tablet.engine(m_url).run();
    ASSERT_TRUE(retry);
    EXPECT_EQ(retry->pushed, 0);
    EXPECT_EQ(retry->duplicates, 25);
    EXPECT_EQ(serverCount("SELECT count(*) FROM sync_ops"), ops);
    EXPECT_EQ(serverCount("SELECT count(*) FROM observations"), 25);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 0);
}

TEST_F(SyncEndToEnd, EvidenceReachesTheServerWithItsRecordAndAnInterruptedUploadResumes)  // E4
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    const auto o = tablet.store->recordObservation(observation(m_assessmentId, "EN2.1", "55"));
    std::string photo(3 * 1024 * 1024 + 123, '\0');
    for (std::size_t i = 0; i < photo.size(); ++i)
        photo[i] = static_cast<char>(i * 7 + i / 4096);
    const auto sha = tablet.blobs->put(photo);
    ASSERT_TRUE(sha);
    store::Evidence e;
    e.sha256 = *sha;
    e.mediaType = "image/jpeg";
    e.sizeBytes = static_cast<std::int64_t>(photo.size());
    e.originalName = "wetland.jpg";
    e.observationIds = {o->id};
    ASSERT_TRUE(tablet.store->addEvidence(e));
    // A previous attempt was cut after 1 MiB.
    HttpClient http;
    const auto token = **tablet.store->meta(kTokenKey);
    const auto cut = http.send({"PUT", m_url + "/v1/blobs/" + *sha,
                                {{"Authorization", "Bearer " + token}, {"Upload-Offset", "0"}, {"Upload-Length", std::to_string(photo.size())}},
                                std::string_view(photo).substr(0, 1024 * 1024)});
    ASSERT_TRUE(cut);
    ASSERT_EQ(cut->status, 202);
    SyncOptions options;
    options.blobChunkBytes = 1024 * 1024;
    const auto report = tablet.engine(m_url, options).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->bytesUploaded, static_cast<std::int64_t>(photo.size()) - 1024 * 1024);  // resumed, not restarted
    EXPECT_EQ(report->blobsUploaded, 1);
    EXPECT_EQ(m_server->store().evidence(*sha)->observationIds, std::vector<std::string>{o->id});
    const auto download = http.send({"GET", m_url + "/v1/blobs/" + *sha, {{"Authorization", "Bearer " + token}}, {}});
    ASSERT_TRUE(download);
    EXPECT_EQ(sha256Hex(download->body), *sha);
    // A second sync sends no bytes again.
    const auto again = tablet.engine(m_url).run();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->bytesUploaded, 0);
}

TEST_F(SyncEndToEnd, ManyEvidenceFilesGoUpSideBySideEachOnceAndWholeFromWhatTheServerHolds)  // E4
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    const auto o = tablet.store->recordObservation(observation(m_assessmentId, "EN2.1", "55"));
    std::vector<std::string> shas;
    std::vector<std::string> photos;
    std::int64_t total = 0;
    for (int f = 0; f < 7; ++f) {
        std::string photo(200 * 1024 + static_cast<std::size_t>(f) * 4099, '\0');
        for (std::size_t i = 0; i < photo.size(); i += 61)
            photo[i] = static_cast<char>(f * 31 + static_cast<int>(i));
        const auto sha = tablet.attachPhoto(o->id, photo);
        ASSERT_TRUE(sha);
        shas.push_back(*sha);
        photos.push_back(photo);
        total += static_cast<std::int64_t>(photo.size());
    }
    // The server already holds the first file whole (sent by another device) and the first 64 KiB
    // of the second (an earlier attempt): the first is not sent, the second goes on from there.
    HttpClient http;
    const auto token = **tablet.store->meta(kTokenKey);
    const auto put = [&](std::size_t f, std::size_t bytes) {
        return http.send({"PUT", m_url + "/v1/blobs/" + shas[f],
                          {{"Authorization", "Bearer " + token}, {"Upload-Offset", "0"}, {"Upload-Length", std::to_string(photos[f].size())}},
                          std::string_view(photos[f]).substr(0, bytes)});
    };
    ASSERT_EQ(put(0, photos[0].size())->status, 201);
    ASSERT_EQ(put(1, 64 * 1024)->status, 202);
    total -= static_cast<std::int64_t>(photos[0].size()) + 64 * 1024;
    std::mutex progressMutex;
    std::int64_t lastBytes = 0;
    bool monotonic = true;
    SyncOptions options;
    options.parallelUploads = 3;
    options.blobChunkBytes = 64 * 1024;  // several PUTs per file, interleaved across files
    options.onProgress = [&](const SyncProgress& p) {
        std::lock_guard lock(progressMutex);
        monotonic = monotonic && p.bytesUploaded >= lastBytes;
        lastBytes = p.bytesUploaded;
    };
    const auto report = tablet.engine(m_url, options).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->blobsUploaded, 6);
    EXPECT_EQ(report->bytesUploaded, total);
    EXPECT_EQ(lastBytes, total);
    EXPECT_TRUE(monotonic);
    for (const auto& sha : shas) {
        const auto download = http.send({"GET", m_url + "/v1/blobs/" + sha, {{"Authorization", "Bearer " + token}}, {}});
        ASSERT_TRUE(download);
        EXPECT_EQ(sha256Hex(download->body), sha);
        EXPECT_EQ(m_server->store().evidence(sha)->observationIds, std::vector<std::string>{o->id});
    }
    const auto again = tablet.engine(m_url, options).run();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->bytesUploaded, 0);
}

// Evidence named by a batch is uploaded before that batch, on the engine's own connection, while
// the batches before it are still on their way on the connections kept for pushes (found by review:
// both once shared one connection).
TEST_F(SyncEndToEnd, EvidenceUploadedWhileEarlierBatchesAreOnTheirWayArrivesWithItsOps)  // E4
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    std::vector<std::string> shas;
    for (int i = 0; i < 16; ++i) {
        const auto o = tablet.store->recordObservation(observation(m_assessmentId, "EN7." + std::to_string(i), "1"));
        ASSERT_TRUE(o);
        const auto sha = tablet.attachPhoto(o->id, std::string(20 * 1024 + static_cast<std::size_t>(i) * 97, static_cast<char>('a' + i)));
        ASSERT_TRUE(sha);
        shas.push_back(*sha);
    }
    SyncOptions options;
    options.pushBatch = 2;       // each batch an observation and its evidence, the next sent before its answer
    options.parallelUploads = 1;  // uploads on the engine's own connection
    const auto report = tablet.engine(m_url, options).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->blobsUploaded, 16);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 0);
    for (const auto& sha : shas)
        EXPECT_TRUE(m_server->store().evidence(sha)) << sha;
    EXPECT_EQ(m_server->store().latestObservations(m_assessmentId)->size(), 16U);
}

// An empty file is evidence too (a blank scan): it is sent, not counted as sent because it has
// no bytes; and a blob whose bytes the server holds whole but never verified (it stopped in
// between) is finished by an empty last piece, not skipped.
TEST_F(SyncEndToEnd, AnEmptyFileAndOneTheServerHoldsUnverifiedBothReachTheServer)  // E4
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    const auto o = tablet.store->recordObservation(observation(m_assessmentId, "EN2.2", "1"));
    const std::string photo(100'000, 'u');
    const auto emptySha = *tablet.blobs->put("");
    const auto photoSha = *tablet.blobs->put(photo);
    for (const auto& [sha, size] : {std::pair{emptySha, std::int64_t{0}}, std::pair{photoSha, std::int64_t{100'000}}}) {
        store::Evidence e;
        e.sha256 = sha;
        e.mediaType = "image/jpeg";
        e.sizeBytes = size;
        e.observationIds = {o->id};
        ASSERT_TRUE(tablet.store->addEvidence(e));
    }
    // Every byte of the photo, as a partial upload the server never adopted.
    const auto partials = m_dir.path("server") + "/blobs/partial";
    std::filesystem::create_directories(partials);
    std::ofstream(partials + "/" + photoSha, std::ios::binary) << photo;
    const auto report = tablet.engine(m_url).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->blobsUploaded, 2);
    EXPECT_EQ(report->bytesUploaded, 0);
    HttpClient http;
    const auto token = **tablet.store->meta(kTokenKey);
    for (const auto& [sha, bytes] : {std::pair{emptySha, std::string()}, std::pair{photoSha, photo}}) {
        const auto download = http.send({"GET", m_url + "/v1/blobs/" + sha, {{"Authorization", "Bearer " + token}}, {}});
        ASSERT_TRUE(download);
        EXPECT_EQ(download->status, 200);
        EXPECT_EQ(download->body, bytes);
        EXPECT_TRUE(m_server->store().evidence(sha));
    }
}

// The status list is JSON: it gets the JSON body limit (8 MiB), not the evidence bytes' one. The
// server answers as soon as it has read the headers, so only they are sent here (a client still
// sending the body may see the connection reset before it reads the answer).
TEST_F(SyncEndToEnd, ABlobStatusListOverTheJsonLimitIsRefused)
{
    const auto statusLine = [&](const std::string& target, std::size_t length) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const timeval wait{5, 0};  // a server waiting for the body would answer nothing
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(std::stoi(m_url.substr(m_url.rfind(':') + 1))));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        const std::string head = "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                                 + std::to_string(length) + "\r\n\r\n";
        EXPECT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
        std::string answer(512, '\0');
        const auto got = ::recv(fd, answer.data(), answer.size(), 0);
        ::close(fd);
        answer.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        return answer.substr(0, answer.find("\r\n"));
    };
    EXPECT_EQ(statusLine("/v1/blobs/status", 9 * 1024 * 1024), "HTTP/1.1 413 Payload Too Large");
    EXPECT_EQ(statusLine("/v1/sync/push", 9 * 1024 * 1024), "HTTP/1.1 413 Payload Too Large");
}

TEST_F(SyncEndToEnd, AnOfflineServerLosesNothingAndTheNextSyncConverges)  // E1, E5
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN3." + std::to_string(i), "2")));
    m_server->stop();
    const auto offline = tablet.engine(m_url).run();
    ASSERT_FALSE(offline);
    EXPECT_EQ(offline.error().code, ErrorCode::Unavailable);
    EXPECT_NE(offline.error().message.find("cannot reach the server"), std::string::npos);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 10);  // nothing lost, nothing marked sent
    EXPECT_EQ(tablet.store->latestObservations(m_assessmentId)->size(), 10U);
}

TEST_F(SyncEndToEnd, ARevokedDeviceIsToldToEnrollAgain)
{
    auto tablet = device("tablet");
    const auto me = m_server->store().authenticate(**tablet.store->meta(kTokenKey));
    ASSERT_TRUE(m_server->store().revokeDevice(me->id));
    const auto report = tablet.engine(m_url).run();
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::Unauthorized);
    EXPECT_NE(report.error().message.find("revoked"), std::string::npos);
}

TEST_F(SyncEndToEnd, ADeviceWithAClockADayAheadStillOrdersByParentage)  // M2
{
    auto ahead = device("ahead");
    auto behind = device("behind");
    ASSERT_TRUE(ahead.engine(m_url).run());
    ASSERT_TRUE(behind.engine(m_url).run());
    // Swap in skewed clocks: +1 day and -1 day.
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    ahead.store->clock().observe(HlcTimestamp{static_cast<std::uint64_t>(now + 86'400'000), 0});
    const auto v1 = ahead.store->recordObservation(observation(m_assessmentId, "EC1.1", "4.0"));
    ASSERT_TRUE(ahead.engine(m_url).run());
    ASSERT_TRUE(behind.engine(m_url).run());
    // The device behind edits the version it received: the edit is the head although its wall
    // clock is two days earlier, because the version names its parent.
    const auto v2 = behind.store->recordObservation(observation(m_assessmentId, "EC1.1", "3.5", v1->id));
    ASSERT_TRUE(v2);
    EXPECT_GT(v2->hlc, v1->hlc);  // the HLC moved past the received timestamp
    ASSERT_TRUE(behind.engine(m_url).run());
    ASSERT_TRUE(ahead.engine(m_url).run());
    for (auto* d : {&ahead, &behind}) {
        const auto heads = d->store->latestObservations(m_assessmentId);
        ASSERT_EQ(heads->size(), 1U);
        EXPECT_EQ(heads->front().head.id, v2->id);
        EXPECT_TRUE(heads->front().otherHeadIds.empty());
    }
}

TEST_F(SyncEndToEnd, AnonymousResponsesWaitUntilTheirHourHasEnded)
{
    test::TestDevice kiosk;
    kiosk.store = std::move(store::Store::open(m_dir.path("kiosk.sqlite")).value());
    kiosk.blobs = std::make_unique<evidence::BlobStore>(evidence::BlobStore::open(m_dir.path("kiosk.blobs")).value());
    std::int64_t now = 1'795'443'651'123;  // 2026-11-23T14:20:51Z
    SyncOptions options;
    options.clock = [&now] { return now; };
    ASSERT_TRUE(kiosk.engine(m_url, options).enroll(m_demo.kioskCode, "kiosk"));
    ASSERT_TRUE(kiosk.engine(m_url, options).run());  // survey definitions and the site
    const boost::json::object answers{{"years_lived", 3},   {"park_visits", "weekly"}, {"green_space", 4},    {"safe_at_night", 4},
                                      {"public_services", 4}, {"main_transport", "bus"}, {"transport_ease", 4}, {"happiness", 8}};
    store::SurveyResponse response{"", "resident-wellbeing", 1, m_demo.siteId, "en", boost::json::serialize(answers), "2026-11-23T14:00:00Z"};
    ASSERT_TRUE(kiosk.store->addSurveyResponse(response));
    const auto during = kiosk.engine(m_url, options).run();
    ASSERT_TRUE(during) << during.error().message;
    EXPECT_EQ(during->pushed, 0);  // 14:20: the 14:00 hour is still running
    EXPECT_EQ(serverCount("SELECT count(*) FROM survey_responses"), 0);
    now += 40LL * 60 * 1000;  // 15:00:51
    const auto after = kiosk.engine(m_url, options).run();
    ASSERT_TRUE(after) << after.error().message;
    EXPECT_EQ(after->pushed, 1);
    EXPECT_EQ(serverCount("SELECT count(*) FROM survey_responses"), 1);
}

}  // namespace
}  // namespace igmc::sync
