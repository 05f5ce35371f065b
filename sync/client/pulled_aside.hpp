// Pulled ops a device cannot apply (a record it does not hold yet, a rule of its store they
// break) are kept aside with the reason, instead of stopping this sync and every one after it,
// and tried again after each pull, in the order the server logged them.
//
// Invariants (tests cite these numbers):
//  1. Each pulled op is either applied or aside, in the transaction that stores its page's cursor.
//  2. A failure of the store itself (disk, I/O, a lock) sets nothing aside: it stops the sync as before.
//  3. An op that applies on a later try leaves the aside list in the transaction that applies it.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/op_apply.hpp"
#include "store/store.hpp"

#include <string>
#include <vector>

namespace igmc::sync {

// Invariant 2: whether an op failing with `error` may be set aside.
bool canSetAside(const Error& error);
// Inside the page's transaction.
Result<void> setAside(store::Store& store, const Op& op, const DecodedRecord& record, const Error& why);

struct AsideOp {
    std::int64_t seq = 0;
    std::string opId;
    std::string reason;
    std::string firstFailedAt;
    std::int64_t attempts = 0;
};
Result<std::vector<AsideOp>> asideOps(store::Store& store);

struct AsideRetry {
    std::int64_t applied = 0;
    std::int64_t conflicts = 0;
    std::int64_t stillAside = 0;
};
// Tries every op aside again, oldest first, each in a transaction of its own (invariant 3).
Result<AsideRetry> retryAside(store::Store& store);

}  // namespace igmc::sync
