// Calendar dates and UTC timestamps as the records store them: "YYYY-MM-DD" and
// "YYYY-MM-DDTHH:MM:SS.mmmZ". Month arithmetic clamps to the month's last day (Feb 29 + 1 year = Feb 28).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace igmc {

using Date = std::chrono::year_month_day;

std::optional<Date> parseDate(std::string_view text);  // strict "YYYY-MM-DD", a real date
std::string formatDate(Date date);
Date addMonths(Date date, int months);                 // clamped to the end of the month
Date addYears(Date date, int years);
Date todayUtc();

// Now, as an ISO 8601 UTC timestamp with milliseconds.
std::string nowUtcTimestamp();
std::string formatTimestamp(std::chrono::system_clock::time_point time);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a "+HH:MM"/"-HH:MM" offset; returns UTC.
std::optional<std::chrono::system_clock::time_point> parseTimestamp(std::string_view text);

}  // namespace igmc
