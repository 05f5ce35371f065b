// Copies a store's write-ahead log back into its file on a thread of its own, so a writer's commit
// does not stop to do it (with SQLite's own auto-checkpoint every thousandth page of commits paid
// for reading the log, writing the file and an fsync: an eighth of recording 100,000 versions).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace igmc::store {

class WalCheckpointer {
public:
    // `path`: the file as SQLite resolved it (sqlite3_db_filename: a relative path would name
    // another file after a chdir). `pages`: the log size that asks for a checkpoint. The thread and its connection start with
    // the first one asked for, so short-lived stores never start them.
    WalCheckpointer(std::string path, int pages);
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;
    ~WalCheckpointer();

    // Installs the hook on the writer's connection; detach before the checkpointer goes.
    void attach(sqlite3* writer);
    static void detach(sqlite3* writer);
    // Checkpoints run by the background thread so far (for tests and figures).
    [[nodiscard]] std::int64_t backgroundRuns() const;

private:
    static int onCommit(void* self, sqlite3* writer, const char* schema, int walPages);
    void committed(sqlite3* writer, int walPages);
    void run();

    const std::string m_path;
    const int m_pages;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_due = false;
    bool m_stop = false;
    std::int64_t m_runs = 0;
    std::thread m_thread;
};

}  // namespace igmc::store
