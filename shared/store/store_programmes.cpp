// Survey definitions and anonymous responses; training visits and their attendance.
// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "store/store_p.hpp"
#include "survey/survey.hpp"

#include <boost/json/parse.hpp>

namespace igmc::store {

using namespace detail;

namespace {

bool isJson(const std::string& text)
{
    boost::system::error_code ec;
    (void)boost::json::parse(text, ec);
    return !ec;
}

constexpr const char* kVisitColumns =
    "id, partner_id, visit_date, status, agenda_json, notes, report_sha256, created_at, completed_at, site_id, walk_json";
TrainingVisit readVisit(const Statement& s)
{
    TrainingVisit v;
    v.id = s.text(0);
    v.partnerId = s.text(1);
    v.visitDate = s.text(2);
    const auto status = s.text(3);
    v.status = status == "completed" ? VisitStatus::Completed : status == "cancelled" ? VisitStatus::Cancelled : VisitStatus::Planned;
    v.agendaJson = s.text(4);
    v.notes = s.text(5);
    v.reportSha256 = s.optionalText(6);
    v.createdAt = s.text(7);
    v.completedAt = s.optionalText(8);
    v.siteId = s.optionalText(9);
    v.walkJson = s.text(10);
    return v;
}

}  // namespace

Result<SurveyDefinition> Store::addSurveyDefinition(SurveyDefinition d)
{
    if (d.id.empty() || d.version < 1 || d.titleEn.empty() || d.titleZh.empty())
        return invalid("a survey definition needs an id, a version ≥ 1 and titles in English and Chinese");
    if (!isJson(d.definitionJson))
        return invalid("the survey definition is not valid JSON");
    if (d.createdAt.empty())
        d.createdAt = nowUtcTimestamp();
    return inTransaction<SurveyDefinition>(m_db, [&]() -> Result<SurveyDefinition> {
        auto stmt = m_db.prepare(
            "INSERT INTO survey_definitions (id, version, title_en, title_zh, definition_json, created_at) VALUES (?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(d.id, d.version, d.titleEn, d.titleZh, d.definitionJson, d.createdAt).run(); !done)
            return done.error().message.find("UNIQUE") != std::string::npos
                       ? makeError(ErrorCode::Conflict, "survey " + d.id + " version " + std::to_string(d.version)
                                                            + " exists already; publish a new version instead")
                       : done.error();
        if (auto done = appendJournal("survey_definition", d.id + "@" + std::to_string(d.version), "create",
                                      boost::json::serialize(toJson(d)), m_clock.now().toString());
            !done)
            return done.error();
        return d;
    });
}

Result<std::vector<SurveyDefinition>> Store::surveyDefinitions()
{
    auto stmt = m_db.prepare("SELECT id, version, title_en, title_zh, definition_json, created_at FROM survey_definitions ORDER BY id, version");
    if (!stmt)
        return stmt.error();
    return collect<SurveyDefinition>(*stmt, [](const Statement& s) {
        return SurveyDefinition{s.text(0), static_cast<int>(s.integer(1)), s.text(2), s.text(3), s.text(4), s.text(5)};
    });
}

Result<SurveyDefinition> Store::surveyDefinition(const std::string& id, int version)
{
    auto stmt = m_db.prepare("SELECT id, version, title_en, title_zh, definition_json, created_at FROM survey_definitions WHERE id = ? AND version = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id, version);
    return single<SurveyDefinition>(*stmt, [](const Statement& s) {
        return SurveyDefinition{s.text(0), static_cast<int>(s.integer(1)), s.text(2), s.text(3), s.text(4), s.text(5)};
    }, "survey", id + " version " + std::to_string(version));
}

Result<SurveyResponse> Store::addSurveyResponse(SurveyResponse r)
{
    if (r.language != "en" && r.language != "zh")
        return invalid("a response's language is en or zh");
    if (!isJson(r.answersJson))
        return invalid("the answers are not valid JSON");
    if (!survey::isHour(r.submittedHour))
        return invalid("a response keeps only the hour it was submitted (YYYY-MM-DDTHH:00:00Z), not \"" + r.submittedHour + "\"");
    if (r.id.empty())
        r.id = newUuidV4();  // a UUIDv7 would embed the submission time to the millisecond
    return inTransaction<SurveyResponse>(m_db, [&]() -> Result<SurveyResponse> {
        auto stmt = m_db.prepare(
            "INSERT INTO survey_responses (id, survey_id, survey_version, site_id, language, answers_json, submitted_hour) "
            "VALUES (?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(r.id, r.surveyId, r.surveyVersion, r.siteId, r.language, r.answersJson, r.submittedHour).run(); !done)
            return done.error();
        if (auto done = appendAnonymousJournal("survey_response", r.id, boost::json::serialize(toJson(r)), r.submittedHour); !done)
            return done.error();
        return r;
    });
}

Result<std::int64_t> Store::countSurveyResponses(const std::string& surveyId)
{
    auto stmt = m_db.prepare("SELECT count(*) FROM survey_responses WHERE survey_id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(surveyId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->integer(0);
}

Result<TrainingVisit> Store::addTrainingVisit(TrainingVisit v)
{
    if (!parseDate(v.visitDate))
        return invalid("visit date must be YYYY-MM-DD, not \"" + v.visitDate + "\"");
    if (!isJson(v.agendaJson) || !isJson(v.walkJson))
        return invalid("the agenda and the site walk must be valid JSON");
    if (auto owner = partner(v.partnerId); !owner)
        return owner.error();
    if (v.id.empty())
        v.id = newUuidV7();
    if (v.createdAt.empty())
        v.createdAt = nowUtcTimestamp();
    return inTransaction<TrainingVisit>(m_db, [&]() -> Result<TrainingVisit> {
        auto stmt = m_db.prepare(std::string("INSERT INTO training_visits (") + kVisitColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(v.id, v.partnerId, v.visitDate, toString(v.status), v.agendaJson, v.notes, v.reportSha256, v.createdAt, v.completedAt,
                      v.siteId, v.walkJson);
        if (auto done = stmt->run(); !done)
            return done.error();
        if (auto done = appendJournal("training_visit", v.id, "create", boost::json::serialize(toJson(v)), m_clock.now().toString()); !done)
            return done.error();
        return v;
    });
}

Result<TrainingVisit> Store::trainingVisit(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kVisitColumns + " FROM training_visits WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<TrainingVisit>(*stmt, readVisit, "training visit", id);
}

Result<std::vector<TrainingVisit>> Store::trainingVisits(const std::string& partnerId)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kVisitColumns + " FROM training_visits WHERE partner_id = ? ORDER BY visit_date, id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(partnerId);
    return collect<TrainingVisit>(*stmt, readVisit);
}

Result<Attendance> Store::addAttendance(Attendance a)
{
    if (a.name.find_first_not_of(" \t") == std::string::npos)
        return invalid("an attendee signs in with a name");
    if (a.signedAt.empty())
        a.signedAt = nowUtcTimestamp();
    return inTransaction<Attendance>(m_db, [&]() -> Result<Attendance> {
        auto stmt = m_db.prepare(
            "INSERT INTO training_attendance (visit_id, name, organisation, role, consent, signed_at) VALUES (?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(a.visitId, a.name, a.organisation, a.role, a.consent ? 1 : 0, a.signedAt).run(); !done)
            return done.error();
        if (auto done = appendJournal("training_attendance", a.visitId, "sign_in", boost::json::serialize(toJson(a)), m_clock.now().toString()); !done)
            return done.error();
        return a;
    });
}

Result<std::vector<Attendance>> Store::attendance(const std::string& visitId)
{
    auto stmt = m_db.prepare(
        "SELECT visit_id, name, organisation, role, consent, signed_at FROM training_attendance WHERE visit_id = ? ORDER BY signed_at");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(visitId);
    return collect<Attendance>(*stmt, [](const Statement& s) {
        return Attendance{s.text(0), s.text(1), s.text(2), s.text(3), s.integer(4) != 0, s.text(5)};
    });
}

Result<TrainingVisit> Store::saveVisitDraft(const std::string& id, const std::string& notes, const std::string& walkJson)
{
    if (!isJson(walkJson))
        return invalid("the site walk must be valid JSON");
    return inTransaction<TrainingVisit>(m_db, [&]() -> Result<TrainingVisit> {
        auto current = trainingVisit(id);
        if (!current)
            return current.error();
        if (current->status != VisitStatus::Planned)
            return makeError(ErrorCode::Conflict, "training visit " + id + " is " + std::string(toString(current->status)) + ": its record is closed");
        auto stmt = m_db.prepare("UPDATE training_visits SET notes = ?, walk_json = ? WHERE id = ?");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(notes, walkJson, id).run(); !done)
            return done.error();
        current->notes = notes;
        current->walkJson = walkJson;
        return current;
    });
}

Result<TrainingVisit> Store::completeTrainingVisit(const std::string& id, const std::optional<std::string>& reportSha256)
{
    return inTransaction<TrainingVisit>(m_db, [&]() -> Result<TrainingVisit> {
        auto current = trainingVisit(id);
        if (!current)
            return current.error();
        if (current->status != VisitStatus::Planned)
            return makeError(ErrorCode::Conflict, "training visit " + id + " is " + std::string(toString(current->status)) + " already");
        current->status = VisitStatus::Completed;
        current->completedAt = nowUtcTimestamp();
        current->reportSha256 = reportSha256;
        auto stmt = m_db.prepare("UPDATE training_visits SET status = 'completed', completed_at = ?, report_sha256 = ? WHERE id = ?");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(current->completedAt, current->reportSha256, id).run(); !done)
            return done.error();
        const auto hlc = m_clock.now().toString();
        if (auto done = touchField("training_visit", id, "status", hlc); !done)
            return done.error();
        // The completion carries the final notes and site walk: drafts stay on the device until then.
        if (auto done = appendJournal("training_visit", id, "complete", boost::json::serialize(toJson(*current)), hlc); !done)
            return done.error();
        return current;
    });
}

Result<SurveyRejection> Store::addSurveyRejection(SurveyRejection r)
{
    if (r.reason != "too_fast" && r.reason != "rate_limited")
        return invalid("a rejection's reason is too_fast or rate_limited");
    if (!survey::isHour(r.hour))
        return invalid("a rejection keeps only its hour (YYYY-MM-DDTHH:00:00Z), not \"" + r.hour + "\"");
    if (r.id.empty())
        r.id = newUuidV4();
    return inTransaction<SurveyRejection>(m_db, [&]() -> Result<SurveyRejection> {
        auto stmt = m_db.prepare("INSERT INTO survey_rejections (id, survey_id, survey_version, site_id, reason, hour) VALUES (?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->execute(r.id, r.surveyId, r.surveyVersion, r.siteId, r.reason, r.hour); !done)
            return done.error();
        if (auto done = appendAnonymousJournal("survey_rejection", r.id, boost::json::serialize(toJson(r)), r.hour); !done)
            return done.error();
        return r;
    });
}

Result<std::vector<SurveyResponse>> Store::surveyResponses(const std::string& surveyId, int version, const std::optional<std::string>& siteId)
{
    auto stmt = m_db.prepare(
        "SELECT id, survey_id, survey_version, site_id, language, answers_json, submitted_hour FROM survey_responses "
        "WHERE survey_id = ?1 AND survey_version = ?2 AND (?3 IS NULL OR site_id = ?3) ORDER BY id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(surveyId, version, siteId);
    return collect<SurveyResponse>(*stmt, [](const Statement& s) {
        return SurveyResponse{s.text(0), s.text(1), static_cast<int>(s.integer(2)), s.text(3), s.text(4), s.text(5), s.text(6)};
    });
}

Result<SurveyResponse> Store::surveyResponse(const std::string& id)
{
    auto stmt = m_db.prepare("SELECT id, survey_id, survey_version, site_id, language, answers_json, submitted_hour FROM survey_responses WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<SurveyResponse>(*stmt, [](const Statement& s) {
        return SurveyResponse{s.text(0), s.text(1), static_cast<int>(s.integer(2)), s.text(3), s.text(4), s.text(5), s.text(6)};
    }, "survey response", id);
}

Result<std::map<std::string, std::int64_t>> Store::surveyRejectionCounts(const std::string& surveyId, int version,
                                                                          const std::optional<std::string>& siteId)
{
    auto stmt = m_db.prepare(
        "SELECT reason, count(*) FROM survey_rejections WHERE survey_id = ?1 AND survey_version = ?2 AND (?3 IS NULL OR site_id = ?3) "
        "GROUP BY reason");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(surveyId, version, siteId);
    std::map<std::string, std::int64_t> counts;
    while (true) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return counts;
        counts[stmt->text(0)] = stmt->integer(1);
    }
}

Result<std::int64_t> Store::countResponsesInHour(const std::string& siteId, const std::string& hour)
{
    return countResponses(siteId, hour, hour);
}

Result<std::int64_t> Store::countResponses(const std::string& siteId, const std::string& firstHour, const std::string& lastHour)
{
    auto stmt = m_db.prepare("SELECT count(*) FROM survey_responses WHERE site_id = ? AND submitted_hour BETWEEN ? AND ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(siteId, firstHour, lastHour);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->integer(0);
}

Result<TrainingFeedback> Store::addTrainingFeedback(TrainingFeedback feedback, SurveyResponse response)
{
    return inTransaction<TrainingFeedback>(m_db, [&]() -> Result<TrainingFeedback> {
        if (auto visit = trainingVisit(feedback.visitId); !visit)
            return visit.error();
        auto added = addSurveyResponse(std::move(response));
        if (!added)
            return added.error();
        feedback.responseId = added->id;
        auto stmt = m_db.prepare("INSERT INTO training_feedback (visit_id, session, response_id) VALUES (?,?,?)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->execute(feedback.visitId, feedback.session, feedback.responseId); !done)
            return done.error();
        if (auto done = appendAnonymousJournal("training_feedback", feedback.visitId, boost::json::serialize(toJson(feedback)), added->submittedHour);
            !done)
            return done.error();
        return feedback;
    });
}

Result<TrainingDay> Store::trainingDay(const std::string& partnerId, Date date, const std::string& visitId)
{
    if (auto p = partner(partnerId); !p)
        return p.error();
    auto stored = memberships(partnerId);
    if (!stored)
        return stored.error();
    auto visits = trainingVisits(partnerId);
    if (!visits)
        return visits.error();
    std::vector<registry::MembershipRecord> records;
    for (const auto& m : *stored)
        records.push_back(m.record());
    std::vector<registry::TrainingVisitRecord> visitRecords;
    for (const auto& v : *visits) {
        if (auto d = parseDate(v.visitDate))
            visitRecords.push_back({v.id, *d, v.status == VisitStatus::Completed});
    }
    return TrainingDay{registry::checkTrainingDay(records, visitRecords, date, visitId), std::move(*visits)};
}

Result<std::vector<TrainingFeedback>> Store::trainingFeedback(const std::string& visitId)
{
    auto stmt = m_db.prepare("SELECT visit_id, session, response_id FROM training_feedback WHERE visit_id = ? ORDER BY session, response_id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(visitId);
    return collect<TrainingFeedback>(*stmt, [](const Statement& s) { return TrainingFeedback{s.text(0), s.text(1), s.text(2)}; });
}

}  // namespace igmc::store
