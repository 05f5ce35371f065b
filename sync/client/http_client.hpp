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

// Whom to trust for HTTPS. A CA file (PEM) replaces the system's authorities, for a server whose
// certificate a private CA signed; without one, SSL_CERT_FILE / CURL_CA_BUNDLE (and SSL_CERT_DIR)
// are honoured as curl's own tool does. A pinned key ("sha256//<base64 of the SPKI hash>", as
// curl and `igmc-server` print it) must also match the server's certificate.
struct TlsTrust {
    std::string caFile;
    std::string pinnedKey;
};

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    void setTimeouts(std::chrono::milliseconds connect, std::chrono::milliseconds total);
    void setTrust(TlsTrust trust) { m_trust = std::move(trust); }
    // Unavailable when no HTTP exchange happened (refused, reset, timed out, DNS…); InvalidArgument
    // when the server's certificate is not trusted (not worth retrying). `stop` is asked
    // while the request runs (many times a second while bytes flow, about once a second while it
    // waits); when it says true the request is abandoned, with an Unavailable error.
    Result<HttpResponse> send(const HttpRequest& request, const std::function<bool()>& stop = {});

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    std::chrono::milliseconds m_connectTimeout{5000};
    std::chrono::milliseconds m_totalTimeout{60000};
    TlsTrust m_trust;
};

// "{"error":{"message":…}}" → the message; otherwise the status line.
std::string serverMessage(const HttpResponse& response);

}  // namespace igmc::sync
