// SPDX-License-Identifier: Apache-2.0
#include "scoring/scoring_engine.hpp"

#include "scoring/rule_evaluation.hpp"

#include <algorithm>
#include <numeric>

namespace igmc::scoring {

using catalog::Catalog;
using catalog::NaPolicy;

std::string_view toString(IndicatorStatus status)
{
    switch (status) {
    case IndicatorStatus::Scored: return "scored";
    case IndicatorStatus::Missing: return "missing";
    case IndicatorStatus::NotApplicableExcluded: return "na_excluded";
    case IndicatorStatus::NotApplicableZero: return "na_zero";
    }
    return "missing";
}

std::int64_t Completeness::basisPoints() const
{
    if (indicators == 0)
        return 0;
    return static_cast<std::int64_t>((answered + notApplicable) * 10000 / indicators);
}

std::vector<Points> apportion(Points total, const std::vector<Points>& weights)
{
    std::vector<Points> parts(weights.size());
    Int128 weightSum = 0;
    for (auto w : weights)
        weightSum += w.hundredths();
    if (weightSum <= 0)
        return parts;
    std::vector<std::pair<Int128, std::size_t>> remainders;
    std::int64_t assigned = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const Int128 exact = static_cast<Int128>(total.hundredths()) * weights[i].hundredths();
        parts[i] = Points::fromHundredths(static_cast<std::int64_t>(exact / weightSum));
        assigned += parts[i].hundredths();
        remainders.emplace_back(exact % weightSum, i);
    }
    std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::int64_t left = total.hundredths() - assigned, k = 0; left > 0; --left, ++k)
        parts[remainders[static_cast<std::size_t>(k)].second] += Points::fromHundredths(1);
    return parts;
}

namespace {

// First pass: status and share of every indicator, with its catalog max.
std::vector<IndicatorScore> evaluateIndicators(const Catalog& catalog, const AssessmentValues& values)
{
    std::vector<IndicatorScore> scores(catalog.indicators.size());
    for (std::size_t i = 0; i < catalog.indicators.size(); ++i) {
        const auto& indicator = catalog.indicators[i];
        auto& s = scores[i];
        s.indicator = i;
        s.max = indicator.points;
        const auto it = values.entries.find(indicator.code);
        if (it == values.entries.end()) {
            s.status = IndicatorStatus::Missing;
        } else if (it->second.isNotApplicable()) {
            s.naReason = it->second.naReason;
            s.status = indicator.naPolicy == NaPolicy::Rescale ? IndicatorStatus::NotApplicableExcluded
                                                               : IndicatorStatus::NotApplicableZero;
        } else {
            s.status = IndicatorStatus::Scored;
            s.share = evaluateRule(indicator, *it->second.value);
        }
    }
    return scores;
}

// Second pass: within each category, share the points of excluded indicators among the others.
void rescaleCategories(const Catalog& catalog, std::vector<IndicatorScore>& scores, std::vector<std::string>& warnings)
{
    for (const auto& category : catalog.categories) {
        std::vector<Points> weights;
        bool anyExcluded = false;
        for (auto index : category.indicatorIndexes) {
            const bool excluded = scores[index].status == IndicatorStatus::NotApplicableExcluded;
            anyExcluded |= excluded;
            weights.push_back(excluded ? Points{} : catalog.indicators[index].points);
        }
        if (!anyExcluded)
            continue;
        const auto maxima = apportion(category.points, weights);
        if (std::all_of(maxima.begin(), maxima.end(), [](Points p) { return p == Points{}; }))
            warnings.push_back("category " + category.code + ": every indicator is N/A, so the category scores 0 of "
                               + category.points.toString());
        for (std::size_t k = 0; k < category.indicatorIndexes.size(); ++k)
            scores[category.indicatorIndexes[k]].max = maxima[k];
    }
}

void count(GroupScore& group, const IndicatorScore& s)
{
    group.score += s.score;
    group.max += s.max;
    ++group.indicators;
    switch (s.status) {
    case IndicatorStatus::Scored: ++group.answered; break;
    case IndicatorStatus::Missing: ++group.missing; break;
    case IndicatorStatus::NotApplicableExcluded:
    case IndicatorStatus::NotApplicableZero: ++group.notApplicable; break;
    }
}

void aggregate(const Catalog& catalog, ScoreResult& result)
{
    for (const auto& category : catalog.categories) {
        GroupScore group;
        group.code = category.code;
        for (auto index : category.indicatorIndexes)
            count(group, result.indicators[index]);
        result.categories.push_back(group);
    }
    for (const auto& dimension : catalog.dimensions) {
        GroupScore group;
        group.code = dimension.code;
        for (auto categoryIndex : dimension.categoryIndexes) {
            for (auto index : catalog.categories[categoryIndex].indicatorIndexes)
                count(group, result.indicators[index]);
        }
        result.dimensions.push_back(group);
    }
    for (const auto& principle : catalog.principles) {
        result.principles.emplace_back();
        result.principles.back().code = principle.code;
    }
    GroupScore all;
    for (const auto& s : result.indicators) {
        count(all, s);
        for (auto p : catalog.indicators[s.indicator].principleIndexes)
            count(result.principles[p], s);
    }
    result.total = all.score;
    result.max = catalog.totalPoints;
    result.completeness = {all.indicators, all.answered, all.notApplicable, all.missing};
}

GapAnalysis analyseGap(const Catalog& catalog, const ScoreResult& result)
{
    GapAnalysis gap;
    for (const auto& s : result.indicators) {
        if (s.max > s.score && s.status != IndicatorStatus::NotApplicableZero)
            gap.ranked.push_back({s.indicator, s.max - s.score});
    }
    std::stable_sort(gap.ranked.begin(), gap.ranked.end(),
                     [](const GapItem& a, const GapItem& b) { return a.available > b.available; });
    // Bands are best first: the next band up is the one just before the current (or the last one).
    const std::size_t above = result.band ? *result.band : catalog.bands.size();
    if (above == 0)
        return gap;
    gap.nextBand = above - 1;
    gap.deficit = catalog.bands[above - 1].minPoints - result.total;
    // Taking the largest gains first gives the fewest indicators that cover the deficit.
    Points covered;
    for (const auto& item : gap.ranked) {
        if (covered >= gap.deficit)
            break;
        covered += item.available;
        ++gap.minimalSetSize;
    }
    gap.reachable = covered >= gap.deficit;
    return gap;
}

}  // namespace

Result<ScoreResult> score(const Catalog& catalog, const AssessmentValues& values)
{
    if (values.catalog.id != catalog.id || values.catalog.version != catalog.version) {
        return makeError(ErrorCode::ValidationError, "values were recorded under " + values.catalog.id + " "
                                                         + values.catalog.version + " but the catalog is " + catalog.id
                                                         + " " + catalog.version);
    }
    for (const auto& [code, entry] : values.entries) {
        const auto found = catalog.indicatorByCode.find(code);
        if (found == catalog.indicatorByCode.end())
            return makeError(ErrorCode::ValidationError, "no indicator \"" + code + "\" in catalog " + catalog.id);
        if (auto problem = checkEntry(catalog.indicators[found->second], entry))
            return makeError(ErrorCode::ValidationError, *problem);
    }
    ScoreResult result;
    result.catalog = values.catalog;
    result.stage = values.stage;
    result.site = values.site;
    result.indicators = evaluateIndicators(catalog, values);
    rescaleCategories(catalog, result.indicators, result.warnings);
    for (auto& s : result.indicators)
        s.score = s.status == IndicatorStatus::Scored ? scalePoints(s.max, s.share) : Points{};
    aggregate(catalog, result);
    result.band = catalog.bandFor(result.total);
    result.gap = analyseGap(catalog, result);
    return result;
}

}  // namespace igmc::scoring
