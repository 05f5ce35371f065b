// The central certification record as the server sees it: devices and enrollment, the op log that
// devices push to and pull from, and the records programme staff create. An interface, so a
// PostgreSQL implementation can stand beside the embedded SQLite one.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "auth/roles.hpp"
#include "core/result.hpp"
#include "protocol/op_apply.hpp"
#include "protocol/wire.hpp"
#include "store/records.hpp"
#include "store/store.hpp"
#include "survey/aggregation.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::server {

struct Enrollment {
    Device device;
    std::string token;  // shown once; stored only as a hash
};

using TrainingDayStatus = store::TrainingDay;

struct StoreCounters {
    std::int64_t opsApplied = 0;
    std::int64_t opsDuplicate = 0;
    std::int64_t conflicts = 0;
    // Push groups written (each one transaction), and those written again, a savepoint per push,
    // because one of them was refused.
    std::int64_t groupsWritten = 0;
    std::int64_t groupsRewritten = 0;
    // Pushes acknowledged from the intake log, and intake entries that could not be applied (kept
    // in the table intake_refused for an administrator; never expected).
    std::int64_t pushesTakenIn = 0;
    std::int64_t intakeRefused = 0;
};

class CentralStore {
public:
    virtual ~CentralStore() = default;

    // ---- Devices
    virtual Result<std::string> createEnrollmentCode(Role role, const Scope& scope, const std::string& label,
                                                     std::chrono::hours validity) = 0;
    virtual Result<Enrollment> enroll(const std::string& code, const std::string& deviceName) = 0;
    // Unauthorized for an unknown or revoked token.
    virtual Result<Device> authenticate(const std::string& token) = 0;
    virtual Result<void> revokeDevice(const std::string& deviceId) = 0;
    // A device's new scope (a kiosk moved to another site, an inspector's extra assessments): its
    // next pull follows it (scope epochs). NotFound for no such active device.
    virtual Result<Device> setDeviceScope(const std::string& deviceId, const Scope& scope) = 0;
    virtual Result<std::vector<Device>> devices() = 0;
    virtual Result<bool> hasAdmin() = 0;

    // ---- Sync. A push is atomic and idempotent by op id; acks are returned only after the commit.
    // `records`: one per op, the observation versions the push decoder read directly (nullopt for
    // the other ops), or empty; a version without its record is decoded from its payload.
    // `afterOp` (may be empty): an op the push is applied after, the last of the batch the device
    // sent before it (Sync-After-Op). Refused (Conflict) when that batch was refused; Unavailable
    // when it has not arrived in time.
    // `earlyAckBody`: the push's body, when the device takes early acks (Sync-Early-Ack). A store
    // may then acknowledge the push as accepted (no seq yet) once it is durable and sure to apply,
    // and apply it behind; every read of the record still sees it.
    virtual Result<sync::PushResponse> push(const Device& device, const std::vector<sync::Op>& ops,
                                            std::vector<sync::DecodedRecord> records, const std::string& afterOp,
                                            std::string_view earlyAckBody = {}) = 0;
    virtual Result<sync::PullResponse> pull(const Device& device, std::int64_t after, std::int64_t limit) = 0;
    // The same page as its wire text (encode(pull(…)), byte for byte), written as it is read.
    struct EncodedPage {
        std::string body;
        std::int64_t next = 0;
        bool more = false;
        std::size_t ops = 0;
    };
    virtual Result<EncodedPage> pullEncoded(const Device& device, std::int64_t after, std::int64_t limit) = 0;
    // The device's scope epoch: a number that grows each time what the device may see (its
    // assessments, partner or site) differs from what it could see at the last epoch. A device
    // whose epoch is behind pulls again from the log's start (sync/README.md, "Scope changes").
    virtual Result<std::int64_t> scopeEpoch(const Device& device) = 0;
    // What a device said at the end of a sync: the pulled ops it keeps aside (a JSON array), shown
    // to administrators with the time (Device::lastSyncAt, Device::problemsJson).
    virtual Result<void> noteSyncReport(const Device& device, const std::string& problemsJson) = 0;

    // ---- Records created by programme staff; each becomes an op devices pull.
    virtual Result<store::Partner> addPartner(const store::Partner& partner) = 0;
    virtual Result<store::Site> addSite(const store::Site& site) = 0;
    virtual Result<store::Assessment> addAssessment(const store::Assessment& assessment) = 0;
    virtual Result<store::Assignment> assign(const store::Assignment& assignment) = 0;
    virtual Result<store::SurveyDefinition> addSurveyDefinition(const store::SurveyDefinition& definition) = 0;
    virtual Result<store::Membership> addMembership(const store::Membership& membership) = 0;
    virtual Result<store::Membership> recordPayment(const std::string& membershipId, const std::string& paidOn) = 0;
    // Plans a training day: refused (Conflict) unless the partner is entitled on that date and no
    // other day is planned that year; the site, if any, must be the partner's.
    virtual Result<store::TrainingVisit> addTrainingVisit(const store::TrainingVisit& visit) = 0;
    // Adds, for each survey-based indicator of the survey version, a new observation version of the
    // assessment (its site's responses: share in %, sample size, 95% margin of error).
    virtual Result<std::vector<store::Observation>> publishSurveyObservations(const std::string& surveyId, int version,
                                                                              const std::string& assessmentId) = 0;

    // ---- Reading the record
    virtual Result<std::vector<store::Assessment>> visibleAssessments(const Device& device) = 0;
    virtual Result<std::vector<store::SurveyDefinition>> surveyDefinitions() = 0;
    // Results of one survey version (the latest when none is given), of one site or all.
    virtual Result<survey::SurveyResults> surveyResults(const std::string& surveyId, std::optional<int> version,
                                                        const std::optional<std::string>& siteId) = 0;
    virtual Result<store::Partner> partner(const std::string& partnerId) = 0;
    virtual Result<store::Site> site(const std::string& siteId) = 0;
    virtual Result<std::vector<store::Membership>> memberships(const std::string& partnerId) = 0;
    virtual Result<TrainingDayStatus> trainingDay(const std::string& partnerId, Date date) = 0;
    virtual Result<std::vector<store::Conflict>> conflicts(const std::string& assessmentId) = 0;
    virtual Result<std::vector<store::IndicatorHead>> latestObservations(const std::string& assessmentId) = 0;
    virtual Result<store::Evidence> evidence(const std::string& sha256) = 0;
    virtual StoreCounters counters() = 0;
    // Ops acknowledged early and not yet applied (0 for a store that applies before it acknowledges).
    virtual std::size_t intakeBacklogOps() { return 0; }
};

}  // namespace igmc::server
