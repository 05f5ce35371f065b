// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.hpp"

#include "support/test_paths.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace igmc::cli {
namespace {

struct Run {
    int code;
    std::string out;
    std::string err;
};

Run igmc(std::vector<std::string> args)
{
    std::ostringstream out;
    std::ostringstream err;
    const int code = run(args, out, err);
    return {code, out.str(), err.str()};
}

const std::string kCity = test::catalogPath("igmc-3.0-city.json");
const std::string kTianjin = test::examplePath("tianjin-eco-city.values.json");

TEST(CliCatalog, ValidateReportsTheCounts)
{
    const auto r = igmc({"catalog", "validate", kCity});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("18 categories, 112 indicators, 320.00 points"), std::string::npos) << r.out;
}

TEST(CliCatalog, ValidateFailsWithThePathOfEachProblem)
{
    const auto path = testing::TempDir() + "/broken-catalog.json";
    auto doc = boost::json::parse(test::readText(test::dataPath("catalogs/minimal.json")));
    doc.at("indicators").as_array()[0].as_object()["category"] = "nowhere";
    std::ofstream(path) << boost::json::serialize(doc);
    const auto r = igmc({"catalog", "validate", path});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(path + ": $.indicators[0].category: no category has the code \"nowhere\""), std::string::npos) << r.err;
}

TEST(CliCatalog, ShowPrintsBothLanguages)
{
    const auto en = igmc({"catalog", "show", test::dataPath("catalogs/minimal.json")});
    EXPECT_EQ(en.code, 0);
    EXPECT_NE(en.out.find("Indicator C1.bands"), std::string::npos);
    EXPECT_NE(en.out.find("≥ 10 kWh → 2.00"), std::string::npos) << en.out;
    const auto zh = igmc({"catalog", "show", test::dataPath("catalogs/minimal.json"), "--lang", "zh"});
    EXPECT_EQ(zh.code, 0);
    EXPECT_NE(zh.out.find("指标C1.bands"), std::string::npos);
    EXPECT_NE(zh.out.find("越低越好"), std::string::npos);
}

TEST(CliScore, PrintsBreakdownTotalBandAndGap)
{
    const auto r = igmc({"score", "--catalog", kCity, "--values", kTianjin});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Sino-Singapore Tianjin Eco-City"), std::string::npos);
    EXPECT_NE(r.out.find("existing (measured values)"), std::string::npos);
    EXPECT_NE(r.out.find("Total: "), std::string::npos);
    EXPECT_NE(r.out.find("Rating: Greener"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Gap to "), std::string::npos);
    EXPECT_NE(r.out.find("EN  Environment"), std::string::npos);
}

TEST(CliScore, JsonAgreesWithTheTable)
{
    const auto table = igmc({"score", "--catalog", kCity, "--values", kTianjin});
    const auto json = igmc({"score", "--catalog", kCity, "--values", kTianjin, "--json"});
    ASSERT_EQ(json.code, 0) << json.err;
    const auto doc = boost::json::parse(json.out);
    const std::string total(doc.at("total").as_string());
    EXPECT_NE(table.out.find("Total: " + total + " / 320.00"), std::string::npos);
    EXPECT_EQ(doc.at("band").at("code").as_string(), "greener");
    EXPECT_EQ(doc.at("indicators").as_array().size(), 112U);
    EXPECT_EQ(doc.at("stage").as_string(), "existing");
}

TEST(CliScore, ChineseReport)
{
    const auto r = igmc({"score", "--catalog", kCity, "--values", kTianjin, "--lang", "zh"});
    ASSERT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("总分"), std::string::npos);
    EXPECT_NE(r.out.find("评级"), std::string::npos);
}

TEST(CliScore, BadValuesFailWithAReadableMessage)
{
    const auto path = testing::TempDir() + "/bad-values.json";
    std::ofstream(path) << R"({"format": "igmc-values/1", "catalog": {"id": "igmc-3.0-city", "version": "3.0.0-ref.1"},
        "stage": "existing", "values": {"XX9.9": {"value": 1}}})";
    const auto r = igmc({"score", "--catalog", kCity, "--values", path});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("$.values.XX9.9: no indicator"), std::string::npos) << r.err;
}

TEST(CliUsage, ErrorsExitWithTwo)
{
    EXPECT_EQ(igmc({}).code, 2);
    EXPECT_EQ(igmc({"frobnicate"}).code, 2);
    EXPECT_EQ(igmc({"score", "--catalog", kCity}).code, 2);
    EXPECT_EQ(igmc({"score", "--catalog", kCity, "--values", kTianjin, "--lang", "fr"}).code, 2);
    EXPECT_EQ(igmc({"score", "--catalog", kCity, "--values", kTianjin, "--colour"}).code, 2);
    EXPECT_EQ(igmc({"catalog", "check", kCity}).code, 2);
    EXPECT_EQ(igmc({"--help"}).code, 0);
}

TEST(CliUsage, MissingFileIsAFailureNamingIt)
{
    const auto r = igmc({"catalog", "validate", "/no/such/file.json"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("/no/such/file.json"), std::string::npos);
}

}  // namespace
}  // namespace igmc::cli
