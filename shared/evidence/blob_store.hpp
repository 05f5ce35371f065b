// Evidence bytes on disk, content-addressed: a blob's file name is its SHA-256, so the same photo
// is stored once and a file can always be checked against its name.
//
// Invariants:
//  1. A blob is visible under its final name only after its bytes were hashed, written, fsynced and
//     atomically renamed into place (then the directory is fsynced): a crash leaves either the
//     whole blob or nothing, never a truncated file under a valid name.
//  2. A blob's bytes never change once visible.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace igmc::evidence {

class BlobStore {
public:
    // Creates `root` (and its parents) when missing.
    static Result<BlobStore> open(const std::string& root);

    // Stores bytes; returns their SHA-256. Storing existing content is a no-op.
    Result<std::string> put(std::string_view bytes);
    // Stores bytes only if they hash to `sha256` (an upload in one piece); otherwise stores nothing
    // and returns a ValidationError.
    Result<std::string> putExpecting(std::string_view bytes, const std::string& sha256);
    // Streams a file in (photos can be large); returns its SHA-256.
    Result<std::string> putFile(const std::string& sourcePath);

    // Moves a finished file (on the same file system) in under `sha256` if its bytes hash to it;
    // otherwise leaves the store unchanged and returns a ValidationError.
    Result<void> adopt(const std::string& path, const std::string& sha256);

    [[nodiscard]] bool contains(const std::string& sha256) const;
    Result<std::int64_t> size(const std::string& sha256) const;
    Result<std::string> read(const std::string& sha256) const;
    // The same into `bytes`, whose memory is reused: a caller reading many files in turn (an
    // upload worker) touches fresh pages once, not once per file.
    Result<void> readInto(const std::string& sha256, std::string& bytes) const;
    // Re-hashes the stored file and compares with its name.
    Result<bool> verify(const std::string& sha256) const;
    [[nodiscard]] std::string pathOf(const std::string& sha256) const;
    // Removes the temporary files of writes that never finished (the process stopped between
    // creating one and moving it into place) last written more than `olderThan` ago; returns the
    // bytes removed. No write keeps its temporary file for long: with 0 (no write running, as
    // at start) every one goes.
    std::uint64_t removeTemporaries(std::chrono::seconds olderThan) const;
    [[nodiscard]] const std::string& root() const { return m_root; }

private:
    explicit BlobStore(std::string root) : m_root(std::move(root)) {}
    Result<void> publish(const std::string& tempPath, const std::string& sha256);
    // Writes bytes already known to hash to `sha` (temp file, fsync, rename, directory fsync).
    Result<std::string> write(std::string_view bytes, const std::string& sha);
    std::string m_root;
};

}  // namespace igmc::evidence
