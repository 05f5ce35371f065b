#include "storage/intake_log.hpp"

#include "log/json_log.hpp"


#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace igmc::server {

namespace {

// A frame: magic, payload size, number, CRC-32 of number and payload; then the payload: the
// device id's size, the device id, the body. Little-endian, as written on the machines we run on.
constexpr std::uint32_t kMagic = 0x32494749;  // "IGI2": CRC-32C over the payload, then the number
constexpr std::size_t kHeader = 4 + 4 + 8 + 4;
constexpr std::uint32_t kMaxPayload = 1U << 30;

Error ioError(const std::string& what, const std::string& path)
{
    return makeError(ErrorCode::IoError, what + " the intake log " + path + ": " + std::strerror(errno));
}

template <typename T>
void put(std::string& out, T value)
{
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
T get(const char* in)
{
    T value;
    std::memcpy(&value, in, sizeof value);
    return value;
}

std::uint32_t crc32cBytewise(std::uint32_t crc, const unsigned char* bytes, std::size_t size)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1U) != 0 ? (c >> 1) ^ 0x82f63b78U : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    crc = ~crc;
    for (std::size_t i = 0; i < size; ++i)
        crc = table[(crc ^ bytes[i]) & 0xffU] ^ (crc >> 8);
    return ~crc;
}

#if defined(__x86_64__)
// SSE 4.2 computes CRC-32C eight bytes an instruction: a 300 KB push in some 40 us, where a table
// takes ten times that (and the CRC is taken for every push acknowledged early).
__attribute__((target("sse4.2"))) std::uint32_t crc32cHardware(std::uint32_t crc, const unsigned char* bytes, std::size_t size)
{
    std::uint64_t c = ~crc;
    for (; size >= 8; bytes += 8, size -= 8) {
        std::uint64_t word;
        std::memcpy(&word, bytes, 8);
        c = _mm_crc32_u64(c, word);
    }
    auto c32 = static_cast<std::uint32_t>(c);
    for (; size > 0; ++bytes, --size)
        c32 = _mm_crc32_u8(c32, *bytes);
    return ~c32;
}
#endif

// The frame's payload, then its number (added last, so the payload's part is taken outside the lock).
std::uint32_t checksum(std::uint64_t number, std::string_view payload)
{
    return crc32c(crc32c(0, payload), std::string_view(reinterpret_cast<const char*>(&number), sizeof number));
}

bool readAll(int fd, char* into, std::size_t size, std::uint64_t offset)
{
    while (size > 0) {
        const auto got = ::pread(fd, into, size, static_cast<off_t>(offset));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        into += got;
        size -= static_cast<std::size_t>(got);
        offset += static_cast<std::uint64_t>(got);
    }
    return true;
}

bool writeAll(int fd, const char* from, std::size_t size, std::uint64_t offset)
{
    while (size > 0) {
        const auto put = ::pwrite(fd, from, size, static_cast<off_t>(offset));
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return false;
        from += put;
        size -= static_cast<std::size_t>(put);
        offset += static_cast<std::uint64_t>(put);
    }
    return true;
}

// The entry in the frame at `offset`, if it is whole and undamaged.
std::optional<IntakeLog::Entry> readFrame(int fd, std::uint64_t offset, std::uint64_t fileSize, std::uint32_t* frameSize)
{
    if (fileSize - offset < kHeader)
        return std::nullopt;
    char header[kHeader];
    if (!readAll(fd, header, kHeader, offset) || get<std::uint32_t>(header) != kMagic)
        return std::nullopt;
    const auto payloadSize = get<std::uint32_t>(header + 4);
    if (payloadSize < 4 || payloadSize > kMaxPayload || fileSize - offset - kHeader < payloadSize)
        return std::nullopt;
    std::string payload(payloadSize, '\0');
    if (!readAll(fd, payload.data(), payloadSize, offset + kHeader))
        return std::nullopt;
    const auto number = get<std::uint64_t>(header + 8);
    if (checksum(number, payload) != get<std::uint32_t>(header + 16))
        return std::nullopt;
    const auto idSize = get<std::uint32_t>(payload.data());
    if (idSize > payloadSize - 4)
        return std::nullopt;
    *frameSize = static_cast<std::uint32_t>(kHeader + payloadSize);
    return IntakeLog::Entry{number, payload.substr(4, idSize), payload.substr(4 + idSize)};
}

// A file just created survives a power loss only once its folder's entry is synced too.
bool syncDirectoryOf(const std::string& path)
{
    const auto slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0)
        return false;
    const bool synced = ::fsync(dir) == 0;
    ::close(dir);
    return synced;
}

// The bytes after the last good frame, copied aside before they are cut off (never over an
// earlier copy): never acknowledged if a crash tore them, but worth a look if the disk damaged
// them. Returns the copy's name, or nothing when it could not be made.
std::optional<std::string> keepCutOff(int fd, const std::string& path, std::uint64_t from, std::uint64_t to)
{
    const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto name = path + ".cut-" + std::to_string(from) + "-" + std::to_string(stamp);
    std::string aside = name;
    int out = -1;
    for (int again = 1; (out = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 && errno == EEXIST && again < 1000; ++again)
        aside = name + "." + std::to_string(again);  // cut at the same place in the same millisecond
    if (out < 0)
        return std::nullopt;
    std::string chunk;
    bool copied = true;
    for (std::uint64_t at = from; copied && at < to;) {
        chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(to - at, 1U << 20)));
        copied = readAll(fd, chunk.data(), chunk.size(), at) && writeAll(out, chunk.data(), chunk.size(), at - from);
        at += chunk.size();
    }
    copied = copied && ::fsync(out) == 0;
    ::close(out);
    if (!copied || !syncDirectoryOf(aside))
        return std::nullopt;
    return aside;
}

// Whole frames numbered after `appliedThrough` that lie past a damaged one: none after a crash
// tore the last frames written, some if the disk damaged one in the middle.
std::size_t framesPast(int fd, std::uint64_t from, std::uint64_t to, std::uint64_t appliedThrough)
{
    std::size_t found = 0;
    std::string chunk;
    const std::string magic(reinterpret_cast<const char*>(&kMagic), sizeof kMagic);
    for (std::uint64_t at = from + 1; at < to;) {
        chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(to - at, 1U << 20)));
        if (!readAll(fd, chunk.data(), chunk.size(), at))
            return found;
        for (auto hit = chunk.find(magic); hit != std::string::npos; hit = chunk.find(magic, hit + 1)) {
            std::uint32_t size = 0;
            if (auto entry = readFrame(fd, at + hit, to, &size); entry && entry->number > appliedThrough)
                ++found;
        }
        at += chunk.size() > sizeof kMagic ? chunk.size() - (sizeof kMagic - 1) : chunk.size();
    }
    return found;
}

}  // namespace

std::uint32_t crc32c(std::uint32_t crc, std::string_view bytes)
{
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
#if defined(__x86_64__)
    static const bool hardware = __builtin_cpu_supports("sse4.2");
    if (hardware)
        return crc32cHardware(crc, data, bytes.size());
#endif
    return crc32cBytewise(crc, data, bytes.size());
}

std::uint32_t crc32cBytewiseForTest(std::string_view bytes)
{
    return crc32cBytewise(0, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

Result<std::unique_ptr<IntakeLog>> IntakeLog::open(const std::string& path, std::uint64_t appliedThrough, std::vector<Ref>& unapplied)
{
    const bool existed = ::access(path.c_str(), F_OK) == 0;
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return ioError("could not open", path);
    if (!existed && !syncDirectoryOf(path)) {
        auto error = ioError("could not make durable the folder of", path);
        ::close(fd);
        return error;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        auto error = ioError("could not read", path);
        ::close(fd);
        return error;
    }
    const auto fileSize = static_cast<std::uint64_t>(st.st_size);
    std::uint64_t end = 0;
    std::uint64_t last = appliedThrough;
    std::uint32_t frameSize = 0;
    // Entries are numbered in file order; a truncation the disk never saw can leave older, applied
    // ones after newer ones: they are skipped by number, and only what follows the last good
    // frame is cut off.
    while (auto entry = readFrame(fd, end, fileSize, &frameSize)) {
        const Ref ref{entry->number, end, frameSize, 0};
        end += frameSize;
        if (entry->number <= appliedThrough)
            continue;
        last = std::max(last, entry->number);
        unapplied.push_back(ref);
    }
    if (end < fileSize) {
        const auto past = framesPast(fd, end, fileSize, appliedThrough);
        const auto aside = keepCutOff(fd, path, end, fileSize);
        if (!aside || ::ftruncate(fd, static_cast<off_t>(end)) != 0 || ::fdatasync(fd) != 0) {
            auto error = ioError("could not cut the torn end off", path);
            ::close(fd);
            return error;
        }
        // After a crash this is a frame being written when it came: never acknowledged. Whole
        // frames behind a damaged one may have been (a failing disk): said loudly, and kept.
        logEvent(past > 0 ? "error" : "warning",
                 past > 0 ? "the intake log is damaged; the entries after the damage were moved aside, not applied"
                          : "cut a torn end off the intake log (a frame being written when the server stopped)",
                 {{"file", path}, {"at", std::to_string(end)}, {"bytes", std::to_string(fileSize - end)},
                  {"whole_entries_after", std::to_string(past)}, {"kept_in", *aside}});
    }
    return std::unique_ptr<IntakeLog>(new IntakeLog(fd, path, end, last));
}

IntakeLog::IntakeLog(int fd, std::string path, std::uint64_t end, std::uint64_t lastNumber)
    : m_fd(fd), m_path(std::move(path)), m_end(end), m_lastNumber(lastNumber), m_synced(end)
{
}

IntakeLog::~IntakeLog()
{
    ::close(m_fd);
}

// The payload is written from where it lies (the request's body), and its CRC taken before any
// lock: only the entry's number is added under it.
IntakeLog::Prepared IntakeLog::prepare(std::string_view deviceId, std::string_view body)
{
    Prepared entry;
    put(entry.prefix, static_cast<std::uint32_t>(deviceId.size()));
    entry.prefix.append(deviceId);
    entry.body = body;
    entry.payloadCrc = crc32c(crc32c(0, entry.prefix), body);
    return entry;
}

Result<IntakeLog::Ref> IntakeLog::write(const Prepared& entry)
{
    const auto& prefix = entry.prefix;
    const auto body = entry.body;
    const auto payloadSize = prefix.size() + body.size();
    if (payloadSize > kMaxPayload)
        return makeError(ErrorCode::InvalidArgument, "a push is too large for the intake log");
    const auto payloadCrc = entry.payloadCrc;
    std::lock_guard lock(m_mutex);
    if (m_failed)
        return makeError(ErrorCode::Unavailable, "the intake log " + m_path + " failed earlier; pushes are applied before they are acknowledged");
    const auto number = m_lastNumber + 1;
    std::string header;
    header.reserve(kHeader);
    put(header, kMagic);
    put(header, static_cast<std::uint32_t>(payloadSize));
    put(header, number);
    put(header, crc32c(payloadCrc, std::string_view(reinterpret_cast<const char*>(&number), sizeof number)));
    const auto offset = m_end;
    if (!writeAll(m_fd, header.data(), header.size(), offset) || !writeAll(m_fd, prefix.data(), prefix.size(), offset + kHeader)
        || !writeAll(m_fd, body.data(), body.size(), offset + kHeader + prefix.size())) {
        m_failed = true;
        return ioError("could not write to", m_path);
    }
    m_lastNumber = number;
    m_end += kHeader + payloadSize;
    std::lock_guard syncLock(m_syncMutex);
    return Ref{number, offset, static_cast<std::uint32_t>(kHeader + payloadSize), m_generation};
}

Result<void> IntakeLog::sync(const Ref& ref)
{
    // m_mutex is taken only with m_syncMutex released (write() takes them the other way round).
    std::unique_lock lock(m_syncMutex);
    const auto needed = ref.offset + ref.size;
    while (ref.generation == m_generation && m_synced < needed) {
        if (m_syncing) {
            m_synced_cv.wait(lock);
            continue;
        }
        m_syncing = true;
        lock.unlock();
        std::uint64_t target = 0;
        {
            std::lock_guard state(m_mutex);
            target = m_end;
        }
        const bool failed = m_failed;
        const bool synced = !failed && ::fdatasync(m_fd) == 0;
        if (!synced)
            m_failed = true;  // what reached the disk is unknown now: no later push may be acknowledged from here
        lock.lock();
        m_syncing = false;
        m_synced_cv.notify_all();
        if (!synced)
            return ioError("could not sync", m_path);
        m_synced = std::max(m_synced, target);
    }
    // A truncation happens only once everything written was synced.
    return {};
}

Result<IntakeLog::Entry> IntakeLog::read(const Ref& ref) const
{
    std::uint32_t frameSize = 0;
    auto entry = readFrame(m_fd, ref.offset, ref.offset + ref.size, &frameSize);
    if (!entry || entry->number != ref.number)
        return makeError(ErrorCode::IoError, "entry " + std::to_string(ref.number) + " of the intake log " + m_path + " could not be read back");
    return std::move(*entry);
}

Result<void> IntakeLog::truncateIfApplied(std::uint64_t appliedThrough, std::uint64_t threshold)
{
    std::lock_guard lock(m_mutex);
    std::lock_guard syncLock(m_syncMutex);
    if (m_failed || m_syncing || m_lastNumber != appliedThrough || m_synced != m_end || m_end <= threshold)
        return {};
    if (::ftruncate(m_fd, 0) != 0) {
        m_failed = true;
        return ioError("could not empty", m_path);
    }
    m_end = 0;
    m_synced = 0;
    ++m_generation;
    return {};
}

std::uint64_t IntakeLog::lastNumber() const
{
    std::lock_guard lock(m_mutex);
    return m_lastNumber;
}

std::uint64_t IntakeLog::size() const
{
    std::lock_guard lock(m_mutex);
    return m_end;
}

}  // namespace igmc::server
