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

}  // namespace
}  // namespace igmc::server
