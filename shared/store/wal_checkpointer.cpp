// SPDX-License-Identifier: Apache-2.0
#include "store/wal_checkpointer.hpp"

#include <sqlite3.h>

#include <system_error>

namespace igmc::store {

namespace {

// A log this many times the asked-for size means the thread falls behind (a busy or single core):
// the writer then copies back itself, as SQLite's auto-checkpoint would, so the log stays bounded.
constexpr int kWriterTakesOverFactor = 4;

}  // namespace

WalCheckpointer::WalCheckpointer(std::string path, int pages) : m_path(std::move(path)), m_pages(pages) {}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void WalCheckpointer::attach(sqlite3* writer)
{
    sqlite3_wal_hook(writer, &WalCheckpointer::onCommit, this);  // replaces the auto-checkpoint
}

void WalCheckpointer::detach(sqlite3* writer)
{
    sqlite3_wal_hook(writer, nullptr, nullptr);
}

std::int64_t WalCheckpointer::backgroundRuns() const
{
    std::lock_guard lock(m_mutex);
    return m_runs;
}

int WalCheckpointer::onCommit(void* self, sqlite3* writer, const char* /*schema*/, int walPages)
{
    static_cast<WalCheckpointer*>(self)->committed(writer, walPages);
    return SQLITE_OK;  // the commit is done (and durable, unless made under UnsyncedCommits) whatever a checkpoint does
}

void WalCheckpointer::committed(sqlite3* writer, int walPages)
{
    if (walPages < m_pages)
        return;
    if (walPages >= kWriterTakesOverFactor * m_pages) {
        // PASSIVE: never waits; busy only while the thread is copying, which shrinks the log too.
        sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return;
    }
    std::lock_guard lock(m_mutex);
    if (!m_thread.joinable()) {
        try {
            m_thread = std::thread([this] { run(); });
        } catch (const std::system_error&) {
            // No thread to be had (this runs inside SQLite's C code: nothing may throw through it).
            sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            return;
        }
    }
    m_due = true;
    m_wake.notify_one();
}

void WalCheckpointer::run()
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(db);
        return;  // the writer's fallback keeps the log bounded
    }
    // The file is synced after copying back (FULL, like the writer), and a first read opens the log.
    sqlite3_exec(db, "PRAGMA synchronous=FULL; SELECT count(*) FROM sqlite_schema;", nullptr, nullptr, nullptr);
    std::unique_lock lock(m_mutex);
    while (true) {
        m_wake.wait(lock, [this] { return m_due || m_stop; });
        if (m_stop)
            break;
        m_due = false;
        lock.unlock();
        sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
        ++m_runs;
    }
    lock.unlock();
    sqlite3_close_v2(db);
}

}  // namespace igmc::store
