// Survey aggregation against hand-computed proportions and 95% margins of error.
// SPDX-License-Identifier: Apache-2.0
#include "survey/aggregation.hpp"

#include "support/test_paths.hpp"

#include <gtest/gtest.h>

namespace igmc::survey {
namespace {

TEST(SurveyProportion, MarginOfErrorMatchesHandComputedCases)
{
    // p = 0.5, n = 100: 1.96 · √(0.25 / 100) = 0.098
    auto p = proportion(50, 100);
    EXPECT_DOUBLE_EQ(p.share, 0.5);
    EXPECT_NEAR(p.marginOfError, 0.0980, 0.0001);
    // p = 0.8, n = 25: 1.96 · √(0.16 / 25) = 1.96 · 0.08 = 0.1568
    p = proportion(20, 25);
    EXPECT_NEAR(p.marginOfError, 0.1568, 0.0001);
    // p = 0.3, n = 400: 1.96 · √(0.21 / 400) = 1.96 · 0.022913 = 0.04491
    p = proportion(120, 400);
    EXPECT_NEAR(p.marginOfError, 0.0449, 0.0001);
    // Wilson 95% for 20/25: centre (0.8 + 1.9208/25)/(1 + 3.8415/25) = 0.7602, half-width 0.1521 → [0.609, 0.911]
    EXPECT_NEAR(p.share, 0.3, 1e-12);
    p = proportion(20, 25);
    EXPECT_NEAR(p.wilsonLow, 0.609, 0.001);
    EXPECT_NEAR(p.wilsonHigh, 0.911, 0.001);
}

TEST(SurveyProportion, EdgesStayHonest)
{
    const auto none = proportion(0, 0);
    EXPECT_EQ(none.n, 0);
    EXPECT_DOUBLE_EQ(none.marginOfError, 1.0);  // nothing is known
    const auto all = proportion(10, 10);
    EXPECT_DOUBLE_EQ(all.marginOfError, 0.0);   // the normal approximation collapses at 100 %…
    EXPECT_LT(all.wilsonLow, 0.75);             // …the Wilson interval does not: [0.722, 1]
    EXPECT_NEAR(all.wilsonLow, 0.7225, 0.001);
    EXPECT_DOUBLE_EQ(all.wilsonHigh, 1.0);
}

Survey resident()
{
    auto parsed = parseSurvey(test::readText(test::surveyPath("resident-wellbeing.json")), "resident");
    EXPECT_TRUE(parsed);
    return *parsed;
}

TEST(SurveyAggregation, CountsPerOptionAndIndicatorShares)
{
    const Survey s = resident();
    std::vector<Answers> responses;
    // 8 residents: safe_at_night 5,5,4,4,4,3,2,1 → 5 of 8 feel safe (62.5 %); one skips the park question's follow-up.
    const std::vector<int> safe{5, 5, 4, 4, 4, 3, 2, 1};
    for (std::size_t i = 0; i < safe.size(); ++i) {
        Answers a{{"safe_at_night", Decimal::fromInteger(safe[i])},
                  {"public_services", Decimal::fromInteger(i < 2 ? 5 : 3)},
                  {"park_visits", std::string(i % 2 == 0 ? "weekly" : "never")},
                  {"happiness", Decimal::fromInteger(static_cast<std::int64_t>(i + 3))}};
        if (i % 2 == 1)
            a["park_barriers"] = std::vector<std::string>{"too_far", "no_time"};
        responses.push_back(std::move(a));
    }
    const auto results = aggregate(s, responses);
    EXPECT_EQ(results.responses, 8);
    ASSERT_EQ(results.indicators.size(), 2U);
    const auto& safety = results.indicators[0];
    EXPECT_EQ(safety.indicator.code, "SO1.6");
    EXPECT_EQ(safety.satisfied.count, 5);
    EXPECT_EQ(safety.satisfied.n, 8);
    EXPECT_DOUBLE_EQ(safety.satisfied.share, 0.625);
    // 1.96 · √(0.625 · 0.375 / 8) = 1.96 · 0.171163 = 0.33548
    EXPECT_NEAR(safety.satisfied.marginOfError, 0.3355, 0.0001);
    const auto& services = results.indicators[1];
    EXPECT_EQ(services.satisfied.count, 2);
    EXPECT_DOUBLE_EQ(services.satisfied.share, 0.25);

    const auto byId = [&](const std::string& id) -> const QuestionResult& {
        for (const auto& q : results.questions) {
            if (q.id == id)
                return q;
        }
        throw std::runtime_error(id);
    };
    const auto& park = byId("park_visits");
    EXPECT_EQ(park.answered, 8);
    for (const auto& c : park.counts) {
        if (c.id == "weekly" || c.id == "never")
            EXPECT_EQ(c.proportion.count, 4) << c.id;
        else
            EXPECT_EQ(c.proportion.count, 0) << c.id;
    }
    const auto& barriers = byId("park_barriers");
    EXPECT_EQ(barriers.answered, 4);  // only those shown the question
    EXPECT_EQ(barriers.counts.front().proportion.count, 4);
    EXPECT_DOUBLE_EQ(barriers.counts.front().proportion.share, 1.0);
    const auto& happiness = byId("happiness");
    ASSERT_TRUE(happiness.mean);
    EXPECT_DOUBLE_EQ(*happiness.mean, 6.5);  // 3…10
    EXPECT_EQ(happiness.counts.size(), 11U);  // 0…10
    EXPECT_EQ(byId("safe_at_night").counts.size(), 5U);
    const auto json = toJson(results);
    EXPECT_EQ(json.at("indicators").as_array()[0].as_object().at("percent").as_double(), 62.5);
    EXPECT_EQ(json.at("indicators").as_array()[0].as_object().at("margin_of_error_95_points").as_double(), 33.55);
}

}  // namespace
}  // namespace igmc::survey
