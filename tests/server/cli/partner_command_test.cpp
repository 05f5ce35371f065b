// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace igmc::cli {
namespace {

struct CliRun {
    int code;
    std::string out;
    std::string err;
};

class PartnerCommand : public testing::Test {
protected:
    CliRun igmc(std::vector<std::string> args)
    {
        args.push_back("--store");
        args.push_back(m_dir.path("registry.sqlite"));
        std::ostringstream out;
        std::ostringstream err;
        const int code = run(args, out, err);
        return {code, out.str(), err.str()};
    }

    // Adds a partner and returns its id as printed.
    std::string add(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"partner", "add"});
        const auto r = igmc(args);
        EXPECT_EQ(r.code, 0) << r.err;
        std::smatch match;
        EXPECT_TRUE(std::regex_search(r.out, match, std::regex("added partner ([0-9a-f-]{36})")));
        return match[1];
    }

    test::TempDir m_dir;
};

TEST_F(PartnerCommand, FeeShowsTheBreakdownWithTheDiscount)
{
    const auto id = add({"--name", "Lotus Town", "--subtype", "town_government", "--country", "CN", "--population", "99999"});
    const auto r = igmc({"partner", "fee", id.substr(0, 8), "--tier", "B", "--years", "3"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("List fee, 3 years"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("45,000.00 USD"), std::string::npos);
    EXPECT_NE(r.out.find("Discount 30 % (government under 100,000 people)"), std::string::npos);
    EXPECT_NE(r.out.find("-13,500.00 USD"), std::string::npos);
    EXPECT_NE(r.out.find("31,500.00 USD"), std::string::npos);
}

TEST_F(PartnerCommand, JoinPayAndRenewals)
{
    const auto id = add({"--name", "Green Builders Ltd", "--subtype", "developer", "--country", "CN"});
    const auto joined = igmc({"partner", "join", id, "--tier", "A", "--start", "2026-01-01", "--years", "1"});
    ASSERT_EQ(joined.code, 0) << joined.err;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(joined.out, match, std::regex("recorded membership ([0-9a-f-]{36})")));
    const std::string membership = match[1];
    EXPECT_NE(joined.out.find("renewal notice 2026-11-01"), std::string::npos) << joined.out;
    // Unpaid: pending, no entitlements.
    EXPECT_NE(igmc({"partner", "show", id, "--as-of", "2026-06-01"}).out.find("Standing on 2026-06-01: pending"), std::string::npos);
    ASSERT_EQ(igmc({"partner", "pay", membership, "--date", "2026-01-03"}).code, 0);
    const auto shown = igmc({"partner", "show", id, "--as-of", "2026-06-01"});
    EXPECT_NE(shown.out.find("Standing on 2026-06-01: active"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find("diagnosis_report_per_year"), std::string::npos);
    const auto notices = igmc({"partner", "renewals", "--as-of", "2026-11-15"});
    EXPECT_NE(notices.out.find("Renewal notices due on 2026-11-15: 1"), std::string::npos) << notices.out;
    EXPECT_NE(notices.out.find("Green Builders Ltd"), std::string::npos);
    const auto lapsed = igmc({"partner", "renewals", "--as-of", "2027-01-01"});
    EXPECT_NE(lapsed.out.find("Lapsed (unpaid at expiry): 1"), std::string::npos) << lapsed.out;
    EXPECT_NE(igmc({"partner", "list", "--as-of", "2027-01-01"}).out.find("lapsed"), std::string::npos);
}

TEST_F(PartnerCommand, WaiverNeedsADecisionRecord)
{
    const auto id = add({"--name", "Funafuti Council", "--subtype", "town_government", "--country", "TV", "--population", "6000",
                         "--country-group", "sids"});
    const auto missing = igmc({"partner", "fee", id, "--tier", "C", "--waiver", "5250"});
    EXPECT_EQ(missing.code, 1);
    EXPECT_NE(missing.err.find("needs the approver and the reason"), std::string::npos) << missing.err;
    const auto waived = igmc({"partner", "fee", id, "--tier", "C", "--waiver", "5250", "--approver", "GFHS SG", "--reason", "SIDS case"});
    ASSERT_EQ(waived.code, 0) << waived.err;
    EXPECT_NE(waived.out.find("Waiver (recorded decision)"), std::string::npos);
    EXPECT_NE(waived.out.find("Due"), std::string::npos);
    EXPECT_NE(waived.out.find("0.00 USD"), std::string::npos);
}

TEST_F(PartnerCommand, PilotNominateAndReview)
{
    const auto id = add({"--name", "Huangpu District", "--subtype", "district_government", "--country", "CN", "--population", "649000"});
    const auto nominated = igmc({"pilot", "nominate", "--partner", id, "--name", "Knowledge City block 3"});
    ASSERT_EQ(nominated.code, 0) << nominated.err;
    std::smatch match;
    ASSERT_TRUE(std::regex_search(nominated.out, match, std::regex("nominated pilot project ([0-9a-f-]{36})")));
    const std::string pilot = match[1];
    EXPECT_EQ(igmc({"pilot", "request-certification", pilot}).code, 1);
    const auto approved = igmc({"pilot", "review", pilot, "--decision", "approve", "--reviewer", "GFHS panel"});
    ASSERT_EQ(approved.code, 0) << approved.err;
    EXPECT_NE(approved.out.find("is now approved"), std::string::npos);
    EXPECT_NE(igmc({"pilot", "request-certification", pilot}).out.find("is now certification_requested"), std::string::npos);
    EXPECT_NE(igmc({"pilot", "list"}).out.find("Knowledge City block 3"), std::string::npos);
}

TEST_F(PartnerCommand, BadInputIsExplained)
{
    EXPECT_EQ(igmc({"partner", "add", "--name", "X", "--subtype", "bank", "--country", "CN"}).code, 2);
    const auto badCountry = igmc({"partner", "add", "--name", "X", "--subtype", "developer", "--country", "China"});
    EXPECT_EQ(badCountry.code, 1);
    EXPECT_NE(badCountry.err.find("ISO 3166-1 alpha-2"), std::string::npos);
    EXPECT_EQ(igmc({"partner", "fee", "ffff", "--tier", "B"}).code, 1);
    const auto id = add({"--name", "Y", "--subtype", "developer", "--country", "CN"});
    EXPECT_EQ(igmc({"partner", "fee", id, "--tier", "D"}).code, 2);
    EXPECT_EQ(igmc({"partner", "fee", id, "--tier", "B", "--years", "0"}).code, 1);
    EXPECT_EQ(igmc({"partner", "renewals"}).code, 2);
    EXPECT_EQ(igmc({"partner", "join", id, "--tier", "B", "--start", "2026-02-30"}).code, 2);
}

TEST(PartnerCommandStore, StoreIsRequired)
{
    std::ostringstream out;
    std::ostringstream err;
    unsetenv("IGMC_STORE");
    EXPECT_EQ(run({"partner", "list"}, out, err), 2);
    EXPECT_NE(err.str().find("--store FILE"), std::string::npos);
}

}  // namespace
}  // namespace igmc::cli
