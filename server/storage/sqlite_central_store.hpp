// The embedded central store: the core's SQLite store plus the sync tables of schema version 4.
// One connection behind a mutex: SQLite has one writer at a time anyway, and WAL keeps each
// commit short. Concurrent pushes are committed in groups (commitInGroup).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storage/central_store.hpp"
#include "storage/intake_log.hpp"
#include "protocol/write_rules.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace igmc::server {

struct CentralStoreOptions {
    // Ops stamped further ahead of the server's clock than this are refused (a device with a
    // wildly wrong clock must not drag every HLC forward).
    std::chrono::hours maxClockSkew{48};
    // The store's page cache: the central record is read and written by every device.
    int cacheKiB = 32 * 1024;
    // Copy the WAL back every 40 MiB rather than every 4 MiB: pushes touch the same pages again
    // and again, and each checkpoint writes a page once however often it changed (igmc-bench
    // sync: push +20-35 %, 200 devices x 500 records 10-12 s -> 7.5-8.7 s).
    int walAutocheckpointKiB = 40 * 1024;
    // The page cache of the connection pulls read on.
    int readerCacheKiB = 8 * 1024;
    // How long a push waits for the batch it names with Sync-After-Op to arrive.
    std::chrono::milliseconds predecessorWait{10'000};
    // Pushes whose device takes early acks (Sync-Early-Ack) and that are sure to apply are
    // acknowledged once durable in the intake log beside the store, and applied behind; false: every
    // push is applied before it is acknowledged.
    bool intake = true;
    // Tests: nothing applies the intake behind, as if the server stopped after acknowledging.
    bool applyIntake = true;
    // How long a read of the record waits for the pushes acknowledged before it to be applied.
    std::chrono::milliseconds intakeWait{60'000};
};

class SqliteCentralStore final : public CentralStore {
public:
    static Result<std::unique_ptr<SqliteCentralStore>> open(const std::string& path, CentralStoreOptions options = {});
    // Applies what the intake holds before it returns (a graceful stop leaves nothing behind).
    ~SqliteCentralStore() override;

    Result<std::string> createEnrollmentCode(Role role, const Scope& scope, const std::string& label, std::chrono::hours validity) override;
    Result<Enrollment> enroll(const std::string& code, const std::string& deviceName) override;
    Result<Device> authenticate(const std::string& token) override;
    Result<void> revokeDevice(const std::string& deviceId) override;
    Result<Device> setDeviceScope(const std::string& deviceId, const Scope& scope) override;
    Result<std::vector<Device>> devices() override;
    Result<bool> hasAdmin() override;

    Result<sync::PushResponse> push(const Device& device, const std::vector<sync::Op>& ops,
                                    std::vector<sync::DecodedRecord> records, const std::string& afterOp,
                                    std::string_view earlyAckBody = {}) override;
    Result<sync::PullResponse> pull(const Device& device, std::int64_t after, std::int64_t limit) override;
    Result<EncodedPage> pullEncoded(const Device& device, std::int64_t after, std::int64_t limit) override;
    Result<std::int64_t> scopeEpoch(const Device& device) override;
    Result<void> noteSyncReport(const Device& device, const std::string& problemsJson) override;

    Result<store::Partner> addPartner(const store::Partner& partner) override;
    Result<store::Site> addSite(const store::Site& site) override;
    Result<store::Assessment> addAssessment(const store::Assessment& assessment) override;
    Result<store::Assignment> assign(const store::Assignment& assignment) override;
    Result<store::SurveyDefinition> addSurveyDefinition(const store::SurveyDefinition& definition) override;
    Result<store::Membership> addMembership(const store::Membership& membership) override;
    Result<store::Membership> recordPayment(const std::string& membershipId, const std::string& paidOn) override;
    Result<store::TrainingVisit> addTrainingVisit(const store::TrainingVisit& visit) override;
    Result<std::vector<store::Observation>> publishSurveyObservations(const std::string& surveyId, int version,
                                                                      const std::string& assessmentId) override;

    Result<std::vector<store::Assessment>> visibleAssessments(const Device& device) override;
    Result<std::vector<store::SurveyDefinition>> surveyDefinitions() override;
    Result<survey::SurveyResults> surveyResults(const std::string& surveyId, std::optional<int> version,
                                                const std::optional<std::string>& siteId) override;
    Result<store::Partner> partner(const std::string& partnerId) override;
    Result<store::Site> site(const std::string& siteId) override;
    Result<std::vector<store::Membership>> memberships(const std::string& partnerId) override;
    Result<TrainingDayStatus> trainingDay(const std::string& partnerId, Date date) override;
    Result<std::vector<store::Conflict>> conflicts(const std::string& assessmentId) override;
    Result<std::vector<store::IndicatorHead>> latestObservations(const std::string& assessmentId) override;
    Result<store::Evidence> evidence(const std::string& sha256) override;
    StoreCounters counters() override;
    std::size_t intakeBacklogOps() override;

    store::Store& store() { return *m_store; }
    // Blocks until every push acknowledged from the intake so far is applied (Unavailable after
    // CentralStoreOptions::intakeWait). Every read of the record and every other write does this
    // first, so none can tell an early ack from a late one.
    Result<void> waitForIntake();

private:
    // The rows of a page `device` may see after `after`, read on m_reader (under m_readMutex).
    Result<store::Statement> pullStatement(const Device& device, std::int64_t after, std::int64_t limit);
    // Reads a page in one read transaction on m_reader: `row` is called for each of its ops (the
    // statement positioned on it); returns the cursor after the page and whether there is more.
    template <typename Row>
    Result<std::pair<std::int64_t, bool>> readPage(const Device& device, std::int64_t after, std::int64_t limit, Row&& row);
    SqliteCentralStore(std::unique_ptr<store::Store> store, std::unique_ptr<store::Store> reader, CentralStoreOptions options)
        : m_store(std::move(store)), m_reader(std::move(reader)), m_options(options)
    {
    }
    // The pusher as the write rules see it (protocol/write_rules.hpp), its author id bound by this
    // push if it is its first.
    Result<sync::Pusher> pusherOf(const Device& device, const std::vector<sync::Op>& ops, const std::vector<sync::DecodedRecord>& records);
    Result<std::string> authorIdOf(const Device& device, const std::string& claimed);
    // What the device may see now, as one text: equal texts, equal scopes.
    Result<std::string> scopeFingerprint(const Device& device);
    // An op id already logged: its seq when it is this device's own op sent again; else 409.
    Result<std::int64_t> sentBefore(const Device& device, const sync::Op& op);
    // A version already stored arrived again: 409 unless its content is the stored one's.
    Result<void> sameAsStored(const Device& device, const sync::Op& op, const store::Observation& incoming);
    Result<std::set<std::string>> visibleAssessmentIds(const Device& device);
    static Result<std::set<std::string>> visibleAssessmentIds(store::Store& from, const Device& device);
    struct QueuedPush {
        const Device* device;
        const std::vector<sync::Op>* ops;
        std::vector<sync::DecodedRecord>* records;  // decoded with the push, or while it was checked
        const std::string* afterOp;  // empty: none
        std::optional<Result<sync::PushResponse>> result;  // set, under m_queueMutex, once its group is written
        // m_queueChanges when it was last found waiting for its afterOp: not tried again until
        // something changed.
        std::optional<std::uint64_t> waitingSince;
        std::chrono::steady_clock::time_point deadline;  // for a push with an afterOp: when it stops waiting
    };
    // A group holds every push queued when its writer starts, up to this many ops (a bound on
    // the transaction, and on how long the first push of a group waits for the last).
    static constexpr std::size_t kMaxGroupOps = 20'000;
    // What a push must be before it waits for the writer (each op well-formed, clocks in range).
    Result<void> checkPush(const std::vector<sync::Op>& ops, std::vector<sync::DecodedRecord>& records) const;
    Result<sync::PushResponse> commitInGroup(const Device& device, const std::vector<sync::Op>& ops,
                                             std::vector<sync::DecodedRecord>& records, const std::string& afterOp);
    // Whether a queued push may be written now (called under m_queueMutex).
    [[nodiscard]] bool writable(const QueuedPush& push) const;
    // Answers, and takes out of the queue, the pushes whose wait for their afterOp is over (called
    // under m_queueMutex, by whichever thread looks at the queue).
    void expireWaits(std::chrono::steady_clock::time_point now);
    // Takes the writable pushes off the queue, in order, up to kMaxGroupOps (under m_queueMutex).
    std::vector<QueuedPush*> takeGroup();
    // One result per push of the group, in order, or none for a push whose afterOp is not in the
    // log yet (it stays queued); reads the group's pushes, writes none of them.
    std::vector<std::optional<Result<sync::PushResponse>>> writeGroup(const std::vector<QueuedPush*>& group);
    // One attempt, with or without a savepoint per push; none when a push failed without one.
    std::optional<std::vector<std::optional<Result<sync::PushResponse>>>> writeGroupOnce(const std::vector<QueuedPush*>& group, bool savepoints);
    // Whether the op is in the op log (or written earlier in the transaction).
    Result<bool> logged(const std::string& opId);
    // One push inside the group's transaction; `delta` counts what it did.
    // `authorized`: checked when it was taken into the intake (the device's assignments may have
    // changed since; what was acknowledged is applied).
    Result<sync::PushResponse> applyPush(const Device& device, const std::vector<sync::Op>& ops, std::vector<sync::DecodedRecord>& records,
                                         StoreCounters& delta, bool authorized = false);

    // ---- The intake (CentralStoreOptions::intake)
    struct PendingEntry {
        IntakeLog::Ref ref;
        std::size_t ops = 0;
        std::vector<std::string> versions;  // observation ids it adds, for later pushes naming them as parents
        std::string firstOp;  // a batch sent again starts with it
        std::string lastOp;  // a push names it with Sync-After-Op
    };
    // Acks for a push taken into the intake, or none when it must be applied first (it might be
    // refused, or depends on a push not applied yet).
    std::optional<Result<sync::PushResponse>> takeIn(const Device& device, const std::vector<sync::Op>& ops,
                                                     std::vector<sync::DecodedRecord>& records, const std::string& afterOp,
                                                     std::string_view body);
    // Whether applying a push cannot fail, as far as the record shows.
    struct IntakeCheck {
        bool sure = false;
        std::vector<std::uint64_t> keys;  // each version's indicator (headKey)
        std::vector<std::size_t> parentsInIntake;  // versions whose parent is not stored: it must be in the intake
        bool afterOpPending = false;  // Sync-After-Op names an op not stored: it must be in the intake
    };
    Result<IntakeCheck> checkAgainstRecord(const Device& device, const std::vector<sync::Op>& ops,
                                           const std::vector<sync::DecodedRecord>& records, const std::string& afterOp);
    // The rest of the check, against what the intake holds (under m_intakeMutex); `applied`: some
    // of it was applied since the check, so what is not in the intake is looked for in the record.
    [[nodiscard]] bool sureWithIntake(const IntakeCheck& check, const std::vector<sync::Op>& ops,
                                      const std::vector<sync::DecodedRecord>& records, const std::string& afterOp, bool applied);
    // Read on m_reader (taking m_readMutex).
    Result<bool> loggedOnReader(const std::string& opId);
    Result<std::optional<std::pair<std::string, std::string>>> storedIndicatorOnReader(const std::string& observationId);
    Result<void> openIntake(const std::string& path);
    void applyIntakeBehind();
    [[nodiscard]] std::vector<IntakeLog::Ref> nextIntakeGroup(bool oneByOne) const;
    void forgetApplied(std::size_t done);
    // Applies the entries in one transaction (each in its own, when one fails); one that cannot
    // be applied is kept in intake_refused, never dropped. Returns how many are done, in order:
    // fewer than all when the store failed (`failure`), and the rest are tried again later.
    // Takes m_mutex.
    std::size_t applyEntries(std::vector<IntakeLog::Entry>& entries, std::optional<Error>& failure);
    Result<void> commitEntries(std::vector<IntakeLog::Entry>& entries, std::size_t from, std::size_t to);
    Result<void> commitEntriesOnce(std::vector<IntakeLog::Entry>& entries, std::size_t from, std::size_t to);
    // The entries acknowledged before the server stopped, before it serves anything.
    Result<void> applyAtStart(const std::vector<IntakeLog::Ref>& refs);
    Result<void> applyEntry(IntakeLog::Entry& entry, StoreCounters& delta);
    Result<void> keepRefusedEntry(const IntakeLog::Entry& entry, const Error& why);

    // The last ops of recently refused pushes, so a push sent after one of them is refused at once.
    void noteRefused(const std::vector<sync::Op>& ops, const Error& why);
    [[nodiscard]] bool refused(const std::string& opId);
    // Appends a pushed op to the op log; false when its op id is already there (a retry).
    Result<bool> logOp(const Device& device, const sync::Op& op, const sync::OpScope& scope, const std::string& receivedAt,
                       const sync::DecodedRecord& record);
    Result<void> keepPayload(std::int64_t seq, const sync::Op& op, const sync::DecodedRecord& record);
    // Copies the store's journal entries written since `afterSeq` into the op log (server-made records).
    Result<void> publishJournal(std::int64_t afterSeq);
    Result<TrainingDayStatus> trainingDayLocked(const std::string& partnerId, Date date);
    Result<survey::SurveyResults> resultsLocked(const std::string& surveyId, std::optional<int> version, const std::optional<std::string>& siteId);
    template <typename T, typename Write>
    Result<T> publish(Write&& write);

    std::mutex m_mutex;
    // Devices known by their token's hash, so a request is authenticated without waiting for the
    // store while a group commit holds it (a push's token is checked before its body is read).
    // Filled and emptied only under m_mutex too, so a revocation never races a lookup from disk.
    std::mutex m_devicesMutex;
    std::unordered_map<std::string, Device> m_devicesByToken;
    std::mutex m_queueMutex;  // guards m_queue and m_writing; never held while writing
    std::condition_variable m_queueChanged;
    std::deque<QueuedPush*> m_queue;
    bool m_writing = false;
    std::uint64_t m_queueChanges = 0;  // groups written and pushes refused, for QueuedPush::waitingSince
    std::mutex m_refusedMutex;
    std::deque<std::string> m_refusedOrder;  // oldest first, at most kRefusedKept
    std::set<std::string> m_refused;
    static constexpr std::size_t kRefusedKept = 4096;
    std::unique_ptr<store::Store> m_store;
    // A second, read-only connection for pulls: they read the last commit, and never wait for a
    // group being written on m_store (WAL lets both go on at once).
    std::mutex m_readMutex;
    std::unique_ptr<store::Store> m_reader;
    CentralStoreOptions m_options;
    StoreCounters m_counters;

    std::unique_ptr<IntakeLog> m_intake;
    std::mutex m_intakeMutex;  // guards what follows, and m_intake's order with m_pending's
    std::condition_variable m_intakeChanged;
    std::deque<PendingEntry> m_pending;  // written to the intake, not yet applied; in order
    std::unordered_map<std::string_view, std::uint64_t> m_pendingVersions;  // observation id -> its indicator (headKey)
    std::size_t m_pendingOps = 0;
    int m_takingIn = 0;  // pushes being checked, written and synced
    // Devices taking pushes in, and when they last began or ended one (pruned past kIntakeQuiet).
    std::unordered_map<std::string, std::chrono::steady_clock::time_point> m_recentPushers;
    [[nodiscard]] bool devicesPushingTogether();
    int m_waitingForIntake = 0;  // reads in waitForIntake, and pushes applied before their ack
    // Counts a push being taken in, for as long as it lives.
    class TakingIn {
    public:
        TakingIn(SqliteCentralStore& store, const std::string& deviceId);
        ~TakingIn();
        TakingIn(const TakingIn&) = delete;
        TakingIn& operator=(const TakingIn&) = delete;
        // m_appliedThrough when it began.
        [[nodiscard]] std::uint64_t appliedThrough() const { return m_appliedThrough; }

    private:
        SqliteCentralStore& m_store;
        const std::string& m_deviceId;
        std::uint64_t m_appliedThrough = 0;
    };
    // Counts a push that waits for the intake to be applied before it is written.
    class WaitingForIntake {
    public:
        explicit WaitingForIntake(SqliteCentralStore& store);
        ~WaitingForIntake();
        WaitingForIntake(const WaitingForIntake&) = delete;
        WaitingForIntake& operator=(const WaitingForIntake&) = delete;

    private:
        SqliteCentralStore& m_store;
    };
    std::unordered_multiset<std::string> m_pendingEnds;  // the first and last op of each pending entry
    std::uint64_t m_appliedThrough = 0;  // the last intake entry applied
    bool m_stopping = false;
    std::atomic<std::int64_t> m_takenIn{0};
    std::thread m_applier;
};

}  // namespace igmc::server
