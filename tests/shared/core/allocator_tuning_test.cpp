// SPDX-License-Identifier: Apache-2.0
#include "core/allocator_tuning.hpp"

#include <gtest/gtest.h>

namespace igmc {
namespace {

TEST(AllocatorTuning, TunablesAreAddedWhereNoneAreSet)
{
    EXPECT_EQ(allocatorTunables("", false, 2), "glibc.malloc.arena_max=2");
}

TEST(AllocatorTuning, EachProcessorGetsAnArenaFromTwoToEight)
{
    EXPECT_EQ(allocatorArenas(0), 2U);  // unknown
    EXPECT_EQ(allocatorArenas(1), 2U);
    EXPECT_EQ(allocatorArenas(2), 2U);
    EXPECT_EQ(allocatorArenas(6), 6U);
    EXPECT_EQ(allocatorArenas(64), 8U);
    EXPECT_EQ(allocatorTunables("", false, 6), "glibc.malloc.arena_max=6");
}

TEST(AllocatorTuning, TunablesTheUserSetKeepTheirValues)
{
    EXPECT_EQ(allocatorTunables("glibc.malloc.arena_max=4"), "glibc.malloc.arena_max=4");
    EXPECT_EQ(allocatorTunables("glibc.malloc.hugetlb=1"), "glibc.malloc.hugetlb=1:glibc.malloc.arena_max=2");
    EXPECT_EQ(allocatorTunables("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"), "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
}

TEST(AllocatorTuning, AnArenaCountSetWithMallocArenaMaxIsKept)
{
    EXPECT_EQ(allocatorTunables("", true), "");
}

TEST(AllocatorTuning, OtherTunablesAreKeptAndOursAdded)
{
    EXPECT_EQ(allocatorTunables("glibc.malloc.tcache_count=0", false, 4),
              "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=4");
}

}  // namespace
}  // namespace igmc
