// An igmc-server process for tests that measure it from outside: its resident memory and CPU time
// (/proc/PID), the size of its log, a descriptor limit set before it starts; and raw sockets for
// clients that do what no well-behaved client does.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/http_client.hpp"
#include "support/test_paths.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace igmc::server::test {

class ServerChild {
public:
    // `descriptors` > 0: RLIMIT_NOFILE (soft and hard) of the server.
    ServerChild(const std::string& dataDir, std::vector<std::string> extraArgs = {}, rlim_t descriptors = 0)
        : m_port(igmc::test::freeLoopbackPort()), m_log(dataDir + ".log")
    {
        std::vector<std::string> args{"igmc-server", "--data", dataDir, "--listen", "127.0.0.1:" + std::to_string(m_port), "--quiet"};
        args.insert(args.end(), extraArgs.begin(), extraArgs.end());
        m_pid = ::fork();
        if (m_pid == 0) {
            if (descriptors > 0) {
                const rlimit limit{descriptors, descriptors};
                ::setrlimit(RLIMIT_NOFILE, &limit);
            }
            const int log = ::open(m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(log, 2);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            std::vector<char*> argv;
            for (auto& a : args)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(IGMC_SERVER_BINARY, argv.data());
            ::_exit(127);
        }
    }
    ~ServerChild()
    {
        if (m_pid <= 0)
            return;  // never kill(-1, …)
        ::kill(m_pid, SIGTERM);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    ServerChild(const ServerChild&) = delete;
    ServerChild& operator=(const ServerChild&) = delete;

    [[nodiscard]] unsigned short port() const { return m_port; }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    // /healthz answers 200 within `patience`.
    [[nodiscard]] bool answers(std::chrono::milliseconds patience = std::chrono::seconds(5)) const
    {
        sync::HttpClient http;
        http.setTimeouts(std::chrono::milliseconds(500), std::chrono::milliseconds(1000));
        const auto deadline = std::chrono::steady_clock::now() + patience;
        while (std::chrono::steady_clock::now() < deadline) {
            auto response = http.send({"GET", url() + "/healthz", {}, {}});
            if (response && response->status == 200)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    // A line of /proc/PID/status in KiB ("VmRSS", "VmHWM").
    [[nodiscard]] long statusKiB(const std::string& field) const
    {
        std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind(field + ":", 0) == 0)
                return std::stol(line.substr(field.size() + 1));
        }
        return -1;
    }

    // User and system CPU time so far (/proc/PID/stat fields 14 and 15).
    [[nodiscard]] double cpuSeconds() const
    {
        std::ifstream in("/proc/" + std::to_string(m_pid) + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // the name may hold spaces
        std::string field;
        std::vector<std::string> values;
        while (fields >> field)
            values.push_back(field);
        return static_cast<double>(std::stoull(values.at(11)) + std::stoull(values.at(12))) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }

    [[nodiscard]] std::uintmax_t logBytes() const
    {
        std::error_code ec;
        return std::filesystem::file_size(m_log, ec);
    }
    [[nodiscard]] std::string log() const { return igmc::test::readText(m_log); }

    // An admin token, enrolled with the code the server wrote at its first start.
    [[nodiscard]] std::string enrollAdmin(const std::string& dataDir) const
    {
        std::string code;
        std::ifstream(dataDir + "/admin-enrollment-code.txt") >> code;
        return enroll(code);
    }
    [[nodiscard]] std::string enroll(const std::string& code) const
    {
        sync::HttpClient http;
        const std::string body = R"({"code": ")" + code + R"(", "device_name": "test"})";
        auto response = http.send({"POST", url() + "/v1/enroll", {{"Content-Type", "application/json"}}, body});
        EXPECT_TRUE(response && response->status == 201) << (response ? response->body : response.error().message);
        const auto at = response ? response->body.find("\"token\":\"") : std::string::npos;
        return at == std::string::npos ? "" : response->body.substr(at + 9, response->body.find('"', at + 9) - at - 9);
    }
    // A token of `role` ("reviewer", "inspector"…), issued by the admin.
    [[nodiscard]] std::string tokenFor(const std::string& adminToken, const std::string& role) const
    {
        sync::HttpClient http;
        auto response = http.send({"POST", url() + "/v1/admin/enrollment-codes", {{"Authorization", "Bearer " + adminToken}},
                                   R"({"role": ")" + role + R"("})"});
        EXPECT_TRUE(response && response->status == 201) << (response ? response->body : response.error().message);
        const auto at = response ? response->body.find("\"code\":\"") : std::string::npos;
        return at == std::string::npos ? "" : enroll(response->body.substr(at + 8, response->body.find('"', at + 8) - at - 8));
    }

    // A connected socket (-1 if the connection failed), with a receive timeout.
    [[nodiscard]] int connect(std::chrono::seconds receiveTimeout = std::chrono::seconds(5)) const
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const timeval wait{static_cast<time_t>(receiveTimeout.count()), 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    // Sends `request` on a new connection and returns everything the server sent until it closed.
    [[nodiscard]] std::string exchange(const std::string& request) const
    {
        const int fd = connect();
        if (fd < 0)
            return {};
        ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        std::string answer;
        char chunk[65536];
        ssize_t got = 0;
        while ((got = ::recv(fd, chunk, sizeof chunk, 0)) > 0)
            answer.append(chunk, static_cast<std::size_t>(got));
        ::close(fd);
        return answer;
    }

private:
    unsigned short m_port;
    std::string m_log;
    pid_t m_pid = -1;
};

}  // namespace igmc::server::test
