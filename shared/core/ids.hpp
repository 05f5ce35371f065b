// Identifiers: UUIDv7 (time-ordered, RFC 9562) for every record and op, and SHA-256 hex digests.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace igmc {

// A new UUIDv7 from the current time and OpenSSL's CSPRNG, lower-case canonical form.
std::string newUuidV7();
// Same, with the millisecond timestamp given (tests, replay).
std::string newUuidV7(std::uint64_t unixMillis);
// A random UUIDv4: no embedded time, for records that must not reveal when they were made.
std::string newUuidV4();
bool isUuid(std::string_view text);

// SHA-256 of bytes, as 64 lower-case hex digits.
std::string sha256Hex(std::string_view bytes);
bool isSha256Hex(std::string_view text);

}  // namespace igmc
