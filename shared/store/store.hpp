// The durable local store: every record of schema.cpp behind one typed API, used as is by devices
// (offline for days) and by the server (the central record).
//
// Invariants:
//  1. Every write is one SQLite transaction that also appends its journal entry; a write is
//     acknowledged (the call returns success) only after COMMIT, which with synchronous=FULL in
//     WAL mode is durable across power loss.
//  2. Observations are immutable versions; an edit is a new version naming its parent. The view
//     observation_heads always holds exactly the versions no other version names as parent.
//  3. The journal is append-only and ordered by seq; each entry carries a UUIDv7 op id and the
//     HLC timestamp of the change. The HLC is seeded from the journal on open, so it never runs
//     backwards across restarts even if the wall clock does.
//  4. A failed write (constraint, disk full, read-only file) leaves the store exactly as before.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/hybrid_clock.hpp"
#include "core/result.hpp"
#include "registry/partner_rules.hpp"
#include "store/records.hpp"
#include "store/sqlite_database.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace igmc::store {

// What applying a version received from elsewhere did.
struct RemoteObservationResult {
    bool inserted = false;  // false: this version was already here
    bool conflict = false;  // its parent already had another child: both kept, conflict recorded
};

struct Conflict {
    std::string id;
    std::string assessmentId;
    std::string indicatorCode;
    std::string parentId;
    std::vector<std::string> observationIds;  // the competing heads
    std::string detectedAt;
    std::optional<std::string> resolvedAt;
};

// A partner's annual training day on a date, and the visits that decide it.
struct TrainingDay {
    registry::TrainingDayCheck check;
    std::vector<TrainingVisit> visits;
};

struct StoreOptions {
    OpenOptions database;
    // Physical clock for the HLC (Unix ms); the system clock when empty. Tests inject skew here.
    HybridClock::PhysicalClock clock;
};

// The columns of an observation row (table alias o) in the order appendObservationJson reads them.
inline constexpr const char* kObservationColumns =
    "o.id, o.parent_id, o.assessment_id, o.indicator_code, o.value_json, o.na_reason, o.unit, o.method, o.note, o.observed_at, "
    "o.latitude, o.longitude, o.accuracy_m, o.inspector, o.device_id, o.hlc, o.recorded_at";
// record_json's toJson(Observation) as text, written straight from a row whose columns from
// `first` on are kObservationColumns (for the wire: neither a record nor a JSON tree is built).
void appendObservationJson(std::string& out, const Statement& row, int first = 0);
// The same text from a record: what the row above gives once the record is stored.
void appendObservationJson(std::string& out, const Observation& record);

class Store {
public:
    static Result<std::unique_ptr<Store>> open(const std::string& path, const StoreOptions& options = {});

    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    [[nodiscard]] const std::string& deviceId() const { return m_deviceId; }
    [[nodiscard]] const std::string& path() const { return m_db.path(); }
    Database& database() { return m_db; }
    HybridClock& clock() { return m_clock; }

    // ---- Partner registry
    Result<Partner> addPartner(Partner partner);
    Result<Partner> partner(const std::string& id);
    Result<std::vector<Partner>> partners();
    // `membership.fee` must come from registry::computeFee for this partner.
    Result<Membership> addMembership(Membership membership);
    Result<Membership> recordPayment(const std::string& membershipId, const std::string& paidOn);
    Result<Membership> membership(const std::string& id);
    Result<std::vector<Membership>> memberships(const std::string& partnerId);
    Result<PilotProject> nominatePilot(PilotProject pilot);
    Result<PilotProject> reviewPilot(const std::string& id, registry::PilotAction action, const std::string& reviewer,
                                     const std::string& note);
    Result<PilotProject> pilot(const std::string& id);
    Result<std::vector<PilotProject>> pilots();

    // ---- Sites, assessments, assignments
    Result<Site> addSite(Site site);
    Result<Site> site(const std::string& id);
    Result<std::vector<Site>> sites();
    Result<Assessment> addAssessment(Assessment assessment);
    Result<Assessment> assessment(const std::string& id);
    Result<std::vector<Assessment>> assessments();
    Result<Assessment> setAssessmentStatus(const std::string& id, AssessmentStatus status);
    Result<Assignment> assign(Assignment assignment);
    Result<std::vector<Assignment>> assignmentsOf(const std::string& inspector);

    // ---- Observations (immutable versions)
    // What a version must be to be stored (a value or an N/A reason, indicator, inspector, times, location).
    static Result<void> checkObservation(const Observation& observation);
    // Fills id, hlc, recordedAt and deviceId when empty. The parent, if any, must be a version of
    // the same assessment and indicator.
    Result<Observation> recordObservation(Observation observation);
    // Many versions in one transaction (an import, a sync batch): all or none.
    Result<std::vector<Observation>> recordObservations(std::vector<Observation> observations);
    Result<Observation> observation(const std::string& id);
    // The versions as record_json's toJson would serialise them, in the order asked, read in one
    // statement (a push batch); NotFound when one is missing.
    Result<std::vector<std::string>> observationsJson(const std::vector<std::string>& ids);
    Result<std::vector<IndicatorHead>> latestObservations(const std::string& assessmentId);
    Result<std::vector<Observation>> history(const std::string& assessmentId, const std::string& indicatorCode);
    // The heads as scoring input (provisional heads where there is a conflict).
    Result<scoring::AssessmentValues> assessmentValues(const std::string& assessmentId);

    // ---- Evidence (metadata; the bytes live in an evidence::BlobStore, named by the same hash)
    Result<Evidence> addEvidence(Evidence evidence);
    Result<void> linkEvidence(const std::string& sha256, const std::string& observationId);
    Result<Evidence> evidence(const std::string& sha256);
    Result<std::vector<Evidence>> evidenceFor(const std::string& observationId);

    // ---- Surveys and training visits
    Result<SurveyDefinition> addSurveyDefinition(SurveyDefinition definition);
    Result<std::vector<SurveyDefinition>> surveyDefinitions();
    Result<SurveyDefinition> surveyDefinition(const std::string& id, int version);
    Result<SurveyResponse> addSurveyResponse(SurveyResponse response);
    Result<std::int64_t> countSurveyResponses(const std::string& surveyId);
    Result<TrainingVisit> addTrainingVisit(TrainingVisit visit);
    Result<TrainingVisit> trainingVisit(const std::string& id);
    Result<std::vector<TrainingVisit>> trainingVisits(const std::string& partnerId);
    Result<Attendance> addAttendance(Attendance attendance);
    Result<std::vector<Attendance>> attendance(const std::string& visitId);
    // Keeps the visit's notes and site walk on the device while it is planned (not journaled: the
    // completion carries the final text).
    Result<TrainingVisit> saveVisitDraft(const std::string& id, const std::string& notes, const std::string& walkJson);
    Result<TrainingVisit> completeTrainingVisit(const std::string& id, const std::optional<std::string>& reportSha256);
    // Anonymous like a response: random id, only the hour.
    Result<SurveyRejection> addSurveyRejection(SurveyRejection rejection);
    Result<SurveyResponse> surveyResponse(const std::string& id);
    Result<std::vector<SurveyResponse>> surveyResponses(const std::string& surveyId, int version, const std::optional<std::string>& siteId);
    Result<std::map<std::string, std::int64_t>> surveyRejectionCounts(const std::string& surveyId, int version,
                                                                      const std::optional<std::string>& siteId);
    Result<std::int64_t> countResponsesInHour(const std::string& siteId, const std::string& hour);
    // Responses of a site submitted in the hours from `firstHour` to `lastHour`, both included.
    Result<std::int64_t> countResponses(const std::string& siteId, const std::string& firstHour, const std::string& lastHour);
    // The response and its link to the session, in one transaction.
    Result<TrainingFeedback> addTrainingFeedback(TrainingFeedback feedback, SurveyResponse response);
    Result<std::vector<TrainingFeedback>> trainingFeedback(const std::string& visitId);
    // registry::checkTrainingDay over the partner's memberships and visits as stored here.
    Result<TrainingDay> trainingDay(const std::string& partnerId, Date date, const std::string& visitId = {});

    // ---- Journal
    Result<std::vector<JournalEntry>> journal(std::int64_t afterSeq, std::int64_t limit);
    // The same, with each observation version's row as JSON text (versionJson), read in the same
    // statement: what a push batch sends. NotFound when a version is missing.
    Result<std::vector<JournalEntry>> journalForPush(std::int64_t afterSeq, std::int64_t limit);
    Result<std::int64_t> lastJournalSeq();
    // Ids of the entities of one kind and action journaled after `afterSeq` (e.g. evidence not yet pushed).
    Result<std::vector<std::string>> journalEntityIds(std::int64_t afterSeq, const std::string& entity, const std::string& action);

    // ---- Sync support
    // Stores a version that was created elsewhere (pulled, or pushed to the server): not journaled,
    // idempotent, keeps its id, device and HLC, and records a conflict when its parent already has
    // another child. Inside a caller's transaction a failure must abort that transaction (no
    // savepoint of its own: batches are all or nothing anyway).
    // A missing recorded_at is filled in `observation` as stored.
    Result<RemoteObservationResult> applyRemoteObservation(Observation& observation);
    Result<std::vector<Conflict>> conflicts(const std::string& assessmentId);
    Result<std::optional<std::string>> meta(const std::string& key);
    Result<void> setMeta(const std::string& key, const std::string& value);

    // While a RemoteScope is alive, writes through this store are not journaled: they came from
    // elsewhere and must not be pushed back.
    class RemoteScope {
    public:
        explicit RemoteScope(Store& store) : m_store(store), m_previous(store.m_remote) { store.m_remote = true; }
        ~RemoteScope() { m_store.m_remote = m_previous; }
        RemoteScope(const RemoteScope&) = delete;
        RemoteScope& operator=(const RemoteScope&) = delete;

    private:
        Store& m_store;
        bool m_previous;
    };
    [[nodiscard]] bool applyingRemote() const { return m_remote; }

    // Whether any tombstone is stored: asked once per write transaction (nothing else writes while
    // it is open), not for every op applied, since nearly every store has none. Outside a write
    // transaction it asks every time. Whoever writes a tombstone says so with noteTombstone().
    Result<bool> anyTombstones();
    void noteTombstone() { m_anyTombstones = true; }

private:
    Store(Database db, std::string deviceId, HybridClock clock);

    // Appends one journal entry in the caller's transaction.
    // `recordedAt` empty: now.
    Result<void> appendJournal(const std::string& entity, const std::string& entityId, const std::string& action,
                               const std::string& payload, const std::string& hlc, const std::string& recordedAt = {});
    // For anonymous records: a random op id, and the clock stamp and time coarsened to `hour`
    // ("YYYY-MM-DDTHH:00:00Z"), so the journal (and the op pushed from it) does not reveal the moment.
    Result<void> appendAnonymousJournal(const std::string& entity, const std::string& entityId, const std::string& payload,
                                        const std::string& hour);
    Result<void> insertObservation(Observation& observation, bool* conflict = nullptr, bool* known = nullptr);
    bool observationExists(const std::string& id);
    // Returns true when the version starts a concurrent branch (a conflict, recorded).
    Result<bool> updateHeads(const Observation& observation);
    Result<bool> claimIndicator(const Observation& firstVersion);
    Result<bool> advanceHead(const Observation& edit);
    Result<void> checkParent(const Observation& observation);
    Result<void> addBranchHead(const Observation& observation);
    Result<void> recordConflict(const Observation& observation);
    // Stamps a mutable field with the HLC of its local change, so an older change pulled later
    // does not overwrite it (invariant 3 of sync/protocol/op_apply.hpp).
    Result<void> touchField(const std::string& entity, const std::string& entityId, const std::string& field, const std::string& hlc);
    Result<void> insertEvidenceLink(const std::string& sha256, const std::string& observationId);

    // The main head of each indicator the write transaction touched (the indicator_heads row),
    // written when it commits (Database::WriteBehind). A pulled page or a push edits the same
    // indicators many times, and updating the row for every version was a quarter of storing one.
    class HeadCache final : public WriteBehind {
    public:
        struct Entry {
            std::string assessmentId;
            std::string indicatorCode;
            std::optional<std::string> head;  // none: the indicator has no version yet (unless `unread`)
            bool dirty = false;
            bool unread = false;  // the indicator has a head, not read yet: only find() reads it
        };
        explicit HeadCache(Database& db) : m_db(db) {}
        // The indicator's entry if the transaction has read or written it, else null.
        Entry* known(const std::string& assessmentId, const std::string& indicatorCode);
        // The indicator's entry, read from the store the first time the transaction asks.
        Result<Entry*> find(const std::string& assessmentId, const std::string& indicatorCode);
        // An entry for a head the caller has just written to the store (`observationId`), or found
        // there without reading it (none).
        void remember(const std::string& assessmentId, const std::string& indicatorCode, std::optional<std::string> observationId);
        void setHead(Entry& entry, const std::string& observationId);
        Result<void> flush() override;
        void forget() override;

    private:
        Database& m_db;
        std::unordered_map<std::string, Entry> m_entries;  // by assessment id, '\x1f', indicator code
        std::vector<Entry*> m_dirty;
        std::string m_key;
    };

    Database m_db;
    HeadCache m_heads{m_db};
    std::string m_deviceId;
    HybridClock m_clock;
    bool m_remote = false;
    bool m_anyTombstones = true;
    std::uint64_t m_tombstonesKnownIn = 0;  // the write transaction m_anyTombstones was read in
};

}  // namespace igmc::store
