// SPDX-License-Identifier: Apache-2.0
#include "log/log_limiter.hpp"

#include <gtest/gtest.h>

namespace igmc::server {
namespace {

using namespace std::chrono_literals;

TEST(LogLimiter, OneLinePerKeyPerIntervalAndTheNextCountsThoseHeldBack)
{
    LogLimiter limiter(1s);
    const LogLimiter::Clock::time_point start{};
    EXPECT_EQ(limiter.admit("accept failed", start), 0U);
    for (int i = 1; i <= 500; ++i)
        EXPECT_FALSE(limiter.admit("accept failed", start + i * 1ms));
    EXPECT_EQ(limiter.admit("other line", start + 10ms), 0U);  // keys are independent
    EXPECT_EQ(limiter.admit("accept failed", start + 1s), 500U);
    EXPECT_FALSE(limiter.admit("accept failed", start + 1500ms));
    EXPECT_EQ(limiter.admit("accept failed", start + 5s), 1U);
    EXPECT_EQ(limiter.admit("accept failed", start + 7s), 0U);
}

TEST(LogLimiter, ManyDistinctKeysKeepItsMemoryBounded)
{
    LogLimiter limiter(1s);
    const LogLimiter::Clock::time_point start{};
    int logged = 0;
    for (int i = 0; i < 5000; ++i)
        logged += limiter.admit("key " + std::to_string(i), start) ? 1 : 0;
    EXPECT_EQ(logged, 1024);  // the rest, within the same interval, are held back
    EXPECT_EQ(limiter.admit("key 4999", start + 2s), 0U);  // old keys make room once an interval has passed
}

}  // namespace
}  // namespace igmc::server
