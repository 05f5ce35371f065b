// SPDX-License-Identifier: Apache-2.0
#include "core/hybrid_clock.hpp"

#include "scoring/value_codec.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdio>

namespace igmc {
namespace {

std::string printed(std::uint64_t wallMs, std::uint32_t counter)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%013llu.%06u", static_cast<unsigned long long>(wallMs), counter);
    return buffer;
}

TEST(HlcTimestamp, TextIsZeroPaddedSortsLikeTheClockAndParsesBack)
{
    const std::vector<HlcTimestamp> stamps = {{0, 0}, {1, 1}, {1'795'000'000'123ULL, 42}, {9'999'999'999'999ULL, 999'999}};
    for (const auto& stamp : stamps) {
        const auto text = stamp.toString();
        EXPECT_EQ(text, printed(stamp.wallMs, stamp.counter));
        const auto back = HlcTimestamp::parse(text);
        ASSERT_TRUE(back) << text;
        EXPECT_EQ(back->wallMs, stamp.wallMs);
        EXPECT_EQ(back->counter, stamp.counter);
    }
    EXPECT_LT(HlcTimestamp({1'795'000'000'000ULL, 999'999}).toString(), HlcTimestamp({1'795'000'000'001ULL, 0}).toString());
}

TEST(HlcTimestamp, ValuesBeyondTheFixedWidthStillPrintInFull)
{
    EXPECT_EQ(HlcTimestamp({10'000'000'000'000ULL, 7}).toString(), "10000000000000.000007");
    EXPECT_EQ(HlcTimestamp({5, 1'000'000}).toString(), "0000000000005.1000000");
}

TEST(ValueCodec, DecimalShortcutWritesWhatTheJsonSerialiserWrites)
{
    for (const char* text : {"0", "12.5", "-3.000001", "123456789.25"}) {
        const scoring::Value value{*Decimal::parse(text)};
        const auto encoded = scoring::encodeValue(value);
        EXPECT_EQ(encoded, boost::json::serialize(boost::json::object{{"number", Decimal::parse(text)->toString()}}));
        const auto decoded = scoring::decodeValue(encoded);
        ASSERT_TRUE(decoded);
        EXPECT_EQ(std::get<Decimal>(*decoded).micros(), Decimal::parse(text)->micros());
    }
}

}  // namespace
}  // namespace igmc
