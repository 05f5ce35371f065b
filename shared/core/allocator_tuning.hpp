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

// The tunables a sync process runs with: one arena per processor. One arena is one lock for every
// thread: a device's decoding and writing threads, and a server's push threads and its writer,
// wait on each other for each malloc and free (a push decoded on a thread of its own while another
// wrote it took 50 ms per 5,000 ops instead of 39 ms with two arenas; igmc-bench sync on 2 cores,
// one arena -> two: 200 devices without conflicts 1.32-1.47 -> 1.11-1.34 s, pull 82-101k ->
// 92-105k records/s). glibc's own count is 8 per processor (peak RSS 180-190 MB against 106-119).
//
// Stops 12-17 also put the main arena on transparent huge pages (glibc.malloc.hugetlb=1): one
// fault per 2 MiB instead of 512, when a 4 KiB fault cost 11 us on the benchmark VM. On the VM of
// stop 18 it no longer paid: the same figures warm (4 consecutive runs each, push 132-180k with
// huge pages, 148-159k without; pull 193-224k and 171-219k; p99 within 10 ms), and the first
// sync after a minute idle paid for memory its host had taken back, 2 MiB at a time: push 86-93k
// records/s with huge pages (4 runs, both processes on twice the CPU), 141-156k without (3 runs).
// A device and a server sync after idle spells, so they run without them. Set the tunable
// yourself to have them (GLIBC_TUNABLES=glibc.malloc.hugetlb=1; yours keep their values).
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
