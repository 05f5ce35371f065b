// Name ↔ enum tables for the wire and storage forms of small enums ("city", "planning", …).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace igmc {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<std::string_view, Enum>, N>;

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enumFromName(const EnumNames<Enum, N>& table, std::string_view text)
{
    for (const auto& [name, value] : table) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
constexpr std::string_view enumName(const EnumNames<Enum, N>& table, Enum value)
{
    for (const auto& [name, v] : table) {
        if (v == value)
            return name;
    }
    return {};
}

}  // namespace igmc
