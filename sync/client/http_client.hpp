// A small blocking HTTP client over libcurl: one connection reused across requests (keep-alive),
// timeouts on connect and on the whole request, and network failures returned as errors rather
// than thrown. Not thread-safe: one client per thread.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace igmc::sync {

struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    [[nodiscard]] std::string header(const std::string& lowerName) const;
};

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::map<std::string, std::string> headers;
    std::string_view body;
};

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    void setTimeouts(std::chrono::milliseconds connect, std::chrono::milliseconds total);
    // Trust this CA bundle for HTTPS (default: the system's).
    void setCaFile(const std::string& path) { m_caFile = path; }
    // Unavailable when no HTTP exchange happened (refused, reset, timed out, DNS…). `stop` is asked
    // while the request runs (many times a second while bytes flow, about once a second while it
    // waits); when it says true the request is abandoned, with an Unavailable error.
    Result<HttpResponse> send(const HttpRequest& request, const std::function<bool()>& stop = {});

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    std::chrono::milliseconds m_connectTimeout{5000};
    std::chrono::milliseconds m_totalTimeout{60000};
    std::string m_caFile;
};

// "{"error":{"message":…}}" → the message; otherwise the status line.
std::string serverMessage(const HttpResponse& response);

}  // namespace igmc::sync
