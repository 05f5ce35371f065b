// Resumable, verified evidence uploads. A blob arrives in one or more PUTs at increasing offsets;
// the bytes collect in a partial file, and only when the declared length is reached and the
// SHA-256 matches does the blob become visible in the BlobStore (invariant 1 of blob_store.hpp).
// A partial file is a "parked" upload: it counts against the device that last wrote to it.
//
// Invariants:
//  1. A PUT is acknowledged only after its bytes are fsynced: the offset HEAD reports survives a crash.
//  2. An append at any offset other than the bytes held is refused (409, with the offset to resume from).
//  3. A blob that fails verification is discarded whole; a verified blob is never uploaded twice.
//  4. The bytes a device has parked, counting bytes being written, never pass
//     ParkedUploadLimits::maxBytesPerDevice: the room is taken (reserve) before the write and
//     given back if it fails. A chunk that completes its blob parks nothing and is never refused.
//  5. A parked upload not written for ParkedUploadLimits::maxAge is removed by the next sweep();
//     so are temporary files older than sweep's `temporaryAge`, and all of them at start.
// Who parked a partial file is kept beside it (partial/SHA.device, not fsynced): after a crash
// that lost it, the upload counts against no device until it is written to again.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "evidence/blob_store.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace igmc::server {

struct BlobState {
    std::int64_t held = 0;  // bytes the server holds (the full size when complete)
    bool complete = false;
};

struct ParkedUploadLimits {
    std::int64_t maxBytesPerDevice = 1LL << 30;  // 1 GiB: a few large uploads in parallel
    std::chrono::seconds maxAge = std::chrono::hours(24 * 7);  // a device offline for a week may resume
};

struct SweepReport {
    int parkedRemoved = 0;
    std::uint64_t bytesRemoved = 0;  // parked and temporary
};

class BlobUploads {
public:
    BlobUploads(evidence::BlobStore blobs, std::int64_t maxBytes, ParkedUploadLimits parked = {});

    Result<BlobState> state(const std::string& sha256);
    // Appends `bytes` at `offset` of a blob whose full length is `total`, sent by `deviceId`.
    Result<BlobState> append(const std::string& deviceId, const std::string& sha256, std::int64_t offset, std::int64_t total,
                             std::string_view bytes);
    Result<std::string> read(const std::string& sha256);
    // Invariant 5, as of `now`.
    SweepReport sweep(std::chrono::system_clock::time_point now, std::chrono::seconds temporaryAge);
    // Bytes `deviceId` has parked (invariant 4).
    std::int64_t parkedBytes(const std::string& deviceId);
    [[nodiscard]] std::int64_t maxBytes() const { return m_maxBytes; }
    [[nodiscard]] const ParkedUploadLimits& parkedLimits() const { return m_limits; }
    evidence::BlobStore& blobs() { return m_blobs; }

private:
    struct Parked {
        std::string deviceId;  // "" when not known (invariant 5's note)
        std::int64_t bytes = 0;
    };

    std::string partialPath(const std::string& sha256) const;
    void indexParkedUploads();
    // Invariant 4: takes room for `sha256` to hold `bytes` for `deviceId`; true if it changed hands.
    Result<bool> reserve(const std::string& deviceId, const std::string& sha256, std::int64_t bytes);
    void setParked(const std::string& sha256, Parked parked);
    void forget(const std::string& sha256);
    Result<BlobState> writePart(const std::string& deviceId, const std::string& sha256, std::int64_t held, std::int64_t total,
                                std::string_view bytes);

    // Uploads of different blobs run side by side (each waits for its own fsyncs); two requests
    // for the same blob take turns.
    class BlobLock {
    public:
        BlobLock(BlobUploads& uploads, std::string sha256);
        ~BlobLock();
        BlobLock(const BlobLock&) = delete;
        BlobLock& operator=(const BlobLock&) = delete;

    private:
        BlobUploads& m_uploads;
        std::string m_sha256;
    };

    evidence::BlobStore m_blobs;
    std::int64_t m_maxBytes;
    ParkedUploadLimits m_limits;
    std::mutex m_mutex;  // guards m_busy
    std::condition_variable m_released;
    std::set<std::string> m_busy;
    // Taken after a BlobLock, never before one.
    std::mutex m_parkedMutex;  // guards m_parked and m_parkedByDevice
    std::map<std::string, Parked> m_parked;  // by SHA-256
    std::map<std::string, std::int64_t> m_parkedByDevice;
};

}  // namespace igmc::server
