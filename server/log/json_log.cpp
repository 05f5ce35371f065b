// SPDX-License-Identifier: Apache-2.0
#include "log/json_log.hpp"

#include "core/calendar.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace igmc::server {

namespace {

std::atomic<bool> g_enabled{true};
std::mutex g_mutex;

void write(boost::json::object&& line)
{
    if (!g_enabled.load())
        return;
    const auto text = boost::json::serialize(line) + "\n";
    std::lock_guard lock(g_mutex);
    std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace

void setLogEnabled(bool enabled)
{
    g_enabled = enabled;
}

void logEvent(const std::string& level, const std::string& message, std::initializer_list<std::pair<std::string, std::string>> fields)
{
    logRepeated(level, message, fields, 0);
}

void logRepeated(const std::string& level, const std::string& message, std::initializer_list<std::pair<std::string, std::string>> fields,
                 std::uint64_t repeated)
{
    boost::json::object line{{"ts", nowUtcTimestamp()}, {"level", level}, {"msg", message}};
    for (const auto& [key, value] : fields)
        line[key] = value;
    if (repeated > 0)
        line["repeated"] = repeated;
    write(std::move(line));
}

void logRequest(const std::string& method, const std::string& route, unsigned status, double seconds, const std::string& peer)
{
    write({{"ts", nowUtcTimestamp()},
           {"level", status >= 500 ? "error" : "info"},
           {"msg", "request"},
           {"method", method},
           {"route", route},
           {"status", status},
           {"ms", seconds * 1000.0},
           {"peer", peer}});
}

}  // namespace igmc::server
