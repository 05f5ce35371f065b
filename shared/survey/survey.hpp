// Survey definitions (format igmc-survey/1, see README.md), skip logic and answer checks. One engine
// serves the kiosk's resident surveys and the trainer's per-session feedback. Pure functions, no I/O.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/fixed_point.hpp"
#include "core/result.hpp"
#include "store/records.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace igmc::survey {

struct Text {
    std::string en;
    std::string zh;
    [[nodiscard]] const std::string& in(std::string_view language) const { return language.starts_with("zh") ? zh : en; }
};

enum class QuestionType { SingleChoice, MultipleChoice, Likert5, Scale0To10, Number, ShortText };
std::string_view toString(QuestionType type);

struct Option {
    std::string id;
    Text label;
};

// Holds for a choice answer naming any of `anyOf`, or a numeric answer within [atLeast, atMost].
struct Condition {
    std::string question;
    std::vector<std::string> anyOf;
    std::optional<Decimal> atLeast;
    std::optional<Decimal> atMost;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::SingleChoice;
    Text prompt;
    std::optional<Text> help;
    bool required = true;
    std::vector<Option> options;     // choice questions
    std::optional<int> maxChoices;   // multiple choice
    std::optional<Text> low, high;   // likert5, scale_0_10: labels of the ends
    Decimal min, max;                // number (likert5: 1–5, scale: 0–10)
    int decimals = 0;                // number
    std::optional<Text> unit;        // number
    int maxLength = 200;             // short text, in characters
    std::optional<Condition> showIf;

    [[nodiscard]] bool isChoice() const { return type == QuestionType::SingleChoice || type == QuestionType::MultipleChoice; }
    [[nodiscard]] bool isNumeric() const { return !isChoice() && type != QuestionType::ShortText; }
};

struct SurveyIndicator {
    std::string code;      // catalog indicator code
    std::string question;  // the question it is computed from
    Condition satisfiedWhen;
    Text label;
};

struct Survey {
    std::string id;
    int version = 1;
    Text title;
    Text intro;
    Text thanks;
    int minSeconds = 0;
    std::vector<Question> questions;
    std::vector<SurveyIndicator> indicators;

    [[nodiscard]] const Question* question(std::string_view id) const;
    [[nodiscard]] int indexOf(std::string_view id) const;  // -1 when absent
};

// Parses and checks a whole definition; every problem is reported with its JSON path.
Result<Survey> parseSurvey(const boost::json::value& document, const std::string& source);
Result<Survey> parseSurvey(std::string_view text, const std::string& source);

// The stored record of a published version ↔ the survey. The record keeps the whole document.
Result<Survey> surveyOf(const store::SurveyDefinition& definition);
Result<store::SurveyDefinition> definitionOf(const boost::json::value& document, const std::string& createdAt);

// ---- Answers

// A choice or text answer is a string, a multiple-choice answer a list of option ids, a numeric
// answer a Decimal.
using Answer = std::variant<std::string, std::vector<std::string>, Decimal>;
using Answers = std::map<std::string, Answer, std::less<>>;

// Whether the answer is of the question's type and within its limits; the message names the problem.
Result<void> checkAnswer(const Question& question, const Answer& answer);
bool holds(const Condition& condition, const Answers& answers);
// A question is shown when it has no condition, or its condition question is shown and the
// condition holds on the current answers.
bool isShown(const Survey& survey, int index, const Answers& answers);
// The next shown question after `index` (-1: from the start); -1 when none is left.
int nextShown(const Survey& survey, int index, const Answers& answers);
// The previous shown question before `index`; -1 when none.
int previousShown(const Survey& survey, int index, const Answers& answers);
// Numbers the shown questions as answered so far: how many will be asked in all.
int shownCount(const Survey& survey, const Answers& answers);
// Answers to questions no longer shown (after a respondent went back and changed an answer) dropped.
Answers withoutHidden(const Survey& survey, const Answers& answers);
// A complete response: every shown required question answered, every answer valid, none to a hidden
// or unknown question.
Result<void> checkResponse(const Survey& survey, const Answers& answers);

boost::json::object answersToJson(const Answers& answers);
// Decodes against the survey: each answer's JSON type follows its question's type.
Result<Answers> answersFromJson(const Survey& survey, const boost::json::value& json);

// "2026-11-23T14:07:31.123Z" → "2026-11-23T14:00:00Z": the only time a response keeps.
std::string coarsenToHour(std::string_view utcTimestamp);
std::string coarsenToHour(std::int64_t unixMillis);
// Whether a time is already coarsened ("YYYY-MM-DDTHH:00:00Z").
bool isHour(std::string_view text);

}  // namespace igmc::survey
