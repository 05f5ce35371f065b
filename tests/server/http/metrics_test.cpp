// /metrics: one series per route template whatever the paths asked, label values escaped, and
// only an admin reads it (or, with a listener of its own, nobody on the API's).
// SPDX-License-Identifier: Apache-2.0
#include "http/metrics.hpp"

#include "server/server_fixture.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace igmc::server::test {
namespace {

Request get(const std::string& target)
{
    return Request{http::verb::get, target, 11};
}

bool everySampleLineIsValid(const std::string& text, std::string& bad)
{
    static const std::regex sample(
        R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\[\\"n]|[^"\\\n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\[\\"n]|[^"\\\n])*")*\})? [-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN)$)re");
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with("#") && !std::regex_match(line, sample)) {
            bad = line;
            return false;
        }
    }
    return true;
}

TEST(RouteLabel, EveryRouteIsLabelledByItsTemplateAndAnythingElseIsOther)
{
    const std::vector<std::pair<std::string, std::string>> cases{
        {"/healthz", "/healthz"},
        {"/metrics", "/metrics"},
        {"/v1/sync/push?from=x", "/v1/sync/push"},
        {"/v1/blobs/status", "/v1/blobs/status"},
        {"/v1/blobs/" + std::string(64, 'a'), "/v1/blobs/{sha256}"},
        {"/v1/assessments/a1/observations", "/v1/assessments/{id}/observations"},
        {"/v1/admin/devices/d1/revoke", "/v1/admin/devices/{id}/revoke"},
        {"/v1/partners/p1/training-day?date=2026-01-01", "/v1/partners/{id}/training-day"},
        {"/v1/surveys/s1/results", "/v1/surveys/{id}/results"},
        {"/v1/admin/memberships", "/v1/admin/memberships"},
        {"/", "other"},
        {"/nowhere", "other"},
        {"/v1/assessments/a1/\"}{evil", "other"},
        {"/v1/blobs/a/b", "other"},
    };
    for (const auto& [target, label] : cases)
        EXPECT_EQ(routeLabel(get(target)), label) << target;
}

TEST(Metrics, LabelValuesAreEscapedAsThePrometheusTextFormatSays)
{
    EXPECT_EQ(Metrics::escapeLabel(R"(plain/{id})"), R"(plain/{id})");
    EXPECT_EQ(Metrics::escapeLabel("a\"b"), R"(a\"b)");
    EXPECT_EQ(Metrics::escapeLabel(R"(a\b)"), R"(a\\b)");
    EXPECT_EQ(Metrics::escapeLabel("a\nb"), R"(a\nb)");
}

// Even a caller that records raw paths cannot break the text or grow it past kMaxRoutes series.
TEST(Metrics, RawHostileRoutesStayValidAndBounded)
{
    Metrics metrics;
    for (int i = 0; i < 1000; ++i)
        metrics.recordRequest("/x\"}" + std::to_string(i) + "{\\\n", 404, 0.001, 0, 10);
    const auto text = metrics.prometheusText();
    std::string bad;
    EXPECT_TRUE(everySampleLineIsValid(text, bad)) << bad;
    const auto series = [&text] {
        std::size_t count = 0;
        for (auto at = text.find("igmc_http_requests_total{"); at != std::string::npos; at = text.find("igmc_http_requests_total{", at + 1))
            ++count;
        return count;
    }();
    EXPECT_EQ(series, Metrics::kMaxRoutes + 1);  // and "other"
    EXPECT_NE(text.find("igmc_http_requests_total{route=\"other\",status=\"404\"} " + std::to_string(1000 - Metrics::kMaxRoutes) + "\n"),
              std::string::npos);
}

TEST_F(ApiFixture, OnlyAnAdminTokenReadsTheMetrics)
{
    EXPECT_EQ(call(http::verb::get, "/metrics").result_int(), 401U);
    for (const auto* token : {&m_inspector, &m_reviewer, &m_trainer, &m_kiosk}) {
        const auto refused = call(http::verb::get, "/metrics", *token);
        EXPECT_EQ(refused.result_int(), 403U);
        EXPECT_EQ(json(refused).at("error").at("code").as_string(), "forbidden");
    }
    const auto metrics = call(http::verb::get, "/metrics", m_admin);
    EXPECT_EQ(metrics.result_int(), 200U);
    EXPECT_NE(metrics.body().find("igmc_sync_intake_pending_ops"), std::string::npos);
}

TEST_F(ApiFixture, WithAMetricsListenerTheApiDoesNotServeMetrics)
{
    m_api->metricsOnOwnListener = true;
    EXPECT_EQ(call(http::verb::get, "/metrics", m_admin).result_int(), 404U);
    EXPECT_EQ(metricsResponse(get("/metrics"), *m_api).result_int(), 200U);
}

}  // namespace
}  // namespace igmc::server::test
