// SPDX-License-Identifier: Apache-2.0
#include "core/json_text.hpp"

#include <boost/json/detail/format.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace igmc::json_text {

namespace {

// Whether `text` needs no escaping: printable ASCII without quotes or backslashes. Eight bytes at
// a time in a 64-bit word: GCC at -O2 left the bytewise loop scalar, 12 instructions a byte, and
// this check was a third of writing an observation version as JSON. Each test sets a byte's high bit where that byte is special;
// a borrow can also set it in a byte above a special one, never when there is none, so the
// answer for the whole word is exact.
bool plain(std::string_view text)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    const auto zeroIn = [](std::uint64_t w) { return (w - kOnes) & ~w & kHigh; };
    const auto specialIn = [&](std::uint64_t w) {
        return (w & kHigh)                            // 0x80 and above
               | ((w - kOnes * 0x20) & ~w & kHigh)    // below 0x20
               | zeroIn(w ^ (kOnes * '"')) | zeroIn(w ^ (kOnes * '\\'));
    };
    std::uint64_t special = 0;
    std::uint64_t w;
    std::size_t at = 0;
    for (; at + 8 <= text.size(); at += 8) {
        std::memcpy(&w, text.data() + at, 8);
        special |= specialIn(w);
    }
    if (at < text.size()) {
        // The last bytes: the word that ends the text, or the text padded with spaces (plain).
        if (text.size() >= 8) {
            std::memcpy(&w, text.data() + text.size() - 8, 8);
        } else {
            char padded[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
            std::memcpy(padded, text.data(), text.size());
            std::memcpy(&w, padded, 8);
        }
        special |= specialIn(w);
    }
    return special == 0;
}

// `"text"` for a plain `text`, written with one resize instead of an append per piece.
void appendPlain(std::string& out, std::string_view text)
{
    const auto at = out.size();
    out.resize(at + text.size() + 2);
    char* to = out.data() + at;
    *to++ = '"';
    std::memcpy(to, text.data(), text.size());
    to[text.size()] = '"';
}

}  // namespace

void appendString(std::string& out, std::string_view text)
{
    if (!plain(text)) {
        out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
        return;
    }
    appendPlain(out, text);
}

void appendNumber(std::string& out, double value)
{
    // The function boost::json::serialize writes a double with, without its serializer around it.
    char text[boost::json::detail::max_number_chars + 1];
    out.append(text, boost::json::detail::format_double(text, value));
}

void appendField(std::string& out, std::string_view key, std::string_view text)
{
    if (!plain(text)) {
        appendPlain(out, key);
        out += ':';
        appendString(out, text);
        return;
    }
    // `"key":"text"` in one resize.
    const auto at = out.size();
    out.resize(at + key.size() + text.size() + 5);
    char* to = out.data() + at;
    *to++ = '"';
    std::memcpy(to, key.data(), key.size());
    to += key.size();
    *to++ = '"';
    *to++ = ':';
    *to++ = '"';
    std::memcpy(to, text.data(), text.size());
    to[text.size()] = '"';
}

void appendOptionalField(std::string& out, std::string_view key, std::optional<std::string_view> text)
{
    if (text) {
        appendField(out, key, *text);
        return;
    }
    out += '"';
    out += key;
    out += "\":null";
}

bool writableNumbers(const boost::json::value& value)
{
    switch (value.kind()) {
    case boost::json::kind::double_: return std::isfinite(value.get_double());
    case boost::json::kind::array:
        return std::all_of(value.get_array().begin(), value.get_array().end(), [](const auto& v) { return writableNumbers(v); });
    case boost::json::kind::object:
        return std::all_of(value.get_object().begin(), value.get_object().end(), [](const auto& member) { return writableNumbers(member.value()); });
    default: return true;
    }
}

Result<boost::json::value> parseBody(std::string_view body, boost::json::storage_ptr storage)
{
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 32;
    auto value = boost::json::parse(body, ec, std::move(storage), options);
    if (ec)
        return makeError(ErrorCode::ParseError, "the body is not valid JSON: " + ec.message());
    if (!writableNumbers(value))
        return makeError(ErrorCode::ParseError, "the body holds a number too large for a double (such as 1e400)");
    return value;
}

}  // namespace igmc::json_text
