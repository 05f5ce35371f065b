// SPDX-License-Identifier: Apache-2.0
#include "store/record_json.hpp"

#include "scoring/value_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

namespace igmc::store {

namespace {

template <typename T>
boost::json::value optional(const std::optional<T>& value)
{
    if (!value)
        return nullptr;
    return boost::json::value_from(*value);
}

boost::json::value location(const std::optional<GeoPoint>& point)
{
    if (!point)
        return nullptr;
    return boost::json::object{{"latitude", point->latitude}, {"longitude", point->longitude},
                               {"accuracy_m", optional(point->accuracyM)}};
}

// Embedded JSON documents are stored as text; the journal carries them parsed (or as text if broken).
boost::json::value embedded(const std::string& text)
{
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (ec)
        return boost::json::string(text);
    return value;
}

}  // namespace

boost::json::object toJson(const Partner& p)
{
    return {{"id", p.id},
            {"name", p.name},
            {"name_zh", p.nameZh},
            {"type", registry::toString(p.profile.type)},
            {"subtype", p.profile.subtype},
            {"country", p.country},
            {"population", optional(p.profile.population)},
            {"non_profit", p.profile.nonProfit},
            {"country_group", registry::toString(p.profile.countryGroup)},
            {"contact", p.contact},
            {"created_at", p.createdAt}};
}

boost::json::object toJson(const Membership& m)
{
    boost::json::object waiver;
    if (m.waiver)
        waiver = {{"cents", m.waiver->amountCents}, {"approver", m.waiver->approver}, {"reason", m.waiver->reason}};
    return {{"id", m.id},
            {"partner_id", m.partnerId},
            {"tier", registry::toString(m.fee.tier)},
            {"start_date", formatDate(m.term.start)},
            {"end_date", formatDate(m.term.end)},
            {"years", m.fee.years},
            {"list_fee_cents", m.fee.listCents},
            {"discount", registry::toString(m.fee.discount)},
            {"discount_cents", m.fee.discountCents},
            {"waiver", m.waiver ? boost::json::value(waiver) : boost::json::value(nullptr)},
            {"fee_due_cents", m.fee.dueCents},
            {"paid_at", optional(m.paidAt)},
            {"created_at", m.createdAt}};
}

boost::json::object toJson(const PilotProject& p)
{
    return {{"id", p.id},
            {"partner_id", p.partnerId},
            {"name", p.name},
            {"description", p.description},
            {"status", registry::toString(p.status)},
            {"nominated_at", p.nominatedAt},
            {"reviewed_at", optional(p.reviewedAt)},
            {"reviewer", p.reviewer},
            {"review_note", p.reviewNote}};
}

boost::json::object toJson(const Site& s)
{
    return {{"id", s.id},
            {"partner_id", optional(s.partnerId)},
            {"name", s.name},
            {"kind", toString(s.kind)},
            {"location", location(s.location)},
            {"population", optional(s.population)},
            {"area_km2", optional(s.areaKm2)},
            {"created_at", s.createdAt}};
}

boost::json::object toJson(const Assessment& a)
{
    return {{"id", a.id},
            {"site_id", a.siteId},
            {"catalog_id", a.catalog.id},
            {"catalog_version", a.catalog.version},
            {"stage", scoring::toString(a.stage)},
            {"status", toString(a.status)},
            {"due_date", optional(a.dueDate)},
            {"created_at", a.createdAt},
            {"updated_at", a.updatedAt}};
}

boost::json::object toJson(const Assignment& a)
{
    return {{"assessment_id", a.assessmentId}, {"inspector", a.inspector}, {"assigned_at", a.assignedAt}};
}

boost::json::object toJson(const Observation& o)
{
    return {{"id", o.id},
            {"parent_id", optional(o.parentId)},
            {"assessment_id", o.assessmentId},
            {"indicator_code", o.indicatorCode},
            {"value", o.value ? scoring::valueToJson(*o.value) : boost::json::value(nullptr)},
            {"na_reason", optional(o.naReason)},
            {"unit", o.unit},
            {"method", o.method},
            {"note", o.note},
            {"observed_at", o.observedAt},
            {"location", location(o.location)},
            {"inspector", o.inspector},
            {"device_id", o.deviceId},
            {"hlc", o.hlc},
            {"recorded_at", o.recordedAt}};
}

boost::json::object toJson(const Evidence& e)
{
    boost::json::array links;
    for (const auto& id : e.observationIds)
        links.emplace_back(id);
    return {{"sha256", e.sha256},
            {"media_type", e.mediaType},
            {"size_bytes", e.sizeBytes},
            {"original_name", e.originalName},
            {"captured_at", optional(e.capturedAt)},
            {"location", location(e.location)},
            {"recorded_at", e.recordedAt},
            {"observation_ids", std::move(links)}};
}

boost::json::object toJson(const SurveyDefinition& d)
{
    return {{"id", d.id},
            {"version", d.version},
            {"title_en", d.titleEn},
            {"title_zh", d.titleZh},
            {"definition", embedded(d.definitionJson)},
            {"created_at", d.createdAt}};
}

boost::json::object toJson(const SurveyResponse& r)
{
    return {{"id", r.id},
            {"survey_id", r.surveyId},
            {"survey_version", r.surveyVersion},
            {"site_id", r.siteId},
            {"language", r.language},
            {"answers", embedded(r.answersJson)},
            {"submitted_hour", r.submittedHour}};
}

boost::json::object toJson(const SurveyRejection& r)
{
    return {{"id", r.id}, {"survey_id", r.surveyId}, {"survey_version", r.surveyVersion}, {"site_id", r.siteId}, {"reason", r.reason}, {"hour", r.hour}};
}

boost::json::object toJson(const TrainingFeedback& f)
{
    return {{"visit_id", f.visitId}, {"session", f.session}, {"response_id", f.responseId}};
}

boost::json::object toJson(const TrainingVisit& v)
{
    return {{"id", v.id},
            {"partner_id", v.partnerId},
            {"visit_date", v.visitDate},
            {"status", toString(v.status)},
            {"site_id", optional(v.siteId)},
            {"agenda", embedded(v.agendaJson)},
            {"notes", v.notes},
            {"walk", embedded(v.walkJson)},
            {"report_sha256", optional(v.reportSha256)},
            {"created_at", v.createdAt},
            {"completed_at", optional(v.completedAt)}};
}

boost::json::object toJson(const Attendance& a)
{
    return {{"visit_id", a.visitId},
            {"name", a.name},
            {"organisation", a.organisation},
            {"role", a.role},
            {"consent", a.consent},
            {"signed_at", a.signedAt}};
}

// ---- Decoding

namespace {

// Reads fields of one JSON object, remembering the first problem.
class Reader {
public:
    Reader(const boost::json::object& json, std::string what) : m_json(json), m_what(std::move(what)) {}

    std::string text(std::string_view key, bool required = true)
    {
        const auto* value = m_json.if_contains(key);
        if (!value || value->is_null()) {
            if (required)
                fail("missing \"" + std::string(key) + "\"");
            return {};
        }
        if (!value->is_string()) {
            fail("\"" + std::string(key) + "\" must be a string");
            return {};
        }
        return std::string(value->get_string());
    }
    std::optional<std::string> optionalText(std::string_view key)
    {
        const auto* value = m_json.if_contains(key);
        if (!value || value->is_null())
            return std::nullopt;
        return text(key);
    }
    std::optional<double> optionalNumber(std::string_view key)
    {
        const auto* value = m_json.if_contains(key);
        if (!value || value->is_null())
            return std::nullopt;
        if (value->is_double())
            return value->get_double();
        if (value->is_int64())
            return static_cast<double>(value->get_int64());
        fail("\"" + std::string(key) + "\" must be a number");
        return std::nullopt;
    }
    std::optional<std::int64_t> optionalInteger(std::string_view key)
    {
        const auto* value = m_json.if_contains(key);
        if (!value || value->is_null())
            return std::nullopt;
        if (!value->is_int64()) {
            fail("\"" + std::string(key) + "\" must be an integer");
            return std::nullopt;
        }
        return value->get_int64();
    }
    bool boolean(std::string_view key)
    {
        const auto* value = m_json.if_contains(key);
        if (!value || !value->is_bool()) {
            fail("\"" + std::string(key) + "\" must be true or false");
            return false;
        }
        return value->get_bool();
    }
    std::optional<GeoPoint> location(std::string_view key)
    {
        const auto* value = m_json.if_contains(key);
        if (!value || value->is_null())
            return std::nullopt;
        if (!value->is_object()) {
            fail("\"" + std::string(key) + "\" must be an object");
            return std::nullopt;
        }
        Reader inner(value->get_object(), m_what);
        const auto latitude = inner.optionalNumber("latitude");
        const auto longitude = inner.optionalNumber("longitude");
        const auto accuracy = inner.optionalNumber("accuracy_m");
        if (inner.m_error)
            m_error = inner.m_error;
        if (!latitude || !longitude) {
            fail("a location needs latitude and longitude");
            return std::nullopt;
        }
        return GeoPoint{*latitude, *longitude, accuracy};
    }
    std::string embedded(std::string_view key)
    {
        const auto* value = m_json.if_contains(key);
        if (!value) {
            fail("missing \"" + std::string(key) + "\"");
            return {};
        }
        return value->is_string() ? std::string(value->get_string()) : boost::json::serialize(*value);
    }
    void fail(const std::string& message)
    {
        if (!m_error)
            m_error = makeError(ErrorCode::InvalidArgument, m_what + ": " + message);
    }
    template <typename T>
    Result<T> finish(T value)
    {
        if (m_error)
            return *m_error;
        return value;
    }

private:
    const boost::json::object& m_json;
    std::string m_what;
    std::optional<Error> m_error;
};

}  // namespace

Result<Partner> partnerFromJson(const boost::json::object& json)
{
    Reader r(json, "partner");
    Partner p;
    p.id = r.text("id");
    p.name = r.text("name");
    p.nameZh = r.optionalText("name_zh").value_or("");
    p.profile.type = registry::parsePartnerType(r.text("type")).value_or(registry::PartnerType::Enterprise);
    p.profile.subtype = r.text("subtype");
    p.country = r.text("country");
    p.profile.population = r.optionalInteger("population");
    p.profile.nonProfit = r.boolean("non_profit");
    p.profile.countryGroup = registry::parseCountryGroup(r.optionalText("country_group").value_or("none")).value_or(registry::CountryGroup::None);
    p.contact = r.optionalText("contact").value_or("");
    p.createdAt = r.text("created_at");
    return r.finish(std::move(p));
}

Result<Site> siteFromJson(const boost::json::object& json)
{
    Reader r(json, "site");
    Site s;
    s.id = r.text("id");
    s.partnerId = r.optionalText("partner_id");
    s.name = r.text("name");
    const auto kind = parseSiteKind(r.text("kind"));
    if (!kind)
        r.fail("unknown site kind");
    s.kind = kind.value_or(SiteKind::City);
    s.location = r.location("location");
    s.population = r.optionalInteger("population");
    s.areaKm2 = r.optionalNumber("area_km2");
    s.createdAt = r.text("created_at");
    return r.finish(std::move(s));
}

Result<Assessment> assessmentFromJson(const boost::json::object& json)
{
    Reader r(json, "assessment");
    Assessment a;
    a.id = r.text("id");
    a.siteId = r.text("site_id");
    a.catalog = {r.text("catalog_id"), r.text("catalog_version")};
    const auto stage = scoring::parseStage(r.text("stage"));
    const auto status = parseAssessmentStatus(r.text("status"));
    if (!stage || !status)
        r.fail("unknown stage or status");
    a.stage = stage.value_or(scoring::Stage::Existing);
    a.status = status.value_or(AssessmentStatus::Draft);
    a.dueDate = r.optionalText("due_date");
    a.createdAt = r.text("created_at");
    a.updatedAt = r.optionalText("updated_at").value_or(a.createdAt);
    return r.finish(std::move(a));
}

Result<Assignment> assignmentFromJson(const boost::json::object& json)
{
    Reader r(json, "assignment");
    Assignment a{r.text("assessment_id"), r.text("inspector"), r.text("assigned_at")};
    return r.finish(std::move(a));
}

Result<Observation> observationFromJson(const boost::json::object& json)
{
    Reader r(json, "observation");
    Observation o;
    o.id = r.text("id");
    o.parentId = r.optionalText("parent_id");
    o.assessmentId = r.text("assessment_id");
    o.indicatorCode = r.text("indicator_code");
    if (const auto* value = json.if_contains("value"); value && !value->is_null()) {
        auto decoded = scoring::valueFromJson(*value);
        if (!decoded)
            r.fail(decoded.error().message);
        else
            o.value = *decoded;
    }
    o.naReason = r.optionalText("na_reason");
    o.unit = r.optionalText("unit").value_or("");
    o.method = r.optionalText("method").value_or("");
    o.note = r.optionalText("note").value_or("");
    o.observedAt = r.text("observed_at");
    o.location = r.location("location");
    o.inspector = r.text("inspector");
    o.deviceId = r.text("device_id");
    o.hlc = r.text("hlc");
    o.recordedAt = r.text("recorded_at");
    return r.finish(std::move(o));
}

Result<Evidence> evidenceFromJson(const boost::json::object& json)
{
    Reader r(json, "evidence");
    Evidence e;
    e.sha256 = r.text("sha256");
    e.mediaType = r.text("media_type");
    e.sizeBytes = r.optionalInteger("size_bytes").value_or(-1);
    e.originalName = r.optionalText("original_name").value_or("");
    e.capturedAt = r.optionalText("captured_at");
    e.location = r.location("location");
    e.recordedAt = r.text("recorded_at");
    if (const auto* ids = json.if_contains("observation_ids"); ids && ids->is_array()) {
        for (const auto& id : ids->get_array()) {
            if (id.is_string())
                e.observationIds.emplace_back(id.get_string());
            else
                r.fail("observation_ids must be strings");
        }
    }
    return r.finish(std::move(e));
}

Result<SurveyDefinition> surveyDefinitionFromJson(const boost::json::object& json)
{
    Reader r(json, "survey definition");
    SurveyDefinition d;
    d.id = r.text("id");
    d.version = static_cast<int>(r.optionalInteger("version").value_or(0));
    d.titleEn = r.text("title_en");
    d.titleZh = r.text("title_zh");
    d.definitionJson = r.embedded("definition");
    d.createdAt = r.text("created_at");
    return r.finish(std::move(d));
}

Result<SurveyResponse> surveyResponseFromJson(const boost::json::object& json)
{
    Reader r(json, "survey response");
    SurveyResponse s;
    s.id = r.text("id");
    s.surveyId = r.text("survey_id");
    s.surveyVersion = static_cast<int>(r.optionalInteger("survey_version").value_or(0));
    s.siteId = r.text("site_id");
    s.language = r.text("language");
    s.answersJson = r.embedded("answers");
    s.submittedHour = r.text("submitted_hour");
    return r.finish(std::move(s));
}

Result<TrainingVisit> trainingVisitFromJson(const boost::json::object& json)
{
    Reader r(json, "training visit");
    TrainingVisit v;
    v.id = r.text("id");
    v.partnerId = r.text("partner_id");
    v.visitDate = r.text("visit_date");
    const auto status = r.text("status");
    v.status = status == "completed" ? VisitStatus::Completed : status == "cancelled" ? VisitStatus::Cancelled : VisitStatus::Planned;
    v.siteId = r.optionalText("site_id");
    v.agendaJson = r.embedded("agenda");
    v.notes = r.optionalText("notes").value_or("");
    v.walkJson = json.contains("walk") ? r.embedded("walk") : "[]";
    v.reportSha256 = r.optionalText("report_sha256");
    v.createdAt = r.text("created_at");
    v.completedAt = r.optionalText("completed_at");
    return r.finish(std::move(v));
}

Result<Attendance> attendanceFromJson(const boost::json::object& json)
{
    Reader r(json, "attendance");
    Attendance a{r.text("visit_id"), r.text("name"), r.optionalText("organisation").value_or(""), r.optionalText("role").value_or(""),
                 r.boolean("consent"), r.text("signed_at")};
    return r.finish(std::move(a));
}

Result<SurveyRejection> surveyRejectionFromJson(const boost::json::object& json)
{
    Reader r(json, "survey rejection");
    SurveyRejection s;
    s.id = r.text("id");
    s.surveyId = r.text("survey_id");
    s.surveyVersion = static_cast<int>(r.optionalInteger("survey_version").value_or(0));
    s.siteId = r.text("site_id");
    s.reason = r.text("reason");
    s.hour = r.text("hour");
    return r.finish(std::move(s));
}

Result<TrainingFeedback> trainingFeedbackFromJson(const boost::json::object& json)
{
    Reader r(json, "training feedback");
    TrainingFeedback f{r.text("visit_id"), r.text("session"), r.text("response_id")};
    return r.finish(std::move(f));
}

// The fee is not trusted from the payload: Store::addMembership recomputes it from the partner rules.
Result<Membership> membershipFromJson(const boost::json::object& json)
{
    Reader r(json, "membership");
    Membership m;
    m.id = r.text("id");
    m.partnerId = r.text("partner_id");
    const auto tier = registry::parseTier(r.text("tier"));
    if (!tier)
        r.fail("tier is A, B or C");
    m.fee.tier = tier.value_or(registry::Tier::C);
    const auto start = parseDate(r.text("start_date"));
    const auto end = parseDate(r.text("end_date"));
    if (!start || !end)
        r.fail("start_date and end_date are YYYY-MM-DD");
    m.term = {start.value_or(Date{}), end.value_or(Date{})};
    m.fee.years = static_cast<int>(r.optionalInteger("years").value_or(0));
    m.fee.listCents = r.optionalInteger("list_fee_cents").value_or(0);
    (void)r.optionalText("discount");  // recomputed with the fee
    m.fee.discountCents = r.optionalInteger("discount_cents").value_or(0);
    m.fee.dueCents = r.optionalInteger("fee_due_cents").value_or(0);
    if (const auto* waiver = json.if_contains("waiver"); waiver && waiver->is_object()) {
        const auto& w = waiver->get_object();
        const auto* cents = w.if_contains("cents");
        const auto* approver = w.if_contains("approver");
        const auto* reason = w.if_contains("reason");
        if (!cents || !cents->is_int64() || !approver || !approver->is_string() || !reason || !reason->is_string())
            r.fail("waiver has cents, approver and reason");
        else
            m.waiver = registry::WaiverDecision{cents->get_int64(), std::string(approver->get_string()), std::string(reason->get_string())};
    }
    (void)r.embedded("waiver");
    m.paidAt = r.optionalText("paid_at");
    m.createdAt = r.text("created_at");
    return r.finish(std::move(m));
}

}  // namespace igmc::store
