// SPDX-License-Identifier: Apache-2.0
#include "client/http_client.hpp"

#include <boost/json/parse.hpp>
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <optional>

namespace igmc::sync {

namespace {

std::once_flag g_curlInit;

// A body is kept in one string of its announced length: grown piece by piece, a 3 MB page was
// copied about twice over, and on the huge pages the allocator is tuned to (allocator_tuning.hpp)
// every larger copy first had fresh pages zeroed. At most kMaxReserve whatever a server (or a
// captive portal) announces; a longer body still grows as it comes.
constexpr curl_off_t kMaxReserve = 16 * 1024 * 1024;

struct BodySink {
    CURL* curl;
    std::string* body;
};

// libcurl's callbacks run inside its C code, which an exception must not cross: a body or a header
// that cannot be kept (no memory) stops the transfer instead (CURLE_WRITE_ERROR).
size_t writeBody(char* data, size_t size, size_t count, void* user) noexcept
try {
    auto& sink = *static_cast<BodySink*>(user);
    if (sink.body->empty()) {
        curl_off_t length = -1;
        if (curl_easy_getinfo(sink.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length > 0)
            sink.body->reserve(static_cast<std::size_t>(std::min(length, kMaxReserve)));
    }
    sink.body->append(data, size * count);
    return size * count;
} catch (...) {
    return 0;
}

size_t writeHeader(char* data, size_t size, size_t count, void* user) noexcept
try {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    const std::string_view line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        auto value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
            value.remove_suffix(1);
        headers[name] = std::string(value);
    }
    return size * count;
} catch (...) {
    return 0;
}

int stopRequested(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) noexcept
try {
    return (*static_cast<const std::function<bool()>*>(user))() ? 1 : 0;
} catch (...) {
    return 1;
}

// The first of these environment variables that is set, or "".
std::string environment(const char* name, const char* alternative = nullptr)
{
    for (const char* variable : {name, alternative}) {
        if (const char* value = variable ? std::getenv(variable) : nullptr; value && *value)
            return value;
    }
    return {};
}

// What a user can do about a certificate the client would not trust; nullopt for other failures.
std::optional<std::string> trustFailure(CURLcode code, const std::string& caFile)
{
    const std::string trusted = caFile.empty() ? "the system's certificate authorities" : "the certificate authority in " + caFile;
    switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
        return "the server's certificate is not signed by " + trusted
               + " (or names another host); give the CA that signed it with --ca-file, or set SSL_CERT_FILE";
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return std::string("the server's key is not the pinned one: this may not be your server; check --pin with its administrator");
    case CURLE_SSL_CACERT_BADFILE:
        return "cannot read the CA file " + caFile + " (a PEM file of certificates is expected)";
    default: return std::nullopt;
    }
}
}  // namespace

struct HttpClient::Handle {
    CURL* curl = nullptr;
    ~Handle()
    {
        if (curl)
            curl_easy_cleanup(curl);
    }
};

std::string HttpResponse::header(const std::string& lowerName) const
{
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

HttpClient::HttpClient() : m_handle(std::make_unique<Handle>())
{
    std::call_once(g_curlInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_handle->curl = curl_easy_init();
}

HttpClient::~HttpClient() = default;

void HttpClient::setTimeouts(std::chrono::milliseconds connect, std::chrono::milliseconds total)
{
    m_connectTimeout = connect;
    m_totalTimeout = total;
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request, const std::function<bool()>& stop)
{
    CURL* curl = m_handle->curl;
    if (!curl)
        return makeError(ErrorCode::Internal, "libcurl could not be initialised");
    curl_easy_reset(curl);
    HttpResponse response;
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_connectTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_totalTimeout.count()));
    BodySink sink{curl, &response.body};
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, writeHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    if (stop) {
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stopRequested);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &stop);
    }
    const std::string caFile = !m_trust.caFile.empty() ? m_trust.caFile : environment("SSL_CERT_FILE", "CURL_CA_BUNDLE");
    if (!caFile.empty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.c_str());
    if (const std::string caDir = environment("SSL_CERT_DIR"); m_trust.caFile.empty() && !caDir.empty())
        curl_easy_setopt(curl, CURLOPT_CAPATH, caDir.c_str());
    if (!m_trust.pinnedKey.empty())
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, m_trust.pinnedKey.c_str());
    if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method != "GET") {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    for (const auto& [name, value] : request.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code == CURLE_ABORTED_BY_CALLBACK)
        return makeError(ErrorCode::Unavailable, "the request was stopped before the server answered", request.url);
    if (auto untrusted = trustFailure(code, caFile))
        return makeError(ErrorCode::InvalidArgument, *untrusted, request.url);
    if (code != CURLE_OK)
        return makeError(ErrorCode::Unavailable, std::string("cannot reach the server: ") + curl_easy_strerror(code), request.url);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

std::string serverMessage(const HttpResponse& response)
{
    boost::system::error_code ec;
    const auto json = boost::json::parse(response.body, ec);
    if (!ec && json.is_object()) {
        if (const auto* error = json.get_object().if_contains("error"); error && error->is_object()) {
            if (const auto* message = error->get_object().if_contains("message"); message && message->is_string())
                return std::string(message->get_string());
        }
    }
    return "HTTP " + std::to_string(response.status);
}

}  // namespace igmc::sync
