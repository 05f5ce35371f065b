// The HTTP API as a plain function from request to response: no sockets here, so every route
// is tested directly. Every error is JSON {"error":{"code","message"}} with its status from one
// table (errorStatus).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "blobs/blob_uploads.hpp"
#include "http/metrics.hpp"
#include "storage/central_store.hpp"

#include <boost/beast/core/file.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <string>
#include <variant>

namespace igmc::server {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct ApiLimits {
    std::int64_t maxPullLimit = 5'000;
    std::int64_t maxInFlight = 512;  // beyond this, 503 with Retry-After (back-pressure)
};

struct ApiContext {
    CentralStore& store;
    BlobUploads& blobs;
    Metrics& metrics;
    ApiLimits limits;
    std::atomic<bool>* draining = nullptr;  // set during shutdown: new work gets 503
    // Set when /metrics has a listener of its own (--metrics-listen): the API's listener then
    // answers 404 there. Otherwise /metrics takes an admin token.
    bool metricsOnOwnListener = false;
};

// A blob GET as the HTTP server answers it: the response's header (200, or 206 with Content-Range;
// Content-Length set) and the open file whose bytes [first, first + length) follow it. The bytes are
// never read whole into memory: the server sends them from the file a piece at a time.
struct BlobDownload {
    boost::beast::http::response<boost::beast::http::buffer_body> response;  // its body is set piece by piece
    boost::beast::file file;
    std::uint64_t first = 0;
    std::uint64_t length = 0;
};

Response handleRequest(const Request& request, ApiContext& context);
// GET /v1/blobs/{sha256}: an error response, or the file to stream. (handleRequest answers the
// same request with the bytes in memory; only in-process callers use that.)
bool isBlobDownload(const Request& request);
std::variant<Response, BlobDownload> handleDownload(const Request& request, ApiContext& context);
// The Prometheus text, for the metrics listener (no token asked there).
Response metricsResponse(const Request& request, ApiContext& context);
// The device a request's bearer token belongs to (a header is enough), or 401's error.
Result<Device> authenticate(const Request& request, ApiContext& context);
// Whether a request's body may be read, decided on its header alone: a body goes only to a device
// whose token and role the route accepts (enroll, which makes the token, excepted). So a client
// without them cannot make the server read, and hold, a body: its request is answered (401/403)
// and the connection closed. Requests that send no body pass here and are checked by the route.
Result<void> admitBody(const Request& header, ApiContext& context);

// The route label used in logs and metrics ("/v1/blobs/{sha256}"), never raw ids.
std::string routeLabel(const Request& request);
unsigned errorStatus(ErrorCode code);
Response errorResponse(unsigned version, bool keepAlive, ErrorCode code, const std::string& message);

}  // namespace igmc::server
