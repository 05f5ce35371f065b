// Keeps a flood of identical log lines (an accept loop out of descriptors, a scan of bad
// handshakes) from filling the disk: at most one line per key per interval, and the next line
// logged for that key says how many were held back ("repeated": N).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace igmc::server {

class LogLimiter {
public:
    using Clock = std::chrono::steady_clock;

    explicit LogLimiter(std::chrono::milliseconds interval = std::chrono::seconds(1)) : m_interval(interval) {}

    // nullopt: hold this line back. Otherwise log it, with the number of lines of the same key
    // held back since the last one logged (0 the first time).
    std::optional<std::uint64_t> admit(const std::string& key, Clock::time_point now = Clock::now());

    // logEvent, limited: the key is the message and the fields named in `keyFields` (a line
    // that differs only in a peer address counts as the same line).
    void log(const std::string& level, const std::string& message, std::initializer_list<std::pair<std::string, std::string>> fields,
             std::initializer_list<std::string> keyFields = {});

private:
    struct Key {
        Clock::time_point lastLogged;
        std::uint64_t heldBack = 0;
    };
    // Keys not logged for an interval are dropped once there are this many (their held-back
    // counts were never going to be reported): memory stays bounded however varied the lines.
    static constexpr std::size_t kMaxKeys = 1024;

    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::unordered_map<std::string, Key> m_keys;
};

}  // namespace igmc::server
