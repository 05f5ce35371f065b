// The stored and wire form of an indicator value, self-describing so it can be read without the
// catalog: {"number":"12.5"} · {"boolean":true} · {"level":"L2"} · {"checklist":["a","c"]}.
// Numbers travel as decimal strings so no float rounding ever touches them.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "scoring/assessment_values.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace igmc::scoring {

boost::json::value valueToJson(const Value& value);
Result<Value> valueFromJson(const boost::json::value& json);
std::string encodeValue(const Value& value);
Result<Value> decodeValue(std::string_view text);
// A short human form: "12.5", "yes", "L2", "a, c".
std::string displayValue(const Value& value);

}  // namespace igmc::scoring
