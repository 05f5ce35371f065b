// SPDX-License-Identifier: Apache-2.0
#include "evidence/blob_store.hpp"

#include "core/private_files.hpp"

#include "core/ids.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace igmc::evidence {

namespace fs = std::filesystem;

namespace {

Error ioError(const std::string& what, const std::string& path)
{
    return makeError(ErrorCode::IoError, what + ": " + std::strerror(errno), path);
}

struct FdCloser {
    int fd;
    ~FdCloser()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

Result<void> writeAll(int fd, const char* data, std::size_t size, const std::string& path)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return ioError("write failed", path);
        }
        data += written;
        size -= static_cast<std::size_t>(written);
    }
    return {};
}

Result<void> fsyncDirectory(const std::string& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return ioError("cannot open directory", dir);
    FdCloser closer{fd};
    if (::fsync(fd) != 0)
        return ioError("fsync of directory failed", dir);
    return {};
}

class Sha256 {
public:
    Sha256() : m_ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free) { EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr); }
    void update(const char* data, std::size_t size) { EVP_DigestUpdate(m_ctx.get(), data, size); }
    std::string hex()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_ctx.get(), digest, &length);
        static constexpr char kHex[] = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < length; ++i) {
            out += kHex[digest[i] >> 4];
            out += kHex[digest[i] & 0xF];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> m_ctx;
};

std::string tempName(const std::string& root)
{
    return root + "/tmp/" + newUuidV7() + ".part";
}

// Blobs live in 256 folders named by their hash's first byte. They are all made when the store
// is opened, and made durable there, so storing a blob never creates a folder: one fewer
// mkdir and one fewer fsync (of the root, which a new folder's entry needs) per evidence file.
// The root is synced on every open, not only when this open made a folder: an earlier open may
// have stopped between making them and syncing.
Result<void> makeShardFolders(const std::string& root)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string path = root + "/xx";
    for (int shard = 0; shard < 256; ++shard) {
        path[path.size() - 2] = kHex[shard >> 4];
        path[path.size() - 1] = kHex[shard & 0xF];
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
            return ioError("cannot create an evidence folder", path);
    }
    return fsyncDirectory(root);
}

// A folder removed since the store was opened is made again before a blob goes in, and no blob
// goes into it before its entry in the root is durable: whoever finds it missing makes it and
// syncs the root under this lock, and whoever finds it there waits for that (the lock is held
// only for a mkdir otherwise). If the sync fails, the folder goes again, so the next blob retries.
std::mutex g_shardFolders;

Result<void> ensureShardFolder(const std::string& root, const std::string& dir)
{
    std::lock_guard lock(g_shardFolders);
    if (::mkdir(dir.c_str(), 0700) != 0)
        return errno == EEXIST ? Result<void>{} : ioError("cannot create an evidence folder", dir);
    if (auto synced = fsyncDirectory(root); !synced) {
        ::rmdir(dir.c_str());
        return synced;
    }
    return {};
}

}  // namespace

Result<BlobStore> BlobStore::open(const std::string& root)
{
    // Evidence is the programme's, and a resident's face may be in it: private, whatever the umask.
    if (auto made = makePrivateDirectory(root + "/tmp"); !made)
        return makeError(ErrorCode::IoError, "cannot create the evidence folder: " + made.error().message, root);
    if (auto made = makePrivateDirectory(root); !made)
        return made.error();
    if (auto made = makeShardFolders(root); !made)
        return made.error();
    return BlobStore(root);
}

std::string BlobStore::pathOf(const std::string& sha256) const
{
    return m_root + "/" + sha256.substr(0, 2) + "/" + sha256;
}

bool BlobStore::contains(const std::string& sha256) const
{
    std::error_code ec;
    return isSha256Hex(sha256) && fs::is_regular_file(pathOf(sha256), ec);
}

Result<void> BlobStore::publish(const std::string& tempPath, const std::string& sha256)
{
    const std::string dir = m_root + "/" + sha256.substr(0, 2);
    std::error_code ec;
    if (auto made = ensureShardFolder(m_root, dir); !made)
        return made;
    if (contains(sha256)) {
        fs::remove(tempPath, ec);
        return {};
    }
    if (::rename(tempPath.c_str(), pathOf(sha256).c_str()) != 0)
        return ioError("cannot move the blob into place", pathOf(sha256));
    return fsyncDirectory(dir);
}

Result<std::string> BlobStore::put(std::string_view bytes)
{
    return write(bytes, sha256Hex(bytes));
}

Result<std::string> BlobStore::putExpecting(std::string_view bytes, const std::string& sha256)
{
    if (!isSha256Hex(sha256))
        return makeError(ErrorCode::InvalidArgument, "not a SHA-256: " + sha256);
    if (sha256Hex(bytes) != sha256)
        return makeError(ErrorCode::ValidationError, "the bytes do not match their SHA-256 " + sha256);
    return write(bytes, sha256);
}

Result<std::string> BlobStore::write(std::string_view bytes, const std::string& sha)
{
    if (contains(sha))
        return sha;
    const std::string temp = tempName(m_root);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return ioError("cannot create a temporary file", temp);
    {
        FdCloser closer{fd};
        if (auto done = writeAll(fd, bytes.data(), bytes.size(), temp); !done) {
            ::unlink(temp.c_str());
            return done.error();
        }
        if (::fsync(fd) != 0) {
            ::unlink(temp.c_str());
            return ioError("fsync failed", temp);
        }
    }
    if (auto done = publish(temp, sha); !done) {
        ::unlink(temp.c_str());
        return done.error();
    }
    return sha;
}

Result<std::string> BlobStore::putFile(const std::string& sourcePath)
{
    const int in = ::open(sourcePath.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ioError("cannot open the file", sourcePath);
    FdCloser inCloser{in};
    const std::string temp = tempName(m_root);
    const int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0)
        return ioError("cannot create a temporary file", temp);
    Sha256 hash;
    {
        FdCloser outCloser{out};
        std::vector<char> buffer(1 << 20);
        while (true) {
            const ssize_t got = ::read(in, buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0) {
                ::unlink(temp.c_str());
                return ioError("read failed", sourcePath);
            }
            if (got == 0)
                break;
            hash.update(buffer.data(), static_cast<std::size_t>(got));
            if (auto done = writeAll(out, buffer.data(), static_cast<std::size_t>(got), temp); !done) {
                ::unlink(temp.c_str());
                return done.error();
            }
        }
        if (::fsync(out) != 0) {
            ::unlink(temp.c_str());
            return ioError("fsync failed", temp);
        }
    }
    const std::string sha = hash.hex();
    if (auto done = publish(temp, sha); !done) {
        ::unlink(temp.c_str());
        return done.error();
    }
    return sha;
}

Result<void> BlobStore::adopt(const std::string& path, const std::string& sha256)
{
    if (!isSha256Hex(sha256))
        return makeError(ErrorCode::InvalidArgument, "not a SHA-256: " + sha256);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError("cannot open the upload", path);
    Sha256 hash;
    {
        FdCloser closer{fd};
        std::vector<char> buffer(1 << 20);
        while (true) {
            const ssize_t got = ::read(fd, buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                return ioError("read failed", path);
            if (got == 0)
                break;
            hash.update(buffer.data(), static_cast<std::size_t>(got));
        }
    }
    if (hash.hex() != sha256)
        return makeError(ErrorCode::ValidationError, "the bytes do not match their SHA-256 " + sha256);
    return publish(path, sha256);
}

Result<std::int64_t> BlobStore::size(const std::string& sha256) const
{
    if (!contains(sha256))
        return makeError(ErrorCode::NotFound, "no evidence blob " + sha256);
    std::error_code ec;
    const auto bytes = fs::file_size(pathOf(sha256), ec);
    if (ec)
        return makeError(ErrorCode::IoError, ec.message(), pathOf(sha256));
    return static_cast<std::int64_t>(bytes);
}

Result<std::string> BlobStore::read(const std::string& sha256) const
{
    std::string bytes;
    if (auto done = readInto(sha256, bytes); !done)
        return done.error();
    return bytes;
}

Result<void> BlobStore::readInto(const std::string& sha256, std::string& bytes) const
{
    if (!contains(sha256))
        return makeError(ErrorCode::NotFound, "no evidence blob " + sha256);
    const int fd = ::open(pathOf(sha256).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError("cannot open the blob", pathOf(sha256));
    FdCloser closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return ioError("cannot read the blob's size", pathOf(sha256));
    // Read straight into a string of the file's size (stored blobs never change); one byte more
    // sees the end, and a file that is somehow longer is still read whole.
    bytes.resize(static_cast<std::size_t>(info.st_size) + 1);
    std::size_t held = 0;
    while (true) {
        if (held == bytes.size())
            bytes.resize(bytes.size() * 2);
        const ssize_t got = ::read(fd, bytes.data() + held, bytes.size() - held);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return ioError("read failed", pathOf(sha256));
        if (got == 0)
            break;
        held += static_cast<std::size_t>(got);
    }
    bytes.resize(held);
    return {};
}

std::uint64_t BlobStore::removeTemporaries(std::chrono::seconds olderThan) const
{
    const auto cutoff = fs::file_time_type::clock::now() - olderThan;
    std::uint64_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(fs::path(m_root) / "tmp", ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code entryError;
        if (it->path().extension() != ".part" || !it->is_regular_file(entryError) || it->last_write_time(entryError) > cutoff || entryError)
            continue;
        const auto size = it->file_size(entryError);
        if (fs::remove(it->path(), entryError) && !entryError)
            removed += size;
    }
    return removed;
}

Result<bool> BlobStore::verify(const std::string& sha256) const
{
    auto bytes = read(sha256);
    if (!bytes)
        return bytes.error();
    return sha256Hex(*bytes) == sha256;
}

}  // namespace igmc::evidence
