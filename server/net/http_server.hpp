// The network side: an Asio acceptor and one coroutine per connection (plain HTTP, or HTTPS when a
// certificate is configured). Each connection has read/write timeouts and body limits, reads one
// request at a time (keep-alive) and hands it to handleRequest (blob downloads: handleDownload,
// streamed from the file). Nothing here knows the API. With metricsAddress set, a second listener
// serves GET /metrics only.
//
// Shutdown (stop()): stop accepting, answer new requests 503 + Connection: close, wait for
// requests in flight to finish (up to a deadline), then stop the threads.
//
// Invariants (bounded memory and descriptors whatever clients do):
//  1. A body is read only once admitBody accepted the header (token and role): a client without
//     them is answered and disconnected with the body unread. Enroll, the one route that takes a
//     body without a token, takes at most maxEnrollBodyBytes.
//  2. A blob download holds one piece (kDownloadPieceBytes) of the file in memory at a time.
//  3. Connections open <= the total cap, and per client address <= the per-client cap; one over
//     either is answered 503 (plain HTTP) or just closed (HTTPS) the moment it is accepted.
//  4. An accept that fails (out of descriptors above all) is retried after a pause that doubles
//     from 10 ms to 1 s, never at once; its log line is written at most once a second.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "http/api.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace igmc::server {

struct HttpServerOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  // 0 = any free port
    int threads = 2;
    int fileThreads = 8;  // evidence uploads and downloads (blocking file I/O and fsync)
    int pushThreads = 8;  // pushes waiting for the group commit
    std::chrono::milliseconds pushWait{30'000};  // longest wait for a place among them; then 503
    std::size_t maxBodyBytes = 8 * 1024 * 1024;       // JSON bodies (push batches)
    std::size_t maxBlobChunkBytes = 64 * 1024 * 1024;  // one PUT of evidence bytes
    std::size_t maxEnrollBodyBytes = 64 * 1024;        // the one body read without a token
    // 0 = derived at start from the descriptor limit (RLIMIT_NOFILE), keeping room for the store
    // and the evidence files (see connectionLimits()).
    int maxConnections = 0;
    int maxConnectionsPerClient = 0;  // 0 = 256, or the total cap when lower
    // Set: /metrics is served there, without a token, and not on the API's listener.
    std::string metricsAddress;
    unsigned short metricsPort = 0;
    std::chrono::seconds timeout{30};
    std::string tlsCertificateFile;  // both set = HTTPS
    std::string tlsKeyFile;
    bool logRequests = true;
};

class HttpServer {
public:
    HttpServer(ApiContext& api, HttpServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts the threads; returns the port actually bound.
    Result<unsigned short> start();
    // The metrics listener's port (after start(); 0 without one).
    [[nodiscard]] unsigned short metricsPort() const;
    struct ConnectionLimits {
        int total = 0;
        int perClient = 0;
    };
    // The caps in force (after start()).
    [[nodiscard]] ConnectionLimits connectionLimits() const;
    // Graceful drain, then joins the threads. Safe to call from any thread, more than once.
    void stop(std::chrono::milliseconds drainDeadline = std::chrono::seconds(10));
    // Blocks until stop() finished.
    void wait();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace igmc::server
