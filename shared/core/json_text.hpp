// Writing JSON text directly, for the hot paths that would otherwise build a boost::json tree only
// to serialise it (a sync batch, a version read for the wire). The text is what boost::json would
// write for the same values.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace igmc::json_text {

// A JSON string: quoted, escaped where needed.
void appendString(std::string& out, std::string_view text);
void appendNumber(std::string& out, double value);
// `"key":"text"`
void appendField(std::string& out, std::string_view key, std::string_view text);
// `"key":"text"`, or `"key":null` when empty.
void appendOptionalField(std::string& out, std::string_view key, std::optional<std::string_view> text);

// Whether every number in `value` can be written back as JSON. Boost.JSON reads a number too large
// for a double (1e400) as infinity and writes infinity as `Infinity`, which is not JSON: a payload
// holding one, stored and sent on, would stop every device that pulls it.
bool writableNumbers(const boost::json::value& value);

// A request body from elsewhere (a push, a pulled page, an API call), by the rules every such body
// follows: at most 32 levels deep, and every number writable back as JSON. ParseError otherwise.
Result<boost::json::value> parseBody(std::string_view body, boost::json::storage_ptr storage = {});

}  // namespace igmc::json_text
