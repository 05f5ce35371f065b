// Device roles and scopes: who a bearer token speaks for and what it may touch.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace igmc::server {

enum class Role { Admin, Reviewer, Inspector, Trainer, Kiosk };
std::string_view toString(Role role);
std::optional<Role> parseRole(std::string_view text);

// What a device may see beyond its role: an inspector's name (their assignments), extra
// assessments, a partner (trainers), a site (kiosks).
struct Scope {
    std::string inspector;
    std::set<std::string> assessments;
    std::string partnerId;
    std::string siteId;

    [[nodiscard]] boost::json::object toJson() const;
    static Result<Scope> fromJson(const boost::json::object& json);
};

struct Device {
    std::string id;
    std::string name;
    Role role = Role::Kiosk;
    Scope scope;
    bool revoked = false;
};

// 256-bit random bearer token (hex) and the SHA-256 it is stored under.
std::string newToken();
// A one-time enrollment code a person can type: 4 groups of 4 from an unambiguous alphabet.
std::string newEnrollmentCode();
std::string normaliseEnrollmentCode(std::string_view typed);
std::string hashSecret(std::string_view secret);

}  // namespace igmc::server
