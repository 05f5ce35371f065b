// Structured logs: one JSON object per line on stderr.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>

namespace igmc::server {

void logEvent(const std::string& level, const std::string& message,
              std::initializer_list<std::pair<std::string, std::string>> fields = {});
// The same line standing for `repeated` more that a LogLimiter held back ("repeated": N when N > 0).
void logRepeated(const std::string& level, const std::string& message, std::initializer_list<std::pair<std::string, std::string>> fields,
                 std::uint64_t repeated);
void logRequest(const std::string& method, const std::string& route, unsigned status, double seconds, const std::string& peer);
void setLogEnabled(bool enabled);

}  // namespace igmc::server
