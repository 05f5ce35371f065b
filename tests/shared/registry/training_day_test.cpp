// The senior and global partners' annual on-site training day.
// SPDX-License-Identifier: Apache-2.0
#include "registry/partner_rules.hpp"

#include <gtest/gtest.h>

namespace igmc::registry {
namespace {

Date day(int y, unsigned m, unsigned d)
{
    return std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d);
}

MembershipRecord member(Tier tier, Date start, int years, bool paid = true)
{
    return {"m-" + std::string(toString(tier)), tier, termFor(start, years), paid};
}

TEST(TrainingDay, SeniorAndGlobalPartnersAreEntitledOncePerYear)
{
    for (Tier tier : {Tier::A, Tier::B}) {
        const auto check = checkTrainingDay({member(tier, day(2026, 1, 1), 3)}, {}, day(2026, 11, 23));
        EXPECT_EQ(check.verdict, TrainingDayVerdict::Entitled) << toString(tier);
        EXPECT_EQ(check.tier, tier);
        EXPECT_EQ(check.year, 2026);
    }
}

TEST(TrainingDay, PartnersOfTierCHaveNoTrainingDay)
{
    const auto check = checkTrainingDay({member(Tier::C, day(2026, 1, 1), 1)}, {}, day(2026, 6, 1));
    EXPECT_EQ(check.verdict, TrainingDayVerdict::TierWithoutDay);
    EXPECT_NE(check.explanation.find("B and A"), std::string::npos);
}

TEST(TrainingDay, NoMembershipUnpaidOrLapsedMeansNoDay)
{
    EXPECT_EQ(checkTrainingDay({}, {}, day(2026, 6, 1)).verdict, TrainingDayVerdict::NotAMember);
    EXPECT_EQ(checkTrainingDay({member(Tier::B, day(2026, 1, 1), 1, false)}, {}, day(2026, 6, 1)).verdict, TrainingDayVerdict::NotActive);
    // Lapsed: the one-year term ended on 2026-01-01 (exclusive).
    const auto lapsed = checkTrainingDay({member(Tier::A, day(2025, 1, 1), 1)}, {}, day(2026, 1, 1));
    EXPECT_EQ(lapsed.verdict, TrainingDayVerdict::NotActive);
    EXPECT_NE(lapsed.explanation.find("lapsed"), std::string::npos);
    // The last day of the term still counts.
    EXPECT_EQ(checkTrainingDay({member(Tier::A, day(2025, 1, 1), 1)}, {}, day(2025, 12, 31)).verdict, TrainingDayVerdict::Entitled);
    // Not started yet.
    EXPECT_EQ(checkTrainingDay({member(Tier::B, day(2027, 1, 1), 1)}, {}, day(2026, 12, 1)).verdict, TrainingDayVerdict::NotActive);
}

TEST(TrainingDay, ACompletedVisitUsesTheYearButNotTheNext)
{
    const std::vector<MembershipRecord> memberships{member(Tier::B, day(2025, 3, 1), 3)};
    const std::vector<TrainingVisitRecord> visits{{"v1", day(2026, 4, 10), true}};
    const auto second = checkTrainingDay(memberships, visits, day(2026, 11, 23));
    EXPECT_EQ(second.verdict, TrainingDayVerdict::UsedThisYear);
    EXPECT_EQ(second.usedByVisit, "v1");
    EXPECT_NE(second.explanation.find("2026-04-10"), std::string::npos);
    EXPECT_EQ(checkTrainingDay(memberships, visits, day(2027, 1, 2)).verdict, TrainingDayVerdict::Entitled);
    EXPECT_EQ(checkTrainingDay(memberships, visits, day(2025, 12, 31)).verdict, TrainingDayVerdict::Entitled);
    // The completed visit itself is still covered (it does not count against itself).
    EXPECT_EQ(checkTrainingDay(memberships, visits, day(2026, 4, 10), "v1").verdict, TrainingDayVerdict::Entitled);
}

TEST(TrainingDay, PlannedOrCancelledVisitsDoNotUseTheDay)
{
    const std::vector<MembershipRecord> memberships{member(Tier::A, day(2026, 1, 1), 1)};
    const std::vector<TrainingVisitRecord> visits{{"planned", day(2026, 5, 1), false}};
    EXPECT_EQ(checkTrainingDay(memberships, visits, day(2026, 6, 1)).verdict, TrainingDayVerdict::Entitled);
}

TEST(TrainingDay, TierFollowsTheMembershipCoveringTheDate)
{
    // C until 2026-06-30, then upgraded to B.
    const std::vector<MembershipRecord> memberships{{"c", Tier::C, {day(2025, 7, 1), day(2026, 7, 1)}, true},
                                                    {"b", Tier::B, termFor(day(2026, 7, 1), 1), true}};
    EXPECT_EQ(checkTrainingDay(memberships, {}, day(2026, 6, 30)).verdict, TrainingDayVerdict::TierWithoutDay);
    EXPECT_EQ(checkTrainingDay(memberships, {}, day(2026, 7, 1)).verdict, TrainingDayVerdict::Entitled);
}

}  // namespace
}  // namespace igmc::registry
