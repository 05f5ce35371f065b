// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_database.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace igmc::store {
namespace {

class SqliteDatabaseTest : public testing::Test {
protected:
    test::TempDir m_dir;
    Database m_db = std::move(Database::open(m_dir.path("db.sqlite")).value());
};

TEST_F(SqliteDatabaseTest, AppliesTheDurabilitySettings)
{
    auto mode = m_db.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode && *mode->step());
    EXPECT_EQ(mode->text(0), "wal");
    auto sync = m_db.prepare("PRAGMA synchronous");
    ASSERT_TRUE(sync && *sync->step());
    EXPECT_EQ(sync->integer(0), 2);  // FULL
    auto fk = m_db.prepare("PRAGMA foreign_keys");
    ASSERT_TRUE(fk && *fk->step());
    EXPECT_EQ(fk->integer(0), 1);
}

std::int64_t synchronousLevel(Database& db)
{
    auto level = db.prepare("PRAGMA synchronous");
    return level && *level->step() ? level->integer(0) : -1;
}

// A pulled page's commit skips the fsync while the guard lives; the connection's durability comes
// back after it, and inside a transaction (where SQLite refuses the change) nothing changes.
TEST_F(SqliteDatabaseTest, UnsyncedCommitsLastAsLongAsTheirGuard)
{
    ASSERT_TRUE(m_db.exec("CREATE TABLE t (x INTEGER)"));
    {
        const UnsyncedCommits refetchable(m_db);
        EXPECT_EQ(synchronousLevel(m_db), 1);  // NORMAL
        auto tx = Transaction::begin(m_db);
        ASSERT_TRUE(tx && m_db.exec("INSERT INTO t VALUES (1)") && tx->commit());
        EXPECT_EQ(synchronousLevel(m_db), 1);
    }
    EXPECT_EQ(synchronousLevel(m_db), 2);  // FULL again
    {
        auto tx = Transaction::begin(m_db);
        ASSERT_TRUE(tx);
        const UnsyncedCommits inside(m_db);
        EXPECT_EQ(synchronousLevel(m_db), 2);
        ASSERT_TRUE(tx->commit());
    }
    EXPECT_EQ(synchronousLevel(m_db), 2);
    ASSERT_TRUE(m_db.exec("PRAGMA synchronous=OFF"));
    {
        const UnsyncedCommits already(m_db);
        EXPECT_EQ(synchronousLevel(m_db), 0);  // never raised
    }
    EXPECT_EQ(synchronousLevel(m_db), 0);
}

TEST_F(SqliteDatabaseTest, AppliesTheServersCacheAndCheckpointSizesAndKeepsDefaultsOtherwise)
{
    const auto pragma = [](Database& db, const char* sql) {
        auto stmt = db.prepare(sql);
        EXPECT_TRUE(stmt && *stmt->step());
        return stmt->integer(0);
    };
    EXPECT_EQ(pragma(m_db, "PRAGMA cache_size"), -2000);
    EXPECT_EQ(pragma(m_db, "PRAGMA wal_autocheckpoint"), 0);  // the background checkpointer's hook instead
    OpenOptions server;
    server.cacheKiB = 32 * 1024;
    server.walAutocheckpointKiB = 40 * 1024;
    auto big = Database::open(m_dir.path("server.sqlite"), server);
    ASSERT_TRUE(big);
    EXPECT_EQ(pragma(*big, "PRAGMA cache_size"), -32 * 1024);
    EXPECT_EQ(pragma(*big, "PRAGMA synchronous"), 2);  // still FULL
    server.backgroundCheckpoints = false;
    auto inline_ = Database::open(m_dir.path("inline.sqlite"), server);
    ASSERT_TRUE(inline_);
    EXPECT_EQ(pragma(*inline_, "PRAGMA wal_autocheckpoint"), 40 * 1024 / 16);  // 40 MiB of 16 KiB pages
    OpenOptions device;
    device.backgroundCheckpoints = false;
    auto small = Database::open(m_dir.path("device.sqlite"), device);
    ASSERT_TRUE(small);
    EXPECT_EQ(pragma(*small, "PRAGMA wal_autocheckpoint"), 32 * 1024 / 16);  // the default: 32 MiB
}

// New files get 16 KiB pages; a file made with 4 KiB pages keeps them, and its WAL bound, given
// in bytes, becomes four times as many pages.
TEST_F(SqliteDatabaseTest, NewFilesGetLargePagesAndOlderFilesKeepTheirs)
{
    const auto pragma = [](Database& db, const char* sql) {
        auto stmt = db.prepare(sql);
        EXPECT_TRUE(stmt && *stmt->step());
        return stmt->integer(0);
    };
    ASSERT_TRUE(m_db.exec("CREATE TABLE t (x TEXT)"));
    EXPECT_EQ(pragma(m_db, "PRAGMA page_size"), 16 * 1024);
    OpenOptions older;
    older.pageSize = 4096;
    older.backgroundCheckpoints = false;
    const auto path = m_dir.path("older.sqlite");
    {
        auto db = Database::open(path, older);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')"));
    }
    OpenOptions now;
    now.backgroundCheckpoints = false;
    now.walAutocheckpointKiB = 40 * 1024;
    auto reopened = Database::open(path, now);
    ASSERT_TRUE(reopened);
    EXPECT_EQ(pragma(*reopened, "PRAGMA page_size"), 4096);
    EXPECT_EQ(pragma(*reopened, "PRAGMA wal_autocheckpoint"), 40 * 1024 / 4);
    EXPECT_EQ(pragma(*reopened, "SELECT count(*) FROM t"), 1);
}

TEST_F(SqliteDatabaseTest, TheWalIsCopiedBackOnAThreadOfItsOwnAndStaysBounded)
{
    constexpr int kPages = 20;
    OpenOptions options;
    options.pageSize = 4096;  // the bounds below count pages of 4 KiB
    options.walAutocheckpointKiB = kPages * 4;
    const auto path = m_dir.path("checkpointed.sqlite");
    std::uintmax_t largestWal = 0;
    {
        auto db = Database::open(path, options);
        ASSERT_TRUE(db);
        ASSERT_TRUE(db->exec("CREATE TABLE t (x TEXT)"));
        const std::string row(1000, 'x');
        for (int commit = 0; commit < 200; ++commit) {
            auto tx = Transaction::begin(*db);
            ASSERT_TRUE(tx);
            for (int i = 0; i < 10; ++i)
                ASSERT_TRUE(db->prepare("INSERT INTO t VALUES (?)")->bindAll(row).run());
            ASSERT_TRUE(tx->commit());
            largestWal = std::max(largestWal, std::filesystem::file_size(path + "-wal"));
        }
        for (int wait = 0; wait < 500 && db->backgroundCheckpoints() == 0; ++wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        EXPECT_GT(db->backgroundCheckpoints(), 0);
        // The rows reached the database file itself, not only the log.
        EXPECT_GT(std::filesystem::file_size(path), 100U * 4096U);
    }
    // 200 commits of 3–4 pages each: the log was reused instead of growing to hold them all (800
    // frames); the bound leaves room for a checkpoint thread held up on a busy machine.
    EXPECT_LT(largestWal, 20U * kPages * (4096U + 24U)) << largestWal;
    auto reopened = Database::open(path);
    auto count = reopened->prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(count && *count->step());
    EXPECT_EQ(count->integer(0), 2000);
}

// A log that grew far past its bound in one long transaction is cut back to the bound once it
// starts over, instead of keeping its largest size on disk.
TEST_F(SqliteDatabaseTest, AWalThatGrewPastItsBoundIsCutBackWhenItStartsOver)
{
    OpenOptions options;
    options.walAutocheckpointKiB = 256;
    options.backgroundCheckpoints = false;
    const auto path = m_dir.path("cut.sqlite");
    auto db = Database::open(path, options);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("CREATE TABLE t (x TEXT)"));
    {
        auto tx = Transaction::begin(*db);
        ASSERT_TRUE(tx);
        const std::string row(4000, 'x');
        for (int i = 0; i < 1000; ++i)
            ASSERT_TRUE(db->prepare("INSERT INTO t VALUES (?)")->bindAll(row).run());
        ASSERT_TRUE(tx->commit());
    }
    EXPECT_GT(std::filesystem::file_size(path + "-wal"), 2U * 1024 * 1024);  // one transaction: 4 MB of rows
    ASSERT_TRUE(db->exec("PRAGMA wal_checkpoint(PASSIVE)"));
    ASSERT_TRUE(db->exec("INSERT INTO t VALUES ('after')"));  // the log starts over here
    EXPECT_LE(std::filesystem::file_size(path + "-wal"), 256U * 1024);
    auto count = db->prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(count && *count->step());
    EXPECT_EQ(count->integer(0), 1001);
}

TEST_F(SqliteDatabaseTest, BindsAndReadsTypedValues)
{
    ASSERT_TRUE(m_db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)"));
    auto insert = m_db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)");
    ASSERT_TRUE(insert);
    ASSERT_TRUE(insert->bindAll(std::int64_t{9'000'000'000}, 2.5, std::string("中文 text"), std::nullopt).run());
    auto select = m_db.prepare("SELECT i, r, s, n FROM t");
    ASSERT_TRUE(select && *select->step());
    EXPECT_EQ(select->integer(0), 9'000'000'000);
    EXPECT_DOUBLE_EQ(select->real(1), 2.5);
    EXPECT_EQ(select->text(2), "中文 text");
    EXPECT_TRUE(select->isNull(3));
    EXPECT_FALSE(select->optionalText(3));
}

TEST_F(SqliteDatabaseTest, ErrorsCarryTheSqliteCodeAndTheSql)
{
    const auto prepared = m_db.prepare("SELECT * FROM missing_table");
    ASSERT_FALSE(prepared);
    EXPECT_EQ(prepared.error().code, ErrorCode::StorageError);
    EXPECT_NE(prepared.error().message.find("SQLite code 1"), std::string::npos) << prepared.error().message;
    EXPECT_NE(prepared.error().message.find("no such table: missing_table"), std::string::npos);
    EXPECT_EQ(prepared.error().context, "SELECT * FROM missing_table");
    ASSERT_TRUE(m_db.exec("CREATE TABLE u (x INTEGER PRIMARY KEY)"));
    ASSERT_TRUE(m_db.exec("INSERT INTO u VALUES (1)"));
    auto duplicate = m_db.prepare("INSERT INTO u VALUES (?)");
    const auto ran = duplicate->bindAll(1).run();
    ASSERT_FALSE(ran);
    EXPECT_NE(ran.error().message.find("UNIQUE constraint failed"), std::string::npos) << ran.error().message;
    EXPECT_NE(ran.error().message.find("SQLite code 1555"), std::string::npos) << ran.error().message;  // extended code
}

TEST_F(SqliteDatabaseTest, ReusesCachedStatements)
{
    ASSERT_TRUE(m_db.exec("CREATE TABLE t (x)"));
    {
        auto stmt = m_db.prepare("INSERT INTO t VALUES (?)");
        ASSERT_TRUE(stmt->bindAll(1).run());
    }
    for (int i = 0; i < 3; ++i) {
        auto stmt = m_db.prepare("INSERT INTO t VALUES (?)");
        ASSERT_TRUE(stmt->bindAll(i).run());
    }
    // Two live handles for the same SQL are two statements (no aliasing).
    auto a = m_db.prepare("SELECT x FROM t ORDER BY x");
    auto b = m_db.prepare("SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(*a->step());
    ASSERT_TRUE(*b->step());
    ASSERT_TRUE(*a->step());
    EXPECT_EQ(a->integer(0), 1);  // rows are 0, 1, 1, 2: `a` is on its second row
    EXPECT_EQ(b->integer(0), 0);  // `b` still on its first
}

TEST_F(SqliteDatabaseTest, TransactionRollsBackUnlessCommitted)
{
    ASSERT_TRUE(m_db.exec("CREATE TABLE t (x)"));
    {
        auto tx = Transaction::begin(m_db);
        ASSERT_TRUE(tx);
        ASSERT_TRUE(m_db.exec("INSERT INTO t VALUES (1)"));
    }
    {
        auto tx = Transaction::begin(m_db);
        ASSERT_TRUE(m_db.exec("INSERT INTO t VALUES (2)"));
        ASSERT_TRUE(tx->commit());
    }
    auto count = m_db.prepare("SELECT group_concat(x) FROM t");
    ASSERT_TRUE(*count->step());
    EXPECT_EQ(count->text(0), "2");
}

TEST(SqliteDatabase, OpeningAMissingFileWithoutCreateFailsClearly)
{
    test::TempDir dir;
    OpenOptions options;
    options.create = false;
    const auto db = Database::open(dir.path("absent.sqlite"), options);
    ASSERT_FALSE(db);
    EXPECT_NE(db.error().message.find("cannot open the store"), std::string::npos);
    EXPECT_EQ(db.error().context, dir.path("absent.sqlite"));
}

// A store holds a bearer token: it and its WAL are private from their first byte, under any umask.
TEST(SqliteDatabaseFiles, ANewStoreAndItsWalArePrivateUnderAPermissiveUmask)
{
    test::TempDir dir;
    const auto before = ::umask(0);
    auto db = Database::open(dir.path("private.sqlite"));
    ::umask(before);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(db->exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
    namespace fs = std::filesystem;
    for (const auto* name : {"private.sqlite", "private.sqlite-wal", "private.sqlite-shm"}) {
        const auto perms = fs::status(dir.path(name)).permissions();
        EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none) << name;
        EXPECT_NE(perms & fs::perms::owner_read, fs::perms::none) << name;
    }
}

TEST(SqliteDatabaseFiles, AStoreLeftReadableByOthersIsMadePrivateWhenOpened)
{
    test::TempDir dir;
    { std::ofstream(dir.path("old.sqlite")); }
    std::filesystem::permissions(dir.path("old.sqlite"), std::filesystem::perms(0644));
    ASSERT_TRUE(Database::open(dir.path("old.sqlite")));
    EXPECT_EQ(std::filesystem::status(dir.path("old.sqlite")).permissions(), std::filesystem::perms(0600));
}

}  // namespace
}  // namespace igmc::store
