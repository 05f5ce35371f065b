// The memory allocator a sync process runs with.
//
// A sync moves megabytes per request (bodies, JSON, records) through memory the process touches
// for the first time. On a virtual machine each first touch of a 4 KiB page is a fault that costs
// microseconds (11 µs measured on the 2-core benchmark VM): a third of a fresh server's CPU per
// pushed record, and as much of a device's per pulled one. glibc can back its heap with
// transparent huge pages (one fault per 2 MiB), but only for memory of its main arena and only if
// told at startup, through the GLIBC_TUNABLES environment variable; it cannot be switched on later.
// What a fault costs depends on the host: another VM of the same kind measured 1.6 µs per 4 KiB
// page, and 1.1-13 µs per 4 KiB of a huge page (the most on memory its host had not yet backed).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace igmc {

// The tunables a sync process runs with: huge pages for the heap, and few arenas. glibc backs only
// its main arena with huge pages, so stop 12 ran with that one alone (0.66 -> 0.02 faults per
// pushed record on the server, 0.69 -> 0 per pulled record on the device). But one arena is one
// lock for every thread: a device's decoding and writing threads, and a server's push threads and
// its writer, wait on each other for each malloc and free (a push decoded on a thread of its own
// while another wrote it took 50 ms per 5,000 ops instead of 39 ms with two arenas). So one arena
// per processor, the main one on huge pages. igmc-bench sync on 2 cores, 5 interleaved runs, one
// arena -> two: 200 devices without conflicts 1.32-1.47 -> 1.11-1.34 s, with 2.98-3.19 ->
// 2.79-3.00 s, pull 82-101k -> 92-105k records/s, push 53-73k -> 64-73k (an earlier set: no
// change), peak RSS 97-102 -> 106-119 MB (glibc's own count, 8 per processor: 180-190 MB).
inline constexpr const char* kAllocatorTunables = "glibc.malloc.hugetlb=1";

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
