// Who a device is to the server: its role and the scope of records it may see and change. Shared by
// the server (tokens, pulls) and the write rules (write_rules.hpp), which decide pushes on them.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace igmc::sync {

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

}  // namespace igmc::sync
