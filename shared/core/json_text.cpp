// SPDX-License-Identifier: Apache-2.0
#include "core/json_text.hpp"

#include <boost/json/detail/format.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cmath>

namespace igmc::json_text {

namespace {

// Whether `text` needs no escaping: printable ASCII without quotes or backslashes. Every byte is
// looked at without an early exit, so the compiler checks many at once.
bool plain(std::string_view text)
{
    bool special = false;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        special |= (byte < 0x20) | (byte >= 0x80) | (byte == '"') | (byte == '\\');
    }
    return !special;
}

}  // namespace

void appendString(std::string& out, std::string_view text)
{
    if (!plain(text)) {
        out += boost::json::serialize(boost::json::string_view(text.data(), text.size()));
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

void appendNumber(std::string& out, double value)
{
    // The function boost::json::serialize writes a double with, without its serializer around it.
    char text[boost::json::detail::max_number_chars + 1];
    out.append(text, boost::json::detail::format_double(text, value));
}

void appendField(std::string& out, std::string_view key, std::string_view text)
{
    out += '"';
    out += key;
    out += "\":";
    appendString(out, text);
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
