// SPDX-License-Identifier: Apache-2.0
#include "protocol/write_rules.hpp"

#include "store/record_json.hpp"

#include <algorithm>
#include <array>

namespace igmc::sync {

namespace {

using store::Store;

constexpr RoleSet kAdmin = roleBit(Role::Admin);
constexpr RoleSet kFieldWork = kAdmin | roleBit(Role::Inspector);
constexpr RoleSet kTraining = kAdmin | roleBit(Role::Trainer);

std::optional<std::string> text(const Op& op, std::string_view key)
{
    const auto* value = op.payload.if_contains(key);
    if (!value || !value->is_string())
        return std::nullopt;
    return std::string(value->get_string());
}

std::string change(const Op& op)
{
    return op.entity + "/" + op.action + " (op " + op.opId + ")";
}

Error denied(const Pusher& pusher, const Op& op, const std::string& why)
{
    return makeError(ErrorCode::Forbidden, "a " + std::string(toString(pusher.role)) + " device may not push " + change(op) + ": " + why);
}

Error unknown(const Op& op, const std::string& what)
{
    return makeError(ErrorCode::ValidationError, change(op) + ": the server holds no " + what);
}

bool is(const Pusher& pusher, Role role)
{
    return pusher.role == role;
}

// Rule 3: an id the payload names must be the op's own entity id.
Result<void> sameId(const Pusher& pusher, const Op& op, std::string_view key)
{
    if (auto id = text(op, key); !id || *id != op.entityId)
        return denied(pusher, op, "its payload's " + std::string(key) + " is not the op's entity id " + op.entityId);
    return {};
}

Result<store::Observation> storedObservation(Store& store, const Op& op, const std::string& id)
{
    auto observation = store.observation(id);
    if (!observation && observation.error().code == ErrorCode::NotFound)
        return unknown(op, "observation " + id);
    return observation;
}

Result<store::TrainingVisit> storedVisit(Store& store, const Pusher& pusher, const Op& op, const std::string& id)
{
    auto visit = store.trainingVisit(id);
    if (!visit && visit.error().code == ErrorCode::NotFound)
        return unknown(op, "training visit " + id);
    if (!visit)
        return visit.error();
    if (is(pusher, Role::Trainer) && visit->partnerId != pusher.scope.partnerId)
        return denied(pusher, op, "the training visit belongs to another partner");
    return visit;
}

// ---- The decisions, one per change (rules 2-4)

Result<OpScope> decideVersion(Store&, const Pusher& pusher, const Op& op, const store::Observation* version)
{
    if (!version)
        return makeError(ErrorCode::ValidationError, change(op) + ": the version does not decode");
    if (version->id != op.entityId)
        return denied(pusher, op, "the version's id is not the op's entity id");
    if (version->deviceId != pusher.authorId)
        return denied(pusher, op, "a version's author is the device that pushes it, not device " + version->deviceId);
    if (is(pusher, Role::Inspector) && !pusher.visibleAssessments.contains(version->assessmentId))
        return denied(pusher, op, "the assessment is not assigned to this inspector");
    return OpScope{version->assessmentId, std::nullopt, std::nullopt};
}

Result<OpScope> decideEvidence(Store& store, const Pusher& pusher, const Op& op, const store::Observation*)
{
    if (auto same = sameId(pusher, op, "sha256"); !same)
        return same.error();
    std::vector<std::string> ids;
    if (const auto* list = op.payload.if_contains("observation_ids"); list && list->is_array()) {
        for (const auto& id : list->get_array()) {
            if (id.is_string())
                ids.emplace_back(id.get_string());
        }
    }
    if (auto one = text(op, "observation_id"))
        ids.push_back(*one);  // a link
    if (is(pusher, Role::Trainer) && !ids.empty())
        return denied(pusher, op, "a trainer keeps site-walk photos; linking evidence to observations is an inspector's");
    if (op.action == "link" && ids.empty())
        return makeError(ErrorCode::ValidationError, change(op) + ": a link names sha256 and observation_id");
    if (op.action == "link") {
        if (auto held = store.evidence(op.entityId); !held)
            return held.error().code == ErrorCode::NotFound ? unknown(op, "evidence " + op.entityId) : held.error();
    }
    OpScope scope;
    for (const auto& id : ids) {  // rule 2 for every end of every link
        auto observation = storedObservation(store, op, id);
        if (!observation)
            return observation.error();
        if (is(pusher, Role::Inspector) && !pusher.visibleAssessments.contains(observation->assessmentId))
            return denied(pusher, op, "observation " + id + " belongs to an assessment not assigned to this inspector");
        if (!scope.assessmentId)
            scope.assessmentId = observation->assessmentId;
    }
    return scope;
}

Result<OpScope> decideAssessmentStatus(Store& store, const Pusher& pusher, const Op& op, const store::Observation*)
{
    if (auto same = sameId(pusher, op, "id"); !same)
        return same.error();
    auto stored = store.assessment(op.entityId);
    if (!stored)
        return stored.error().code == ErrorCode::NotFound ? unknown(op, "assessment " + op.entityId) : stored.error();
    if (text(op, "site_id") != stored->siteId)
        return denied(pusher, op, "the payload names another site than the assessment's");
    if (is(pusher, Role::Inspector)) {
        if (!pusher.visibleAssessments.contains(op.entityId))
            return denied(pusher, op, "the assessment is not assigned to this inspector");
        const auto status = text(op, "status");
        if (status != "fieldwork" && status != "submitted")
            return denied(pusher, op, "an inspector moves an assessment to fieldwork or submitted only");
    }
    return OpScope{op.entityId, std::nullopt, stored->siteId};
}

Result<OpScope> decideVisitCreate(Store& store, const Pusher& pusher, const Op& op, const store::Observation*)
{
    if (auto same = sameId(pusher, op, "id"); !same)
        return same.error();
    const auto partner = text(op, "partner_id").value_or("");
    if (is(pusher, Role::Trainer) && partner != pusher.scope.partnerId)
        return denied(pusher, op, "the training visit names another partner");
    if (auto stored = store.trainingVisit(op.entityId); stored && stored->partnerId != partner)
        return denied(pusher, op, "a training visit with this id belongs to another partner");
    if (auto siteId = text(op, "site_id")) {
        auto site = store.site(*siteId);
        if (!site)
            return site.error().code == ErrorCode::NotFound ? unknown(op, "site " + *siteId) : site.error();
        if (site->partnerId != partner)
            return denied(pusher, op, "the visit's site belongs to another partner");
    }
    return OpScope{std::nullopt, partner, std::nullopt};
}

Result<OpScope> decideVisitCompletion(Store& store, const Pusher& pusher, const Op& op, const store::Observation*)
{
    if (auto same = sameId(pusher, op, "id"); !same)
        return same.error();
    auto visit = storedVisit(store, pusher, op, op.entityId);
    if (!visit)
        return visit.error();
    if (text(op, "partner_id") != visit->partnerId)
        return denied(pusher, op, "the payload names another partner than the stored visit's");
    return OpScope{std::nullopt, visit->partnerId, std::nullopt};
}

// Attendance and feedback: the visit they name (the attendance op's entity is its visit).
Result<OpScope> decideVisitRecord(Store& store, const Pusher& pusher, const Op& op, const store::Observation*)
{
    const auto visitId = text(op, "visit_id");
    if (!visitId)
        return makeError(ErrorCode::ValidationError, change(op) + ": it names no visit_id");
    if (op.entity == "training_attendance") {
        if (auto same = sameId(pusher, op, "visit_id"); !same)
            return same.error();
    }
    auto visit = storedVisit(store, pusher, op, *visitId);
    if (!visit)
        return visit.error();
    // Feedback names a response: a session's feedback, never a resident's answers.
    if (const auto responseId = text(op, "response_id")) {
        if (auto response = store.surveyResponse(*responseId); response && response->surveyId != "training-feedback")
            return denied(pusher, op, "the response it names is not training feedback");
    }
    return OpScope{std::nullopt, visit->partnerId, std::nullopt};
}

// Resident answers at a kiosk's own site; session feedback at a site of a trainer's own partner.
Result<OpScope> decideSurveyAnswer(Store& store, const Pusher& pusher, const Op& op, const store::Observation*)
{
    if (auto same = sameId(pusher, op, "id"); !same)
        return same.error();
    const auto siteId = text(op, "site_id").value_or("");
    if (is(pusher, Role::Kiosk) && (pusher.scope.siteId.empty() || siteId != pusher.scope.siteId))
        return denied(pusher, op, "the response names another site than this kiosk's");
    if (is(pusher, Role::Trainer)) {
        if (text(op, "survey_id") != "training-feedback")
            return denied(pusher, op, "trainers collect training feedback only, not resident surveys");
        auto site = store.site(siteId);
        if (!site || site->partnerId != pusher.scope.partnerId)
            return denied(pusher, op, "the feedback names a site of another partner");
    }
    if (op.entity == "survey_response") {
        // Responses are immutable: an id already stored with other answers is not a retry.
        auto incoming = store::surveyResponseFromJson(op.payload);
        auto stored = store.surveyResponse(op.entityId);
        if (incoming && stored
            && (stored->surveyId != incoming->surveyId || stored->surveyVersion != incoming->surveyVersion || stored->siteId != incoming->siteId
                || stored->answersJson != incoming->answersJson))
            return makeError(ErrorCode::Conflict, change(op) + ": a different response with this id is already stored");
    }
    return OpScope{std::nullopt, std::nullopt, siteId};
}

// Records only the programme creates (partners, sites, assessments, assignments, memberships,
// survey definitions) and tombstones: an admin's, scoped as their payload says.
Result<OpScope> decideProgramme(Store& store, const Pusher&, const Op& op, const store::Observation* version)
{
    return scopeOf(store, op, version ? DecodedRecord(*version) : DecodedRecord());
}

constexpr RoleSet kAnswering = kAdmin | roleBit(Role::Kiosk) | roleBit(Role::Trainer);

const std::array kRules{
    WriteRule{"observation", "create", kFieldWork, decideVersion},
    WriteRule{"evidence", "create", kFieldWork | roleBit(Role::Trainer), decideEvidence},
    WriteRule{"evidence", "link", kFieldWork, decideEvidence},
    WriteRule{"assessment", "status", kFieldWork | roleBit(Role::Reviewer), decideAssessmentStatus},
    WriteRule{"training_visit", "create", kTraining, decideVisitCreate},
    WriteRule{"training_visit", "complete", kTraining, decideVisitCompletion},
    WriteRule{"training_attendance", "sign_in", kTraining, decideVisitRecord},
    WriteRule{"training_feedback", "create", kTraining, decideVisitRecord},
    WriteRule{"survey_response", "create", kAnswering, decideSurveyAnswer},
    WriteRule{"survey_rejection", "create", kAdmin | roleBit(Role::Kiosk), decideSurveyAnswer},
    WriteRule{"partner", "create", kAdmin, decideProgramme},
    WriteRule{"site", "create", kAdmin, decideProgramme},
    WriteRule{"assessment", "create", kAdmin, decideProgramme},
    WriteRule{"assignment", "create", kAdmin, decideProgramme},
    WriteRule{"survey_definition", "create", kAdmin, decideProgramme},
    WriteRule{"membership", "create", kAdmin, decideProgramme},
    WriteRule{"membership", "pay", kAdmin, decideProgramme},
    WriteRule{"*", "delete", kAdmin, decideProgramme},
};

std::string_view whatTheRoleDoes(Role role)
{
    switch (role) {
    case Role::Admin: return "an administrator pushes any supported change";
    case Role::Reviewer: return "reviewers decide from the central record and change only assessment status";
    case Role::Inspector: return "inspectors record observations, evidence and submit assessments";
    case Role::Trainer: return "trainers record training visits, attendance, feedback and site-walk evidence";
    case Role::Kiosk: return "kiosks only submit survey responses (and count rejected ones)";
    }
    return "unknown role";
}

}  // namespace

std::span<const WriteRule> writeRules()
{
    return kRules;
}

const WriteRule* findWriteRule(std::string_view entity, std::string_view action)
{
    const auto* found = std::find_if(kRules.begin(), kRules.end(), [&](const WriteRule& rule) {
        return (rule.entity == entity || rule.entity == "*") && rule.action == action;
    });
    return found == kRules.end() ? nullptr : found;
}

Result<OpScope> authorisePush(Store& store, const Pusher& pusher, const Op& op, const store::Observation* version)
{
    const auto* rule = findWriteRule(op.entity, op.action);
    if (!rule)
        return makeError(ErrorCode::InvalidArgument, "op " + op.opId + ": unsupported change \"" + op.entity + "/" + op.action + "\"");
    if ((rule->roles & roleBit(pusher.role)) == 0)
        return denied(pusher, op, std::string(whatTheRoleDoes(pusher.role)));
    if (!isAnonymous(op.entity) && !op.deviceId.empty() && op.deviceId != pusher.authorId)
        return denied(pusher, op, "the op names device " + op.deviceId + ", not the one that pushes it");
    return rule->decide(store, pusher, op, version);
}

}  // namespace igmc::sync
