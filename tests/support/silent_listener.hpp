// A socket on 127.0.0.1 that takes connections into its backlog and never answers them: a server
// that hangs, or a captive portal, for tests of timeouts and of giving a request up. A test may
// also accept() a waiting connection itself (fd()) to see what the client sent, or to answer.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace igmc::test {

class SilentListener {
public:
    SilentListener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        EXPECT_EQ(::listen(m_fd, 4), 0);
        socklen_t length = sizeof address;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(m_fd); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;

    [[nodiscard]] int fd() const { return m_fd; }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    // Whether a connection waits in the backlog (a request is on its way), within `ms`.
    [[nodiscard]] bool awaitConnection(int ms = 10'000) const
    {
        pollfd waiting{m_fd, POLLIN, 0};
        return ::poll(&waiting, 1, ms) == 1;
    }

private:
    int m_fd = -1;
    unsigned short m_port = 0;
};

}  // namespace igmc::test
