// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_loader.hpp"

#include "core/json_reader.hpp"
#include "support/test_paths.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <functional>

namespace igmc::catalog {
namespace {

namespace js = boost::json;

js::value minimalDocument()
{
    return js::parse(test::readText(test::dataPath("catalogs/minimal.json")));
}

js::object& indicator(js::value& doc, std::size_t i)
{
    return doc.at("indicators").as_array().at(i).as_object();
}

TEST(CatalogLoader, LoadsAValidCatalogAndLinksIt)
{
    const auto loaded = loadCatalogFile(test::dataPath("catalogs/minimal.json"));
    ASSERT_TRUE(loaded) << loaded.error().message;
    const auto& c = *loaded;
    EXPECT_EQ(c.id, "test-minimal");
    EXPECT_EQ(c.indicators.size(), 13U);
    EXPECT_EQ(c.totalPoints, Points::fromWhole(100));
    EXPECT_EQ(c.categories[0].indicatorIndexes.size(), 3U);
    EXPECT_EQ(c.dimensions[3].categoryIndexes, std::vector<std::size_t>{3});
    const auto* lower = c.findIndicator("C1.lower");
    ASSERT_NE(lower, nullptr);
    EXPECT_EQ(lower->direction, Direction::Lower);
    EXPECT_EQ(lower->rule.bands[1].threshold, Decimal::fromInteger(30));
    EXPECT_EQ(lower->principleIndexes, std::vector<std::size_t>{0});
    EXPECT_EQ(c.findIndicator("nope"), nullptr);
    EXPECT_EQ(c.bandFor(Points::fromWhole(90)), std::optional<std::size_t>(0));
    EXPECT_EQ(c.bandFor(Points::fromHundredths(5999)), std::nullopt);
}

struct InvalidCase {
    std::string name;
    std::function<void(js::value&)> mutate;
    std::string path;      // the JSON path the message must name
    std::string expected;  // and what it must say was expected
};

std::ostream& operator<<(std::ostream& os, const InvalidCase& c)
{
    return os << c.name;
}

class CatalogLoaderRejects : public testing::TestWithParam<InvalidCase> {};

TEST_P(CatalogLoaderRejects, NamingFileAndPath)
{
    auto doc = minimalDocument();
    GetParam().mutate(doc);
    const auto loaded = parseCatalog(js::serialize(doc), "broken.json");
    ASSERT_FALSE(loaded) << "a broken catalog loaded";
    const auto& message = loaded.error().message;
    EXPECT_EQ(loaded.error().code, ErrorCode::ValidationError);
    EXPECT_NE(message.find("broken.json: " + GetParam().path + ":"), std::string::npos) << message;
    EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
}

const InvalidCase kInvalidCases[] = {
    {"UnknownTopLevelField", [](js::value& d) { d.as_object()["colour"] = "green"; }, "$.colour", "unknown field"},
    {"UnknownIndicatorField", [](js::value& d) { indicator(d, 2)["weight"] = 3; }, "$.indicators[2].weight", "unknown field"},
    {"WrongFormat", [](js::value& d) { d.as_object()["format"] = "igmc-catalog/9"; }, "$.format", "igmc-catalog/1"},
    {"MissingRequiredField", [](js::value& d) { indicator(d, 0).erase("points"); }, "$.indicators[0]", "missing required field \"points\""},
    {"WrongType", [](js::value& d) { indicator(d, 0)["points"] = "ten"; }, "$.indicators[0].points", "expected points"},
    {"TooManyDecimals", [](js::value& d) { indicator(d, 0)["points"] = 10.001; }, "$.indicators[0].points", "at most two decimals"},
    {"DuplicateIndicatorCode", [](js::value& d) { indicator(d, 1)["code"] = "C1.bands"; }, "$.indicators[1].code", "duplicate indicator code \"C1.bands\""},
    {"DuplicateCategoryCode", [](js::value& d) { d.at("categories").as_array()[1].as_object()["code"] = "C1"; }, "$.categories[1].code", "duplicate category code"},
    {"DanglingCategory", [](js::value& d) { indicator(d, 0)["category"] = "C99"; }, "$.indicators[0].category", "no category has the code \"C99\""},
    {"DanglingDimension", [](js::value& d) { d.at("categories").as_array()[0].as_object()["dimension"] = "D9"; }, "$.categories[0].dimension", "no dimension has the code \"D9\""},
    {"DanglingPrinciple", [](js::value& d) { indicator(d, 0)["tags"].as_object()["principles"] = js::array{"kindness"}; }, "$.indicators[0].tags.principles[0]", "no principle has the code \"kindness\""},
    {"CategoryPointsDoNotAddUp", [](js::value& d) { indicator(d, 0)["points"] = 9; indicator(d, 0)["rule"].as_object()["bands"].as_array()[2].as_object()["points"] = 9; }, "$.categories[0].points", "sum of the category's indicator points (29.00), found 30.00"},
    {"DimensionPointsDoNotAddUp", [](js::value& d) { d.at("dimensions").as_array()[0].as_object()["points"] = 31; }, "$.dimensions[0].points", "sum of the dimension's category points (30.00), found 31.00"},
    {"TotalDoesNotAddUp", [](js::value& d) { d.as_object()["total_points"] = 320; }, "$.total_points", "sum of the dimensions' points (100.00), found 320.00"},
    {"ThresholdsNotMonotone", [](js::value& d) { indicator(d, 0)["rule"].as_object()["bands"].as_array()[1].as_object()["threshold"] = 5; }, "$.indicators[0].rule.bands[1].threshold", "strictly increasing"},
    {"LowerThresholdsNotDecreasing", [](js::value& d) { indicator(d, 1)["rule"].as_object()["bands"].as_array()[1].as_object()["threshold"] = 60; }, "$.indicators[1].rule.bands[1].threshold", "strictly decreasing"},
    {"BandPointsNotIncreasing", [](js::value& d) { indicator(d, 0)["rule"].as_object()["bands"].as_array()[1].as_object()["points"] = 1; }, "$.indicators[0].rule.bands[1].points", "strictly increasing"},
    {"BestBandBelowMax", [](js::value& d) { indicator(d, 0)["rule"].as_object()["bands"].as_array()[2].as_object()["points"] = 8; }, "$.indicators[0].rule.bands", "best band to earn the indicator's points (10.00)"},
    {"UnitMissing", [](js::value& d) { indicator(d, 0).erase("unit"); }, "$.indicators[0].unit", "expected a unit"},
    {"PercentUnitWrong", [](js::value& d) { indicator(d, 2)["unit"] = "percent"; }, "$.indicators[2].unit", "expected \"%\""},
    {"PercentOutOfRange", [](js::value& d) { indicator(d, 2)["rule"].as_object()["target"] = 120; }, "$.indicators[2].rule.target", "within 0–100"},
    {"LinearTargetWrongSide", [](js::value& d) { indicator(d, 3)["rule"].as_object()["target"] = 300; }, "$.indicators[3].rule.target", "target < floor"},
    {"RuleDoesNotFitType", [](js::value& d) { indicator(d, 4)["rule"] = js::object{{"kind", "linear"}, {"floor", 0}, {"target", 1}}; }, "$.indicators[4].rule.kind", "does not fit a boolean indicator"},
    {"LowerDirectionOnBoolean", [](js::value& d) { indicator(d, 4)["direction"] = "lower"; }, "$.indicators[4].direction", "expected \"higher\""},
    {"LevelsDecreasing", [](js::value& d) { indicator(d, 5)["rule"].as_object()["levels"].as_array()[0].as_object()["points"] = 3; }, "$.indicators[5].rule.levels[1].points", "non-decreasing"},
    {"NegativeLevelPoints", [](js::value& d) { indicator(d, 5)["rule"].as_object()["levels"].as_array()[0].as_object()["points"] = -1; }, "$.indicators[5].rule.levels[0].points", "expected points ≥ 0"},
    {"ChecklistMinItemsTooLarge", [](js::value& d) { indicator(d, 6)["rule"].as_object()["min_items"] = 5; }, "$.indicators[6].rule.min_items", "0 to the number of items (4)"},
    {"UnknownEvidenceKind", [](js::value& d) { indicator(d, 0)["evidence"] = js::array{"video"}; }, "$.indicators[0].evidence[0]", "\"photo\", \"document\" or \"measurement\""},
    {"UnknownNaPolicy", [](js::value& d) { indicator(d, 0)["na_policy"] = "ignore"; }, "$.indicators[0].na_policy", "\"rescale\", \"zero\", \"forbidden\""},
    {"TooFewPrinciples", [](js::value& d) { d.at("principles").as_array().pop_back(); }, "$.principles", "exactly 6 principles, found 5"},
    {"BandsNotDecreasing", [](js::value& d) { d.at("bands").as_array()[1].as_object()["min_points"] = 95; }, "$.bands[1].min_points", "strictly decreasing"},
    {"Iso37101IssueOutOfRange", [](js::value& d) { indicator(d, 0)["tags"].as_object()["iso37101"].as_object()["issue"] = 13; }, "$.indicators[0].tags.iso37101.issue", "1–12"},
    {"UnknownSdgCode", [](js::value& d) { indicator(d, 0)["tags"].as_object()["sdg11"] = "11.9.1"; }, "$.indicators[0].tags.sdg11", "SDG 11 indicator code"},
    {"MissingChineseText", [](js::value& d) { indicator(d, 0)["name"].as_object().erase("zh"); }, "$.indicators[0].name", "missing required field \"zh\""},
    {"EmptyText", [](js::value& d) { indicator(d, 0)["name"].as_object()["en"] = ""; }, "$.indicators[0].name.en", "non-empty text"},
};

INSTANTIATE_TEST_SUITE_P(EveryClassOfError, CatalogLoaderRejects, testing::ValuesIn(kInvalidCases),
                         [](const auto& info) { return info.param.name; });

TEST(CatalogLoader, ReportsEveryProblemNotJustTheFirst)
{
    auto doc = minimalDocument();
    indicator(doc, 0)["weight"] = 1;
    indicator(doc, 5)["na_policy"] = "sometimes";
    const auto loaded = parseCatalog(js::serialize(doc), "two.json");
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("$.indicators[0].weight"), std::string::npos);
    EXPECT_NE(loaded.error().message.find("$.indicators[5].na_policy"), std::string::npos);
}

TEST(CatalogLoader, SyntaxErrorNamesLineAndColumn)
{
    const auto loaded = parseCatalog("{\n  \"format\": \"igmc-catalog/1\",\n  \"id\": oops\n}", "syntax.json");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::ParseError);
    EXPECT_NE(loaded.error().message.find("syntax.json: not valid JSON at line 3"), std::string::npos) << loaded.error().message;
}

TEST(CatalogLoader, TrailingGarbageIsASyntaxError)
{
    const auto loaded = parseCatalog(test::readText(test::dataPath("catalogs/minimal.json")) + "}", "extra.json");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::ParseError);
}

TEST(CatalogLoader, MissingFileIsAnIoErrorNamingTheFile)
{
    const auto loaded = loadCatalogFile("/nonexistent/catalog.json");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::IoError);
    EXPECT_NE(loaded.error().message.find("/nonexistent/catalog.json"), std::string::npos);
}

TEST(CatalogLoader, TopLevelMustBeAnObject)
{
    const auto loaded = parseCatalog("[1, 2]", "array.json");
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("array.json: $: expected an object, found an array"), std::string::npos);
}

}  // namespace
}  // namespace igmc::catalog
