// The partner rules of the IGMC registration guide (2018), as tables straight from the guide.
// SPDX-License-Identifier: Apache-2.0
#include "registry/partner_rules.hpp"

#include <gtest/gtest.h>

namespace igmc::registry {
namespace {

Date date(const char* text)
{
    return *parseDate(text);
}

PartnerProfile government(const char* subtype, std::optional<std::int64_t> population)
{
    return {PartnerType::LocalGovernment, subtype, population, false, CountryGroup::None};
}

// ---- Fees: every tier × discount × population boundary × term.

struct FeeCase {
    std::string name;
    PartnerProfile partner;
    Tier tier;
    int years;
    Discount discount;
    std::int64_t dueCents;
};

std::ostream& operator<<(std::ostream& os, const FeeCase& c)
{
    return os << c.name;
}

class FeeRules : public testing::TestWithParam<FeeCase> {};

TEST_P(FeeRules, FollowTheGuide)
{
    const auto& c = GetParam();
    const auto fee = computeFee(c.partner, c.tier, c.years);
    ASSERT_TRUE(fee) << fee.error().message;
    EXPECT_EQ(fee->discount, c.discount);
    EXPECT_EQ(fee->listCents, annualFeeCents(c.tier) * c.years);
    EXPECT_EQ(fee->discountCents, c.discount == Discount::None ? 0 : fee->listCents * 30 / 100);
    EXPECT_EQ(fee->dueCents, c.dueCents);
}

const PartnerProfile kCity99999 = government("city_government", 99'999);
const PartnerProfile kCity100000 = government("city_government", 100'000);
const PartnerProfile kTown5000 = government("town_government", 5'000);
const PartnerProfile kDistrict99999 = government("district_government", 99'999);
const PartnerProfile kDepartmentSmall = government("government_department", 50'000);  // not a territorial government
const PartnerProfile kCityUnknownPopulation = government("city_government", std::nullopt);
const PartnerProfile kDeveloper{PartnerType::Enterprise, "developer", std::nullopt, false, CountryGroup::None};
const PartnerProfile kNgo{PartnerType::Institution, "ngo", std::nullopt, true, CountryGroup::None};
const PartnerProfile kUniversity{PartnerType::Institution, "university", std::nullopt, false, CountryGroup::None};
const PartnerProfile kSmallNonProfitCity{PartnerType::LocalGovernment, "city_government", 20'000, true, CountryGroup::None};

const FeeCase kFeeCases[] = {
    {"A_Developer_1y", kDeveloper, Tier::A, 1, Discount::None, 3'000'000},
    {"B_Developer_1y", kDeveloper, Tier::B, 1, Discount::None, 1'500'000},
    {"C_Developer_1y", kDeveloper, Tier::C, 1, Discount::None, 750'000},
    {"A_Developer_3y", kDeveloper, Tier::A, 3, Discount::None, 9'000'000},
    {"B_Developer_3y", kDeveloper, Tier::B, 3, Discount::None, 4'500'000},
    {"C_Developer_3y", kDeveloper, Tier::C, 3, Discount::None, 2'250'000},
    {"A_City99999_1y", kCity99999, Tier::A, 1, Discount::SmallGovernment, 2'100'000},
    {"B_City99999_1y", kCity99999, Tier::B, 1, Discount::SmallGovernment, 1'050'000},
    {"C_City99999_1y", kCity99999, Tier::C, 1, Discount::SmallGovernment, 525'000},
    {"C_City99999_3y", kCity99999, Tier::C, 3, Discount::SmallGovernment, 1'575'000},
    {"A_City100000_1y", kCity100000, Tier::A, 1, Discount::None, 3'000'000},
    {"B_City100000_3y", kCity100000, Tier::B, 3, Discount::None, 4'500'000},
    {"C_City100000_1y", kCity100000, Tier::C, 1, Discount::None, 750'000},
    {"B_Town5000_2y", kTown5000, Tier::B, 2, Discount::SmallGovernment, 2'100'000},
    {"A_District99999_3y", kDistrict99999, Tier::A, 3, Discount::SmallGovernment, 6'300'000},
    {"C_DepartmentIsNotACityGovernment", kDepartmentSmall, Tier::C, 1, Discount::None, 750'000},
    {"C_UnknownPopulationGetsNoDiscount", kCityUnknownPopulation, Tier::C, 1, Discount::None, 750'000},
    {"A_Ngo_1y", kNgo, Tier::A, 1, Discount::NonProfit, 2'100'000},
    {"B_Ngo_3y", kNgo, Tier::B, 3, Discount::NonProfit, 3'150'000},
    {"C_Ngo_3y", kNgo, Tier::C, 3, Discount::NonProfit, 1'575'000},
    {"C_UniversityNotNonProfit", kUniversity, Tier::C, 1, Discount::None, 750'000},
    {"B_DiscountsDoNotStack", kSmallNonProfitCity, Tier::B, 1, Discount::SmallGovernment, 1'050'000},
};

INSTANTIATE_TEST_SUITE_P(Guide, FeeRules, testing::ValuesIn(kFeeCases), [](const auto& info) { return info.param.name; });

TEST(FeeRules, TermIsAtLeastOneYear)
{
    EXPECT_FALSE(computeFee(kDeveloper, Tier::C, 0));
    EXPECT_FALSE(computeFee(kDeveloper, Tier::C, -1));
    EXPECT_TRUE(computeFee(kDeveloper, Tier::C, 1));
}

TEST(FeeRules, WaiverIsARecordedDecisionForLdcLlcdSidsGovernmentsOnly)
{
    PartnerProfile ldc = government("city_government", 250'000);
    ldc.countryGroup = CountryGroup::Ldc;
    const auto full = computeFee(ldc, Tier::C, 1, WaiverDecision{750'000, "GFHS Secretary General", "Cyclone recovery year"});
    ASSERT_TRUE(full) << full.error().message;
    EXPECT_EQ(full->dueCents, 0);
    EXPECT_EQ(full->waiverCents, 750'000);
    // No automatic reduction: without a decision the full fee applies.
    EXPECT_EQ(computeFee(ldc, Tier::C, 1)->dueCents, 750'000);
    // A decision needs an approver and a reason.
    EXPECT_FALSE(computeFee(ldc, Tier::C, 1, WaiverDecision{100'000, "", "reason"}));
    EXPECT_FALSE(computeFee(ldc, Tier::C, 1, WaiverDecision{100'000, "approver", ""}));
    // Not more than what is due.
    EXPECT_FALSE(computeFee(ldc, Tier::C, 1, WaiverDecision{750'001, "approver", "reason"}));
    // Not for a government outside those groups, nor for an enterprise in them.
    EXPECT_FALSE(computeFee(kCity100000, Tier::C, 1, WaiverDecision{100'000, "approver", "reason"}));
    PartnerProfile sidsFirm = kDeveloper;
    sidsFirm.countryGroup = CountryGroup::Sids;
    EXPECT_FALSE(computeFee(sidsFirm, Tier::C, 1, WaiverDecision{100'000, "approver", "reason"}));
    // A small LLDC town: the 30 % discount first, then a partial waiver of what remains.
    PartnerProfile smallTown = government("town_government", 40'000);
    smallTown.countryGroup = CountryGroup::Lldc;
    const auto partial = computeFee(smallTown, Tier::B, 1, WaiverDecision{50'000, "approver", "reason"});
    ASSERT_TRUE(partial);
    EXPECT_EQ(partial->dueCents, 1'050'000 - 50'000);
}

TEST(FeeRules, FormatsUsd)
{
    EXPECT_EQ(formatUsd(3'000'000), "30,000.00 USD");
    EXPECT_EQ(formatUsd(525'050), "5,250.50 USD");
    EXPECT_EQ(formatUsd(5), "0.05 USD");
}

// ---- Validity and renewal notices across month ends and leap years.

struct RenewalCase {
    const char* start;
    int years;
    const char* end;
    const char* notice;
};

class RenewalDates : public testing::TestWithParam<RenewalCase> {};

TEST_P(RenewalDates, FallTwoMonthsBeforeExpiry)
{
    const auto& c = GetParam();
    const auto term = termFor(date(c.start), c.years);
    EXPECT_EQ(formatDate(term.end), c.end);
    EXPECT_EQ(formatDate(renewalNoticeDate(term)), c.notice);
}

INSTANTIATE_TEST_SUITE_P(Guide, RenewalDates,
                         testing::Values(RenewalCase{"2026-01-01", 1, "2027-01-01", "2026-11-01"},
                                         RenewalCase{"2026-01-01", 3, "2029-01-01", "2028-11-01"},
                                         RenewalCase{"2025-12-31", 1, "2026-12-31", "2026-10-31"},
                                         RenewalCase{"2026-04-30", 1, "2027-04-30", "2027-02-28"},  // Feb has 28 days
                                         RenewalCase{"2027-04-30", 1, "2028-04-30", "2028-02-29"},  // leap year
                                         RenewalCase{"2026-05-31", 1, "2027-05-31", "2027-03-31"},
                                         RenewalCase{"2026-02-28", 1, "2027-02-28", "2026-12-28"},
                                         RenewalCase{"2024-02-29", 1, "2025-02-28", "2024-12-28"},  // from a leap day
                                         RenewalCase{"2024-02-29", 4, "2028-02-29", "2027-12-29"},
                                         RenewalCase{"2026-03-01", 3, "2029-03-01", "2029-01-01"},
                                         RenewalCase{"2026-08-31", 1, "2027-08-31", "2027-06-30"}));

// ---- Standing on a date: active, renewal due, lapsed; entitlements end with the membership.

TEST(Standing, FollowsTheMembershipLifecycle)
{
    MembershipRecord first{"m1", Tier::B, termFor(date("2026-01-01"), 1), true};
    const std::vector<MembershipRecord> memberships{first};
    EXPECT_EQ(standingOn({}, date("2026-06-01")).standing, Standing::None);
    EXPECT_EQ(standingOn(memberships, date("2025-12-31")).standing, Standing::Pending);
    EXPECT_EQ(standingOn(memberships, date("2026-01-01")).standing, Standing::Active);
    EXPECT_EQ(standingOn(memberships, date("2026-10-31")).standing, Standing::Active);
    EXPECT_EQ(standingOn(memberships, date("2026-11-01")).standing, Standing::RenewalDue);
    EXPECT_EQ(standingOn(memberships, date("2026-12-31")).standing, Standing::RenewalDue);
    const auto lapsed = standingOn(memberships, date("2027-01-01"));
    EXPECT_EQ(lapsed.standing, Standing::Lapsed);
    EXPECT_EQ(formatDate(*lapsed.endedOn), "2027-01-01");
}

TEST(Standing, UnpaidRenewalAtExpiryLapses)
{
    MembershipRecord first{"m1", Tier::A, termFor(date("2026-01-01"), 1), true};
    MembershipRecord unpaidRenewal{"m2", Tier::A, termFor(date("2027-01-01"), 3), false};
    const std::vector<MembershipRecord> memberships{first, unpaidRenewal};
    EXPECT_EQ(standingOn(memberships, date("2026-11-15")).standing, Standing::RenewalDue);
    EXPECT_EQ(standingOn(memberships, date("2027-01-01")).standing, Standing::Lapsed);
    EXPECT_FALSE(isEntitledOn(memberships, date("2027-01-01"), Entitlement::DiagnosisReportPerYear));
}

TEST(Standing, PaidRenewalContinuesWithoutANotice)
{
    MembershipRecord first{"m1", Tier::C, termFor(date("2026-01-01"), 1), true};
    MembershipRecord renewal{"m2", Tier::C, termFor(date("2027-01-01"), 3), true};
    const std::vector<MembershipRecord> memberships{first, renewal};
    EXPECT_EQ(standingOn(memberships, date("2026-12-01")).standing, Standing::Active);
    const auto later = standingOn(memberships, date("2027-01-01"));
    EXPECT_EQ(later.standing, Standing::Active);
    EXPECT_EQ(later.current->id, "m2");
}

TEST(Standing, UnpaidMembershipConfersNothing)
{
    MembershipRecord unpaid{"m1", Tier::A, termFor(date("2026-01-01"), 1), false};
    EXPECT_EQ(standingOn({unpaid}, date("2026-06-01")).standing, Standing::Pending);
    EXPECT_FALSE(isEntitledOn({unpaid}, date("2026-06-01"), Entitlement::PlaqueAndCertificate));
}

// ---- Entitlements: C ⊂ B ⊂ A.

TEST(Entitlements, NestByTier)
{
    const auto a = entitlementsOf(Tier::A);
    const auto b = entitlementsOf(Tier::B);
    const auto c = entitlementsOf(Tier::C);
    EXPECT_EQ(c.size(), 10U);
    EXPECT_EQ(b.size(), 14U);
    EXPECT_EQ(a.size(), 17U);
    for (auto e : c)
        EXPECT_TRUE(isEntitled(Tier::B, e)) << toString(e);
    for (auto e : b)
        EXPECT_TRUE(isEntitled(Tier::A, e)) << toString(e);
    EXPECT_FALSE(isEntitled(Tier::C, Entitlement::OnSiteTrainingDayPerYear));
    EXPECT_TRUE(isEntitled(Tier::B, Entitlement::OnSiteTrainingDayPerYear));
    EXPECT_FALSE(isEntitled(Tier::B, Entitlement::DiagnosisReportPerYear));
    EXPECT_TRUE(isEntitled(Tier::A, Entitlement::DiagnosisReportPerYear));
    EXPECT_TRUE(isEntitled(Tier::C, Entitlement::AssessPlanningProjects));
}

// ---- Pilot projects.

TEST(PilotWorkflow, NominatedThenReviewedThenCertification)
{
    EXPECT_EQ(*applyPilotAction(PilotStatus::Nominated, PilotAction::Approve), PilotStatus::Approved);
    EXPECT_EQ(*applyPilotAction(PilotStatus::Nominated, PilotAction::Reject), PilotStatus::Rejected);
    EXPECT_EQ(*applyPilotAction(PilotStatus::Approved, PilotAction::RequestCertification), PilotStatus::CertificationRequested);
    EXPECT_FALSE(applyPilotAction(PilotStatus::Nominated, PilotAction::RequestCertification));
    EXPECT_FALSE(applyPilotAction(PilotStatus::Rejected, PilotAction::Approve));
    const auto again = applyPilotAction(PilotStatus::Approved, PilotAction::Approve);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().message, "cannot approve a pilot project that is approved");
}

TEST(Subtypes, BelongToTheGuidesPartnerTypes)
{
    EXPECT_EQ(typeOfSubtype("park_committee"), PartnerType::LocalGovernment);
    EXPECT_EQ(typeOfSubtype("green_supply_chain"), PartnerType::Enterprise);
    EXPECT_EQ(typeOfSubtype("think_tank"), PartnerType::Institution);
    EXPECT_FALSE(typeOfSubtype("bank"));
    EXPECT_EQ(subtypes().size(), 15U);
}

}  // namespace
}  // namespace igmc::registry
