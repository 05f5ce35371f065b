// Pushes as an attacker holding a valid token of each role would send them: each refused on the
// stored facts it touches, and nothing acknowledged undone (rules: sync/protocol/write_rules.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "http/api.hpp"

#include "core/ids.hpp"
#include "server/server_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace igmc::server {
namespace {

using test::ApiFixture;
namespace http = boost::beast::http;

class PushAuthorisation : public ApiFixture {
protected:
    void SetUp() override
    {
        ApiFixture::SetUp();
        store::Partner other;
        other.name = "Qujiang District";
        other.profile = m_partner.profile;
        other.country = "CN";
        m_otherPartner = *m_store->addPartner(other);
        Scope trainer;
        trainer.partnerId = m_otherPartner.id;
        m_otherTrainer = enroll(Role::Trainer, trainer);
        m_ownVisit = visit(m_partner.id);
        m_otherVisit = visit(m_otherPartner.id);
    }

    store::TrainingVisit visit(const std::string& partnerId)
    {
        store::TrainingVisit v;
        v.partnerId = partnerId;
        v.visitDate = "2026-06-01";
        auto added = m_store->store().addTrainingVisit(v);
        EXPECT_TRUE(added) << added.error().message;
        return *added;
    }

    static store::Observation version(const std::string& assessmentId, const std::string& author, const char* value = "31.5")
    {
        store::Observation o;
        o.id = newUuidV7();
        o.assessmentId = assessmentId;
        o.indicatorCode = "EN1.1";
        o.value = scoring::Value{*Decimal::parse(value)};
        o.observedAt = "2026-11-20T09:30:00Z";
        o.inspector = "li.wei";
        o.deviceId = author;
        o.hlc = "1795000000000.000001";
        o.recordedAt = "2026-11-20T09:30:01.000Z";
        return o;
    }

    // A version stored as another inspector's push left it.
    store::Observation stored(const std::string& assessmentId)
    {
        auto o = version(assessmentId, "tablet-of-another-inspector");
        EXPECT_TRUE(m_store->store().applyRemoteObservation(o));
        return o;
    }

    Response push(const std::string& token, std::vector<sync::Op> ops)
    {
        sync::PushRequest request;
        request.ops = std::move(ops);
        return call(http::verb::post, "/v1/sync/push", token, sync::encode(request));
    }

    static sync::Op versionOp(const store::Observation& o, std::string opId = newUuidV7())
    {
        return {std::move(opId), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}};
    }

    static sync::Op op(const std::string& entity, const std::string& id, const std::string& action, boost::json::object payload,
                       std::string hlc = "1795000000000.000001")
    {
        return {newUuidV7(), "", std::move(hlc), entity, id, action, std::move(payload), 0, {}};
    }

    static std::string hoursAhead(int hours)
    {
        const auto at = std::chrono::system_clock::now() + std::chrono::hours(hours);
        return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count()) + ".000000";
    }

    static std::string message(const Response& response)
    {
        return std::string(json(response).at("error").at("message").as_string());
    }

    store::Partner m_otherPartner;
    std::string m_otherTrainer;
    store::TrainingVisit m_ownVisit, m_otherVisit;
};

TEST_F(PushAuthorisation, AnInspectorMayNotTombstoneAnotherAssessmentsObservationByNamingItsOwn)
{
    const auto theirs = stored(m_otherAssessment.id);
    const auto refused = push(m_inspector, {op("observation", theirs.id, "delete", {{"assessment_id", m_assessment.id}})});
    EXPECT_EQ(refused.result_int(), 403U) << refused.body();
    EXPECT_TRUE(m_store->store().observation(theirs.id));
}

TEST_F(PushAuthorisation, AnInspectorMayNotLinkEvidenceToAnotherAssessmentAfterAnOwnObservation)
{
    const auto mine = version(m_assessment.id, "inspector-tablet");
    ASSERT_EQ(push(m_inspector, {versionOp(mine)}).result_int(), 200U);
    const auto theirs = stored(m_otherAssessment.id);
    const std::string sha(64, 'c');
    const auto refused = push(m_inspector, {op("evidence", sha, "create",
                                               {{"sha256", sha}, {"media_type", "image/jpeg"}, {"size_bytes", 10}, {"recorded_at", "2026-11-20T09:31:00Z"},
                                                {"observation_ids", boost::json::array{mine.id, theirs.id}}})});
    EXPECT_EQ(refused.result_int(), 403U) << refused.body();
    EXPECT_NE(message(refused).find(theirs.id), std::string::npos);
    EXPECT_FALSE(m_store->store().evidence(sha));
    const auto link = push(m_inspector, {op("evidence", sha, "link", {{"sha256", sha}, {"observation_id", theirs.id}})});
    EXPECT_GE(link.result_int(), 400U) << link.body();
}

TEST_F(PushAuthorisation, ATrainerMayNotAttachEvidenceToAnyObservation)
{
    const auto theirs = stored(m_assessment.id);
    const std::string sha(64, 'd');
    const auto refused = push(m_trainer, {op("evidence", sha, "create",
                                             {{"sha256", sha}, {"media_type", "image/jpeg"}, {"size_bytes", 10}, {"recorded_at", "2026-11-20T09:31:00Z"},
                                              {"observation_ids", boost::json::array{theirs.id}}})});
    EXPECT_EQ(refused.result_int(), 403U) << refused.body();
    EXPECT_FALSE(m_store->store().evidence(sha));
}

TEST_F(PushAuthorisation, ATrainerMayNotCompleteOrTombstoneAnotherPartnersVisitByNamingItsOwnPartner)
{
    auto payload = store::toJson(m_otherVisit);
    payload["partner_id"] = m_partner.id;
    payload["status"] = "completed";
    payload["completed_at"] = "2026-06-01T16:00:00Z";
    const auto completion = push(m_trainer, {op("training_visit", m_otherVisit.id, "complete", payload)});
    EXPECT_EQ(completion.result_int(), 403U) << completion.body();
    const auto tombstone = push(m_trainer, {op("training_visit", m_otherVisit.id, "delete", {{"partner_id", m_partner.id}})});
    EXPECT_EQ(tombstone.result_int(), 403U) << tombstone.body();
    EXPECT_EQ(m_store->store().trainingVisit(m_otherVisit.id)->status, store::VisitStatus::Planned);
}

TEST_F(PushAuthorisation, ATrainerMayNotTombstoneASurveyResponse)
{
    auto tombstone = op("survey_response", newUuidV4(), "delete", {{"site_id", m_site.id}}, "1795442400000.000000");  // anonymous in form
    const auto refused = push(m_trainer, {tombstone});
    EXPECT_EQ(refused.result_int(), 403U) << refused.body();
}

TEST_F(PushAuthorisation, AVersionMayNotClaimAnotherDevicesAuthorship)
{
    ASSERT_EQ(push(m_inspector, {versionOp(version(m_assessment.id, "tablet-1"))}).result_int(), 200U);
    Scope scope;
    scope.inspector = "li.wei";
    const auto second = enroll(Role::Inspector, scope);
    const auto forged = push(second, {versionOp(version(m_assessment.id, "tablet-1"))});
    EXPECT_EQ(forged.result_int(), 403U) << forged.body();
    EXPECT_EQ(push(second, {versionOp(version(m_assessment.id, "tablet-2"))}).result_int(), 200U);
    // Once bound, a device keeps its own author id too.
    const auto switched = push(m_inspector, {versionOp(version(m_assessment.id, "tablet-3"))});
    EXPECT_EQ(switched.result_int(), 403U) << switched.body();
}

TEST_F(PushAuthorisation, AnOpIdAnotherDeviceUsedIsAConflictThatSaysNothingOfIt)
{
    const auto theirs = versionOp(version(m_assessment.id, "tablet-1"));
    const auto first = push(m_inspector, {theirs});
    ASSERT_EQ(first.result_int(), 200U) << first.body();
    // The same device sending it again is answered as before: a duplicate, with its seq.
    const auto again = push(m_inspector, {theirs});
    ASSERT_EQ(again.result_int(), 200U) << again.body();
    EXPECT_EQ(json(again).at("acks").at(0).at("status").as_string(), "duplicate");
    // Another device (one that cannot see that assessment) learns nothing of it.
    const auto probe = push(m_admin, {versionOp(version(m_otherAssessment.id, "admin-tablet"), theirs.opId)});
    EXPECT_EQ(probe.result_int(), 409U) << probe.body();
    EXPECT_EQ(probe.body().find("\"seq\""), std::string::npos) << probe.body();
    EXPECT_EQ(probe.body().find(m_assessment.id), std::string::npos) << probe.body();
}

TEST_F(PushAuthorisation, AVersionIdReusedWithOtherContentIsRefusedAndTheStoredVersionKept)
{
    const auto original = version(m_assessment.id, "tablet-1", "31.5");
    ASSERT_EQ(push(m_inspector, {versionOp(original)}).result_int(), 200U);
    const auto ops = opCount();
    auto changed = original;
    changed.value = scoring::Value{*Decimal::parse("99")};
    const auto refused = push(m_inspector, {versionOp(changed)});
    EXPECT_EQ(refused.result_int(), 409U) << refused.body();
    EXPECT_EQ(opCount(), ops);
    EXPECT_EQ(store::toJson(*m_store->store().observation(original.id)).at("value"), store::toJson(original).at("value"));
    // The same version in another op is no change, and is accepted as before.
    EXPECT_EQ(push(m_inspector, {versionOp(original)}).result_int(), 200U);
}

// An acknowledged write is never undone by another device's op outside its scope, whatever its clock.
TEST_F(PushAuthorisation, AnAcknowledgedCompletionSurvivesAnotherPartnersOpsStampedAhead)
{
    auto payload = store::toJson(m_ownVisit);
    payload["status"] = "completed";
    payload["completed_at"] = "2026-06-01T16:00:00Z";
    payload["notes"] = "Wetland buffer recommended";
    const auto completed = push(m_trainer, {op("training_visit", m_ownVisit.id, "complete", payload)});
    ASSERT_EQ(completed.result_int(), 200U) << completed.body();
    const auto ahead = hoursAhead(47);  // within the clock skew the server allows
    EXPECT_EQ(push(m_otherTrainer, {op("training_visit", m_ownVisit.id, "delete", {{"partner_id", m_otherPartner.id}}, ahead)}).result_int(), 403U);
    auto undo = store::toJson(m_ownVisit);
    undo["partner_id"] = m_otherPartner.id;
    EXPECT_EQ(push(m_otherTrainer, {op("training_visit", m_ownVisit.id, "complete", undo, ahead)}).result_int(), 403U);
    EXPECT_EQ(push(m_otherTrainer, {op("training_attendance", m_ownVisit.id, "sign_in",
                                       {{"visit_id", m_ownVisit.id}, {"name", "Mallory"}, {"organisation", "Qujiang"}, {"role", "planner"},
                                        {"consent", true}, {"signed_at", "2026-06-01T09:00:00Z"}},
                                       ahead)})
                  .result_int(),
              403U);
    const auto visit = m_store->store().trainingVisit(m_ownVisit.id);
    ASSERT_TRUE(visit) << visit.error().message;
    EXPECT_EQ(visit->status, store::VisitStatus::Completed);
    EXPECT_EQ(visit->notes, "Wetland buffer recommended");
}

}  // namespace
}  // namespace igmc::server
