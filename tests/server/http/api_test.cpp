// The API as a plain function: the authorization matrix, malformed input, idempotent pushes,
// conflicts, resumable verified uploads and clock skew. (Invariant numbers: sync/protocol/op_apply.hpp,
// server/blobs/blob_uploads.hpp.)
// SPDX-License-Identifier: Apache-2.0
#include "http/api.hpp"

#include "core/ids.hpp"
#include "protocol/direct_decoder.hpp"
#include "server/server_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <tuple>

namespace igmc::server {
namespace {

using test::ApiFixture;
namespace http = boost::beast::http;

// ---- Authorization matrix: every endpoint × every role, a revoked token and no token.

enum class Who { Admin, Reviewer, Inspector, Trainer, Kiosk, Revoked, Nobody };

struct Access {
    std::string endpoint;
    Who who;
    unsigned status;
};

std::string whoName(Who who)
{
    static const char* names[] = {"Admin", "Reviewer", "Inspector", "Trainer", "Kiosk", "Revoked", "Nobody"};
    return names[static_cast<int>(who)];
}

std::ostream& operator<<(std::ostream& os, const Access& a)
{
    return os << a.endpoint << " as " << whoName(a.who);
}

class AuthorizationMatrix : public ApiFixture, public testing::WithParamInterface<Access> {
protected:
    std::string tokenFor(Who who)
    {
        switch (who) {
        case Who::Admin: return m_admin;
        case Who::Reviewer: return m_reviewer;
        case Who::Inspector: return m_inspector;
        case Who::Trainer: return m_trainer;
        case Who::Kiosk: return m_kiosk;
        case Who::Revoked: {
            const auto token = enroll(Role::Inspector, {});
            const auto device = m_store->authenticate(token);
            EXPECT_TRUE(m_store->revokeDevice(device->id));
            return token;
        }
        case Who::Nobody: return {};
        }
        return {};
    }

    Response request(const std::string& endpoint, const std::string& token)
    {
        const std::string bytes = "evidence bytes " + endpoint;
        const std::string sha = sha256Hex(bytes);
        if (endpoint == "me")
            return call(http::verb::get, "/v1/me", token);
        if (endpoint == "push")
            return call(http::verb::post, "/v1/sync/push", token, observationOp(m_assessment.id, newUuidV7(), newUuidV7()));
        if (endpoint == "pull")
            return call(http::verb::get, "/v1/sync/pull?after=0&limit=10", token);
        if (endpoint == "blob-head")
            return call(http::verb::head, "/v1/blobs/" + sha, token);
        if (endpoint == "blob-status")
            return call(http::verb::post, "/v1/blobs/status", token, R"({"sha256": [")" + sha + R"("]})");
        if (endpoint == "blob-put")
            return call(http::verb::put, "/v1/blobs/" + sha, token, bytes, {{"Upload-Offset", "0"}, {"Upload-Length", std::to_string(bytes.size())}});
        if (endpoint == "surveys")
            return call(http::verb::get, "/v1/surveys", token);
        if (endpoint == "assessments")
            return call(http::verb::get, "/v1/assessments", token);
        if (endpoint == "observations")
            return call(http::verb::get, "/v1/assessments/" + m_assessment.id + "/observations", token);
        if (endpoint == "observations-unassigned")
            return call(http::verb::get, "/v1/assessments/" + m_otherAssessment.id + "/observations", token);
        if (endpoint == "admin-code")
            return call(http::verb::post, "/v1/admin/enrollment-codes", token, R"({"role": "kiosk", "scope": {"site_id": ")" + m_site.id + R"("}})");
        if (endpoint == "admin-devices")
            return call(http::verb::get, "/v1/admin/devices", token);
        if (endpoint == "admin-site")
            return call(http::verb::post, "/v1/admin/sites", token, R"({"name": "Lotus village", "kind": "community"})");
        ADD_FAILURE() << "unknown endpoint " << endpoint;
        return Response{};
    }
};

TEST_P(AuthorizationMatrix, GivesTheExpectedStatus)
{
    const auto& access = GetParam();
    const auto response = request(access.endpoint, tokenFor(access.who));
    EXPECT_EQ(response.result_int(), access.status) << response.body();
    if (response.result_int() >= 400 && access.endpoint != "blob-head") {
        EXPECT_TRUE(json(response).at("error").is_object());
    }
}

std::vector<Access> matrix()
{
    using W = Who;
    // status per role: Admin, Reviewer, Inspector, Trainer, Kiosk
    const std::vector<std::pair<std::string, std::array<unsigned, 5>>> table{
        {"me", {200, 200, 200, 200, 200}},
        {"push", {200, 403, 200, 403, 403}},
        {"pull", {200, 200, 200, 200, 200}},
        {"blob-head", {404, 404, 404, 404, 403}},
        {"blob-put", {201, 403, 201, 201, 403}},
        {"blob-status", {200, 200, 200, 200, 403}},
        {"surveys", {200, 200, 200, 200, 200}},
        {"assessments", {200, 200, 200, 403, 403}},
        {"observations", {200, 200, 200, 403, 403}},
        {"observations-unassigned", {200, 200, 403, 403, 403}},
        {"admin-code", {201, 403, 403, 403, 403}},
        {"admin-devices", {200, 403, 403, 403, 403}},
        {"admin-site", {201, 403, 403, 403, 403}},
    };
    std::vector<Access> cases;
    for (const auto& [endpoint, statuses] : table) {
        for (int role = 0; role < 5; ++role)
            cases.push_back({endpoint, static_cast<W>(role), statuses[static_cast<std::size_t>(role)]});
        cases.push_back({endpoint, W::Revoked, 401});
        cases.push_back({endpoint, W::Nobody, 401});
    }
    return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryEndpointAndRole, AuthorizationMatrix, testing::ValuesIn(matrix()), [](const auto& info) {
    std::string name = info.param.endpoint + "_" + whoName(info.param.who);
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
});

// ---- Malformed input: 4xx, nothing stored, the handler keeps working.

struct Malformed {
    std::string name;
    std::string body;
    unsigned status;
};

class MalformedPush : public ApiFixture, public testing::WithParamInterface<Malformed> {};

TEST_P(MalformedPush, IsRefusedAndStoresNothing)
{
    const auto before = opCount();
    const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, GetParam().body);
    EXPECT_EQ(response.result_int(), GetParam().status) << response.body();
    EXPECT_FALSE(std::string(json(response).at("error").at("message").as_string()).empty());
    EXPECT_EQ(opCount(), before);
    // Still serving.
    EXPECT_EQ(call(http::verb::get, "/v1/me", m_inspector).result_int(), 200U);
}

std::string validOp()
{
    return R"({"op_id": "01a20000-0000-7000-8000-000000000001", "hlc": "1795000000000.000001", "entity": "observation", "entity_id": "x", "action": "create", "payload": {}})";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedPush,
    testing::Values(Malformed{"TruncatedJson", R"({"format": "igmc-sync/1.0", "ops": [)", 400},
                    Malformed{"NotAnObject", R"([1, 2, 3])", 400},
                    Malformed{"OpsNotAnArray", R"({"format": "igmc-sync/1.0", "ops": "all of them"})", 400},
                    Malformed{"UnknownMajorVersion", R"({"format": "igmc-sync/2.0", "ops": []})", 400},
                    Malformed{"MissingFormat", R"({"ops": []})", 400},
                    Malformed{"OpIdNotAUuid", R"({"format": "igmc-sync/1.0", "ops": [{"op_id": "7", "hlc": "1795000000000.000001", "entity": "observation", "entity_id": "x", "action": "create", "payload": {}}]})", 400},
                    Malformed{"WrongTypes", R"({"format": "igmc-sync/1.0", "ops": [{"op_id": 7, "hlc": true}]})", 400},
                    Malformed{"BadHlc", R"({"format": "igmc-sync/1.0", "ops": [{"op_id": "01a20000-0000-7000-8000-000000000001", "hlc": "yesterday", "entity": "observation", "entity_id": "x", "action": "create", "payload": {}}]})", 400},
                    Malformed{"PayloadMissingFields", R"({"format": "igmc-sync/1.0", "ops": [)" + validOp() + "]}", 422},
                    Malformed{"BadUtf8", std::string("{\"format\": \"igmc-sync/1.0\", \"ops\": [\"\xff\xfe\"]}"), 400},
                    Malformed{"DeeplyNested", std::string(100, '[') + std::string(100, ']'), 400},
                    Malformed{"NumberTooLargeForADouble", R"({"format": "igmc-sync/1.0", "ops": [{"op_id": "01a20000-0000-7000-8000-000000000003", "hlc": "1795000000000.000001", "entity": "site", "entity_id": "x", "action": "create", "payload": {"latitude": 1e400}}]})", 400},
                    Malformed{"UnsupportedEntity", R"({"format": "igmc-sync/1.0", "ops": [{"op_id": "01a20000-0000-7000-8000-000000000002", "hlc": "1795000000000.000001", "entity": "spaceship", "entity_id": "x", "action": "create", "payload": {}}]})", 400}),
    [](const auto& info) { return info.param.name; });

TEST_F(ApiFixture, TooManyOpsInOneBatchAreRefused)
{
    std::string body = R"({"format": "igmc-sync/1.0", "ops": [)";
    for (std::size_t i = 0; i <= sync::kMaxOpsPerBatch; ++i)
        body += (i ? "," : "") + validOp();
    body += "]}";
    const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, body);
    EXPECT_EQ(response.result_int(), 400U);
    EXPECT_NE(response.body().find("at most 5000 ops"), std::string::npos);
}

TEST_F(ApiFixture, PullParametersAreChecked)
{
    EXPECT_EQ(call(http::verb::get, "/v1/sync/pull?after=-1", m_admin).result_int(), 400U);
    EXPECT_EQ(call(http::verb::get, "/v1/sync/pull?limit=0", m_admin).result_int(), 400U);
    EXPECT_EQ(call(http::verb::get, "/v1/sync/pull?limit=99999", m_admin).result_int(), 400U);
    EXPECT_EQ(call(http::verb::get, "/v1/sync/pull?after=abc", m_admin).result_int(), 400U);
}

// ---- Push semantics.

TEST_F(ApiFixture, ARetriedBatchAppliesNothingTwiceAndGetsTheSameAcks)
{
    const auto opId = newUuidV7();
    const auto body = observationOp(m_assessment.id, opId, newUuidV7());
    const auto first = call(http::verb::post, "/v1/sync/push", m_inspector, body);
    ASSERT_EQ(first.result_int(), 200U) << first.body();
    const auto before = opCount();
    const auto retry = call(http::verb::post, "/v1/sync/push", m_inspector, body);  // the ack was lost
    ASSERT_EQ(retry.result_int(), 200U);
    EXPECT_EQ(opCount(), before);
    const auto a = json(first).at("acks").at(0);
    const auto b = json(retry).at("acks").at(0);
    EXPECT_EQ(a.at("seq"), b.at("seq"));
    EXPECT_EQ(a.at("status").as_string(), "applied");
    EXPECT_EQ(b.at("status").as_string(), "duplicate");
}

TEST_F(ApiFixture, ABatchIsAllOrNothing)
{
    const auto before = opCount();
    auto good = boost::json::parse(observationOp(m_assessment.id, newUuidV7(), newUuidV7()));
    auto bad = boost::json::parse(observationOp(m_otherAssessment.id, newUuidV7(), newUuidV7()));  // not assigned
    good.at("ops").as_array().push_back(bad.at("ops").at(0));
    const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, boost::json::serialize(good));
    EXPECT_EQ(response.result_int(), 403U);
    EXPECT_EQ(opCount(), before);
    EXPECT_TRUE(m_store->latestObservations(m_assessment.id)->empty());
}

// An edit names its parent: a parent the server does not hold, or one of another indicator, refuses
// the whole batch (422, nothing stored); no foreign key checks this since schema v10, the head
// update does.
TEST_F(ApiFixture, AnEditOfAVersionTheServerDoesNotHoldOrOfAnotherIndicatorIsRefused)
{
    const auto firstId = newUuidV7();
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, newUuidV7(), firstId)).result_int(), 200U);
    const auto withParent = [&](const std::string& parent, const std::string& indicator) {
        auto body = boost::json::parse(observationOp(m_assessment.id, newUuidV7(), newUuidV7(), "1795000000000.000002"));
        auto& payload = body.at("ops").at(0).at("payload").as_object();
        payload["parent_id"] = parent;
        payload["indicator_code"] = indicator;
        return boost::json::serialize(body);
    };
    const auto before = opCount();
    for (const auto& [parent, indicator, message] :
         {std::tuple<std::string, std::string, std::string>{newUuidV7(), "EN1.1", "does not exist"},
          {firstId, "EN1.2", "keep its parent's assessment and indicator"}}) {
        const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, withParent(parent, indicator));
        EXPECT_EQ(response.result_int(), 422U) << response.body();
        EXPECT_NE(std::string(json(response).at("error").at("message").as_string()).find(message), std::string::npos) << response.body();
        EXPECT_EQ(opCount(), before);
    }
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_EQ(heads->front().head.id, firstId);
    EXPECT_TRUE(heads->front().otherHeadIds.empty());
}

// Pulls read on a connection of their own, so they never wait for a group being written: they see
// the last commit, not the writer's transaction in progress.
TEST_F(ApiFixture, APullReadsTheLastCommitNotAWriteInProgress)
{
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, newUuidV7(), newUuidV7())).result_int(), 200U);
    const auto pulledOps = [&] { return json(call(http::verb::get, "/v1/sync/pull?after=0&limit=1000", m_admin)).at("ops").as_array().size(); };
    const auto committed = pulledOps();
    auto& db = m_store->store().database();
    {
        auto writing = store::Transaction::begin(db);  // as the writer holds one while it writes a group
        ASSERT_TRUE(writing);
        ASSERT_TRUE(db.exec("INSERT INTO sync_ops (op_id, device_id, hlc, entity, entity_id, action, payload, received_at) "
                            "VALUES ('0190a1b2-c3d4-7e5f-8a9b-100000000999', 'd', '1795000000000.000009', 'site', 's', 'update', '{}', "
                            "'2026-11-29T10:00:00Z')"));
        const auto start = std::chrono::steady_clock::now();
        EXPECT_EQ(pulledOps(), committed);
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
        ASSERT_TRUE(writing->commit());
    }
    EXPECT_EQ(pulledOps(), committed + 1);
}

// A group is written without a savepoint per push; when one push of it is refused half-way, the
// whole attempt is taken back and the group written again with savepoints, so the refused push
// leaves the others stored. A large push keeps the writer busy while a good and a refused one queue
// behind it, so they are written in one group.
TEST_F(ApiFixture, APushRefusedInAGroupIsTakenBackAloneWhenTheGroupIsWrittenAgain)
{
    auto large = boost::json::parse(observationOp(m_assessment.id, newUuidV7(), newUuidV7()));
    auto& ops = large.at("ops").as_array();
    for (int i = 1; i < 3'000; ++i)
        ops.push_back(boost::json::parse(observationOp(m_assessment.id, newUuidV7(), newUuidV7())).at("ops").at(0));
    const auto largeBody = boost::json::serialize(large);
    for (int attempt = 0; attempt < 20 && m_store->counters().groupsRewritten == 0; ++attempt) {
        const auto before = opCount();
        const auto goodOp = newUuidV7();
        Response first, good, refused;
        std::thread writer([&] { first = call(http::verb::post, "/v1/sync/push", m_inspector, largeBody); });
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::thread queuedGood([&] { good = call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, goodOp, newUuidV7())); });
        std::thread queuedRefused([&] {
            refused = call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_otherAssessment.id, newUuidV7(), newUuidV7()));
        });
        writer.join();
        queuedGood.join();
        queuedRefused.join();
        ASSERT_EQ(first.result_int(), 200U) << first.body();
        ASSERT_EQ(good.result_int(), 200U) << good.body();
        ASSERT_EQ(refused.result_int(), 403U) << refused.body();
        EXPECT_EQ(opCount(), before + (attempt == 0 ? 3'001 : 1));  // the large push once, then as duplicates
    }
    EXPECT_GT(m_store->counters().groupsRewritten, 0);
    EXPECT_TRUE(m_store->latestObservations(m_otherAssessment.id)->empty());
}

// A device sends its next batch while the server writes the one before, naming that one's last op
// (Sync-After-Op): the server applies it after that op whatever order they arrive in, refuses it
// when that batch was refused, and answers 503 when that batch does not come in time.
class PipelinedPush : public ApiFixture {
protected:
    CentralStoreOptions storeOptions() const override
    {
        CentralStoreOptions options;
        options.predecessorWait = std::chrono::milliseconds(1'500);
        return options;
    }

    // A batch of one edit of `parentId`, by the inspector.
    std::string editOf(const std::string& parentId, const std::string& opId, const std::string& assessmentId)
    {
        auto body = boost::json::parse(observationOp(assessmentId, opId, newUuidV7(), "1795000000000.000002"));
        body.at("ops").at(0).at("payload").as_object()["parent_id"] = parentId;
        return boost::json::serialize(body);
    }

    Response pushAfter(const std::string& body, const std::string& afterOp)
    {
        return call(http::verb::post, "/v1/sync/push", m_inspector, body, {{"Sync-After-Op", afterOp}});
    }

    // On a connection of its own: a push may be writing on the store's meanwhile (ThreadSanitizer
    // saw this test read the writer's connection while another thread wrote on it).
    std::int64_t seqOf(const std::string& opId)
    {
        store::OpenOptions readOnly;
        readOnly.readOnly = true;
        auto db = store::Database::open(m_dir.path("central.sqlite"), readOnly);
        EXPECT_TRUE(db) << db.error().message;
        auto stmt = db->prepare("SELECT seq FROM sync_ops WHERE op_id = ?");
        EXPECT_TRUE(stmt);
        stmt->bindAll(opId);
        return *stmt->step() ? stmt->integer(0) : 0;
    }
};

TEST_F(PipelinedPush, ABatchThatArrivesBeforeTheOneItFollowsWaitsForItAndIsAppliedAfterIt)
{
    const auto firstOp = newUuidV7();
    const auto firstId = newUuidV7();
    const auto editOp = newUuidV7();
    // The edit alone is refused: its parent is in the batch before it, not here yet.
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, editOf(firstId, newUuidV7(), m_assessment.id)).result_int(), 422U);
    Response edited;
    std::thread second([&] { edited = pushAfter(editOf(firstId, editOp, m_assessment.id), firstOp); });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the edit is queued, waiting
    EXPECT_EQ(seqOf(editOp), 0);
    const auto first = call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, firstOp, firstId));
    second.join();
    ASSERT_EQ(first.result_int(), 200U) << first.body();
    ASSERT_EQ(edited.result_int(), 200U) << edited.body();
    EXPECT_EQ(edited["Sync-Pipelining"], "1");
    EXPECT_GT(seqOf(editOp), seqOf(firstOp));
    const auto acks = json(edited);
    const auto* conflict = acks.at("acks").at(0).as_object().if_contains("conflict");
    EXPECT_TRUE(!conflict || !conflict->as_bool());
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_NE(heads->front().head.id, firstId);
    EXPECT_TRUE(heads->front().otherHeadIds.empty());
    // Sent again (its answer lost), it is acknowledged as before.
    const auto again = pushAfter(editOf(firstId, editOp, m_assessment.id), firstOp);
    ASSERT_EQ(again.result_int(), 200U) << again.body();
    EXPECT_EQ(json(again).at("acks").at(0).at("status").as_string(), "duplicate");
}

TEST_F(PipelinedPush, ABatchFollowingARefusedOneIsRefusedAndStoresNothingWhicheverArrivesFirst)
{
    for (const bool followerFirst : {false, true}) {
        SCOPED_TRACE(followerFirst ? "the follower first" : "the refused batch first");
        const auto refusedOp = newUuidV7();
        const auto refusedId = newUuidV7();
        const auto followerOp = newUuidV7();
        const auto before = opCount();
        // Not assigned to this inspector: refused (403) when it is written.
        const auto refused = [&] { return call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_otherAssessment.id, refusedOp, refusedId)); };
        Response follower;
        const auto start = std::chrono::steady_clock::now();
        if (followerFirst) {
            std::thread second([&] { follower = pushAfter(editOf(refusedId, followerOp, m_assessment.id), refusedOp); });
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            EXPECT_EQ(refused().result_int(), 403U);
            second.join();
        } else {
            EXPECT_EQ(refused().result_int(), 403U);
            follower = pushAfter(editOf(refusedId, followerOp, m_assessment.id), refusedOp);
        }
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1'200));  // not after the wait
        EXPECT_EQ(follower.result_int(), 409U) << follower.body();
        EXPECT_NE(std::string(json(follower).at("error").at("message").as_string()).find("was refused"), std::string::npos);
        EXPECT_EQ(opCount(), before);
    }
}

// A refusal is remembered only until the batch is sent again and applied: then the batch after it
// passes (found by review: a stale refusal refused it for good).
TEST_F(PipelinedPush, ABatchFollowingOneRefusedOnceThenAppliedIsApplied)
{
    const auto firstOp = newUuidV7();
    const auto firstId = newUuidV7();
    const auto first = [&] { return call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_otherAssessment.id, firstOp, firstId)); };
    ASSERT_EQ(first().result_int(), 403U);  // not assigned yet
    ASSERT_TRUE(m_store->assign({m_otherAssessment.id, "li.wei", ""}));
    ASSERT_EQ(first().result_int(), 200U);
    const auto follower = pushAfter(editOf(firstId, newUuidV7(), m_otherAssessment.id), firstOp);
    EXPECT_EQ(follower.result_int(), 200U) << follower.body();
}

// A batch waiting for the one before it is answered 503 at the end of its wait even while other
// devices keep the writer busy (found by review: it was written along with every group, never
// timed out, and held a push thread for as long as others pushed).
TEST_F(PipelinedPush, ABatchWaitingForItsBatchBeforeTimesOutWhileOthersKeepPushing)
{
    const auto start = std::chrono::steady_clock::now();
    std::atomic<bool> answered{false};
    Response waited;
    std::thread waiting([&] {
        waited = pushAfter(editOf(newUuidV7(), newUuidV7(), m_assessment.id), newUuidV7());
        answered = true;
    });
    std::atomic<int> others{0};
    std::vector<std::thread> pushers;
    for (int t = 0; t < 3; ++t) {
        pushers.emplace_back([&] {
            while (!answered && std::chrono::steady_clock::now() - start < std::chrono::seconds(8)) {
                const auto pushed = call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, newUuidV7(), newUuidV7()));
                others += pushed.result_int() == 200U ? 1 : 0;
            }
        });
    }
    waiting.join();
    for (auto& pusher : pushers)
        pusher.join();
    EXPECT_GT(others.load(), 10);
    EXPECT_EQ(waited.result_int(), 503U) << waited.body();
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(4'500));
}

// Two batches waiting for batches that never come do not take turns being written alone until
// their deadlines: a group in which every push still waits changes nothing they wait for (found by
// review: each such group made the other writable again, a write transaction every few µs).
TEST_F(PipelinedPush, TwoBatchesWaitingInVainLeaveTheWriterIdle)
{
    const auto groupsBefore = m_store->counters().groupsWritten;
    std::vector<Response> waited(2);
    std::vector<std::thread> waiting;
    for (std::size_t i = 0; i < waited.size(); ++i)
        waiting.emplace_back([&, i] { waited[i] = pushAfter(editOf(newUuidV7(), newUuidV7(), m_assessment.id), newUuidV7()); });
    for (auto& thread : waiting)
        thread.join();
    for (const auto& response : waited)
        EXPECT_EQ(response.result_int(), 503U) << response.body();
    EXPECT_LE(m_store->counters().groupsWritten - groupsBefore, 4);
}

TEST_F(PipelinedPush, ABatchWhoseBatchBeforeNeverArrivesIsAnsweredUnavailableAndStoresNothing)
{
    const auto missingOp = newUuidV7();
    const auto firstId = newUuidV7();
    const auto followerOp = newUuidV7();
    const auto before = opCount();
    const auto start = std::chrono::steady_clock::now();
    const auto waited = pushAfter(editOf(firstId, followerOp, m_assessment.id), missingOp);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1'500));
    EXPECT_EQ(waited.result_int(), 503U) << waited.body();
    EXPECT_FALSE(waited[http::field::retry_after].empty());
    EXPECT_EQ(opCount(), before);
    // Other pushes went on meanwhile, and once the batch before arrives, the one after it passes.
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, missingOp, firstId)).result_int(), 200U);
    const auto sentAgain = pushAfter(editOf(firstId, followerOp, m_assessment.id), missingOp);
    EXPECT_EQ(sentAgain.result_int(), 200U) << sentAgain.body();
    EXPECT_EQ(pushAfter(editOf(firstId, newUuidV7(), m_assessment.id), "not-an-op-id").result_int(), 400U);
}

// The server writes a pull page as it reads the op log (pullEncoded), without building its ops:
// byte for byte the page encode(pull(…)) writes, for every role's view, page size and cursor, with
// versions' texts the log keeps and payloads it stored (an op that carried a version already stored).
TEST_F(ApiFixture, APageWrittenAsItIsReadIsTheEncodedPage)
{
    const auto firstId = newUuidV7();
    const auto body = observationOp(m_assessment.id, newUuidV7(), firstId);
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, body).result_int(), 200U);
    auto again = boost::json::parse(body);
    again.at("ops").at(0).at("op_id") = newUuidV7();  // another op carrying the same version
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, boost::json::serialize(again)).result_int(), 200U);
    auto edit = boost::json::parse(observationOp(m_assessment.id, newUuidV7(), newUuidV7(), "1795000000000.000002"));
    edit.at("ops").at(0).at("payload").as_object()["parent_id"] = firstId;
    edit.at("ops").at(0).at("payload").as_object()["note"] = "re-measured: \"quoted\", 中文, tab\t";
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, boost::json::serialize(edit)).result_int(), 200U);
    for (const auto& token : {m_admin, m_reviewer, m_inspector, m_trainer, m_kiosk}) {
        const auto device = m_store->authenticate(token);
        ASSERT_TRUE(device);
        for (const std::int64_t limit : {1, 2, 1'000}) {
            std::int64_t after = 0;
            for (int pages = 0; pages < 100; ++pages) {
                const auto ops = m_store->pull(*device, after, limit);
                const auto page = m_store->pullEncoded(*device, after, limit);
                ASSERT_TRUE(ops && page);
                EXPECT_EQ(page->body, sync::encode(*ops)) << toString(device->role) << " after " << after << " limit " << limit;
                EXPECT_EQ(page->next, ops->next);
                EXPECT_EQ(page->more, ops->more);
                EXPECT_EQ(page->ops, ops->ops.size());
                if (!ops->more)
                    break;
                after = ops->next;
            }
        }
    }
}

// A page is written into room made for it once; a device nearly caught up gets room for the few
// ops the log holds past its cursor, not for the thousands it may ask for.
TEST_F(ApiFixture, APageHasRoomForWhatTheLogHoldsPastItsCursor)
{
    const auto device = m_store->authenticate(m_admin);
    ASSERT_TRUE(device);
    const auto all = m_store->pullEncoded(*device, 0, 5'000);
    ASSERT_TRUE(all);
    ASSERT_GT(all->ops, 0U);
    EXPECT_LE(all->body.capacity(), (all->ops + 1) * sync::PageWriter::kExpectedOpBytes + 64);
    const auto last = m_store->pullEncoded(*device, all->next - 1, 5'000);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->ops, 1U);
    EXPECT_LE(last->body.capacity(), 2 * sync::PageWriter::kExpectedOpBytes + 64);
    const auto none = m_store->pullEncoded(*device, all->next, 5'000);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->ops, 0U);
    EXPECT_LT(none->body.capacity(), 256U);
    // An inspector caught up, then many versions it may not see and one it may: room for one.
    const auto inspector = m_store->authenticate(m_inspector);
    ASSERT_TRUE(inspector);
    const auto caughtUp = m_store->pullEncoded(*inspector, 0, 5'000);
    ASSERT_TRUE(caughtUp);
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_admin, adminVersionOp(m_otherAssessment.id)).result_int(), 200U);
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, newUuidV7(), newUuidV7())).result_int(), 200U);
    const auto one = m_store->pullEncoded(*inspector, caughtUp->next, 5'000);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->ops, 1U);
    EXPECT_LE(one->body.capacity(), 2 * sync::PageWriter::kExpectedOpBytes + 64);
}

TEST_F(ApiFixture, ConcurrentPushesCommittedTogetherStayEachAllOrNothing)
{
    // Pushes from many threads are written in groups, one transaction per group and a savepoint
    // per push: the refused ones (not assigned) change nothing, every acknowledged one is stored.
    constexpr int kThreads = 8;
    constexpr int kRounds = 6;
    const auto before = opCount();
    std::atomic<int> acknowledged{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < kRounds; ++round) {
                const bool allowed = (t + round) % 3 != 0;
                const auto body = observationOp(allowed ? m_assessment.id : m_otherAssessment.id, newUuidV7(), newUuidV7());
                const auto response = call(http::verb::post, "/v1/sync/push", m_inspector, body);
                if (response.result_int() == 200U && allowed)
                    ++acknowledged;
                else if (response.result_int() == 403U && !allowed)
                    ++refused;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    int expectedRefused = 0;
    for (int t = 0; t < kThreads; ++t) {
        for (int round = 0; round < kRounds; ++round)
            expectedRefused += (t + round) % 3 == 0 ? 1 : 0;
    }
    EXPECT_EQ(refused.load(), expectedRefused);
    EXPECT_EQ(acknowledged.load(), kThreads * kRounds - expectedRefused);
    EXPECT_EQ(opCount(), before + acknowledged.load());
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads->size(), 1U);  // all first versions of EN1.1: one head, the others competing
    EXPECT_EQ(static_cast<int>(heads->front().otherHeadIds.size()) + 1, acknowledged.load());
    EXPECT_TRUE(m_store->latestObservations(m_otherAssessment.id)->empty());
}

TEST_F(ApiFixture, TwoVersionsWithTheSameParentAreBothKeptAsAConflict)
{
    const auto base = newUuidV7();
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, newUuidV7(), base)).result_int(), 200U);
    Scope sameInspector;
    sameInspector.inspector = "li.wei";
    const auto secondTablet = enroll(Role::Inspector, sameInspector);  // a version's author is the device that pushes it
    for (const char* device : {"device-a", "device-b"}) {
        auto push = boost::json::parse(observationOp(m_assessment.id, newUuidV7(), newUuidV7(), "1795000000500.000000"));
        auto& payload = push.at("ops").at(0).at("payload").as_object();
        payload["parent_id"] = base;
        payload["device_id"] = device;
        const auto response = call(http::verb::post, "/v1/sync/push", std::string(device) == "device-a" ? m_inspector : secondTablet,
                                   boost::json::serialize(push));
        ASSERT_EQ(response.result_int(), 200U) << response.body();
        EXPECT_EQ(json(response).at("acks").at(0).as_object().contains("conflict"), std::string(device) == "device-b");
    }
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_EQ(heads->front().head.deviceId, "device-b");  // same HLC: the device id decides
    EXPECT_EQ(heads->front().otherHeadIds.size(), 1U);
    const auto conflicts = call(http::verb::get, "/v1/assessments/" + m_assessment.id + "/conflicts", m_reviewer);
    EXPECT_EQ(json(conflicts).at("conflicts").as_array().size(), 1U);
}

TEST_F(ApiFixture, ClockSkewOfADayIsAcceptedButAMonthIsRefused)
{
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto hlc = [](std::int64_t ms) { return HlcTimestamp{static_cast<std::uint64_t>(ms), 0}.toString(); };
    const auto dayAhead = call(http::verb::post, "/v1/sync/push", m_inspector,
                               observationOp(m_assessment.id, newUuidV7(), newUuidV7(), hlc(now + 24LL * 3600 * 1000)));
    EXPECT_EQ(dayAhead.result_int(), 200U) << dayAhead.body();
    const auto dayBehind = call(http::verb::post, "/v1/sync/push", m_inspector,
                                observationOp(m_assessment.id, newUuidV7(), newUuidV7(), hlc(now - 24LL * 3600 * 1000)));
    EXPECT_EQ(dayBehind.result_int(), 200U);
    const auto monthAhead = call(http::verb::post, "/v1/sync/push", m_inspector,
                                 observationOp(m_assessment.id, newUuidV7(), newUuidV7(), hlc(now + 30LL * 24 * 3600 * 1000)));
    EXPECT_EQ(monthAhead.result_int(), 422U);
    EXPECT_NE(monthAhead.body().find("fix the device's date and time"), std::string::npos);
}

TEST_F(ApiFixture, InspectorsPullOnlyTheirAssessments)
{
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_admin, adminVersionOp(m_otherAssessment.id)).result_int(), 200U);
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_admin, adminVersionOp(m_assessment.id)).result_int(), 200U);
    const auto mine = json(call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_inspector));
    for (const auto& op : mine.at("ops").as_array()) {
        if (op.at("entity").as_string() == "observation") {
            EXPECT_EQ(op.at("payload").at("assessment_id").as_string(), m_assessment.id);
        }
    }
    const auto all = json(call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_reviewer));
    EXPECT_GT(all.at("ops").as_array().size(), mine.at("ops").as_array().size());
    // A kiosk gets its own site and the site's partner (its responses reference them) and survey
    // definitions, nothing else.
    const auto kiosk = json(call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_kiosk));
    for (const auto& op : kiosk.at("ops").as_array()) {
        EXPECT_TRUE(op.at("entity").as_string() == "survey_definition"
                    || (op.at("entity").as_string() == "site" && op.at("entity_id").as_string() == m_site.id)
                    || (op.at("entity").as_string() == "partner" && op.at("entity_id").as_string() == m_partner.id))
            << op;
    }
}

TEST_F(ApiFixture, PullPagesWithACursor)
{
    for (int i = 0; i < 5; ++i)
        ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, observationOp(m_assessment.id, newUuidV7(), newUuidV7())).result_int(), 200U);
    std::int64_t after = 0;
    std::size_t seen = 0;
    while (true) {
        const auto response = call(http::verb::get, "/v1/sync/pull?after=" + std::to_string(after) + "&limit=2", m_reviewer);
        const auto page = json(response);
        seen += page.at("ops").as_array().size();
        after = page.at("next").as_int64();
        // The cursor also travels in headers, for a client that asks for the next page before
        // decoding this one.
        EXPECT_EQ(std::string(response["Sync-Next"]), std::to_string(after));
        EXPECT_EQ(std::string(response["Sync-More"]), page.at("more").as_bool() ? "true" : "false");
        if (!page.at("more").as_bool())
            break;
    }
    EXPECT_EQ(static_cast<std::int64_t>(seen), opCount());
}

// The log keeps each version's text as pulls send it; versions an earlier server logged without
// it (an empty payload) are read back from their rows, and older copies are sent as stored.
TEST_F(ApiFixture, PulledVersionsAreTheVersionsPushedWhetherTheLogCopiedThemOrNot)
{
    const auto withText = newUuidV7();
    const auto withoutText = newUuidV7();
    const auto body = observationOp(m_assessment.id, newUuidV7(), withText);
    const auto earlierBody = observationOp(m_assessment.id, newUuidV7(), withoutText);
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, body).result_int(), 200U);
    ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_inspector, earlierBody).result_int(), 200U);
    auto& db = m_store->store().database();
    const auto pushed = boost::json::parse(body).at("ops").at(0).at("payload");
    {
        auto stored = db.prepare("SELECT payload FROM sync_ops WHERE entity = 'observation' AND entity_id = ?");
        ASSERT_TRUE(stored);
        stored->bindAll(withText);
        ASSERT_TRUE(*stored->step());
        EXPECT_EQ(boost::json::parse(stored->text(0)), pushed);
        EXPECT_EQ(stored->text(0), boost::json::serialize(store::toJson(*m_store->store().observation(withText))));
    }
    ASSERT_TRUE(db.exec("UPDATE sync_ops SET payload = '' WHERE entity_id = '" + withoutText + "'"));
    // An older server's row: the copy is kept in the log (and an other-than-canonical spelling).
    const std::string oldCopy = R"({"note" : "kept as stored", "id": "legacy"})";
    auto legacy = db.prepare("INSERT INTO sync_ops (op_id, device_id, hlc, entity, entity_id, action, payload, assessment_id, received_at) "
                             "VALUES (?, 'device-a', '1795000000000.000002', 'observation', 'legacy', 'create', ?, ?, '2026-11-20T09:30:00Z')");
    ASSERT_TRUE(legacy && legacy->bindAll(newUuidV7(), oldCopy, m_assessment.id).run());
    const auto page = call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_inspector);
    ASSERT_EQ(page.result_int(), 200U);
    std::set<std::string> versions;
    const auto pulled = json(page);
    for (const auto& op : pulled.at("ops").as_array()) {
        if (op.at("entity") != "observation")
            continue;
        const std::string id(op.at("entity_id").as_string());
        versions.insert(id);
        if (id == withText)
            EXPECT_EQ(op.at("payload"), pushed);
        else if (id == withoutText)
            EXPECT_EQ(op.at("payload"), boost::json::parse(earlierBody).at("ops").at(0).at("payload"));
        else
            EXPECT_NE(page.body().find(oldCopy), std::string::npos);
    }
    EXPECT_EQ(versions, (std::set<std::string>{withText, withoutText, "legacy"}));
}

// An op that names a version already stored (here: one of an assessment the pusher cannot see)
// with other content is refused, as versions never change, and a pull never sends it or the stored
// version. Whether the push was decoded directly (its record stands for the payload) or through
// the tree decoder.
TEST_F(ApiFixture, AnOpNamingAVersionOfAnotherAssessmentIsRefusedAndNeverPulled)
{
    for (const bool direct : {true, false}) {
        SCOPED_TRACE(direct ? "decoded directly" : "decoded through the tree");
        const auto hiddenId = newUuidV7();
        auto hidden = boost::json::parse(observationOp(m_otherAssessment.id, newUuidV7(), hiddenId));
        hidden.at("ops").at(0).at("payload").as_object()["device_id"] = "admin-tablet";
        ASSERT_EQ(call(http::verb::post, "/v1/sync/push", m_admin, boost::json::serialize(hidden)).result_int(), 200U);
        auto claim = boost::json::parse(observationOp(m_assessment.id, newUuidV7(), hiddenId));
        claim.at("ops").at(0).at("payload").as_object()["note"] = "claimed by another op";
        claim.at("ops").at(0).at("payload").as_object()["recorded_at"] = "";
        if (!direct)
            claim.at("ops").at(0).as_object()["extra"] = 1;  // a key the direct decoder leaves to the tree
        const auto body = boost::json::serialize(claim);
        ASSERT_EQ(sync::decodePush(body)->direct, direct);
        const auto refused = call(http::verb::post, "/v1/sync/push", m_inspector, body);
        EXPECT_EQ(refused.result_int(), 409U) << refused.body();
        const auto page = call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_inspector);
        ASSERT_EQ(page.result_int(), 200U);
        const auto pulled = json(page);
        for (const auto& op : pulled.at("ops").as_array()) {
            EXPECT_NE(op.at("entity_id").as_string(), hiddenId) << op;
            if (op.at("entity") == "observation") {
                EXPECT_EQ(op.at("payload").at("assessment_id").as_string(), m_assessment.id) << op;
            }
        }
    }
    EXPECT_EQ(call(http::verb::get, "/v1/sync/pull?after=0&limit=100", m_reviewer).result_int(), 200U);
}

// ---- Blobs: resumable, verified, never twice.

TEST_F(ApiFixture, AnUploadCutInTheMiddleResumesFromTheServersOffset)
{
    const std::string bytes(300'000, 'p');
    const auto sha = sha256Hex(bytes);
    const auto size = std::to_string(bytes.size());
    auto first = call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes.substr(0, 120'000), {{"Upload-Offset", "0"}, {"Upload-Length", size}});
    EXPECT_EQ(first.result_int(), 202U);
    auto head = call(http::verb::head, "/v1/blobs/" + sha, m_inspector);
    EXPECT_EQ(head.result_int(), 404U);
    EXPECT_EQ(std::string(head["Upload-Offset"]), "120000");
    // A client that lost track and sends from the wrong offset is told where to resume.
    auto wrong = call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes.substr(100'000), {{"Upload-Offset", "100000"}, {"Upload-Length", size}});
    EXPECT_EQ(wrong.result_int(), 409U);
    EXPECT_EQ(std::string(wrong["Upload-Offset"]), "120000");
    auto rest = call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes.substr(120'000), {{"Upload-Offset", "120000"}, {"Upload-Length", size}});
    EXPECT_EQ(rest.result_int(), 201U);
    EXPECT_EQ(std::string(call(http::verb::head, "/v1/blobs/" + sha, m_inspector)["Blob-Complete"]), "true");
    EXPECT_EQ(call(http::verb::get, "/v1/blobs/" + sha, m_reviewer).body(), bytes);
    // Sending it again changes nothing (never stored twice).
    EXPECT_EQ(call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes, {{"Upload-Offset", "0"}, {"Upload-Length", size}}).result_int(), 201U);
}

TEST_F(ApiFixture, BlobStatusSaysWhatHeadSaysOfEachBlobInOneRequest)
{
    const std::string whole(70'000, 'w');
    const std::string partial(90'000, 'p');
    const auto wholeSha = sha256Hex(whole);
    const auto partialSha = sha256Hex(partial);
    const auto absentSha = sha256Hex("never sent");
    ASSERT_EQ(call(http::verb::put, "/v1/blobs/" + wholeSha, m_inspector, whole, {{"Upload-Offset", "0"}, {"Upload-Length", "70000"}}).result_int(), 201U);
    ASSERT_EQ(call(http::verb::put, "/v1/blobs/" + partialSha, m_inspector, partial.substr(0, 30'000), {{"Upload-Offset", "0"}, {"Upload-Length", "90000"}})
                  .result_int(),
              202U);
    const auto response = call(http::verb::post, "/v1/blobs/status", m_trainer,
                               R"({"sha256": [")" + partialSha + R"(", ")" + absentSha + R"(", ")" + wholeSha + R"("]})");
    ASSERT_EQ(response.result_int(), 200U) << response.body();
    const auto blobs = json(response).at("blobs").as_array();
    ASSERT_EQ(blobs.size(), 3U);
    const std::vector<std::tuple<std::string, std::int64_t, bool>> expected{{partialSha, 30'000, false}, {absentSha, 0, false}, {wholeSha, 70'000, true}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& [sha, held, complete] = expected[i];
        EXPECT_EQ(blobs[i].at("sha256").as_string(), sha);
        EXPECT_EQ(blobs[i].at("held").as_int64(), held);
        EXPECT_EQ(blobs[i].at("complete").as_bool(), complete);
        const auto head = call(http::verb::head, "/v1/blobs/" + sha, m_trainer);  // the same as HEAD says
        EXPECT_EQ(std::string(head["Upload-Offset"]), std::to_string(held));
        EXPECT_EQ(std::string(head["Blob-Complete"]), complete ? "true" : "false");
    }
    EXPECT_EQ(json(call(http::verb::post, "/v1/blobs/status", m_trainer, R"({"sha256": []})")).at("blobs").as_array().size(), 0U);

    std::string tooMany = R"({"sha256": [)";
    for (int i = 0; i < 5'001; ++i)
        tooMany += (i ? ",\"" : "\"") + wholeSha + "\"";
    tooMany += "]}";
    for (const std::string& bad : {std::string(R"({"sha256": ["not-a-hash"]})"), std::string(R"({"sha256": [42]})"), std::string(R"({"sha256": "x"})"),
                                   std::string(R"({})"), std::string("{"), tooMany}) {
        const auto refused = call(http::verb::post, "/v1/blobs/status", m_trainer, bad);
        EXPECT_EQ(refused.result_int(), 400U) << bad.substr(0, 80);
        EXPECT_TRUE(json(refused).at("error").is_object());
    }
    EXPECT_EQ(call(http::verb::get, "/v1/blobs/status", m_trainer).result_int(), 400U);
}

TEST_F(ApiFixture, AWrongHashIsRefusedAndDiscarded)
{
    const std::string bytes = "these are not the bytes you named";
    const auto sha = sha256Hex("something else");
    const auto response = call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes,
                               {{"Upload-Offset", "0"}, {"Upload-Length", std::to_string(bytes.size())}});
    EXPECT_EQ(response.result_int(), 422U);
    EXPECT_NE(response.body().find("do not match"), std::string::npos);
    const auto head = call(http::verb::head, "/v1/blobs/" + sha, m_inspector);
    EXPECT_EQ(head.result_int(), 404U);
    EXPECT_EQ(std::string(head["Upload-Offset"]), "0");
}

TEST_F(ApiFixture, AWrongHashSentInPiecesIsRefusedWhenTheLastArrives)
{
    const std::string bytes(3000, 'x');
    const auto sha = sha256Hex("something else");
    const auto first = call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes.substr(0, 1000),
                            {{"Upload-Offset", "0"}, {"Upload-Length", "3000"}});
    EXPECT_EQ(first.result_int(), 202U) << first.body();
    const auto last = call(http::verb::put, "/v1/blobs/" + sha, m_inspector, bytes.substr(1000),
                           {{"Upload-Offset", "1000"}, {"Upload-Length", "3000"}});
    EXPECT_EQ(last.result_int(), 422U);
    const auto head = call(http::verb::head, "/v1/blobs/" + sha, m_inspector);
    EXPECT_EQ(head.result_int(), 404U);
    EXPECT_EQ(std::string(head["Upload-Offset"]), "0");  // the partial file went with it
}

TEST_F(ApiFixture, BlobsOverTheSizeLimitAreRefused)
{
    const auto response = call(http::verb::put, "/v1/blobs/" + std::string(64, 'a'), m_inspector, "x",
                               {{"Upload-Offset", "0"}, {"Upload-Length", std::to_string(2 * 1024 * 1024)}});
    EXPECT_EQ(response.result_int(), 400U);
    EXPECT_NE(response.body().find("limited to"), std::string::npos);
    EXPECT_EQ(call(http::verb::head, "/v1/blobs/not-a-hash", m_inspector).result_int(), 400U);
}

// ---- Enrollment.

TEST_F(ApiFixture, EnrollmentCodesWorkOnceAndTokensAreStoredHashed)
{
    const auto created = call(http::verb::post, "/v1/admin/enrollment-codes", m_admin,
                              R"({"role": "inspector", "scope": {"inspector": "zhang.min"}, "valid_hours": 2})");
    ASSERT_EQ(created.result_int(), 201U) << created.body();
    const std::string code(json(created).at("code").as_string());
    // Typed in lower case with spaces: still accepted.
    std::string typed;
    for (char c : code)
        typed += c == '-' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto enrolled = call(http::verb::post, "/v1/enroll", {}, R"({"code": ")" + typed + R"(", "device_name": "tablet 7"})");
    ASSERT_EQ(enrolled.result_int(), 201U) << enrolled.body();
    const std::string token(json(enrolled).at("token").as_string());
    EXPECT_EQ(json(call(http::verb::get, "/v1/me", token)).at("scope").at("inspector").as_string(), "zhang.min");
    const auto again = call(http::verb::post, "/v1/enroll", {}, R"({"code": ")" + code + R"("})");
    EXPECT_EQ(again.result_int(), 401U);
    EXPECT_NE(again.body().find("already used"), std::string::npos);
    auto stmt = m_store->store().database().prepare("SELECT count(*) FROM devices WHERE token_hash = ?");
    stmt->bindAll(token);
    ASSERT_TRUE(*stmt->step());
    EXPECT_EQ(stmt->integer(0), 0);  // the raw token is nowhere in the database
    EXPECT_EQ(call(http::verb::post, "/v1/enroll", {}, R"({"code": "NOPE-NOPE-NOPE-NOPE"})").result_int(), 401U);
    EXPECT_EQ(call(http::verb::post, "/v1/enroll", {}, R"({"kode": 1})").result_int(), 400U);
}

TEST_F(ApiFixture, PublicEndpointsAndErrorsAreJson)
{
    EXPECT_EQ(call(http::verb::get, "/healthz").result_int(), 200U);
    const auto openapi = call(http::verb::get, "/v1/openapi.json");
    EXPECT_EQ(openapi.result_int(), 200U);
    EXPECT_EQ(json(openapi).at("openapi").as_string(), "3.0.3");
    const auto missing = call(http::verb::get, "/nowhere");
    EXPECT_EQ(missing.result_int(), 404U);
    EXPECT_EQ(json(missing).at("error").at("code").as_string(), "not_found");
    EXPECT_NE(call(http::verb::get, "/metrics", m_admin).body().find("igmc_sync_ops_total"), std::string::npos);
}

}  // namespace
}  // namespace igmc::server
