// The intake log: pushes acknowledged once they are durable here, and applied to the central
// record behind (SqliteCentralStore). An append-only file of frames, each a push's body with the
// device that sent it; one fdatasync makes every frame appended meanwhile durable (group commit),
// so 200 devices pushing at once share a few syncs instead of waiting for one writer each.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::server {

// CRC-32C (Castagnoli) of `bytes`, continuing `crc` (0 to start): the frames' checksum, in
// hardware where the processor has it.
std::uint32_t crc32c(std::uint32_t crc, std::string_view bytes);
// The same, a byte at a time (tests compare the two).
std::uint32_t crc32cBytewiseForTest(std::string_view bytes);

class IntakeLog {
public:
    // Where an entry lies in the file, for reading it back.
    struct Ref {
        std::uint64_t number = 0;  // 1, 2, 3 … in the order appended; never reused
        std::uint64_t offset = 0;
        std::uint32_t size = 0;  // of the whole frame
        std::uint64_t generation = 0;  // of the file: a truncation starts a new one
    };
    struct Entry {
        std::uint64_t number = 0;
        std::string deviceId;
        std::string body;
    };

    // Opens (or creates) the log. Where the entries numbered after `appliedThrough` lie comes back
    // in `unapplied`, in order. The scan stops at the first frame that is torn or damaged (a crash
    // while it was written: a push is acknowledged only once its frame is synced); what follows is
    // copied to `<path>.cut-<offset>-<ms>` and logged (at error level when whole entries follow
    // the damage), and appends go after the last good frame.
    static Result<std::unique_ptr<IntakeLog>> open(const std::string& path, std::uint64_t appliedThrough, std::vector<Ref>& unapplied);
    ~IntakeLog();
    IntakeLog(const IntakeLog&) = delete;
    IntakeLog& operator=(const IntakeLog&) = delete;

    // An entry ready to be written: its checksum taken, before any lock. `body` must outlive it.
    struct Prepared {
        std::string prefix;  // the device id, with its size
        std::string_view body;
        std::uint32_t payloadCrc = 0;
    };
    static Prepared prepare(std::string_view deviceId, std::string_view body);
    // Writes the entry at the end of the file (not yet durable) and numbers it.
    Result<Ref> write(const Prepared& entry);
    Result<Ref> write(std::string_view deviceId, std::string_view body) { return write(prepare(deviceId, body)); }
    // Returns once everything written up to `ref` is durable: whoever finds no sync under way runs
    // one for all that was written by then.
    Result<void> sync(const Ref& ref);
    Result<Entry> read(const Ref& ref) const;
    // Empties the file when `appliedThrough` is the last entry written and the file has grown
    // past `threshold` bytes: nothing in it is needed any more. Numbers go on from where they were.
    Result<void> truncateIfApplied(std::uint64_t appliedThrough, std::uint64_t threshold);
    [[nodiscard]] std::uint64_t lastNumber() const;
    [[nodiscard]] std::uint64_t size() const;

private:
    IntakeLog(int fd, std::string path, std::uint64_t end, std::uint64_t lastNumber);

    int m_fd;
    std::string m_path;
    // Lock order: m_mutex before m_syncMutex, never the other way.
    mutable std::mutex m_mutex;  // m_end, m_lastNumber; writes
    std::uint64_t m_end;
    std::uint64_t m_lastNumber;
    std::atomic<bool> m_failed{false};  // a write or sync failed: what the file holds past m_synced is unknown
    std::mutex m_syncMutex;  // m_synced, m_syncing, m_generation
    std::condition_variable m_synced_cv;
    std::uint64_t m_synced;  // bytes known durable (a truncation resets it)
    std::uint64_t m_generation = 0;  // bumped by each truncation (only of a file wholly synced)
    bool m_syncing = false;
};

}  // namespace igmc::server
