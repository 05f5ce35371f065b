// SPDX-License-Identifier: Apache-2.0
#include "protocol/op_apply.hpp"

#include "survey/survey.hpp"

#include "core/calendar.hpp"
#include "store/record_json.hpp"

#include <boost/json/parse.hpp>

namespace igmc::sync {

namespace {

using store::Store;

Error unsupported(const Op& op)
{
    return makeError(ErrorCode::InvalidArgument, "op " + op.opId + ": unsupported change \"" + op.entity + "/" + op.action + "\"");
}

// Result<T> → Result<ApplyResult> for creates: NotFound-style checks first, then insert.
template <typename Find, typename Insert>
Result<ApplyResult> createIfAbsent(Find&& find, Insert&& insert)
{
    auto existing = find();
    if (existing)
        return ApplyResult{false, false};
    if (existing.error().code != ErrorCode::NotFound)
        return existing.error();
    auto inserted = insert();
    if (!inserted)
        return inserted.error();
    return ApplyResult{true, false};
}

Result<std::optional<std::string>> storedClock(store::Database& db, const char* sql, const std::string& a, const std::string& b,
                                               const std::string* c = nullptr)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bindAll(a, b);
    if (c)
        stmt->bind(3, *c);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>{};
    return std::optional<std::string>(stmt->text(0));
}

// Invariant 4: is there a tombstone at or after this HLC?
Result<bool> deletedSince(Store& store, const Op& op)
{
    auto any = store.anyTombstones();  // nearly always none: one question per transaction, not one per op
    if (!any || !*any)
        return any;
    auto clock = storedClock(store.database(), "SELECT hlc FROM tombstones WHERE entity = ? AND entity_id = ?", op.entity, op.entityId);
    if (!clock)
        return clock.error();
    return clock->has_value() && **clock >= op.hlc;
}

// Invariant 3: true (and the clock moved forward) when this op is the newest writer of `field`.
Result<bool> claimField(store::Database& db, const Op& op, const std::string& field)
{
    auto clock = storedClock(db, "SELECT hlc FROM field_clocks WHERE entity = ? AND entity_id = ? AND field = ?", op.entity, op.entityId,
                             &field);
    if (!clock)
        return clock.error();
    if (clock->has_value() && **clock >= op.hlc)
        return false;
    auto stmt = db.prepare("INSERT INTO field_clocks (entity, entity_id, field, hlc) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = excluded.hlc");
    if (!stmt)
        return stmt.error();
    if (auto done = stmt->execute(op.entity, op.entityId, field, op.hlc); !done)
        return done.error();
    return true;
}

Result<ApplyResult> applyAssessmentStatus(Store& store, const Op& op)
{
    auto incoming = store::assessmentFromJson(op.payload);
    if (!incoming)
        return incoming.error();
    auto existing = store.assessment(op.entityId);
    if (!existing)
        return existing.error();
    auto newest = claimField(store.database(), op, "status");
    if (!newest)
        return newest.error();
    if (!*newest)
        return ApplyResult{false, false};
    auto stmt = store.database().prepare("UPDATE assessments SET status = ?, updated_at = ? WHERE id = ?");
    if (!stmt)
        return stmt.error();
    if (auto done = stmt->execute(std::string(store::toString(incoming->status)), incoming->updatedAt, op.entityId); !done)
        return done.error();
    return ApplyResult{true, false};
}

Result<ApplyResult> applyVisitCompletion(Store& store, const Op& op)
{
    auto incoming = store::trainingVisitFromJson(op.payload);
    if (!incoming)
        return incoming.error();
    if (auto existing = store.trainingVisit(op.entityId); !existing)
        return existing.error();
    auto newest = claimField(store.database(), op, "status");
    if (!newest)
        return newest.error();
    if (!*newest)
        return ApplyResult{false, false};
    auto stmt = store.database().prepare(
        "UPDATE training_visits SET status = ?, completed_at = ?, report_sha256 = ?, notes = ?, walk_json = ? WHERE id = ?");
    if (!stmt)
        return stmt.error();
    if (auto done = stmt->execute(std::string(store::toString(incoming->status)), incoming->completedAt, incoming->reportSha256,
                                  incoming->notes, incoming->walkJson, op.entityId);
        !done)
        return done.error();
    return ApplyResult{true, false};
}

// A response must answer the published version it names, by its rules (types, limits, skip logic).
Result<void> checkAnswers(Store& store, const store::SurveyResponse& response)
{
    auto definition = store.surveyDefinition(response.surveyId, response.surveyVersion);
    if (!definition)
        return makeError(ErrorCode::ValidationError, "no survey " + response.surveyId + " version " + std::to_string(response.surveyVersion));
    auto parsed = survey::surveyOf(*definition);
    if (!parsed)
        return parsed.error();
    boost::system::error_code ec;
    auto json = boost::json::parse(response.answersJson, ec);
    if (ec)
        return makeError(ErrorCode::ValidationError, "the answers are not JSON");
    auto answers = survey::answersFromJson(*parsed, json);
    if (!answers)
        return answers.error();
    return survey::checkResponse(*parsed, *answers);
}

Result<ApplyResult> applyPayment(Store& store, const Op& op)
{
    auto incoming = store::membershipFromJson(op.payload);
    if (!incoming)
        return incoming.error();
    if (!incoming->paidAt)
        return makeError(ErrorCode::ValidationError, "op " + op.opId + ": a payment names paid_at");
    auto existing = store.membership(op.entityId);
    if (!existing)
        return existing.error();
    if (existing->paidAt)
        return ApplyResult{false, false};
    auto paid = store.recordPayment(op.entityId, *incoming->paidAt);
    if (!paid)
        return paid.error();
    return ApplyResult{true, false};
}

Result<ApplyResult> applyDelete(Store& store, const Op& op)
{
    auto clock = storedClock(store.database(), "SELECT hlc FROM tombstones WHERE entity = ? AND entity_id = ?", op.entity, op.entityId);
    if (!clock)
        return clock.error();
    if (clock->has_value() && **clock >= op.hlc)
        return ApplyResult{false, false};
    auto stmt = store.database().prepare("INSERT INTO tombstones (entity, entity_id, hlc, deleted_at) VALUES (?, ?, ?, ?) "
                                         "ON CONFLICT (entity, entity_id) DO UPDATE SET hlc = excluded.hlc, deleted_at = excluded.deleted_at");
    if (!stmt)
        return stmt.error();
    if (auto done = stmt->execute(op.entity, op.entityId, op.hlc, nowUtcTimestamp()); !done)
        return done.error();
    store.noteTombstone();
    return ApplyResult{true, false};
}

bool carriesAVersion(const Op& op)
{
    return op.entity == "observation" && op.action == "create";
}

Result<ApplyResult> applyCreate(Store& store, const Op& op, DecodedRecord* decoded)
{
    const auto& p = op.payload;
    if (op.entity == "observation") {
        Result<store::Observation> fromPayload = makeError(ErrorCode::NotFound, "");
        if (!decoded || !*decoded) {
            fromPayload = store::observationFromJson(p);
            if (!fromPayload)
                return fromPayload.error();
        }
        auto& o = decoded && *decoded ? **decoded : *fromPayload;
        if (o.id != op.entityId)
            return makeError(ErrorCode::InvalidArgument, "op " + op.opId + ": entity_id does not match the observation id");
        auto applied = store.applyRemoteObservation(o);
        if (!applied)
            return applied.error();
        return ApplyResult{applied->inserted, applied->conflict};
    }
    if (op.entity == "evidence") {
        auto e = store::evidenceFromJson(p);
        if (!e)
            return e.error();
        auto before = store.evidence(e->sha256);
        auto added = store.addEvidence(*e);
        if (!added)
            return added.error();
        return ApplyResult{!before || before->observationIds != added->observationIds, false};
    }
    if (op.entity == "partner") {
        auto partner = store::partnerFromJson(p);
        if (!partner)
            return partner.error();
        return createIfAbsent([&] { return store.partner(partner->id); }, [&] { return store.addPartner(*partner); });
    }
    if (op.entity == "site") {
        auto site = store::siteFromJson(p);
        if (!site)
            return site.error();
        return createIfAbsent([&] { return store.site(site->id); }, [&] { return store.addSite(*site); });
    }
    if (op.entity == "assessment") {
        auto assessment = store::assessmentFromJson(p);
        if (!assessment)
            return assessment.error();
        return createIfAbsent([&] { return store.assessment(assessment->id); }, [&] { return store.addAssessment(*assessment); });
    }
    if (op.entity == "assignment") {
        auto assignment = store::assignmentFromJson(p);
        if (!assignment)
            return assignment.error();
        auto assigned = store.assign(*assignment);  // idempotent
        if (!assigned)
            return assigned.error();
        return ApplyResult{true, false};
    }
    if (op.entity == "survey_definition") {
        auto definition = store::surveyDefinitionFromJson(p);
        if (!definition)
            return definition.error();
        return createIfAbsent([&] { return store.surveyDefinition(definition->id, definition->version); },
                              [&] { return store.addSurveyDefinition(*definition); });
    }
    if (op.entity == "survey_response") {
        auto response = store::surveyResponseFromJson(p);
        if (!response)
            return response.error();
        if (auto ok = checkAnswers(store, *response); !ok)
            return ok.error();
        auto added = store.addSurveyResponse(*response);
        if (!added && added.error().message.find("UNIQUE") != std::string::npos)
            return ApplyResult{false, false};
        if (!added)
            return added.error();
        return ApplyResult{true, false};
    }
    if (op.entity == "membership") {
        auto membership = store::membershipFromJson(p);
        if (!membership)
            return membership.error();
        membership->paidAt.reset();  // a payment arrives as its own op
        return createIfAbsent([&] { return store.membership(membership->id); }, [&] { return store.addMembership(*membership); });
    }
    if (op.entity == "survey_rejection") {
        auto rejection = store::surveyRejectionFromJson(p);
        if (!rejection)
            return rejection.error();
        auto added = store.addSurveyRejection(*rejection);
        if (!added && added.error().message.find("UNIQUE") != std::string::npos)
            return ApplyResult{false, false};
        if (!added)
            return added.error();
        return ApplyResult{true, false};
    }
    if (op.entity == "training_feedback") {
        auto feedback = store::trainingFeedbackFromJson(p);
        if (!feedback)
            return feedback.error();
        // Another trainer device of the partner pulls the link but not the anonymous response it
        // names: the link is kept only where the response is.
        auto stmt = store.database().prepare(
            "INSERT OR IGNORE INTO training_feedback (visit_id, session, response_id) SELECT ?1, ?2, ?3 "
            "WHERE EXISTS (SELECT 1 FROM survey_responses WHERE id = ?3) AND EXISTS (SELECT 1 FROM training_visits WHERE id = ?1)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->execute(feedback->visitId, feedback->session, feedback->responseId); !done)
            return done.error();
        return ApplyResult{store.database().changes() > 0, false};
    }
    if (op.entity == "training_visit") {
        auto visit = store::trainingVisitFromJson(p);
        if (!visit)
            return visit.error();
        return createIfAbsent([&] { return store.trainingVisit(visit->id); }, [&] { return store.addTrainingVisit(*visit); });
    }
    return unsupported(op);
}

template <typename T>
Result<void> valid(const Result<T>& decoded, const Op& op)
{
    if (!decoded)
        return makeError(ErrorCode::ValidationError, "op " + op.opId + ": " + decoded.error().message);
    return {};
}

}  // namespace

std::vector<DecodedRecord> decodeRecords(const std::vector<Op>& ops)
{
    std::vector<DecodedRecord> records(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (!carriesAVersion(ops[i]))
            continue;
        if (auto o = store::observationFromJson(ops[i].payload))
            records[i] = std::move(o).value();
    }
    return records;
}

Result<void> checkOp(const Op& op, DecodedRecord* decoded)
{
    const auto& p = op.payload;
    const std::string change = op.entity + "/" + op.action;
    if (op.action == "delete")
        return {};
    if (change == "observation/create") {
        if (decoded && *decoded)
            return {};
        auto o = store::observationFromJson(p);
        if (auto ok = valid(o, op); !ok || !decoded)
            return ok;
        *decoded = std::move(o).value();
        return {};
    }
    if (change == "evidence/create")
        return valid(store::evidenceFromJson(p), op);
    if (change == "evidence/link") {
        const auto* sha = p.if_contains("sha256");
        const auto* observation = p.if_contains("observation_id");
        if (!sha || !sha->is_string() || !observation || !observation->is_string())
            return makeError(ErrorCode::ValidationError, "op " + op.opId + ": a link names sha256 and observation_id");
        return {};
    }
    if (change == "partner/create")
        return valid(store::partnerFromJson(p), op);
    if (change == "site/create")
        return valid(store::siteFromJson(p), op);
    if (change == "assessment/create" || change == "assessment/status")
        return valid(store::assessmentFromJson(p), op);
    if (change == "survey_definition/create")
        return valid(store::surveyDefinitionFromJson(p), op);
    if (change == "survey_response/create")
        return valid(store::surveyResponseFromJson(p), op);
    if (change == "training_visit/create" || change == "training_visit/complete")
        return valid(store::trainingVisitFromJson(p), op);
    if (change == "membership/create" || change == "membership/pay")
        return valid(store::membershipFromJson(p), op);
    if (change == "survey_rejection/create")
        return valid(store::surveyRejectionFromJson(p), op);
    if (change == "training_feedback/create")
        return valid(store::trainingFeedbackFromJson(p), op);
    if (change == "training_attendance/sign_in")
        return valid(store::attendanceFromJson(p), op);
    if (change == "assignment/create")
        return valid(store::assignmentFromJson(p), op);
    return unsupported(op);
}

Result<ApplyResult> applyOp(Store& store, const Op& op, DecodedRecord* decoded)
{
    Store::RemoteScope remote(store);
    // Batches (a push, a pulled page) run in their caller's transaction and abort it when an op
    // fails; an op applied alone gets its own.
    auto own = store::Transaction::beginUnlessInside(store.database());
    if (!own)
        return own.error();
    auto deleted = deletedSince(store, op);
    if (!deleted)
        return deleted.error();
    Result<ApplyResult> result = ApplyResult{false, false};
    if (*deleted && op.action != "delete") {
        result = ApplyResult{false, false};
    } else if (op.action == "delete") {
        result = applyDelete(store, op);
    } else if (op.action == "create" || op.action == "nominate") {
        result = applyCreate(store, op, decoded);
    } else if (op.entity == "assessment" && op.action == "status") {
        result = applyAssessmentStatus(store, op);
    } else if (op.entity == "membership" && op.action == "pay") {
        result = applyPayment(store, op);
    } else if (op.entity == "training_visit" && op.action == "complete") {
        result = applyVisitCompletion(store, op);
    } else if (op.entity == "evidence" && op.action == "link") {
        const auto sha = op.payload.if_contains("sha256");
        const auto observation = op.payload.if_contains("observation_id");
        if (!sha || !sha->is_string() || !observation || !observation->is_string()) {
            result = makeError(ErrorCode::InvalidArgument, "op " + op.opId + ": a link names sha256 and observation_id");
        } else if (auto done = store.linkEvidence(std::string(sha->get_string()), std::string(observation->get_string())); !done) {
            result = done.error();
        } else {
            result = ApplyResult{true, false};
        }
    } else if (op.entity == "training_attendance" && op.action == "sign_in") {
        auto attendance = store::attendanceFromJson(op.payload);
        if (!attendance) {
            result = attendance.error();
        } else if (auto added = store.addAttendance(*attendance); !added) {
            result = added.error().message.find("UNIQUE") != std::string::npos ? Result<ApplyResult>(ApplyResult{false, false})
                                                                                 : Result<ApplyResult>(added.error());
        } else {
            result = ApplyResult{true, false};
        }
    } else {
        result = unsupported(op);
    }
    if (!result)
        return result;
    if (*own) {
        if (auto committed = (**own).commit(); !committed)
            return committed.error();
    }
    return result;
}

Result<OpScope> scopeOf(Store& store, const Op& op, const DecodedRecord& record)
{
    OpScope scope;
    if (record && op.entity == "observation") {
        scope.assessmentId = record->assessmentId;
        return scope;
    }
    const auto text = [&op](std::string_view key) -> std::optional<std::string> {
        const auto* value = op.payload.if_contains(key);
        if (!value || !value->is_string())
            return std::nullopt;
        return std::string(value->get_string());
    };
    if (op.entity == "observation" || op.entity == "assignment") {
        scope.assessmentId = text("assessment_id");
    } else if (op.entity == "assessment") {
        scope.assessmentId = op.entityId;
        scope.siteId = text("site_id");
    } else if (op.entity == "site") {
        scope.siteId = op.entityId;
        scope.partnerId = text("partner_id");
    } else if (op.entity == "evidence") {
        std::optional<std::string> observationId = text("observation_id");
        if (const auto* ids = op.payload.if_contains("observation_ids"); !observationId && ids && ids->is_array() && !ids->get_array().empty()
                                                                         && ids->get_array()[0].is_string())
            observationId = std::string(ids->get_array()[0].get_string());
        if (observationId) {
            if (auto o = store.observation(*observationId))
                scope.assessmentId = o->assessmentId;
        }
    } else if (op.entity == "training_visit" || op.entity == "partner" || op.entity == "membership") {
        scope.partnerId = op.entity == "partner" ? std::optional<std::string>(op.entityId) : text("partner_id");
    } else if (op.entity == "training_attendance" || op.entity == "training_feedback") {
        if (auto visitId = text("visit_id")) {
            if (auto visit = store.trainingVisit(*visitId))
                scope.partnerId = visit->partnerId;
        }
    } else if (op.entity == "survey_response" || op.entity == "survey_rejection") {
        scope.siteId = text("site_id");
    }
    return scope;
}

bool isAnonymous(std::string_view entity)
{
    return entity == "survey_response" || entity == "survey_rejection" || entity == "training_feedback";
}

Result<std::vector<Op>> opsFromJournal(Store& store, const std::vector<store::JournalEntry>& entries)
{
    // Versions the entries do not carry (read by Store::journal) are read in one statement.
    std::vector<std::string> observationIds;
    for (const auto& entry : entries) {
        if (entry.entity == "observation" && entry.versionJson.empty())
            observationIds.push_back(entry.entityId);
    }
    auto texts = observationIds.empty() ? Result<std::vector<std::string>>(std::vector<std::string>()) : store.observationsJson(observationIds);
    if (!texts)
        return texts.error();
    std::vector<Op> ops;
    ops.reserve(entries.size());
    std::size_t next = 0;
    for (const auto& entry : entries) {
        if (entry.entity != "observation") {
            auto op = opFromJournal(store, entry);
            if (!op)
                return op.error();
            ops.push_back(std::move(op).value());
            continue;
        }
        ops.push_back(Op{entry.opId, store.deviceId(), entry.hlc, entry.entity, entry.entityId, entry.action, {}, 0,
                         entry.versionJson.empty() ? std::move((*texts)[next++]) : entry.versionJson});
    }
    return ops;
}

Result<Op> opFromJournal(Store& store, const store::JournalEntry& entry)
{
    Op op;
    op.opId = entry.opId;
    op.deviceId = isAnonymous(entry.entity) ? std::string() : store.deviceId();
    op.hlc = entry.hlc;
    op.entity = entry.entity;
    op.entityId = entry.entityId;
    op.action = entry.action;
    if (entry.entity == "observation") {
        auto o = store.observation(entry.entityId);
        if (!o)
            return o.error();
        op.payload = store::toJson(*o);
        return op;
    }
    boost::system::error_code ec;
    auto payload = boost::json::parse(entry.payload, ec);
    if (ec || !payload.is_object())
        return makeError(ErrorCode::Internal, "journal entry " + std::to_string(entry.seq) + " has a broken payload");
    op.payload = std::move(payload.get_object());
    return op;
}

}  // namespace igmc::sync
