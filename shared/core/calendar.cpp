// SPDX-License-Identifier: Apache-2.0
#include "core/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace igmc {

using namespace std::chrono;

namespace {

bool readInt(std::string_view text, std::size_t pos, std::size_t length, int& out)
{
    if (pos + length > text.size())
        return false;
    for (std::size_t i = pos; i < pos + length; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
    }
    std::from_chars(text.data() + pos, text.data() + pos + length, out);
    return true;
}

}  // namespace

std::optional<Date> parseDate(std::string_view text)
{
    int y = 0;
    int m = 0;
    int d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !readInt(text, 0, 4, y) || !readInt(text, 5, 2, m)
        || !readInt(text, 8, 2, d))
        return std::nullopt;
    const Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!date.ok())
        return std::nullopt;
    return date;
}

std::string formatDate(Date date)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()));
    return buffer;
}

Date addMonths(Date date, int count)
{
    const year_month shifted = year_month{date.year(), date.month()} + months{count};
    const auto last = year_month_day_last{shifted.year(), month_day_last{shifted.month()}}.day();
    return Date{shifted.year(), shifted.month(), std::min(date.day(), last)};
}

Date addYears(Date date, int count)
{
    return addMonths(date, 12 * count);
}

Date todayUtc()
{
    return Date{floor<days>(system_clock::now())};
}

std::string formatTimestamp(system_clock::time_point time)
{
    const auto dayPoint = floor<days>(time);
    const Date date{dayPoint};
    const hh_mm_ss clock{floor<milliseconds>(time - dayPoint)};
    // Written digit by digit: this runs for every record written, and snprintf was a hot spot.
    std::string text = "0000-00-00T00:00:00.000Z";
    const auto put = [&text](std::size_t at, long long value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            text[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<int>(date.year()), 4);
    put(5, static_cast<unsigned>(date.month()), 2);
    put(8, static_cast<unsigned>(date.day()), 2);
    put(11, clock.hours().count(), 2);
    put(14, clock.minutes().count(), 2);
    put(17, clock.seconds().count(), 2);
    put(20, clock.subseconds().count(), 3);
    return text;
}

std::string nowUtcTimestamp()
{
    return formatTimestamp(system_clock::now());
}

std::optional<system_clock::time_point> parseTimestamp(std::string_view text)
{
    if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const auto date = parseDate(text.substr(0, 10));
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (!date || !readInt(text, 11, 2, hh) || !readInt(text, 14, 2, mm) || !readInt(text, 17, 2, ss) || hh > 23 || mm > 59
        || ss > 60)
        return std::nullopt;
    std::size_t pos = 19;
    int millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        std::size_t digits = 0;
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 3)
                millis = millis * 10 + (text[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return std::nullopt;
        for (; digits < 3; ++digits)
            millis *= 10;
    }
    auto time = sys_days{*date} + hours{hh} + minutes{mm} + seconds{ss} + milliseconds{millis};
    const std::string_view zone = text.substr(pos);
    if (zone == "Z")
        return time;
    int oh = 0;
    int om = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || !readInt(zone, 1, 2, oh) || !readInt(zone, 4, 2, om))
        return std::nullopt;
    const auto offset = hours{oh} + minutes{om};
    return zone[0] == '+' ? time - offset : time + offset;
}

}  // namespace igmc
