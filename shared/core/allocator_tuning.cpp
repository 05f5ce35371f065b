// SPDX-License-Identifier: Apache-2.0
#include "core/allocator_tuning.hpp"

#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace igmc {

namespace {

bool underValgrind()
{
    const char* preload = std::getenv("LD_PRELOAD");
    return preload && std::string_view(preload).find("vgpreload") != std::string_view::npos;
}

}  // namespace

std::string allocatorTunables(std::string_view current)
{
    std::string tunables(current);
    std::string_view ours = kAllocatorTunables;
    while (!ours.empty()) {
        const auto end = ours.find(':');
        const auto item = ours.substr(0, end);
        const auto key = item.substr(0, item.find('=') + 1);
        if (current.find(key) == std::string_view::npos)
            tunables += (tunables.empty() ? "" : ":") + std::string(item);
        ours = end == std::string_view::npos ? std::string_view() : ours.substr(end + 1);
    }
    return tunables;
}

void useTunedAllocator(char** argv)
{
#if defined(__linux__) && defined(__GLIBC__)
    // Set before this process started (by its parent, or by the run before the exec below): the
    // marker also stops a loop should the C library ever drop GLIBC_TUNABLES from the environment.
    if (std::getenv("IGMC_ALLOCATOR") || underValgrind())
        return;
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string tunables = allocatorTunables(current ? current : "");
    if (::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0 || ::setenv("IGMC_ALLOCATOR", "tuned", 1) != 0)
        return;
    ::execv("/proc/self/exe", argv);
    // Not run again (no /proc, say): go on untuned, and leave the environment as it was.
    if (current)
        ::setenv("GLIBC_TUNABLES", current, 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
    ::unsetenv("IGMC_ALLOCATOR");
#else
    (void)argv;
#endif
}

}  // namespace igmc
