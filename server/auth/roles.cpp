// SPDX-License-Identifier: Apache-2.0
#include "auth/roles.hpp"

#include "core/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace igmc::server {

namespace {

constexpr std::array<std::pair<std::string_view, Role>, 5> kRoles{{{"admin", Role::Admin},
                                                                    {"reviewer", Role::Reviewer},
                                                                    {"inspector", Role::Inspector},
                                                                    {"trainer", Role::Trainer},
                                                                    {"kiosk", Role::Kiosk}}};
// No 0/O, 1/I/L, so a code read aloud or copied by hand survives.
constexpr std::string_view kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

void randomBytes(unsigned char* out, int size)
{
    if (RAND_bytes(out, size) != 1)
        throw std::runtime_error("the system random generator failed");
}

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

std::string newToken()
{
    std::array<unsigned char, 32> bytes{};
    randomBytes(bytes.data(), static_cast<int>(bytes.size()));
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token = "igmc_";
    for (auto b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 0xF];
    }
    return token;
}

std::string newEnrollmentCode()
{
    std::array<unsigned char, 16> bytes{};
    randomBytes(bytes.data(), static_cast<int>(bytes.size()));
    std::string code;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0 && i % 4 == 0)
            code += '-';
        code += kCodeAlphabet[bytes[i] % kCodeAlphabet.size()];
    }
    return code;
}

std::string normaliseEnrollmentCode(std::string_view typed)
{
    std::string code;
    for (char c : typed) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return code;
}

std::string hashSecret(std::string_view secret)
{
    return sha256Hex(secret);
}

}  // namespace igmc::server
