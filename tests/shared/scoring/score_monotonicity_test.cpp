// Property: improving one value in its good direction never lowers any score — the indicator's,
// its category's, dimension's, any principle's or the total. Randomised with fixed seeds.
// SPDX-License-Identifier: Apache-2.0
#include "scoring/scoring_engine.hpp"

#include "scoring/rule_evaluation.hpp"
#include "support/test_paths.hpp"

#include <gtest/gtest.h>

#include <random>

namespace igmc::scoring {
namespace {

using catalog::Direction;
using catalog::Indicator;
using catalog::ValueType;

// The span of interesting values for a numeric rule: its thresholds, floor and target, widened.
std::pair<std::int64_t, std::int64_t> interestingRange(const Indicator& indicator)
{
    std::int64_t lo = 0;
    std::int64_t hi = 0;
    bool first = true;
    auto extend = [&](Decimal d) {
        lo = first ? d.micros() : std::min(lo, d.micros());
        hi = first ? d.micros() : std::max(hi, d.micros());
        first = false;
    };
    for (const auto& band : indicator.rule.bands)
        extend(band.threshold);
    if (indicator.rule.kind == catalog::RuleKind::Linear) {
        extend(indicator.rule.floor);
        extend(indicator.rule.target);
    }
    const auto span = std::max<std::int64_t>(hi - lo, Decimal::kScale);
    lo -= span / 2;
    hi += span / 2;
    if (indicator.type == ValueType::Percent) {
        lo = std::max<std::int64_t>(lo, 0);
        hi = std::min<std::int64_t>(hi, 100 * Decimal::kScale);
    }
    return {lo, hi};
}

class Generator {
public:
    explicit Generator(std::uint32_t seed) : m_rng(seed) {}

    Value randomValue(const Indicator& indicator)
    {
        switch (indicator.type) {
        case ValueType::Number:
        case ValueType::Percent: {
            const auto [lo, hi] = interestingRange(indicator);
            return Decimal::fromMicros(std::uniform_int_distribution<std::int64_t>(lo, hi)(m_rng));
        }
        case ValueType::Boolean: return Value{coin()};
        case ValueType::Level: {
            const auto& levels = indicator.rule.levels;
            return Value{LevelValue{levels[pick(levels.size())].code}};
        }
        case ValueType::Checklist: {
            ChecklistValue checklist;
            for (const auto& item : indicator.rule.items) {
                if (coin())
                    checklist.items.push_back(item.code);
            }
            return Value{checklist};
        }
        }
        return Value{false};
    }

    // A value at least as good as `value`, usually strictly better.
    Value improve(const Indicator& indicator, const Value& value)
    {
        switch (indicator.type) {
        case ValueType::Number:
        case ValueType::Percent: {
            const auto [lo, hi] = interestingRange(indicator);
            const auto step = std::uniform_int_distribution<std::int64_t>(0, (hi - lo) / 2 + 1)(m_rng);
            auto micros = std::get<Decimal>(value).micros() + (indicator.direction == Direction::Higher ? step : -step);
            if (indicator.type == ValueType::Percent)
                micros = std::clamp<std::int64_t>(micros, 0, 100 * Decimal::kScale);
            return Decimal::fromMicros(micros);
        }
        case ValueType::Boolean: return Value{true};
        case ValueType::Level: {
            const auto& levels = indicator.rule.levels;
            const auto& code = std::get<LevelValue>(value).code;
            std::size_t at = 0;
            while (levels[at].code != code)
                ++at;
            return Value{LevelValue{levels[at + pick(levels.size() - at)].code}};
        }
        case ValueType::Checklist: {
            auto checklist = std::get<ChecklistValue>(value);
            for (const auto& item : indicator.rule.items) {
                if (std::find(checklist.items.begin(), checklist.items.end(), item.code) == checklist.items.end()) {
                    checklist.items.push_back(item.code);
                    break;
                }
            }
            return Value{checklist};
        }
        }
        return value;
    }

    bool coin() { return std::uniform_int_distribution<int>(0, 1)(m_rng) == 1; }
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }

private:
    std::mt19937 m_rng;
};

void expectNotLower(const std::vector<GroupScore>& before, const std::vector<GroupScore>& after, const std::string& what)
{
    for (std::size_t i = 0; i < before.size(); ++i)
        EXPECT_GE(after[i].score, before[i].score) << what << " " << before[i].code;
}

class ScoreMonotonicity : public testing::TestWithParam<std::string> {};

TEST_P(ScoreMonotonicity, ImprovingAValueNeverLowersAnyScore)
{
    const auto c = test::loadValidCatalog(GetParam());
    Generator gen(20261123);
    for (int trial = 0; trial < 150; ++trial) {
        AssessmentValues values;
        values.catalog = {c.id, c.version};
        for (const auto& indicator : c.indicators) {
            if (gen.pick(5) > 0)
                values.entries[indicator.code] = Entry::of(gen.randomValue(indicator));
        }
        const auto before = score(c, values);
        ASSERT_TRUE(before) << before.error().message;
        for (int k = 0; k < 5; ++k) {
            const auto& indicator = c.indicators[gen.pick(c.indicators.size())];
            auto improved = values;
            auto& entry = improved.entries[indicator.code];
            entry = Entry::of(entry.value ? gen.improve(indicator, *entry.value) : gen.randomValue(indicator));
            const auto after = score(c, improved);
            ASSERT_TRUE(after) << after.error().message;
            const auto i = *c.indicatorIndex(indicator.code);
            EXPECT_GE(after->indicators[i].score, before->indicators[i].score) << indicator.code;
            expectNotLower(before->categories, after->categories, "category");
            expectNotLower(before->dimensions, after->dimensions, "dimension");
            expectNotLower(before->principles, after->principles, "principle");
            EXPECT_GE(after->total, before->total);
            if (::testing::Test::HasFailure())
                return;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Catalogs, ScoreMonotonicity,
                         testing::Values(test::dataPath("catalogs/minimal.json"), test::catalogPath("igmc-3.0-city.json"),
                                         test::catalogPath("igmc-3.0-community.json")),
                         [](const auto& info) {
                             return info.index == 0 ? std::string("Minimal") : info.index == 1 ? "City" : "Community";
                         });

}  // namespace
}  // namespace igmc::scoring
