// SPDX-License-Identifier: Apache-2.0
#include "http/byte_range.hpp"

#include <charconv>

namespace igmc::server {

namespace {

std::optional<std::uint64_t> digits(std::string_view text)
{
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

}  // namespace

RangeRequest resolveRange(std::string_view header, std::uint64_t size)
{
    constexpr std::string_view unit = "bytes=";
    if (!header.starts_with(unit))
        return WholeBody{};
    const auto spec = header.substr(unit.size());
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos)
        return WholeBody{};
    const auto firstText = spec.substr(0, dash);
    const auto lastText = spec.substr(dash + 1);
    if (firstText.empty()) {  // "-N": the last N bytes
        const auto suffix = digits(lastText);
        if (!suffix)
            return WholeBody{};
        if (*suffix == 0 || size == 0)
            return Unsatisfiable{};
        const auto length = std::min(*suffix, size);
        return ByteRange{size - length, length};
    }
    const auto first = digits(firstText);
    const auto last = lastText.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : digits(lastText);
    if (!first || !last || *last < *first)
        return WholeBody{};
    if (*first >= size)
        return Unsatisfiable{};
    return ByteRange{*first, std::min(*last, size - 1) - *first + 1};
}

}  // namespace igmc::server
