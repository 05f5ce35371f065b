// SPDX-License-Identifier: Apache-2.0
#include "core/hybrid_clock.hpp"

#include <chrono>
#include <cstdio>

namespace igmc {

std::string HlcTimestamp::toString() const
{
    // Every op and version carries one: formatted by hand (snprintf was a tenth of an insert).
    if (wallMs < 10'000'000'000'000ULL && counter < 1'000'000U) {
        std::string text(20, '.');
        std::uint64_t wall = wallMs;
        for (int i = 12; i >= 0; --i, wall /= 10)
            text[static_cast<std::size_t>(i)] = static_cast<char>('0' + wall % 10);
        std::uint32_t count = counter;
        for (int i = 19; i >= 14; --i, count /= 10)
            text[static_cast<std::size_t>(i)] = static_cast<char>('0' + count % 10);
        return text;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%013llu.%06u", static_cast<unsigned long long>(wallMs), counter);
    return buffer;
}

std::optional<HlcTimestamp> HlcTimestamp::parse(std::string_view text)
{
    if (text.size() != 20 || text[13] != '.')
        return std::nullopt;
    HlcTimestamp t;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i == 13)
            continue;
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        if (i < 13)
            t.wallMs = t.wallMs * 10 + static_cast<std::uint64_t>(text[i] - '0');
        else
            t.counter = t.counter * 10 + static_cast<std::uint32_t>(text[i] - '0');
    }
    return t;
}

HybridClock::HybridClock()
    : m_physical([] {
          const auto now = std::chrono::system_clock::now().time_since_epoch();
          return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
      })
{
}

HlcTimestamp HybridClock::now()
{
    const std::uint64_t physical = m_physical();
    if (physical > m_last.wallMs)
        m_last = {physical, 0};
    else
        ++m_last.counter;
    return m_last;
}

void HybridClock::observe(const HlcTimestamp& remote)
{
    if (remote > m_last)
        m_last = remote;
}

}  // namespace igmc
