// Opening a file made by every earlier schema version migrates it forward with its data intact.
// SPDX-License-Identifier: Apache-2.0
#include "store/schema.hpp"

#include "store/store.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace igmc::store {
namespace {

// Fills a file at `version` with one row per table that version has, through raw SQL as the
// program of that time would have written it.
void fillAtVersion(Database& db, int version)
{
    if (version >= 1) {
        ASSERT_TRUE(db.exec("INSERT INTO store_meta VALUES ('device_id', 'old-device');"
                            "INSERT INTO partners (id, name, type, subtype, country, created_at) "
                            "VALUES ('p1', 'Qujiang District', 'local_government', 'district_government', 'CN', '2025-01-01T00:00:00.000Z');"
                            "INSERT INTO sites (id, partner_id, name, kind, created_at) VALUES ('s1', 'p1', 'Qujiang', 'district', '2025-01-01T00:00:00.000Z');"
                            "INSERT INTO assessments (id, site_id, catalog_id, catalog_version, stage, status, created_at, updated_at) "
                            "VALUES ('a1', 's1', 'igmc-3.0-city', '3.0.0-ref.1', 'existing', 'fieldwork', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z');"));
    }
    if (version >= 2) {
        // Two competing first versions of one indicator (o0 from another device): two heads.
        ASSERT_TRUE(db.exec("INSERT INTO observations (id, assessment_id, indicator_code, value_json, observed_at, inspector, device_id, hlc, recorded_at) "
                            "VALUES ('o0', 'a1', 'EN1.1', '{\"number\":\"30\"}', '2025-01-31T00:00:00Z', 'i2', 'other-device', '1738281600000.000000', '2025-01-31T00:00:00.000Z'),"
                            "('o1', 'a1', 'EN1.1', '{\"number\":\"31.5\"}', '2025-02-01T00:00:00Z', 'i1', 'old-device', '1738368000000.000000', '2025-02-01T00:00:00.000Z');"
                            "INSERT INTO journal (op_id, entity, entity_id, action, payload, hlc, recorded_at) "
                            "VALUES ('op1', 'observation', 'o1', 'create', '{}', '1738368000000.000000', '2025-02-01T00:00:00.000Z');"));
        if (version < 9) {
            ASSERT_TRUE(db.exec("INSERT INTO observation_heads VALUES ('a1', 'EN1.1', 'o0'), ('a1', 'EN1.1', 'o1');"));
        } else {  // v9 split the heads
            ASSERT_TRUE(db.exec("INSERT INTO indicator_heads VALUES ('a1', 'EN1.1', 'o0'); INSERT INTO branch_heads VALUES ('a1', 'EN1.1', 'o1');"));
        }
    }
    if (version >= 4 && version < 7) {  // v7 moved the list into conflict_versions
        ASSERT_TRUE(db.exec("INSERT INTO conflicts (id, assessment_id, indicator_code, parent_id, observation_ids, detected_at) "
                            "VALUES ('c1', 'a1', 'EN1.1', '', '[\"o1\", \"o0\"]', '2025-02-01T00:00:00.000Z');"));
    }
    if (version >= 7) {
        ASSERT_TRUE(db.exec("INSERT INTO conflicts (id, assessment_id, indicator_code, parent_id, detected_at) "
                            "VALUES ('c1', 'a1', 'EN1.1', '', '2025-02-01T00:00:00.000Z');"
                            "INSERT INTO conflict_versions VALUES ('c1', 'o1'), ('c1', 'o0');"));
    }
}

std::int64_t countRows(Database& db, const std::string& table)
{
    auto stmt = db.prepare("SELECT count(*) FROM " + table);
    EXPECT_TRUE(stmt && *stmt->step());
    return stmt->integer(0);
}

class SchemaMigration : public testing::TestWithParam<int> {};

TEST_P(SchemaMigration, FromEveryEarlierVersionKeepsTheData)
{
    const int from = GetParam();
    test::TempDir dir;
    const auto path = dir.path("old.sqlite");
    {
        auto db = Database::open(path);
        ASSERT_TRUE(db);
        ASSERT_TRUE(migrate(*db, from));
        ASSERT_EQ(*schemaVersion(*db), from);
        fillAtVersion(*db, from);
    }
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(*schemaVersion((*store)->database()), kSchemaVersion);
    if (from >= 1) {
        EXPECT_EQ((*store)->deviceId(), "old-device");
        EXPECT_EQ((*store)->partner("p1")->name, "Qujiang District");
        EXPECT_EQ((*store)->assessment("a1")->status, AssessmentStatus::Fieldwork);
    }
    if (from >= 2) {
        const auto heads = (*store)->latestObservations("a1");
        ASSERT_TRUE(heads);
        ASSERT_EQ(heads->size(), 1U);
        EXPECT_EQ(heads->front().head.id, "o1");
        EXPECT_EQ(heads->front().otherHeadIds, (std::vector<std::string>{"o0"}));
        // The migrated heads take an edit of one competing version (v6 rebuilt them, v9 split them).
        Observation edit = *(*store)->observation("o1");
        edit.id.clear();
        edit.hlc.clear();
        edit.recordedAt.clear();
        edit.deviceId.clear();
        edit.parentId = "o1";
        const auto stored = (*store)->recordObservation(edit);
        ASSERT_TRUE(stored) << stored.error().message;
        ASSERT_EQ((*store)->latestObservations("a1")->size(), 1U);
        EXPECT_EQ((*store)->latestObservations("a1")->front().head.id, stored->id);
        EXPECT_EQ((*store)->latestObservations("a1")->front().otherHeadIds, (std::vector<std::string>{"o0"}));
        EXPECT_EQ(countRows((*store)->database(), "observation_heads"), 2);
        // The HLC continues after the old journal's.
        Partner p;
        p.name = "New";
        p.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
        p.country = "CN";
        ASSERT_TRUE((*store)->addPartner(p));
        EXPECT_GT((*store)->journal(0, 10)->back().hlc, "1738368000000.000000");
    }
    if (from >= 4) {
        const auto conflicts = (*store)->conflicts("a1");
        ASSERT_TRUE(conflicts) << conflicts.error().message;
        ASSERT_EQ(conflicts->size(), 1U);
        EXPECT_EQ(conflicts->front().observationIds, (std::vector<std::string>{"o0", "o1"}));
    }
    // The newest tables work after migration.
    SurveyDefinition survey{"s", 1, "Survey", "问卷", "{}", ""};
    EXPECT_TRUE((*store)->addSurveyDefinition(survey));
}

INSTANTIATE_TEST_SUITE_P(AllVersions, SchemaMigration, testing::Range(0, kSchemaVersion));

std::vector<std::string> foreignKeys(Database& db, const std::string& table)
{
    auto stmt = db.prepare("SELECT \"from\" || ' -> ' || \"table\" FROM pragma_foreign_key_list('" + table + "') ORDER BY 1");
    std::vector<std::string> keys;
    while (stmt && *stmt->step())
        keys.push_back(stmt->text(0));
    return keys;
}

// v10 drops the key on parent_id by editing the table's definition in place (no copy of the
// table): the other keys stay, the file checks out whole, and the store still refuses an edit of a
// version it does not hold, or of one of another indicator, and stores nothing of it.
TEST(SchemaMigration, Version10DropsTheParentKeyInPlaceAndTheStoreStillChecksParents)
{
    test::TempDir dir;
    const auto path = dir.path("v9.sqlite");
    {
        auto db = Database::open(path);
        ASSERT_TRUE(migrate(*db, 9));
        fillAtVersion(*db, 9);
        EXPECT_EQ(foreignKeys(*db, "observations"), (std::vector<std::string>{"assessment_id -> assessments", "parent_id -> observations"}));
    }
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().message;
    auto& db = (*store)->database();
    EXPECT_EQ(foreignKeys(db, "observations"), (std::vector<std::string>{"assessment_id -> assessments"}));
    EXPECT_EQ(foreignKeys(db, "evidence_links"), (std::vector<std::string>{"observation_id -> observations", "sha256 -> evidence"}));
    auto check = db.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check && *check->step());
    EXPECT_EQ(check->text(0), "ok");
    auto dangling = db.prepare("SELECT count(*) FROM pragma_foreign_key_check");
    ASSERT_TRUE(dangling && *dangling->step());
    EXPECT_EQ(dangling->integer(0), 0);
    EXPECT_EQ(countRows(db, "observations"), 2);

    Observation edit = *(*store)->observation("o1");
    edit.id.clear();
    edit.hlc.clear();
    edit.recordedAt.clear();
    edit.deviceId.clear();
    edit.parentId = "no-such-version";
    const auto orphan = (*store)->recordObservation(edit);
    ASSERT_FALSE(orphan);
    EXPECT_NE(orphan.error().message.find("the parent version no-such-version does not exist"), std::string::npos) << orphan.error().message;
    edit.parentId = "o1";
    edit.indicatorCode = "EN1.2";
    const auto elsewhere = (*store)->recordObservation(edit);
    ASSERT_FALSE(elsewhere);
    EXPECT_NE(elsewhere.error().message.find("keep its parent's assessment and indicator"), std::string::npos) << elsewhere.error().message;
    EXPECT_EQ(countRows(db, "observations"), 2);
    EXPECT_EQ(countRows(db, "observation_heads"), 2);
    EXPECT_EQ(countRows(db, "journal"), 1);
    // A version from elsewhere (a pulled page, a push) is held to the same rule.
    Observation remote = *(*store)->observation("o1");
    remote.id = "remote-edit";
    remote.parentId = "no-such-version";
    ASSERT_FALSE((*store)->applyRemoteObservation(remote));
    EXPECT_EQ(countRows(db, "observations"), 2);
}

TEST(SchemaMigration, EachMigrationIsAtomic)
{
    test::TempDir dir;
    auto db = Database::open(dir.path("atomic.sqlite"));
    ASSERT_TRUE(migrate(*db, 1));
    // A table that migration 2 wants to create already exists: migration 2 fails as a whole.
    ASSERT_TRUE(db->exec("CREATE TABLE evidence (x)"));
    const auto failed = migrate(*db);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("migration to schema version 2 failed"), std::string::npos);
    EXPECT_EQ(*schemaVersion(*db), 1);
    auto observations = db->prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'observations'");
    ASSERT_TRUE(*observations->step());
    EXPECT_EQ(observations->integer(0), 0);
}

}  // namespace
}  // namespace igmc::store
