// The memory allocator a sync process runs with.
//
// A sync moves megabytes per request (bodies, JSON, records) through memory the process touches
// for the first time. On a virtual machine each first touch of a 4 KiB page is a fault that costs
// microseconds (11 µs measured on the 2-core benchmark VM): a third of a fresh server's CPU per
// pushed record, and as much of a device's per pulled one. glibc can back its heap with
// transparent huge pages (one fault per 2 MiB), but only for memory of its main arena and only if
// told at startup, through the GLIBC_TUNABLES environment variable; it cannot be switched on later.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace igmc {

// The tunables a sync process runs with: huge pages for the heap, and one arena, because glibc
// backs only its main arena with them and a server's requests (a device's pulled pages) are
// handled on other threads. With both, `igmc-bench sync` went from 0.66 to 0.02 faults per pushed
// record on the server and from 0.69 to 0 per pulled record on the device.
inline constexpr const char* kAllocatorTunables = "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1";

// GLIBC_TUNABLES as given (`current`) with each of kAllocatorTunables added that it does not set
// (nor MALLOC_ARENA_MAX, for the arena count, when `arenaMaxSet`).
std::string allocatorTunables(std::string_view current, bool arenaMaxSet = false);

// Unless this process already runs with the tunables, runs it again (the same file, process id,
// name and arguments) with them added to GLIBC_TUNABLES; tunables the user set, and
// MALLOC_ARENA_MAX, keep their values. The run with them puts the environment back as it was, so
// children (a browser the app opens, say) start with the user's own. Call it first in main, before
// any thread, file or socket exists. Returns when the process runs tuned, when it is asked not to
// (IGMC_ALLOCATOR=system; under valgrind; started through the dynamic loader), or when it cannot
// be run again (it then runs untuned).
void useTunedAllocator(char** argv);

}  // namespace igmc
