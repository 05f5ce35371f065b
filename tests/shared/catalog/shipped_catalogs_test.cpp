// The reference editions shipped in shared/catalog/data load, have the published shape, and the
// demo values files score as documented.
// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_loader.hpp"

#include "scoring/scoring_engine.hpp"
#include "support/test_paths.hpp"

#include <gtest/gtest.h>

#include <set>

namespace igmc::catalog {
namespace {

struct Shape {
    std::string file;
    std::string id;
    Edition edition;
    std::size_t categories;
    std::size_t indicators;
};

std::ostream& operator<<(std::ostream& os, const Shape& s)
{
    return os << s.file;
}

class ShippedCatalog : public testing::TestWithParam<Shape> {};

TEST_P(ShippedCatalog, LoadsWithThePublishedShapeAndTotals320)
{
    const auto& shape = GetParam();
    const auto loaded = loadCatalogFile(test::catalogPath(shape.file));
    ASSERT_TRUE(loaded) << loaded.error().message;
    const auto& c = *loaded;
    EXPECT_EQ(c.id, shape.id);
    EXPECT_EQ(c.edition, shape.edition);
    EXPECT_EQ(c.principles.size(), 6U);
    EXPECT_EQ(c.dimensions.size(), 6U);
    EXPECT_EQ(c.categories.size(), shape.categories);
    EXPECT_EQ(c.indicators.size(), shape.indicators);
    EXPECT_EQ(c.totalPoints, Points::fromWhole(320));
    Points sum;
    for (const auto& indicator : c.indicators)
        sum += indicator.points;
    EXPECT_EQ(sum, Points::fromWhole(320));
    ASSERT_EQ(c.bands.size(), 3U);
    EXPECT_EQ(c.bands[0].minPoints, Points::fromWhole(280));
    EXPECT_EQ(c.bands[1].minPoints, Points::fromWhole(245));
    EXPECT_EQ(c.bands[2].minPoints, Points::fromWhole(210));
    // The provenance must say this is not the official text.
    EXPECT_NE(c.provenance.en.find("not"), std::string::npos);
    // Every rule kind is exercised by the reference edition.
    std::set<RuleKind> kinds;
    for (const auto& indicator : c.indicators)
        kinds.insert(indicator.rule.kind);
    EXPECT_EQ(kinds.size(), 5U);
}

INSTANTIATE_TEST_SUITE_P(ReferenceEditions, ShippedCatalog,
                         testing::Values(Shape{"igmc-3.0-city.json", "igmc-3.0-city", Edition::City, 18, 112},
                                         Shape{"igmc-3.0-community.json", "igmc-3.0-community", Edition::Community, 16, 109}),
                         [](const auto& info) { return info.param.edition == Edition::City ? "City" : "Community"; });

struct Demo {
    std::string catalog;
    std::string values;
    scoring::Stage stage;
};

std::ostream& operator<<(std::ostream& os, const Demo& d)
{
    return os << d.values;
}

class DemoValues : public testing::TestWithParam<Demo> {};

TEST_P(DemoValues, LoadAndScoreUnderTheirCatalog)
{
    const auto& demo = GetParam();
    const auto c = test::loadValidCatalog(test::catalogPath(demo.catalog));
    const auto values = scoring::loadValuesFile(test::examplePath(demo.values), c);
    ASSERT_TRUE(values) << values.error().message;
    EXPECT_EQ(values->stage, demo.stage);
    const auto result = scoring::score(c, *values);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_GT(result->total, Points{});
    EXPECT_LE(result->total, c.totalPoints);
}

INSTANTIATE_TEST_SUITE_P(Examples, DemoValues,
                         testing::Values(Demo{"igmc-3.0-city.json", "tianjin-eco-city.values.json", scoring::Stage::Existing},
                                         Demo{"igmc-3.0-city.json", "guangzhou-university-city.values.json", scoring::Stage::Planning},
                                         Demo{"igmc-3.0-community.json", "huangpu-community.values.json", scoring::Stage::Existing}),
                         [](const auto& info) {
                             return info.index == 0 ? std::string("Tianjin") : info.index == 1 ? "GuangzhouUniversityCity" : "Huangpu";
                         });

TEST(DemoValues, TianjinLandsInTheGreenerBand)
{
    const auto c = test::loadValidCatalog(test::catalogPath("igmc-3.0-city.json"));
    const auto values = scoring::loadValuesFile(test::examplePath("tianjin-eco-city.values.json"), c);
    ASSERT_TRUE(values) << values.error().message;
    const auto result = scoring::score(c, *values);
    ASSERT_TRUE(result);
    ASSERT_TRUE(result->band.has_value());
    EXPECT_EQ(c.bands[*result->band].code, "greener");
    EXPECT_GT(result->completeness.missing, 0U);
    EXPECT_GT(result->completeness.notApplicable, 0U);
}

}  // namespace
}  // namespace igmc::catalog
