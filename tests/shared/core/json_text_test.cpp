// The JSON the hot paths write by hand is the text boost::json writes for the same values, byte
// for byte: a pulled page is compared with encode(pull(…)), and devices store what they read.
// SPDX-License-Identifier: Apache-2.0
#include "core/json_text.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace igmc::json_text {
namespace {

std::string numberText(double value)
{
    std::string out;
    appendNumber(out, value);
    return out;
}

std::string stringText(std::string_view text)
{
    std::string out = "x";  // appended to, not replaced
    appendString(out, text);
    return out.substr(1);
}

TEST(JsonText, NumbersAreWrittenAsBoostJsonWritesThem)
{
    using limits = std::numeric_limits<double>;
    const std::vector<double> chosen = {0.0, -0.0, 1.0, -1.0, 0.1, 39.9042, 116.4074, -33.5, 151.0, 4.5, 1e-7, 123456789.0,
                                        9007199254740993.0, 1e300, -1e-300, limits::max(), limits::lowest(), limits::min(),
                                        limits::denorm_min(), limits::epsilon()};
    for (const double value : chosen)
        EXPECT_EQ(numberText(value), boost::json::serialize(boost::json::value(value))) << value;
    std::mt19937_64 random(20261129);
    int compared = 0;
    while (compared < 100'000) {
        const auto value = std::bit_cast<double>(random());
        if (!std::isfinite(value))
            continue;  // never written: the decoders refuse numbers too large for a double
        ASSERT_EQ(numberText(value), boost::json::serialize(boost::json::value(value))) << value;
        ++compared;
    }
}

TEST(JsonText, StringsAreWrittenAsBoostJsonWritesThemWhateverTheirBytes)
{
    // Each special byte at every position of strings up to 70 bytes long (past any block the
    // compiler checks at once), and every byte value alone.
    // The plain bytes beside each special one are there too: the test reads eight bytes at once.
    for (const unsigned char special : {0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7e, 0x7f, 0x80, 0xa0, 0xc3, 0xff}) {
        for (std::size_t size = 1; size <= 70; ++size) {
            for (std::size_t at = 0; at < size; ++at) {
                std::string text(size, 'a');
                text[at] = static_cast<char>(special);
                ASSERT_EQ(stringText(text), boost::json::serialize(boost::json::string_view(text.data(), text.size())))
                    << "byte " << int(special) << " at " << at << " of " << size;
            }
        }
    }
    for (int byte = 0; byte < 256; ++byte) {
        const std::string text(1, static_cast<char>(byte));
        EXPECT_EQ(stringText(text), boost::json::serialize(boost::json::string_view(text.data(), text.size()))) << byte;
    }
    EXPECT_EQ(stringText(""), "\"\"");
    EXPECT_EQ(stringText("已核实 ✓"), boost::json::serialize(boost::json::string_view("已核实 ✓")));
}

TEST(JsonText, FieldsAreWrittenAsBoostJsonWritesThemAfterWhatWasThere)
{
    for (const std::string& text : std::vector<std::string>{"", "plain text", "0190a1b2-c3d4-7e5f-8a9b-000000000001", "say \"hi\"", "tab\there", "已核实 ✓",
                                   std::string(300, 'x'), std::string("nul\0inside", 11)}) {
        std::string out = "{\"a\":1,";
        appendField(out, "note", text);
        EXPECT_EQ(out, "{\"a\":1,\"note\":" + boost::json::serialize(boost::json::string_view(text.data(), text.size())));
    }
    std::string out;
    appendOptionalField(out, "parent_id", std::nullopt);
    EXPECT_EQ(out, "\"parent_id\":null");
}

}  // namespace
}  // namespace igmc::json_text
