// SPDX-License-Identifier: Apache-2.0
#include "scoring/rule_evaluation.hpp"

#include <algorithm>

namespace igmc::scoring {

using catalog::Direction;
using catalog::Indicator;

namespace {

Fraction ofPoints(Points earned, Points max)
{
    return {earned.hundredths(), max.hundredths()};
}

Fraction evaluateBands(const Indicator& indicator, Decimal value)
{
    const bool higher = indicator.direction == Direction::Higher;
    const auto& bands = indicator.rule.bands;
    // Bands run from the easiest to the best; the last one satisfied counts.
    for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
        if (higher ? value >= it->threshold : value <= it->threshold)
            return ofPoints(it->points, indicator.points);
    }
    return Fraction::zero();
}

Fraction evaluateLinear(const Indicator& indicator, Decimal value)
{
    const auto v = value.micros();
    const auto floor = indicator.rule.floor.micros();
    const auto target = indicator.rule.target.micros();
    if (indicator.direction == Direction::Higher) {
        if (v <= floor)
            return Fraction::zero();
        if (v >= target)
            return Fraction::one();
        return {v - floor, target - floor};
    }
    if (v >= floor)
        return Fraction::zero();
    if (v <= target)
        return Fraction::one();
    return {floor - v, floor - target};
}

Fraction evaluateLevel(const Indicator& indicator, const LevelValue& value)
{
    const auto& levels = indicator.rule.levels;
    const auto it = std::find_if(levels.begin(), levels.end(), [&](const auto& level) { return level.code == value.code; });
    return it == levels.end() ? Fraction::zero() : ofPoints(it->points, indicator.points);
}

Fraction evaluateChecklist(const Indicator& indicator, const ChecklistValue& value)
{
    const auto& items = indicator.rule.items;
    const auto met = std::count_if(items.begin(), items.end(), [&](const auto& item) {
        return std::find(value.items.begin(), value.items.end(), item.code) != value.items.end();
    });
    if (items.empty() || met < indicator.rule.minItems)
        return Fraction::zero();
    return {static_cast<std::int64_t>(met), static_cast<std::int64_t>(items.size())};
}

}  // namespace

Fraction evaluateRule(const Indicator& indicator, const Value& value)
{
    using catalog::RuleKind;
    switch (indicator.rule.kind) {
    case RuleKind::Bands:
        if (const auto* number = std::get_if<Decimal>(&value))
            return evaluateBands(indicator, *number);
        break;
    case RuleKind::Linear:
        if (const auto* number = std::get_if<Decimal>(&value))
            return evaluateLinear(indicator, *number);
        break;
    case RuleKind::Boolean:
        if (const auto* flag = std::get_if<bool>(&value))
            return *flag ? Fraction::one() : Fraction::zero();
        break;
    case RuleKind::Levels:
        if (const auto* level = std::get_if<LevelValue>(&value))
            return evaluateLevel(indicator, *level);
        break;
    case RuleKind::Checklist:
        if (const auto* checklist = std::get_if<ChecklistValue>(&value))
            return evaluateChecklist(indicator, *checklist);
        break;
    }
    return Fraction::zero();
}

}  // namespace igmc::scoring
