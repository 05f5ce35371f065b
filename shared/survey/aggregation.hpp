// Survey results per survey version and site: counts and shares per question, and the survey-based
// indicators as proportions with their sample size and 95% margin of error, so a reviewer sees how
// much weight an answer set can bear.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "survey/survey.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace igmc::survey {

// A share of n answers with its 95% confidence: the normal-approximation margin 1.96·√(p(1−p)/n)
// the programme reports, and the Wilson interval, which stays honest near 0% and 100% and for small n.
struct Proportion {
    std::int64_t count = 0;
    std::int64_t n = 0;
    double share = 0;           // count / n, 0 when n = 0
    double marginOfError = 0;   // ± in share units; 1 when n = 0 (nothing is known)
    double wilsonLow = 0;
    double wilsonHigh = 1;
};
Proportion proportion(std::int64_t count, std::int64_t n);

struct OptionCount {
    std::string id;     // option id, or the value ("1" … "5") of a likert/scale question
    Text label;
    Proportion proportion;  // of those who answered the question
};

struct QuestionResult {
    std::string id;
    QuestionType type = QuestionType::SingleChoice;
    Text prompt;
    std::int64_t answered = 0;
    std::vector<OptionCount> counts;  // choice, likert5 and scale_0_10 questions
    std::optional<double> mean;       // numeric questions
    std::optional<Decimal> min, max;  // numeric questions
    std::vector<std::string> texts;   // short text, sorted (not in submission order)
};

struct IndicatorResult {
    SurveyIndicator indicator;
    Proportion satisfied;  // among those who answered the indicator's question
};

struct SurveyResults {
    std::string surveyId;
    int version = 1;
    std::string siteId;
    std::int64_t responses = 0;
    std::map<std::string, std::int64_t> rejected;  // by reason
    std::vector<QuestionResult> questions;
    std::vector<IndicatorResult> indicators;
};

SurveyResults aggregate(const Survey& survey, const std::vector<Answers>& responses);
boost::json::object toJson(const SurveyResults& results);

}  // namespace igmc::survey
