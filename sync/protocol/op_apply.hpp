// The merge rules: how an op received from elsewhere changes a store, the same on the server
// (pushed ops) and on a device (pulled ops).
//
// Invariants (tests cite these numbers):
//  1. Applying an op twice changes nothing the second time (records are keyed by their ids).
//  2. Observation versions are never merged: two versions with the same parent are both kept, a
//     provisional head is chosen by (HLC, device id), and a conflict is recorded for a reviewer.
//  3. Mutable fields (assessment status, training-visit completion) merge per field by HLC:
//     the higher HLC wins, whatever order the ops arrive in.
//  4. A delete leaves a tombstone; a create or update older than the tombstone is ignored.
//  5. Nothing applied here is journaled, so it is never pushed back.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/wire.hpp"
#include "store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace igmc::sync {

struct ApplyResult {
    bool changed = false;   // false: already known, or older than what is stored
    bool conflict = false;
};

// The assessment and partner an op belongs to, for scoping who may push and pull it.
struct OpScope {
    std::optional<std::string> assessmentId;
    std::optional<std::string> partnerId;
    std::optional<std::string> siteId;
};

// An observation version's record, decoded from its op's payload ahead of applying the op (while
// a push is checked, or while the previous pulled page is written), so that applying it does not
// decode the payload again.
using DecodedRecord = std::optional<store::Observation>;

// Checks that the op is a supported change with a well-formed payload, without touching a store.
// Where `decoded` is given, an observation version's record is kept there; a record already there
// (read by a direct decoder, by the same rules) stands for the payload and is not decoded again.
Result<void> checkOp(const Op& op, DecodedRecord* decoded = nullptr);
// The records of the ops that carry an observation version (nullopt for the others, and for a
// payload that does not decode: applyOp reports that one in its place).
std::vector<DecodedRecord> decodeRecords(const std::vector<Op>& ops);
// Inside a caller's transaction, a failure must abort that transaction (see invariant 1 of the
// sync engine and the server's push: a batch is all or nothing). A `decoded` record (of this op)
// is used instead of decoding the payload, and left as stored (a record without its
// recorded_at gets the moment it was applied; one of a version already stored is left as it came).
Result<ApplyResult> applyOp(store::Store& store, const Op& op, DecodedRecord* decoded = nullptr);
// An observation version's scope comes from its `record` where it has one (a version decoded
// directly has no payload); from its payload otherwise.
Result<OpScope> scopeOf(store::Store& store, const Op& op, const DecodedRecord& record = std::nullopt);

// The wire op for a local journal entry. Immutable records are read from their row.
Result<Op> opFromJournal(store::Store& store, const store::JournalEntry& entry);
// The same for a batch; observation versions are read in one statement and carried as JSON text
// (Op::rawPayload), for the push path.
Result<std::vector<Op>> opsFromJournal(store::Store& store, const std::vector<store::JournalEntry>& entries);
// Records that must not identify a device or a moment (resident survey responses and their
// rejections, training feedback): their ops carry no device id, a random op id and an hour-coarse
// clock stamp, and the server stores them without the pushing device or the precise receipt time.
bool isAnonymous(std::string_view entity);

}  // namespace igmc::sync
