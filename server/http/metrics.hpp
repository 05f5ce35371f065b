// Request and sync counters, exposed at /metrics in the Prometheus text format.
// Invariants: at most kMaxRoutes route series and "other" (a label past them is counted there),
// so no sequence of requests grows the exposition without bound; every label value is escaped
// (backslash, double quote, newline), so no request can break the format for a scraper.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace igmc::server {

class Metrics {
public:
    // Upper bounds of the latency histogram, in seconds.
    static constexpr std::array<double, 10> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0};
    // The API has fewer than 40 route templates (routeLabel); this only guards against a caller
    // that passes raw paths.
    static constexpr std::size_t kMaxRoutes = 64;

    void recordRequest(const std::string& route, unsigned status, double seconds, std::uint64_t bytesIn, std::uint64_t bytesOut);
    void addOpsApplied(std::uint64_t applied, std::uint64_t duplicates);
    // A push answered with an early ack (accepted whole from the intake) or after it was applied.
    void addPushAnswered(bool early) { ++(early ? m_pushesEarly : m_pushesApplied); }
    void addBlobBytes(std::uint64_t bytes) { m_blobBytes += bytes; }
    std::atomic<std::int64_t>& inFlight() { return m_inFlight; }

    [[nodiscard]] std::string prometheusText() const;
    // A label value as the Prometheus text format wants it between double quotes.
    static std::string escapeLabel(std::string_view value);

private:
    struct Route {
        std::map<unsigned, std::uint64_t> byStatus;
        std::array<std::uint64_t, kBuckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Route> m_routes;
    std::uint64_t m_bytesIn = 0;
    std::uint64_t m_bytesOut = 0;
    std::atomic<std::uint64_t> m_opsApplied{0};
    std::atomic<std::uint64_t> m_opsDuplicate{0};
    std::atomic<std::uint64_t> m_blobBytes{0};
    std::atomic<std::uint64_t> m_pushesEarly{0};
    std::atomic<std::uint64_t> m_pushesApplied{0};
    std::atomic<std::int64_t> m_inFlight{0};
};

}  // namespace igmc::server
