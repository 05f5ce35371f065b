// A thin RAII layer over the SQLite C API: a connection, cached prepared statements with typed
// binding and reading, and transactions. Errors carry the SQLite result code and the SQL text.
//
// Durability settings applied on every open (see openDatabase):
//   journal_mode=WAL      readers never block the writer and vice versa
//   synchronous=FULL      a committed transaction survives power loss (WAL fsync on every commit)
//   foreign_keys=ON       references are enforced
//   busy_timeout          a second connection waits instead of failing at once
//   checkpoints           the WAL is copied back on a thread of its own (wal_checkpointer.hpp)
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "store/wal_checkpointer.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace igmc::store {

class Database;

// A prepared statement owned by its Database's cache; reset and unbound when the handle dies.
class Statement {
public:
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    // Binding is 1-based, in the order of the '?' placeholders.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::nullopt_t);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value)
    {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    // Binds each argument in turn from index 1.
    template <typename... Args>
    Statement& bindAll(const Args&... args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Binds the arguments by reference (no copies), runs to completion and unbinds: the fast path
    // for hot inserts. The arguments only need to live for the duration of this call.
    template <typename... Args>
    Result<void> execute(const Args&... args)
    {
        int index = 0;
        (bindRef(++index, args), ...);
        auto done = run();
        clearBindings();
        return done;
    }

    // One step: true when a row is available, false when done.
    Result<bool> step();
    // Runs to completion (for statements that return no rows).
    Result<void> run();

    [[nodiscard]] bool isNull(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] double real(int column) const;
    [[nodiscard]] std::string text(int column) const;
    // The text without a copy, valid until the next step() or reset.
    [[nodiscard]] std::string_view view(int column) const;
    [[nodiscard]] std::optional<std::string_view> optionalView(int column) const;
    [[nodiscard]] std::optional<std::string> optionalText(int column) const;
    [[nodiscard]] std::optional<double> optionalReal(int column) const;
    [[nodiscard]] std::optional<std::int64_t> optionalInteger(int column) const;

private:
    friend class Database;
    void bindRef(int index, std::string_view text);
    void bindRef(int index, const std::string& text) { bindRef(index, std::string_view(text)); }
    void bindRef(int index, const char* text) { bindRef(index, std::string_view(text)); }
    template <typename T>
    void bindRef(int index, const std::optional<T>& value)
    {
        if (value)
            bindRef(index, *value);
        else
            bind(index, std::nullopt);
    }
    void bindRef(int index, std::int64_t value) { bind(index, value); }
    void bindRef(int index, int value) { bind(index, value); }
    void bindRef(int index, double value) { bind(index, value); }
    void bindRef(int index, std::nullopt_t) { bind(index, std::nullopt); }
    void clearBindings();
    Statement(Database& db, sqlite3_stmt* stmt, std::vector<sqlite3_stmt*>* slot) : m_db(&db), m_stmt(stmt), m_slot(slot) {}

    Database* m_db;
    sqlite3_stmt* m_stmt;
    std::vector<sqlite3_stmt*>* m_slot;  // where the statement goes back to when this handle dies
    Error m_bindError;
    bool m_bindFailed = false;
};

// The text of a statement run for every record (an insert, a head update), numbered once when the
// program starts: a Database finds its compiled statement by that number instead of hashing the
// text each time (hashing and looking up the text was a twelfth of applying a pushed or pulled
// version). Make it a static: one number per statement for the life of the program.
class CachedSql {
public:
    explicit CachedSql(std::string_view text);
    CachedSql(const CachedSql&) = delete;
    CachedSql& operator=(const CachedSql&) = delete;

    [[nodiscard]] const std::string& text() const { return m_text; }
    [[nodiscard]] std::size_t number() const { return m_number; }

private:
    std::string m_text;
    std::size_t m_number;
};

struct OpenOptions {
    bool readOnly = false;
    bool create = true;
    int busyTimeoutMs = 5000;
    // SQLite's page cache in KiB; 0 keeps SQLite's default (2 MiB), enough for a device. The server,
    // whose store outgrows it quickly, gives it more so hot pages are not re-read from the file.
    int cacheKiB = 0;
    // The page size of a new file (an existing one keeps its own). 16 KiB rather than SQLite's
    // 4 KiB: every WAL frame costs two write calls whatever its size, and a sync writes thousands
    // of rows per transaction (igmc-bench sync, device CPU per pulled record: 12-14 -> 8.5-10 us).
    int pageSize = 16 * 1024;
    // How far the WAL may grow, in KiB, before it is copied back into the file; 0: 32 MiB. SQLite's
    // 1,000 pages of 4 KiB (4 MiB) copied a device's pulled pages back five times per 20,000
    // records (igmc-bench sync, pull: 188-244 ms with 4 MiB, 177-192 ms with 32 MiB, 6 runs each).
    int walAutocheckpointKiB = 0;
    // Copy the WAL back on a thread of its own (wal_checkpointer.hpp) instead of in a commit.
    bool backgroundCheckpoints = true;
};

// Writes a connection's owner holds back in memory during a write transaction (Store's head
// cache). Told to write them before a savepoint starts and before any commit, so they land in the
// scope that made them, and to forget them when a transaction or savepoint rolls back or the
// outer transaction ends: then whatever it holds is never older than the store.
class WriteBehind {
public:
    virtual ~WriteBehind() = default;
    virtual Result<void> flush() = 0;
    virtual void forget() = 0;
};

class Database {
public:
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    ~Database();

    static Result<Database> open(const std::string& path, const OpenOptions& options = {});

    // Runs one or more statements without results (schema, pragmas).
    Result<void> exec(std::string_view sql);
    // A cached prepared statement for `sql`; the same SQL reuses the compiled statement.
    Result<Statement> prepare(std::string_view sql);
    // The same, found by the statement's number instead of its text.
    Result<Statement> prepare(const CachedSql& sql);

    // The first column of the first row `sql` gives, as an integer; 0 when it gives no row (a
    // pragma, a count, a max).
    Result<std::int64_t> queryInteger(std::string_view sql);

    [[nodiscard]] std::int64_t changes() const;
    [[nodiscard]] std::int64_t lastInsertRowId() const;
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] bool inTransaction() const;
    // Which write transaction (Transaction::begin at depth 0) is open: a number no earlier one had,
    // or 0 outside one. While it is open no other connection can write, so what this connection
    // read in it holds until this connection changes it.
    [[nodiscard]] std::uint64_t writeTransaction() const { return m_transactionDepth > 0 ? m_transactionSerial : 0; }
    sqlite3* handle() { return m_db; }
    // At most one; it must outlive the connection's transactions.
    void setWriteBehind(WriteBehind* writeBehind) { m_writeBehind = writeBehind; }

    // Checkpoints the background thread has run (0 without one).
    [[nodiscard]] std::int64_t backgroundCheckpoints() const;

    // The SQLite error for the last failed call on this connection.
    Error lastError(std::string_view sql, int code) const;

private:
    friend class Statement;
    Database(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}
    void close();

    struct TransparentHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    friend class Transaction;
    std::unique_ptr<WalCheckpointer> m_checkpointer;  // before m_db: it holds a connection of its own
    sqlite3* m_db = nullptr;
    std::string m_path;
    int m_transactionDepth = 0;
    std::uint64_t m_transactionSerial = 0;
    WriteBehind* m_writeBehind = nullptr;
    // Idle compiled statements by SQL text; the vectors live on the heap so handles can point at them.
    std::unordered_map<std::string, std::unique_ptr<std::vector<sqlite3_stmt*>>, TransparentHash, std::equal_to<>> m_cache;
    // The same for CachedSql, by number.
    std::vector<std::unique_ptr<std::vector<sqlite3_stmt*>>> m_numbered;
};

// While it lives, commits on the connection do not wait for the disk (synchronous=NORMAL), for
// transactions a power cut may take back at no cost: the caller can make them again, and what
// depends on them commits with them. WAL keeps such a commit atomic, and the connection's next
// commit that waits for the disk makes it durable too (the log is written in order). Made and
// ended outside a transaction: SQLite refuses to change this inside one, and the guard then
// changes nothing.
class UnsyncedCommits {
public:
    explicit UnsyncedCommits(Database& db);
    UnsyncedCommits(const UnsyncedCommits&) = delete;
    UnsyncedCommits& operator=(const UnsyncedCommits&) = delete;
    ~UnsyncedCommits();

private:
    Database& m_db;
    std::optional<std::int64_t> m_previous;  // the level to go back to, once changed
};

// BEGIN IMMEDIATE on construction (take the write lock now, so a busy store fails early rather
// than half-way); ROLLBACK on destruction unless commit() succeeded. Inside another transaction it
// is a SAVEPOINT, so a sync batch can wrap many store writes and still be all or nothing.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    // For writes applied in batches (a push, a pulled page) whose caller aborts the whole batch
    // when one fails: inside a caller's transaction no savepoint (empty), else a transaction of
    // its own. A savepoint per op was an eighth of applying one.
    static Result<std::optional<Transaction>> beginUnlessInside(Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction(Transaction&& other) noexcept : m_db(other.m_db), m_depth(other.m_depth) { other.m_db = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

    Result<void> commit();

private:
    Transaction(Database& db, int depth) : m_db(&db), m_depth(depth) {}
    Database* m_db;
    int m_depth = 0;  // 0 = the outer transaction, n > 0 = savepoint n
};

}  // namespace igmc::store
