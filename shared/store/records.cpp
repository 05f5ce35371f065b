// SPDX-License-Identifier: Apache-2.0
#include "store/records.hpp"

#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace igmc::store {

namespace {

constexpr std::array<std::pair<std::string_view, SiteKind>, 6> kSiteKinds{{{"city", SiteKind::City},
                                                                           {"district", SiteKind::District},
                                                                           {"town", SiteKind::Town},
                                                                           {"community", SiteKind::Community},
                                                                           {"industrial_park", SiteKind::IndustrialPark},
                                                                           {"planning_project", SiteKind::PlanningProject}}};
constexpr std::array<std::pair<std::string_view, AssessmentStatus>, 6> kStatuses{{{"draft", AssessmentStatus::Draft},
                                                                                  {"fieldwork", AssessmentStatus::Fieldwork},
                                                                                  {"submitted", AssessmentStatus::Submitted},
                                                                                  {"under_review", AssessmentStatus::UnderReview},
                                                                                  {"certified", AssessmentStatus::Certified},
                                                                                  {"not_certified", AssessmentStatus::NotCertified}}};

}  // namespace

std::string_view toString(SiteKind kind) { return enumName(kSiteKinds, kind); }
std::optional<SiteKind> parseSiteKind(std::string_view text) { return enumFromName(kSiteKinds, text); }
std::string_view toString(AssessmentStatus status) { return enumName(kStatuses, status); }
std::optional<AssessmentStatus> parseAssessmentStatus(std::string_view text) { return enumFromName(kStatuses, text); }

bool canTransition(AssessmentStatus from, AssessmentStatus to)
{
    using S = AssessmentStatus;
    switch (from) {
    case S::Draft: return to == S::Fieldwork;
    case S::Fieldwork: return to == S::Submitted;
    case S::Submitted: return to == S::UnderReview;
    case S::UnderReview: return to == S::Certified || to == S::NotCertified || to == S::Fieldwork;
    case S::Certified:
    case S::NotCertified: return false;
    }
    return false;
}

std::string_view toString(VisitStatus status)
{
    switch (status) {
    case VisitStatus::Planned: return "planned";
    case VisitStatus::Completed: return "completed";
    case VisitStatus::Cancelled: return "cancelled";
    }
    return "planned";
}

}  // namespace igmc::store
