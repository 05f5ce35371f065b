// SPDX-License-Identifier: Apache-2.0
#include "core/fixed_point.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace igmc {

namespace {

// Exact fixed-point text for |value| / scale with `decimals` digits, trailing zeros optionally trimmed.
std::string formatScaled(std::int64_t value, std::int64_t scale, int decimals, bool trimZeros)
{
    const bool negative = value < 0;
    const auto magnitude = static_cast<std::uint64_t>(negative ? -(value + 1) : value) + (negative ? 1 : 0);
    const auto uscale = static_cast<std::uint64_t>(scale);
    std::string text = std::to_string(magnitude / uscale);
    std::string fraction = std::to_string(magnitude % uscale);
    fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
    if (trimZeros) {
        while (!fraction.empty() && fraction.back() == '0')
            fraction.pop_back();
    }
    if (!fraction.empty())
        text += "." + fraction;
    return negative ? "-" + text : text;
}

}  // namespace

std::optional<Decimal> Decimal::fromDouble(double value)
{
    if (!std::isfinite(value) || std::fabs(value) > 9.0e12)
        return std::nullopt;
    return Decimal(std::llround(value * static_cast<double>(kScale)));
}

std::optional<Decimal> Decimal::parse(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (whole.empty() || whole.size() > 13 || fraction.size() > 6 || (dot != std::string_view::npos && fraction.empty()))
        return std::nullopt;
    std::int64_t wholeValue = 0;
    if (auto [ptr, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), wholeValue);
        ec != std::errc{} || ptr != whole.data() + whole.size())
        return std::nullopt;
    std::int64_t fractionValue = 0;
    if (!fraction.empty()) {
        if (auto [ptr, ec] = std::from_chars(fraction.data(), fraction.data() + fraction.size(), fractionValue);
            ec != std::errc{} || ptr != fraction.data() + fraction.size())
            return std::nullopt;
        for (std::size_t i = fraction.size(); i < 6; ++i)
            fractionValue *= 10;
    }
    const std::int64_t micros = wholeValue * kScale + fractionValue;
    return Decimal(negative ? -micros : micros);
}

std::string Decimal::toString() const
{
    return formatScaled(m_micros, kScale, 6, true);
}

std::optional<Points> Points::fromDouble(double value)
{
    if (!std::isfinite(value) || std::fabs(value) > 1.0e12)
        return std::nullopt;
    const double scaled = value * static_cast<double>(kScale);
    const double rounded = std::round(scaled);
    if (std::fabs(scaled - rounded) > 1e-6)
        return std::nullopt;
    return Points(static_cast<std::int64_t>(rounded));
}

std::string Points::toString() const
{
    return formatScaled(m_hundredths, kScale, 2, false);
}

bool operator<(const Fraction& a, const Fraction& b)
{
    return static_cast<Int128>(a.num) * b.den < static_cast<Int128>(b.num) * a.den;
}

bool operator==(const Fraction& a, const Fraction& b)
{
    return static_cast<Int128>(a.num) * b.den == static_cast<Int128>(b.num) * a.den;
}

Points scalePoints(Points max, Fraction fraction)
{
    // round(max * num / den) with halves up, for non-negative operands: floor((2·max·num + den) / (2·den)).
    const Int128 numerator = static_cast<Int128>(max.hundredths()) * fraction.num * 2 + fraction.den;
    const Int128 denominator = static_cast<Int128>(fraction.den) * 2;
    return Points::fromHundredths(static_cast<std::int64_t>(numerator / denominator));
}

}  // namespace igmc
