// The write rules as a matrix: every change the rule table names × every role × a target in the
// device's own scope and one outside it, against records stored the way the server stores them;
// then the forged claims (rule numbers: sync/protocol/write_rules.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "protocol/write_rules.hpp"

#include "core/ids.hpp"
#include "shared/store/store_fixture.hpp"
#include "store/record_json.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>

namespace igmc::sync {
namespace {

using store::test::StoreFixture;

enum class Target { Own, Other };

constexpr std::array kRoles{Role::Admin, Role::Reviewer, Role::Inspector, Role::Trainer, Role::Kiosk};

class WriteRules : public StoreFixture {
protected:
    void SetUp() override
    {
        StoreFixture::SetUp();
        auto& s = *m_store;
        store::Partner other = *s.partner(m_partner.id);
        other.id.clear();
        other.name = "Qujiang District";
        m_otherPartner = *s.addPartner(other);
        store::Site site = m_site;
        site.id.clear();
        site.partnerId = m_otherPartner.id;
        m_otherSite = *s.addSite(site);
        store::Assessment assessment = m_assessment;
        assessment.id.clear();
        m_unassigned = *s.addAssessment(assessment);
        m_ownVersion = *s.recordObservation(store::test::numberObservation(m_assessment.id, "EN1.1", "31.5"));
        m_otherVersion = *s.recordObservation(store::test::numberObservation(m_unassigned.id, "EN1.1", "40"));
        store::Evidence photo{std::string(64, 'a'), "image/jpeg", 1200, "wetland.jpg", std::nullopt, std::nullopt, {}, {}};
        m_evidence = *s.addEvidence(photo);
        m_ownVisit = *s.addTrainingVisit(visit(m_partner.id));
        m_otherVisit = *s.addTrainingVisit(visit(m_otherPartner.id));
    }

    static store::TrainingVisit visit(const std::string& partnerId)
    {
        store::TrainingVisit v;
        v.partnerId = partnerId;
        v.visitDate = "2026-06-01";
        return v;
    }

    Pusher pusher(Role role) const
    {
        Pusher p{role, {}, "tablet-" + std::string(toString(role)), {}};
        if (role == Role::Inspector)
            p.visibleAssessments = {m_assessment.id};
        if (role == Role::Trainer)
            p.scope.partnerId = m_partner.id;
        if (role == Role::Kiosk)
            p.scope.siteId = m_site.id;
        return p;
    }

    Op op(const std::string& entity, const std::string& id, const std::string& action, boost::json::object payload, const Pusher& who) const
    {
        return {newUuidV7(), isAnonymous(entity) ? std::string() : who.authorId, "1795000000000.000001", entity, id, action, std::move(payload), 0, {}};
    }

    // A well-formed op for each change, aimed at the pusher's own scope or outside it.
    Op build(const std::string& change, Target target, const Pusher& who)
    {
        const bool own = target == Target::Own;
        const auto& observation = own ? m_ownVersion : m_otherVersion;
        const auto& visitHere = own ? m_ownVisit : m_otherVisit;
        const auto& site = own ? m_site : m_otherSite;
        const auto& assessment = own ? m_assessment : m_unassigned;
        if (change == "observation/create") {
            m_version = store::test::remoteObservation(assessment.id, "EN1.2", "12", who.authorId, "1795000000000.000001");
            return op("observation", m_version.id, "create", store::toJson(m_version), who);
        }
        if (change == "evidence/create") {
            boost::json::array ids;
            if (!own || who.role != Role::Trainer)  // a trainer's own evidence is an unlinked site-walk photo
                ids.emplace_back(observation.id);
            return op("evidence", std::string(64, 'b'), "create",
                      {{"sha256", std::string(64, 'b')}, {"media_type", "image/jpeg"}, {"size_bytes", 10}, {"observation_ids", ids}}, who);
        }
        if (change == "evidence/link")
            return op("evidence", m_evidence.sha256, "link", {{"sha256", m_evidence.sha256}, {"observation_id", observation.id}}, who);
        if (change == "assessment/status") {
            auto payload = store::toJson(assessment);
            payload["status"] = "submitted";
            return op("assessment", assessment.id, "status", payload, who);
        }
        if (change == "training_visit/create") {
            auto payload = store::toJson(visit(own ? m_partner.id : m_otherPartner.id));
            payload["id"] = newUuidV7();
            return op("training_visit", std::string(payload["id"].as_string()), "create", payload, who);
        }
        if (change == "training_visit/complete") {
            auto payload = store::toJson(visitHere);
            payload["status"] = "completed";
            return op("training_visit", visitHere.id, "complete", payload, who);
        }
        if (change == "training_attendance/sign_in")
            return op("training_attendance", visitHere.id, "sign_in", {{"visit_id", visitHere.id}, {"name", "Wang Fang"}, {"consent", true}}, who);
        if (change == "training_feedback/create")
            return op("training_feedback", visitHere.id, "create", {{"visit_id", visitHere.id}, {"session", "s1"}, {"response_id", newUuidV4()}}, who);
        if (change == "survey_response/create" || change == "survey_rejection/create") {
            const auto entity = change.substr(0, change.find('/'));
            const std::string id = newUuidV4();
            const std::string survey = who.role == Role::Trainer ? "training-feedback" : "resident-wellbeing";
            return op(entity, id, "create", {{"id", id}, {"survey_id", survey}, {"survey_version", 1}, {"site_id", site.id}}, who);
        }
        if (change.ends_with("/delete"))
            return op("observation", observation.id, "delete", {}, who);
        // Records only the programme creates: the payload's shape is not what is decided here.
        const auto entity = change.substr(0, change.find('/'));
        return op(entity, newUuidV7(), change.substr(change.find('/') + 1), {{"partner_id", m_partner.id}}, who);
    }

    store::Partner m_otherPartner;
    store::Site m_otherSite;
    store::Assessment m_unassigned;
    store::Observation m_ownVersion, m_otherVersion, m_version;
    store::Evidence m_evidence;
    store::TrainingVisit m_ownVisit, m_otherVisit;
};

// Who may push each change, in the device's own scope and outside it. Written out here, not read
// from the rule table, so that the table is checked against it.
struct Expected {
    RoleSet own;
    RoleSet other;
};

RoleSet roles(std::initializer_list<Role> list)
{
    RoleSet set = 0;
    for (auto role : list)
        set |= roleBit(role);
    return set;
}

const std::map<std::string, Expected>& expectations()
{
    using R = Role;
    static const std::map<std::string, Expected> table{
        {"observation/create", {roles({R::Admin, R::Inspector}), roles({R::Admin})}},
        {"evidence/create", {roles({R::Admin, R::Inspector, R::Trainer}), roles({R::Admin})}},
        {"evidence/link", {roles({R::Admin, R::Inspector}), roles({R::Admin})}},
        {"assessment/status", {roles({R::Admin, R::Inspector, R::Reviewer}), roles({R::Admin, R::Reviewer})}},
        {"training_visit/create", {roles({R::Admin, R::Trainer}), roles({R::Admin})}},
        {"training_visit/complete", {roles({R::Admin, R::Trainer}), roles({R::Admin})}},
        {"training_attendance/sign_in", {roles({R::Admin, R::Trainer}), roles({R::Admin})}},
        {"training_feedback/create", {roles({R::Admin, R::Trainer}), roles({R::Admin})}},
        {"survey_response/create", {roles({R::Admin, R::Kiosk, R::Trainer}), roles({R::Admin})}},
        {"survey_rejection/create", {roles({R::Admin, R::Kiosk}), roles({R::Admin})}},
        {"partner/create", {roles({R::Admin}), roles({R::Admin})}},
        {"site/create", {roles({R::Admin}), roles({R::Admin})}},
        {"assessment/create", {roles({R::Admin}), roles({R::Admin})}},
        {"assignment/create", {roles({R::Admin}), roles({R::Admin})}},
        {"survey_definition/create", {roles({R::Admin}), roles({R::Admin})}},
        {"membership/create", {roles({R::Admin}), roles({R::Admin})}},
        {"membership/pay", {roles({R::Admin}), roles({R::Admin})}},
        {"*/delete", {roles({R::Admin}), roles({R::Admin})}},
    };
    return table;
}

// Rules 1-5: every rule of the table has its row here, and every role gets what the row says.
TEST_F(WriteRules, EveryChangeEveryRoleOwnAndOtherScopeIsAllowedOrRefusedAsExpected)
{
    ASSERT_EQ(writeRules().size(), expectations().size()) << "a rule was added or removed: add its row to expectations()";
    for (const auto& rule : writeRules()) {
        const std::string change = std::string(rule.entity) + "/" + std::string(rule.action);
        const auto row = expectations().find(change);
        ASSERT_NE(row, expectations().end()) << change << " has no row in expectations()";
        for (const auto role : kRoles) {
            for (const auto target : {Target::Own, Target::Other}) {
                const auto who = pusher(role);
                const auto pushed = build(change, target, who);
                const auto decided = authorisePush(*m_store, who, pushed, change == "observation/create" ? &m_version : nullptr);
                const RoleSet allowed = target == Target::Own ? row->second.own : row->second.other;
                const std::string where = change + " as " + std::string(toString(role)) + (target == Target::Own ? ", own scope" : ", other scope");
                if (allowed & roleBit(role)) {
                    EXPECT_TRUE(decided) << where << ": " << decided.error().message;
                } else {
                    ASSERT_FALSE(decided) << where << " was allowed";
                    EXPECT_EQ(decided.error().code, ErrorCode::Forbidden) << where << ": " << decided.error().message;
                }
            }
        }
    }
}

TEST_F(WriteRules, AChangeNoRuleNamesIsRefused)
{
    const auto who = pusher(Role::Admin);
    const auto decided = authorisePush(*m_store, who, op("pilot_project", newUuidV7(), "nominate", {}, who), nullptr);
    ASSERT_FALSE(decided);
    EXPECT_EQ(decided.error().code, ErrorCode::InvalidArgument);
}

// Rule 3: a version's author is the device that pushes it.
TEST_F(WriteRules, AVersionAuthoredByAnotherDeviceIsRefused)
{
    const auto who = pusher(Role::Inspector);
    auto version = store::test::remoteObservation(m_assessment.id, "EN1.2", "12", "tablet-of-someone-else", "1795000000000.000001");
    auto pushed = op("observation", version.id, "create", store::toJson(version), who);
    const auto decided = authorisePush(*m_store, who, pushed, &version);
    ASSERT_FALSE(decided);
    EXPECT_NE(decided.error().message.find("author"), std::string::npos) << decided.error().message;
}

TEST_F(WriteRules, AnOpNamingAnotherDeviceIsRefused)
{
    const auto who = pusher(Role::Trainer);
    auto pushed = build("training_visit/complete", Target::Own, who);
    pushed.deviceId = "tablet-of-someone-else";
    const auto decided = authorisePush(*m_store, who, pushed, nullptr);
    ASSERT_FALSE(decided);
    EXPECT_EQ(decided.error().code, ErrorCode::Forbidden);
}

// Rule 3: the payload names the trainer's own partner; the stored visit is another's.
TEST_F(WriteRules, ACompletionNamingTheOwnPartnerForAnotherPartnersVisitIsRefused)
{
    const auto who = pusher(Role::Trainer);
    auto pushed = build("training_visit/complete", Target::Other, who);
    pushed.payload["partner_id"] = m_partner.id;
    const auto decided = authorisePush(*m_store, who, pushed, nullptr);
    ASSERT_FALSE(decided);
    EXPECT_NE(decided.error().message.find("another partner"), std::string::npos) << decided.error().message;
}

// Rule 2 for every end: a list whose first observation is the inspector's and second is not.
TEST_F(WriteRules, EvidenceListingAnOwnThenAnotherAssessmentsObservationIsRefused)
{
    const auto who = pusher(Role::Inspector);
    auto pushed = build("evidence/create", Target::Own, who);
    pushed.payload["observation_ids"] = boost::json::array{m_ownVersion.id, m_otherVersion.id};
    const auto decided = authorisePush(*m_store, who, pushed, nullptr);
    ASSERT_FALSE(decided);
    EXPECT_NE(decided.error().message.find(m_otherVersion.id), std::string::npos) << decided.error().message;
}

// Rule 2: a change to a record the server does not hold says so (422), whoever asks.
TEST_F(WriteRules, ACompletionOfAVisitTheServerDoesNotHoldIsRefusedAsUnknown)
{
    const auto who = pusher(Role::Admin);
    auto pushed = build("training_visit/complete", Target::Own, who);
    pushed.entityId = newUuidV7();
    pushed.payload["id"] = pushed.entityId;
    const auto decided = authorisePush(*m_store, who, pushed, nullptr);
    ASSERT_FALSE(decided);
    EXPECT_EQ(decided.error().code, ErrorCode::ValidationError);
}

// The scope an op is logged under comes from the stored target: an admin's completion of a visit
// is pulled by that visit's partner, whatever partner its payload names.
TEST_F(WriteRules, TheScopeLoggedIsTheStoredTargetsNotThePayloads)
{
    const auto who = pusher(Role::Admin);
    auto pushed = build("training_visit/complete", Target::Own, who);
    pushed.payload["partner_id"] = m_otherPartner.id;
    EXPECT_FALSE(authorisePush(*m_store, who, pushed, nullptr));  // a claim that disagrees is refused, even an admin's
    auto attendance = build("training_attendance/sign_in", Target::Own, who);
    const auto decided = authorisePush(*m_store, who, attendance, nullptr);
    ASSERT_TRUE(decided) << decided.error().message;
    EXPECT_EQ(decided->partnerId, m_partner.id);
}

// Rule 4: resident answers are a kiosk's; a trainer collects training feedback only.
TEST_F(WriteRules, ATrainerMayNotAnswerAResidentSurvey)
{
    const auto who = pusher(Role::Trainer);
    auto pushed = build("survey_response/create", Target::Own, who);
    pushed.payload["survey_id"] = "resident-wellbeing";
    const auto decided = authorisePush(*m_store, who, pushed, nullptr);
    ASSERT_FALSE(decided);
    EXPECT_EQ(decided.error().code, ErrorCode::Forbidden);
}

// Rule 3 for feedback: the response it names, where stored, is training feedback, not a resident's.
TEST_F(WriteRules, FeedbackNamingAResidentsResponseIsRefused)
{
    ASSERT_TRUE(m_store->database().exec("PRAGMA foreign_keys = OFF"));  // no survey definition needed here
    const auto resident = m_store->addSurveyResponse({newUuidV4(), "resident-wellbeing", 1, m_site.id, "zh", "{}", "2026-11-23T14:00:00Z"});
    ASSERT_TRUE(resident) << resident.error().message;
    const auto who = pusher(Role::Trainer);
    auto pushed = build("training_feedback/create", Target::Own, who);
    pushed.payload["response_id"] = resident->id;
    const auto decided = authorisePush(*m_store, who, pushed, nullptr);
    ASSERT_FALSE(decided);
    EXPECT_EQ(decided.error().code, ErrorCode::Forbidden);
}

}  // namespace
}  // namespace igmc::sync
