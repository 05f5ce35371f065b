// SPDX-License-Identifier: Apache-2.0
#include "log/log_limiter.hpp"

#include "log/json_log.hpp"

namespace igmc::server {

std::optional<std::uint64_t> LogLimiter::admit(const std::string& key, Clock::time_point now)
{
    std::lock_guard lock(m_mutex);
    if (m_keys.size() >= kMaxKeys && !m_keys.contains(key)) {
        std::erase_if(m_keys, [&](const auto& entry) { return now - entry.second.lastLogged >= m_interval; });
        if (m_keys.size() >= kMaxKeys)
            return std::nullopt;  // more distinct lines in one interval than a log can usefully hold
    }
    auto [entry, added] = m_keys.try_emplace(key, Key{now, 0});
    if (added)
        return 0;
    if (now - entry->second.lastLogged < m_interval) {
        ++entry->second.heldBack;
        return std::nullopt;
    }
    const auto heldBack = entry->second.heldBack;
    entry->second = Key{now, 0};
    return heldBack;
}

void LogLimiter::log(const std::string& level, const std::string& message, std::initializer_list<std::pair<std::string, std::string>> fields,
                     std::initializer_list<std::string> keyFields)
{
    std::string key = level + '\x1f' + message;
    for (const auto& name : keyFields) {
        for (const auto& [field, value] : fields) {
            if (field == name)
                key.append(1, '\x1f').append(value);
        }
    }
    const auto heldBack = admit(key);
    if (!heldBack)
        return;
    logRepeated(level, message, fields, *heldBack);
}

}  // namespace igmc::server
