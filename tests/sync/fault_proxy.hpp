// An HTTP/1.1 proxy on 127.0.0.1 between a device and the test server that can answer a request
// itself (a route an older server does not know, a page that fails) or rewrite a response (a
// cursor header that disagrees with its body, acks in another order). Requests and responses carry
// Content-Length bodies, as the server and the sync client send them.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace igmc::sync::test {

class FaultProxy {
public:
    // Given a request's head, a whole raw response to send instead of forwarding it, or nullopt.
    using Answer = std::function<std::optional<std::string>(const std::string& requestHead)>;
    // May change a forwarded response's head (status line and headers, without the blank line)
    // and body; the Content-Length is then set to the body's.
    using Rewrite = std::function<void(const std::string& requestHead, std::string& responseHead, std::string& responseBody)>;

    FaultProxy(unsigned short upstreamPort, Answer answer, Rewrite rewrite = {})
        : m_upstreamPort(upstreamPort), m_answer(std::move(answer)), m_rewrite(std::move(rewrite))
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address = loopback(0);
        EXPECT_EQ(::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        EXPECT_EQ(::listen(m_listener, 16), 0);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_acceptor = std::thread([this] { acceptLoop(); });
    }

    ~FaultProxy()
    {
        m_stopping = true;
        ::shutdown(m_listener, SHUT_RDWR);
        ::close(m_listener);
        m_acceptor.join();
        {
            std::lock_guard lock(m_mutex);
            for (const int fd : m_open)
                ::shutdown(fd, SHUT_RDWR);
        }
        for (auto& t : m_connections)
            t.join();
        for (const int fd : m_open)
            ::close(fd);  // closed only here, so a shutdown above never hits a reused descriptor
    }

    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

    static std::string response(int status, const std::string& reason, const std::string& body)
    {
        return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
               + std::to_string(body.size()) + "\r\n\r\n" + body;
    }

private:
    static sockaddr_in loopback(unsigned short port)
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return address;
    }

    void acceptLoop()
    {
        while (!m_stopping) {
            const int client = ::accept(m_listener, nullptr, nullptr);
            if (client < 0)
                return;
            std::lock_guard lock(m_mutex);
            m_open.push_back(client);
            m_connections.emplace_back([this, client] { serve(client); });
        }
    }

    static bool sendAll(int fd, const std::string& bytes)
    {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    static void setContentLength(std::string& head, std::size_t length)
    {
        std::string lower = head;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = lower.find("\r\ncontent-length:");
        if (at == std::string::npos)
            return;
        const auto start = at + 17;
        const auto end = head.find("\r\n", start);
        head.replace(start, (end == std::string::npos ? head.size() : end) - start, " " + std::to_string(length));
    }

    // Reads one message (head and Content-Length body) from `fd`, keeping what came after it.
    static bool readMessage(int fd, std::string& pending, std::string& head, std::string& body, bool bodyless)
    {
        char chunk[65536];
        std::size_t end;
        while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
            const auto n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return false;
            pending.append(chunk, static_cast<std::size_t>(n));
        }
        head = pending.substr(0, end);
        pending.erase(0, end + 4);
        std::size_t length = 0;
        std::string lower = head;
        for (auto& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (const auto at = lower.find("\r\ncontent-length:"); at != std::string::npos && !bodyless)
            length = std::stoul(lower.substr(at + 17));
        while (pending.size() < length) {
            const auto n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return false;
            pending.append(chunk, static_cast<std::size_t>(n));
        }
        body = pending.substr(0, length);
        pending.erase(0, length);
        return true;
    }

    void serve(int client)
    {
        int upstream = -1;
        std::string fromClient;
        std::string fromUpstream;
        std::string head;
        std::string body;
        while (readMessage(client, fromClient, head, body, false)) {
            if (auto canned = m_answer(head)) {
                if (!sendAll(client, *canned))
                    break;
                continue;
            }
            if (upstream < 0) {
                upstream = ::socket(AF_INET, SOCK_STREAM, 0);
                sockaddr_in address = loopback(m_upstreamPort);
                if (::connect(upstream, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
                    break;
            }
            std::string responseHead;
            std::string responseBody;
            const bool bodyless = head.rfind("HEAD ", 0) == 0;
            if (!sendAll(upstream, head + "\r\n\r\n" + body)
                || !readMessage(upstream, fromUpstream, responseHead, responseBody, bodyless))
                break;
            if (m_rewrite) {
                m_rewrite(head, responseHead, responseBody);
                if (!bodyless)  // a HEAD response announces the length of a body it does not carry
                    setContentLength(responseHead, responseBody.size());
            }
            if (!sendAll(client, responseHead + "\r\n\r\n" + responseBody))
                break;
        }
        if (upstream >= 0)
            ::close(upstream);
        ::shutdown(client, SHUT_RDWR);
    }

    unsigned short m_upstreamPort;
    Answer m_answer;
    Rewrite m_rewrite;
    int m_listener = -1;
    unsigned short m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<int> m_open;
    std::vector<std::thread> m_connections;
};

}  // namespace igmc::sync::test
