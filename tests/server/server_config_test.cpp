// SPDX-License-Identifier: Apache-2.0
#include "server_config.hpp"

#include <gtest/gtest.h>

namespace igmc::server {
namespace {

TEST(ServerConfig, ThreadCountsAreTakenFromTheCommandLine)
{
    auto config = parseServerArguments({"--data", "/tmp/d", "--threads", "3", "--file-threads", "5", "--push-threads", "12"});
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->http.threads, 3);
    EXPECT_EQ(config->http.fileThreads, 5);
    EXPECT_EQ(config->http.pushThreads, 12);
}

TEST(ServerConfig, ThreadCountsDefaultToTwoEightAndEight)
{
    auto config = parseServerArguments({"--data", "/tmp/d"});
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->http.threads, 2);
    EXPECT_EQ(config->http.fileThreads, 8);
    EXPECT_EQ(config->http.pushThreads, 8);
}

TEST(ServerConfig, AThreadCountOutOfRangeIsRefusedByName)
{
    for (const char* bad : {"0", "65", "many"}) {
        auto config = parseServerArguments({"--data", "/tmp/d", "--push-threads", bad});
        ASSERT_FALSE(config) << bad;
        EXPECT_NE(config.error().message.find("push-threads"), std::string::npos) << config.error().message;
    }
}

TEST(ServerConfig, ConnectionCapsMetricsListenerAndParkedUploadLimitsAreTakenFromTheCommandLine)
{
    auto config = parseServerArguments({"--data", "/tmp/d", "--max-connections", "500", "--max-connections-per-client", "20", "--metrics-listen",
                                        "127.0.0.1:9100", "--max-parked-upload-bytes", "1000", "--parked-upload-max-age-hours", "2"});
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->http.maxConnections, 500);
    EXPECT_EQ(config->http.maxConnectionsPerClient, 20);
    EXPECT_EQ(config->http.metricsAddress, "127.0.0.1");
    EXPECT_EQ(config->http.metricsPort, 9100);
    EXPECT_EQ(config->parkedUploads.maxBytesPerDevice, 1000);
    EXPECT_EQ(config->parkedUploads.maxAge, std::chrono::hours(2));
}

TEST(ServerConfig, ConnectionCapsDefaultToTheDescriptorLimitAndMetricsToTheApiListener)
{
    auto config = parseServerArguments({"--data", "/tmp/d"});
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->http.maxConnections, 0);  // derived at start
    EXPECT_EQ(config->http.maxConnectionsPerClient, 0);
    EXPECT_TRUE(config->http.metricsAddress.empty());
    for (const auto& bad : {std::vector<std::string>{"--max-connections", "0"}, {"--metrics-listen", "9100"}, {"--parked-upload-max-age-hours", "0"}}) {
        std::vector<std::string> args{"--data", "/tmp/d"};
        args.insert(args.end(), bad.begin(), bad.end());
        auto refused = parseServerArguments(args);
        ASSERT_FALSE(refused) << bad[0];
        EXPECT_NE(refused.error().message.find(bad[0].substr(2)), std::string::npos) << refused.error().message;
    }
}

}  // namespace
}  // namespace igmc::server
