// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.hpp"

#include <sstream>

namespace igmc::server {

void Metrics::recordRequest(const std::string& route, unsigned status, double seconds, std::uint64_t bytesIn, std::uint64_t bytesOut)
{
    std::lock_guard lock(m_mutex);
    auto& r = m_routes.size() < kMaxRoutes || m_routes.contains(route) ? m_routes[route] : m_routes["other"];
    ++r.byStatus[status];
    ++r.count;
    r.sum += seconds;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        if (seconds <= kBuckets[i])
            ++r.buckets[i];
    }
    m_bytesIn += bytesIn;
    m_bytesOut += bytesOut;
}

void Metrics::addOpsApplied(std::uint64_t applied, std::uint64_t duplicates)
{
    m_opsApplied += applied;
    m_opsDuplicate += duplicates;
}

std::string Metrics::escapeLabel(std::string_view value)
{
    std::string escaped;
    escaped.reserve(value.size());
    for (const char c : value) {
        if (c == '\\' || c == '"')
            escaped += '\\';
        if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

std::string Metrics::prometheusText() const
{
    std::lock_guard lock(m_mutex);
    std::ostringstream out;
    out << "# HELP igmc_http_requests_total HTTP requests by route and status.\n# TYPE igmc_http_requests_total counter\n";
    for (const auto& [label, r] : m_routes) {
        const auto route = escapeLabel(label);
        for (const auto& [status, count] : r.byStatus)
            out << "igmc_http_requests_total{route=\"" << route << "\",status=\"" << status << "\"} " << count << "\n";
    }
    out << "# HELP igmc_sync_pushes_total Pushes answered, by how: early (accepted whole from the intake log) or applied.\n"
           "# TYPE igmc_sync_pushes_total counter\n"
        << "igmc_sync_pushes_total{ack=\"early\"} " << m_pushesEarly.load() << "\n"
        << "igmc_sync_pushes_total{ack=\"applied\"} " << m_pushesApplied.load() << "\n";
    out << "# HELP igmc_http_request_duration_seconds Request latency by route.\n# TYPE igmc_http_request_duration_seconds histogram\n";
    for (const auto& [label, r] : m_routes) {
        const auto route = escapeLabel(label);
        for (std::size_t i = 0; i < kBuckets.size(); ++i)
            out << "igmc_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} " << r.buckets[i] << "\n";
        out << "igmc_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << r.count << "\n"
            << "igmc_http_request_duration_seconds_sum{route=\"" << route << "\"} " << r.sum << "\n"
            << "igmc_http_request_duration_seconds_count{route=\"" << route << "\"} " << r.count << "\n";
    }
    out << "# HELP igmc_http_bytes_total Bytes received and sent in HTTP bodies.\n# TYPE igmc_http_bytes_total counter\n"
        << "igmc_http_bytes_total{direction=\"in\"} " << m_bytesIn << "\n"
        << "igmc_http_bytes_total{direction=\"out\"} " << m_bytesOut << "\n"
        << "# HELP igmc_sync_ops_total Pushed ops by outcome.\n# TYPE igmc_sync_ops_total counter\n"
        << "igmc_sync_ops_total{outcome=\"applied\"} " << m_opsApplied.load() << "\n"
        << "igmc_sync_ops_total{outcome=\"duplicate\"} " << m_opsDuplicate.load() << "\n"
        << "# HELP igmc_blob_bytes_total Evidence bytes received.\n# TYPE igmc_blob_bytes_total counter\n"
        << "igmc_blob_bytes_total " << m_blobBytes.load() << "\n"
        << "# HELP igmc_http_in_flight Requests being handled.\n# TYPE igmc_http_in_flight gauge\n"
        << "igmc_http_in_flight " << m_inFlight.load() << "\n";
    return out.str();
}

}  // namespace igmc::server
