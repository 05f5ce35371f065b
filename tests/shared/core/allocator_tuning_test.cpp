// SPDX-License-Identifier: Apache-2.0
#include "core/allocator_tuning.hpp"

#include <gtest/gtest.h>

namespace igmc {
namespace {

TEST(AllocatorTuning, TunablesAreAddedWhereNoneAreSet)
{
    EXPECT_EQ(allocatorTunables(""), kAllocatorTunables);
}

TEST(AllocatorTuning, TunablesTheUserSetKeepTheirValues)
{
    EXPECT_EQ(allocatorTunables("glibc.malloc.arena_max=4"), "glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1");
    EXPECT_EQ(allocatorTunables("glibc.malloc.hugetlb=0"), "glibc.malloc.hugetlb=0:glibc.malloc.arena_max=1");
    EXPECT_EQ(allocatorTunables("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0"), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0");
}

TEST(AllocatorTuning, AnArenaCountSetWithMallocArenaMaxIsKept)
{
    EXPECT_EQ(allocatorTunables("", true), "glibc.malloc.hugetlb=1");
}

TEST(AllocatorTuning, OtherTunablesAreKeptAndOursAdded)
{
    EXPECT_EQ(allocatorTunables("glibc.malloc.tcache_count=0"), "glibc.malloc.tcache_count=0:" + std::string(kAllocatorTunables));
}

}  // namespace
}  // namespace igmc
