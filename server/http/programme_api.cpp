// Programme routes: resident-survey results and survey-based observations, memberships and the
// senior partners' annual training day.
// SPDX-License-Identifier: Apache-2.0
#include "http/api_detail.hpp"

#include "core/calendar.hpp"
#include "store/record_json.hpp"

#include <boost/json/serialize.hpp>

namespace igmc::server::api_detail {

namespace http = boost::beast::http;

namespace {

std::optional<std::string> text(const boost::json::object& body, std::string_view key)
{
    const auto* value = body.if_contains(key);
    if (!value || !value->is_string())
        return std::nullopt;
    return std::string(value->get_string());
}

Response membership(const Request& request, ApiContext& context, const boost::json::object& body)
{
    const auto partnerId = text(body, "partner_id");
    const auto tier = registry::parseTier(text(body, "tier").value_or(""));
    const auto start = parseDate(text(body, "start_date").value_or(""));
    const auto* yearsValue = body.if_contains("years");
    const std::int64_t years = yearsValue && yearsValue->is_int64() ? yearsValue->get_int64() : 1;
    if (!partnerId || !tier || !start || years < 1 || years > 10)
        return fail(request, ErrorCode::InvalidArgument, "a membership needs partner_id, tier (A, B or C), start_date (YYYY-MM-DD) and years (1–10)");
    const auto paidOn = text(body, "paid_on");
    if (paidOn && !parseDate(*paidOn))
        return fail(request, ErrorCode::InvalidArgument, "paid_on is YYYY-MM-DD");  // checked before anything is stored
    auto partner = context.store.partner(*partnerId);
    if (!partner)
        return fail(request, partner.error());
    auto fee = registry::computeFee(partner->profile, *tier, static_cast<int>(years));
    if (!fee)
        return fail(request, fee.error());
    store::Membership m;
    m.partnerId = *partnerId;
    m.term = registry::termFor(*start, static_cast<int>(years));
    m.fee = *fee;
    auto added = context.store.addMembership(m);
    if (!added)
        return fail(request, added.error());
    if (paidOn) {
        auto paid = context.store.recordPayment(added->id, *paidOn);
        if (!paid)
            return fail(request, paid.error());
        return jsonResponse(request, http::status::created, store::toJson(*paid));
    }
    return jsonResponse(request, http::status::created, store::toJson(*added));
}

Response trainingVisit(const Request& request, ApiContext& context, const boost::json::object& body)
{
    store::TrainingVisit v;
    v.partnerId = text(body, "partner_id").value_or("");
    v.siteId = text(body, "site_id");
    v.visitDate = text(body, "visit_date").value_or("");
    if (const auto* agenda = body.if_contains("agenda"); agenda && agenda->is_object())
        v.agendaJson = boost::json::serialize(*agenda);
    else
        return fail(request, ErrorCode::InvalidArgument,
                    "a training visit needs partner_id, visit_date and agenda {sessions: [{id, time, topic, trainer}], materials: [{name, sha256, media_type}]}");
    auto added = context.store.addTrainingVisit(v);
    if (!added)
        return fail(request, added.error());
    return jsonResponse(request, http::status::created, store::toJson(*added));
}

Response surveyObservations(const Request& request, ApiContext& context, const boost::json::object& body)
{
    const auto surveyId = text(body, "survey_id");
    const auto assessmentId = text(body, "assessment_id");
    const auto* version = body.if_contains("version");
    if (!surveyId || !assessmentId || !version || !version->is_int64())
        return fail(request, ErrorCode::InvalidArgument, "name survey_id, version and assessment_id");
    auto observations = context.store.publishSurveyObservations(*surveyId, static_cast<int>(version->get_int64()), *assessmentId);
    if (!observations)
        return fail(request, observations.error());
    boost::json::array list;
    for (const auto& o : *observations)
        list.push_back(store::toJson(o));
    return jsonResponse(request, http::status::created, boost::json::object{{"observations", std::move(list)}});
}

}  // namespace

Response surveyRoutes(const Request& request, ApiContext& context, const Device& device, const std::vector<std::string_view>& parts)
{
    // GET /v1/surveys/{id}/results?version=&site=
    if (parts.size() != 4 || parts[3] != "results" || request.method() != http::verb::get)
        return fail(request, ErrorCode::NotFound, "no such survey route; results are at GET /v1/surveys/{id}/results");
    if (!hasRole(device, {Role::Admin, Role::Reviewer}))
        return fail(request, roleError(device, "read survey results"));
    std::optional<int> version;
    if (auto v = queryParameter(request, "version")) {
        const auto parsed = toInteger(*v);
        if (!parsed || *parsed < 1)
            return fail(request, ErrorCode::InvalidArgument, "version is a number ≥ 1");
        version = static_cast<int>(*parsed);
    }
    auto results = context.store.surveyResults(std::string(parts[2]), version, queryParameter(request, "site"));
    if (!results)
        return fail(request, results.error());
    return jsonResponse(request, http::status::ok, survey::toJson(*results));
}

Response partnerRoutes(const Request& request, ApiContext& context, const Device& device, const std::vector<std::string_view>& parts)
{
    // GET /v1/partners/{id}/training-day?date=YYYY-MM-DD
    if (parts.size() != 4 || parts[3] != "training-day" || request.method() != http::verb::get)
        return fail(request, ErrorCode::NotFound, "no such partner route; the training day is at GET /v1/partners/{id}/training-day");
    const std::string partnerId(parts[2]);
    const bool ownPartner = device.role == Role::Trainer && device.scope.partnerId == partnerId;
    if (!hasRole(device, {Role::Admin, Role::Reviewer}) && !ownPartner)
        return fail(request, roleError(device, "read another partner's entitlements"));
    const auto dateText = queryParameter(request, "date");
    const auto date = dateText ? parseDate(*dateText) : std::optional<Date>(todayUtc());
    if (!date)
        return fail(request, ErrorCode::InvalidArgument, "date is YYYY-MM-DD");
    auto day = context.store.trainingDay(partnerId, *date);
    if (!day)
        return fail(request, day.error());
    boost::json::array visits;
    int completedThisYear = 0;
    for (const auto& v : day->visits) {
        visits.push_back(store::toJson(v));
        const auto d = parseDate(v.visitDate);
        completedThisYear += v.status == store::VisitStatus::Completed && d && d->year() == date->year() ? 1 : 0;
    }
    boost::json::object body{{"partner_id", partnerId},
                              {"date", formatDate(*date)},
                              {"year", day->check.year},
                              {"verdict", registry::toString(day->check.verdict)},
                              {"entitled", day->check.verdict == registry::TrainingDayVerdict::Entitled},
                              {"explanation", day->check.explanation},
                              {"completed_this_year", completedThisYear},
                              {"used", completedThisYear > 0},
                              {"visits", std::move(visits)}};
    if (day->check.tier)
        body["tier"] = registry::toString(*day->check.tier);
    return jsonResponse(request, http::status::ok, body);
}

std::optional<Response> adminProgrammeRoutes(const Request& request, ApiContext& context, std::string_view what, const boost::json::object& body)
{
    if (what == "memberships")
        return membership(request, context, body);
    if (what == "payments") {
        const auto id = text(body, "membership_id");
        const auto paidOn = text(body, "paid_on");
        if (!id || !paidOn)
            return fail(request, ErrorCode::InvalidArgument, "a payment names membership_id and paid_on (YYYY-MM-DD)");
        auto paid = context.store.recordPayment(*id, *paidOn);
        return paid ? jsonResponse(request, http::status::created, store::toJson(*paid)) : fail(request, paid.error());
    }
    if (what == "training-visits")
        return trainingVisit(request, context, body);
    if (what == "survey-observations")
        return surveyObservations(request, context, body);
    return std::nullopt;
}

}  // namespace igmc::server::api_detail
