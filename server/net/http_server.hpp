// The network side: an Asio acceptor and one coroutine per connection (plain HTTP, or HTTPS when a
// certificate is configured). Each connection has read/write timeouts and body limits, reads one
// request at a time (keep-alive) and hands it to handleRequest. Nothing here knows the API.
//
// Shutdown (stop()): stop accepting, answer new requests 503 + Connection: close, wait for
// requests in flight to finish (up to a deadline), then stop the threads.
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
    // Graceful drain, then joins the threads. Safe to call from any thread, more than once.
    void stop(std::chrono::milliseconds drainDeadline = std::chrono::seconds(10));
    // Blocks until stop() finished.
    void wait();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace igmc::server
