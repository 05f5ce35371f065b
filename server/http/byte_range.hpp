// The one form of HTTP Range a blob download takes: a single "bytes=" range (RFC 9110 14.1.2),
// resolved against the blob's size. Several ranges, other units and malformed headers are ignored
// (the whole blob is sent, as the RFC allows); only a well-formed range that starts past the end
// is unsatisfiable (416).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace igmc::server {

struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t length = 0;  // first + length <= the size it was resolved against
};

struct WholeBody {};
struct Unsatisfiable {};

using RangeRequest = std::variant<WholeBody, ByteRange, Unsatisfiable>;

// `header` is the Range header's value ("" when absent).
RangeRequest resolveRange(std::string_view header, std::uint64_t size);

}  // namespace igmc::server
