// SPDX-License-Identifier: Apache-2.0
#include "store/schema.hpp"

#include <sqlite3.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace igmc::store {

namespace {

// Migration N (1-based) takes a file from version N-1 to N. Never edit a shipped migration:
// append a new one.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
    // 1: the partner registry, sites and assessments.
    R"sql(
CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) > 0),
  name_zh TEXT,
  type TEXT NOT NULL CHECK (type IN ('local_government', 'enterprise', 'institution')),
  subtype TEXT NOT NULL,
  country TEXT NOT NULL,
  population INTEGER CHECK (population IS NULL OR population >= 0),
  non_profit INTEGER NOT NULL DEFAULT 0 CHECK (non_profit IN (0, 1)),
  country_group TEXT NOT NULL DEFAULT 'none' CHECK (country_group IN ('none', 'ldc', 'lldc', 'sids')),
  contact TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE memberships (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  tier TEXT NOT NULL CHECK (tier IN ('A', 'B', 'C')),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL CHECK (end_date > start_date),
  years INTEGER NOT NULL CHECK (years >= 1),
  list_fee_cents INTEGER NOT NULL CHECK (list_fee_cents >= 0),
  discount TEXT NOT NULL CHECK (discount IN ('none', 'small_government', 'non_profit')),
  discount_cents INTEGER NOT NULL CHECK (discount_cents >= 0),
  waiver_cents INTEGER NOT NULL DEFAULT 0 CHECK (waiver_cents >= 0),
  waiver_approver TEXT,
  waiver_reason TEXT,
  fee_due_cents INTEGER NOT NULL CHECK (fee_due_cents >= 0),
  paid_at TEXT,
  created_at TEXT NOT NULL,
  CHECK (waiver_cents = 0 OR (length(waiver_approver) > 0 AND length(waiver_reason) > 0))
);
CREATE INDEX memberships_by_partner ON memberships(partner_id, end_date);
CREATE TABLE pilot_projects (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('nominated', 'approved', 'rejected', 'certification_requested')),
  nominated_at TEXT NOT NULL,
  reviewed_at TEXT,
  reviewer TEXT,
  review_note TEXT
);
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  partner_id TEXT REFERENCES partners(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('city', 'district', 'town', 'community', 'industrial_park', 'planning_project')),
  latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
  longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
  population INTEGER,
  area_km2 REAL,
  created_at TEXT NOT NULL
);
CREATE TABLE assessments (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  catalog_id TEXT NOT NULL,
  catalog_version TEXT NOT NULL,
  stage TEXT NOT NULL CHECK (stage IN ('planning', 'existing')),
  status TEXT NOT NULL CHECK (status IN ('draft', 'fieldwork', 'submitted', 'under_review', 'certified', 'not_certified')),
  due_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE assignments (
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  inspector TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (assessment_id, inspector)
);
)sql",
    // 2: field records: immutable observation versions, content-addressed evidence, the journal.
    R"sql(
CREATE TABLE observations (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES observations(id),
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  indicator_code TEXT NOT NULL,
  value_json TEXT,
  unit TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  na_reason TEXT,
  observed_at TEXT NOT NULL,
  latitude REAL,
  longitude REAL,
  accuracy_m REAL,
  inspector TEXT NOT NULL,
  device_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  CHECK ((value_json IS NULL) <> (na_reason IS NULL))
) WITHOUT ROWID;
-- No secondary indexes: reads go through observation_heads and parent links. One B-tree keyed by
-- the UUIDv7 id (time-ordered, so inserts land at its right edge) measured faster than a rowid
-- table plus an id index.
CREATE TRIGGER observations_are_immutable BEFORE UPDATE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are immutable: record a new version'); END;
CREATE TRIGGER observations_are_kept BEFORE DELETE ON observations
BEGIN SELECT RAISE(ABORT, 'observations are never deleted'); END;
-- Derived: the versions no other version names as parent. More than one per indicator = a conflict.
CREATE TABLE observation_heads (
  assessment_id TEXT NOT NULL,
  indicator_code TEXT NOT NULL,
  observation_id TEXT NOT NULL REFERENCES observations(id),
  PRIMARY KEY (assessment_id, indicator_code, observation_id)
) WITHOUT ROWID;
CREATE TABLE evidence (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  media_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  original_name TEXT NOT NULL DEFAULT '',
  captured_at TEXT,
  latitude REAL,
  longitude REAL,
  accuracy_m REAL,
  recorded_at TEXT NOT NULL
);
CREATE TABLE evidence_links (
  sha256 TEXT NOT NULL REFERENCES evidence(sha256),
  observation_id TEXT NOT NULL REFERENCES observations(id),
  PRIMARY KEY (sha256, observation_id)
) WITHOUT ROWID;
-- Local changes to ship, in order. Immutable records (observations) are not copied: their op names
-- the row, which never changes. Remote changes applied here are not journaled.
CREATE TABLE journal (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  payload TEXT NOT NULL,
  hlc TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE TRIGGER journal_is_append_only BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_is_kept BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal entries are never deleted'); END;
)sql",
    // 3: resident surveys and training visits.
    R"sql(
CREATE TABLE survey_definitions (
  id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  title_en TEXT NOT NULL,
  title_zh TEXT NOT NULL,
  definition_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE survey_responses (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL,
  survey_version INTEGER NOT NULL,
  site_id TEXT NOT NULL REFERENCES sites(id),
  language TEXT NOT NULL CHECK (language IN ('en', 'zh')),
  answers_json TEXT NOT NULL,
  submitted_hour TEXT NOT NULL,
  FOREIGN KEY (survey_id, survey_version) REFERENCES survey_definitions(id, version)
);
CREATE TRIGGER survey_responses_are_immutable BEFORE UPDATE ON survey_responses
BEGIN SELECT RAISE(ABORT, 'survey responses are immutable'); END;
CREATE TABLE training_visits (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  visit_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned', 'completed', 'cancelled')),
  agenda_json TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  report_sha256 TEXT,
  created_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE TABLE training_attendance (
  visit_id TEXT NOT NULL REFERENCES training_visits(id),
  name TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT '',
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  signed_at TEXT NOT NULL,
  PRIMARY KEY (visit_id, name, organisation)
);
CREATE TABLE training_feedback (
  visit_id TEXT NOT NULL REFERENCES training_visits(id),
  session TEXT NOT NULL,
  response_id TEXT NOT NULL REFERENCES survey_responses(id),
  PRIMARY KEY (visit_id, session, response_id)
);
)sql",
    // 4: synchronisation: the server's op log, devices and enrollment codes, recorded conflicts,
    // per-field clocks for last-writer-wins merges, and tombstones.
    R"sql(
CREATE TABLE sync_ops (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  payload TEXT NOT NULL,
  assessment_id TEXT,
  partner_id TEXT,
  received_at TEXT NOT NULL
);
CREATE INDEX sync_ops_by_assessment ON sync_ops(assessment_id, seq) WHERE assessment_id IS NOT NULL;
CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  assessment_id TEXT NOT NULL,
  indicator_code TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  observation_ids TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT,
  UNIQUE (assessment_id, indicator_code, parent_id)
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'inspector', 'trainer', 'kiosk')),
  scope_json TEXT NOT NULL DEFAULT '{}',
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT
);
CREATE TABLE enrollment_codes (
  code_hash TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'inspector', 'trainer', 'kiosk')),
  scope_json TEXT NOT NULL DEFAULT '{}',
  label TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
);
CREATE TABLE field_clocks (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  field TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id, field)
) WITHOUT ROWID;
CREATE TABLE tombstones (
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id)
) WITHOUT ROWID;
)sql",
    // 5: kiosk rejections (counted, never silently dropped), per-session training feedback, and the
    // site a training visit takes place at (its feedback responses name that site), and its site walk.
    R"sql(
CREATE TABLE survey_rejections (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL,
  survey_version INTEGER NOT NULL,
  site_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('too_fast', 'rate_limited')),
  hour TEXT NOT NULL
);
CREATE INDEX survey_rejections_by_survey ON survey_rejections(survey_id, survey_version, site_id);
CREATE INDEX survey_responses_by_survey ON survey_responses(survey_id, survey_version, site_id);
CREATE INDEX survey_responses_by_hour ON survey_responses(site_id, submitted_hour);
ALTER TABLE training_visits ADD COLUMN site_id TEXT REFERENCES sites(id);
-- The site walk: notes and recommendations, each with the hashes of its photos (evidence records).
ALTER TABLE training_visits ADD COLUMN walk_json TEXT NOT NULL DEFAULT '[]';
)sql",
    // 6: observation_heads without its foreign key. A head is always written in the transaction that
    // inserts its version, so the key proved nothing, and checking it cost a seek in observations
    // for every version recorded (a fifth of an insert).
    R"sql(
CREATE TABLE observation_heads_v6 (
  assessment_id TEXT NOT NULL,
  indicator_code TEXT NOT NULL,
  observation_id TEXT NOT NULL,
  PRIMARY KEY (assessment_id, indicator_code, observation_id)
) WITHOUT ROWID;
INSERT INTO observation_heads_v6 SELECT assessment_id, indicator_code, observation_id FROM observation_heads;
DROP TABLE observation_heads;
ALTER TABLE observation_heads_v6 RENAME TO observation_heads;
)sql",
    // 7: the versions of a conflict as rows. A JSON list in the conflict grew with every device that
    // branched, and rewriting it for each new branch made many devices pushing first versions of the
    // same indicators quadratic.
    R"sql(
CREATE TABLE conflict_versions (
  conflict_id TEXT NOT NULL REFERENCES conflicts(id),
  observation_id TEXT NOT NULL,
  PRIMARY KEY (conflict_id, observation_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO conflict_versions (conflict_id, observation_id)
  SELECT c.id, j.value FROM conflicts c, json_each(c.observation_ids) j WHERE json_valid(c.observation_ids) AND j.type = 'text';
ALTER TABLE conflicts DROP COLUMN observation_ids;
)sql",
    // 8: no index of the op log by assessment: no query reads through it (a pull walks the log by
    // sequence), and every pushed op paid for keeping it.
    R"sql(
DROP INDEX sync_ops_by_assessment;
)sql",
    // 9: heads in two tables. Nearly every indicator has one head: keyed by the indicator alone, an
    // edit overwrites its parent's id in place and a first version claims the key in one statement
    // (the old table needed a probe and an insert, or a delete and an insert, per version). The
    // extra heads of a conflict sit beside it; the view keeps the one set readers used before.
    R"sql(
CREATE TABLE indicator_heads (
  assessment_id TEXT NOT NULL,
  indicator_code TEXT NOT NULL,
  observation_id TEXT NOT NULL,
  PRIMARY KEY (assessment_id, indicator_code)
) WITHOUT ROWID;
CREATE TABLE branch_heads (
  assessment_id TEXT NOT NULL,
  indicator_code TEXT NOT NULL,
  observation_id TEXT NOT NULL,
  PRIMARY KEY (assessment_id, indicator_code, observation_id)
) WITHOUT ROWID;
INSERT INTO indicator_heads (assessment_id, indicator_code, observation_id)
  SELECT assessment_id, indicator_code, min(observation_id) FROM observation_heads GROUP BY assessment_id, indicator_code;
INSERT INTO branch_heads (assessment_id, indicator_code, observation_id)
  SELECT h.assessment_id, h.indicator_code, h.observation_id FROM observation_heads h
  WHERE NOT EXISTS (SELECT 1 FROM indicator_heads i WHERE i.assessment_id = h.assessment_id
                    AND i.indicator_code = h.indicator_code AND i.observation_id = h.observation_id);
DROP TABLE observation_heads;
CREATE VIEW observation_heads (assessment_id, indicator_code, observation_id) AS
  SELECT assessment_id, indicator_code, observation_id FROM indicator_heads
  UNION ALL SELECT assessment_id, indicator_code, observation_id FROM branch_heads;
)sql",
    // 10: observations without the foreign key on parent_id; done in code (dropParentKey below).
    R"sql(
-- Every version is stored through Store::insertObservation, whose head update proves the parent
-- exists with the same assessment and indicator (Store::checkParent where it is not a head), so
-- the key proved nothing again, and checking it cost a seek in observations for every edit stored,
-- pushed or pulled (7-8 % of applying one, measured in igmc_bench_sync_apply).
)sql",
    // 11: pushes the server acknowledged from its intake log and then could not apply, kept whole
    // for an administrator instead of dropped (the server checks each before it acknowledges it,
    // so none is expected here).
    R"sql(
CREATE TABLE intake_refused (
  number INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL,
  body TEXT NOT NULL,
  error TEXT NOT NULL,
  refused_at TEXT NOT NULL
);
)sql",
    // 12: the device id a server device's records carry (its store's own, not the server's id for
    // it): bound by its first push, so no other device can author versions in its name.
    R"sql(
ALTER TABLE devices ADD COLUMN author_id TEXT;
CREATE INDEX devices_author ON devices (author_id) WHERE author_id IS NOT NULL;
)sql",
    // 13: pulled ops a device could not apply, kept aside with the reason instead of stopping every
    // sync after them (sync/client/pulled_aside.hpp); on the server, each device's scope epoch and
    // the scope it stands for (sync/README.md, "Scope changes"), and the ops it last said it keeps
    // aside (with last_seen_at: its last sync).
    R"sql(
ALTER TABLE devices ADD COLUMN scope_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN scope_seen TEXT;
ALTER TABLE devices ADD COLUMN problems_json TEXT;
CREATE TABLE sync_aside (
  seq INTEGER PRIMARY KEY,
  op_id TEXT NOT NULL,
  push_json TEXT NOT NULL,
  reason TEXT NOT NULL,
  first_failed_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 1
);
)sql",
};

constexpr int kDropParentKey = 10;

// SQLite's documented way to drop a FOREIGN KEY without copying the table (lang_altertable.html,
// "making other kinds of table schema changes"): edit the table's definition in sqlite_schema and
// bump the schema cookie, in the migration's transaction. A definition that is not the one this
// program wrote is left as it is (the key then only costs time); the new one is tried on a scratch
// database first, because one that does not parse would leave the file unreadable.
Result<std::optional<std::string>> observationsDefinition(Database& db)
{
    auto stmt = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'observations'");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? std::optional<std::string>(stmt->text(0)) : std::nullopt;
}

Result<void> dropParentKey(Database& db)
{
    auto current = observationsDefinition(db);
    if (!current)
        return current.error();
    if (!*current)
        return {};
    std::string definition = std::move(**current);
    static constexpr std::string_view kColumn = "parent_id TEXT";
    static constexpr std::string_view kKey = " REFERENCES observations(id)";
    const auto at = definition.find(std::string(kColumn) + std::string(kKey) + ",");
    if (at == std::string::npos)
        return {};
    definition.erase(at + kColumn.size(), kKey.size());
    sqlite3* scratch = nullptr;
    const int opened = sqlite3_open(":memory:", &scratch);
    const std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(scratch, sqlite3_close);
    if (opened != SQLITE_OK || sqlite3_exec(scratch, definition.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        return makeError(ErrorCode::StorageError, "the revised definition of observations does not parse", definition);
    auto cookie = db.queryInteger("PRAGMA schema_version");
    if (!cookie)
        return cookie.error();
    if (auto done = db.exec("PRAGMA writable_schema = ON"); !done)
        return done.error();
    auto edit = db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'observations'");
    Result<void> edited = edit ? edit->execute(definition) : Result<void>(edit.error());
    if (edited)
        edited = db.exec("PRAGMA schema_version = " + std::to_string(*cookie + 1));
    auto off = db.exec("PRAGMA writable_schema = OFF");
    if (!edited)
        return edited.error();
    return off;
}

Result<bool> isEmptyFile(Database& db)
{
    auto count = db.queryInteger("SELECT count(*) FROM sqlite_schema");
    if (!count)
        return count.error();
    return *count == 0;
}

}  // namespace

Result<int> schemaVersion(Database& db)
{
    auto version = db.queryInteger("PRAGMA user_version");
    if (!version)
        return version.error();
    return static_cast<int>(*version);
}

Result<void> migrate(Database& db, int target)
{
    auto appId = db.queryInteger("PRAGMA application_id");
    if (!appId)
        return appId.error();
    auto version = schemaVersion(db);
    if (!version)
        return version.error();
    if (*appId != kApplicationId) {
        auto empty = isEmptyFile(db);
        if (!empty)
            return empty.error();
        if (*appId != 0 || !*empty)
            return makeError(ErrorCode::StorageError, "not an IGMC store (another application's SQLite file)", db.path());
    }
    if (*version > kSchemaVersion) {
        return makeError(ErrorCode::StorageError,
                         "the store has schema version " + std::to_string(*version) + " but this program knows only up to "
                             + std::to_string(kSchemaVersion) + "; update the program (the file was left untouched)",
                         db.path());
    }
    for (int next = *version + 1; next <= target; ++next) {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        auto done = db.exec(kMigrations[static_cast<std::size_t>(next - 1)]);
        if (done && next == kDropParentKey)
            done = dropParentKey(db);
        if (!done)
            return makeError(ErrorCode::StorageError, "migration to schema version " + std::to_string(next)
                                                          + " failed: " + done.error().message, db.path());
        const std::string bump = "PRAGMA user_version = " + std::to_string(next) + "; PRAGMA application_id = "
                                 + std::to_string(kApplicationId) + ";";
        if (auto done = db.exec(bump); !done)
            return done.error();
        if (auto done = tx->commit(); !done)
            return done.error();
    }
    return {};
}

}  // namespace igmc::store
