// SPDX-License-Identifier: Apache-2.0
#include "scoring/scoring_engine.hpp"

#include "support/test_paths.hpp"

#include <gtest/gtest.h>

namespace igmc::scoring {
namespace {

AssessmentValues valuesFor(const catalog::Catalog& c)
{
    AssessmentValues values;
    values.catalog = {c.id, c.version};
    return values;
}

Value num(const char* text)
{
    return *Decimal::parse(text);
}

// ---- Band boundaries: the "dial" fixture earns exactly v hundredths for dial = v, plus 44 per flag.

struct BandCase {
    std::int64_t dial;
    int flags;
    std::string expectedTotal;
    std::string expectedBand;  // "" = not certified
};

std::ostream& operator<<(std::ostream& os, const BandCase& c)
{
    return os << c.expectedTotal;
}

class BandBoundaries : public testing::TestWithParam<BandCase> {};

TEST_P(BandBoundaries, TotalMapsToTheRightBand)
{
    const auto& p = GetParam();
    const auto c = test::loadValidCatalog(test::dataPath("catalogs/dial.json"));
    auto values = valuesFor(c);
    values.entries["dial"] = Entry::of(Decimal::fromInteger(p.dial));
    for (int i = 2; i <= 6; ++i)
        values.entries["flag" + std::to_string(i)] = Entry::of(Value{i - 2 < p.flags});
    const auto result = score(c, values);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->total.toString(), p.expectedTotal);
    EXPECT_EQ(result->band ? c.bands[*result->band].code : "", p.expectedBand);
}

INSTANTIATE_TEST_SUITE_P(AtAndAroundEachBand, BandBoundaries,
                         testing::Values(BandCase{3399, 4, "209.99", ""}, BandCase{3400, 4, "210.00", "green"},
                                         BandCase{6899, 4, "244.99", "green"}, BandCase{6900, 4, "245.00", "greener"},
                                         BandCase{5999, 5, "279.99", "greener"}, BandCase{6000, 5, "280.00", "greenest"},
                                         BandCase{10000, 5, "320.00", "greenest"}, BandCase{0, 0, "0.00", ""}));

// ---- N/A policies and missing values on the minimal fixture.

class ScoringEngineTest : public testing::Test {
protected:
    const catalog::Catalog m_catalog = test::loadValidCatalog(test::dataPath("catalogs/minimal.json"));

    const IndicatorScore& scoreOf(const ScoreResult& r, const std::string& code)
    {
        return r.indicators[*m_catalog.indicatorIndex(code)];
    }
    const GroupScore& category(const ScoreResult& r, const std::string& code)
    {
        for (const auto& g : r.categories) {
            if (g.code == code)
                return g;
        }
        throw std::logic_error("no category " + code);
    }
};

TEST_F(ScoringEngineTest, MissingValuesScoreZeroAndAreReported)
{
    auto values = valuesFor(m_catalog);
    values.entries["C1.bands"] = Entry::of(num("30"));
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->total, Points::fromWhole(10));
    EXPECT_EQ(scoreOf(*result, "C1.lower").status, IndicatorStatus::Missing);
    EXPECT_EQ(scoreOf(*result, "C1.lower").score, Points{});
    EXPECT_EQ(result->completeness.answered, 1U);
    EXPECT_EQ(result->completeness.missing, 12U);
    EXPECT_EQ(result->completeness.basisPoints(), 769);  // 1 of 13
    EXPECT_FALSE(result->band);
}

TEST_F(ScoringEngineTest, RescaledNaSharesItsPointsWithinTheCategory)
{
    auto values = valuesFor(m_catalog);
    values.entries["C4.a"] = Entry::of(num("4"));
    values.entries["C4.b"] = Entry::of(num("5"));
    values.entries["C4.c"] = Entry::notApplicable("No sports ground in a planning-stage site");
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    // 15 points over weights 4 and 5: 6.67 + 8.33, full marks on both give the whole category.
    EXPECT_EQ(scoreOf(*result, "C4.a").max.hundredths(), 667);
    EXPECT_EQ(scoreOf(*result, "C4.b").max.hundredths(), 833);
    EXPECT_EQ(scoreOf(*result, "C4.c").max, Points{});
    EXPECT_EQ(scoreOf(*result, "C4.c").status, IndicatorStatus::NotApplicableExcluded);
    EXPECT_EQ(scoreOf(*result, "C4.c").naReason, "No sports ground in a planning-stage site");
    EXPECT_EQ(category(*result, "C4").score, Points::fromWhole(15));
    EXPECT_EQ(category(*result, "C4").max, Points::fromWhole(15));
    EXPECT_EQ(result->max, Points::fromWhole(100));
}

TEST_F(ScoringEngineTest, RescaledPartialScoresUseTheEffectiveMax)
{
    auto values = valuesFor(m_catalog);
    values.entries["C4.a"] = Entry::of(num("2"));  // half of 6.67 = 3.335 → 3.34 (half up)
    values.entries["C4.b"] = Entry::notApplicable("not relevant");
    values.entries["C4.c"] = Entry::of(num("0"));
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(scoreOf(*result, "C4.a").max.hundredths(), 600);  // 15 × 4/10
    EXPECT_EQ(scoreOf(*result, "C4.a").score.hundredths(), 300);
    EXPECT_EQ(scoreOf(*result, "C4.c").max.hundredths(), 900);
}

TEST_F(ScoringEngineTest, ZeroPolicyNaScoresZeroWithoutRescaling)
{
    auto values = valuesFor(m_catalog);
    values.entries["C2.bool"] = Entry::notApplicable("No public building");
    values.entries["C2.level"] = Entry::of(Value{LevelValue{"L2"}});
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(scoreOf(*result, "C2.bool").status, IndicatorStatus::NotApplicableZero);
    EXPECT_EQ(scoreOf(*result, "C2.bool").max, Points::fromWhole(5));
    EXPECT_EQ(scoreOf(*result, "C2.level").max, Points::fromWhole(5));
    EXPECT_EQ(category(*result, "C2").score, Points::fromWhole(5));
    EXPECT_EQ(category(*result, "C2").notApplicable, 1U);
}

TEST_F(ScoringEngineTest, ForbiddenNaIsRejected)
{
    auto values = valuesFor(m_catalog);
    values.entries["C1.lower"] = Entry::notApplicable("no monitor");
    const auto result = score(m_catalog, values);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("N/A is not accepted for C1.lower"), std::string::npos);
}

TEST_F(ScoringEngineTest, NaWithoutReasonIsRejected)
{
    auto values = valuesFor(m_catalog);
    values.entries["C4.a"] = Entry::notApplicable("");
    EXPECT_FALSE(score(m_catalog, values));
}

TEST_F(ScoringEngineTest, AllNaCategoryScoresZeroWithAWarning)
{
    auto values = valuesFor(m_catalog);
    values.entries["C5.only"] = Entry::notApplicable("No such service");
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(category(*result, "C5").max, Points{});
    ASSERT_EQ(result->warnings.size(), 1U);
    EXPECT_NE(result->warnings[0].find("category C5"), std::string::npos);
}

TEST_F(ScoringEngineTest, RejectsValuesPinnedToAnotherCatalog)
{
    auto values = valuesFor(m_catalog);
    values.catalog.version = "0.9";
    const auto result = score(m_catalog, values);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("test-minimal 0.9"), std::string::npos);
}

TEST_F(ScoringEngineTest, RejectsAMistypedEntry)
{
    auto values = valuesFor(m_catalog);
    values.entries["C2.bool"] = Entry::of(num("1"));
    EXPECT_FALSE(score(m_catalog, values));
}

TEST_F(ScoringEngineTest, StageIsCarriedIntoTheResult)
{
    auto values = valuesFor(m_catalog);
    values.stage = Stage::Planning;
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->stage, Stage::Planning);
}

TEST_F(ScoringEngineTest, DimensionAndPrincipleTotalsFollowTheTags)
{
    auto values = valuesFor(m_catalog);
    values.entries["C1.bands"] = Entry::of(num("30"));   // sustainability + prosperity, 10
    values.entries["C1.lower"] = Entry::of(num("40"));   // safety, 4
    values.entries["C3.check"] = Entry::of(Value{ChecklistValue{{"a", "b"}}});  // happiness, 4.50
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->dimensions[0].score, Points::fromWhole(14));
    EXPECT_EQ(result->dimensions[0].max, Points::fromWhole(30));
    EXPECT_EQ(result->principles[0].score, Points::fromWhole(4));        // safety
    EXPECT_EQ(result->principles[1].score, Points::fromWhole(10));       // sustainability
    EXPECT_EQ(result->principles[4].score, Points::fromWhole(10));       // prosperity
    EXPECT_EQ(result->principles[5].score.hundredths(), 450);            // happiness
    EXPECT_EQ(result->total.hundredths(), 1850);
}

// ---- Gap analysis.

TEST_F(ScoringEngineTest, GapAnalysisRanksAvailablePointsAndFindsTheSmallestSet)
{
    auto values = valuesFor(m_catalog);
    // Everything full except: C1.bands 2/10 (8 left), C2.linlow 5/10 (5 left), C6.linear 0/10 (10 left),
    // C3.check 4.5/9 (4.5 left). Total = 100 − 27.5 = 72.5 → "green"; next band "greener" at 75.
    values.entries["C1.bands"] = Entry::of(num("10"));
    values.entries["C1.lower"] = Entry::of(num("10"));
    values.entries["C1.linear"] = Entry::of(num("90"));
    values.entries["C2.linlow"] = Entry::of(num("150"));
    values.entries["C2.bool"] = Entry::of(Value{true});
    values.entries["C2.level"] = Entry::of(Value{LevelValue{"L2"}});
    values.entries["C3.check"] = Entry::of(Value{ChecklistValue{{"a", "b"}}});
    values.entries["C3.forbid"] = Entry::of(num("95"));
    values.entries["C4.a"] = Entry::of(num("4"));
    values.entries["C4.b"] = Entry::of(num("5"));
    values.entries["C4.c"] = Entry::of(num("6"));
    values.entries["C5.only"] = Entry::of(Value{true});
    values.entries["C6.linear"] = Entry::of(num("0"));
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->total.hundredths(), 7250);
    ASSERT_TRUE(result->band);
    EXPECT_EQ(m_catalog.bands[*result->band].code, "green");
    const auto& gap = result->gap;
    ASSERT_TRUE(gap.nextBand);
    EXPECT_EQ(m_catalog.bands[*gap.nextBand].code, "greener");
    EXPECT_EQ(gap.deficit.hundredths(), 250);
    ASSERT_EQ(gap.ranked.size(), 4U);
    EXPECT_EQ(m_catalog.indicators[gap.ranked[0].indicator].code, "C6.linear");
    EXPECT_EQ(m_catalog.indicators[gap.ranked[1].indicator].code, "C1.bands");
    EXPECT_EQ(m_catalog.indicators[gap.ranked[2].indicator].code, "C2.linlow");
    EXPECT_EQ(m_catalog.indicators[gap.ranked[3].indicator].code, "C3.check");
    EXPECT_EQ(gap.minimalSetSize, 1U);  // C6.linear alone covers 2.50
    EXPECT_TRUE(gap.reachable);
}

TEST_F(ScoringEngineTest, GapAnalysisSaysWhenTheNextBandIsOutOfReach)
{
    auto values = valuesFor(m_catalog);
    // N/A under "zero" on C2.bool removes 5 points for good; the rest missing: not certified,
    // next band "green" (60) is reachable; but with several zero-N/A it may not be. Here: reachable.
    values.entries["C2.bool"] = Entry::notApplicable("No public building");
    const auto result = score(m_catalog, values);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->band);
    EXPECT_EQ(m_catalog.bands[*result->gap.nextBand].code, "green");
    EXPECT_TRUE(result->gap.reachable);
    for (const auto& item : result->gap.ranked)
        EXPECT_NE(m_catalog.indicators[item.indicator].code, "C2.bool");
}

TEST(GapAnalysis, UnreachableWhenFullMarksEverywhereFallShort)
{
    const auto c = test::loadValidCatalog(test::dataPath("catalogs/dial.json"));
    auto values = valuesFor(c);
    // Every flag false for good is still open (false can become true), so use the dial only: with four
    // flags answered N/A under "rescale" their categories score 0 and the maximum falls to 100 + 44.
    for (int i = 2; i <= 5; ++i)
        values.entries["flag" + std::to_string(i)] = Entry::notApplicable("not present");
    const auto result = score(c, values);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->warnings.size(), 4U);
    EXPECT_FALSE(result->gap.reachable);
    EXPECT_EQ(result->gap.minimalSetSize, result->gap.ranked.size());
}

TEST(GapAnalysis, NoNextBandAtTheTop)
{
    const auto c = test::loadValidCatalog(test::dataPath("catalogs/dial.json"));
    auto values = valuesFor(c);
    values.entries["dial"] = Entry::of(Decimal::fromInteger(9000));
    for (int i = 2; i <= 6; ++i)
        values.entries["flag" + std::to_string(i)] = Entry::of(Value{true});
    const auto result = score(c, values);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->gap.nextBand);
    ASSERT_EQ(result->gap.ranked.size(), 1U);  // the dial's 10 points are still listed
}

}  // namespace
}  // namespace igmc::scoring
