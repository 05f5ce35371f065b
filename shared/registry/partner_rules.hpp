// The IGMC partner rules from the registration guide (GFHS, trial edition, 2 January 2018), as pure
// functions: tiers and fees, the 30 % discount, waivers as recorded decisions, validity and
// renewal notices, lapse, entitlements per tier, and the pilot-project workflow.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/calendar.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::registry {

enum class Tier { A, B, C };  // A global partner, B senior partner, C partner
std::string_view toString(Tier tier);
std::optional<Tier> parseTier(std::string_view text);
std::string_view tierName(Tier tier);  // "global partner", …

enum class PartnerType { LocalGovernment, Enterprise, Institution };
std::string_view toString(PartnerType type);
std::optional<PartnerType> parsePartnerType(std::string_view text);

// Subtypes named by the guide; each belongs to exactly one type.
// local_government: city_government district_government town_government government_department
//                   park_committee (industrial park or scenic-area management committee)
// enterprise:       developer infrastructure finance planning_design green_supply_chain environmental
// institution:      think_tank research_institute university ngo
std::optional<PartnerType> typeOfSubtype(std::string_view subtype);
const std::vector<std::string_view>& subtypes();

// Least developed, landlocked developing and small island developing states.
enum class CountryGroup { None, Ldc, Lldc, Sids };
std::string_view toString(CountryGroup group);
std::optional<CountryGroup> parseCountryGroup(std::string_view text);

struct PartnerProfile {
    PartnerType type = PartnerType::Enterprise;
    std::string subtype;
    std::optional<std::int64_t> population;  // for local governments
    bool nonProfit = false;
    CountryGroup countryGroup = CountryGroup::None;
};

inline constexpr std::int64_t kSmallGovernmentPopulation = 100'000;  // "under 100,000"
inline constexpr int kDiscountPercent = 30;

std::int64_t annualFeeCents(Tier tier);  // A 30,000 · B 15,000 · C 7,500 USD

enum class Discount { None, SmallGovernment, NonProfit };
std::string_view toString(Discount discount);
// One discount, never stacked: a city, district or town government under 100,000 people, or a
// non-profit organisation. A government whose population is unknown gets none.
Discount discountFor(const PartnerProfile& partner);

// A reduction or full waiver is a decision by a person, never computed: this records it.
struct WaiverDecision {
    std::int64_t amountCents = 0;
    std::string approver;
    std::string reason;
};

struct FeeBreakdown {
    Tier tier = Tier::C;
    int years = 1;
    std::int64_t annualCents = 0;
    std::int64_t listCents = 0;      // annual × years
    Discount discount = Discount::None;
    std::int64_t discountCents = 0;  // 30 % of list when a discount applies
    std::int64_t waiverCents = 0;
    std::int64_t dueCents = 0;       // list − discount − waiver
};

// Fails for a term under one year, or a waiver that is not allowed (only local governments of
// LDC/LLDC/SIDS), lacks an approver or reason, or exceeds what is due after the discount.
Result<FeeBreakdown> computeFee(const PartnerProfile& partner, Tier tier, int years,
                                const std::optional<WaiverDecision>& waiver = std::nullopt);
std::string formatUsd(std::int64_t cents);  // "10,500.00 USD"

// ---- Validity

struct Term {
    Date start;
    Date end;  // exclusive: the membership is valid on [start, end)
};
Term termFor(Date start, int years);
// GFHS notifies two months before expiry (clamped to month ends: end 31 Dec → 31 Oct).
Date renewalNoticeDate(const Term& term);

struct MembershipRecord {
    std::string id;
    Tier tier = Tier::C;
    Term term;
    bool paid = false;
};

enum class Standing {
    None,         // never a member
    Pending,      // a membership exists but is unpaid or not started; no entitlements
    Active,
    RenewalDue,   // active, within two months of the end, no paid successor
    Lapsed,       // the last membership ended without a paid successor: entitlements ended
};
std::string_view toString(Standing standing);

struct PartnerStanding {
    Standing standing = Standing::None;
    std::optional<MembershipRecord> current;  // the paid membership covering the date
    std::optional<Date> noticeDate;           // renewal notice date of the current membership
    std::optional<Date> endedOn;              // when lapsed
};
PartnerStanding standingOn(const std::vector<MembershipRecord>& memberships, Date asOf);

// ---- Entitlements (C ⊂ B ⊂ A)

enum class Entitlement {
    PlaqueAndCertificate,
    TrademarkUse,
    FullStandard,
    AssessBuiltAreas,
    AssessPlanningProjects,
    TrainingInvitations,
    DataSystemPeerComparison,
    YearlyMediaPromotion,
    PilotProjectPriority,
    ConsultingOnRequest,
    SeniorBranding,             // B
    PlaqueByGfhsOfficial,       // B
    OnSiteTrainingDayPerYear,   // B: partner pays translation and travel
    PeerIntroductions,          // B
    CeremonyByLeadership,       // A: GFHS leadership or a UN official
    GlobalBranding,             // A
    DiagnosisReportPerYear,     // A: zh or en
};
std::string_view toString(Entitlement entitlement);
std::vector<Entitlement> entitlementsOf(Tier tier);
bool isEntitled(Tier tier, Entitlement entitlement);
// An entitlement holds on a date only with an active (or renewal-due) paid membership.
bool isEntitledOn(const std::vector<MembershipRecord>& memberships, Date asOf, Entitlement entitlement);

// ---- The annual on-site training day (B and A): one per calendar year, used by a completed visit.

struct TrainingVisitRecord {
    std::string id;
    Date date;
    bool completed = false;
};

enum class TrainingDayVerdict {
    Entitled,
    NotAMember,        // never a member
    NotActive,         // membership unpaid, not started yet, or lapsed on that date
    TierWithoutDay,    // a C partner: the day comes with B and A
    UsedThisYear,      // another visit was completed in the same calendar year
};
std::string_view toString(TrainingDayVerdict verdict);

struct TrainingDayCheck {
    TrainingDayVerdict verdict = TrainingDayVerdict::NotAMember;
    std::optional<Tier> tier;                 // of the membership covering the date
    std::optional<std::string> usedByVisit;   // when UsedThisYear
    int year = 0;
    // A sentence for the trainer, in English (the app shows its own translated text per verdict).
    std::string explanation;
};
// Whether a training day on `date` is covered. `visitId` names the visit being checked (it does not
// count against itself).
TrainingDayCheck checkTrainingDay(const std::vector<MembershipRecord>& memberships, const std::vector<TrainingVisitRecord>& visits,
                                  Date date, const std::string& visitId = {});

// ---- Pilot projects: nominated → approved | rejected; approved → certification_requested.

enum class PilotStatus { Nominated, Approved, Rejected, CertificationRequested };
enum class PilotAction { Approve, Reject, RequestCertification };
std::string_view toString(PilotStatus status);
std::optional<PilotStatus> parsePilotStatus(std::string_view text);
Result<PilotStatus> applyPilotAction(PilotStatus from, PilotAction action);

}  // namespace igmc::registry
