// SPDX-License-Identifier: Apache-2.0
#include "http/api.hpp"

#include "http/api_detail.hpp"
#include "http/byte_range.hpp"

#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "core/json_text.hpp"
#include "protocol/direct_decoder.hpp"
#include "store/record_json.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <vector>

extern const char* const kOpenApiDocument;  // openapi_document.cpp

namespace igmc::server {

namespace http = boost::beast::http;

namespace api_detail {

std::vector<std::string_view> segments(std::string_view path)
{
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto end = path.find('/');
        parts.push_back(path.substr(0, end));
        path.remove_prefix(end == std::string_view::npos ? path.size() : end);
    }
    return parts;
}

std::string_view pathOf(const Request& request)
{
    const std::string_view target = request.target();
    return target.substr(0, target.find('?'));
}

std::optional<std::string> queryParameter(const Request& request, std::string_view name)
{
    const std::string_view target = request.target();
    const auto q = target.find('?');
    if (q == std::string_view::npos)
        return std::nullopt;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return std::string(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    }
    return std::nullopt;
}

std::optional<std::int64_t> toInteger(std::string_view text)
{
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

Response jsonResponse(const Request& request, http::status status, const boost::json::value& body)
{
    Response response{status, request.version()};
    response.set(http::field::content_type, "application/json");
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(request.keep_alive());
    response.body() = boost::json::serialize(body);
    response.prepare_payload();
    return response;
}

Response textResponse(const Request& request, http::status status, std::string body, const char* contentType)
{
    Response response{status, request.version()};
    response.set(http::field::content_type, contentType);
    response.keep_alive(request.keep_alive());
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

Response fail(const Request& request, const Error& error)
{
    return errorResponse(request.version(), request.keep_alive(), error.code, error.message);
}

Response fail(const Request& request, ErrorCode code, const std::string& message)
{
    return errorResponse(request.version(), request.keep_alive(), code, message);
}

Result<boost::json::object> jsonBody(const Request& request)
{
    auto parsed = json_text::parseBody(request.body());
    if (!parsed)
        return parsed.error();
    auto& value = *parsed;
    if (!value.is_object())
        return makeError(ErrorCode::InvalidArgument, "the body must be a JSON object");
    return std::move(value.get_object());
}

bool hasRole(const Device& device, std::initializer_list<Role> roles)
{
    return std::find(roles.begin(), roles.end(), device.role) != roles.end();
}

Error roleError(const Device& device, const std::string& what)
{
    return makeError(ErrorCode::Forbidden, "a " + std::string(toString(device.role)) + " device may not " + what);
}

}  // namespace api_detail

using namespace api_detail;

namespace {

constexpr std::size_t kMaxBlobStatus = 5'000;  // as many as a push batch may name


boost::json::object deviceJson(const Device& device)
{
    return {{"device_id", device.id}, {"name", device.name}, {"role", toString(device.role)}, {"scope", device.scope.toJson()},
            {"revoked", device.revoked}};
}

// What administrators see of a device: also its last sync and the pulled ops it keeps aside.
boost::json::object deviceStateJson(const Device& device)
{
    auto json = deviceJson(device);
    json["last_sync_at"] = device.lastSyncAt.empty() ? boost::json::value(nullptr) : boost::json::value(device.lastSyncAt);
    boost::system::error_code ec;
    auto problems = boost::json::parse(device.problemsJson, ec);
    json["problems"] = !ec && problems.is_array() ? std::move(problems) : boost::json::array();
    return json;
}

constexpr std::size_t kMaxReportedProblems = 100;
constexpr std::size_t kMaxReasonBytes = 500;

// POST /v1/sync/report: {"aside": [{"seq", "op_id", "reason", "attempts"}]}, at most 100, kept
// as sent (reasons cut to 500 bytes) for administrators; an empty list says all is well.
Response syncReport(const Request& request, ApiContext& context, const Device& device)
{
    auto body = jsonBody(request);
    if (!body)
        return fail(request, body.error());
    const auto* aside = body->if_contains("aside");
    if (!aside || !aside->is_array() || aside->get_array().size() > kMaxReportedProblems)
        return fail(request, ErrorCode::InvalidArgument,
                    "send {\"aside\": [{\"seq\", \"op_id\", \"reason\", \"attempts\"}]} with at most " + std::to_string(kMaxReportedProblems) + " entries");
    boost::json::array kept;
    for (const auto& entry : aside->get_array()) {
        const auto* object = entry.if_object();
        const auto* seq = object ? object->if_contains("seq") : nullptr;
        const auto* opId = object ? object->if_contains("op_id") : nullptr;
        const auto* reason = object ? object->if_contains("reason") : nullptr;
        const auto* attempts = object ? object->if_contains("attempts") : nullptr;
        if (!seq || !seq->is_int64() || !opId || !opId->is_string() || !reason || !reason->is_string() || !attempts || !attempts->is_int64())
            return fail(request, ErrorCode::InvalidArgument, "each entry of aside names seq, op_id, reason and attempts");
        kept.push_back(boost::json::object{{"seq", *seq},
                                           {"op_id", std::string(opId->get_string()).substr(0, 64)},
                                           {"reason", std::string(reason->get_string()).substr(0, kMaxReasonBytes)},
                                           {"attempts", *attempts}});
    }
    if (auto noted = context.store.noteSyncReport(device, boost::json::serialize(kept)); !noted)
        return fail(request, noted.error());
    return jsonResponse(request, http::status::ok, boost::json::object{{"noted", kept.size()}});
}

// Who may use the evidence routes and the admin API. admitBody asks the same on a request's
// header, before its body is read, so the two never disagree.
std::optional<Error> evidenceRoleError(const Device& device, http::verb method, bool statusList)
{
    if (device.role == Role::Kiosk)
        return roleError(device, "read or write evidence");
    if (!statusList && method == http::verb::put && device.role == Role::Reviewer)
        return roleError(device, "upload evidence");
    return std::nullopt;
}

std::optional<Error> adminRoleError(const Device& device)
{
    if (device.role != Role::Admin)
        return roleError(device, "use the admin API");
    return std::nullopt;
}

// ---- Routes

Response enroll(const Request& request, ApiContext& context)
{
    auto body = jsonBody(request);
    if (!body)
        return fail(request, body.error());
    const auto* code = body->if_contains("code");
    if (!code || !code->is_string() || code->get_string().empty())
        return fail(request, ErrorCode::InvalidArgument, "send {\"code\": \"XXXX-XXXX-XXXX-XXXX\", \"device_name\": \"…\"}");
    std::string name = "device";
    if (const auto* n = body->if_contains("device_name"); n && n->is_string())
        name = std::string(n->get_string()).substr(0, 120);
    auto enrolled = context.store.enroll(std::string(code->get_string()), name);
    if (!enrolled)
        return fail(request, enrolled.error());
    auto json = deviceJson(enrolled->device);
    json["token"] = enrolled->token;
    return jsonResponse(request, http::status::created, json);
}

Response push(const Request& request, ApiContext& context, const Device& device)
{
    auto decoded = sync::decodePush(request.body());
    if (!decoded)
        return fail(request, decoded.error());
    const std::string afterOp(request["Sync-After-Op"]);
    if (!afterOp.empty() && !isUuid(afterOp))
        return fail(request, ErrorCode::InvalidArgument, "Sync-After-Op names the last op of the batch sent before this one: an op id (a UUID)");
    // A device that takes early acks may have its push acknowledged once it is durable, before it
    // is applied (sync/README.md).
    const bool earlyAck = request["Sync-Early-Ack"] == "1";
    auto acks = context.store.push(device, decoded->request.ops, std::move(decoded->records), afterOp,
                                   earlyAck ? std::string_view(request.body()) : std::string_view());
    if (!acks)
        return fail(request, acks.error());
    // Ops accepted early count as applied: the store applies each of them once.
    std::uint64_t applied = acks->accepted ? acks->accepted->ops : 0;
    std::uint64_t duplicates = 0;
    for (const auto& ack : acks->acks)
        ++(ack.status == sync::AckStatus::Applied ? applied : duplicates);
    context.metrics.addOpsApplied(applied, duplicates);
    context.metrics.addPushAnswered(acks->accepted.has_value());
    auto response = textResponse(request, http::status::ok, sync::encode(*acks), "application/json");
    response.set("Sync-Pipelining", "1");  // a device may send its next batch before this answer, naming this one
    return response;
}

Response pull(const Request& request, ApiContext& context, const Device& device)
{
    const auto after = toInteger(queryParameter(request, "after").value_or("0"));
    const auto limit = toInteger(queryParameter(request, "limit").value_or("1000"));
    if (!after || *after < 0 || !limit || *limit < 1 || *limit > context.limits.maxPullLimit)
        return fail(request, ErrorCode::InvalidArgument,
                    "pull takes after=<sequence ≥ 0> and limit=<1–" + std::to_string(context.limits.maxPullLimit) + ">");
    // Scope changes (sync/README.md): a device whose epoch is behind the server's is sent back to
    // the log's start, so it receives what became visible with the records it depends on; what it
    // already holds applies again as no change. A device that names no epoch is never sent back.
    auto epoch = context.store.scopeEpoch(device);
    if (!epoch)
        return fail(request, epoch.error());
    const auto devicesEpoch = toInteger(std::string(request["Sync-Scope-Epoch"]));
    if (devicesEpoch && *devicesEpoch < *epoch && *after > 0) {
        sync::PullResponse rewind;
        rewind.next = 0;
        rewind.more = true;
        auto response = textResponse(request, http::status::ok, sync::encode(rewind), "application/json");
        response.set("Sync-Next", "0");
        response.set("Sync-More", "true");
        response.set("Sync-Scope-Epoch", std::to_string(*epoch));
        return response;
    }
    auto page = context.store.pullEncoded(device, *after, *limit);
    if (!page)
        return fail(request, page.error());
    auto response = textResponse(request, http::status::ok, std::move(page->body), "application/json");
    // The cursor again, in headers: a client can ask for the next page before it decodes this one.
    response.set("Sync-Next", std::to_string(page->next));
    response.set("Sync-More", page->more ? "true" : "false");
    response.set("Sync-Scope-Epoch", std::to_string(*epoch));
    return response;
}

// How much of each of a list of blobs the server holds: what HEAD says of one, for a batch's
// evidence in one request.
Response blobStatus(const Request& request, ApiContext& context)
{
    auto body = jsonBody(request);
    if (!body)
        return fail(request, body.error());
    const auto* list = body->if_contains("sha256");
    if (!list || !list->is_array() || list->get_array().size() > kMaxBlobStatus)
        return fail(request, ErrorCode::InvalidArgument,
                    "send {\"sha256\": [...]} with up to " + std::to_string(kMaxBlobStatus) + " SHA-256 hashes");
    boost::json::array blobs;
    blobs.reserve(list->get_array().size());
    for (const auto& item : list->get_array()) {
        if (!item.is_string())
            return fail(request, ErrorCode::InvalidArgument, "sha256 lists hashes as strings");
        const std::string sha(item.get_string());
        auto state = context.blobs.state(sha);
        if (!state)
            return fail(request, state.error());
        blobs.push_back(boost::json::object{{"sha256", sha}, {"held", state->held}, {"complete", state->complete}});
    }
    return jsonResponse(request, http::status::ok, boost::json::object{{"blobs", std::move(blobs)}});
}

// The header of a blob's download and the open file, or the error to answer instead.
std::variant<Response, BlobDownload> openDownload(const Request& request, ApiContext& context, const std::string& sha)
{
    auto state = context.blobs.state(sha);
    if (!state)
        return fail(request, state.error());
    if (!state->complete)
        return fail(request, ErrorCode::NotFound, "the server does not hold this blob (yet)");
    BlobDownload download;
    boost::system::error_code ec;
    download.file.open(context.blobs.blobs().pathOf(sha).c_str(), boost::beast::file_mode::scan, ec);
    const auto size = ec ? 0 : download.file.size(ec);
    if (ec)
        return fail(request, ErrorCode::IoError, "cannot read the blob: " + ec.message());
    const auto range = resolveRange(request[http::field::range], size);
    if (std::holds_alternative<Unsatisfiable>(range)) {
        auto refused = fail(request, ErrorCode::InvalidArgument,
                            "the range \"" + std::string(request[http::field::range]) + "\" is outside the blob's " + std::to_string(size) + " bytes");
        refused.result(http::status::range_not_satisfiable);
        refused.set(http::field::content_range, "bytes */" + std::to_string(size));
        return refused;
    }
    auto& response = download.response;
    response.version(request.version());
    response.set(http::field::content_type, "application/octet-stream");
    response.set(http::field::accept_ranges, "bytes");
    download.length = size;
    if (const auto* part = std::get_if<ByteRange>(&range)) {
        response.result(http::status::partial_content);
        response.set(http::field::content_range, "bytes " + std::to_string(part->first) + "-" + std::to_string(part->first + part->length - 1) + "/"
                                                     + std::to_string(size));
        download.first = part->first;
        download.length = part->length;
    }
    response.keep_alive(request.keep_alive());
    response.content_length(download.length);
    return download;
}

// A download's bytes in memory, for in-process callers of handleRequest (the HTTP server streams).
Response readWhole(const Request& request, BlobDownload download)
{
    Response response{download.response.result(), request.version()};
    for (const auto& field : download.response)
        response.set(field.name_string(), field.value());
    response.body().resize(download.length);
    boost::system::error_code ec;
    download.file.seek(download.first, ec);
    std::size_t got = 0;
    while (!ec && got < download.length) {
        const auto n = download.file.read(response.body().data() + got, download.length - got, ec);
        if (n == 0)
            break;
        got += n;
    }
    if (ec || got != download.length)
        return fail(request, ErrorCode::IoError, "cannot read the blob" + (ec ? ": " + ec.message() : std::string()));
    return response;
}

Response blob(const Request& request, ApiContext& context, const Device& device, const std::string& sha)
{
    if (request.method() == http::verb::get) {
        auto download = openDownload(request, context, sha);
        if (auto* refused = std::get_if<Response>(&download))
            return std::move(*refused);
        return readWhole(request, std::get<BlobDownload>(std::move(download)));
    }
    if (request.method() == http::verb::head) {
        auto state = context.blobs.state(sha);
        if (!state)
            return fail(request, state.error());
        Response response{state->complete ? http::status::ok : http::status::not_found, request.version()};
        response.set("Upload-Offset", std::to_string(state->held));
        response.set("Blob-Complete", state->complete ? "true" : "false");
        response.keep_alive(request.keep_alive());
        response.content_length(state->complete ? state->held : 0);
        return response;
    }
    const auto offset = toInteger(std::string(request["Upload-Offset"].empty() ? "0" : request["Upload-Offset"]));
    const auto total = toInteger(std::string(request["Upload-Length"]));
    if (!offset || !total)
        return fail(request, ErrorCode::InvalidArgument, "PUT a blob with headers Upload-Offset (bytes already sent) and Upload-Length (full size)");
    auto state = context.blobs.append(device.id, sha, *offset, *total, request.body());
    if (!state) {
        if (state.error().code == ErrorCode::Conflict) {
            auto current = context.blobs.state(sha);
            auto response = fail(request, state.error());
            response.set("Upload-Offset", std::to_string(current ? current->held : 0));
            return response;
        }
        return fail(request, state.error());
    }
    context.metrics.addBlobBytes(request.body().size());
    Response response{state->complete ? http::status::created : http::status::accepted, request.version()};
    response.set("Upload-Offset", std::to_string(state->held));
    response.set("Blob-Complete", state->complete ? "true" : "false");
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    return response;
}

Result<store::Partner> partnerFromRequest(const boost::json::object& body)
{
    store::Partner p;
    const auto text = [&body](std::string_view key) {
        const auto* v = body.if_contains(key);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    p.name = text("name");
    p.nameZh = text("name_zh");
    p.profile.subtype = text("subtype");
    p.country = text("country");
    p.contact = text("contact");
    const auto type = registry::typeOfSubtype(p.profile.subtype);
    if (!type)
        return makeError(ErrorCode::InvalidArgument, "unknown partner subtype \"" + p.profile.subtype + "\"");
    p.profile.type = *type;
    if (const auto* population = body.if_contains("population"); population && population->is_int64())
        p.profile.population = population->get_int64();
    if (const auto* nonProfit = body.if_contains("non_profit"); nonProfit && nonProfit->is_bool())
        p.profile.nonProfit = nonProfit->get_bool();
    return p;
}

Result<store::Site> siteFromRequest(const boost::json::object& body)
{
    store::Site s;
    const auto* name = body.if_contains("name");
    const auto* kind = body.if_contains("kind");
    if (!name || !name->is_string() || !kind || !kind->is_string())
        return makeError(ErrorCode::InvalidArgument, "a site needs \"name\" and \"kind\" (city, district, town, community, industrial_park, planning_project)");
    s.name = std::string(name->get_string());
    const auto parsed = store::parseSiteKind(kind->get_string());
    if (!parsed)
        return makeError(ErrorCode::InvalidArgument, "unknown site kind \"" + std::string(kind->get_string()) + "\"");
    s.kind = *parsed;
    if (const auto* partner = body.if_contains("partner_id"); partner && partner->is_string())
        s.partnerId = std::string(partner->get_string());
    const auto* lat = body.if_contains("latitude");
    const auto* lon = body.if_contains("longitude");
    if (lat && lon && lat->is_number() && lon->is_number())
        s.location = store::GeoPoint{lat->to_number<double>(), lon->to_number<double>(), std::nullopt};
    if (const auto* population = body.if_contains("population"); population && population->is_int64())
        s.population = population->get_int64();
    return s;
}

Result<store::Assessment> assessmentFromRequest(const boost::json::object& body)
{
    store::Assessment a;
    const auto text = [&body](std::string_view key) {
        const auto* v = body.if_contains(key);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    a.siteId = text("site_id");
    a.catalog = {text("catalog_id"), text("catalog_version")};
    const auto stage = scoring::parseStage(text("stage").empty() ? "existing" : text("stage"));
    if (!stage)
        return makeError(ErrorCode::InvalidArgument, "stage is planning or existing");
    a.stage = *stage;
    a.status = store::AssessmentStatus::Fieldwork;
    if (!text("due_date").empty())
        a.dueDate = text("due_date");
    if (a.siteId.empty() || a.catalog.id.empty() || a.catalog.version.empty())
        return makeError(ErrorCode::InvalidArgument, "an assessment needs site_id, catalog_id and catalog_version");
    return a;
}

template <typename T>
Response created(const Request& request, const Result<T>& result)
{
    if (!result)
        return fail(request, result.error());
    return jsonResponse(request, http::status::created, store::toJson(*result));
}

Response admin(const Request& request, ApiContext& context, const Device& device, const std::vector<std::string_view>& parts)
{
    if (auto refused = adminRoleError(device))
        return fail(request, *refused);
    const auto what = parts.size() > 2 ? parts[2] : std::string_view{};
    if (request.method() == http::verb::get && what == "devices" && parts.size() == 3) {
        auto devices = context.store.devices();
        if (!devices)
            return fail(request, devices.error());
        boost::json::array list;
        for (const auto& d : *devices)
            list.push_back(deviceStateJson(d));
        return jsonResponse(request, http::status::ok, boost::json::object{{"devices", std::move(list)}});
    }
    if (request.method() == http::verb::post && what == "devices" && parts.size() == 5 && parts[4] == "revoke") {
        if (auto done = context.store.revokeDevice(std::string(parts[3])); !done)
            return fail(request, done.error());
        return jsonResponse(request, http::status::ok, boost::json::object{{"revoked", std::string(parts[3])}});
    }
    if (request.method() == http::verb::post && what == "devices" && parts.size() == 5 && parts[4] == "scope") {
        auto body = jsonBody(request);
        if (!body)
            return fail(request, body.error());
        const auto* scopeJson = body->if_contains("scope");
        auto scope = scopeJson && scopeJson->is_object() ? Scope::fromJson(scopeJson->get_object())
                                                         : Result<Scope>(makeError(ErrorCode::InvalidArgument, "send {\"scope\": {…}}"));
        if (!scope)
            return fail(request, scope.error());
        auto device = context.store.setDeviceScope(std::string(parts[3]), *scope);
        if (!device)
            return fail(request, device.error());
        return jsonResponse(request, http::status::ok, deviceStateJson(*device));
    }
    if (request.method() != http::verb::post || parts.size() != 3)
        return fail(request, ErrorCode::NotFound, "no such admin route");
    auto body = jsonBody(request);
    if (!body)
        return fail(request, body.error());
    if (what == "enrollment-codes") {
        const auto* roleText = body->if_contains("role");
        const auto role = roleText && roleText->is_string() ? parseRole(roleText->get_string()) : std::nullopt;
        if (!role)
            return fail(request, ErrorCode::InvalidArgument, "role is one of admin, reviewer, inspector, trainer, kiosk");
        Scope scope;
        if (const auto* s = body->if_contains("scope"); s && s->is_object()) {
            auto parsed = Scope::fromJson(s->get_object());
            if (!parsed)
                return fail(request, parsed.error());
            scope = *parsed;
        }
        if (*role == Role::Kiosk && scope.siteId.empty())
            return fail(request, ErrorCode::InvalidArgument, "a kiosk code names the site it answers for: scope.site_id");
        if (*role == Role::Trainer && scope.partnerId.empty())
            return fail(request, ErrorCode::InvalidArgument, "a trainer code names its partner: scope.partner_id");
        std::int64_t hours = 72;
        if (const auto* h = body->if_contains("valid_hours"); h && h->is_int64())
            hours = h->get_int64();
        if (hours < 1 || hours > 24 * 30)
            return fail(request, ErrorCode::InvalidArgument, "valid_hours is 1–720");
        const auto* label = body->if_contains("label");
        auto code = context.store.createEnrollmentCode(*role, scope, label && label->is_string() ? std::string(label->get_string()) : "",
                                                       std::chrono::hours(hours));
        if (!code)
            return fail(request, code.error());
        return jsonResponse(request, http::status::created,
                            boost::json::object{{"code", *code}, {"role", toString(*role)}, {"scope", scope.toJson()}, {"valid_hours", hours}});
    }
    if (what == "partners") {
        auto partner = partnerFromRequest(*body);
        return partner ? created(request, context.store.addPartner(*partner)) : fail(request, partner.error());
    }
    if (what == "sites") {
        auto site = siteFromRequest(*body);
        return site ? created(request, context.store.addSite(*site)) : fail(request, site.error());
    }
    if (what == "assessments") {
        auto assessment = assessmentFromRequest(*body);
        return assessment ? created(request, context.store.addAssessment(*assessment)) : fail(request, assessment.error());
    }
    if (what == "assignments") {
        const auto* assessment = body->if_contains("assessment_id");
        const auto* inspector = body->if_contains("inspector");
        if (!assessment || !assessment->is_string() || !inspector || !inspector->is_string())
            return fail(request, ErrorCode::InvalidArgument, "an assignment needs assessment_id and inspector");
        return created(request, context.store.assign({std::string(assessment->get_string()), std::string(inspector->get_string()), ""}));
    }
    if (what == "surveys") {
        // The igmc-survey/1 document itself (shared/survey/README.md), checked in full before publishing.
        auto definition = survey::definitionOf(*body, nowUtcTimestamp());
        return definition ? created(request, context.store.addSurveyDefinition(*definition)) : fail(request, definition.error());
    }
    if (auto response = adminProgrammeRoutes(request, context, what, *body))
        return std::move(*response);
    return fail(request, ErrorCode::NotFound, "no such admin route");
}

Response assessments(const Request& request, ApiContext& context, const Device& device, const std::vector<std::string_view>& parts)
{
    if (parts.size() == 2) {
        auto list = context.store.visibleAssessments(device);
        if (!list)
            return fail(request, list.error());
        boost::json::array array;
        for (const auto& a : *list)
            array.push_back(store::toJson(a));
        return jsonResponse(request, http::status::ok, boost::json::object{{"assessments", std::move(array)}});
    }
    if (!hasRole(device, {Role::Admin, Role::Reviewer}) && device.role != Role::Inspector)
        return fail(request, roleError(device, "read assessments"));
    const std::string id(parts[2]);
    if (device.role == Role::Inspector) {
        auto mine = context.store.visibleAssessments(device);
        if (!mine)
            return fail(request, mine.error());
        if (std::none_of(mine->begin(), mine->end(), [&](const auto& a) { return a.id == id; }))
            return fail(request, roleError(device, "read an assessment not assigned to it"));
    }
    if (parts.size() == 4 && parts[3] == "observations") {
        auto heads = context.store.latestObservations(id);
        if (!heads)
            return fail(request, heads.error());
        boost::json::array array;
        for (const auto& h : *heads) {
            auto json = store::toJson(h.head);
            boost::json::array others;
            for (const auto& o : h.otherHeadIds)
                others.emplace_back(o);
            json["conflicting_heads"] = std::move(others);
            array.push_back(std::move(json));
        }
        return jsonResponse(request, http::status::ok, boost::json::object{{"observations", std::move(array)}});
    }
    if (parts.size() == 4 && parts[3] == "conflicts") {
        auto conflicts = context.store.conflicts(id);
        if (!conflicts)
            return fail(request, conflicts.error());
        boost::json::array array;
        for (const auto& c : *conflicts) {
            boost::json::array ids;
            for (const auto& o : c.observationIds)
                ids.emplace_back(o);
            array.push_back({{"id", c.id}, {"indicator_code", c.indicatorCode}, {"parent_id", c.parentId}, {"observation_ids", std::move(ids)},
                             {"detected_at", c.detectedAt}});
        }
        return jsonResponse(request, http::status::ok, boost::json::object{{"conflicts", std::move(array)}});
    }
    return fail(request, ErrorCode::NotFound, "no such route");
}

Response route(const Request& request, ApiContext& context)
{
    const auto path = pathOf(request);
    const auto parts = segments(path);
    const auto method = request.method();
    if (path == "/healthz" && (method == http::verb::get || method == http::verb::head))
        return jsonResponse(request, http::status::ok, boost::json::object{{"status", "ok"}});
    if (path == "/metrics" && method == http::verb::get && !context.metricsOnOwnListener) {
        // Route names, counts and latencies tell an outsider what the fleet is doing.
        auto device = authenticate(request, context);
        if (!device)
            return fail(request, device.error());
        if (device->role != Role::Admin)
            return fail(request, roleError(*device, "read the server's metrics"));
        return metricsResponse(request, context);
    }
    if (path == "/v1/openapi.json" && method == http::verb::get)
        return textResponse(request, http::status::ok, kOpenApiDocument, "application/json");
    if (path == "/v1/enroll") {
        if (method != http::verb::post)
            return fail(request, ErrorCode::InvalidArgument, "enroll with POST");
        return enroll(request, context);
    }
    if (parts.empty() || parts[0] != "v1")
        return fail(request, ErrorCode::NotFound, "no such route: " + std::string(path));
    auto device = authenticate(request, context);
    if (!device)
        return fail(request, device.error());
    if (path == "/v1/me" && method == http::verb::get)
        return jsonResponse(request, http::status::ok, deviceJson(*device));
    if (path == "/v1/sync/push") {
        if (method != http::verb::post)
            return fail(request, ErrorCode::InvalidArgument, "push with POST");
        return push(request, context, *device);
    }
    if (path == "/v1/sync/pull") {
        if (method != http::verb::get)
            return fail(request, ErrorCode::InvalidArgument, "pull with GET");
        return pull(request, context, *device);
    }
    if (path == "/v1/sync/report") {
        if (method != http::verb::post)
            return fail(request, ErrorCode::InvalidArgument, "report with POST");
        return syncReport(request, context, *device);
    }
    if (path == "/v1/blobs/status") {
        if (method != http::verb::post)
            return fail(request, ErrorCode::InvalidArgument, "ask for blob status with POST");
        if (auto refused = evidenceRoleError(*device, method, true))
            return fail(request, *refused);
        return blobStatus(request, context);
    }
    if (parts.size() == 3 && parts[1] == "blobs") {
        if (method != http::verb::head && method != http::verb::get && method != http::verb::put)
            return fail(request, ErrorCode::InvalidArgument, "blobs take HEAD, GET and PUT");
        if (auto refused = evidenceRoleError(*device, method, false))
            return fail(request, *refused);
        return blob(request, context, *device, std::string(parts[2]));
    }
    if (path == "/v1/surveys" && method == http::verb::get) {
        auto surveys = context.store.surveyDefinitions();
        if (!surveys)
            return fail(request, surveys.error());
        boost::json::array array;
        for (const auto& s : *surveys)
            array.push_back(store::toJson(s));
        return jsonResponse(request, http::status::ok, boost::json::object{{"surveys", std::move(array)}});
    }
    if (parts.size() >= 3 && parts[1] == "surveys")
        return surveyRoutes(request, context, *device, parts);
    if (parts.size() >= 3 && parts[1] == "partners")
        return partnerRoutes(request, context, *device, parts);
    if (parts.size() >= 2 && parts[1] == "assessments" && method == http::verb::get) {
        if (device->role == Role::Kiosk || device->role == Role::Trainer)
            return fail(request, roleError(*device, "read assessments"));
        return assessments(request, context, *device, parts);
    }
    if (parts.size() >= 2 && parts[1] == "admin")
        return admin(request, context, *device, parts);
    return fail(request, ErrorCode::NotFound, "no such route: " + std::string(path));
}

}  // namespace

unsigned errorStatus(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::ParseError: return 400;
    case ErrorCode::Unauthorized: return 401;
    case ErrorCode::Forbidden: return 403;
    case ErrorCode::NotFound: return 404;
    case ErrorCode::Conflict: return 409;
    case ErrorCode::ValidationError: return 422;
    case ErrorCode::Unavailable: return 503;
    case ErrorCode::Cancelled: return 503;  // stopped on the way out (the server shutting down)
    case ErrorCode::StorageError: return 503;
    case ErrorCode::IoError:
    case ErrorCode::Internal: return 500;
    }
    return 500;
}

Response errorResponse(unsigned version, bool keepAlive, ErrorCode code, const std::string& message)
{
    Response response{static_cast<http::status>(errorStatus(code)), version};
    response.set(http::field::content_type, "application/json");
    response.set(http::field::cache_control, "no-store");
    if (code == ErrorCode::Unavailable || code == ErrorCode::StorageError)
        response.set(http::field::retry_after, "2");
    if (code == ErrorCode::Unauthorized)
        response.set(http::field::www_authenticate, "Bearer");
    response.keep_alive(keepAlive);
    response.body() = boost::json::serialize(
        boost::json::object{{"error", boost::json::object{{"code", errorCodeName(code)}, {"message", message}}}});
    response.prepare_payload();
    return response;
}

namespace {

// The route templates are the paths the OpenAPI document lists (each split into its segments):
// a route is labelled by its template as soon as it is documented.
const std::vector<std::vector<std::string>>& routeTemplates()
{
    static const auto templates = [] {
        std::vector<std::vector<std::string>> list;
        const auto document = boost::json::parse(kOpenApiDocument);
        for (const auto& [path, operations] : document.at("paths").as_object()) {
            std::vector<std::string> parts;
            for (const auto part : segments(path))
                parts.emplace_back(part);
            list.push_back(std::move(parts));
        }
        return list;
    }();
    return templates;
}

// How well `parts` fit a template: -1 not at all, else the number of literal segments matched
// (so /v1/blobs/status is not taken for /v1/blobs/{sha256}).
int fit(const std::vector<std::string>& pattern, const std::vector<std::string_view>& parts)
{
    if (pattern.size() != parts.size())
        return -1;
    int literal = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (pattern[i].starts_with('{'))
            continue;
        if (pattern[i] != parts[i])
            return -1;
        ++literal;
    }
    return literal;
}

}  // namespace

std::string routeLabel(const Request& request)
{
    // Never the raw path: every distinct path would be a new metrics series.
    const auto parts = segments(pathOf(request));
    const std::vector<std::string>* best = nullptr;
    int bestFit = -1;
    for (const auto& pattern : routeTemplates()) {
        if (const int f = fit(pattern, parts); f > bestFit) {
            best = &pattern;
            bestFit = f;
        }
    }
    if (!best)
        return "other";
    std::string label;
    for (const auto& part : *best)
        label += "/" + part;
    return label;
}

Response metricsResponse(const Request& request, ApiContext& context)
{
    // How far the central record is behind what was acknowledged (never waits for it).
    const auto backlog = "# HELP igmc_sync_intake_pending_ops Ops acknowledged early and not yet applied to the central record.\n"
                         "# TYPE igmc_sync_intake_pending_ops gauge\nigmc_sync_intake_pending_ops "
                         + std::to_string(context.store.intakeBacklogOps()) + "\n";
    return textResponse(request, http::status::ok, context.metrics.prometheusText() + backlog, "text/plain; version=0.0.4");
}

Result<void> admitBody(const Request& header, ApiContext& context)
{
    const bool sendsBody = header.chunked() || (header.has_content_length() && header[http::field::content_length] != "0");
    const auto path = pathOf(header);
    if (!sendsBody || path == "/v1/enroll")
        return {};
    auto device = authenticate(header, context);
    if (!device)
        return device.error();
    const auto parts = segments(path);
    std::optional<Error> refused;
    if (parts.size() == 3 && parts[0] == "v1" && parts[1] == "blobs")
        refused = evidenceRoleError(*device, header.method(), parts[2] == "status");
    else if (parts.size() >= 2 && parts[0] == "v1" && parts[1] == "admin")
        refused = adminRoleError(*device);
    if (refused)
        return *refused;
    return {};
}

Result<Device> authenticate(const Request& request, ApiContext& context)
{
    const auto header = request[http::field::authorization];
    constexpr std::string_view prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.substr(0, prefix.size()) != prefix)
        return makeError(ErrorCode::Unauthorized, "send the device's token as \"Authorization: Bearer <token>\"");
    return context.store.authenticate(std::string(header.substr(prefix.size())));
}

namespace {

std::optional<Response> refuseWhenBusy(const Request& request, ApiContext& context)
{
    if (context.draining && context.draining->load())
        return fail(request, ErrorCode::Unavailable, "the server is shutting down; retry shortly");
    if (context.metrics.inFlight().load() > context.limits.maxInFlight)
        return fail(request, ErrorCode::Unavailable, "the server is busy; retry after the delay in Retry-After");
    return std::nullopt;
}

std::variant<Response, BlobDownload> download(const Request& request, ApiContext& context)
{
    auto device = authenticate(request, context);
    if (!device)
        return fail(request, device.error());
    if (auto refused = evidenceRoleError(*device, request.method(), false))
        return fail(request, *refused);
    return openDownload(request, context, std::string(segments(pathOf(request))[2]));
}

}  // namespace

Response handleRequest(const Request& request, ApiContext& context)
{
    if (auto refused = refuseWhenBusy(request, context))
        return std::move(*refused);
    try {
        return route(request, context);
    } catch (const std::exception& e) {
        return fail(request, ErrorCode::Internal, std::string("internal error: ") + e.what());
    }
}

bool isBlobDownload(const Request& request)
{
    const auto parts = segments(pathOf(request));
    return request.method() == http::verb::get && parts.size() == 3 && parts[0] == "v1" && parts[1] == "blobs" && parts[2] != "status";
}

std::variant<Response, BlobDownload> handleDownload(const Request& request, ApiContext& context)
{
    if (auto refused = refuseWhenBusy(request, context))
        return std::move(*refused);
    try {
        return download(request, context);
    } catch (const std::exception& e) {
        return fail(request, ErrorCode::Internal, std::string("internal error: ") + e.what());
    }
}

}  // namespace igmc::server
