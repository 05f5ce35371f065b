// The memory allocator a sync process runs with: how many glibc arenas, and whether its heap is
// on transparent huge pages. Both can only be set at startup (GLIBC_TUNABLES), before the first
// allocation. A sync moves megabytes per request through memory it touches for the first time, so
// what a page fault costs on the host decides how much each choice is worth (figures: the commit
// messages of stops 12-18).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace igmc {

// The tunables a sync process runs with: one arena per processor. With one arena, a device's
// decoding and writing threads and a server's push threads and its writer wait on one lock for
// every malloc and free; glibc's own count (8 per processor) costs tens of MB of RSS for no speed.
// No huge pages by default: a device and a server sync after idle spells, and memory its host took
// back meanwhile is faulted in 2 MiB at a time, which made the first sync slower, while warm syncs
// were no faster. GLIBC_TUNABLES=glibc.malloc.hugetlb=1 turns them on (tunables you set keep their
// values).
inline constexpr const char* kAllocatorTunables = "";

// The arena count for `processors` (0: unknown): one per processor, at least 2, at most 8.
unsigned allocatorArenas(unsigned processors);

// GLIBC_TUNABLES as given (`current`) with kAllocatorTunables and an arena count for `processors`
// added where it does not set them (nor MALLOC_ARENA_MAX, for the arena count, when `arenaMaxSet`).
std::string allocatorTunables(std::string_view current, bool arenaMaxSet = false, unsigned processors = 2);

// Unless this process already runs with the tunables, runs it again (the same file, process id,
// name and arguments) with them added to GLIBC_TUNABLES; tunables the user set, and
// MALLOC_ARENA_MAX, keep their values. The run with them puts the environment back as it was, so
// children (a browser the app opens, say) start with the user's own. Call it first in main, before
// any thread, file or socket exists. Returns when the process runs tuned, when it is asked not to
// (IGMC_ALLOCATOR=system; under valgrind; started through the dynamic loader), or when it cannot
// be run again (it then runs untuned).
void useTunedAllocator(char** argv);

}  // namespace igmc
