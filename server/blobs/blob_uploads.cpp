// SPDX-License-Identifier: Apache-2.0
#include "blobs/blob_uploads.hpp"

#include "core/ids.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace igmc::server {

namespace fs = std::filesystem;

BlobUploads::BlobUploads(evidence::BlobStore blobs, std::int64_t maxBytes) : m_blobs(std::move(blobs)), m_maxBytes(maxBytes)
{
    std::error_code ec;
    fs::create_directories(m_blobs.root() + "/partial", ec);
}

BlobUploads::BlobLock::BlobLock(BlobUploads& uploads, std::string sha256) : m_uploads(uploads), m_sha256(std::move(sha256))
{
    std::unique_lock lock(m_uploads.m_mutex);
    m_uploads.m_released.wait(lock, [this] { return !m_uploads.m_busy.contains(m_sha256); });
    m_uploads.m_busy.insert(m_sha256);
}

BlobUploads::BlobLock::~BlobLock()
{
    {
        std::lock_guard lock(m_uploads.m_mutex);
        m_uploads.m_busy.erase(m_sha256);
    }
    m_uploads.m_released.notify_all();
}

std::string BlobUploads::partialPath(const std::string& sha256) const
{
    return m_blobs.root() + "/partial/" + sha256;
}

Result<BlobState> BlobUploads::state(const std::string& sha256)
{
    if (!isSha256Hex(sha256))
        return makeError(ErrorCode::InvalidArgument, "a blob is named by its SHA-256: 64 lower-case hex digits");
    BlobLock lock(*this, sha256);
    if (m_blobs.contains(sha256)) {
        auto size = m_blobs.size(sha256);
        if (!size)
            return size.error();
        return BlobState{*size, true};
    }
    std::error_code ec;
    const auto held = fs::file_size(partialPath(sha256), ec);
    return BlobState{ec ? 0 : static_cast<std::int64_t>(held), false};
}

Result<BlobState> BlobUploads::append(const std::string& sha256, std::int64_t offset, std::int64_t total, std::string_view bytes)
{
    if (!isSha256Hex(sha256))
        return makeError(ErrorCode::InvalidArgument, "a blob is named by its SHA-256: 64 lower-case hex digits");
    if (total < 0 || total > m_maxBytes)
        return makeError(ErrorCode::InvalidArgument, "evidence files are limited to " + std::to_string(m_maxBytes) + " bytes");
    if (offset < 0 || offset + static_cast<std::int64_t>(bytes.size()) > total)
        return makeError(ErrorCode::InvalidArgument, "the bytes run past the declared length");
    BlobLock lock(*this, sha256);
    if (m_blobs.contains(sha256)) {
        auto size = m_blobs.size(sha256);
        if (!size)
            return size.error();
        return BlobState{*size, true};  // invariant 3: never stored twice
    }
    const auto path = partialPath(sha256);
    std::error_code ec;
    const auto heldSize = fs::file_size(path, ec);
    const std::int64_t held = ec ? 0 : static_cast<std::int64_t>(heldSize);
    if (offset != held)
        return makeError(ErrorCode::Conflict, "the server holds " + std::to_string(held) + " bytes of this blob; resume from there");
    if (offset == 0 && static_cast<std::int64_t>(bytes.size()) == total) {
        // The whole blob in one request (most photos): checked in memory and written once, with
        // no partial file to write, sync and read back. A wrong hash stores nothing.
        if (auto stored = m_blobs.putExpecting(bytes, sha256); !stored)
            return stored.error();
        return BlobState{total, true};
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(ErrorCode::IoError, std::string("cannot open the upload: ") + std::strerror(errno), path);
    const char* data = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0) {
            const int saved = errno;
            ::ftruncate(fd, held);  // keep the partial file at a known good length
            ::close(fd);
            return makeError(ErrorCode::IoError, std::string("write failed: ") + std::strerror(saved), path);
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return makeError(ErrorCode::IoError, std::string("fsync failed: ") + std::strerror(errno), path);
    }
    ::close(fd);
    const std::int64_t now = held + static_cast<std::int64_t>(bytes.size());
    if (now < total)
        return BlobState{now, false};
    if (auto adopted = m_blobs.adopt(path, sha256); !adopted) {
        fs::remove(path, ec);  // invariant 3: a wrong hash is discarded whole
        return adopted.error();
    }
    return BlobState{now, true};
}

Result<std::string> BlobUploads::read(const std::string& sha256)
{
    return m_blobs.read(sha256);
}

}  // namespace igmc::server
