// SPDX-License-Identifier: Apache-2.0
#include "survey/aggregation.hpp"

#include <algorithm>
#include <cmath>

namespace igmc::survey {

namespace {

constexpr double kZ95 = 1.959963984540054;

// Rounds for the report: shares to 4 decimals (0.01 percentage points).
double rounded(double value, double scale = 10000.0)
{
    return std::round(value * scale) / scale;
}

boost::json::object toJson(const Proportion& p)
{
    return {{"count", p.count},
            {"n", p.n},
            {"share", rounded(p.share)},
            {"percent", rounded(p.share * 100, 100)},
            {"margin_of_error_95", rounded(p.marginOfError)},
            {"margin_of_error_95_points", rounded(p.marginOfError * 100, 100)},
            {"wilson_95", boost::json::array{rounded(p.wilsonLow), rounded(p.wilsonHigh)}}};
}

boost::json::object toJson(const Text& text)
{
    return {{"en", text.en}, {"zh", text.zh}};
}

QuestionResult emptyResult(const Question& q)
{
    QuestionResult r;
    r.id = q.id;
    r.type = q.type;
    r.prompt = q.prompt;
    if (q.isChoice()) {
        for (const auto& option : q.options)
            r.counts.push_back({option.id, option.label, {}});
    } else if (q.type == QuestionType::Likert5 || q.type == QuestionType::Scale0To10) {
        for (std::int64_t v = q.min.micros() / Decimal::kScale; v <= q.max.micros() / Decimal::kScale; ++v)
            r.counts.push_back({std::to_string(v), {std::to_string(v), std::to_string(v)}, {}});
    }
    return r;
}

void count(QuestionResult& r, const Answer& answer, double& sum)
{
    const auto bump = [&r](const std::string& id) {
        for (auto& c : r.counts) {
            if (c.id == id)
                ++c.proportion.count;
        }
    };
    ++r.answered;
    if (const auto* text = std::get_if<std::string>(&answer)) {
        if (r.type == QuestionType::ShortText)
            r.texts.push_back(*text);
        else
            bump(*text);
    } else if (const auto* list = std::get_if<std::vector<std::string>>(&answer)) {
        for (const auto& id : *list)
            bump(id);
    } else {
        const Decimal value = std::get<Decimal>(answer);
        sum += value.toDouble();
        r.min = r.min ? std::min(*r.min, value) : value;
        r.max = r.max ? std::max(*r.max, value) : value;
        if (value.micros() % Decimal::kScale == 0)
            bump(std::to_string(value.micros() / Decimal::kScale));
    }
}

}  // namespace

Proportion proportion(std::int64_t count, std::int64_t n)
{
    Proportion p;
    p.count = count;
    p.n = n;
    if (n <= 0) {
        p.marginOfError = 1;
        return p;
    }
    const double nn = static_cast<double>(n);
    p.share = static_cast<double>(count) / nn;
    p.marginOfError = kZ95 * std::sqrt(p.share * (1 - p.share) / nn);
    const double z2 = kZ95 * kZ95;
    const double centre = (p.share + z2 / (2 * nn)) / (1 + z2 / nn);
    const double half = kZ95 / (1 + z2 / nn) * std::sqrt(p.share * (1 - p.share) / nn + z2 / (4 * nn * nn));
    p.wilsonLow = std::max(0.0, centre - half);
    p.wilsonHigh = std::min(1.0, centre + half);
    return p;
}

SurveyResults aggregate(const Survey& survey, const std::vector<Answers>& responses)
{
    SurveyResults results;
    results.surveyId = survey.id;
    results.version = survey.version;
    results.responses = static_cast<std::int64_t>(responses.size());
    for (const auto& q : survey.questions) {
        QuestionResult r = emptyResult(q);
        double sum = 0;
        for (const auto& answers : responses) {
            if (auto found = answers.find(q.id); found != answers.end())
                count(r, found->second, sum);
        }
        for (auto& c : r.counts)
            c.proportion = proportion(c.proportion.count, r.answered);
        if (q.isNumeric() && r.answered > 0)
            r.mean = sum / static_cast<double>(r.answered);
        std::sort(r.texts.begin(), r.texts.end());
        results.questions.push_back(std::move(r));
    }
    for (const auto& indicator : survey.indicators) {
        std::int64_t answered = 0;
        std::int64_t satisfied = 0;
        for (const auto& answers : responses) {
            if (!answers.contains(indicator.question))
                continue;
            ++answered;
            satisfied += holds(indicator.satisfiedWhen, answers) ? 1 : 0;
        }
        results.indicators.push_back({indicator, proportion(satisfied, answered)});
    }
    return results;
}

boost::json::object toJson(const SurveyResults& results)
{
    boost::json::array questions;
    for (const auto& q : results.questions) {
        boost::json::object json{{"id", q.id}, {"type", toString(q.type)}, {"prompt", toJson(q.prompt)}, {"answered", q.answered}};
        if (!q.counts.empty()) {
            boost::json::array counts;
            for (const auto& c : q.counts) {
                auto entry = toJson(c.proportion);
                entry["id"] = c.id;
                entry["label"] = toJson(c.label);
                counts.push_back(std::move(entry));
            }
            json["counts"] = std::move(counts);
        }
        if (q.mean)
            json["mean"] = rounded(*q.mean, 100);
        if (q.min)
            json["min"] = q.min->toDouble();
        if (q.max)
            json["max"] = q.max->toDouble();
        if (q.type == QuestionType::ShortText) {
            boost::json::array texts;
            for (const auto& t : q.texts)
                texts.emplace_back(t);
            json["texts"] = std::move(texts);
        }
        questions.push_back(std::move(json));
    }
    boost::json::array indicators;
    for (const auto& i : results.indicators) {
        auto json = toJson(i.satisfied);
        json["code"] = i.indicator.code;
        json["question"] = i.indicator.question;
        json["label"] = toJson(i.indicator.label);
        indicators.push_back(std::move(json));
    }
    boost::json::object rejected;
    std::int64_t rejectedTotal = 0;
    for (const auto& [reason, n] : results.rejected) {
        rejected[reason] = n;
        rejectedTotal += n;
    }
    return {{"survey_id", results.surveyId},
            {"version", results.version},
            {"site_id", results.siteId},
            {"responses", results.responses},
            {"rejected", std::move(rejected)},
            {"rejected_total", rejectedTotal},
            {"questions", std::move(questions)},
            {"indicators", std::move(indicators)}};
}

}  // namespace igmc::survey
