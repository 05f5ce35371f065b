// The sync engine against a server that misbehaves in ways a real deployment can: an older server
// that does not know a request, a page that cannot be fetched, cursor headers that disagree with
// their body. A proxy between device and server answers or rewrites those requests.
// SPDX-License-Identifier: Apache-2.0
#include "client/sync_engine.hpp"

#include "client/pulled_aside.hpp"

#include "core/ids.hpp"
#include "sync/fault_proxy.hpp"
#include "support/silent_listener.hpp"
#include "sync/sync_fixture.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

namespace igmc::sync {
namespace {

using igmc::test::SilentListener;
using test::FaultProxy;
using test::SyncEndToEnd;

class SyncFaults : public SyncEndToEnd {
protected:
    unsigned short serverPort() const { return static_cast<unsigned short>(std::stoi(m_url.substr(m_url.rfind(':') + 1))); }

    // The cursor after `pages` pages of `limit` ops, as the server pages them for this device.
    std::int64_t cursorAfterPages(test::TestDevice& d, int pages, int limit)
    {
        HttpClient http;
        const auto token = **d.store->meta(kTokenKey);
        std::int64_t after = 0;
        for (int p = 0; p < pages; ++p) {
            const auto page = http.send({"GET", m_url + "/v1/sync/pull?after=" + std::to_string(after) + "&limit=" + std::to_string(limit),
                                         {{"Authorization", "Bearer " + token}}, {}});
            after = boost::json::parse(page->body).at("next").as_int64();
        }
        return after;
    }

    void expectChainsWhole(test::TestDevice& b, test::TestDevice& a)
    {
        const auto heads = b.store->latestObservations(m_assessmentId);
        ASSERT_EQ(heads->size(), 6U);
        for (const auto& h : *heads) {
            EXPECT_TRUE(h.otherHeadIds.empty());
            EXPECT_EQ(b.store->history(m_assessmentId, h.indicatorCode)->size(), 50U);
        }
        EXPECT_EQ(heads->front().head.id, a.store->latestObservations(m_assessmentId)->front().head.id);
    }
};

// A page that cannot be fetched stops the pull, but only after every page before it is applied
// (the one already in hand included); the next sync goes on from there.
TEST_F(SyncFaults, APageThatCannotBeFetchedStopsThePullAfterThePagesBeforeIt)
{
    auto a = device("tablet-a");
    auto b = device("tablet-b");
    ASSERT_TRUE(a.engine(m_url).run());
    recordChains(a);
    const auto failAt = cursorAfterPages(b, 4, 16);
    const std::string failing = "GET /v1/sync/pull?after=" + std::to_string(failAt) + "&";
    std::atomic<bool> fail{true};
    FaultProxy proxy(serverPort(), [&](const std::string& head) -> std::optional<std::string> {
        if (fail && head.rfind(failing, 0) == 0)
            return FaultProxy::response(404, "Not Found", R"({"error": {"code": "not_found", "message": "this page is gone"}})");
        return std::nullopt;
    });
    SyncOptions options;
    options.pullBatch = 16;
    const auto stopped = b.engine(proxy.url(), options).run();
    ASSERT_FALSE(stopped);
    EXPECT_NE(stopped.error().message.find("this page is gone"), std::string::npos) << stopped.error().message;
    EXPECT_EQ(*b.store->meta(kPullCursorKey).value(), std::to_string(failAt));  // pages 1 to 4, each whole

    fail = false;
    const auto resumed = b.engine(proxy.url(), options).run();
    ASSERT_TRUE(resumed) << resumed.error().message;
    expectChainsWhole(b, a);
}

// Pages are asked for ahead from the Sync-Next header; when it disagrees with the body (three ops
// short: pages that overlap; three ops long: pages that skip), the page asked for is dropped and the
// one the body names is fetched: every version lands once, in order.
TEST_F(SyncFaults, APageAskedForByAHeaderThatDisagreesWithItsBodyIsDropped)
{
    auto a = device("tablet-a");
    ASSERT_TRUE(a.engine(m_url).run());
    recordChains(a);
    auto reference = device("reference");
    const auto all = reference.engine(m_url).run();  // every op this role sees, pulled straight
    ASSERT_TRUE(all) << all.error().message;
    for (const int offset : {-3, 3}) {
        SCOPED_TRACE(offset);
        auto b = device("tablet-b" + std::to_string(offset));
        std::mutex mutex;
        std::set<std::string> asked;
        FaultProxy proxy(
            serverPort(),
            [&](const std::string& head) -> std::optional<std::string> {
                std::lock_guard lock(mutex);
                asked.insert(head.substr(0, head.find(' ', 4)));
                return std::nullopt;
            },
            [offset](const std::string&, std::string& head, std::string&) {
                const auto at = head.find("\r\nSync-Next: ");
                if (at == std::string::npos)
                    return;
                const auto start = at + 13;
                const auto end = head.find("\r\n", start);
                head.replace(start, end - start, std::to_string(std::stoll(head.substr(start, end - start)) + offset));
            });
        SyncOptions options;
        options.pullBatch = 16;
        const auto report = b.engine(proxy.url(), options).run();
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(report->pulled, all->pulled);  // none twice, none skipped
        expectChainsWhole(b, a);
        // The pages the bodies name were asked for (a page asked for from a header is given up as
        // soon as its body disagrees, often before it is sent), and the cursor is where they say.
        std::lock_guard lock(mutex);
        EXPECT_TRUE(asked.contains("GET /v1/sync/pull?after=" + std::to_string(cursorAfterPages(b, 1, 16)) + "&limit=16"));
        EXPECT_EQ(std::stoll(*b.store->meta(kPullCursorKey).value()), cursorAfterPages(b, 1, 5'000));
    }
}

// A pulled op that cannot be applied (it decodes, but names a parent no store holds) is set aside
// with its reason, and the pull goes on: the rest of its page and the pages after it are applied,
// and so is every version that does not descend from it (sync/client/pulled_aside.hpp).
TEST_F(SyncFaults, APulledOpThatCannotBeAppliedIsSetAsideAndThePullGoesOn)
{
    auto a = device("tablet-a");
    auto b = device("tablet-b");
    ASSERT_TRUE(a.engine(m_url).run());
    recordChains(a);
    std::mutex mutex;
    std::string broken;  // the version made unappliable
    FaultProxy proxy(
        serverPort(), [](const std::string&) { return std::nullopt; },
        [&](const std::string& requestHead, std::string& responseHead, std::string& body) {
            std::lock_guard lock(mutex);
            if (!broken.empty() || requestHead.rfind("GET /v1/sync/pull", 0) != 0 || responseHead.rfind("HTTP/1.1 200", 0) != 0)
                return;
            auto json = boost::json::parse(body);
            for (auto& op : json.at("ops").as_array()) {
                if (op.at("entity") == "observation") {
                    op.at("payload").as_object()["parent_id"] = newUuidV7();
                    broken = std::string(op.at("entity_id").as_string());
                    body = boost::json::serialize(json);
                    return;
                }
            }
        });
    SyncOptions options;
    options.pullBatch = 16;
    const auto report = b.engine(proxy.url(), options).run();
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_FALSE(broken.empty());
    EXPECT_FALSE(b.store->observation(broken));
    const auto aside = asideOps(*b.store);
    ASSERT_TRUE(aside && !aside->empty());
    EXPECT_NE(aside->front().reason.find("does not exist"), std::string::npos) << aside->front().reason;
    EXPECT_EQ(report->stillAside, static_cast<std::int64_t>(aside->size()));
    // The versions of the other chains, and the demo records, came through the same pull.
    EXPECT_EQ(b.store->latestObservations(m_assessmentId)->size() + 1, a.store->latestObservations(m_assessmentId)->size());  // all but the broken chain
    const auto again = b.engine(m_url, options).run();
    ASSERT_TRUE(again) << again.error().message;
}

// Acks are checked op by op, not by position: acks in another order move the push cursor, a
// missing one moves nothing (the batch is sent again and acknowledged as duplicates). A batch
// accepted whole (an early ack) must name this batch: one naming another moves nothing either.
TEST_F(SyncFaults, AcksInAnotherOrderAreAcceptedAndAMissingOneMovesNothing)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    std::atomic<bool> dropOne{false};
    FaultProxy proxy(
        serverPort(), [](const std::string&) { return std::nullopt; },
        [&](const std::string& requestHead, std::string& responseHead, std::string& body) {
            if (requestHead.rfind("POST /v1/sync/push", 0) != 0 || responseHead.rfind("HTTP/1.1 200", 0) != 0)
                return;  // an error's body has no acks (and an exception here would end the test binary)
            auto json = boost::json::parse(body);
            if (auto* accepted = json.as_object().if_contains("accepted")) {
                accepted->as_object()["last_op_id"] = newUuidV7();
            } else {
                auto& acks = json.at("acks").as_array();
                std::reverse(acks.begin(), acks.end());
                if (dropOne)
                    acks.pop_back();
            }
            body = boost::json::serialize(json);
        });
    SyncOptions perOp;
    perOp.earlyAck = false;
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6." + std::to_string(i), "1")));
    const auto reversed = tablet.engine(proxy.url(), perOp).run();
    ASSERT_TRUE(reversed) << reversed.error().message;
    EXPECT_EQ(reversed->pushed, 10);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 0);

    dropOne = true;
    for (int i = 10; i < 20; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6." + std::to_string(i), "1")));
    const auto short_ = tablet.engine(proxy.url(), perOp).run();
    ASSERT_FALSE(short_);
    EXPECT_NE(short_.error().message.find("did not acknowledge"), std::string::npos) << short_.error().message;
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 10);
    const auto again = tablet.engine(m_url).run();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->duplicates, 10);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 0);

    for (int i = 20; i < 30; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6." + std::to_string(i), "1")));
    const auto other = tablet.engine(proxy.url()).run();  // early acks, naming another batch
    ASSERT_FALSE(other);
    EXPECT_NE(other.error().message.find("did not acknowledge"), std::string::npos) << other.error().message;
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 10);
    const auto resent = tablet.engine(m_url).run();
    ASSERT_TRUE(resent) << resent.error().message;
    EXPECT_EQ(resent->duplicates, 10);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 0);
}

// Acks are taken batch by batch in order, while the next batch is already on its way: when the
// third batch comes back with an ack missing, the first two stay acknowledged (not sent again) and
// the third and everything after it stay pending. The fourth, sent while the third was being
// applied, may have been applied too: sent again, it is acknowledged as a duplicate.
TEST_F(SyncFaults, ABatchWithAnAckMissingLeavesTheBatchesAcknowledgedBeforeItAcknowledged)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6." + std::to_string(i), "1")));
    // The third batch is told by its ops (the 7th to 9th pending), not by when its answer passes:
    // answers to batches on their way together may pass in either order.
    const auto cursor = tablet.store->meta(kPushCursorKey);
    ASSERT_TRUE(cursor);
    const auto pending = tablet.store->journalForPush(*cursor ? std::stoll(**cursor) : 0, 10);
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 10U);
    const std::string thirdBatchOp = (*pending)[6].opId;
    std::atomic<int> pushes{0};
    FaultProxy proxy(
        serverPort(), [](const std::string&) { return std::nullopt; },
        [&](const std::string& requestHead, std::string& responseHead, std::string& body) {
            if (requestHead.rfind("POST /v1/sync/push", 0) != 0 || responseHead.rfind("HTTP/1.1 200", 0) != 0)
                return;
            ++pushes;
            if (body.find(thirdBatchOp) == std::string::npos)
                return;
            auto json = boost::json::parse(body);
            json.at("acks").as_array().pop_back();
            body = boost::json::serialize(json);
        });
    SyncOptions batchesOfThree;
    batchesOfThree.pushBatch = 3;
    batchesOfThree.earlyAck = false;  // acks op by op, so one can go missing
    const auto cut = tablet.engine(proxy.url(), batchesOfThree).run();
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.error().message.find("did not acknowledge"), std::string::npos) << cut.error().message;
    EXPECT_GE(pushes, 3);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 4);  // 2 batches of 3 acknowledged
    const auto again = tablet.engine(m_url, batchesOfThree).run();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_GE(again->duplicates, 3);  // the third batch, applied the first time (and maybe the fourth)
    EXPECT_EQ(again->duplicates + again->pushed, 4);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 0);
}

// A progress callback that throws (the app's, say) ends the sync, but what the server
// acknowledged before it is not sent again.
TEST_F(SyncFaults, AnExceptionFromAProgressCallbackKeepsWhatWasAcknowledged)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6." + std::to_string(i), "1")));
    SyncOptions throwing;
    throwing.pushBatch = 3;
    throwing.onProgress = [](const SyncProgress& progress) {
        if (progress.opsPushed > 0)
            throw std::runtime_error("the screen went away");
    };
    auto engine = tablet.engine(m_url, throwing);
    EXPECT_THROW((void)engine.run(), std::runtime_error);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 7);  // the first batch of 3 was acknowledged
    const auto again = tablet.engine(m_url).run();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->pushed, 7);
    EXPECT_EQ(again->duplicates, 0);
}

// With batches of 4,096 the first push carries 512 ops, and with pages of 2,048 the pages asked for
// are 512, 1,024, then 2,048 each: nothing waits for a whole batch to be read, encoded or sent
// before work starts. The pages asked for ahead (from the headers of the page that has just
// arrived) still land in order, each once: every chain of edits arrives whole.
TEST_F(SyncFaults, LargeBatchesAreSentSmallFirstThenDoubled)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    std::mutex mutex;
    std::vector<std::string> asked;
    FaultProxy proxy(serverPort(), [&](const std::string& head) -> std::optional<std::string> {
        std::lock_guard lock(mutex);
        asked.push_back(head.substr(0, head.find(" HTTP/1.1")));
        return std::nullopt;
    });
    const auto takeAsked = [&] {
        std::lock_guard lock(mutex);
        return std::exchange(asked, {});
    };
    constexpr int kVersions = 4'200;  // 6 chains of 700 edits
    std::vector<store::Observation> versions;
    for (int i = 0; i < kVersions; ++i) {
        versions.push_back(observation(m_assessmentId, "EN4." + std::to_string(i % 6), "1"));
        versions.back().id = newUuidV7();
        if (i >= 6)
            versions.back().parentId = versions[static_cast<std::size_t>(i - 6)].id;
    }
    ASSERT_TRUE(tablet.store->recordObservations(versions));
    SyncOptions large;
    large.pushBatch = 4'096;
    large.pull = false;
    const auto pushed = tablet.engine(proxy.url(), large).run();
    ASSERT_TRUE(pushed) << pushed.error().message;
    EXPECT_EQ(pushed->pushed, kVersions);
    const auto pushes = takeAsked();
    EXPECT_EQ(std::count(pushes.begin(), pushes.end(), "POST /v1/sync/push"), 4);  // 512, 1,024, 2,048, 616

    auto fresh = device("fresh");
    large.pull = true;
    large.pullBatch = 2'048;
    (void)takeAsked();  // the enrollment
    const auto pulled = fresh.engine(proxy.url(), large).run();
    ASSERT_TRUE(pulled) << pulled.error().message;
    auto reference = device("reference");
    EXPECT_EQ(pulled->pulled, reference.engine(m_url).run()->pulled);  // none twice, none skipped
    std::vector<std::string> limits;
    for (const auto& a : takeAsked()) {
        if (a.rfind("GET /v1/sync/pull", 0) == 0)
            limits.push_back(a.substr(a.find("&limit=") + 7));
    }
    ASSERT_GE(limits.size(), 4U);
    EXPECT_EQ(std::vector<std::string>(limits.begin(), limits.begin() + 3), (std::vector<std::string>{"512", "1024", "2048"}));
    for (std::size_t i = 3; i < limits.size(); ++i)
        EXPECT_EQ(limits[i], "2048");
    const auto heads = fresh.store->latestObservations(m_assessmentId);
    ASSERT_EQ(heads->size(), 6U);
    for (const auto& h : *heads) {
        EXPECT_TRUE(h.otherHeadIds.empty());
        EXPECT_EQ(fresh.store->history(m_assessmentId, h.indicatorCode)->size(), 700U);
    }
}

// Cancelling a sync (the user's Cancel, or the app closing, which waits for its sync to end) takes
// effect at once, also while the engine waits out a server's Retry-After of 30 s.
TEST_F(SyncFaults, CancellingEndsASyncThatWaitsOutARetryAfter)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6.1", "1")));
    std::atomic<int> asked{0};
    FaultProxy busy(serverPort(), [&](const std::string&) -> std::optional<std::string> {
        ++asked;
        const std::string body = R"({"error":{"code":"unavailable","message":"busy"}})";
        return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Type: application/json\r\nContent-Length: "
               + std::to_string(body.size()) + "\r\n\r\n" + body;
    });
    std::atomic<bool> cancel{false};
    SyncOptions options;
    options.serverUrl = busy.url();
    options.maxBackoff = std::chrono::milliseconds(30'000);  // the Retry-After is waited out in full
    options.cancel = &cancel;
    SyncEngine engine(*tablet.store, *tablet.blobs, options);
    std::thread user([&] {
        for (int i = 0; i < 500 && asked == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into the wait, past the answer
        cancel = true;
    });
    const auto started = std::chrono::steady_clock::now();
    const auto result = engine.run();
    const auto took = std::chrono::steady_clock::now() - started;
    user.join();
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("cancelled"), std::string::npos) << result.error().message;
    EXPECT_EQ(result.error().code, ErrorCode::Cancelled);
    EXPECT_LT(took, std::chrono::seconds(10));  // the Retry-After alone is 30 s
    EXPECT_EQ(asked, 1);
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 1);
}

// A server that takes the request and never answers: cancelling ends the request itself, without
// waiting for its timeout (here 60 s).
TEST_F(SyncFaults, CancellingEndsARequestTheServerNeverAnswers)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    ASSERT_TRUE(tablet.store->recordObservation(observation(m_assessmentId, "EN6.1", "1")));
    const SilentListener silent;
    std::atomic<bool> cancel{false};
    SyncOptions options;
    options.serverUrl = silent.url();
    options.requestTimeout = std::chrono::milliseconds(60'000);
    options.cancel = &cancel;
    SyncEngine engine(*tablet.store, *tablet.blobs, options);
    std::atomic<bool> connected{false};
    std::thread user([&] {
        connected = silent.awaitConnection();  // the request is on its way: cancel it there
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    const auto started = std::chrono::steady_clock::now();
    const auto result = engine.run();
    const auto took = std::chrono::steady_clock::now() - started;
    user.join();
    EXPECT_TRUE(connected);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Cancelled) << result.error().message;
    EXPECT_LT(took, std::chrono::seconds(10));
    EXPECT_EQ(*tablet.engine(m_url).pendingOps(), 1);
}

// Evidence goes up several files at a time: when one is refused, the others are given up at once
// instead of finished with their retries, and the error reported is the refused file's.
TEST_F(SyncFaults, AFileRefusedStopsTheOtherUploadsAtOnce)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    const auto o = tablet.store->recordObservation(observation(m_assessmentId, "EN2.1", "55"));
    std::vector<std::string> shas;
    for (int f = 0; f < 2; ++f) {
        const auto sha = tablet.attachPhoto(o->id, std::string(50'000 + static_cast<std::size_t>(f), static_cast<char>('p' + f)));
        ASSERT_TRUE(sha);
        shas.push_back(*sha);
    }
    std::atomic<bool> release{false};
    FaultProxy proxy(serverPort(), [&](const std::string& head) -> std::optional<std::string> {
        if (head.rfind("PUT /v1/blobs/" + shas[0], 0) == 0)
            return FaultProxy::response(422, "Unprocessable Entity", R"({"error": {"code": "validation_error", "message": "this file is refused"}})");
        if (head.rfind("PUT /v1/blobs/" + shas[1], 0) == 0) {
            for (int i = 0; i < 3'000 && !release; ++i)  // a slow link: up to 30 s
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return std::nullopt;
    });
    SyncOptions two;
    two.parallelUploads = 2;
    const auto started = std::chrono::steady_clock::now();
    const auto result = tablet.engine(proxy.url(), two).run();
    const auto took = std::chrono::steady_clock::now() - started;
    release = true;
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("this file is refused"), std::string::npos) << result.error().message;
    EXPECT_LT(took, std::chrono::seconds(4));  // the other file's request alone runs 5 s, and is retried
    EXPECT_GT(*tablet.engine(m_url).pendingOps(), 0);
}

// A server (or a captive portal) that announces a body of a terabyte and sends a few bytes: the
// client holds no more than it was sent, and says what went wrong instead of failing inside libcurl.
TEST(HttpClientLimits, ABodyAnnouncedFarLongerThanItIsEndsInAReadableError)
{
    const SilentListener portalSocket;
    const int listener = portalSocket.fd();
    std::thread portal([listener] {
        const int client = ::accept(listener, nullptr, nullptr);
        std::string request;
        char chunk[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            const auto n = ::recv(client, chunk, sizeof chunk, 0);
            if (n <= 0)
                break;
            request.append(chunk, static_cast<std::size_t>(n));
        }
        const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{\"ops\":";
        ::send(client, response.data(), response.size(), MSG_NOSIGNAL);
        ::close(client);
    });
    HttpClient http;
    http.setTimeouts(std::chrono::milliseconds(2'000), std::chrono::milliseconds(5'000));
    const auto answer = http.send({"GET", portalSocket.url() + "/v1/sync/pull", {}, {}});
    portal.join();
    ASSERT_FALSE(answer);
    EXPECT_NE(answer.error().message.find("cannot reach the server"), std::string::npos) << answer.error().message;
}

// A server from before /v1/blobs/status answers it 400 ("blobs take HEAD, GET and PUT"): each
// file is then asked about with HEAD, and a file the server holds is still not sent again.
TEST_F(SyncFaults, AnOlderServerWithoutBlobStatusIsAskedWithHeadAndNothingIsSentTwice)
{
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    const auto o = tablet.store->recordObservation(observation(m_assessmentId, "EN2.1", "55"));
    std::vector<std::string> photos;
    for (int f = 0; f < 3; ++f) {
        photos.emplace_back(50'000 + static_cast<std::size_t>(f), static_cast<char>('a' + f));
        ASSERT_TRUE(tablet.attachPhoto(o->id, photos.back()));
    }
    HttpClient http;
    const auto token = **tablet.store->meta(kTokenKey);
    ASSERT_EQ(http.send({"PUT", m_url + "/v1/blobs/" + sha256Hex(photos[0]),
                         {{"Authorization", "Bearer " + token}, {"Upload-Offset", "0"}, {"Upload-Length", "50000"}}, photos[0]})
                  ->status,
              201);
    std::atomic<int> heads{0};
    std::atomic<int> statusAsked{0};
    FaultProxy proxy(serverPort(), [&](const std::string& head) -> std::optional<std::string> {
        if (head.rfind("POST /v1/blobs/status ", 0) == 0) {
            ++statusAsked;
            return FaultProxy::response(400, "Bad Request", R"({"error": {"code": "invalid_argument", "message": "blobs take HEAD, GET and PUT"}})");
        }
        heads += head.rfind("HEAD /v1/blobs/", 0) == 0 ? 1 : 0;
        return std::nullopt;
    });
    const auto report = tablet.engine(proxy.url()).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(statusAsked, 1);
    EXPECT_EQ(heads, 3);
    EXPECT_EQ(report->blobsUploaded, 2);
    EXPECT_EQ(report->bytesUploaded, 50'001 + 50'002);
    for (const auto& photo : photos)
        EXPECT_EQ(http.send({"GET", m_url + "/v1/blobs/" + sha256Hex(photo), {{"Authorization", "Bearer " + token}}, {}})->body, photo);
}

}  // namespace
}  // namespace igmc::sync
