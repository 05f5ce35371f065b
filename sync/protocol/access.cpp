// SPDX-License-Identifier: Apache-2.0
#include "protocol/access.hpp"

#include <array>
#include <utility>

namespace igmc::sync {

namespace {

constexpr std::array<std::pair<std::string_view, Role>, 5> kRoles{{{"admin", Role::Admin},
                                                                    {"reviewer", Role::Reviewer},
                                                                    {"inspector", Role::Inspector},
                                                                    {"trainer", Role::Trainer},
                                                                    {"kiosk", Role::Kiosk}}};

}  // namespace

std::string_view toString(Role role)
{
    for (const auto& [name, value] : kRoles) {
        if (value == role)
            return name;
    }
    return "kiosk";
}

std::optional<Role> parseRole(std::string_view text)
{
    for (const auto& [name, value] : kRoles) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

boost::json::object Scope::toJson() const
{
    boost::json::array list;
    for (const auto& id : assessments)
        list.emplace_back(id);
    boost::json::object object;
    if (!inspector.empty())
        object["inspector"] = inspector;
    if (!assessments.empty())
        object["assessments"] = std::move(list);
    if (!partnerId.empty())
        object["partner_id"] = partnerId;
    if (!siteId.empty())
        object["site_id"] = siteId;
    return object;
}

Result<Scope> Scope::fromJson(const boost::json::object& json)
{
    Scope scope;
    for (const auto& [key, value] : json) {
        if (key == "assessments") {
            if (!value.is_array())
                return makeError(ErrorCode::InvalidArgument, "scope.assessments must be an array of assessment ids");
            for (const auto& id : value.get_array()) {
                if (!id.is_string())
                    return makeError(ErrorCode::InvalidArgument, "scope.assessments must be an array of assessment ids");
                scope.assessments.emplace(id.get_string());
            }
            continue;
        }
        std::string* target = key == "inspector" ? &scope.inspector : key == "partner_id" ? &scope.partnerId : key == "site_id" ? &scope.siteId : nullptr;
        if (!target)
            return makeError(ErrorCode::InvalidArgument, "unknown scope field \"" + std::string(key) + "\"");
        if (!value.is_string())
            return makeError(ErrorCode::InvalidArgument, "scope." + std::string(key) + " must be a string");
        *target = std::string(value.get_string());
    }
    return scope;
}

}  // namespace igmc::sync
