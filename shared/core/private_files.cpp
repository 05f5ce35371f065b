// SPDX-License-Identifier: Apache-2.0
#include "core/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace igmc {

namespace {

Error failure(const std::string& what, const std::string& path)
{
    return makeError(ErrorCode::IoError, what + ": " + std::strerror(errno), path);
}

}  // namespace

Result<void> makePrivateDirectory(const std::string& path)
{
    if (path.empty())
        return {};
    const auto parent = std::filesystem::path(path).parent_path();
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        if (!parent.empty() && ::stat(parent.c_str(), &status) != 0) {
            if (auto made = makePrivateDirectory(parent.string()); !made)
                return made;
        }
        if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
            return failure("cannot create the folder", path);
        if (::stat(path.c_str(), &status) != 0)
            return failure("cannot read the folder", path);
    }
    if (!S_ISDIR(status.st_mode))
        return makeError(ErrorCode::IoError, "not a folder", path);
    if ((status.st_mode & 077) != 0 && ::chmod(path.c_str(), status.st_mode & 0700) != 0)
        return failure("cannot make the folder private", path);
    return {};
}

Result<void> writePrivateFile(const std::string& path, std::string_view contents)
{
    const std::string temporary = path + ".new";
    ::unlink(temporary.c_str());  // left by a write that was cut off
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return failure("cannot create", temporary);
    std::size_t written = 0;
    while (written < contents.size()) {
        const auto n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const auto error = failure("cannot write", temporary);
            ::close(fd);
            ::unlink(temporary.c_str());
            return error;
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const auto error = failure("cannot write", path);
        ::unlink(temporary.c_str());
        return error;
    }
    return {};
}

}  // namespace igmc
