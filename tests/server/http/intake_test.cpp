// Early acks: a push the server can show will apply is acknowledged once durable in its intake
// log and applied behind; every read of the record still sees it, and nothing acknowledged is lost
// when the server stops before applying it.
// SPDX-License-Identifier: Apache-2.0

#include "core/ids.hpp"
#include "server/server_fixture.hpp"
#include "storage/intake_log.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace igmc::server {
namespace {

using test::ApiFixture;
namespace http = boost::beast::http;

class Intake : public ApiFixture {
protected:
    CentralStoreOptions storeOptions() const override { return m_options; }

    // Stops the store (as a server stops) and opens it again with `options`.
    void reopen(CentralStoreOptions options)
    {
        m_api.reset();
        m_store.reset();
        m_options = options;
        auto opened = SqliteCentralStore::open(m_dir.path("central.sqlite"), m_options);
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(opened).value();
        m_api = std::make_unique<ApiContext>(ApiContext{*m_store, *m_blobs, m_metrics, {}, nullptr});
    }

    static store::Observation version(const std::string& assessmentId, int indicator, std::optional<std::string> parentId = std::nullopt)
    {
        store::Observation o;
        o.id = newUuidV7();
        o.parentId = std::move(parentId);
        o.assessmentId = assessmentId;
        o.indicatorCode = "EN1." + std::to_string(indicator);
        o.value = scoring::Value{*Decimal::parse("31.5")};
        o.observedAt = "2026-11-20T09:30:00Z";
        o.inspector = "li.wei";
        o.deviceId = "device-a";
        o.hlc = "1795000000000.00000" + std::to_string(o.parentId ? 2 : 1);
        o.recordedAt = "2026-11-20T09:30:01.000Z";
        return o;
    }

    static sync::PushRequest pushOf(const std::vector<store::Observation>& versions)
    {
        sync::PushRequest request;
        for (const auto& o : versions)
            request.ops.push_back({newUuidV7(), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}});
        return request;
    }

    // `count` first versions of the inspector's assessment, one per indicator.
    std::vector<store::Observation> firstVersions(int count)
    {
        std::vector<store::Observation> versions;
        for (int i = 0; i < count; ++i)
            versions.push_back(version(m_assessment.id, i));
        return versions;
    }

    Response pushEarly(const std::string& body, const std::string& token = {})
    {
        return call(http::verb::post, "/v1/sync/push", token.empty() ? m_inspector : token, body, {{"Sync-Early-Ack", "1"}});
    }

    // One per op: "accepted" for each op of a batch accepted whole (checked to name this batch).
    static std::vector<std::string> statuses(const Response& response, const sync::PushRequest& sent)
    {
        std::vector<std::string> out;
        const auto body = json(response);
        if (const auto* accepted = body.as_object().if_contains("accepted")) {
            EXPECT_FALSE(body.as_object().contains("acks"));
            EXPECT_EQ(accepted->at("ops").as_int64(), static_cast<std::int64_t>(sent.ops.size()));
            EXPECT_EQ(accepted->at("first_op_id").as_string(), sent.ops.front().opId);
            EXPECT_EQ(accepted->at("last_op_id").as_string(), sent.ops.back().opId);
            return std::vector<std::string>(sent.ops.size(), "accepted");
        }
        for (const auto& ack : body.at("acks").as_array())
            out.emplace_back(ack.at("status").as_string());
        return out;
    }

    std::vector<std::string> pushEarlyStatuses(const sync::PushRequest& request)
    {
        const auto response = pushEarly(sync::encode(request));
        EXPECT_EQ(response.result(), http::status::ok) << response.body();
        return statuses(response, request);
    }

    std::int64_t count(const std::string& sql)
    {
        auto stmt = m_store->store().database().prepare(sql);
        EXPECT_TRUE(stmt && *stmt->step());
        return stmt->integer(0);
    }

    CentralStoreOptions m_options;
};

TEST_F(Intake, APushSureToApplyIsAcceptedAtOnceAndEveryReadAfterItSeesIt)
{
    const auto push = pushOf(firstVersions(20));
    EXPECT_EQ(pushEarlyStatuses(push), std::vector<std::string>(20, "accepted"));
    // Reads wait for what was acknowledged before them.
    EXPECT_EQ(m_store->latestObservations(m_assessment.id)->size(), 20U);
    Device reviewer;
    reviewer.id = "reviewer";
    reviewer.role = Role::Reviewer;
    auto page = m_store->pull(reviewer, 0, 1000);
    ASSERT_TRUE(page);
    EXPECT_EQ(std::count_if(page->ops.begin(), page->ops.end(), [](const sync::Op& op) { return op.entity == "observation"; }), 20);
    const auto counters = m_store->counters();
    EXPECT_EQ(counters.pushesTakenIn, 1);
    EXPECT_EQ(counters.opsApplied, 20);
    EXPECT_NE(call(http::verb::get, "/metrics", m_admin).body().find("igmc_sync_pushes_total{ack=\"early\"} 1\n"), std::string::npos);
}

TEST_F(Intake, WithoutSyncEarlyAckAPushIsAppliedBeforeItIsAcknowledged)
{
    const auto push = pushOf(firstVersions(3));
    const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, sync::encode(push));
    ASSERT_EQ(response.result(), http::status::ok) << response.body();
    EXPECT_EQ(statuses(response, push), std::vector<std::string>(3, "applied"));
    EXPECT_EQ(m_store->counters().pushesTakenIn, 0);
}

TEST_F(Intake, APushThatMightBeRefusedIsCheckedByApplyingItFirst)
{
    // An edit of a version the server has never seen: refused, as without early acks.
    auto orphan = version(m_assessment.id, 1, newUuidV7());
    const auto refused = pushEarly(sync::encode(pushOf({orphan})));
    EXPECT_EQ(refused.result(), http::status::unprocessable_entity) << refused.body();
    // An assessment not assigned to the inspector.
    const auto forbidden = pushEarly(sync::encode(pushOf({version(m_otherAssessment.id, 1)})));
    EXPECT_EQ(forbidden.result(), http::status::forbidden) << forbidden.body();
    // An edit keeping neither its parent's indicator: refused too.
    const auto base = version(m_assessment.id, 1);
    ASSERT_EQ(pushEarly(sync::encode(pushOf({base}))).result(), http::status::ok);
    auto moved = version(m_assessment.id, 2, base.id);
    const auto wrongIndicator = pushEarly(sync::encode(pushOf({moved})));
    EXPECT_EQ(wrongIndicator.result(), http::status::unprocessable_entity) << wrongIndicator.body();
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 1);
    EXPECT_EQ(m_store->counters().pushesTakenIn, 1);
    EXPECT_EQ(count("SELECT count(*) FROM intake_refused"), 0);
}

TEST_F(Intake, AScopeNamingAnAssessmentNotCreatedIsNotAcceptedEarly)
{
    Scope scope;
    scope.assessments.insert("not-created-yet");
    const auto token = enroll(Role::Inspector, scope);
    const auto response = pushEarly(sync::encode(pushOf({version("not-created-yet", 1)})), token);
    EXPECT_NE(response.result(), http::status::ok) << response.body();
    EXPECT_EQ(m_store->counters().pushesTakenIn, 0);
    EXPECT_EQ(count("SELECT count(*) FROM intake_refused"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 0);
}

// Write rules (sync/protocol/write_rules.hpp) hold for early acks too.
TEST_F(Intake, ANewDevicesFirstEarlyBatchBindsItsAuthorWhenApplied)
{
    EXPECT_EQ(pushEarlyStatuses(pushOf(firstVersions(3))), std::vector<std::string>(3, "accepted"));
    EXPECT_EQ(m_store->latestObservations(m_assessment.id)->size(), 3U);  // waits until applied
    const auto inspector = m_store->authenticate(m_inspector)->id;
    EXPECT_EQ(count("SELECT count(*) FROM devices WHERE author_id = 'device-a' AND id = '" + inspector + "'"), 1);
}

TEST_F(Intake, AVersionAuthoredByAnotherDeviceIsNeverAcceptedEarly)
{
    ASSERT_EQ(pushEarlyStatuses(pushOf(firstVersions(1))), std::vector<std::string>(1, "accepted"));
    Scope scope;
    scope.inspector = "li.wei";
    const auto second = enroll(Role::Inspector, scope);
    auto forged = version(m_assessment.id, 2);  // authored "device-a", the first tablet
    const auto response = pushEarly(sync::encode(pushOf({forged})), second);
    EXPECT_EQ(response.result(), http::status::forbidden) << response.body();
    EXPECT_EQ(m_store->counters().pushesTakenIn, 1);
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 1);
}

TEST_F(Intake, AStoredVersionSentAgainWithOtherContentIsRefusedNotAcceptedEarly)
{
    const auto original = version(m_assessment.id, 1);
    ASSERT_EQ(pushEarlyStatuses(pushOf({original})), std::vector<std::string>(1, "accepted"));
    ASSERT_EQ(m_store->latestObservations(m_assessment.id)->size(), 1U);  // waits until applied
    auto changed = original;
    changed.note = "rewritten";
    const auto response = pushEarly(sync::encode(pushOf({changed})));
    EXPECT_EQ(response.result(), http::status::conflict) << response.body();
    EXPECT_EQ(m_store->counters().pushesTakenIn, 1);
    EXPECT_EQ(m_store->store().observation(original.id)->note, original.note);
    EXPECT_EQ(count("SELECT count(*) FROM intake_refused"), 0);
}

// An op id after the first is not looked up before the ack: one another device used is found
// when the batch is applied, and the batch is kept aside whole, none of it applied.
TEST_F(Intake, AnEarlyBatchReusingAnotherDevicesOpIdIsKeptAsideWhole)
{
    Scope scope;
    scope.inspector = "li.wei";
    const auto other = enroll(Role::Inspector, scope);
    auto theirs = version(m_assessment.id, 1);
    theirs.deviceId = "device-b";
    const auto theirPush = pushOf({theirs});
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", other, sync::encode(theirPush)).result(), http::status::ok);
    auto mine = pushOf({version(m_assessment.id, 2), version(m_assessment.id, 3)});
    mine.ops[1].opId = theirPush.ops[0].opId;
    const auto response = pushEarly(sync::encode(mine));
    ASSERT_EQ(response.result(), http::status::ok) << response.body();
    EXPECT_EQ(response.body().find("\"seq\""), std::string::npos) << response.body();
    EXPECT_EQ(m_store->latestObservations(m_assessment.id)->size(), 1U);  // theirs only
    EXPECT_EQ(count("SELECT count(*) FROM intake_refused"), 1);
}

TEST_F(Intake, ABatchAppliedBeforeItsAckThatFollowsAnAcceptedOneIsAppliedAfterIt)
{
    const auto first = pushOf(firstVersions(3));
    ASSERT_EQ(pushEarlyStatuses(first), std::vector<std::string>(3, "accepted"));
    // The inspector submits the assessment: not an observation, so applied before its ack, and
    // after the batch it follows.
    auto submitted = m_assessment;
    submitted.status = store::AssessmentStatus::Submitted;
    sync::PushRequest submit;
    submit.ops.push_back({newUuidV7(), "", "1795000000001.000000", "assessment", m_assessment.id, "status", store::toJson(submitted), 0, {}});
    const auto began = std::chrono::steady_clock::now();
    const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, sync::encode(submit),
                               {{"Sync-Early-Ack", "1"}, {"Sync-After-Op", first.ops.back().opId}});
    ASSERT_EQ(response.result(), http::status::ok) << response.body();
    EXPECT_EQ(statuses(response, submit), std::vector<std::string>{"applied"});
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(5));  // not a wait for the deadline
    auto stmt = m_store->store().database().prepare("SELECT op_id FROM sync_ops ORDER BY seq DESC LIMIT 2");
    ASSERT_TRUE(stmt && *stmt->step());
    EXPECT_EQ(stmt->text(0), submit.ops.front().opId);
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->text(0), first.ops.back().opId);
}

TEST_F(Intake, ABatchAppliedBeforeItsAckThatArrivesBeforeTheAcceptedOneItFollowsWaitsOnlyForIt)
{
    const auto first = pushOf(firstVersions(3));
    auto submitted = m_assessment;
    submitted.status = store::AssessmentStatus::Submitted;
    sync::PushRequest submit;
    submit.ops.push_back({newUuidV7(), "", "1795000000001.000000", "assessment", m_assessment.id, "status", store::toJson(submitted), 0, {}});
    // Sent together on two connections; the second arrives first and waits for the first to be
    // in the log, which the intake's applier writes (before, it waited out the 10 s and got 503).
    const auto began = std::chrono::steady_clock::now();
    std::optional<Response> second;
    std::thread sender([&] {
        second = call(http::verb::post, "/v1/sync/push", m_inspector, sync::encode(submit),
                      {{"Sync-Early-Ack", "1"}, {"Sync-After-Op", first.ops.back().opId}});
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(pushEarlyStatuses(first), std::vector<std::string>(3, "accepted"));
    sender.join();
    ASSERT_EQ(second->result(), http::status::ok) << second->body();
    EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(5));
    EXPECT_EQ(m_store->store().assessment(m_assessment.id)->status, store::AssessmentStatus::Submitted);
}

TEST_F(Intake, AnEditOfAVersionStillInTheIntakeIsAcceptedAndAppliedAfterIt)
{
    CentralStoreOptions paused;
    paused.applyIntake = false;  // nothing applied behind: the first push stays in the intake
    reopen(paused);
    const auto first = firstVersions(5);
    ASSERT_EQ(pushEarlyStatuses(pushOf(first)), std::vector<std::string>(5, "accepted"));
    std::vector<store::Observation> edits;
    for (int i = 0; i < 5; ++i)
        edits.push_back(version(m_assessment.id, i, first[static_cast<std::size_t>(i)].id));
    ASSERT_EQ(pushEarlyStatuses(pushOf(edits)), std::vector<std::string>(5, "accepted"));
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 0);
    reopen({});
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_TRUE(heads);
    ASSERT_EQ(heads->size(), 5U);
    for (const auto& head : *heads)
        EXPECT_TRUE(head.otherHeadIds.empty());
    EXPECT_EQ(count("SELECT count(*) FROM conflicts"), 0);
}

TEST_F(Intake, PushesAcknowledgedBeforeTheServerStoppedAreAppliedOnceWhenItStartsAgain)
{
    CentralStoreOptions paused;
    paused.applyIntake = false;
    reopen(paused);
    const auto ops = opCount();
    for (int push = 0; push < 3; ++push) {
        std::vector<store::Observation> versions;
        for (int i = 0; i < 4; ++i)
            versions.push_back(version(m_assessment.id, push * 4 + i));
        ASSERT_EQ(pushEarly(sync::encode(pushOf(versions))).result(), http::status::ok);
    }
    EXPECT_EQ(opCount(), ops);  // acknowledged, not applied
    EXPECT_NE(call(http::verb::get, "/metrics", m_admin).body().find("\nigmc_sync_intake_pending_ops 12\n"), std::string::npos);
    reopen({});
    EXPECT_NE(call(http::verb::get, "/metrics", m_admin).body().find("\nigmc_sync_intake_pending_ops 0\n"), std::string::npos);
    EXPECT_EQ(m_store->latestObservations(m_assessment.id)->size(), 12U);
    EXPECT_EQ(opCount(), ops + 12);
    reopen({});
    EXPECT_EQ(opCount(), ops + 12);  // applied once
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 12);
}

TEST_F(Intake, AReadNeverAnswersWithoutAPushAcknowledgedBeforeIt)
{
    CentralStoreOptions paused;
    paused.applyIntake = false;
    paused.intakeWait = std::chrono::milliseconds(50);
    reopen(paused);
    ASSERT_EQ(pushEarly(sync::encode(pushOf(firstVersions(2)))).result(), http::status::ok);
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_FALSE(heads);
    EXPECT_EQ(heads.error().code, ErrorCode::Unavailable);
    const auto pulled = call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_reviewer);
    EXPECT_EQ(pulled.result(), http::status::service_unavailable) << pulled.body();
}

TEST_F(Intake, ABatchSentAgainIsAnsweredAsDuplicatesWithTheSeqsItWasAppliedWith)
{
    const auto push = pushOf(firstVersions(4));
    ASSERT_EQ(pushEarlyStatuses(push), std::vector<std::string>(4, "accepted"));
    const auto again = pushEarly(sync::encode(push));  // its acks were lost
    ASSERT_EQ(again.result(), http::status::ok) << again.body();
    EXPECT_EQ(statuses(again, push), std::vector<std::string>(4, "duplicate"));
    const auto acks = json(again);
    for (const auto& ack : acks.at("acks").as_array())
        EXPECT_GT(ack.at("seq").as_int64(), 0);
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 4);
}

TEST_F(Intake, AnAcknowledgedPushThatCannotBeAppliedIsKeptAsideAndTheOthersAreApplied)
{
    const auto inspector = m_store->authenticate(m_inspector)->id;
    m_api.reset();
    m_store.reset();
    {
        // As if a push had passed the checks and then could not be applied: an edit of a version
        // that does not exist, between two good pushes.
        std::vector<IntakeLog::Ref> unapplied;
        auto log = IntakeLog::open(m_dir.path("central.sqlite-intake"), 0, unapplied);
        ASSERT_TRUE(log) << log.error().message;
        for (const auto& versions : {std::vector{version(m_assessment.id, 1)}, std::vector{version(m_assessment.id, 2, newUuidV7())},
                                     std::vector{version(m_assessment.id, 3)}}) {
            auto ref = (*log)->write(inspector, sync::encode(pushOf(versions)));
            ASSERT_TRUE(ref && (*log)->sync(*ref));
        }
    }
    reopen({});
    EXPECT_EQ(count("SELECT count(*) FROM observations"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM intake_refused WHERE number = 2 AND device_id = '" + inspector + "'"), 1);
    EXPECT_EQ(m_store->counters().intakeRefused, 1);
    reopen({});  // kept aside once: not tried again
    EXPECT_EQ(count("SELECT count(*) FROM intake_refused"), 1);
}

// ---- The log itself

std::vector<std::string> bodies(const IntakeLog& log, const std::vector<IntakeLog::Ref>& refs)
{
    std::vector<std::string> out;
    for (const auto& ref : refs) {
        auto entry = log.read(ref);
        EXPECT_TRUE(entry) << entry.error().message;
        out.push_back(entry ? entry->body : "");
    }
    return out;
}

// The sizes of the files in `folder` whose names start with `prefix`.
std::vector<std::uintmax_t> cutOffSizes(const std::string& folder, const std::string& prefix)
{
    std::vector<std::uintmax_t> sizes;
    for (const auto& file : std::filesystem::directory_iterator(folder)) {
        if (file.path().filename().string().rfind(prefix, 0) == 0)
            sizes.push_back(file.file_size());
    }
    return sizes;
}

TEST(IntakeLog, EntriesPastADamagedOneAreMovedAsideWholeNotDeleted)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("intake");
    std::uint64_t firstSize = 0;
    std::uint64_t total = 0;
    {
        std::vector<IntakeLog::Ref> unapplied;
        auto log = IntakeLog::open(path, 0, unapplied);
        ASSERT_TRUE(log);
        for (const char* body : {"first", "damaged", "third"}) {
            ASSERT_TRUE((*log)->sync(*(*log)->write("device", body)));
            if (firstSize == 0)
                firstSize = (*log)->size();
        }
        total = (*log)->size();
    }
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(firstSize + 22));  // in the second entry's payload
        file.put('X');
    }
    std::vector<IntakeLog::Ref> unapplied;
    auto log = IntakeLog::open(path, 0, unapplied);
    ASSERT_TRUE(log);
    EXPECT_EQ(bodies(**log, unapplied), std::vector<std::string>{"first"});
    // The second and third entries, byte for byte, in the copy.
    EXPECT_EQ(cutOffSizes(dir.path(""), "intake.cut-"), std::vector<std::uintmax_t>{total - firstSize});
}

TEST(IntakeLog, FramesAreCheckedWithCrc32cTheSameInHardwareAndByteByByte)
{
    EXPECT_EQ(crc32c(0, "123456789"), 0xe3069283U);  // the check value of CRC-32C
    EXPECT_EQ(crc32cBytewiseForTest("123456789"), 0xe3069283U);
    std::string bytes;
    for (int i = 0; i < 5'000; ++i)
        bytes += static_cast<char>((i * 7919) % 251);
    for (const std::size_t size : {0U, 1U, 7U, 8U, 9U, 63U, 4'999U, 5'000U}) {
        const std::string_view part(bytes.data(), size);
        EXPECT_EQ(crc32c(0, part), crc32cBytewiseForTest(part)) << size;
        // Continued over two pieces, it is the CRC of both.
        EXPECT_EQ(crc32c(crc32c(0, part.substr(0, size / 3)), part.substr(size / 3)), crc32c(0, part)) << size;
    }
}

TEST(IntakeLog, EntriesComeBackInOrderAfterTheOnesAlreadyApplied)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("intake");
    {
        std::vector<IntakeLog::Ref> unapplied;
        auto log = IntakeLog::open(path, 0, unapplied);
        ASSERT_TRUE(log);
        for (const char* body : {"one", "two", "three"}) {
            auto ref = (*log)->write("device", body);
            ASSERT_TRUE(ref);
            ASSERT_TRUE((*log)->sync(*ref));
            EXPECT_EQ((*log)->read(*ref)->body, body);
        }
    }
    std::vector<IntakeLog::Ref> unapplied;
    auto log = IntakeLog::open(path, 1, unapplied);
    ASSERT_TRUE(log);
    ASSERT_EQ(unapplied.size(), 2U);
    EXPECT_EQ(unapplied[0].number, 2U);
    EXPECT_EQ(bodies(**log, unapplied), (std::vector<std::string>{"two", "three"}));
    EXPECT_EQ((*log)->read(unapplied[1])->deviceId, "device");
    EXPECT_EQ((*log)->write("device", "four")->number, 4U);
}

TEST(IntakeLog, ATornOrDamagedEndIsCutOffKeptAsideAndAppendsGoOnAfterTheLastGoodEntry)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("intake");
    std::uint64_t goodSize = 0;
    {
        std::vector<IntakeLog::Ref> unapplied;
        auto log = IntakeLog::open(path, 0, unapplied);
        ASSERT_TRUE(log);
        ASSERT_TRUE((*log)->sync(*(*log)->write("device", "kept")));
        goodSize = (*log)->size();
        ASSERT_TRUE((*log)->sync(*(*log)->write("device", "torn by a crash")));
    }
    std::filesystem::resize_file(path, goodSize + 10);  // the second frame never fully reached the disk
    {
        std::vector<IntakeLog::Ref> unapplied;
        auto log = IntakeLog::open(path, 0, unapplied);
        ASSERT_TRUE(log);
        EXPECT_EQ(bodies(**log, unapplied), std::vector<std::string>{"kept"});
        EXPECT_EQ((*log)->size(), goodSize);
        EXPECT_EQ(cutOffSizes(dir.path(""), "intake.cut-" + std::to_string(goodSize) + "-"), std::vector<std::uintmax_t>{10U});
        ASSERT_TRUE((*log)->sync(*(*log)->write("device", "after")));
    }
    {
        // A flipped byte fails the entry's checksum: it and all after it are not trusted.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(static_cast<std::streamoff>(goodSize + 22));
        file.put('X');
    }
    std::vector<IntakeLog::Ref> unapplied;
    auto log = IntakeLog::open(path, 0, unapplied);
    ASSERT_TRUE(log) << log.error().message;
    EXPECT_EQ(bodies(**log, unapplied), std::vector<std::string>{"kept"});
    // Cut at the same place twice (within a millisecond, as here): both copies are kept.
    EXPECT_EQ(cutOffSizes(dir.path(""), "intake.cut-" + std::to_string(goodSize) + "-").size(), 2U);
}

TEST(IntakeLog, AnEmptiedLogNumbersOnAndSkipsWhatWasAppliedBefore)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("intake");
    std::vector<IntakeLog::Ref> unapplied;
    auto log = IntakeLog::open(path, 0, unapplied);
    ASSERT_TRUE(log);
    ASSERT_TRUE((*log)->sync(*(*log)->write("device", std::string(100, 'a'))));
    ASSERT_TRUE((*log)->truncateIfApplied(0, 0));  // not applied yet: kept
    EXPECT_GT((*log)->size(), 0U);
    ASSERT_TRUE((*log)->truncateIfApplied(1, 0));
    EXPECT_EQ((*log)->size(), 0U);
    const auto next = (*log)->write("device", "b");
    ASSERT_TRUE(next && (*log)->sync(*next));
    EXPECT_EQ(next->number, 2U);
    log->reset();
    unapplied.clear();
    auto reopened = IntakeLog::open(path, 1, unapplied);
    ASSERT_TRUE(reopened);
    ASSERT_EQ(unapplied.size(), 1U);
    EXPECT_EQ(unapplied[0].number, 2U);
    EXPECT_EQ(bodies(**reopened, unapplied), std::vector<std::string>{"b"});
}

}  // namespace
}  // namespace igmc::server
