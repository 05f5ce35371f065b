// Devices and their secrets: who a bearer token speaks for (roles and scopes: protocol/access.hpp).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "protocol/access.hpp"

#include <string>
#include <string_view>

namespace igmc::server {

using sync::parseRole;
using sync::Role;
using sync::Scope;
using sync::toString;

struct Device {
    std::string id;
    std::string name;
    Role role = Role::Kiosk;
    Scope scope;
    bool revoked = false;
    std::string authorId;  // the device id its records carry, bound by its first push (write_rules.hpp)
    std::string lastSyncAt;    // when it last reported a sync ("" never)
    std::string problemsJson = "[]";  // the pulled ops it said it keeps aside then (JSON array)
};

// 256-bit random bearer token (hex) and the SHA-256 it is stored under.
std::string newToken();
// A one-time enrollment code a person can type: 4 groups of 4 from an unambiguous alphabet.
std::string newEnrollmentCode();
std::string normaliseEnrollmentCode(std::string_view typed);
std::string hashSecret(std::string_view secret);

}  // namespace igmc::server
