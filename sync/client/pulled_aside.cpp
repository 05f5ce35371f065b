// SPDX-License-Identifier: Apache-2.0
#include "client/pulled_aside.hpp"

#include "core/calendar.hpp"
#include "protocol/direct_decoder.hpp"
#include "store/record_json.hpp"

namespace igmc::sync {

namespace {

// One op as a push body: the wire's own encoding, decoded again by decodePush.
std::string pushJson(Op op, const DecodedRecord& record)
{
    if (op.payload.empty() && op.rawPayload.empty() && record)
        op.payload = store::toJson(*record);  // a version decoded directly carries its record only
    PushRequest request;
    request.ops.push_back(std::move(op));
    return encode(request);
}

Result<void> noteAttempt(store::Store& store, std::int64_t seq, const Error& why)
{
    static const store::CachedSql kAgain("UPDATE sync_aside SET attempts = attempts + 1, reason = ? WHERE seq = ?");
    auto stmt = store.database().prepare(kAgain);
    if (!stmt)
        return stmt.error();
    return stmt->execute(why.message, seq);
}

Result<void> forget(store::Store& store, std::int64_t seq)
{
    static const store::CachedSql kForget("DELETE FROM sync_aside WHERE seq = ?");
    auto stmt = store.database().prepare(kForget);
    if (!stmt)
        return stmt.error();
    return stmt->execute(seq);
}

// Applies the op kept at `seq` in a transaction of its own: true when it applied.
Result<bool> tryAgain(store::Store& store, std::int64_t seq, const std::string& json, std::int64_t& conflicts)
{
    auto decoded = decodePush(json);
    if (!decoded || decoded->request.ops.size() != 1)
        return makeError(ErrorCode::Internal, "an op kept aside (seq " + std::to_string(seq) + ") no longer decodes");
    auto& op = decoded->request.ops.front();
    DecodedRecord record = decoded->records.empty() ? DecodedRecord() : std::move(decoded->records.front());
    Error why;
    {
        auto tx = store::Transaction::begin(store.database());
        if (!tx)
            return tx.error();
        auto applied = applyOp(store, op, &record);
        if (applied) {
            if (auto done = forget(store, seq); !done)
                return done.error();
            if (auto done = tx->commit(); !done)
                return done.error();
            conflicts += applied->conflict ? 1 : 0;
            return true;
        }
        if (!canSetAside(applied.error()))
            return applied.error();
        why = applied.error();
    }  // the failed attempt is taken back before it is noted
    if (auto noted = noteAttempt(store, seq, why); !noted)
        return noted.error();
    return false;
}

}  // namespace

bool canSetAside(const Error& error)
{
    return error.code != ErrorCode::StorageError && error.code != ErrorCode::IoError && error.code != ErrorCode::Unavailable
           && error.code != ErrorCode::Cancelled;
}

Result<void> setAside(store::Store& store, const Op& op, const DecodedRecord& record, const Error& why)
{
    static const store::CachedSql kAside(
        "INSERT INTO sync_aside (seq, op_id, push_json, reason, first_failed_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (seq) DO UPDATE SET attempts = attempts + 1, reason = excluded.reason");
    auto stmt = store.database().prepare(kAside);
    if (!stmt)
        return stmt.error();
    return stmt->execute(op.seq, op.opId, pushJson(op, record), why.message, nowUtcTimestamp());
}

Result<std::vector<AsideOp>> asideOps(store::Store& store)
{
    auto stmt = store.database().prepare("SELECT seq, op_id, reason, first_failed_at, attempts FROM sync_aside ORDER BY seq");
    if (!stmt)
        return stmt.error();
    std::vector<AsideOp> ops;
    while (true) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return ops;
        ops.push_back({stmt->integer(0), stmt->text(1), stmt->text(2), stmt->text(3), stmt->integer(4)});
    }
}

Result<AsideRetry> retryAside(store::Store& store)
{
    std::vector<std::pair<std::int64_t, std::string>> kept;
    {
        auto stmt = store.database().prepare("SELECT seq, push_json FROM sync_aside ORDER BY seq");
        if (!stmt)
            return stmt.error();
        while (true) {
            auto row = stmt->step();
            if (!row)
                return row.error();
            if (!*row)
                break;
            kept.emplace_back(stmt->integer(0), stmt->text(1));
        }
    }
    AsideRetry retry;
    for (const auto& [seq, json] : kept) {
        auto applied = tryAgain(store, seq, json, retry.conflicts);
        if (!applied)
            return applied.error();
        ++(*applied ? retry.applied : retry.stillAside);
    }
    return retry;
}

}  // namespace igmc::sync
