// Helpers the API's route files share: path and query parsing, JSON and error responses, roles.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "http/api.hpp"

#include <boost/json/object.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::server::api_detail {

std::vector<std::string_view> segments(std::string_view path);
std::string_view pathOf(const Request& request);
std::optional<std::string> queryParameter(const Request& request, std::string_view name);
std::optional<std::int64_t> toInteger(std::string_view text);
Response jsonResponse(const Request& request, boost::beast::http::status status, const boost::json::value& body);
Response textResponse(const Request& request, boost::beast::http::status status, std::string body, const char* contentType);
Response fail(const Request& request, const Error& error);
Response fail(const Request& request, ErrorCode code, const std::string& message);
Result<boost::json::object> jsonBody(const Request& request);
bool hasRole(const Device& device, std::initializer_list<Role> roles);
Error roleError(const Device& device, const std::string& what);

// Programme routes (programme_api.cpp): survey results, survey-based observations, training days.
Response surveyRoutes(const Request& request, ApiContext& context, const Device& device, const std::vector<std::string_view>& parts);
Response partnerRoutes(const Request& request, ApiContext& context, const Device& device, const std::vector<std::string_view>& parts);
// Admin routes for memberships, payments and training visits; nullopt when the route is not one of them.
std::optional<Response> adminProgrammeRoutes(const Request& request, ApiContext& context, std::string_view what,
                                             const boost::json::object& body);

}  // namespace igmc::server::api_detail
