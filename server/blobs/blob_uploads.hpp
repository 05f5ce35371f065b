// Resumable, verified evidence uploads. A blob arrives in one or more PUTs at increasing offsets;
// the bytes collect in a partial file, and only when the declared length is reached and the
// SHA-256 matches does the blob become visible in the BlobStore (invariant 1 of blob_store.hpp).
//
// Invariants:
//  1. A PUT is acknowledged only after its bytes are fsynced: the offset HEAD reports survives a crash.
//  2. An append at any offset other than the bytes held is refused (409, with the offset to resume from).
//  3. A blob that fails verification is discarded whole; a verified blob is never uploaded twice.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "evidence/blob_store.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace igmc::server {

struct BlobState {
    std::int64_t held = 0;  // bytes the server holds (the full size when complete)
    bool complete = false;
};

class BlobUploads {
public:
    BlobUploads(evidence::BlobStore blobs, std::int64_t maxBytes);

    Result<BlobState> state(const std::string& sha256);
    // Appends `bytes` at `offset` of a blob whose full length is `total`.
    Result<BlobState> append(const std::string& sha256, std::int64_t offset, std::int64_t total, std::string_view bytes);
    Result<std::string> read(const std::string& sha256);
    [[nodiscard]] std::int64_t maxBytes() const { return m_maxBytes; }
    evidence::BlobStore& blobs() { return m_blobs; }

private:
    std::string partialPath(const std::string& sha256) const;

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
    std::mutex m_mutex;  // guards m_busy
    std::condition_variable m_released;
    std::set<std::string> m_busy;
};

}  // namespace igmc::server
