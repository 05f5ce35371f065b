// SPDX-License-Identifier: Apache-2.0
#include "scoring/assessment_values.hpp"

#include "support/test_paths.hpp"

#include <gtest/gtest.h>

namespace igmc::scoring {
namespace {

class AssessmentValuesTest : public testing::Test {
protected:
    const catalog::Catalog m_catalog = test::loadValidCatalog(test::dataPath("catalogs/minimal.json"));

    Result<AssessmentValues> parse(const std::string& values, const std::string& stage = "existing",
                                   const std::string& version = "1.0")
    {
        const std::string text = R"({"format": "igmc-values/1", "catalog": {"id": "test-minimal", "version": ")" + version
                                 + R"("}, "stage": ")" + stage + R"(", "site": "Test site", "values": {)" + values + "}}";
        return parseValues(text, "values.json", m_catalog);
    }

    void expectRejected(const std::string& values, const std::string& path, const std::string& what)
    {
        const auto parsed = parse(values);
        ASSERT_FALSE(parsed) << values;
        EXPECT_NE(parsed.error().message.find("values.json: " + path), std::string::npos) << parsed.error().message;
        EXPECT_NE(parsed.error().message.find(what), std::string::npos) << parsed.error().message;
    }
};

TEST_F(AssessmentValuesTest, ReadsEveryValueTypeAndNa)
{
    const auto parsed = parse(R"("C1.bands": {"value": 25}, "C1.linear": {"value": 42.5}, "C2.bool": {"value": true},
        "C2.level": {"value": "L1"}, "C3.check": {"value": ["a", "c"]}, "C4.c": {"na": "No such facility"})",
                              "planning");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->stage, Stage::Planning);
    EXPECT_EQ(parsed->site, "Test site");
    EXPECT_EQ(std::get<Decimal>(*parsed->entries.at("C1.linear").value), Decimal::parse("42.5"));
    EXPECT_EQ(std::get<LevelValue>(*parsed->entries.at("C2.level").value).code, "L1");
    EXPECT_EQ(std::get<ChecklistValue>(*parsed->entries.at("C3.check").value).items.size(), 2U);
    EXPECT_TRUE(parsed->entries.at("C4.c").isNotApplicable());
    EXPECT_EQ(parsed->entries.at("C4.c").naReason, "No such facility");
}

TEST_F(AssessmentValuesTest, RejectsUnknownIndicator)
{
    expectRejected(R"("C9.x": {"value": 1})", "$.values.C9.x", "no indicator \"C9.x\"");
}

TEST_F(AssessmentValuesTest, RejectsWrongType)
{
    expectRejected(R"("C1.bands": {"value": "25"})", "$.values.C1.bands.value", "expected a number");
    expectRejected(R"("C2.bool": {"value": 1})", "$.values.C2.bool.value", "expected true or false");
}

TEST_F(AssessmentValuesTest, RejectsPercentOutsideRange)
{
    expectRejected(R"("C1.linear": {"value": 100.5})", "$.values.C1.linear", "within 0–100");
}

TEST_F(AssessmentValuesTest, RejectsUnknownLevelAndChecklistItems)
{
    expectRejected(R"("C2.level": {"value": "L7"})", "$.values.C2.level", "unknown level \"L7\"");
    expectRejected(R"("C3.check": {"value": ["a", "z"]})", "$.values.C3.check", "unknown checklist item \"z\"");
    expectRejected(R"("C3.check": {"value": ["a", "a"]})", "$.values.C3.check", "listed twice");
}

TEST_F(AssessmentValuesTest, RequiresExactlyOneOfValueOrNa)
{
    expectRejected(R"("C1.bands": {"value": 1, "na": "x"})", "$.values.C1.bands", "exactly one of");
    expectRejected(R"("C1.bands": {})", "$.values.C1.bands", "exactly one of");
}

TEST_F(AssessmentValuesTest, NaNeedsAReasonAndAnAllowingPolicy)
{
    expectRejected(R"("C4.a": {"na": "  "})", "$.values.C4.a", "needs a reason");
    expectRejected(R"("C1.lower": {"na": "no monitor"})", "$.values.C1.lower", "N/A is not accepted");
}

TEST_F(AssessmentValuesTest, RejectsAnotherCatalogVersion)
{
    const auto parsed = parse(R"("C1.bands": {"value": 1})", "existing", "2.0");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("recorded under test-minimal 2.0"), std::string::npos);
}

TEST_F(AssessmentValuesTest, RejectsUnknownStage)
{
    const auto parsed = parse(R"("C1.bands": {"value": 1})", "design");
    ASSERT_FALSE(parsed);
    EXPECT_NE(parsed.error().message.find("$.stage: expected \"planning\" or \"existing\""), std::string::npos);
}

TEST_F(AssessmentValuesTest, RejectsUnknownEntryField)
{
    expectRejected(R"("C1.bands": {"value": 1, "unit": "kWh"})", "$.values.C1.bands.unit", "unknown field");
}

}  // namespace
}  // namespace igmc::scoring
