// SPDX-License-Identifier: Apache-2.0
#include "registry/partner_rules.hpp"

#include <algorithm>
#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace igmc::registry {

namespace {

constexpr std::array<std::pair<std::string_view, Tier>, 3> kTiers{{{"A", Tier::A}, {"B", Tier::B}, {"C", Tier::C}}};
constexpr std::array<std::pair<std::string_view, PartnerType>, 3> kTypes{
    {{"local_government", PartnerType::LocalGovernment}, {"enterprise", PartnerType::Enterprise}, {"institution", PartnerType::Institution}}};
constexpr std::array<std::pair<std::string_view, CountryGroup>, 4> kGroups{
    {{"none", CountryGroup::None}, {"ldc", CountryGroup::Ldc}, {"lldc", CountryGroup::Lldc}, {"sids", CountryGroup::Sids}}};
constexpr std::array<std::pair<std::string_view, PartnerType>, 15> kSubtypes{{
    {"city_government", PartnerType::LocalGovernment},
    {"district_government", PartnerType::LocalGovernment},
    {"town_government", PartnerType::LocalGovernment},
    {"government_department", PartnerType::LocalGovernment},
    {"park_committee", PartnerType::LocalGovernment},
    {"developer", PartnerType::Enterprise},
    {"infrastructure", PartnerType::Enterprise},
    {"finance", PartnerType::Enterprise},
    {"planning_design", PartnerType::Enterprise},
    {"green_supply_chain", PartnerType::Enterprise},
    {"environmental", PartnerType::Enterprise},
    {"think_tank", PartnerType::Institution},
    {"research_institute", PartnerType::Institution},
    {"university", PartnerType::Institution},
    {"ngo", PartnerType::Institution},
}};
constexpr std::array<std::pair<std::string_view, PilotStatus>, 4> kPilotStatuses{
    {{"nominated", PilotStatus::Nominated}, {"approved", PilotStatus::Approved}, {"rejected", PilotStatus::Rejected},
     {"certification_requested", PilotStatus::CertificationRequested}}};

bool isTerritorialGovernment(const PartnerProfile& p)
{
    return p.type == PartnerType::LocalGovernment
           && (p.subtype == "city_government" || p.subtype == "district_government" || p.subtype == "town_government");
}

}  // namespace

std::string_view toString(Tier tier) { return enumName(kTiers, tier); }
std::optional<Tier> parseTier(std::string_view text) { return enumFromName(kTiers, text); }
std::string_view toString(PartnerType type) { return enumName(kTypes, type); }
std::optional<PartnerType> parsePartnerType(std::string_view text) { return enumFromName(kTypes, text); }
std::string_view toString(CountryGroup group) { return enumName(kGroups, group); }
std::optional<CountryGroup> parseCountryGroup(std::string_view text) { return enumFromName(kGroups, text); }
std::optional<PartnerType> typeOfSubtype(std::string_view subtype) { return enumFromName(kSubtypes, subtype); }
std::string_view toString(PilotStatus status) { return enumName(kPilotStatuses, status); }
std::optional<PilotStatus> parsePilotStatus(std::string_view text) { return enumFromName(kPilotStatuses, text); }

const std::vector<std::string_view>& subtypes()
{
    static const std::vector<std::string_view> all = [] {
        std::vector<std::string_view> names;
        for (const auto& entry : kSubtypes)
            names.push_back(entry.first);
        return names;
    }();
    return all;
}

std::string_view tierName(Tier tier)
{
    switch (tier) {
    case Tier::A: return "global partner";
    case Tier::B: return "senior partner";
    case Tier::C: return "partner";
    }
    return "partner";
}

std::int64_t annualFeeCents(Tier tier)
{
    switch (tier) {
    case Tier::A: return 3'000'000;
    case Tier::B: return 1'500'000;
    case Tier::C: return 750'000;
    }
    return 0;
}

std::string_view toString(Discount discount)
{
    switch (discount) {
    case Discount::None: return "none";
    case Discount::SmallGovernment: return "small_government";
    case Discount::NonProfit: return "non_profit";
    }
    return "none";
}

Discount discountFor(const PartnerProfile& partner)
{
    if (isTerritorialGovernment(partner) && partner.population && *partner.population < kSmallGovernmentPopulation)
        return Discount::SmallGovernment;
    if (partner.nonProfit)
        return Discount::NonProfit;
    return Discount::None;
}

Result<FeeBreakdown> computeFee(const PartnerProfile& partner, Tier tier, int years, const std::optional<WaiverDecision>& waiver)
{
    if (years < 1)
        return makeError(ErrorCode::InvalidArgument, "a membership term is at least one year (got " + std::to_string(years) + ")");
    if (years > 10)
        return makeError(ErrorCode::InvalidArgument, "a membership term of more than 10 years is not offered (got " + std::to_string(years) + ")");
    FeeBreakdown fee;
    fee.tier = tier;
    fee.years = years;
    fee.annualCents = annualFeeCents(tier);
    fee.listCents = fee.annualCents * years;
    fee.discount = discountFor(partner);
    if (fee.discount != Discount::None)
        fee.discountCents = fee.listCents * kDiscountPercent / 100;
    const std::int64_t afterDiscount = fee.listCents - fee.discountCents;
    if (waiver) {
        if (partner.type != PartnerType::LocalGovernment || partner.countryGroup == CountryGroup::None)
            return makeError(ErrorCode::ValidationError, "a reduction or waiver is only for local governments of least developed, "
                                                         "landlocked developing or small island developing states");
        if (waiver->approver.empty() || waiver->reason.empty())
            return makeError(ErrorCode::ValidationError, "a reduction or waiver needs the approver and the reason for the decision");
        if (waiver->amountCents <= 0 || waiver->amountCents > afterDiscount)
            return makeError(ErrorCode::ValidationError, "the waiver must be more than 0 and at most the fee due ("
                                                             + formatUsd(afterDiscount) + ")");
        fee.waiverCents = waiver->amountCents;
    }
    fee.dueCents = afterDiscount - fee.waiverCents;
    return fee;
}

std::string formatUsd(std::int64_t cents)
{
    const bool negative = cents < 0;
    const std::int64_t magnitude = negative ? -cents : cents;
    std::string whole = std::to_string(magnitude / 100);
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    const auto fraction = magnitude % 100;
    return std::string(negative ? "-" : "") + whole + "." + (fraction < 10 ? "0" : "") + std::to_string(fraction) + " USD";
}

Term termFor(Date start, int years)
{
    return {start, addYears(start, years)};
}

Date renewalNoticeDate(const Term& term)
{
    return addMonths(term.end, -2);
}

std::string_view toString(Standing standing)
{
    switch (standing) {
    case Standing::None: return "none";
    case Standing::Pending: return "pending";
    case Standing::Active: return "active";
    case Standing::RenewalDue: return "renewal_due";
    case Standing::Lapsed: return "lapsed";
    }
    return "none";
}

PartnerStanding standingOn(const std::vector<MembershipRecord>& memberships, Date asOf)
{
    PartnerStanding result;
    if (memberships.empty())
        return result;
    const MembershipRecord* current = nullptr;
    for (const auto& m : memberships) {
        if (m.paid && m.term.start <= asOf && asOf < m.term.end && (!current || m.term.end > current->term.end))
            current = &m;
    }
    if (current) {
        result.current = *current;
        result.noticeDate = renewalNoticeDate(current->term);
        // A paid successor that starts by the end of this one means the partner has renewed.
        const bool renewed = std::any_of(memberships.begin(), memberships.end(), [&](const auto& m) {
            return m.paid && &m != current && m.term.start <= current->term.end && m.term.end > current->term.end;
        });
        result.standing = !renewed && asOf >= *result.noticeDate ? Standing::RenewalDue : Standing::Active;
        return result;
    }
    std::optional<Date> lastEnd;
    for (const auto& m : memberships) {
        if (m.paid && m.term.end <= asOf && (!lastEnd || m.term.end > *lastEnd))
            lastEnd = m.term.end;
    }
    if (lastEnd) {
        result.standing = Standing::Lapsed;
        result.endedOn = lastEnd;
    } else {
        result.standing = Standing::Pending;
    }
    return result;
}

std::string_view toString(Entitlement entitlement)
{
    switch (entitlement) {
    case Entitlement::PlaqueAndCertificate: return "plaque_and_certificate";
    case Entitlement::TrademarkUse: return "trademark_use";
    case Entitlement::FullStandard: return "full_standard";
    case Entitlement::AssessBuiltAreas: return "assess_built_areas";
    case Entitlement::AssessPlanningProjects: return "assess_planning_projects";
    case Entitlement::TrainingInvitations: return "training_invitations";
    case Entitlement::DataSystemPeerComparison: return "data_system_peer_comparison";
    case Entitlement::YearlyMediaPromotion: return "yearly_media_promotion";
    case Entitlement::PilotProjectPriority: return "pilot_project_priority";
    case Entitlement::ConsultingOnRequest: return "consulting_on_request";
    case Entitlement::SeniorBranding: return "senior_branding";
    case Entitlement::PlaqueByGfhsOfficial: return "plaque_by_gfhs_official";
    case Entitlement::OnSiteTrainingDayPerYear: return "on_site_training_day_per_year";
    case Entitlement::PeerIntroductions: return "peer_introductions";
    case Entitlement::CeremonyByLeadership: return "ceremony_by_leadership";
    case Entitlement::GlobalBranding: return "global_branding";
    case Entitlement::DiagnosisReportPerYear: return "diagnosis_report_per_year";
    }
    return "";
}

std::vector<Entitlement> entitlementsOf(Tier tier)
{
    std::vector<Entitlement> list{Entitlement::PlaqueAndCertificate,   Entitlement::TrademarkUse,
                                  Entitlement::FullStandard,           Entitlement::AssessBuiltAreas,
                                  Entitlement::AssessPlanningProjects, Entitlement::TrainingInvitations,
                                  Entitlement::DataSystemPeerComparison, Entitlement::YearlyMediaPromotion,
                                  Entitlement::PilotProjectPriority,   Entitlement::ConsultingOnRequest};
    if (tier == Tier::B || tier == Tier::A) {
        list.insert(list.end(), {Entitlement::SeniorBranding, Entitlement::PlaqueByGfhsOfficial,
                                 Entitlement::OnSiteTrainingDayPerYear, Entitlement::PeerIntroductions});
    }
    if (tier == Tier::A)
        list.insert(list.end(), {Entitlement::CeremonyByLeadership, Entitlement::GlobalBranding, Entitlement::DiagnosisReportPerYear});
    return list;
}

bool isEntitled(Tier tier, Entitlement entitlement)
{
    const auto list = entitlementsOf(tier);
    return std::find(list.begin(), list.end(), entitlement) != list.end();
}

bool isEntitledOn(const std::vector<MembershipRecord>& memberships, Date asOf, Entitlement entitlement)
{
    const auto standing = standingOn(memberships, asOf);
    return standing.current && isEntitled(standing.current->tier, entitlement);
}

std::string_view toString(TrainingDayVerdict verdict)
{
    static constexpr std::array<std::string_view, 5> kNames{"entitled", "not_a_member", "not_active", "tier_without_day", "used_this_year"};
    return kNames[static_cast<std::size_t>(verdict)];
}

TrainingDayCheck checkTrainingDay(const std::vector<MembershipRecord>& memberships, const std::vector<TrainingVisitRecord>& visits,
                                  Date date, const std::string& visitId)
{
    TrainingDayCheck check;
    check.year = static_cast<int>(date.year());
    const auto standing = standingOn(memberships, date);
    if (standing.standing == Standing::None) {
        check.explanation = "the partner has no membership";
        return check;
    }
    if (!standing.current) {
        check.verdict = TrainingDayVerdict::NotActive;
        check.explanation = "no paid membership covers " + formatDate(date) + " (" + std::string(toString(standing.standing)) + ")";
        return check;
    }
    check.tier = standing.current->tier;
    if (!isEntitled(standing.current->tier, Entitlement::OnSiteTrainingDayPerYear)) {
        check.verdict = TrainingDayVerdict::TierWithoutDay;
        check.explanation = "a tier " + std::string(toString(standing.current->tier))
                            + " membership has no on-site training day; it comes with tiers B and A";
        return check;
    }
    for (const auto& visit : visits) {
        if (visit.completed && visit.id != visitId && visit.date.year() == date.year()) {
            check.verdict = TrainingDayVerdict::UsedThisYear;
            check.usedByVisit = visit.id;
            check.explanation = "this year's training day was used by the visit on " + formatDate(visit.date);
            return check;
        }
    }
    check.verdict = TrainingDayVerdict::Entitled;
    check.explanation = "entitled: tier " + std::string(toString(standing.current->tier)) + ", no training day used in "
                        + std::to_string(check.year);
    return check;
}

Result<PilotStatus> applyPilotAction(PilotStatus from, PilotAction action)
{
    if (from == PilotStatus::Nominated && action == PilotAction::Approve)
        return PilotStatus::Approved;
    if (from == PilotStatus::Nominated && action == PilotAction::Reject)
        return PilotStatus::Rejected;
    if (from == PilotStatus::Approved && action == PilotAction::RequestCertification)
        return PilotStatus::CertificationRequested;
    static constexpr std::array<std::string_view, 3> kActions{"approve", "reject", "request certification for"};
    return makeError(ErrorCode::Conflict, "cannot " + std::string(kActions[static_cast<std::size_t>(action)])
                                              + " a pilot project that is " + std::string(toString(from)));
}

}  // namespace igmc::registry
