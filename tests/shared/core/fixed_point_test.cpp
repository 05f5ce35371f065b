// SPDX-License-Identifier: Apache-2.0
#include "core/fixed_point.hpp"

#include "scoring/scoring_engine.hpp"

#include <gtest/gtest.h>

namespace igmc {
namespace {

TEST(Decimal, ParsesAndPrintsExactly)
{
    EXPECT_EQ(Decimal::parse("12")->micros(), 12'000'000);
    EXPECT_EQ(Decimal::parse("-3.5")->micros(), -3'500'000);
    EXPECT_EQ(Decimal::parse("0.000001")->micros(), 1);
    EXPECT_EQ(Decimal::parse("2.675")->toString(), "2.675");
    EXPECT_EQ(Decimal::fromMicros(-1).toString(), "-0.000001");
    EXPECT_FALSE(Decimal::parse("1.0000001"));
    EXPECT_FALSE(Decimal::parse("1."));
    EXPECT_FALSE(Decimal::parse("abc"));
    EXPECT_FALSE(Decimal::parse(""));
}

TEST(Decimal, FromDoubleKeepsSixDecimals)
{
    // 2.675 is 2.67499999… in binary; the fixed-point value is still exactly 2.675.
    EXPECT_EQ(Decimal::fromDouble(2.675)->micros(), 2'675'000);
    EXPECT_EQ(Decimal::fromDouble(0.1)->micros(), 100'000);
    EXPECT_FALSE(Decimal::fromDouble(1e300));
}

TEST(Points, AcceptsAtMostTwoDecimals)
{
    EXPECT_EQ(Points::fromDouble(209.99)->hundredths(), 20999);
    EXPECT_EQ(Points::fromDouble(0.5)->hundredths(), 50);
    EXPECT_FALSE(Points::fromDouble(1.005));
    EXPECT_EQ(Points::fromHundredths(32000).toString(), "320.00");
    EXPECT_EQ(Points::fromHundredths(5).toString(), "0.05");
    EXPECT_EQ(Points::fromHundredths(-150).toString(), "-1.50");
}

struct RoundingCase {
    std::int64_t maxHundredths;
    Fraction share;
    std::int64_t expected;
};

class ScalePointsRounding : public testing::TestWithParam<RoundingCase> {};

TEST_P(ScalePointsRounding, RoundsToNearestHundredthHalvesUp)
{
    const auto& c = GetParam();
    EXPECT_EQ(scalePoints(Points::fromHundredths(c.maxHundredths), c.share).hundredths(), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Table, ScalePointsRounding,
                         testing::Values(RoundingCase{100, {1, 8}, 13},     // 0.125 → 0.13 (half up)
                                         RoundingCase{100, {1, 3}, 33},     // 0.333… → 0.33
                                         RoundingCase{100, {2, 3}, 67},     // 0.666… → 0.67
                                         RoundingCase{500, {0, 1}, 0},
                                         RoundingCase{500, {1, 1}, 500},
                                         RoundingCase{1, {1, 2}, 1},        // 0.005 → 0.01
                                         RoundingCase{1, {49, 100}, 0},     // 0.0049 → 0.00
                                         RoundingCase{32000, {9999, 10000}, 31997}));  // 319.968 → 319.97

TEST(Apportion, PartsAddUpExactlyToTheTotal)
{
    const auto parts = scoring::apportion(Points::fromWhole(15), {Points::fromWhole(4), Points::fromWhole(5)});
    ASSERT_EQ(parts.size(), 2U);
    EXPECT_EQ(parts[0].hundredths(), 667);  // 6.666… gets the leftover hundredth (larger remainder)
    EXPECT_EQ(parts[1].hundredths(), 833);
    const auto thirds = scoring::apportion(Points::fromWhole(10), {Points::fromWhole(1), Points::fromWhole(1), Points::fromWhole(1)});
    EXPECT_EQ(thirds[0].hundredths() + thirds[1].hundredths() + thirds[2].hundredths(), 1000);
    EXPECT_EQ(thirds[0].hundredths(), 334);  // ties go to the earlier weight
    const auto none = scoring::apportion(Points::fromWhole(10), {Points{}, Points{}});
    EXPECT_EQ(none[0].hundredths() + none[1].hundredths(), 0);
}

}  // namespace
}  // namespace igmc
