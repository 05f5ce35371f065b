// The survey engine: strict definitions, answer checks, skip logic and what a response may contain.
// SPDX-License-Identifier: Apache-2.0
#include "survey/survey.hpp"

#include "support/test_paths.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace igmc::survey {
namespace {

Survey load(const std::string& name)
{
    auto parsed = parseSurvey(test::readText(test::surveyPath(name)), name);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().describe());
    return parsed ? *parsed : Survey{};
}

Decimal n(std::int64_t value)
{
    return Decimal::fromInteger(value);
}

// A small survey with every type and both kinds of condition.
constexpr const char* kSmall = R"({
  "format": "igmc-survey/1", "id": "small", "version": 2,
  "title": {"en": "T", "zh": "标题"}, "intro": {"en": "I", "zh": "介绍"}, "thanks": {"en": "Th", "zh": "谢谢"},
  "min_seconds": 5,
  "questions": [
    {"id": "park", "type": "single_choice", "prompt": {"en": "Park?", "zh": "公园？"},
     "options": [{"id": "often", "label": {"en": "Often", "zh": "经常"}}, {"id": "never", "label": {"en": "Never", "zh": "从不"}}]},
    {"id": "why_not", "type": "multiple_choice", "max_choices": 2, "prompt": {"en": "Why not?", "zh": "为什么？"},
     "options": [{"id": "far", "label": {"en": "Far", "zh": "远"}}, {"id": "dirty", "label": {"en": "Dirty", "zh": "脏"}},
                 {"id": "unsafe", "label": {"en": "Unsafe", "zh": "不安全"}}],
     "show_if": {"question": "park", "any_of": ["never"]}},
    {"id": "unsafe_where", "type": "short_text", "max_length": 5, "required": false, "prompt": {"en": "Where?", "zh": "哪里？"},
     "show_if": {"question": "why_not", "any_of": ["unsafe"]}},
    {"id": "happy", "type": "scale_0_10", "prompt": {"en": "Happy?", "zh": "幸福？"}},
    {"id": "improve", "type": "short_text", "prompt": {"en": "Improve?", "zh": "改进？"}, "show_if": {"question": "happy", "at_most": 4}},
    {"id": "safe", "type": "likert5", "prompt": {"en": "Safe?", "zh": "安全？"}},
    {"id": "km", "type": "number", "min": 0, "max": 50, "decimals": 1, "prompt": {"en": "Km?", "zh": "公里？"}}
  ],
  "indicators": [{"code": "SO1.6", "question": "safe", "satisfied_when": {"at_least": 4}, "label": {"en": "Safe", "zh": "安全"}}]
})";

Survey small()
{
    auto parsed = parseSurvey(std::string_view(kSmall), "small");
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().describe());
    return *parsed;
}

std::string problemsOf(const std::string& text)
{
    auto parsed = parseSurvey(std::string_view(text), "broken");
    EXPECT_FALSE(parsed);
    return parsed ? "" : parsed.error().message;
}

std::string withReplaced(std::string text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

TEST(SurveyDefinition, ShippedSurveysParseWithEveryQuestionType)
{
    const Survey resident = load("resident-wellbeing.json");
    EXPECT_EQ(resident.id, "resident-wellbeing");
    std::set<QuestionType> types;
    for (const auto& q : resident.questions)
        types.insert(q.type);
    EXPECT_EQ(types.size(), 6U);
    EXPECT_EQ(resident.indicators.size(), 2U);
    const Survey feedback = load("training-feedback.json");
    EXPECT_EQ(feedback.id, "training-feedback");
    EXPECT_TRUE(feedback.indicators.empty());
}

TEST(SurveyDefinition, ProblemsAreReportedWithTheirPath)
{
    const std::string base = kSmall;
    EXPECT_NE(problemsOf(withReplaced(base, R"("type": "likert5")", R"("type": "stars")")).find("$.questions[5].type"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"({"question": "happy", "at_most": 4})", R"({"question": "km", "at_most": 4})"))
                  .find("earlier question"),
              std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("any_of": ["never"])", R"("any_of": ["sometimes"])")).find("not an option"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"({"question": "happy", "at_most": 4})", R"({"question": "happy", "any_of": ["x"]})"))
                  .find("at_least and/or at_most"),
              std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("zh": "公园？")", R"("zh": "")")).find("$.questions[0].prompt.zh"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("id": "never", "label")", R"("id": "often", "label")")).find("duplicate option"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("id": "km")", R"("id": "park")")).find("duplicate question"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("min": 0, "max": 50)", R"("min": 50, "max": 0)")).find("max > min"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("max_choices": 2)", R"("max_choices": 9)")).find("max_choices"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("question": "safe", "satisfied_when")", R"("question": "nope", "satisfied_when")"))
                  .find("$.indicators[0].question"),
              std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("min_seconds": 5)", R"("min_seconds": 5, "colour": "red")")).find("colour"), std::string::npos);
    EXPECT_NE(problemsOf(withReplaced(base, R"("format": "igmc-survey/1")", R"("format": "igmc-survey/9")")).find("igmc-survey/1"),
              std::string::npos);
}

TEST(SurveyAnswers, EachTypeAcceptsOnlyItsOwnAnswers)
{
    const Survey s = small();
    const auto& park = *s.question("park");
    EXPECT_TRUE(checkAnswer(park, Answer{std::string("never")}));
    EXPECT_FALSE(checkAnswer(park, Answer{std::string("sometimes")}));
    EXPECT_FALSE(checkAnswer(park, Answer{n(1)}));
    const auto& why = *s.question("why_not");
    EXPECT_TRUE(checkAnswer(why, Answer{std::vector<std::string>{"far", "dirty"}}));
    EXPECT_FALSE(checkAnswer(why, Answer{std::vector<std::string>{"far", "dirty", "unsafe"}}));  // max 2
    EXPECT_FALSE(checkAnswer(why, Answer{std::vector<std::string>{"far", "far"}}));
    EXPECT_FALSE(checkAnswer(why, Answer{std::vector<std::string>{}}));
    const auto& happy = *s.question("happy");
    EXPECT_TRUE(checkAnswer(happy, Answer{n(0)}));
    EXPECT_TRUE(checkAnswer(happy, Answer{n(10)}));
    EXPECT_FALSE(checkAnswer(happy, Answer{n(11)}));
    EXPECT_FALSE(checkAnswer(happy, Answer{*Decimal::parse("7.5")}));
    const auto& safe = *s.question("safe");
    EXPECT_FALSE(checkAnswer(safe, Answer{n(0)}));
    EXPECT_TRUE(checkAnswer(safe, Answer{n(5)}));
    const auto& km = *s.question("km");
    EXPECT_TRUE(checkAnswer(km, Answer{*Decimal::parse("2.5")}));
    EXPECT_FALSE(checkAnswer(km, Answer{*Decimal::parse("2.55")}));
    EXPECT_FALSE(checkAnswer(km, Answer{n(51)}));
    const auto& where = *s.question("unsafe_where");
    EXPECT_TRUE(checkAnswer(where, Answer{std::string("桥下小路")}));  // 4 characters, 12 bytes
    EXPECT_FALSE(checkAnswer(where, Answer{std::string("桥下的小路边")}));
    EXPECT_FALSE(checkAnswer(where, Answer{std::string()}));
}

TEST(SurveySkipLogic, ChoiceConditionShowsFollowUpOnlyForMatchingAnswers)
{
    const Survey s = small();
    Answers a{{"park", std::string("often")}};
    EXPECT_EQ(nextShown(s, 0, a), s.indexOf("happy"));  // why_not and unsafe_where skipped
    a["park"] = std::string("never");
    EXPECT_EQ(nextShown(s, 0, a), s.indexOf("why_not"));
    a["why_not"] = std::vector<std::string>{"far"};
    EXPECT_EQ(nextShown(s, s.indexOf("why_not"), a), s.indexOf("happy"));
    a["why_not"] = std::vector<std::string>{"far", "unsafe"};  // chained condition now holds
    EXPECT_EQ(nextShown(s, s.indexOf("why_not"), a), s.indexOf("unsafe_where"));
    EXPECT_EQ(previousShown(s, s.indexOf("happy"), a), s.indexOf("unsafe_where"));
}

TEST(SurveySkipLogic, NumericConditionAndChainsThroughHiddenQuestions)
{
    const Survey s = small();
    Answers a{{"park", std::string("never")}, {"why_not", std::vector<std::string>{"unsafe"}}, {"happy", n(4)}};
    EXPECT_TRUE(isShown(s, s.indexOf("improve"), a));
    a["happy"] = n(5);
    EXPECT_FALSE(isShown(s, s.indexOf("improve"), a));
    // unsafe_where depends on why_not, which depends on park: hiding park's follow-up hides both.
    a["park"] = std::string("often");
    EXPECT_FALSE(isShown(s, s.indexOf("unsafe_where"), a));
    EXPECT_EQ(shownCount(s, a), 4);  // park, happy, safe, km
}

TEST(SurveyResponse, AnswersToQuestionsHiddenByALaterChangeAreDropped)
{
    const Survey s = small();
    Answers a{{"park", std::string("never")}, {"why_not", std::vector<std::string>{"unsafe"}}, {"unsafe_where", std::string("桥下")},
              {"happy", n(8)}, {"safe", n(4)}, {"km", n(3)}};
    EXPECT_TRUE(checkResponse(s, a));
    a["park"] = std::string("often");  // the respondent went back and changed the first answer
    EXPECT_FALSE(checkResponse(s, a));  // why_not is now hidden but answered
    const Answers kept = withoutHidden(s, a);
    EXPECT_FALSE(kept.contains("why_not"));
    EXPECT_FALSE(kept.contains("unsafe_where"));
    EXPECT_TRUE(checkResponse(s, kept));
}

TEST(SurveyResponse, RequiredShownQuestionsMustBeAnswered)
{
    const Survey s = small();
    Answers a{{"park", std::string("often")}, {"happy", n(2)}, {"safe", n(4)}, {"km", n(3)}};
    auto missing = checkResponse(s, a);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("improve"), std::string::npos);
    a["improve"] = std::string("more");
    EXPECT_TRUE(checkResponse(s, a));
    a["bogus"] = n(1);
    EXPECT_FALSE(checkResponse(s, a));
}

TEST(SurveyResponse, AnswersRoundTripThroughJsonByQuestionType)
{
    const Survey s = small();
    const Answers a{{"park", std::string("never")}, {"why_not", std::vector<std::string>{"far", "unsafe"}}, {"happy", n(7)},
                    {"km", *Decimal::parse("2.5")}};
    auto back = answersFromJson(s, answersToJson(a));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, a);
    EXPECT_FALSE(answersFromJson(s, boost::json::parse(R"({"happy": "seven"})")));
    EXPECT_FALSE(answersFromJson(s, boost::json::parse(R"({"why_not": "far"})")));
    EXPECT_FALSE(answersFromJson(s, boost::json::parse(R"({"nope": 1})")));
}

TEST(SurveyAnonymity, TimesAreCoarsenedToTheHour)
{
    EXPECT_EQ(coarsenToHour("2026-11-23T14:07:31.123Z"), "2026-11-23T14:00:00Z");
    EXPECT_EQ(coarsenToHour(std::int64_t{1'795'443'651'123}), "2026-11-23T14:00:00Z");
    EXPECT_EQ(coarsenToHour(std::int64_t{0}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(coarsenToHour(std::int64_t{3'599'999}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(coarsenToHour(std::int64_t{3'600'000}), "1970-01-01T01:00:00Z");
}

}  // namespace
}  // namespace igmc::survey
