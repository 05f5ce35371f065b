// Hybrid logical clock (Kulkarni et al. 2014): timestamps that follow wall time when clocks are
// sane and still order causally when a device's clock is wrong or goes backwards.
//
// Invariants:
//  1. now() is strictly greater than every timestamp this clock issued or observed before.
//  2. The text form ("%013llu.%06u": wall milliseconds, counter) sorts like the timestamps.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace igmc {

struct HlcTimestamp {
    std::uint64_t wallMs = 0;
    std::uint32_t counter = 0;

    [[nodiscard]] std::string toString() const;
    static std::optional<HlcTimestamp> parse(std::string_view text);
    friend auto operator<=>(const HlcTimestamp&, const HlcTimestamp&) = default;
};

class HybridClock {
public:
    using PhysicalClock = std::function<std::uint64_t()>;  // Unix milliseconds

    HybridClock();  // system clock
    explicit HybridClock(PhysicalClock physical) : m_physical(std::move(physical)) {}

    HlcTimestamp now();
    // Merges a timestamp received from elsewhere (a pulled op, a restored journal).
    void observe(const HlcTimestamp& remote);
    [[nodiscard]] HlcTimestamp last() const { return m_last; }

private:
    PhysicalClock m_physical;
    HlcTimestamp m_last;
};

}  // namespace igmc
