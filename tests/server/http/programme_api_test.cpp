// Programme routes: publishing surveys, anonymous kiosk responses, results with margins of error,
// survey-based observations, memberships and the annual training day.
// SPDX-License-Identifier: Apache-2.0
#include "server/server_fixture.hpp"

#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "protocol/wire.hpp"
#include "support/test_paths.hpp"
#include "survey/survey.hpp"

namespace igmc::server::test {
namespace {

class ProgrammeApi : public ApiFixture {
protected:
    void publishResidentSurvey()
    {
        const auto published = call(http::verb::post, "/v1/admin/surveys", m_admin, igmc::test::readText(igmc::test::surveyPath("resident-wellbeing.json")));
        ASSERT_EQ(published.result_int(), 201U) << published.body();
    }

    static boost::json::object answers(int safe, int services, const std::string& park = "weekly")
    {
        boost::json::object a{{"years_lived", 4},      {"park_visits", park}, {"green_space", 4},  {"safe_at_night", safe},
                              {"public_services", services}, {"main_transport", "bus"}, {"transport_ease", 4}, {"happiness", 7}};
        if (park == "never" || park == "rarely")
            a["park_barriers"] = boost::json::array{"too_far"};
        if (services <= 3)
            a["services_improve"] = boost::json::array{"health_care"};
        return a;
    }

    static sync::Op anonymousOp(const std::string& entity, boost::json::object payload)
    {
        const std::string id = newUuidV4();
        if (!payload.contains("id"))
            payload["id"] = id;
        return {newUuidV4(), "", "1795442400000.000000", entity, std::string(payload.at("id").as_string()), "create", std::move(payload), 0, {}};
    }

    sync::Op responseOp(boost::json::object answerSet, const std::string& siteId = {})
    {
        return anonymousOp("survey_response", {{"survey_id", "resident-wellbeing"},
                                               {"survey_version", 1},
                                               {"site_id", siteId.empty() ? m_site.id : siteId},
                                               {"language", "zh"},
                                               {"answers", std::move(answerSet)},
                                               {"submitted_hour", "2026-11-23T14:00:00Z"}});
    }

    Response push(const std::string& token, std::vector<sync::Op> ops)
    {
        sync::PushRequest request;
        request.ops = std::move(ops);
        return call(http::verb::post, "/v1/sync/push", token, sync::encode(request));
    }

    std::string membership(const std::string& tier, const std::string& start, int years, bool paid)
    {
        boost::json::object body{{"partner_id", m_partner.id}, {"tier", tier}, {"start_date", start}, {"years", years}};
        if (paid)
            body["paid_on"] = start;
        const auto r = call(http::verb::post, "/v1/admin/memberships", m_admin, boost::json::serialize(body));
        EXPECT_EQ(r.result_int(), 201U) << r.body();
        return std::string(json(r).at("id").as_string());
    }

    boost::json::value trainingDay(const std::string& date, const std::string& token = {})
    {
        const auto r = call(http::verb::get, "/v1/partners/" + m_partner.id + "/training-day?date=" + date, token.empty() ? m_admin : token);
        EXPECT_EQ(r.result_int(), 200U) << r.body();
        return json(r);
    }

    Response planVisit(const std::string& date)
    {
        const boost::json::object body{{"partner_id", m_partner.id},
                                       {"site_id", m_site.id},
                                       {"visit_date", date},
                                       {"agenda", {{"sessions", boost::json::array{{{"id", "s1"}, {"time", "09:00"}, {"topic", "Indicators"}, {"trainer", "Dr Chen"}}}},
                                                   {"materials", boost::json::array{}}}}};
        return call(http::verb::post, "/v1/admin/training-visits", m_admin, boost::json::serialize(body));
    }
};

TEST_F(ProgrammeApi, PublishingASurveyChecksTheWholeDocument)
{
    publishResidentSurvey();
    const auto again = call(http::verb::post, "/v1/admin/surveys", m_admin, igmc::test::readText(igmc::test::surveyPath("resident-wellbeing.json")));
    EXPECT_EQ(again.result_int(), 409U);  // a published version never changes
    const auto broken = call(http::verb::post, "/v1/admin/surveys", m_admin, R"({"format": "igmc-survey/1", "id": "x", "version": 1})");
    EXPECT_EQ(broken.result_int(), 422U);
    EXPECT_NE(broken.body().find("title"), std::string::npos) << broken.body();
    EXPECT_EQ(call(http::verb::post, "/v1/admin/surveys", m_inspector, "{}").result_int(), 403U);
    const auto listed = json(call(http::verb::get, "/v1/surveys", m_kiosk));
    ASSERT_EQ(listed.at("surveys").as_array().size(), 1U);
}

TEST_F(ProgrammeApi, KioskResponsesAreCheckedAgainstTheirSurveyAndKeptWithoutDeviceOrMoment)
{
    publishResidentSurvey();
    const auto accepted = push(m_kiosk, {responseOp(answers(5, 4))});
    ASSERT_EQ(accepted.result_int(), 200U) << accepted.body();
    auto stmt = m_store->store().database().prepare("SELECT device_id, received_at, payload FROM sync_ops WHERE entity = 'survey_response'");
    ASSERT_TRUE(stmt && *stmt->step());
    EXPECT_EQ(stmt->text(0), "");
    EXPECT_TRUE(stmt->text(1).ends_with(":00:00Z")) << stmt->text(1);
    EXPECT_EQ(stmt->text(2).find("device"), std::string::npos);

    auto skipped = answers(5, 4);
    skipped["park_barriers"] = boost::json::array{"too_far"};  // answered although park_visits = weekly hides it
    const auto hidden = push(m_kiosk, {responseOp(skipped)});
    EXPECT_EQ(hidden.result_int(), 422U);
    EXPECT_NE(hidden.body().find("park_barriers"), std::string::npos) << hidden.body();
    auto outOfRange = answers(6, 4);
    EXPECT_EQ(push(m_kiosk, {responseOp(outOfRange)}).result_int(), 422U);
    auto precise = responseOp(answers(4, 4));
    precise.payload["submitted_hour"] = "2026-11-23T14:07:31Z";
    EXPECT_EQ(push(m_kiosk, {precise}).result_int(), 422U);
    EXPECT_EQ(push(m_kiosk, {responseOp(answers(4, 4), "another-site")}).result_int(), 403U);
    EXPECT_EQ(call(http::verb::post, "/v1/sync/push", m_kiosk, observationOp(m_assessment.id, newUuidV7(), newUuidV7())).result_int(), 403U);
    // Write-only: a kiosk reads no results and pulls no responses.
    EXPECT_EQ(call(http::verb::get, "/v1/surveys/resident-wellbeing/results", m_kiosk).result_int(), 403U);
    const auto kioskPull = json(call(http::verb::get, "/v1/sync/pull?after=0&limit=1000", m_kiosk));
    for (const auto& op : kioskPull.at("ops").as_array())
        EXPECT_NE(op.at("entity").as_string(), "survey_response");
}

TEST_F(ProgrammeApi, ResultsCountResponsesRejectionsAndMarginsOfError)
{
    publishResidentSurvey();
    std::vector<sync::Op> ops;
    // 10 residents: 7 feel safe (4 or 5), 3 satisfied with services.
    for (int i = 0; i < 10; ++i)
        ops.push_back(responseOp(answers(i < 7 ? 4 + i % 2 : 2, i < 3 ? 5 : 3, i % 2 ? "never" : "weekly")));
    for (const char* reason : {"too_fast", "too_fast", "rate_limited"})
        ops.push_back(anonymousOp("survey_rejection", {{"survey_id", "resident-wellbeing"}, {"survey_version", 1}, {"site_id", m_site.id},
                                                       {"reason", reason}, {"hour", "2026-11-23T14:00:00Z"}}));
    ASSERT_EQ(push(m_kiosk, std::move(ops)).result_int(), 200U);
    const auto r = call(http::verb::get, "/v1/surveys/resident-wellbeing/results?site=" + m_site.id, m_reviewer);
    ASSERT_EQ(r.result_int(), 200U) << r.body();
    const auto results = json(r);
    EXPECT_EQ(results.at("responses").as_int64(), 10);
    EXPECT_EQ(results.at("rejected_total").as_int64(), 3);
    EXPECT_EQ(results.at("rejected").at("too_fast").as_int64(), 2);
    const auto& safe = results.at("indicators").as_array()[0];
    EXPECT_EQ(safe.at("code").as_string(), "SO1.6");
    EXPECT_EQ(safe.at("n").as_int64(), 10);
    EXPECT_EQ(safe.at("percent").as_double(), 70.0);
    // 1.96 · √(0.7 · 0.3 / 10) = 0.28403 → 28.4 points
    EXPECT_EQ(safe.at("margin_of_error_95_points").as_double(), 28.4);
    EXPECT_EQ(results.at("indicators").as_array()[1].at("percent").as_double(), 30.0);
    EXPECT_EQ(call(http::verb::get, "/v1/surveys/no-such-survey/results", m_reviewer).result_int(), 404U);
    EXPECT_EQ(call(http::verb::get, "/v1/surveys/resident-wellbeing/results?version=zero", m_reviewer).result_int(), 400U);
}

TEST_F(ProgrammeApi, SurveyIndicatorsBecomeObservationsWithSampleSizeAndMargin)
{
    publishResidentSurvey();
    const std::string body = boost::json::serialize(boost::json::object{{"survey_id", "resident-wellbeing"}, {"version", 1}, {"assessment_id", m_assessment.id}});
    EXPECT_EQ(call(http::verb::post, "/v1/admin/survey-observations", m_admin, body).result_int(), 409U);  // no responses yet
    std::vector<sync::Op> ops;
    for (int i = 0; i < 4; ++i)
        ops.push_back(responseOp(answers(i < 3 ? 5 : 1, 4)));
    ASSERT_EQ(push(m_kiosk, std::move(ops)).result_int(), 200U);
    const auto created = call(http::verb::post, "/v1/admin/survey-observations", m_admin, body);
    ASSERT_EQ(created.result_int(), 201U) << created.body();
    const auto createdJson = json(created);
    const auto& observations = createdJson.at("observations").as_array();
    ASSERT_EQ(observations.size(), 2U);
    const auto& safe = observations[0];
    EXPECT_EQ(safe.at("indicator_code").as_string(), "SO1.6");
    EXPECT_EQ(safe.at("unit").as_string(), "%");
    EXPECT_NE(safe.at("note").as_string().find("n = 4 respondents"), std::string::npos) << safe;
    // 1.96 · √(0.75 · 0.25 / 4) = 0.4244 → ±42.4 points: little weight, and the note says so.
    EXPECT_NE(safe.at("note").as_string().find("±42.4"), std::string::npos) << safe;
    // Publishing again adds a new version on top, not a conflict.
    const auto again = json(call(http::verb::post, "/v1/admin/survey-observations", m_admin, body));
    EXPECT_EQ(again.at("observations").as_array()[0].at("parent_id").as_string(), safe.at("id").as_string());
    // The inspector assigned to the assessment receives them.
    bool pulled = false;
    const auto inspectorPull = json(call(http::verb::get, "/v1/sync/pull?after=0&limit=1000", m_inspector));
    for (const auto& op : inspectorPull.at("ops").as_array())
        pulled = pulled || (op.at("entity").as_string() == "observation" && op.at("entity_id").as_string() == safe.at("id").as_string());
    EXPECT_TRUE(pulled);
    EXPECT_EQ(call(http::verb::post, "/v1/admin/survey-observations", m_reviewer, body).result_int(), 403U);
}

TEST_F(ProgrammeApi, TrainingDayFollowsTierMembershipAndYear)
{
    EXPECT_EQ(trainingDay("2026-06-01").at("verdict").as_string(), "not_a_member");
    EXPECT_EQ(planVisit("2026-06-01").result_int(), 409U);
    membership("C", "2025-01-01", 1, true);
    EXPECT_EQ(trainingDay("2025-06-01").at("verdict").as_string(), "tier_without_day");
    EXPECT_EQ(trainingDay("2026-02-01").at("verdict").as_string(), "not_active");  // lapsed
    const auto unpaid = membership("B", "2026-01-01", 2, false);
    EXPECT_EQ(trainingDay("2026-06-01").at("verdict").as_string(), "not_active");
    ASSERT_EQ(call(http::verb::post, "/v1/admin/payments", m_admin,
                   boost::json::serialize(boost::json::object{{"membership_id", unpaid}, {"paid_on", "2026-01-05"}}))
                  .result_int(),
              201U);
    const auto entitled = trainingDay("2026-06-01", m_trainer);
    EXPECT_EQ(entitled.at("verdict").as_string(), "entitled");
    EXPECT_EQ(entitled.at("tier").as_string(), "B");
    const auto planned = planVisit("2026-06-01");
    ASSERT_EQ(planned.result_int(), 201U) << planned.body();
    auto visit = json(planned).as_object();
    EXPECT_EQ(planVisit("2026-08-01").result_int(), 409U);  // one day per year, even while only planned

    // The trainer completes the day offline and syncs: the year's day is used in the central record.
    visit["status"] = "completed";
    visit["completed_at"] = "2026-06-01T16:00:00Z";
    visit["notes"] = "Wetland buffer recommended";
    const sync::Op completion{newUuidV7(), "trainer-tablet", "1780000000000.000000", "training_visit", std::string(visit.at("id").as_string()),
                              "complete", visit, 0, {}};
    const auto pushed = push(m_trainer, {completion});
    ASSERT_EQ(pushed.result_int(), 200U) << pushed.body();
    const auto used = trainingDay("2026-09-01");
    EXPECT_EQ(used.at("verdict").as_string(), "used_this_year");
    EXPECT_EQ(used.at("completed_this_year").as_int64(), 1);
    EXPECT_EQ(m_store->store().trainingVisit(std::string(visit.at("id").as_string()))->notes, "Wetland buffer recommended");
    EXPECT_EQ(planVisit("2026-10-01").result_int(), 409U);  // a second visit in the same year
    EXPECT_EQ(trainingDay("2027-03-01").at("verdict").as_string(), "entitled");
    EXPECT_EQ(planVisit("2027-03-01").result_int(), 201U);

    // Another partner's trainer may not read this partner's entitlements; a kiosk neither.
    EXPECT_EQ(call(http::verb::get, "/v1/partners/" + m_partner.id + "/training-day", m_kiosk).result_int(), 403U);
    EXPECT_EQ(call(http::verb::get, "/v1/partners/other/training-day", m_trainer).result_int(), 403U);
    EXPECT_EQ(call(http::verb::get, "/v1/partners/" + m_partner.id + "/training-day?date=June", m_admin).result_int(), 400U);
}

TEST_F(ProgrammeApi, RolesAndAnonymityAreEnforcedOnEveryProgrammeWrite)
{
    publishResidentSurvey();
    ASSERT_EQ(call(http::verb::post, "/v1/admin/surveys", m_admin, igmc::test::readText(igmc::test::surveyPath("training-feedback.json"))).result_int(),
              201U);
    // A trainer may not answer resident surveys, nor file feedback at another partner's site.
    EXPECT_EQ(push(m_trainer, {responseOp(answers(5, 5))}).result_int(), 403U);
    store::Partner other;
    other.name = "Other partner";
    other.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
    other.country = "CN";
    const auto otherPartner = *m_store->addPartner(other);
    store::Site otherSite;
    otherSite.partnerId = otherPartner.id;
    otherSite.name = "Elsewhere";
    otherSite.kind = store::SiteKind::Community;
    const auto elsewhere = *m_store->addSite(otherSite);
    auto feedback = anonymousOp("survey_response", {{"survey_id", "training-feedback"}, {"survey_version", 1}, {"site_id", elsewhere.id},
                                                    {"language", "en"}, {"answers", {{"usefulness", 4}, {"trainer_clarity", 4}, {"would_apply", 7}}},
                                                    {"submitted_hour", "2026-11-23T14:00:00Z"}});
    EXPECT_EQ(push(m_trainer, {feedback}).result_int(), 403U);
    feedback.payload["site_id"] = m_site.id;
    EXPECT_EQ(push(m_trainer, {feedback}).result_int(), 200U);

    // Anonymous ops carry no device and only the hour.
    auto named = responseOp(answers(4, 4));
    named.deviceId = "kiosk-7";
    EXPECT_EQ(push(m_kiosk, {named}).result_int(), 422U);
    auto precise = responseOp(answers(4, 4));
    precise.hlc = "1795443651123.000000";
    EXPECT_EQ(push(m_kiosk, {precise}).result_int(), 422U);

    // Codes for kiosks and trainers must name their site or partner.
    EXPECT_EQ(call(http::verb::post, "/v1/admin/enrollment-codes", m_admin, R"({"role": "kiosk"})").result_int(), 400U);
    EXPECT_EQ(call(http::verb::post, "/v1/admin/enrollment-codes", m_admin, R"({"role": "trainer"})").result_int(), 400U);

    // A bad payment date stores nothing; a visit at another partner's site is refused.
    const auto before = m_store->memberships(m_partner.id)->size();
    EXPECT_EQ(call(http::verb::post, "/v1/admin/memberships", m_admin,
                   boost::json::serialize(boost::json::object{{"partner_id", m_partner.id}, {"tier", "B"}, {"start_date", "2026-01-01"},
                                                              {"paid_on", "yesterday"}}))
                  .result_int(),
              400U);
    EXPECT_EQ(m_store->memberships(m_partner.id)->size(), before);
    membership("B", "2026-01-01", 1, true);
    const boost::json::object visit{{"partner_id", m_partner.id}, {"site_id", elsewhere.id}, {"visit_date", "2026-06-01"},
                                    {"agenda", {{"sessions", boost::json::array{}}}}};
    const auto wrongSite = call(http::verb::post, "/v1/admin/training-visits", m_admin, boost::json::serialize(visit));
    EXPECT_EQ(wrongSite.result_int(), 400U);
    EXPECT_NE(wrongSite.body().find("does not belong"), std::string::npos);
}

TEST_F(ProgrammeApi, TrainersPullTheirPartnersMembershipsAndVisits)
{
    membership("A", "2026-01-01", 1, true);
    ASSERT_EQ(planVisit("2026-11-25").result_int(), 201U);
    std::set<std::string> entities;
    const auto trainerPull = json(call(http::verb::get, "/v1/sync/pull?after=0&limit=1000", m_trainer));
    for (const auto& op : trainerPull.at("ops").as_array())
        entities.insert(std::string(op.at("entity").as_string()));
    EXPECT_TRUE(entities.contains("membership"));
    EXPECT_TRUE(entities.contains("training_visit"));
    EXPECT_TRUE(entities.contains("site"));
    EXPECT_FALSE(entities.contains("observation"));
}

}  // namespace
}  // namespace igmc::server::test
