// SPDX-License-Identifier: Apache-2.0
#include "blobs/blob_uploads.hpp"

#include "core/private_files.hpp"

#include "core/ids.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace igmc::server {

namespace fs = std::filesystem;

namespace {

constexpr const char* kOwnerSuffix = ".device";

std::string readOwner(const std::string& path)
{
    std::ifstream in(path);
    std::string deviceId;
    std::getline(in, deviceId);
    return deviceId;
}

}  // namespace

BlobUploads::BlobUploads(evidence::BlobStore blobs, std::int64_t maxBytes, ParkedUploadLimits parked)
    : m_blobs(std::move(blobs)), m_maxBytes(maxBytes), m_limits(parked)
{
    (void)makePrivateDirectory(m_blobs.root() + "/partial");  // a failure shows on the first upload
    indexParkedUploads();
}

// Rebuilds invariant 4's accounting from the partial folder; an owner file whose upload is gone
// (the process stopped between removing the two) goes too.
void BlobUploads::indexParkedUploads()
{
    std::error_code ec;
    std::vector<fs::path> strayOwners;
    for (fs::directory_iterator it(m_blobs.root() + "/partial", ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        std::error_code entryError;
        if (isSha256Hex(name)) {
            const auto size = it->file_size(entryError);
            if (!entryError)
                setParked(name, {readOwner(it->path().string() + kOwnerSuffix), static_cast<std::int64_t>(size)});
        } else if (it->path().extension() == kOwnerSuffix && !fs::exists(it->path().parent_path() / it->path().stem(), entryError)) {
            strayOwners.push_back(it->path());
        }
    }
    for (const auto& path : strayOwners)
        fs::remove(path, ec);
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

Result<bool> BlobUploads::reserve(const std::string& deviceId, const std::string& sha256, std::int64_t bytes)
{
    std::lock_guard lock(m_parkedMutex);
    const auto it = m_parked.find(sha256);
    const bool mine = it != m_parked.end() && it->second.deviceId == deviceId;
    const auto byDevice = m_parkedByDevice.find(deviceId);
    const std::int64_t others = (byDevice == m_parkedByDevice.end() ? 0 : byDevice->second) - (mine ? it->second.bytes : 0);
    if (others + bytes > m_limits.maxBytesPerDevice) {
        const auto hours = std::chrono::duration_cast<std::chrono::hours>(m_limits.maxAge).count();
        return makeError(ErrorCode::Forbidden,
                         "this device already has " + std::to_string(others) + " bytes of unfinished evidence uploads on the server; with this one it would pass the limit of "
                             + std::to_string(m_limits.maxBytesPerDevice) + " bytes. Finish those uploads first (unfinished uploads are removed after "
                             + std::to_string(hours) + " hours without a write)");
    }
    if (it != m_parked.end() && !it->second.deviceId.empty())
        m_parkedByDevice[it->second.deviceId] -= it->second.bytes;
    m_parked[sha256] = {deviceId, bytes};
    m_parkedByDevice[deviceId] += bytes;
    return !mine;
}

void BlobUploads::setParked(const std::string& sha256, Parked parked)
{
    std::lock_guard lock(m_parkedMutex);
    if (const auto it = m_parked.find(sha256); it != m_parked.end() && !it->second.deviceId.empty())
        m_parkedByDevice[it->second.deviceId] -= it->second.bytes;
    if (!parked.deviceId.empty())
        m_parkedByDevice[parked.deviceId] += parked.bytes;
    m_parked[sha256] = std::move(parked);
}

void BlobUploads::forget(const std::string& sha256)
{
    {
        std::lock_guard lock(m_parkedMutex);
        if (const auto it = m_parked.find(sha256); it != m_parked.end()) {
            if (!it->second.deviceId.empty() && (m_parkedByDevice[it->second.deviceId] -= it->second.bytes) == 0)
                m_parkedByDevice.erase(it->second.deviceId);
            m_parked.erase(it);
        }
    }
    std::error_code ec;
    fs::remove(partialPath(sha256) + kOwnerSuffix, ec);
}

std::int64_t BlobUploads::parkedBytes(const std::string& deviceId)
{
    std::lock_guard lock(m_parkedMutex);
    const auto it = m_parkedByDevice.find(deviceId);
    return it == m_parkedByDevice.end() ? 0 : it->second;
}

Result<BlobState> BlobUploads::append(const std::string& deviceId, const std::string& sha256, std::int64_t offset, std::int64_t total,
                                      std::string_view bytes)
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
    std::error_code ec;
    const auto heldSize = fs::file_size(partialPath(sha256), ec);
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
    return writePart(deviceId, sha256, held, total, bytes);
}

// Appends to the partial file (BlobLock held); adopts it once it is whole.
Result<BlobState> BlobUploads::writePart(const std::string& deviceId, const std::string& sha256, std::int64_t held, std::int64_t total,
                                         std::string_view bytes)
{
    const auto path = partialPath(sha256);
    const std::int64_t now = held + static_cast<std::int64_t>(bytes.size());
    bool newOwner = false;
    if (now < total) {
        auto reserved = reserve(deviceId, sha256, now);
        if (!reserved)
            return reserved.error();
        newOwner = *reserved;
    }
    const auto failed = [&](Error error) -> Result<BlobState> {
        if (now < total && held == 0)
            forget(sha256);  // invariant 4: the room goes back
        else if (now < total)
            setParked(sha256, {deviceId, held});
        return error;
    };
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return failed(makeError(ErrorCode::IoError, std::string("cannot open the upload: ") + std::strerror(errno), path));
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
            return failed(makeError(ErrorCode::IoError, std::string("write failed: ") + std::strerror(saved), path));
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0) {
        ::close(fd);
        return failed(makeError(ErrorCode::IoError, std::string("fsync failed: ") + std::strerror(errno), path));
    }
    ::close(fd);
    if (now < total) {
        if (newOwner)
            (void)writePrivateFile(path + kOwnerSuffix, deviceId + "\n");  // lost: the upload counts as no one's
        return BlobState{now, false};
    }
    auto adopted = m_blobs.adopt(path, sha256);
    std::error_code ec;
    if (!adopted)
        fs::remove(path, ec);  // invariant 3: a wrong hash is discarded whole
    forget(sha256);
    if (!adopted)
        return adopted.error();
    return BlobState{now, true};
}

SweepReport BlobUploads::sweep(std::chrono::system_clock::time_point now, std::chrono::seconds temporaryAge)
{
    SweepReport report;
    std::error_code ec;
    std::vector<std::string> partials;
    for (fs::directory_iterator it(m_blobs.root() + "/partial", ec), end; !ec && it != end; it.increment(ec)) {
        if (isSha256Hex(it->path().filename().string()))
            partials.push_back(it->path().filename().string());
    }
    for (const auto& sha256 : partials) {
        BlobLock lock(*this, sha256);  // not while a PUT of it writes
        struct stat info {};
        if (::stat(partialPath(sha256).c_str(), &info) != 0)
            continue;
        const auto written = std::chrono::system_clock::from_time_t(info.st_mtim.tv_sec);
        if (now - written <= m_limits.maxAge || ::unlink(partialPath(sha256).c_str()) != 0)
            continue;
        forget(sha256);
        ++report.parkedRemoved;
        report.bytesRemoved += static_cast<std::uint64_t>(info.st_size);
    }
    report.bytesRemoved += m_blobs.removeTemporaries(temporaryAge);
    return report;
}

Result<std::string> BlobUploads::read(const std::string& sha256)
{
    return m_blobs.read(sha256);
}

}  // namespace igmc::server
