// SPDX-License-Identifier: Apache-2.0
#include "core/allocator_tuning.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

#if defined(__linux__) && defined(__GLIBC__)
#include <climits>
#include <unistd.h>
#endif

namespace igmc {

namespace {

constexpr const char* kMarker = "IGMC_ALLOCATOR";
constexpr const char* kSaved = "IGMC_ALLOCATOR_SAVED_TUNABLES";  // the user's GLIBC_TUNABLES, or unset

bool underValgrind()
{
    const char* preload = std::getenv("LD_PRELOAD");
    return preload && std::string_view(preload).find("vgpreload") != std::string_view::npos;
}

#if defined(__linux__) && defined(__GLIBC__)
// GLIBC_TUNABLES as the user had it (saved in kSaved when set), and no marker.
void putEnvironmentBack()
{
    if (const char* saved = std::getenv(kSaved))
        ::setenv("GLIBC_TUNABLES", saved, 1);
    else
        ::unsetenv("GLIBC_TUNABLES");
    ::unsetenv(kSaved);
    ::unsetenv(kMarker);
}
#endif

std::string_view environment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

}  // namespace

unsigned allocatorArenas(unsigned processors)
{
    return std::clamp(processors, 2u, 8u);
}

std::string allocatorTunables(std::string_view current, bool arenaMaxSet, unsigned processors)
{
    std::string tunables(current);
    const std::string fixed(kAllocatorTunables);
    const std::string all = fixed + (fixed.empty() ? "" : ":") + "glibc.malloc.arena_max=" + std::to_string(allocatorArenas(processors));
    std::string_view ours = all;
    while (!ours.empty()) {
        const auto end = ours.find(':');
        const auto item = ours.substr(0, end);
        const auto key = item.substr(0, item.find('=') + 1);
        const bool setByUser = current.find(key) != std::string_view::npos || (arenaMaxSet && key == "glibc.malloc.arena_max=");
        if (!setByUser)
            tunables += (tunables.empty() ? "" : ":") + std::string(item);
        ours = end == std::string_view::npos ? std::string_view() : ours.substr(end + 1);
    }
    return tunables;
}

void useTunedAllocator(char** argv)
{
#if defined(__linux__) && defined(__GLIBC__)
    const auto marker = environment(kMarker);
    if (marker == "tuned") {
        // The run after the exec below: glibc has read the tunables, so this process's children
        // get the environment it was started with.
        putEnvironmentBack();
        return;
    }
    if (marker == "system" || underValgrind())
        return;
    // Run again as the file itself, not as /proc/self/exe: the process keeps its name (ps, pkill,
    // journald). Not when started through the dynamic loader (the file is then the loader).
    char path[PATH_MAX];
    const auto length = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (length <= 0)
        return;
    path[length] = '\0';
    const std::string_view file(path, static_cast<std::size_t>(length));
    if (file.substr(file.rfind('/') + 1).starts_with("ld-") || file.ends_with(" (deleted)"))
        return;
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string tunables =
        allocatorTunables(current ? current : "", std::getenv("MALLOC_ARENA_MAX") != nullptr, std::thread::hardware_concurrency());
    if ((!current || ::setenv(kSaved, current, 1) == 0) && ::setenv("GLIBC_TUNABLES", tunables.c_str(), 1) == 0
        && ::setenv(kMarker, "tuned", 1) == 0)
        ::execv(path, argv);
    // Not run again: go on untuned, and leave the environment as it was.
    putEnvironmentBack();
#else
    (void)argv;
#endif
}

}  // namespace igmc
