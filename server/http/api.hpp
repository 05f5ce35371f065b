// The HTTP API as a plain function from request to response: no sockets here, so every route
// is tested directly. Every error is JSON {"error":{"code","message"}} with its status from one
// table (errorStatus).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "blobs/blob_uploads.hpp"
#include "http/metrics.hpp"
#include "storage/central_store.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <string>

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
};

Response handleRequest(const Request& request, ApiContext& context);
// The device a request's bearer token belongs to (a header is enough), or 401's error.
Result<Device> authenticate(const Request& request, ApiContext& context);

// The route label used in logs and metrics ("/v1/blobs/{sha256}"), never raw ids.
std::string routeLabel(const Request& request);
unsigned errorStatus(ErrorCode code);
Response errorResponse(unsigned version, bool keepAlive, ErrorCode code, const std::string& message);

}  // namespace igmc::server
