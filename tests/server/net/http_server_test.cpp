// The HTTP server over loopback with one push thread (two push slots): pushes beyond the slots
// wait in their sockets and are all answered, and a push is answered when it is written, not
// after the push queued behind it.
// SPDX-License-Identifier: Apache-2.0
#include "net/http_server.hpp"

#include "client/http_client.hpp"
#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "protocol/wire.hpp"
#include "server/server_fixture.hpp"
#include "support/bench_records.hpp"

#include <chrono>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <future>
#include <thread>

namespace igmc::server::test {
namespace {

class HttpServerPushes : public ApiFixture {
protected:
    void SetUp() override
    {
        ApiFixture::SetUp();
        HttpServerOptions options;
        options.port = 0;
        options.pushThreads = 1;
        options.pushWait = std::chrono::milliseconds(300);
        options.logRequests = false;
        m_server = std::make_unique<HttpServer>(*m_api, options);
        auto port = m_server->start();
        ASSERT_TRUE(port) << port.error().message;
        m_port = *port;
        m_url = "http://127.0.0.1:" + std::to_string(*port) + "/v1/sync/push";
    }
    void TearDown() override
    {
        if (m_server)
            m_server->stop(std::chrono::milliseconds(2000));
    }

    // A batch of `count` first versions from device `device`.
    std::string pushBody(int device, int count)
    {
        sync::PushRequest request;
        for (int i = 0; i < count; ++i) {
            const auto o = igmc::test::benchVersion(m_assessment.id, i, "device-" + std::to_string(device), static_cast<std::uint32_t>(device));
            request.ops.push_back({newUuidV7(), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}});
        }
        return sync::encode(request);
    }

    // Device `device`'s token: each device pushes the versions its own store authored.
    const std::string& tokenOf(int device)
    {
        while (m_devices.size() <= static_cast<std::size_t>(device))
            m_devices.push_back(enroll(Role::Admin, {}));
        return m_devices[static_cast<std::size_t>(device)];
    }

    // The number of acks a push of device `device` got (-1: no 200 response).
    int push(const std::string& body, int device = 0)
    {
        const auto& token = tokenOf(device);
        sync::HttpClient http;
        http.setTimeouts(std::chrono::milliseconds(5000), std::chrono::milliseconds(60000));
        auto response = http.send({"POST", m_url, {{"Authorization", "Bearer " + token}}, body});
        if (!response || response->status != 200)
            return -1;
        auto acks = sync::decodePushResponse(response->body);
        return acks ? static_cast<int>(acks->acks.size()) : -1;
    }

    // A connection that has sent a push's header, announcing a body it never sends.
    int headerOnly(const std::string& token)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const timeval wait{5, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(m_port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        const std::string head = "POST /v1/sync/push?from=test HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 + (token.empty() ? std::string() : "Authorization: Bearer " + token + "\r\n")
                                 + "Content-Length: 100000\r\n\r\n";
        EXPECT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
        return fd;
    }
    // The status line the server answered on `fd` ("" if none within 5 s), and the whole answer.
    static std::pair<std::string, std::string> answerOn(int fd)
    {
        std::string answer(4096, '\0');
        const auto got = ::recv(fd, answer.data(), answer.size(), 0);
        answer.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
        return {answer.substr(0, answer.find("\r\n")), answer};
    }

    std::vector<std::string> m_devices;
    std::unique_ptr<HttpServer> m_server;
    unsigned short m_port = 0;
    std::string m_url;
};

TEST_F(HttpServerPushes, APushWithoutAValidTokenIsRefusedOnItsHeader)
{
    for (const std::string token : {"", "not-a-token"}) {
        const int fd = headerOnly(token);
        EXPECT_EQ(answerOn(fd).first, "HTTP/1.1 401 Unauthorized") << token;
        ::close(fd);
    }
}

TEST_F(HttpServerPushes, APushThatWaitsTooLongForAPlaceIsAskedToRetry)
{
    // Two devices' pushes hold both places (their bodies never come); a third waits 300 ms.
    const int first = headerOnly(m_admin);
    const int second = headerOnly(m_inspector);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const int third = headerOnly(m_reviewer);
    const auto [status, answer] = answerOn(third);
    EXPECT_EQ(status, "HTTP/1.1 503 Service Unavailable");
    EXPECT_NE(answer.find("Retry-After: 2"), std::string::npos) << answer;
    EXPECT_NE(answer.find("busy writing other pushes"), std::string::npos) << answer;
    for (int fd : {first, second, third})
        ::close(fd);
    // The places come back with the connections that held them.
    EXPECT_EQ(push(pushBody(0, 10)), 10);
}

TEST_F(HttpServerPushes, PushesBeyondTheSlotsWaitAndAreAllAnsweredTwice)
{
    constexpr int kDevices = 8;  // four times the two slots
    std::vector<std::string> bodies;
    for (int d = 0; d < kDevices; ++d) {
        bodies.push_back(pushBody(d, 200));
        tokenOf(d);
    }
    for (int round = 0; round < 2; ++round) {  // the second round is all duplicates: no slot was kept
        std::vector<std::future<int>> acks;
        for (int d = 0; d < kDevices; ++d)
            acks.push_back(std::async(std::launch::async, [&, d] { return push(bodies[static_cast<std::size_t>(d)], d); }));
        for (auto& a : acks)
            EXPECT_EQ(a.get(), 200) << "round " << round;
    }
    EXPECT_EQ(m_store->counters().opsApplied, kDevices * 200);
    EXPECT_EQ(m_store->counters().opsDuplicate, kDevices * 200);
}

TEST_F(HttpServerPushes, APushIsAnsweredWhenWrittenNotAfterThePushQueuedBehindIt)
{
    using Clock = std::chrono::steady_clock;
    const auto first = pushBody(0, 5'000);  // long enough for the second to be queued behind it
    const auto second = pushBody(1, 2'000);
    tokenOf(1);
    auto answeredFirst = std::async(std::launch::async, [&] {
        EXPECT_EQ(push(first), 5'000);
        return Clock::now();
    });
    // The second is sent once the first has been read whole and is being handled: it is then
    // queued behind the first for the one push thread.
    for (int i = 0; i < 1000 && m_metrics.inFlight().load() == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_EQ(m_metrics.inFlight().load(), 1);
    auto answeredSecond = std::async(std::launch::async, [&] {
        EXPECT_EQ(push(second, 1), 2'000);
        return Clock::now();
    });
    const auto gap = answeredSecond.get() - answeredFirst.get();
    // The one push thread writes the second push (2,000 versions: tens of milliseconds) after the
    // first is answered. When the first push's answer was queued behind the second push's work,
    // both were answered together, a millisecond or two apart.
    EXPECT_GT(gap, std::chrono::milliseconds(10));
}

}  // namespace
}  // namespace igmc::server::test
