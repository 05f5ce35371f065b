// The store's schema and its forward-only migrations, shared by devices and the server.
//
// Invariants:
//  1. PRAGMA user_version is the number of migrations applied; each migration runs in its own
//     transaction together with the user_version bump, so a file is always at exactly one version.
//  2. A file newer than kSchemaVersion is refused, never downgraded or written.
//  3. PRAGMA application_id marks IGMC stores; another application's SQLite file is refused.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "store/sqlite_database.hpp"

namespace igmc::store {

inline constexpr int kSchemaVersion = 13;
inline constexpr std::int64_t kApplicationId = 0x49474D43;  // "IGMC"

Result<int> schemaVersion(Database& db);
// Brings the file up to `target` (≤ kSchemaVersion). Tests use a lower target to build old files.
Result<void> migrate(Database& db, int target = kSchemaVersion);

}  // namespace igmc::store
