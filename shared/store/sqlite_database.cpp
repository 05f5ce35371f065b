// SPDX-License-Identifier: Apache-2.0
#include "store/sqlite_database.hpp"

#include "store/wal_checkpointer.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

namespace igmc::store {

namespace {

std::string describeCode(int code)
{
    return std::string(sqlite3_errstr(code)) + " (SQLite code " + std::to_string(code) + ")";
}

}  // namespace

// ---- Statement

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_slot(other.m_slot), m_bindError(std::move(other.m_bindError)),
      m_bindFailed(other.m_bindFailed)
{
    other.m_stmt = nullptr;
}

Statement::~Statement()
{
    if (!m_stmt)
        return;
    // Bindings are left in place: every use binds all its parameters again (and clearing them
    // cost a measurable share of an insert).
    sqlite3_reset(m_stmt);
    m_slot->push_back(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (const int rc = sqlite3_bind_int64(m_stmt, index, value); rc != SQLITE_OK && !m_bindFailed) {
        m_bindFailed = true;
        m_bindError = m_db->lastError(sqlite3_sql(m_stmt), rc);
    }
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    if (const int rc = sqlite3_bind_double(m_stmt, index, value); rc != SQLITE_OK && !m_bindFailed) {
        m_bindFailed = true;
        m_bindError = m_db->lastError(sqlite3_sql(m_stmt), rc);
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    const int rc = sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && !m_bindFailed) {
        m_bindFailed = true;
        m_bindError = m_db->lastError(sqlite3_sql(m_stmt), rc);
    }
    return *this;
}

void Statement::bindRef(int index, std::string_view text)
{
    const int rc = sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    if (rc != SQLITE_OK && !m_bindFailed) {
        m_bindFailed = true;
        m_bindError = m_db->lastError(sqlite3_sql(m_stmt), rc);
    }
}

void Statement::clearBindings()
{
    sqlite3_clear_bindings(m_stmt);
}

Statement& Statement::bind(int index, std::nullopt_t)
{
    if (const int rc = sqlite3_bind_null(m_stmt, index); rc != SQLITE_OK && !m_bindFailed) {
        m_bindFailed = true;
        m_bindError = m_db->lastError(sqlite3_sql(m_stmt), rc);
    }
    return *this;
}

Result<bool> Statement::step()
{
    if (m_bindFailed)
        return m_bindError;
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = m_db->lastError(sqlite3_sql(m_stmt), rc);
    sqlite3_reset(m_stmt);
    return error;
}

Result<void> Statement::run()
{
    while (true) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return {};
    }
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::string_view Statement::view(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string_view();
}

std::optional<std::string_view> Statement::optionalView(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return view(column);
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

std::optional<double> Statement::optionalReal(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return real(column);
}

std::optional<std::int64_t> Statement::optionalInteger(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return integer(column);
}

// ---- Database

Database::Database(Database&& other) noexcept
    : m_checkpointer(std::move(other.m_checkpointer)), m_db(std::exchange(other.m_db, nullptr)), m_path(std::move(other.m_path)), m_transactionDepth(other.m_transactionDepth),
      m_transactionSerial(other.m_transactionSerial), m_writeBehind(std::exchange(other.m_writeBehind, nullptr)), m_cache(std::move(other.m_cache)),
      m_numbered(std::move(other.m_numbered))
{
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        close();
        m_checkpointer = std::move(other.m_checkpointer);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_transactionDepth = other.m_transactionDepth;
        m_transactionSerial = other.m_transactionSerial;
        m_writeBehind = std::exchange(other.m_writeBehind, nullptr);
        m_cache = std::move(other.m_cache);
        m_numbered = std::move(other.m_numbered);
    }
    return *this;
}

Database::~Database()
{
    close();
}

void Database::close()
{
    for (auto& [sql, slot] : m_cache) {
        for (auto* stmt : *slot)
            sqlite3_finalize(stmt);
    }
    m_cache.clear();
    for (auto& slot : m_numbered) {
        for (auto* stmt : slot ? *slot : std::vector<sqlite3_stmt*>{})
            sqlite3_finalize(stmt);
    }
    m_numbered.clear();
    // Its connection closes first, so the writer's close, the last one, checkpoints and removes the WAL.
    if (m_checkpointer && m_db)
        WalCheckpointer::detach(m_db);
    m_checkpointer.reset();
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

namespace {

// The WAL's bound in pages of this file's size (a file made before 16 KiB pages keeps 4 KiB ones).
Result<int> checkpointPages(Database& db, int kib)
{
    auto size = db.prepare("PRAGMA page_size");
    if (!size)
        return size.error();
    auto row = size->step();
    if (!row)
        return row.error();
    const auto bytes = *row ? size->integer(0) : 4096;
    return static_cast<int>(std::max<std::int64_t>(1, std::int64_t{kib} * 1024 / std::max<std::int64_t>(bytes, 512)));
}

// A store holds a device's bearer token, or the programme's record: private from its first byte,
// whatever the umask. SQLite gives the -wal and -shm files it creates the database file's mode.
// A store an earlier version left readable by others is made private too.
Result<void> createPrivately(const std::string& path)
{
    if (path.empty() || path == ":memory:" || path.starts_with("file:"))
        return {};
    const int fd = ::open(path.c_str(), O_CREAT | O_RDONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return makeError(ErrorCode::StorageError, "cannot create the store: " + std::string(std::strerror(errno)), path);
    struct stat status {};
    const bool loose = ::fstat(fd, &status) == 0 && (status.st_mode & 077) != 0;
    const bool tightened = !loose || ::fchmod(fd, status.st_mode & 0700) == 0;
    ::close(fd);
    if (!tightened)
        return makeError(ErrorCode::StorageError, "cannot make the store private: " + std::string(std::strerror(errno)), path);
    return {};
}

}  // namespace

Result<Database> Database::open(const std::string& path, const OpenOptions& options)
{
    // Before SQLite initialises (the first open): no memory statistics, which nothing here reads.
    // Keeping them takes a process-wide mutex on every allocation: 6 % of recording a version.
    static const int memoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)memoryStatistics;
    // Savepoint and statement journals (the pages a savepoint may have to put back) stay in
    // memory: past 64 KiB SQLite wrote them to a temporary file, and a push's savepoint in the
    // server's group commit wrote every page it touched there once more before the WAL.
    static const int journalsInMemory = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
    (void)journalsInMemory;
    int flags = SQLITE_OPEN_NOMUTEX | (options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
    if (options.create && !options.readOnly) {
        flags |= SQLITE_OPEN_CREATE;
        if (auto made = createPrivately(path); !made)
            return made.error();
    }
    sqlite3* handle = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = "cannot open the store: " + describeCode(rc);
        if (handle)
            message += ": " + std::string(sqlite3_errmsg(handle));
        sqlite3_close_v2(handle);
        return makeError(ErrorCode::StorageError, message, path);
    }
    sqlite3_extended_result_codes(handle, 1);
    Database db(handle, path);
    sqlite3_busy_timeout(handle, options.busyTimeoutMs);
    // WAL needs write access to create its files; a read-only open uses whatever mode the file has.
    // The page size applies to a new file only (before WAL mode writes its header).
    const std::string pragmas = (options.readOnly ? std::string() : "PRAGMA page_size=" + std::to_string(options.pageSize) + "; PRAGMA journal_mode=WAL;")
                                + "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
    if (auto done = db.exec(pragmas); !done)
        return done.error();
    // No file name: an in-memory or temporary database, which has no WAL to copy back.
    const char* file = sqlite3_db_filename(handle, "main");
    const int walKiB = options.walAutocheckpointKiB > 0 ? options.walAutocheckpointKiB : 32 * 1024;
    auto pages = checkpointPages(db, walKiB);
    if (!pages)
        return pages.error();
    // A WAL that grew past its bound (a long transaction, or copying back held up by a reader)
    // keeps its size on disk until it is cut; cut it back to the bound whenever it starts over,
    // so that a phone's storage is not held by a log it no longer needs.
    if (!options.readOnly) {
        if (auto done = db.exec("PRAGMA journal_size_limit = " + std::to_string(std::int64_t{walKiB} * 1024)); !done)
            return done.error();
    }
    if (options.backgroundCheckpoints && !options.readOnly && file && *file) {
        db.m_checkpointer = std::make_unique<WalCheckpointer>(file, *pages);
        db.m_checkpointer->attach(handle);
    } else if (!options.readOnly) {
        if (auto done = db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(*pages)); !done)
            return done.error();
    }
    if (options.cacheKiB > 0) {
        if (auto done = db.exec("PRAGMA cache_size = -" + std::to_string(options.cacheKiB)); !done)
            return done.error();
    }
    return db;
}

std::int64_t Database::backgroundCheckpoints() const
{
    return m_checkpointer ? m_checkpointer->backgroundRuns() : 0;
}

Error Database::lastError(std::string_view sql, int code) const
{
    std::string message = describeCode(code);
    if (m_db && sqlite3_errcode(m_db) != SQLITE_OK)
        message += ": " + std::string(sqlite3_errmsg(m_db));
    return makeError(ErrorCode::StorageError, message, std::string(sql));
}

Result<void> Database::exec(std::string_view sql)
{
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    std::string detail = describeCode(rc) + (message ? ": " + std::string(message) : "");
    sqlite3_free(message);
    return makeError(ErrorCode::StorageError, detail, text);
}

Result<std::int64_t> Database::queryInteger(std::string_view sql)
{
    auto stmt = prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? stmt->integer(0) : 0;
}

namespace {

std::atomic<std::size_t> g_nextSqlNumber{0};

}  // namespace

CachedSql::CachedSql(std::string_view text) : m_text(text), m_number(g_nextSqlNumber++) {}

Result<Statement> Database::prepare(const CachedSql& sql)
{
    if (sql.number() >= m_numbered.size())
        m_numbered.resize(sql.number() + 1);
    auto& slot = m_numbered[sql.number()];
    if (!slot)
        slot = std::make_unique<std::vector<sqlite3_stmt*>>();
    if (!slot->empty()) {
        sqlite3_stmt* stmt = slot->back();
        slot->pop_back();
        return Statement(*this, stmt, slot.get());
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.text().c_str(), static_cast<int>(sql.text().size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return lastError(sql.text(), rc);
    return Statement(*this, stmt, slot.get());
}

Result<Statement> Database::prepare(std::string_view sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end())
        it = m_cache.emplace(std::string(sql), std::make_unique<std::vector<sqlite3_stmt*>>()).first;
    auto* slot = it->second.get();
    if (!slot->empty()) {
        sqlite3_stmt* stmt = slot->back();
        slot->pop_back();
        return Statement(*this, stmt, slot);
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, it->first.c_str(), static_cast<int>(it->first.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        return lastError(sql, rc);
    return Statement(*this, stmt, slot);
}

std::int64_t Database::changes() const
{
    return sqlite3_changes64(m_db);
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

// ---- Transaction

namespace {

// Transaction control runs for every record written: through cached statements, not re-parsed.
Result<void> control(Database& db, const std::string& sql)
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    return stmt->run();
}

}  // namespace

Result<Transaction> Transaction::begin(Database& db)
{
    const int depth = db.m_transactionDepth;
    if (db.m_writeBehind) {
        if (depth == 0) {
            db.m_writeBehind->forget();
        } else if (auto written = db.m_writeBehind->flush(); !written) {
            return written.error();  // what the enclosing scope holds back belongs to it
        }
    }
    const std::string sql = depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT igmc_" + std::to_string(depth);
    if (auto done = control(db, sql); !done)
        return done.error();
    if (depth == 0)
        ++db.m_transactionSerial;
    ++db.m_transactionDepth;
    return Transaction(db, depth);
}

Result<std::optional<Transaction>> Transaction::beginUnlessInside(Database& db)
{
    if (db.inTransaction())
        return std::optional<Transaction>();
    auto tx = begin(db);
    if (!tx)
        return tx.error();
    return std::optional<Transaction>(std::move(tx).value());
}

Transaction::~Transaction()
{
    if (!m_db)
        return;
    --m_db->m_transactionDepth;
    if (m_db->m_writeBehind)
        m_db->m_writeBehind->forget();
    if (m_depth == 0) {
        if (m_db->inTransaction())
            (void)control(*m_db, "ROLLBACK");
    } else {
        const std::string name = "igmc_" + std::to_string(m_depth);
        (void)control(*m_db, "ROLLBACK TO " + name);
        (void)control(*m_db, "RELEASE " + name);
    }
}

UnsyncedCommits::UnsyncedCommits(Database& db) : m_db(db)
{
    if (db.inTransaction())
        return;
    const auto level = db.queryInteger("PRAGMA synchronous");
    if (level && *level > 1 && db.exec("PRAGMA synchronous=NORMAL"))  // not when NORMAL or OFF already
        m_previous = *level;
}

UnsyncedCommits::~UnsyncedCommits()
{
    if (m_previous && !m_db.inTransaction())
        (void)m_db.exec("PRAGMA synchronous=" + std::to_string(*m_previous));
}

Result<void> Transaction::commit()
{
    if (m_db->m_writeBehind) {
        if (auto written = m_db->m_writeBehind->flush(); !written)
            return written.error();  // not committed: rolled back as the transaction goes
    }
    auto done = control(*m_db, m_depth == 0 ? std::string("COMMIT") : "RELEASE igmc_" + std::to_string(m_depth));
    if (done) {
        --m_db->m_transactionDepth;
        if (m_depth == 0 && m_db->m_writeBehind)
            m_db->m_writeBehind->forget();
        m_db = nullptr;
    }
    return done;
}

}  // namespace igmc::store
