// Every rule kind at and around its thresholds, in both directions (fixture: tests/data/catalogs/minimal.json).
// SPDX-License-Identifier: Apache-2.0
#include "scoring/rule_evaluation.hpp"

#include "support/test_paths.hpp"

#include <gtest/gtest.h>

namespace igmc::scoring {
namespace {

struct RuleCase {
    std::string name;
    std::string indicator;
    Value value;
    std::int64_t expectedHundredths;  // points earned out of the indicator's max
};

std::ostream& operator<<(std::ostream& os, const RuleCase& c)
{
    return os << c.name;
}

class RuleEvaluation : public testing::TestWithParam<RuleCase> {
protected:
    static const catalog::Catalog& fixture()
    {
        static const auto c = test::loadValidCatalog(test::dataPath("catalogs/minimal.json"));
        return c;
    }
};

TEST_P(RuleEvaluation, EarnsTheExpectedPoints)
{
    const auto& c = GetParam();
    const auto* indicator = fixture().findIndicator(c.indicator);
    ASSERT_NE(indicator, nullptr);
    ASSERT_FALSE(checkEntry(*indicator, Entry::of(c.value)));
    const auto share = evaluateRule(*indicator, c.value);
    EXPECT_EQ(scalePoints(indicator->points, share).hundredths(), c.expectedHundredths);
}

Value num(const char* text)
{
    return *Decimal::parse(text);
}

const RuleCase kRuleCases[] = {
    // bands, higher is better: ≥10 → 2, ≥20 → 5, ≥30 → 10
    {"BandsBelowFirst", "C1.bands", num("9.999999"), 0},
    {"BandsAtFirst", "C1.bands", num("10"), 200},
    {"BandsJustBelowSecond", "C1.bands", num("19.99"), 200},
    {"BandsAtSecond", "C1.bands", num("20"), 500},
    {"BandsAtBest", "C1.bands", num("30"), 1000},
    {"BandsBeyondBest", "C1.bands", num("1000"), 1000},
    {"BandsNegative", "C1.bands", num("-5"), 0},
    // bands, lower is better: ≤50 → 4, ≤30 → 10
    {"LowerBandsAbove", "C1.lower", num("50.000001"), 0},
    {"LowerBandsAtFirst", "C1.lower", num("50"), 400},
    {"LowerBandsBetween", "C1.lower", num("30.5"), 400},
    {"LowerBandsAtBest", "C1.lower", num("30"), 1000},
    {"LowerBandsZero", "C1.lower", num("0"), 1000},
    // linear, higher: 0 at ≤20 %, full at ≥80 %
    {"LinearAtFloor", "C1.linear", num("20"), 0},
    {"LinearBelowFloor", "C1.linear", num("0"), 0},
    {"LinearJustAboveFloor", "C1.linear", num("20.01"), 0},   // 0.0017 points rounds to 0.00
    {"LinearMiddle", "C1.linear", num("50"), 500},
    {"LinearThird", "C1.linear", num("40"), 333},             // 3.333…
    {"LinearTwoThirds", "C1.linear", num("60"), 667},         // 6.666… rounds up
    {"LinearAtTarget", "C1.linear", num("80"), 1000},
    {"LinearBeyondTarget", "C1.linear", num("100"), 1000},
    // linear, lower: 0 at ≥200, full at ≤100
    {"LinearLowerAtFloor", "C2.linlow", num("200"), 0},
    {"LinearLowerAboveFloor", "C2.linlow", num("250"), 0},
    {"LinearLowerMiddle", "C2.linlow", num("150"), 500},
    {"LinearLowerNearTarget", "C2.linlow", num("100.05"), 1000},  // 9.995 rounds half up to 10.00
    {"LinearLowerNearTargetBelowHalf", "C2.linlow", num("100.06"), 999},
    {"LinearLowerAtTarget", "C2.linlow", num("100"), 1000},
    // boolean
    {"BooleanYes", "C2.bool", Value{true}, 500},
    {"BooleanNo", "C2.bool", Value{false}, 0},
    // levels: L0 0, L1 2, L2 5
    {"LevelWorst", "C2.level", Value{LevelValue{"L0"}}, 0},
    {"LevelMiddle", "C2.level", Value{LevelValue{"L1"}}, 200},
    {"LevelBest", "C2.level", Value{LevelValue{"L2"}}, 500},
    // checklist of 4 items, 9 points, at least 2 items
    {"ChecklistNone", "C3.check", Value{ChecklistValue{}}, 0},
    {"ChecklistBelowMinimum", "C3.check", Value{ChecklistValue{{"a"}}}, 0},
    {"ChecklistAtMinimum", "C3.check", Value{ChecklistValue{{"a", "d"}}}, 450},
    {"ChecklistThree", "C3.check", Value{ChecklistValue{{"a", "b", "c"}}}, 675},
    {"ChecklistAll", "C3.check", Value{ChecklistValue{{"d", "c", "b", "a"}}}, 900},
};

INSTANTIATE_TEST_SUITE_P(EveryKind, RuleEvaluation, testing::ValuesIn(kRuleCases),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace igmc::scoring
