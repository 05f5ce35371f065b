// SPDX-License-Identifier: Apache-2.0
#include "http/byte_range.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace igmc::server {
namespace {

struct RangeCase {
    std::string header;
    std::uint64_t size;
    int kind;  // 0 whole, 1 range, 2 unsatisfiable
    std::uint64_t first = 0;
    std::uint64_t length = 0;
};

TEST(ByteRange, OneBytesRangeIsResolvedAgainstTheSizeAndAnythingElseIsTheWholeBody)
{
    const std::vector<RangeCase> cases{
        {"", 100, 0},
        {"bytes=0-9", 100, 1, 0, 10},
        {"bytes=90-", 100, 1, 90, 10},
        {"bytes=90-1000", 100, 1, 90, 10},  // the last byte is clamped to the end
        {"bytes=-10", 100, 1, 90, 10},
        {"bytes=-1000", 100, 1, 0, 100},
        {"bytes=99-99", 100, 1, 99, 1},
        {"bytes=100-", 100, 2},
        {"bytes=100-200", 100, 2},
        {"bytes=-0", 100, 2},
        {"bytes=0-", 0, 2},
        {"bytes=10-5", 100, 0},  // malformed: ignored
        {"bytes=0-1,5-6", 100, 0},  // several: the whole body
        {"items=0-1", 100, 0},
        {"bytes=x-1", 100, 0},
        {"bytes=-", 100, 0},
        {"bytes=18446744073709551616-", 100, 0},  // overflows: not a number
    };
    for (const auto& c : cases) {
        const auto range = resolveRange(c.header, c.size);
        ASSERT_EQ(static_cast<int>(range.index()), c.kind) << c.header;
        if (const auto* r = std::get_if<ByteRange>(&range)) {
            EXPECT_EQ(r->first, c.first) << c.header;
            EXPECT_EQ(r->length, c.length) << c.header;
        }
    }
}

}  // namespace
}  // namespace igmc::server
