// igmc-server as a process, under clients that try to exhaust it: large bodies without a token,
// large downloads at once, more connections than it has descriptors, paths made to break
// /metrics. Each bound is measured on the real process from outside (/proc/PID): the invariants
// of server/net/http_server.hpp (cited by number) and server/blobs/blob_uploads.hpp.
// SPDX-License-Identifier: Apache-2.0
#include "server/net/server_child.hpp"

#include "core/ids.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

namespace igmc::server::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr long kMiB = 1024;  // /proc/PID/status counts KiB

// Puts a blob straight into a server's evidence folder (as a finished upload leaves it).
std::string storeBlob(const std::string& dataDir, const std::string& bytes)
{
    const auto sha = sha256Hex(bytes);
    fs::create_directories(dataDir + "/blobs/" + sha.substr(0, 2));
    std::ofstream(dataDir + "/blobs/" + sha.substr(0, 2) + "/" + sha, std::ios::binary) << bytes;
    return sha;
}

std::string statusLine(const std::string& answer)
{
    return answer.substr(0, answer.find("\r\n"));
}

// Sends a PUT of `bodyBytes` without waiting for the server: as much of the body as the server
// takes before it closes the connection. Returns the status line it answered, if any.
std::string sendLargeBody(const ServerChild& server, const std::string& token, std::size_t bodyBytes)
{
    const int fd = server.connect();
    if (fd < 0)
        return {};
    const std::string head = "PUT /v1/blobs/" + std::string(64, 'a') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             + (token.empty() ? std::string() : "Authorization: Bearer " + token + "\r\n") + "Upload-Offset: 0\r\nUpload-Length: "
                             + std::to_string(bodyBytes) + "\r\nContent-Length: " + std::to_string(bodyBytes) + "\r\n\r\n";
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    const std::string piece(1 << 20, 'x');
    for (std::size_t sent = 0; sent < bodyBytes;) {
        const auto n = ::send(fd, piece.data(), std::min(piece.size(), bodyBytes - sent), MSG_NOSIGNAL);
        if (n <= 0)
            break;  // the server closed the connection
        sent += static_cast<std::size_t>(n);
    }
    std::string answer(512, '\0');
    const auto got = ::recv(fd, answer.data(), answer.size(), 0);
    ::close(fd);
    return got > 0 ? statusLine(answer.substr(0, static_cast<std::size_t>(got))) : std::string();
}

// Downloads a blob over a raw socket, keeping none of it; returns the body's length.
std::uint64_t download(const ServerChild& server, const std::string& token, const std::string& sha)
{
    const int fd = server.connect();
    const std::string request = "GET /v1/blobs/" + sha + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::vector<char> chunk(1 << 16);
    std::string head;
    std::uint64_t body = 0;
    ssize_t got = 0;
    while ((got = ::recv(fd, chunk.data(), chunk.size(), 0)) > 0) {
        if (head.find("\r\n\r\n") == std::string::npos) {
            head.append(chunk.data(), static_cast<std::size_t>(got));
            const auto end = head.find("\r\n\r\n");
            if (end != std::string::npos)
                body += head.size() - end - 4;
        } else {
            body += static_cast<std::uint64_t>(got);
        }
        std::this_thread::sleep_for(100us);  // a slow reader: the downloads overlap
    }
    ::close(fd);
    return body;
}

// Invariant 1: six clients without a token each send a 60 MiB blob body. The server answers 401
// on the header and reads none of it (before, its RSS grew by 360 MiB).
TEST(ServerLimits, LargeBodiesWithoutATokenLeaveTheServersMemoryBounded)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    ServerChild server(data);
    ASSERT_TRUE(server.answers());
    const long before = server.statusKiB("VmRSS");
    std::vector<std::future<std::string>> senders;
    for (int i = 0; i < 6; ++i)
        senders.push_back(std::async(std::launch::async, [&] { return sendLargeBody(server, "", 60u << 20); }));
    for (auto& s : senders) {
        const auto status = s.get();
        EXPECT_TRUE(status.empty() || status == "HTTP/1.1 401 Unauthorized") << status;
    }
    ASSERT_TRUE(server.answers());
    const long peak = server.statusKiB("VmHWM");
    std::cout << "[ figures  ] RSS before " << before / kMiB << " MiB, peak after six 60 MiB bodies without a token " << peak / kMiB << " MiB\n";
    EXPECT_LT(peak - before, 16 * kMiB);
}

// Invariant 1 for a token whose role may not upload: 403 on the header, the body unread.
TEST(ServerLimits, ABlobPutFromAReviewerIsRefusedOnItsHeader)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    ServerChild server(data);
    ASSERT_TRUE(server.answers());
    const auto reviewer = server.tokenFor(server.enrollAdmin(data), "reviewer");
    const int fd = server.connect();
    const std::string head = "PUT /v1/blobs/" + std::string(64, 'b') + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + reviewer
                             + "\r\nUpload-Offset: 0\r\nUpload-Length: 1000000\r\nContent-Length: 1000000\r\n\r\n";
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    std::string answer(1024, '\0');
    const auto got = ::recv(fd, answer.data(), answer.size(), 0);  // the body was never sent
    ::close(fd);
    answer.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    EXPECT_EQ(statusLine(answer), "HTTP/1.1 403 Forbidden");
    EXPECT_NE(answer.find(R"({"error":{"code":"forbidden","message":"a reviewer device may not upload evidence"}})"), std::string::npos) << answer;
}

// Invariant 2: four downloads of a 64 MiB blob at once (before, each was read whole into memory).
TEST(ServerLimits, ConcurrentLargeDownloadsLeaveTheServersMemoryBounded)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    std::string bytes(64u << 20, '\0');
    for (std::size_t i = 0; i < bytes.size(); i += 4096)
        bytes[i] = static_cast<char>(i / 4096);
    const auto sha = storeBlob(data, bytes);
    bytes = {};
    ServerChild server(data);
    ASSERT_TRUE(server.answers());
    const auto admin = server.enrollAdmin(data);
    const long before = server.statusKiB("VmRSS");
    std::vector<std::future<std::uint64_t>> downloads;
    for (int i = 0; i < 4; ++i)
        downloads.push_back(std::async(std::launch::async, [&] { return download(server, admin, sha); }));
    for (auto& d : downloads)
        EXPECT_EQ(d.get(), 64u << 20);
    const long peak = server.statusKiB("VmHWM");
    std::cout << "[ figures  ] RSS before " << before / kMiB << " MiB, peak during four 64 MiB downloads " << peak / kMiB << " MiB\n";
    EXPECT_LT(peak - before, 16 * kMiB);
}

TEST(ServerLimits, ARangeDownloadReturnsThoseBytesAndOnePastTheEndIsRefused)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    std::string bytes(1 << 20, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>(i * 7 + i / 251);
    const auto sha = storeBlob(data, bytes);
    ServerChild server(data);
    ASSERT_TRUE(server.answers());
    const auto admin = server.enrollAdmin(data);
    sync::HttpClient http;
    const auto get = [&](const std::string& range) {
        std::map<std::string, std::string> headers{{"Authorization", "Bearer " + admin}};
        if (!range.empty())
            headers["Range"] = range;
        auto response = http.send({"GET", server.url() + "/v1/blobs/" + sha, headers, {}});
        EXPECT_TRUE(response);
        return response ? *response : sync::HttpResponse{};
    };
    const auto part = get("bytes=1000-1999");
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.header("content-range"), "bytes 1000-1999/1048576");
    EXPECT_EQ(part.body, bytes.substr(1000, 1000));
    const auto tail = get("bytes=-10");
    EXPECT_EQ(tail.status, 206);
    EXPECT_EQ(tail.body, bytes.substr(bytes.size() - 10));
    const auto whole = get("");
    EXPECT_EQ(whole.status, 200);
    EXPECT_EQ(whole.header("accept-ranges"), "bytes");
    EXPECT_TRUE(whole.body == bytes);
    const auto past = get("bytes=1048576-");
    EXPECT_EQ(past.status, 416);
    EXPECT_EQ(past.header("content-range"), "bytes */1048576");
    EXPECT_NE(past.body.find(R"("code":"invalid_argument")"), std::string::npos) << past.body;
}

// Invariant 4: 300 idle connections against 128 descriptors, with caps too high to help, so the
// accept loop does run out. Before, it retried at once: a core's worth of CPU and 27 MB of log a
// second.
TEST(ServerLimits, OutOfDescriptorsTheAcceptLoopBacksOffAndRecovers)
{
    igmc::test::TempDir dir;
    ServerChild server(dir.path("server"), {"--max-connections", "100000", "--max-connections-per-client", "100000", "--timeout-seconds", "60"}, 128);
    ASSERT_TRUE(server.answers());
    std::vector<int> idle;
    for (int i = 0; i < 300; ++i)
        idle.push_back(server.connect());
    std::this_thread::sleep_for(500ms);
    const double cpu = server.cpuSeconds();
    const auto log = server.logBytes();
    std::this_thread::sleep_for(3s);
    const double cpuUsed = server.cpuSeconds() - cpu;
    const auto logged = server.logBytes() - log;
    std::cout << "[ figures  ] out of descriptors for 3 s: " << cpuUsed << " s of CPU, " << logged << " bytes of log\n";
    EXPECT_LT(cpuUsed, 0.3);
    EXPECT_LT(logged, 2'000U);  // a line a second, at most
    EXPECT_NE(server.log().find(R"("msg":"accept failed")"), std::string::npos);
    for (int fd : idle)
        ::close(fd);
    EXPECT_TRUE(server.answers(3s));
}

// Invariant 3: the caps derived from 128 descriptors are far below 300; the connections over
// them are told 503 at once and closed, and the server is idle meanwhile.
TEST(ServerLimits, ConnectionsOverTheCapAreAnswered503AndClosed)
{
    igmc::test::TempDir dir;
    ServerChild server(dir.path("server"), {"--timeout-seconds", "60"}, 128);
    ASSERT_TRUE(server.answers());
    std::vector<int> idle;
    for (int i = 0; i < 300; ++i)
        idle.push_back(server.connect());
    std::string answer(512, '\0');
    const auto got = ::recv(idle.back(), answer.data(), answer.size(), 0);
    EXPECT_EQ(statusLine(answer.substr(0, got > 0 ? static_cast<std::size_t>(got) : 0)), "HTTP/1.1 503 Service Unavailable");
    EXPECT_NE(answer.find("too many connections"), std::string::npos);
    const double cpu = server.cpuSeconds();
    const auto log = server.logBytes();
    std::this_thread::sleep_for(1100ms);
    EXPECT_LT(server.cpuSeconds() - cpu, 0.2);
    EXPECT_LT(server.logBytes() - log, 1'000U);
    // The next refusal's line counts those held back since the first (284, less any of the 300
    // connections the server had not yet seen closed by the first /healthz).
    idle.push_back(server.connect());
    ASSERT_GT(::recv(idle.back(), answer.data(), answer.size(), 0), 0);
    std::this_thread::sleep_for(100ms);
    EXPECT_TRUE(std::regex_search(server.log(), std::regex(R"("msg":"connection refused: too many open".*"repeated":28[3-5])"))) << server.log();
    for (int fd : idle)
        ::close(fd);
    EXPECT_TRUE(server.answers(3s));
}

// Every line of a Prometheus text exposition that is not a comment: name{label="value",…} value.
bool isValidExposition(const std::string& text, std::string& bad)
{
    static const std::regex sample(R"re(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(\\[\\"n]|[^"\\])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(\\[\\"n]|[^"\\])*")*\})? [-+]?([0-9.]+([eE][-+]?[0-9]+)?|Inf|NaN)$)re");
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

// Paths with quotes, braces and backslashes, each new: /metrics stays valid Prometheus text,
// with one series for all of them, and only an admin reads it.
TEST(ServerLimits, HostilePathsNeitherBreakNorGrowTheMetrics)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    ServerChild server(data);
    ASSERT_TRUE(server.answers());
    const auto admin = server.enrollAdmin(data);
    const auto reviewer = server.tokenFor(admin, "reviewer");
    const auto hostile = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            const auto path = "/x\"}" + std::to_string(i) + "{a=\"\\\"/v1/assessments/" + std::to_string(i) + "/\"{}";
            const auto answer = server.exchange("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            ASSERT_EQ(statusLine(answer), "HTTP/1.1 404 Not Found") << path;  // routed, so counted
        }
    };
    sync::HttpClient http;
    const auto metrics = [&](const std::string& token) {
        auto response = http.send({"GET", server.url() + "/metrics", {{"Authorization", "Bearer " + token}}, {}});
        EXPECT_TRUE(response);
        return response ? *response : sync::HttpResponse{};
    };
    hostile(0, 20);
    ASSERT_EQ(metrics(admin).status, 200);  // /metrics's own series, before the one compared
    const auto first = metrics(admin);
    ASSERT_EQ(first.status, 200);
    hostile(20, 400);
    const auto second = metrics(admin);
    ASSERT_EQ(second.status, 200);
    std::string bad;
    EXPECT_TRUE(isValidExposition(second.body, bad)) << bad;
    EXPECT_EQ(std::count(first.body.begin(), first.body.end(), '\n'), std::count(second.body.begin(), second.body.end(), '\n'));
    EXPECT_LT(second.body.size(), first.body.size() + 100);  // only counters grew a digit or two
    EXPECT_NE(second.body.find(R"(route="other")"), std::string::npos);
    const auto refused = metrics(reviewer);
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find(R"("code":"forbidden")"), std::string::npos) << refused.body;
    EXPECT_EQ(http.send({"GET", server.url() + "/metrics", {}, {}})->status, 401);
}

// With --metrics-listen, /metrics is there without a token, and not on the API's listener.
TEST(ServerLimits, MetricsOnTheirOwnListenerAreServedThereOnly)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    const auto metricsPort = igmc::test::freeLoopbackPort();
    ServerChild server(data, {"--metrics-listen", "127.0.0.1:" + std::to_string(metricsPort)});
    ASSERT_TRUE(server.answers());
    const auto admin = server.enrollAdmin(data);
    sync::HttpClient http;
    const auto own = http.send({"GET", "http://127.0.0.1:" + std::to_string(metricsPort) + "/metrics", {}, {}});
    ASSERT_TRUE(own);
    EXPECT_EQ(own->status, 200);
    EXPECT_NE(own->body.find("igmc_http_requests_total"), std::string::npos);
    EXPECT_EQ(http.send({"GET", "http://127.0.0.1:" + std::to_string(metricsPort) + "/healthz", {}, {}})->status, 404);
    EXPECT_EQ(http.send({"GET", server.url() + "/metrics", {{"Authorization", "Bearer " + admin}}, {}})->status, 404);
}

// BlobUploads invariant 5: temporary files of writes a killed server never finished go at the
// next start; a parked upload (resumable) stays.
TEST(ServerLimits, TemporaryUploadFilesLeftOverAreRemovedAtStart)
{
    igmc::test::TempDir dir;
    const auto data = dir.path("server");
    {
        ServerChild first(data);
        ASSERT_TRUE(first.answers());
    }
    const std::string parked = data + "/blobs/partial/" + std::string(64, 'c');
    std::ofstream(data + "/blobs/tmp/0190a0b0-0000-7000-8000-000000000000.part", std::ios::binary) << std::string(1 << 20, 't');
    std::ofstream(parked, std::ios::binary) << std::string(1000, 'p');
    std::ofstream(data + "/blobs/partial/" + std::string(64, 'd') + ".device") << "gone\n";
    ServerChild second(data);
    ASSERT_TRUE(second.answers());
    EXPECT_TRUE(fs::is_empty(data + "/blobs/tmp"));
    EXPECT_TRUE(fs::exists(parked));
    EXPECT_FALSE(fs::exists(data + "/blobs/partial/" + std::string(64, 'd') + ".device"));
    EXPECT_NE(second.log().find("removed leftover upload files"), std::string::npos) << second.log();
}

}  // namespace
}  // namespace igmc::server::test
