// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite_central_store.hpp"

#include "survey/survey.hpp"

#include "core/calendar.hpp"
#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "protocol/direct_decoder.hpp"
#include "protocol/op_apply.hpp"
#include "store/record_json.hpp"
#include "log/json_log.hpp"

#include <boost/json/parse.hpp>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <boost/json/serialize.hpp>

namespace igmc::server {

namespace {

using store::Statement;

Error forbidden(const std::string& message)
{
    return makeError(ErrorCode::Forbidden, message);
}

Result<Device> readDevice(const Statement& s)
{
    Device d;
    d.id = s.text(0);
    d.name = s.text(1);
    d.role = parseRole(s.text(2)).value_or(Role::Kiosk);
    boost::system::error_code ec;
    const auto scope = boost::json::parse(s.text(3), ec);
    if (!ec && scope.is_object()) {
        if (auto parsed = Scope::fromJson(scope.get_object()))
            d.scope = *parsed;
    }
    d.revoked = !s.isNull(4);
    d.authorId = s.text(5);
    d.lastSyncAt = s.text(6);
    d.problemsJson = s.text(7);
    return d;
}

// The store failed (a full disk, a lock, an exception), not the push: it may pass when tried again.
bool failureOfTheStore(const Error& error)
{
    return error.code == ErrorCode::StorageError || error.code == ErrorCode::Internal || error.code == ErrorCode::IoError
           || error.code == ErrorCode::Unavailable || error.code == ErrorCode::Cancelled;
}

std::uint64_t nowMillis()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

Result<std::unique_ptr<SqliteCentralStore>> SqliteCentralStore::open(const std::string& path, CentralStoreOptions options)
{
    store::StoreOptions storeOptions;
    storeOptions.database.cacheKiB = options.cacheKiB;
    storeOptions.database.walAutocheckpointKiB = options.walAutocheckpointKiB;
    auto opened = store::Store::open(path, storeOptions);
    if (!opened)
        return opened.error();
    store::StoreOptions readerOptions;
    readerOptions.database.readOnly = true;
    readerOptions.database.cacheKiB = options.readerCacheKiB;
    auto reader = store::Store::open(path, readerOptions);
    if (!reader)
        return reader.error();
    auto central = std::unique_ptr<SqliteCentralStore>(new SqliteCentralStore(std::move(opened).value(), std::move(reader).value(), options));
    if (options.intake && path != ":memory:") {
        if (auto started = central->openIntake(path + "-intake"); !started)
            return started.error();
    }
    return central;
}

SqliteCentralStore::~SqliteCentralStore()
{
    {
        std::lock_guard lock(m_intakeMutex);
        m_stopping = true;
    }
    m_intakeChanged.notify_all();
    if (m_applier.joinable())
        m_applier.join();
}

// ---- Devices

Result<std::string> SqliteCentralStore::createEnrollmentCode(Role role, const Scope& scope, const std::string& label,
                                                            std::chrono::hours validity)
{
    const std::string code = newEnrollmentCode();
    const auto expires = formatTimestamp(std::chrono::system_clock::now() + validity);
    std::lock_guard lock(m_mutex);
    auto stmt = m_store->database().prepare(
        "INSERT INTO enrollment_codes (code_hash, role, scope_json, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    if (auto done = stmt->execute(hashSecret(normaliseEnrollmentCode(code)), std::string(toString(role)),
                                  boost::json::serialize(scope.toJson()), label, nowUtcTimestamp(), expires);
        !done)
        return done.error();
    return code;
}

Result<Enrollment> SqliteCentralStore::enroll(const std::string& code, const std::string& deviceName)
{
    std::lock_guard lock(m_mutex);
    auto& db = m_store->database();
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto find = db.prepare("SELECT role, scope_json, expires_at, used_at FROM enrollment_codes WHERE code_hash = ?");
    if (!find)
        return find.error();
    find->bindAll(hashSecret(normaliseEnrollmentCode(code)));
    auto row = find->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::Unauthorized, "this enrollment code is not known; check it or ask for a new one");
    if (!find->isNull(3))
        return makeError(ErrorCode::Unauthorized, "this enrollment code was already used; ask for a new one");
    if (find->text(2) < nowUtcTimestamp())
        return makeError(ErrorCode::Unauthorized, "this enrollment code has expired; ask for a new one");
    Enrollment enrollment;
    enrollment.device.id = newUuidV7();
    enrollment.device.name = deviceName.empty() ? "device" : deviceName;
    enrollment.device.role = parseRole(find->text(0)).value_or(Role::Kiosk);
    const std::string scopeJson = find->text(1);
    boost::system::error_code ec;
    if (const auto scope = boost::json::parse(scopeJson, ec); !ec && scope.is_object()) {
        if (auto parsed = Scope::fromJson(scope.get_object()))
            enrollment.device.scope = *parsed;
    }
    enrollment.token = newToken();
    auto insert = db.prepare("INSERT INTO devices (id, name, role, scope_json, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    if (auto done = insert->execute(enrollment.device.id, enrollment.device.name, std::string(toString(enrollment.device.role)), scopeJson,
                                    hashSecret(enrollment.token), nowUtcTimestamp());
        !done)
        return done.error();
    auto used = db.prepare("UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?");
    if (!used)
        return used.error();
    if (auto done = used->execute(nowUtcTimestamp(), enrollment.device.id, hashSecret(normaliseEnrollmentCode(code))); !done)
        return done.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return enrollment;
}

Result<Device> SqliteCentralStore::authenticate(const std::string& token)
{
    const auto tokenHash = hashSecret(token);
    {
        std::lock_guard known(m_devicesMutex);
        if (auto found = m_devicesByToken.find(tokenHash); found != m_devicesByToken.end())
            return found->second;
    }
    std::lock_guard lock(m_mutex);
    auto stmt = m_store->database().prepare("SELECT id, name, role, scope_json, revoked_at, coalesce(author_id, ''), coalesce(last_seen_at, ''), coalesce(problems_json, '[]') FROM devices WHERE token_hash = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(tokenHash);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return makeError(ErrorCode::Unauthorized, "the bearer token is not valid; enroll this device again");
    auto device = readDevice(*stmt);
    if (device && device->revoked)
        return makeError(ErrorCode::Unauthorized, "this device's access was revoked; ask an administrator");
    if (device) {
        std::lock_guard known(m_devicesMutex);
        m_devicesByToken.emplace(tokenHash, *device);
    }
    return device;
}

Result<void> SqliteCentralStore::revokeDevice(const std::string& deviceId)
{
    std::lock_guard lock(m_mutex);
    auto stmt = m_store->database().prepare("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    if (!stmt)
        return stmt.error();
    if (auto done = stmt->execute(nowUtcTimestamp(), deviceId); !done)
        return done;
    {
        std::lock_guard known(m_devicesMutex);
        std::erase_if(m_devicesByToken, [&deviceId](const auto& entry) { return entry.second.id == deviceId; });
    }
    if (m_store->database().changes() == 0)
        return makeError(ErrorCode::NotFound, "no active device with id \"" + deviceId + "\"");
    return {};
}

Result<Device> SqliteCentralStore::setDeviceScope(const std::string& deviceId, const Scope& scope)
{
    {
        std::lock_guard lock(m_mutex);
        auto stmt = m_store->database().prepare("UPDATE devices SET scope_json = ? WHERE id = ? AND revoked_at IS NULL");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->execute(boost::json::serialize(scope.toJson()), deviceId); !done)
            return done.error();
        if (m_store->database().changes() == 0)
            return makeError(ErrorCode::NotFound, "no active device with id \"" + deviceId + "\"");
    }
    {
        std::lock_guard known(m_devicesMutex);  // its token is read again, with the new scope
        std::erase_if(m_devicesByToken, [&deviceId](const auto& entry) { return entry.second.id == deviceId; });
    }
    auto all = devices();
    if (!all)
        return all.error();
    for (auto& device : *all) {
        if (device.id == deviceId)
            return std::move(device);
    }
    return makeError(ErrorCode::NotFound, "no active device with id \"" + deviceId + "\"");
}

Result<std::vector<Device>> SqliteCentralStore::devices()
{
    std::lock_guard lock(m_mutex);
    auto stmt = m_store->database().prepare("SELECT id, name, role, scope_json, revoked_at, coalesce(author_id, ''), coalesce(last_seen_at, ''), coalesce(problems_json, '[]') FROM devices ORDER BY enrolled_at");
    if (!stmt)
        return stmt.error();
    std::vector<Device> list;
    while (true) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return list;
        auto device = readDevice(*stmt);
        if (!device)
            return device.error();
        list.push_back(std::move(device).value());
    }
}

Result<bool> SqliteCentralStore::hasAdmin()
{
    std::lock_guard lock(m_mutex);
    auto stmt = m_store->database().prepare(
        "SELECT (SELECT count(*) FROM devices WHERE role = 'admin' AND revoked_at IS NULL) + "
        "(SELECT count(*) FROM enrollment_codes WHERE role = 'admin' AND used_at IS NULL AND expires_at > ?)");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(nowUtcTimestamp());
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->integer(0) > 0;
}

// ---- Sync

Result<std::set<std::string>> SqliteCentralStore::visibleAssessmentIds(const Device& device)
{
    return visibleAssessmentIds(*m_store, device);
}

Result<std::set<std::string>> SqliteCentralStore::visibleAssessmentIds(store::Store& from, const Device& device)
{
    std::set<std::string> ids = device.scope.assessments;
    if (!device.scope.inspector.empty()) {
        auto assigned = from.assignmentsOf(device.scope.inspector);
        if (!assigned)
            return assigned.error();
        for (const auto& a : *assigned)
            ids.insert(a.assessmentId);
    }
    return ids;
}

namespace {

// The device id the push's records claim: a version's author, or a named op's device.
std::string claimedAuthor(const std::vector<sync::Op>& ops, const std::vector<sync::DecodedRecord>& records)
{
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (i < records.size() && records[i] && !records[i]->deviceId.empty())
            return records[i]->deviceId;
        if (!sync::isAnonymous(ops[i].entity) && !ops[i].deviceId.empty())
            return ops[i].deviceId;
    }
    return {};
}

}  // namespace

// A device's author id is bound by the first push that claims one, in that push's transaction;
// an id another active device already holds is refused, so no device authors in another's name.
Result<std::string> SqliteCentralStore::authorIdOf(const Device& device, const std::string& claimed)
{
    auto& db = m_store->database();
    static const store::CachedSql kBound("SELECT coalesce(author_id, '') FROM devices WHERE id = ?");
    auto bound = db.prepare(kBound);
    if (!bound)
        return bound.error();
    bound->bindAll(device.id);
    if (auto row = bound->step(); !row || !*row)
        return row ? makeError(ErrorCode::Unauthorized, "this device is no longer enrolled") : row.error();
    if (std::string id = bound->text(0); !id.empty() || claimed.empty())
        return id;
    static const store::CachedSql kHeld("SELECT id FROM devices WHERE author_id = ? AND id <> ? AND revoked_at IS NULL");
    auto held = db.prepare(kHeld);
    if (!held)
        return held.error();
    held->bindAll(claimed, device.id);
    auto row = held->step();
    if (!row)
        return row.error();
    if (*row) {
        logEvent("warn", "a push claimed another device's records", {{"device", device.id}, {"claimed", claimed}, {"holder", held->text(0)}});
        return forbidden("records of device " + claimed + " are pushed by another enrolled device; revoke that one first if this is the same tablet");
    }
    static const store::CachedSql kBind("UPDATE devices SET author_id = ? WHERE id = ? AND author_id IS NULL");
    auto bind = db.prepare(kBind);
    if (!bind)
        return bind.error();
    if (auto done = bind->execute(claimed, device.id); !done)
        return done.error();
    return claimed;
}

Result<sync::Pusher> SqliteCentralStore::pusherOf(const Device& device, const std::vector<sync::Op>& ops,
                                                 const std::vector<sync::DecodedRecord>& records)
{
    sync::Pusher pusher{device.role, device.scope, device.authorId, {}};
    if (pusher.authorId.empty()) {
        auto bound = authorIdOf(device, claimedAuthor(ops, records));
        if (!bound)
            return bound.error();
        pusher.authorId = std::move(bound).value();
    }
    if (device.role == Role::Inspector) {
        auto visible = visibleAssessmentIds(device);
        if (!visible)
            return visible.error();
        pusher.visibleAssessments = std::move(visible).value();
    }
    return pusher;
}

Result<sync::PushResponse> SqliteCentralStore::push(const Device& device, const std::vector<sync::Op>& ops,
                                                   std::vector<sync::DecodedRecord> records, const std::string& afterOp,
                                                   std::string_view earlyAckBody)
{
    auto checked = checkPush(ops, records);
    if (!checked) {
        noteRefused(ops, checked.error());
        std::lock_guard queue(m_queueMutex);
        ++m_queueChanges;  // a push queued to follow this one is refused now, not when its wait ends
        m_queueChanged.notify_all();
        return checked.error();
    }
    if (!earlyAckBody.empty() && m_intake && !ops.empty()) {
        if (auto taken = takeIn(device, ops, records, afterOp, earlyAckBody))
            return std::move(*taken);
    }
    // Applied after every push acknowledged before it: it may follow one of them. Until it is
    // written the intake is applied even while other pushes are taken in.
    const WaitingForIntake waiting(*this);
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    return commitInGroup(device, ops, records, afterOp);
}

Result<void> SqliteCentralStore::checkPush(const std::vector<sync::Op>& ops, std::vector<sync::DecodedRecord>& records) const
{
    // Checking an observation version decodes it (unless the push decoder did): kept for applying,
    // so it is decoded once, and here, before the push waits for the writer.
    if (records.size() != ops.size())
        records.assign(ops.size(), std::nullopt);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (auto ok = sync::checkOp(ops[i], &records[i]); !ok)
            return ok.error();
    }
    const auto horizon = nowMillis() + static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(m_options.maxClockSkew).count());
    for (const auto& op : ops) {
        if (sync::isAnonymous(op.entity)) {
            const auto stamp = HlcTimestamp::parse(op.hlc).value_or(HlcTimestamp{1, 1});
            if (stamp.wallMs % 3'600'000 != 0 || stamp.counter != 0 || !op.deviceId.empty())
                return makeError(ErrorCode::ValidationError, "op " + op.opId + " (" + op.entity
                                                                 + ") must be anonymous: no device id, and a clock stamp at the start of its hour");
        }
        if (HlcTimestamp::parse(op.hlc).value_or(HlcTimestamp{}).wallMs > horizon)
            return makeError(ErrorCode::ValidationError, "op " + op.opId + " is stamped more than "
                                                             + std::to_string(m_options.maxClockSkew.count())
                                                             + " hours ahead of the server's clock; fix the device's date and time");
    }
    return {};
}

// Group commit. A push that finds another being written waits; whoever finds no writer at work
// becomes it and writes every push queued by then in one transaction, each in its own savepoint
// (so one refused push leaves the others), commits once and hands each its acks. A group shares
// one fsync and one write of each page it touches instead of paying them per push.
// A push naming an op to follow (Sync-After-Op: a device sends its next batch while the server
// writes the one before) is written once that op is in the log, in the same group or a later
// one; until then it stays queued, tried again only when another group was written.
Result<sync::PushResponse> SqliteCentralStore::commitInGroup(const Device& device, const std::vector<sync::Op>& ops,
                                                            std::vector<sync::DecodedRecord>& records, const std::string& afterOp)
{
    QueuedPush mine{&device, &ops, &records, &afterOp, std::nullopt, std::nullopt, std::chrono::steady_clock::now() + m_options.predecessorWait};
    std::unique_lock queue(m_queueMutex);
    m_queue.push_back(&mine);
    while (!mine.result) {
        const auto now = std::chrono::steady_clock::now();  // one reading: expired here means answered here
        expireWaits(now);
        if (mine.result)
            break;
        if (m_writing || std::none_of(m_queue.begin(), m_queue.end(), [this](const QueuedPush* p) { return writable(*p); })) {
            // A push still waiting for its afterOp wakes at its deadline (a writer may answer it
            // first); past it, it is in a group being written, and waits for that like any other.
            if (afterOp.empty() || now >= mine.deadline)
                m_queueChanged.wait(queue);
            else
                m_queueChanged.wait_until(queue, mine.deadline);
            continue;
        }
        m_writing = true;
        auto group = takeGroup();
        queue.unlock();
        std::vector<std::optional<Result<sync::PushResponse>>> results;
        try {
            results = writeGroup(group);
        } catch (const std::exception& e) {
            // The transaction rolled back as the exception left it: nothing of the group is stored,
            // so no push of it may be acknowledged, and the next writer must not wait forever.
            results.assign(group.size(), makeError(ErrorCode::Internal, std::string("the push could not be written: ") + e.what()));
        } catch (...) {
            results.assign(group.size(), makeError(ErrorCode::Internal, "the push could not be written"));
        }
        queue.lock();
        // Only a group that answered a push changed anything a waiting push waits for: one where
        // every push still waits leaves them all not writable (else two of them would take turns
        // being written alone until their deadlines).
        if (std::any_of(results.begin(), results.end(), [](const auto& result) { return result.has_value(); }))
            ++m_queueChanges;
        // Published only under the queue's lock: a waiter that sees its result returns at once and
        // its QueuedPush is gone. Pushes still waiting for the op they follow go back, in order.
        std::vector<QueuedPush*> waiting;
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (results[i]) {
                group[i]->result = std::move(*results[i]);
                continue;
            }
            group[i]->waitingSince = m_queueChanges;
            waiting.push_back(group[i]);
        }
        m_queue.insert(m_queue.begin(), waiting.begin(), waiting.end());
        m_writing = false;
        m_queueChanged.notify_all();
    }
    return std::move(*mine.result);
}

bool SqliteCentralStore::writable(const QueuedPush& push) const
{
    return push.waitingSince != m_queueChanges;
}

void SqliteCentralStore::expireWaits(std::chrono::steady_clock::time_point now)
{
    const auto expired = std::stable_partition(m_queue.begin(), m_queue.end(),
                                               [now](const QueuedPush* p) { return p->afterOp->empty() || now < p->deadline; });
    if (expired == m_queue.end())
        return;
    for (auto it = expired; it != m_queue.end(); ++it) {
        (*it)->result = makeError(ErrorCode::Unavailable, "the batch sent before this one (ending with op " + *(*it)->afterOp
                                                              + ") has not arrived; this one was not applied, send it again");
    }
    m_queue.erase(expired, m_queue.end());
    m_queueChanged.notify_all();
}

// Pushes still waiting are left where they are, so they cannot fill a group and keep out the
// pushes they wait for.
std::vector<SqliteCentralStore::QueuedPush*> SqliteCentralStore::takeGroup()
{
    std::vector<QueuedPush*> group;
    std::size_t groupOps = 0;
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        QueuedPush* push = *it;
        if (!writable(*push)) {
            ++it;
            continue;
        }
        if (!group.empty() && groupOps + push->ops->size() > kMaxGroupOps)
            break;
        groupOps += push->ops->size();
        group.push_back(push);
        it = m_queue.erase(it);
    }
    return group;
}

// First without a savepoint per push: a savepoint costs a copy of every page its push changes
// (SQLite's statement journal), a sixth of writing pushes that all touch the same pages. A push
// refused half-way then takes the whole attempt back with it, and the group is written again with
// a savepoint per push, so the refusal leaves the others.
std::vector<std::optional<Result<sync::PushResponse>>> SqliteCentralStore::writeGroup(const std::vector<QueuedPush*>& group)
{
    std::lock_guard lock(m_mutex);
    ++m_counters.groupsWritten;
    if (auto written = writeGroupOnce(group, false))
        return std::move(*written);
    ++m_counters.groupsRewritten;
    return std::move(*writeGroupOnce(group, true));
}

std::optional<std::vector<std::optional<Result<sync::PushResponse>>>> SqliteCentralStore::writeGroupOnce(const std::vector<QueuedPush*>& group,
                                                                                                        bool savepoints)
{
    using Results = std::vector<std::optional<Result<sync::PushResponse>>>;
    auto& db = m_store->database();
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return Results(group.size(), tx.error());
    Results results(group.size());
    std::vector<StoreCounters> deltas(group.size());
    // Passes over the group until none writes a push more: a push may follow one behind it.
    for (bool wrote = true; wrote;) {
        wrote = false;
        for (std::size_t i = 0; i < group.size(); ++i) {
            if (results[i])
                continue;
            const auto& push = *group[i];
            if (!push.afterOp->empty()) {
                auto ready = logged(*push.afterOp);
                if (!ready) {
                    results[i] = ready.error();
                    continue;
                }
                // Refused once, and not sent again since: an op refused then applied later is
                // in the log, and the push after it may go.
                if (!*ready && refused(*push.afterOp)) {
                    results[i] = makeError(ErrorCode::Conflict, "the batch sent before this one (ending with op " + *push.afterOp
                                                                    + ") was refused, so this one was not applied");
                    noteRefused(*push.ops, results[i]->error());
                    wrote = true;
                    continue;
                }
                if (!*ready)
                    continue;  // not yet: stays queued
            }
            wrote = true;
            std::optional<store::Transaction> savepoint;
            if (savepoints) {
                auto begun = store::Transaction::begin(db);
                if (!begun) {
                    results[i] = begun.error();
                    continue;
                }
                savepoint.emplace(std::move(begun).value());
            }
            auto response = applyPush(*push.device, *push.ops, *push.records, deltas[i]);
            if (response && savepoint) {
                if (auto done = savepoint->commit(); !done)
                    response = done.error();
            }
            if (!response) {
                if (!savepoints)
                    return std::nullopt;  // the transaction rolls back as it goes
                noteRefused(*push.ops, response.error());  // its savepoint rolls back as it goes
            }
            results[i] = std::move(response);
        }
    }
    if (auto done = tx->commit(); !done) {
        // Nothing of the group is durable; the pushes still waiting stay queued.
        for (auto& result : results) {
            if (result)
                result = done.error();
        }
        return results;
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
        if (!results[i] || !*results[i])
            continue;
        m_counters.opsApplied += deltas[i].opsApplied;
        m_counters.opsDuplicate += deltas[i].opsDuplicate;
        m_counters.conflicts += deltas[i].conflicts;
    }
    return results;
}

namespace {

// Whether the op is in the op log, as `db` sees it.
Result<bool> opLogged(store::Database& db, const std::string& opId)
{
    static const store::CachedSql kLogged("SELECT 1 FROM sync_ops WHERE op_id = ?");
    auto stmt = db.prepare(kLogged);
    if (!stmt)
        return stmt.error();
    stmt->bindAll(opId);
    return stmt->step();
}

// A stored version's assessment and indicator, as `db` sees them.
using StoredIndicator = std::optional<std::pair<std::string, std::string>>;
Result<StoredIndicator> storedIndicator(store::Database& db, const std::string& observationId)
{
    static const store::CachedSql kVersion("SELECT assessment_id, indicator_code FROM observations WHERE id = ?");
    auto stmt = db.prepare(kVersion);
    if (!stmt)
        return stmt.error();
    stmt->bindAll(observationId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return StoredIndicator();
    return StoredIndicator(std::pair(stmt->text(0), stmt->text(1)));
}

}  // namespace

Result<bool> SqliteCentralStore::logged(const std::string& opId)
{
    return opLogged(m_store->database(), opId);
}

// Only a refusal the device cannot get past by sending the batch again: a push that failed for the
// store's sake (5xx) may well pass on its retry, and the one after it with it.
void SqliteCentralStore::noteRefused(const std::vector<sync::Op>& ops, const Error& why)
{
    if (ops.empty() || failureOfTheStore(why))
        return;
    {
        std::lock_guard lock(m_refusedMutex);
        if (!m_refused.insert(ops.back().opId).second)
            return;
        m_refusedOrder.push_back(ops.back().opId);
        if (m_refusedOrder.size() > kRefusedKept) {
            m_refused.erase(m_refusedOrder.front());
            m_refusedOrder.pop_front();
        }
    }
}

bool SqliteCentralStore::refused(const std::string& opId)
{
    std::lock_guard lock(m_refusedMutex);
    return m_refused.contains(opId);
}

namespace {

// A new observation version's op: its payload is the version, kept whole in observations too.
bool payloadIsTheVersion(const sync::Op& op)
{
    return op.entity == "observation" && op.action == "create";
}

// The op log keeps each version as pulls send it, written once here from the record the push
// decoded: reading the version back from its row and writing it as JSON was two thirds of the
// server's work per pulled op. Logged empty, and read back from their rows (pullStatement joins
// those): versions made on the server (publishJournal), versions earlier servers logged, and,
// should one ever come this far, a record the store would still complete (applyRemoteObservation
// refuses one without its id, device or clock stamp).
std::string loggedPayload(const sync::Op& op, const sync::DecodedRecord& record)
{
    if (!payloadIsTheVersion(op))
        return boost::json::serialize(op.payload);
    std::string text;
    if (record && !record->deviceId.empty() && !record->hlc.empty() && !record->recordedAt.empty()) {
        text.reserve(640);
        store::appendObservationJson(text, *record);
    }
    return text;
}

}  // namespace

Result<sync::PushResponse> SqliteCentralStore::applyPush(const Device& device, const std::vector<sync::Op>& ops,
                                                        std::vector<sync::DecodedRecord>& records, StoreCounters& delta, bool authorized)
{
    // Once per batch. An intake entry was decided when it was taken in (checkAgainstRecord): what
    // was acknowledged is applied, whatever the device's assignments are now.
    std::optional<sync::Pusher> pusher;
    if (!authorized) {
        auto made = pusherOf(device, ops, records);
        if (!made)
            return made.error();
        pusher = std::move(made).value();
    } else if (const auto claimed = claimedAuthor(ops, records); !claimed.empty()) {
        // Taken in before its device was bound: bound now, or refused if another device was first.
        auto bound = authorIdOf(device, claimed);
        if (!bound)
            return bound.error();
        if (*bound != claimed)
            return forbidden("the batch's versions name device " + claimed + ", not the one that pushed them");
    }
    sync::PushResponse response;
    response.acks.reserve(ops.size());
    const std::string receivedAt = nowUtcTimestamp();  // one batch, one moment
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& op = ops[i];
        // Decided before it is logged, against the store as the ops before it left it.
        auto scope = pusher ? sync::authorisePush(*m_store, *pusher, op, records[i] ? &*records[i] : nullptr)
                            : sync::scopeOf(*m_store, op, records[i]);
        // Stamped with the batch's moment before it is logged, as the store would stamp it.
        const bool stamped = payloadIsTheVersion(op) && records[i] && records[i]->recordedAt.empty();
        if (stamped)
            records[i]->recordedAt = receivedAt;
        // Logging the op first is also the idempotency check: a known op id inserts nothing.
        auto logged = logOp(device, op, scope ? *scope : sync::OpScope{}, receivedAt, records[i]);
        if (!logged)
            return logged.error();
        if (!*logged) {
            if (stamped)
                records[i]->recordedAt.clear();
            auto seq = sentBefore(device, op);
            if (!seq)
                return seq.error();
            response.acks.push_back({op.opId, *seq, sync::AckStatus::Duplicate, false});
            ++delta.opsDuplicate;
            continue;
        }
        if (!scope)
            return scope.error();  // the batch's transaction (or savepoint) takes the log's row back
        const std::int64_t seq = m_store->database().lastInsertRowId();
        auto applied = sync::applyOp(*m_store, op, &records[i]);
        if (!applied)
            return makeError(applied.error().code == ErrorCode::StorageError ? ErrorCode::StorageError : ErrorCode::ValidationError,
                             "op " + op.opId + " (" + op.entity + "/" + op.action + "): " + applied.error().message);
        if (payloadIsTheVersion(op) && !applied->changed) {
            if (auto same = sameAsStored(device, op, *records[i]); !same)
                return same.error();
            // The version was already here (another op carried it): the log cannot name the stored
            // row in this op's place, so it keeps this op's own payload as it came, as any other op's.
            if (stamped)
                records[i]->recordedAt.clear();
            if (auto done = keepPayload(seq, op, records[i]); !done)
                return done.error();
        }
        response.acks.push_back({op.opId, seq, sync::AckStatus::Applied, applied->conflict});
        ++delta.opsApplied;
        delta.conflicts += applied->conflict ? 1 : 0;
    }
    return response;
}

// An op id already in the log. The device's own op sent again (its ack was lost) is a duplicate,
// answered with its seq; an anonymous op is its sender's when it changes the same record the same
// way (its ids are random). An id another device used is refused without its seq or scope, so a
// push cannot ask what exists elsewhere.
Result<std::int64_t> SqliteCentralStore::sentBefore(const Device& device, const sync::Op& op)
{
    static const store::CachedSql kSeen("SELECT seq, device_id, entity, entity_id, action FROM sync_ops WHERE op_id = ?");
    auto seen = m_store->database().prepare(kSeen);
    if (!seen)
        return seen.error();
    seen->bindAll(op.opId);
    if (auto row = seen->step(); !row || !*row)
        return row ? makeError(ErrorCode::Internal, "op " + op.opId + " was logged and is gone") : row.error();
    const std::string by = seen->text(1);
    const bool sameChange = seen->text(2) == op.entity && seen->text(3) == op.entityId && seen->text(4) == op.action;
    if (by == device.id || (by.empty() && sync::isAnonymous(op.entity) && sameChange))
        return seen->integer(0);
    logEvent("warn", "a push reused an op id already logged", {{"device", device.id}, {"op", op.opId}});
    return makeError(ErrorCode::Conflict, "op id " + op.opId + " is already used by another change; every op needs an id of its own");
}

// Versions are immutable: a version id already stored may come again (in another op) only with
// the same content. Anything else is refused and logged as an attempt.
Result<void> SqliteCentralStore::sameAsStored(const Device& device, const sync::Op& op, const store::Observation& incoming)
{
    auto stored = m_store->observation(incoming.id);
    if (!stored)
        return stored.error().code == ErrorCode::NotFound ? Result<void>() : Result<void>(stored.error());  // tombstoned
    auto a = *stored;
    auto b = incoming;
    a.recordedAt.clear();  // the server's stamp, not the version's content
    b.recordedAt.clear();
    if (store::toJson(a) == store::toJson(b))
        return {};
    logEvent("warn", "a push tried to change a stored observation version", {{"device", device.id}, {"op", op.opId}, {"version", incoming.id}});
    return makeError(ErrorCode::Conflict, "op " + op.opId + ": observation version " + incoming.id
                                              + " is already stored with other content; versions never change, record a new one");
}

Result<bool> SqliteCentralStore::logOp(const Device& device, const sync::Op& op, const sync::OpScope& scope, const std::string& receivedAt,
                                       const sync::DecodedRecord& record)
{
    static const store::CachedSql kLog(
        "INSERT INTO sync_ops (op_id, device_id, hlc, entity, entity_id, action, payload, assessment_id, partner_id, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (op_id) DO NOTHING");
    auto insert = m_store->database().prepare(kLog);
    if (!insert)
        return insert.error();
    const bool anonymous = sync::isAnonymous(op.entity);
    if (auto done = insert->execute(op.opId, anonymous ? std::string() : device.id, op.hlc, op.entity, op.entityId, op.action,
                                    loggedPayload(op, record), scope.assessmentId, scope.partnerId,
                                    anonymous ? survey::coarsenToHour(receivedAt) : receivedAt);
        !done)
        return done.error();
    return m_store->database().changes() == 1;
}

Result<void> SqliteCentralStore::keepPayload(std::int64_t seq, const sync::Op& op, const sync::DecodedRecord& record)
{
    auto update = m_store->database().prepare("UPDATE sync_ops SET payload = ? WHERE seq = ?");
    if (!update)
        return update.error();
    // A version the push decoder read directly has no payload: its record stands for it.
    const bool direct = op.payload.empty() && record;
    return update->execute(boost::json::serialize(direct ? store::toJson(*record) : op.payload), seq);
}

// The op log's rows after `after` that `device` may see, in order: at most limit + 1 (the one past
// the page says there is more). Called under m_readMutex: it reads on m_reader.
Result<store::Statement> SqliteCentralStore::pullStatement(const Device& device, std::int64_t after, std::int64_t limit)
{
    auto& db = m_reader->database();
    // Versions logged without their text (loggedPayload) come with their rows. The version's id is
    // NULL for every other op, so SQLite does not look it up: with the conditions beside the id
    // instead, it searched observations for every op and only then read the payload (a quarter of
    // the server's work per pulled op once versions were logged with their text).
    std::string sql = "SELECT l.seq, l.op_id, l.device_id, l.hlc, l.entity, l.entity_id, l.action, l.payload, " + std::string(store::kObservationColumns)
                      + " FROM sync_ops l LEFT JOIN observations o ON o.id = CASE WHEN l.payload = '' AND l.entity = 'observation'"
                        " AND l.action = 'create' THEN l.entity_id END AND o.assessment_id = l.assessment_id WHERE l.seq > ?";
    std::string visibleJson = "[]";
    std::string scopeKey;  // the trainer's partner or the kiosk's site
    switch (device.role) {
    case Role::Admin:
    case Role::Reviewer: break;
    case Role::Inspector: {
        auto visible = visibleAssessmentIds(*m_reader, device);
        if (!visible)
            return visible.error();
        boost::json::array ids;
        for (const auto& id : *visible)
            ids.emplace_back(id);
        visibleJson = boost::json::serialize(ids);
        sql += " AND (l.assessment_id IN (SELECT value FROM json_each(?2))"
               " OR (entity = 'site' AND entity_id IN (SELECT site_id FROM assessments WHERE id IN (SELECT value FROM json_each(?2))))"
               " OR (entity = 'partner' AND entity_id IN (SELECT s.partner_id FROM sites s JOIN assessments a ON a.site_id = s.id"
               "     WHERE a.id IN (SELECT value FROM json_each(?2))))"
               " OR entity = 'survey_definition')";
        break;
    }
    case Role::Trainer:
        scopeKey = device.scope.partnerId;
        sql += " AND (l.partner_id = ?3 OR entity = 'survey_definition')";
        break;
    case Role::Kiosk:
        // Survey definitions, and its site with the site's partner (responses reference the site, the
        // site its partner); never responses: kiosks are write-only.
        scopeKey = device.scope.siteId;
        sql += " AND (entity = 'survey_definition' OR (entity = 'site' AND entity_id = ?3)"
               " OR (entity = 'partner' AND entity_id = (SELECT partner_id FROM sites WHERE id = ?3)))";
        break;
    }
    sql += " ORDER BY l.seq LIMIT ?4";
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, after);
    if (device.role == Role::Inspector)
        stmt->bind(2, visibleJson);
    if (device.role == Role::Trainer || device.role == Role::Kiosk)
        stmt->bind(3, scopeKey);
    stmt->bind(4, limit + 1);
    return stmt;
}

namespace {

// Steps a page of pullStatement's rows: `row` is called for each op of the page (seq, then the
// statement positioned on it); the cursor and whether there is more are returned.
template <typename Row>
Result<std::pair<std::int64_t, bool>> stepPage(store::Statement& stmt, std::int64_t after, std::int64_t limit, Row&& row)
{
    std::int64_t next = after;
    std::int64_t count = 0;
    while (true) {
        auto stepped = stmt.step();
        if (!stepped)
            return stepped.error();
        if (!*stepped)
            return std::pair{next, false};
        if (count == limit)
            return std::pair{next, true};
        next = stmt.integer(0);
        if (auto done = row(stmt); !done)
            return done.error();
        ++count;
    }
}

Error missingVersion(const store::Statement& stmt)
{
    return makeError(ErrorCode::Internal, "op " + stmt.text(1) + " names observation " + stmt.text(5) + ", which the store does not hold");
}

// One read transaction for a pull: what it reads (the device's assessments, then the page) comes
// from one commit, not from two with an assignment committed between them.
class ReadTransaction {
public:
    explicit ReadTransaction(store::Database& db) : m_db(db), m_begun(db.exec("BEGIN")) {}
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    ~ReadTransaction()
    {
        // A read transaction left open would keep every later pull from beginning one.
        if (m_begun && !m_db.exec("COMMIT"))
            (void)m_db.exec("ROLLBACK");
    }
    [[nodiscard]] const Result<void>& begun() const { return m_begun; }

private:
    store::Database& m_db;
    Result<void> m_begun;
};

}  // namespace

template <typename Row>
Result<std::pair<std::int64_t, bool>> SqliteCentralStore::readPage(const Device& device, std::int64_t after, std::int64_t limit, Row&& row)
{
    std::lock_guard lock(m_readMutex);
    const ReadTransaction reading(m_reader->database());  // before the statement: it ends after it
    if (!reading.begun())
        return reading.begun().error();
    auto stmt = pullStatement(device, after, limit);
    if (!stmt)
        return stmt.error();
    return stepPage(*stmt, after, limit, std::forward<Row>(row));
}

Result<sync::PullResponse> SqliteCentralStore::pull(const Device& device, std::int64_t after, std::int64_t limit)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    sync::PullResponse response;
    auto page = readPage(device, after, limit, [&](const store::Statement& s) -> Result<void> {
        sync::Op op;
        op.seq = s.integer(0);
        op.opId = s.text(1);
        op.deviceId = s.text(2);
        op.hlc = s.text(3);
        op.entity = s.text(4);
        op.entityId = s.text(5);
        op.action = s.text(6);
        if (s.isNull(8)) {
            op.rawPayload = s.text(7);  // stored as serialised on push: sent without parsing
        } else {
            op.rawPayload.reserve(640);
            store::appendObservationJson(op.rawPayload, s, 8);
        }
        if (op.rawPayload.empty())
            return missingVersion(s);
        response.ops.push_back(std::move(op));
        return {};
    });
    if (!page)
        return page.error();
    std::tie(response.next, response.more) = *page;
    return response;
}

Result<void> SqliteCentralStore::noteSyncReport(const Device& device, const std::string& problemsJson)
{
    std::lock_guard lock(m_mutex);
    static const store::CachedSql kNote("UPDATE devices SET last_seen_at = ?, problems_json = ? WHERE id = ?");
    auto stmt = m_store->database().prepare(kNote);
    if (!stmt)
        return stmt.error();
    return stmt->execute(nowUtcTimestamp(), problemsJson, device.id);
}

// Scope epochs. The fingerprint is read on the reader; an epoch moves on the writer, and only when
// the fingerprint changed, so an unchanged scope costs a pull one read of the device's row.
Result<std::string> SqliteCentralStore::scopeFingerprint(const Device& device)
{
    switch (device.role) {
    case Role::Admin:
    case Role::Reviewer: return std::string("all");
    case Role::Trainer: return "partner:" + device.scope.partnerId;
    case Role::Kiosk: return "site:" + device.scope.siteId;
    case Role::Inspector: break;
    }
    std::lock_guard reading(m_readMutex);
    auto visible = visibleAssessmentIds(*m_reader, device);
    if (!visible)
        return visible.error();
    std::string fingerprint = "assessments:";
    for (const auto& id : *visible)  // a std::set: in order
        fingerprint += id + ",";
    return fingerprint;
}

Result<std::int64_t> SqliteCentralStore::scopeEpoch(const Device& device)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    auto fingerprint = scopeFingerprint(device);
    if (!fingerprint)
        return fingerprint.error();
    {
        std::lock_guard reading(m_readMutex);
        static const store::CachedSql kSeen("SELECT scope_epoch, coalesce(scope_seen, '') FROM devices WHERE id = ?");
        auto seen = m_reader->database().prepare(kSeen);
        if (!seen)
            return seen.error();
        seen->bindAll(device.id);
        auto row = seen->step();
        if (!row)
            return row.error();
        if (*row && seen->text(1) == *fingerprint)
            return seen->integer(0);
    }
    std::lock_guard lock(m_mutex);
    auto& db = m_store->database();
    static const store::CachedSql kMove("UPDATE devices SET scope_epoch = scope_epoch + 1, scope_seen = ?1 WHERE id = ?2 AND coalesce(scope_seen, '') <> ?1");
    auto move = db.prepare(kMove);
    if (!move)
        return move.error();
    if (auto done = move->execute(*fingerprint, device.id); !done)
        return done.error();
    auto epoch = db.prepare("SELECT scope_epoch FROM devices WHERE id = ?");
    if (!epoch)
        return epoch.error();
    epoch->bindAll(device.id);
    if (auto row = epoch->step(); !row || !*row)
        return row ? makeError(ErrorCode::Unauthorized, "this device is no longer enrolled") : row.error();
    return epoch->integer(0);
}

Result<CentralStore::EncodedPage> SqliteCentralStore::pullEncoded(const Device& device, std::int64_t after, std::int64_t limit)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    sync::PageWriter writer(0);
    auto page = readPage(device, after, limit, [&](const store::Statement& s) -> Result<void> {
        if (writer.ops() == 0) {
            // Room for no more ops than the log holds from the page's first op on (whatever of it
            // the device may see): a device nearly caught up gets a page of a few ops without a
            // buffer of megabytes made for it, however much others pushed since its cursor.
            auto last = m_reader->database().queryInteger("SELECT coalesce(max(seq), 0) FROM sync_ops");  // under m_readMutex
            if (!last)
                return last.error();
            const auto most = std::clamp<std::int64_t>(limit, 0, 5'000);
            writer.reserveFor(static_cast<std::size_t>(std::clamp<std::int64_t>(*last - s.integer(0) + 1, 0, most)));
        }
        writer.beginOp(s.integer(0), s.view(1), s.view(2), s.view(3), s.view(4), s.view(5), s.view(6));
        auto& text = writer.text();
        const auto payloadStart = text.size();
        if (s.isNull(8))
            text += s.view(7);  // stored as serialised on push: sent without parsing
        else
            store::appendObservationJson(text, s, 8);
        if (text.size() == payloadStart)
            return missingVersion(s);
        writer.endOp();
        return {};
    });
    if (!page)
        return page.error();
    EncodedPage encoded;
    encoded.ops = writer.ops();
    encoded.next = page->first;
    encoded.more = page->second;
    encoded.body = writer.finish(encoded.next, encoded.more);
    return encoded;
}

// ---- The intake: pushes acknowledged once durable, applied behind

namespace {

constexpr std::string_view kIntakeAppliedKey = "intake_applied_through";
// The intake file is emptied once everything in it is applied and it has grown past this.
constexpr std::uint64_t kIntakeTruncateBytes = 8U << 20;
// Entries applied in one transaction: half a group commit's, as each is decoded again and held
// whole while it is written (with 20,000 the server's peak RSS grew by some 20 MB).
constexpr std::size_t kMaxIntakeGroupOps = 10'000;
// Past this many ops in the intake, it is applied even while pushes are being taken in.
constexpr std::size_t kIntakeBacklogOps = 150'000;
// Devices that took a push in this recently count as pushing together (pushes come every
// millisecond or two then, each decoded before it is taken in).
constexpr std::chrono::milliseconds kIntakeQuiet{20};
// How long a push waits for the batch it follows to be taken in (sent on another connection).
constexpr std::chrono::milliseconds kPredecessorTakeIn{500};

// Applying an intake entry again later may well pass: a failure of the store, but not a broken
// constraint, which is the entry's own and fails every time.
bool transient(const Error& error)
{
    return failureOfTheStore(error) && (error.code != ErrorCode::StorageError || error.message.find("constraint failed") == std::string::npos);
}

// Entries applied at start are read back a few MiB at a time, not all at once.
constexpr std::uint64_t kRecoveryChunkBytes = 8U << 20;
// A store that fails at start is tried this often before the server gives up starting (the
// entries stay in the intake log).
constexpr int kRecoveryAttempts = 5;

// A version's indicator, as a hash of its assessment id and indicator code. Two indicators
// with the same hash (odds of 2^-64) would let an edit naming the other one's version in the
// intake be acknowledged; applying it is then refused, and it is kept in intake_refused.
std::uint64_t headKey(std::string_view assessmentId, std::string_view indicatorCode)
{
    const auto h = std::hash<std::string_view>{};
    return h(assessmentId) * 0x9e3779b97f4a7c15ULL ^ h(indicatorCode);
}

}  // namespace

Result<void> SqliteCentralStore::openIntake(const std::string& path)
{
    auto through = m_store->meta(std::string(kIntakeAppliedKey));
    if (!through)
        return through.error();
    const std::uint64_t appliedThrough = *through ? std::stoull(**through) : 0;
    std::vector<IntakeLog::Ref> unapplied;
    auto log = IntakeLog::open(path, appliedThrough, unapplied);
    if (!log)
        return log.error();
    m_intake = std::move(log).value();
    m_pendingVersions.reserve(kIntakeBacklogOps);  // never rehashed while pushes wait for its lock
    // Acknowledged before the server stopped: applied before it serves anything.
    if (auto recovered = applyAtStart(unapplied); !recovered)
        return makeError(recovered.error().code, "the pushes acknowledged before the server stopped could not be applied (they stay in "
                                                     + path + "): " + recovered.error().message);
    if (!unapplied.empty())
        logEvent("info", "applied the pushes acknowledged before the server stopped", {{"pushes", std::to_string(unapplied.size())}});
    m_appliedThrough = m_intake->lastNumber();
    if (m_options.applyIntake)
        m_applier = std::thread([this] { applyIntakeBehind(); });
    return {};
}

Result<void> SqliteCentralStore::waitForIntake()
{
    std::unique_lock lock(m_intakeMutex);
    if (m_pending.empty())
        return {};
    const auto target = m_pending.back().ref.number;
    ++m_waitingForIntake;
    m_intakeChanged.notify_all();
    const bool caughtUp = m_applier.joinable()
                          && m_intakeChanged.wait_for(lock, m_options.intakeWait, [&] { return m_appliedThrough >= target || m_stopping; })
                          && m_appliedThrough >= target;
    --m_waitingForIntake;
    if (!caughtUp)
        return makeError(ErrorCode::Unavailable, "the server is still applying the pushes it acknowledged; try again shortly");
    return {};
}

SqliteCentralStore::TakingIn::TakingIn(SqliteCentralStore& store, const std::string& deviceId) : m_store(store), m_deviceId(deviceId)
{
    std::lock_guard lock(m_store.m_intakeMutex);
    ++m_store.m_takingIn;
    m_store.m_recentPushers[m_deviceId] = std::chrono::steady_clock::now();
    m_appliedThrough = m_store.m_appliedThrough;
}

SqliteCentralStore::WaitingForIntake::WaitingForIntake(SqliteCentralStore& store) : m_store(store)
{
    {
        std::lock_guard lock(m_store.m_intakeMutex);
        ++m_store.m_waitingForIntake;
    }
    m_store.m_intakeChanged.notify_all();
}

SqliteCentralStore::WaitingForIntake::~WaitingForIntake()
{
    std::lock_guard lock(m_store.m_intakeMutex);
    --m_store.m_waitingForIntake;
}

SqliteCentralStore::TakingIn::~TakingIn()
{
    {
        std::lock_guard lock(m_store.m_intakeMutex);
        --m_store.m_takingIn;
        m_store.m_recentPushers[m_deviceId] = std::chrono::steady_clock::now();
    }
    m_store.m_intakeChanged.notify_all();
}

std::optional<Result<sync::PushResponse>> SqliteCentralStore::takeIn(const Device& device, const std::vector<sync::Op>& ops,
                                                                    std::vector<sync::DecodedRecord>& records, const std::string& afterOp,
                                                                    std::string_view body)
{
    // Checked against the record first, without holding up other pushes; then, in order with
    // them, against what the intake holds.
    const TakingIn taking(*this, device.id);
    const auto appliedBefore = taking.appliedThrough();
    auto check = checkAgainstRecord(device, ops, records, afterOp);
    if (!check || !check->sure)
        return std::nullopt;  // applied before it is acknowledged, as any push
    // All that can be done before the intake's lock is: the entry's checksum, and its versions
    // ready to join m_pendingVersions (keys viewing the entry's strings, which a move of the
    // entry leaves in place).
    const auto prepared = IntakeLog::prepare(device.id, body);
    PendingEntry entry{{}, ops.size(), {}, ops.front().opId, ops.back().opId};
    entry.versions.reserve(records.size());
    for (const auto& record : records)
        entry.versions.push_back(record->id);
    decltype(m_pendingVersions) versions;
    versions.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i)
        versions.emplace(entry.versions[i], check->keys[i]);
    IntakeLog::Ref ref;
    {
        std::unique_lock lock(m_intakeMutex);
        // The batch before, sent at the same time on another connection, may still be on its way
        // in: waited for briefly. What the intake held when the push was checked may have been
        // applied since: then it is looked for in the record too.
        auto lookedIn = appliedBefore;
        const auto inIntakeOrRecord = [&](const std::string& opId) {
            if (m_pendingEnds.contains(opId))
                return true;
            if (m_appliedThrough == lookedIn)
                return false;
            lookedIn = m_appliedThrough;
            auto logged = loggedOnReader(opId);
            return logged && *logged;
        };
        if (check->afterOpPending)
            m_intakeChanged.wait_for(lock, kPredecessorTakeIn, [&] { return inIntakeOrRecord(afterOp) || m_stopping; });
        // Past kIntakeBacklogOps pushes are applied before they are acknowledged again: the
        // intake may not grow faster than it is applied.
        if (m_pendingOps > kIntakeBacklogOps || !sureWithIntake(*check, ops, records, afterOp, m_appliedThrough != appliedBefore))
            return std::nullopt;
        auto written = m_intake->write(prepared);
        if (!written)
            return std::nullopt;
        ref = *written;
        entry.ref = ref;
        m_pendingEnds.insert(entry.firstOp);
        m_pendingEnds.insert(entry.lastOp);
        m_pendingOps += entry.ops;
        // A deque keeps its elements in place, and the map's keys view this one's strings. A
        // version already there keeps its entry (and its node stays in `versions`).
        m_pending.push_back(std::move(entry));
        m_pendingVersions.merge(versions);
    }
    m_intakeChanged.notify_all();
    // Applied or not by now, it is acknowledged only once durable.
    if (auto synced = m_intake->sync(ref); !synced)
        return Result<sync::PushResponse>(synced.error());
    ++m_takenIn;
    sync::PushResponse response;
    response.accepted = sync::AcceptedBatch{ops.size(), ops.front().opId, ops.back().opId};
    return Result<sync::PushResponse>(std::move(response));
}

// What applyPush and Store::insertObservation would refuse, checked beforehand: an inspector's new
// observation versions, well-formed, of assessments assigned to it, each edit's parent stored (or
// earlier in the push) with the same assessment and indicator. A parent not stored yet is left
// for sureWithIntake.
Result<SqliteCentralStore::IntakeCheck> SqliteCentralStore::checkAgainstRecord(const Device& device, const std::vector<sync::Op>& ops,
                                                                              const std::vector<sync::DecodedRecord>& records,
                                                                              const std::string& afterOp)
{
    IntakeCheck check;
    if (device.role != Role::Inspector || records.size() != ops.size())
        return check;
    // First what the push shows by itself, without the reader's lock (pushes check at once).
    std::unordered_map<std::string_view, std::size_t> inPush;
    inPush.reserve(ops.size());
    std::vector<std::size_t> parentsElsewhere;
    check.keys.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto& op = ops[i];
        if (op.entity != "observation" || op.action != "create" || !records[i])
            return check;
        const auto& o = *records[i];
        if (o.id.empty() || o.id != op.entityId || o.hlc.empty() || o.deviceId.empty() || !HlcTimestamp::parse(o.hlc)
            || !store::Store::checkObservation(o))
            return check;
        check.keys.push_back(headKey(o.assessmentId, o.indicatorCode));
        if (o.parentId) {
            if (auto here = inPush.find(*o.parentId); here == inPush.end())
                parentsElsewhere.push_back(i);
            else if (const auto& parent = *records[here->second]; parent.assessmentId != o.assessmentId || parent.indicatorCode != o.indicatorCode)
                return check;
        }
        inPush.emplace(o.id, i);
    }
    std::lock_guard reading(m_readMutex);
    const ReadTransaction snapshot(m_reader->database());
    if (!snapshot.begun())
        return snapshot.begun().error();
    auto& db = m_reader->database();
    if (!afterOp.empty()) {
        auto before = opLogged(db, afterOp);
        if (!before)
            return before.error();
        check.afterOpPending = !*before;
    }
    // A batch sent again (its acks were lost) starts with an op taken before: it is answered as
    // duplicates, with their seqs, once applied. (Any other op taken twice is still applied once.)
    if (auto again = opLogged(db, ops.front().opId); !again || *again)
        return check;
    // Authored by this device (write rule 3): a device not bound yet is bound by applying its push.
    static const store::CachedSql kAuthor("SELECT coalesce(author_id, '') FROM devices WHERE id = ?");
    auto author = db.prepare(kAuthor);
    if (!author)
        return author.error();
    author->bindAll(device.id);
    if (auto row = author->step(); !row || !*row)
        return row ? Result<IntakeCheck>(check) : Result<IntakeCheck>(row.error());
    std::string authorId = author->text(0);
    if (authorId.empty()) {
        // Not bound yet: bound to what the batch claims when it is applied (applyPush), unless
        // another active device holds it.
        authorId = records.front()->deviceId;
        static const store::CachedSql kHeld("SELECT 1 FROM devices WHERE author_id = ? AND id <> ? AND revoked_at IS NULL");
        auto held = db.prepare(kHeld);
        if (!held)
            return held.error();
        held->bindAll(authorId, device.id);
        auto row = held->step();
        if (!row || *row)
            return row ? Result<IntakeCheck>(check) : Result<IntakeCheck>(row.error());
    }
    auto visible = visibleAssessmentIds(*m_reader, device);
    if (!visible)
        return visible.error();
    // Assigned and stored: a scope may name an assessment not created (yet).
    std::set<std::string_view> assessments;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto& record = records[i];
        if (record->deviceId != authorId || (!ops[i].deviceId.empty() && ops[i].deviceId != authorId))
            return check;
        if (!visible->contains(record->assessmentId))
            return check;
        assessments.insert(record->assessmentId);
    }
    for (const auto& id : assessments) {
        static const store::CachedSql kAssessment("SELECT 1 FROM assessments WHERE id = ?");
        auto stmt = db.prepare(kAssessment);
        if (!stmt)
            return stmt.error();
        stmt->bindAll(std::string(id));
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return check;
    }
    for (const auto i : parentsElsewhere) {
        auto parent = storedIndicator(db, *records[i]->parentId);
        if (!parent)
            return parent.error();
        if (!*parent)
            check.parentsInIntake.push_back(i);
        else if ((*parent)->first != records[i]->assessmentId || (*parent)->second != records[i]->indicatorCode)
            return check;
    }
    // New versions only: one already stored is applied first and compared (sameAsStored), so a
    // copy with other content is refused with 409, never acknowledged.
    for (const auto& record : records) {
        auto stored = storedIndicator(db, record->id);
        if (!stored)
            return stored.error();
        if (*stored)
            return check;
    }
    check.sure = true;
    return check;
}

// Under m_intakeMutex. A parent or Sync-After-Op not stored must be in the intake; one applied
// since it was looked for is in neither, and the push is then applied before it is acknowledged.
bool SqliteCentralStore::sureWithIntake(const IntakeCheck& check, const std::vector<sync::Op>& ops,
                                        const std::vector<sync::DecodedRecord>& records, const std::string& afterOp, bool applied)
{
    if (m_pendingEnds.contains(ops.front().opId))
        return false;  // sent again while the first copy is still in the intake
    if (std::any_of(records.begin(), records.end(), [&](const sync::DecodedRecord& r) { return m_pendingVersions.contains(r->id); }))
        return false;  // a version already on its way in: applied first, then compared (sameAsStored)
    if (applied) {
        auto again = loggedOnReader(ops.front().opId);  // or its first copy was applied since the check
        if (!again || *again)
            return false;
    }
    if (check.afterOpPending && !m_pendingEnds.contains(afterOp)) {
        auto logged = applied ? loggedOnReader(afterOp) : Result<bool>(false);
        if (!logged || !*logged)
            return false;
    }
    return std::all_of(check.parentsInIntake.begin(), check.parentsInIntake.end(), [&](std::size_t i) {
        if (const auto found = m_pendingVersions.find(*records[i]->parentId); found != m_pendingVersions.end())
            return found->second == check.keys[i];
        if (!applied)
            return false;
        auto stored = storedIndicatorOnReader(*records[i]->parentId);
        return stored && *stored && (*stored)->first == records[i]->assessmentId && (*stored)->second == records[i]->indicatorCode;
    });
}

Result<bool> SqliteCentralStore::loggedOnReader(const std::string& opId)
{
    std::lock_guard reading(m_readMutex);
    return opLogged(m_reader->database(), opId);
}

Result<std::optional<std::pair<std::string, std::string>>> SqliteCentralStore::storedIndicatorOnReader(const std::string& observationId)
{
    std::lock_guard reading(m_readMutex);
    return storedIndicator(m_reader->database(), observationId);
}

// Behind the pushes it acknowledged: out of the way while devices push together (their acks
// first), catching up as soon as they stop or anything waits for it.
void SqliteCentralStore::applyIntakeBehind()
{
    std::unique_lock lock(m_intakeMutex);
    while (true) {
        m_intakeChanged.wait(lock, [&] { return m_stopping || !m_pending.empty(); });
        if (m_pending.empty())
            return;  // stopping, and everything is applied
        // While devices push together it waits: the processor and the disk are theirs. Unless a
        // read or a push applied before its ack waits for it, the intake holds more than
        // kIntakeBacklogOps, or the server stops. One device's batches are applied one by one as
        // they come (so it looks again before each).
        const bool urgent = m_stopping || m_waitingForIntake > 0 || m_pendingOps > kIntakeBacklogOps;
        const bool together = devicesPushingTogether();
        if (!urgent && together) {
            m_intakeChanged.wait_for(lock, kIntakeQuiet);
            continue;
        }
        const auto refs = nextIntakeGroup(!urgent && m_takingIn > 0);
        lock.unlock();
        std::vector<IntakeLog::Entry> entries;
        std::optional<Error> failure;
        for (const auto& ref : refs) {
            auto entry = m_intake->read(ref);
            if (!entry) {
                failure = entry.error();
                break;
            }
            entries.push_back(std::move(entry).value());
        }
        // What was read before an entry that could not be is applied all the same.
        std::optional<Error> applyFailure;
        const auto done = entries.empty() ? 0 : applyEntries(entries, applyFailure);
        if (applyFailure)
            failure = applyFailure;
        lock.lock();
        forgetApplied(done);
        m_intakeChanged.notify_all();
        if (m_pending.empty())
            (void)m_intake->truncateIfApplied(m_appliedThrough, kIntakeTruncateBytes);
        if (done > 0) {
            // A push queued to follow one of these (Sync-After-Op) may be written now.
            lock.unlock();
            {
                std::lock_guard queue(m_queueMutex);
                ++m_queueChanges;
            }
            m_queueChanged.notify_all();
            lock.lock();
        }
        if (failure) {
            logEvent("error", "could not apply acknowledged pushes; trying again", {{"error", failure->message}});
            if (m_stopping)
                return;  // they stay in the intake log, and are applied when the server starts again
            m_intakeChanged.wait_for(lock, std::chrono::seconds(1), [&] { return m_stopping; });
            continue;
        }
    }
}

// The entries to apply next, in order: up to kMaxIntakeGroupOps ops, or one (under m_intakeMutex).
std::vector<IntakeLog::Ref> SqliteCentralStore::nextIntakeGroup(bool oneByOne) const
{
    std::vector<IntakeLog::Ref> refs;
    std::size_t ops = 0;
    for (const auto& entry : m_pending) {
        if (!refs.empty() && (oneByOne || ops + entry.ops > kMaxIntakeGroupOps))
            break;
        refs.push_back(entry.ref);
        ops += entry.ops;
    }
    return refs;
}

// The first `done` entries are in the record now (under m_intakeMutex).
void SqliteCentralStore::forgetApplied(std::size_t done)
{
    for (std::size_t i = 0; i < done; ++i) {
        const auto& applied = m_pending.front();
        for (const auto& id : applied.versions)
            m_pendingVersions.erase(id);
        m_pendingOps -= applied.ops;
        for (const auto* end : {&applied.firstOp, &applied.lastOp})
            m_pendingEnds.erase(m_pendingEnds.find(*end));
        m_appliedThrough = applied.ref.number;
        m_pending.pop_front();
    }
}

// Two or more devices took a push in within kIntakeQuiet.
bool SqliteCentralStore::devicesPushingTogether()
{
    const auto now = std::chrono::steady_clock::now();
    std::erase_if(m_recentPushers, [&](const auto& pusher) { return now - pusher.second >= kIntakeQuiet; });
    return m_recentPushers.size() >= 2;
}

std::size_t SqliteCentralStore::applyEntries(std::vector<IntakeLog::Entry>& entries, std::optional<Error>& failure)
{
    std::lock_guard lock(m_mutex);
    if (commitEntries(entries, 0, entries.size()))
        return entries.size();
    // Each alone, so only one that cannot be applied is kept aside. A failure of the store (a full
    // disk) stops here, and everything from that entry on is tried again later, however long it
    // takes: what was acknowledged is never set aside for the store's sake.
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto one = commitEntries(entries, i, i + 1);
        if (one)
            continue;
        if (transient(one.error())) {
            failure = one.error();
            return i;
        }
        if (auto kept = keepRefusedEntry(entries[i], one.error()); !kept) {
            failure = kept.error();
            return i;
        }
    }
    return entries.size();
}

Result<void> SqliteCentralStore::applyAtStart(const std::vector<IntakeLog::Ref>& refs)
{
    std::size_t next = 0;
    for (int attempt = 1; next < refs.size();) {
        std::vector<IntakeLog::Entry> chunk;
        std::uint64_t bytes = 0;
        for (std::size_t i = next; i < refs.size() && (chunk.empty() || bytes < kRecoveryChunkBytes); ++i) {
            auto entry = m_intake->read(refs[i]);
            if (!entry)
                return entry.error();
            bytes += refs[i].size;
            chunk.push_back(std::move(entry).value());
        }
        std::optional<Error> failure;
        next += applyEntries(chunk, failure);
        if (!failure)
            continue;
        if (attempt++ >= kRecoveryAttempts)
            return *failure;
        std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
    }
    return {};
}

// An exception (out of memory) leaves the transaction rolled back, as any failure of the store.
Result<void> SqliteCentralStore::commitEntries(std::vector<IntakeLog::Entry>& entries, std::size_t from, std::size_t to)
{
    try {
        return commitEntriesOnce(entries, from, to);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("applying acknowledged pushes failed: ") + e.what());
    } catch (...) {
        return makeError(ErrorCode::Internal, "applying acknowledged pushes failed");
    }
}

Result<void> SqliteCentralStore::commitEntriesOnce(std::vector<IntakeLog::Entry>& entries, std::size_t from, std::size_t to)
{
    auto tx = store::Transaction::begin(m_store->database());
    if (!tx)
        return tx.error();
    StoreCounters delta;
    for (std::size_t i = from; i < to; ++i) {
        if (auto applied = applyEntry(entries[i], delta); !applied)
            return applied.error();
    }
    if (auto done = m_store->setMeta(std::string(kIntakeAppliedKey), std::to_string(entries[to - 1].number)); !done)
        return done.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    m_counters.opsApplied += delta.opsApplied;
    m_counters.opsDuplicate += delta.opsDuplicate;
    m_counters.conflicts += delta.conflicts;
    return {};
}

Result<void> SqliteCentralStore::applyEntry(IntakeLog::Entry& entry, StoreCounters& delta)
{
    auto decoded = sync::decodePush(entry.body);
    if (!decoded)
        return makeError(ErrorCode::ValidationError, "intake entry " + std::to_string(entry.number) + ": " + decoded.error().message);
    auto& ops = decoded->request.ops;
    auto& records = decoded->records;
    if (records.size() != ops.size())
        records.assign(ops.size(), std::nullopt);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (auto ok = sync::checkOp(ops[i], &records[i]); !ok)
            return makeError(ErrorCode::ValidationError, "intake entry " + std::to_string(entry.number) + ": " + ok.error().message);
    }
    Device device;
    device.id = entry.deviceId;
    device.role = Role::Inspector;
    auto applied = applyPush(device, ops, records, delta, true);
    if (!applied)
        return transient(applied.error()) ? applied.error()
                                          : makeError(applied.error().code, "intake entry " + std::to_string(entry.number) + ": "
                                                                                + applied.error().message);
    return {};
}

Result<void> SqliteCentralStore::keepRefusedEntry(const IntakeLog::Entry& entry, const Error& why)
{
    auto tx = store::Transaction::begin(m_store->database());
    if (!tx)
        return tx.error();
    auto insert = m_store->database().prepare(
        "INSERT OR REPLACE INTO intake_refused (number, device_id, body, error, refused_at) VALUES (?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    if (auto done = insert->execute(static_cast<std::int64_t>(entry.number), entry.deviceId, entry.body, why.message, nowUtcTimestamp()); !done)
        return done;
    if (auto done = m_store->setMeta(std::string(kIntakeAppliedKey), std::to_string(entry.number)); !done)
        return done;
    if (auto done = tx->commit(); !done)
        return done;
    ++m_counters.intakeRefused;
    logEvent("error", "an acknowledged push could not be applied; kept in intake_refused",
             {{"entry", std::to_string(entry.number)}, {"device", entry.deviceId}, {"error", why.message}});
    return {};
}

// ---- Records created on the server

Result<void> SqliteCentralStore::publishJournal(std::int64_t afterSeq)
{
    auto entries = m_store->journal(afterSeq, 1'000'000);
    if (!entries)
        return entries.error();
    for (const auto& entry : *entries) {
        auto op = sync::opFromJournal(*m_store, entry);
        if (!op)
            return op.error();
        auto scope = sync::scopeOf(*m_store, *op);
        if (!scope)
            return scope.error();
        auto insert = m_store->database().prepare(
            "INSERT INTO sync_ops (op_id, device_id, hlc, entity, entity_id, action, payload, assessment_id, partner_id, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert)
            return insert.error();
        if (auto done = insert->execute(op->opId, m_store->deviceId(), op->hlc, op->entity, op->entityId, op->action,
                                        loggedPayload(*op, std::nullopt), scope->assessmentId,
                                        scope->partnerId, nowUtcTimestamp());
            !done)
            return done;
    }
    return {};
}

template <typename T, typename Write>
Result<T> SqliteCentralStore::publish(Write&& write)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    std::lock_guard lock(m_mutex);
    auto tx = store::Transaction::begin(m_store->database());
    if (!tx)
        return tx.error();
    auto before = m_store->lastJournalSeq();
    if (!before)
        return before.error();
    Result<T> written = write();
    if (!written)
        return written;
    if (auto done = publishJournal(*before); !done)
        return done.error();
    if (auto done = tx->commit(); !done)
        return done.error();
    return written;
}

Result<store::Partner> SqliteCentralStore::addPartner(const store::Partner& partner)
{
    return publish<store::Partner>([&] { return m_store->addPartner(partner); });
}

Result<store::Site> SqliteCentralStore::addSite(const store::Site& site)
{
    return publish<store::Site>([&] { return m_store->addSite(site); });
}

Result<store::Assessment> SqliteCentralStore::addAssessment(const store::Assessment& assessment)
{
    return publish<store::Assessment>([&] { return m_store->addAssessment(assessment); });
}

Result<store::Assignment> SqliteCentralStore::assign(const store::Assignment& assignment)
{
    return publish<store::Assignment>([&] { return m_store->assign(assignment); });
}

Result<store::SurveyDefinition> SqliteCentralStore::addSurveyDefinition(const store::SurveyDefinition& definition)
{
    return publish<store::SurveyDefinition>([&] { return m_store->addSurveyDefinition(definition); });
}

Result<store::Membership> SqliteCentralStore::addMembership(const store::Membership& membership)
{
    return publish<store::Membership>([&] { return m_store->addMembership(membership); });
}

Result<store::Membership> SqliteCentralStore::recordPayment(const std::string& membershipId, const std::string& paidOn)
{
    return publish<store::Membership>([&] { return m_store->recordPayment(membershipId, paidOn); });
}

// Checked and written under one lock, so two planners cannot both take the year's day.
Result<store::TrainingVisit> SqliteCentralStore::addTrainingVisit(const store::TrainingVisit& visit)
{
    return publish<store::TrainingVisit>([&]() -> Result<store::TrainingVisit> {
        const auto date = parseDate(visit.visitDate);
        if (!date)
            return makeError(ErrorCode::InvalidArgument, "visit_date is YYYY-MM-DD");
        if (visit.siteId) {
            // The partner's trainer devices hold only the partner's sites: any other would stop their sync.
            auto site = m_store->site(*visit.siteId);
            if (!site)
                return site.error();
            if (site->partnerId != visit.partnerId)
                return makeError(ErrorCode::InvalidArgument, "site " + *visit.siteId + " does not belong to partner " + visit.partnerId);
        }
        auto day = trainingDayLocked(visit.partnerId, *date);
        if (!day)
            return day.error();
        if (day->check.verdict != registry::TrainingDayVerdict::Entitled)
            return makeError(ErrorCode::Conflict, "no training day for this partner on " + visit.visitDate + ": " + day->check.explanation);
        for (const auto& other : day->visits) {
            const auto otherDate = parseDate(other.visitDate);
            if (other.status == store::VisitStatus::Planned && otherDate && otherDate->year() == date->year())
                return makeError(ErrorCode::Conflict, "a training day is already planned for this partner on " + other.visitDate + " (visit "
                                                          + other.id + "); one day per year");
        }
        return m_store->addTrainingVisit(visit);
    });
}

namespace {

std::string fixed1(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// One survey-based indicator as a new version of the assessment's observation of it.
store::Observation surveyObservation(const survey::SurveyResults& results, const survey::IndicatorResult& indicator,
                                     const std::string& assessmentId, const std::optional<std::string>& parentId)
{
    const auto& p = indicator.satisfied;
    store::Observation o;
    o.parentId = parentId;
    o.assessmentId = assessmentId;
    o.indicatorCode = indicator.indicator.code;
    o.value = Decimal::fromDouble(std::round(p.share * 10000) / 100);  // percent, 2 decimals
    o.unit = "%";
    o.method = "resident survey " + results.surveyId + " v" + std::to_string(results.version) + ", question \"" + indicator.indicator.question
               + "\": share of respondents";
    o.note = "n = " + std::to_string(p.n) + " respondents; 95% margin of error ±" + fixed1(p.marginOfError * 100)
             + " percentage points (Wilson 95% interval " + fixed1(p.wilsonLow * 100) + "–" + fixed1(p.wilsonHigh * 100) + " %); "
             + std::to_string(results.rejected.empty() ? 0 : std::accumulate(results.rejected.begin(), results.rejected.end(), std::int64_t{0},
                                                                              [](std::int64_t sum, const auto& r) { return sum + r.second; }))
             + " submissions rejected by the kiosk limits";
    o.observedAt = nowUtcTimestamp();
    o.inspector = "survey:" + results.surveyId;
    return o;
}

}  // namespace

Result<survey::SurveyResults> SqliteCentralStore::resultsLocked(const std::string& surveyId, std::optional<int> version,
                                                                const std::optional<std::string>& siteId)
{
    auto definitions = m_store->surveyDefinitions();
    if (!definitions)
        return definitions.error();
    const store::SurveyDefinition* chosen = nullptr;
    for (const auto& d : *definitions) {
        if (d.id == surveyId && (version ? d.version == *version : (!chosen || d.version > chosen->version)))
            chosen = &d;
    }
    if (!chosen)
        return makeError(ErrorCode::NotFound, "no survey " + surveyId + (version ? " version " + std::to_string(*version) : std::string()));
    auto parsed = survey::surveyOf(*chosen);
    if (!parsed)
        return parsed.error();
    auto responses = m_store->surveyResponses(chosen->id, chosen->version, siteId);
    if (!responses)
        return responses.error();
    std::vector<survey::Answers> answers;
    answers.reserve(responses->size());
    for (const auto& r : *responses) {
        boost::system::error_code ec;
        auto json = boost::json::parse(r.answersJson, ec);
        auto decoded = ec ? Result<survey::Answers>(makeError(ErrorCode::Internal, "broken answers")) : survey::answersFromJson(*parsed, json);
        if (!decoded)
            return makeError(ErrorCode::Internal, "response " + r.id + " cannot be read: " + decoded.error().message);
        answers.push_back(std::move(*decoded));
    }
    auto results = survey::aggregate(*parsed, answers);
    results.siteId = siteId.value_or("");
    auto rejected = m_store->surveyRejectionCounts(chosen->id, chosen->version, siteId);
    if (!rejected)
        return rejected.error();
    results.rejected = std::move(*rejected);
    return results;
}

Result<survey::SurveyResults> SqliteCentralStore::surveyResults(const std::string& surveyId, std::optional<int> version,
                                                                const std::optional<std::string>& siteId)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    std::lock_guard lock(m_mutex);
    return resultsLocked(surveyId, version, siteId);
}

Result<std::vector<store::Observation>> SqliteCentralStore::publishSurveyObservations(const std::string& surveyId, int version,
                                                                                      const std::string& assessmentId)
{
    return publish<std::vector<store::Observation>>([&]() -> Result<std::vector<store::Observation>> {
        auto assessment = m_store->assessment(assessmentId);
        if (!assessment)
            return assessment.error();
        if (assessment->status == store::AssessmentStatus::Certified || assessment->status == store::AssessmentStatus::NotCertified)
            return makeError(ErrorCode::Conflict, "assessment " + assessmentId + " is decided (" + std::string(store::toString(assessment->status))
                                                      + "); its observations no longer change");
        auto results = resultsLocked(surveyId, version, assessment->siteId);
        if (!results)
            return results.error();
        if (results->indicators.empty())
            return makeError(ErrorCode::InvalidArgument, "survey " + surveyId + " version " + std::to_string(version) + " defines no indicators");
        if (results->responses == 0)
            return makeError(ErrorCode::Conflict, "the site of assessment " + assessmentId + " has no responses to survey " + surveyId + " yet");
        auto heads = m_store->latestObservations(assessmentId);
        if (!heads)
            return heads.error();
        std::vector<store::Observation> observations;
        for (const auto& indicator : results->indicators) {
            std::optional<std::string> parent;
            for (const auto& h : *heads) {
                if (h.indicatorCode == indicator.indicator.code)
                    parent = h.head.id;
            }
            observations.push_back(surveyObservation(*results, indicator, assessmentId, parent));
        }
        return m_store->recordObservations(std::move(observations));
    });
}

Result<store::Site> SqliteCentralStore::site(const std::string& siteId)
{
    std::lock_guard lock(m_mutex);
    return m_store->site(siteId);
}

Result<store::Partner> SqliteCentralStore::partner(const std::string& partnerId)
{
    std::lock_guard lock(m_mutex);
    return m_store->partner(partnerId);
}

Result<std::vector<store::Membership>> SqliteCentralStore::memberships(const std::string& partnerId)
{
    std::lock_guard lock(m_mutex);
    return m_store->memberships(partnerId);
}

Result<TrainingDayStatus> SqliteCentralStore::trainingDay(const std::string& partnerId, Date date)
{
    std::lock_guard lock(m_mutex);
    return trainingDayLocked(partnerId, date);
}

Result<TrainingDayStatus> SqliteCentralStore::trainingDayLocked(const std::string& partnerId, Date date)
{
    return m_store->trainingDay(partnerId, date);
}

// ---- Reading

Result<std::vector<store::Assessment>> SqliteCentralStore::visibleAssessments(const Device& device)
{
    std::lock_guard lock(m_mutex);
    auto all = m_store->assessments();
    if (!all || device.role == Role::Admin || device.role == Role::Reviewer)
        return all;
    if (device.role != Role::Inspector)
        return std::vector<store::Assessment>{};
    auto visible = visibleAssessmentIds(device);
    if (!visible)
        return visible.error();
    std::vector<store::Assessment> mine;
    for (auto& a : *all) {
        if (visible->contains(a.id))
            mine.push_back(std::move(a));
    }
    return mine;
}

Result<std::vector<store::SurveyDefinition>> SqliteCentralStore::surveyDefinitions()
{
    std::lock_guard lock(m_mutex);
    return m_store->surveyDefinitions();
}

Result<std::vector<store::Conflict>> SqliteCentralStore::conflicts(const std::string& assessmentId)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    std::lock_guard lock(m_mutex);
    return m_store->conflicts(assessmentId);
}

Result<std::vector<store::IndicatorHead>> SqliteCentralStore::latestObservations(const std::string& assessmentId)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    std::lock_guard lock(m_mutex);
    return m_store->latestObservations(assessmentId);
}

Result<store::Evidence> SqliteCentralStore::evidence(const std::string& sha256)
{
    if (auto caughtUp = waitForIntake(); !caughtUp)
        return caughtUp.error();
    std::lock_guard lock(m_mutex);
    return m_store->evidence(sha256);
}

std::size_t SqliteCentralStore::intakeBacklogOps()
{
    std::lock_guard lock(m_intakeMutex);
    return m_pendingOps;
}

StoreCounters SqliteCentralStore::counters()
{
    (void)waitForIntake();  // what was acknowledged is counted once it is applied
    std::lock_guard lock(m_mutex);
    auto counters = m_counters;
    counters.pushesTakenIn = m_takenIn;
    return counters;
}

}  // namespace igmc::server
