// The records kept on devices and on the server, one schema for both (see schema.cpp).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "registry/partner_rules.hpp"
#include "scoring/assessment_values.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace igmc::store {

struct GeoPoint {
    double latitude = 0;
    double longitude = 0;
    std::optional<double> accuracyM;  // none when the fix's accuracy is unknown
};

struct Partner {
    std::string id;
    std::string name;
    std::string nameZh;
    registry::PartnerProfile profile;
    std::string country;  // ISO 3166-1 alpha-2
    std::string contact;
    std::string createdAt;
};

struct Membership {
    std::string id;
    std::string partnerId;
    registry::Term term;
    registry::FeeBreakdown fee;
    std::optional<registry::WaiverDecision> waiver;
    std::optional<std::string> paidAt;
    std::string createdAt;

    [[nodiscard]] registry::MembershipRecord record() const { return {id, fee.tier, term, paidAt.has_value()}; }
};

struct PilotProject {
    std::string id;
    std::string partnerId;
    std::string name;
    std::string description;
    registry::PilotStatus status = registry::PilotStatus::Nominated;
    std::string nominatedAt;
    std::optional<std::string> reviewedAt;
    std::string reviewer;
    std::string reviewNote;
};

enum class SiteKind { City, District, Town, Community, IndustrialPark, PlanningProject };
std::string_view toString(SiteKind kind);
std::optional<SiteKind> parseSiteKind(std::string_view text);

struct Site {
    std::string id;
    std::optional<std::string> partnerId;
    std::string name;
    SiteKind kind = SiteKind::City;
    std::optional<GeoPoint> location;
    std::optional<std::int64_t> population;
    std::optional<double> areaKm2;
    std::string createdAt;
};

// draft → fieldwork → submitted → under_review → certified | not_certified; a reviewer may return
// an assessment under review to fieldwork for correction.
enum class AssessmentStatus { Draft, Fieldwork, Submitted, UnderReview, Certified, NotCertified };
std::string_view toString(AssessmentStatus status);
std::optional<AssessmentStatus> parseAssessmentStatus(std::string_view text);
bool canTransition(AssessmentStatus from, AssessmentStatus to);

struct Assessment {
    std::string id;
    std::string siteId;
    scoring::CatalogPin catalog;
    scoring::Stage stage = scoring::Stage::Existing;
    AssessmentStatus status = AssessmentStatus::Draft;
    std::optional<std::string> dueDate;
    std::string createdAt;
    std::string updatedAt;
};

struct Assignment {
    std::string assessmentId;
    std::string inspector;
    std::string assignedAt;
};

// One immutable version of an indicator observation. An edit is a new version naming its parent.
struct Observation {
    std::string id;
    std::optional<std::string> parentId;
    std::string assessmentId;
    std::string indicatorCode;
    std::optional<scoring::Value> value;  // none exactly when naReason is set
    std::optional<std::string> naReason;
    std::string unit;
    std::string method;
    std::string note;
    std::string observedAt;
    std::optional<GeoPoint> location;
    std::string inspector;
    std::string deviceId;
    std::string hlc;
    std::string recordedAt;
};

// The current version(s) of one indicator: one head normally, several after concurrent edits.
struct IndicatorHead {
    std::string indicatorCode;
    Observation head;                       // provisional: the latest by HLC, then device id
    std::vector<std::string> otherHeadIds;  // non-empty = a conflict for a reviewer
};

struct Evidence {
    std::string sha256;
    std::string mediaType;
    std::int64_t sizeBytes = 0;
    std::string originalName;
    std::optional<std::string> capturedAt;
    std::optional<GeoPoint> location;
    std::string recordedAt;
    std::vector<std::string> observationIds;
};

struct SurveyDefinition {
    std::string id;
    int version = 1;
    std::string titleEn;
    std::string titleZh;
    std::string definitionJson;
    std::string createdAt;
};

struct SurveyResponse {
    std::string id;
    std::string surveyId;
    int surveyVersion = 1;
    std::string siteId;
    std::string language;       // "en" | "zh"
    std::string answersJson;
    std::string submittedHour;  // coarsened: "YYYY-MM-DDTHH:00:00Z"
};

// A kiosk submission refused by an abuse limit: counted, its answers not kept.
struct SurveyRejection {
    std::string id;  // random (UUIDv4)
    std::string surveyId;
    int surveyVersion = 1;
    std::string siteId;
    std::string reason;  // "too_fast" | "rate_limited"
    std::string hour;    // coarsened like a response
};

// One participant's feedback on one session of a training visit: an anonymous survey response.
struct TrainingFeedback {
    std::string visitId;
    std::string session;  // the agenda session's id
    std::string responseId;
};

enum class VisitStatus { Planned, Completed, Cancelled };
std::string_view toString(VisitStatus status);

struct TrainingVisit {
    std::string id;
    std::string partnerId;
    std::string visitDate;
    VisitStatus status = VisitStatus::Planned;
    std::optional<std::string> siteId;  // where the day takes place; feedback responses name it
    std::string agendaJson = "[]";      // [{id, time, topic, trainer}], materials: see the trainer mode
    std::string notes;                  // summary and recommendations
    std::string walkJson = "[]";        // site walk: [{note, recommendation, photos: [sha256]}]
    std::optional<std::string> reportSha256;
    std::string createdAt;
    std::optional<std::string> completedAt;
};

struct Attendance {
    std::string visitId;
    std::string name;
    std::string organisation;
    std::string role;
    bool consent = false;
    std::string signedAt;
};

struct JournalEntry {
    std::int64_t seq = 0;
    std::string opId;
    std::string entity;    // "partner", "observation", …
    std::string entityId;
    std::string action;    // "create", "update", "link", …
    std::string payload;   // the record as JSON
    std::string hlc;
    std::string recordedAt;
    // Store::journalForPush only: an observation version's row as JSON text (its journal payload
    // names the row instead of copying it).
    std::string versionJson;
};

}  // namespace igmc::store
