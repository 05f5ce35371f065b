// Exact fixed-point numbers for scoring: measured values in millionths, points in hundredths.
// Arithmetic on them is integer, so totals are exact sums and comparisons never involve floats.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igmc {

// 128-bit intermediates keep products of points and values exact (GCC/Clang extension).
__extension__ typedef __int128 Int128;

// A measured or projected value, held in millionths (6 decimals). Range about ±9.2e12.
class Decimal {
public:
    static constexpr std::int64_t kScale = 1'000'000;

    constexpr Decimal() = default;
    static constexpr Decimal fromMicros(std::int64_t micros) { return Decimal(micros); }
    static constexpr Decimal fromInteger(std::int64_t whole) { return Decimal(whole * kScale); }
    // Rounds to the nearest millionth; nullopt when not finite or out of range.
    static std::optional<Decimal> fromDouble(double value);
    // Parses "12", "-3.5", "0.000001"; nullopt on anything else or more than 6 decimals.
    static std::optional<Decimal> parse(std::string_view text);

    [[nodiscard]] constexpr std::int64_t micros() const { return m_micros; }
    [[nodiscard]] double toDouble() const { return static_cast<double>(m_micros) / kScale; }
    // Shortest exact decimal form: "12", "12.5", "0.000001".
    [[nodiscard]] std::string toString() const;

    friend constexpr auto operator<=>(Decimal, Decimal) = default;

private:
    constexpr explicit Decimal(std::int64_t micros) : m_micros(micros) {}
    std::int64_t m_micros = 0;
};

// Points in hundredths. 320 points = Points::fromHundredths(32000).
class Points {
public:
    static constexpr std::int64_t kScale = 100;

    constexpr Points() = default;
    static constexpr Points fromHundredths(std::int64_t hundredths) { return Points(hundredths); }
    static constexpr Points fromWhole(std::int64_t whole) { return Points(whole * kScale); }
    // Exactly representable in hundredths (at most two decimals), else nullopt.
    static std::optional<Points> fromDouble(double value);

    [[nodiscard]] constexpr std::int64_t hundredths() const { return m_hundredths; }
    [[nodiscard]] double toDouble() const { return static_cast<double>(m_hundredths) / kScale; }
    // Always two decimals: "209.99", "320.00".
    [[nodiscard]] std::string toString() const;

    constexpr Points& operator+=(Points other) { m_hundredths += other.m_hundredths; return *this; }
    constexpr Points& operator-=(Points other) { m_hundredths -= other.m_hundredths; return *this; }
    friend constexpr Points operator+(Points a, Points b) { return Points(a.m_hundredths + b.m_hundredths); }
    friend constexpr Points operator-(Points a, Points b) { return Points(a.m_hundredths - b.m_hundredths); }
    friend constexpr auto operator<=>(Points, Points) = default;

private:
    constexpr explicit Points(std::int64_t hundredths) : m_hundredths(hundredths) {}
    std::int64_t m_hundredths = 0;
};

// An exact fraction num/den with 0 <= num <= den, den > 0: the share of an indicator's points earned.
struct Fraction {
    std::int64_t num = 0;
    std::int64_t den = 1;

    static constexpr Fraction zero() { return {0, 1}; }
    static constexpr Fraction one() { return {1, 1}; }
    friend bool operator<(const Fraction& a, const Fraction& b);
    friend bool operator==(const Fraction& a, const Fraction& b);
};

// The project's one rounding rule: max × fraction, rounded to the nearest hundredth, halves up.
Points scalePoints(Points max, Fraction fraction);

}  // namespace igmc
