// SPDX-License-Identifier: Apache-2.0
#include "store/record_json.hpp"

#include "scoring/value_codec.hpp"

#include <boost/json/parse.hpp>
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

boost::json::object toJson(const TrainingVisit& v)
{
    return {{"id", v.id},
            {"partner_id", v.partnerId},
            {"visit_date", v.visitDate},
            {"status", toString(v.status)},
            {"agenda", embedded(v.agendaJson)},
            {"notes", v.notes},
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

}  // namespace igmc::store
