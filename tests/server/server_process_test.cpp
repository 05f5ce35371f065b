// The igmc-server process as an operator starts it: it runs itself again with the tuned allocator
// (core/allocator_tuning.hpp), keeping its process id and arguments, unless told not to.
// SPDX-License-Identifier: Apache-2.0
#include "client/http_client.hpp"
#include "core/allocator_tuning.hpp"

#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <string_view>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace igmc::server {
namespace {

using namespace std::string_literals;  // variables in /proc/PID/environ end with '\0'

// igmc-server started from an environment without tunables; IGMC_ALLOCATOR as given (nullptr: unset).
class Started {
public:
    Started(const std::string& dataDir, const char* allocator) : m_port(test::freeLoopbackPort())
    {
        m_pid = ::fork();
        if (m_pid == 0) {
            ::unsetenv("GLIBC_TUNABLES");
            ::unsetenv("IGMC_ALLOCATOR");
            if (allocator)
                ::setenv("IGMC_ALLOCATOR", allocator, 1);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            const std::string listen = "127.0.0.1:" + std::to_string(m_port);
            ::execl(IGMC_SERVER_BINARY, "igmc-server", "--data", dataDir.c_str(), "--listen", listen.c_str(), "--quiet", nullptr);
            ::_exit(127);
        }
    }
    ~Started()
    {
        if (m_pid <= 0)
            return;  // never kill(-1, …): that signals every process of this user
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }

    bool answers() const
    {
        sync::HttpClient http;
        for (int i = 0; i < 300; ++i) {
            auto response = http.send({"GET", "http://127.0.0.1:" + std::to_string(m_port) + "/healthz", {}, {}});
            if (response && response->status == 200)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    // The environment the running program image started with, as /proc shows it. The dynamic
    // loader splits GLIBC_TUNABLES there at each ':' (the process itself reads it whole).
    std::string environment() const
    {
        std::ifstream in("/proc/" + std::to_string(m_pid) + "/environ", std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
    bool has(std::string_view text) const { return environment().find(text) != std::string::npos; }
    std::string name() const
    {
        std::ifstream in("/proc/" + std::to_string(m_pid) + "/comm");
        std::string line;
        std::getline(in, line);
        return line;
    }

private:
    unsigned short m_port;
    pid_t m_pid = -1;
};

TEST(ServerProcess, RunsAgainWithTheTunedAllocatorUnderItsOwnIdAndArguments)
{
    test::TempDir dir;
    Started server(dir.path("server"), nullptr);
    // It answers on the port its arguments named, as the process id it was started as.
    ASSERT_TRUE(server.answers());
    EXPECT_TRUE(server.has("\0GLIBC_TUNABLES=glibc.malloc.arena_max="s + std::to_string(allocatorArenas(std::thread::hardware_concurrency())) + "\0"s));
    EXPECT_TRUE(server.has("\0IGMC_ALLOCATOR=tuned\0"s));
    EXPECT_EQ(server.name(), "igmc-server");  // run again as its file, not as /proc/self/exe ("exe")
}

TEST(ServerProcess, RunsAsStartedWhenToldToKeepTheSystemAllocator)
{
    test::TempDir dir;
    Started server(dir.path("server"), "system");
    ASSERT_TRUE(server.answers());
    EXPECT_FALSE(server.has("GLIBC_TUNABLES="));
    EXPECT_TRUE(server.has("\0IGMC_ALLOCATOR=system\0"s));
}

}  // namespace
}  // namespace igmc::server
