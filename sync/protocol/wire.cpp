// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire.hpp"

#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace igmc::sync {

namespace {

Error bad(const std::string& message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

Result<boost::json::value> parseBody(std::string_view body)
{
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 32;
    auto value = boost::json::parse(body, ec, {}, options);
    if (ec)
        return makeError(ErrorCode::ParseError, "the body is not valid JSON: " + ec.message());
    return value;
}

Result<std::string> stringField(const boost::json::object& object, std::string_view key, const std::string& where,
                                std::size_t maxLength = 256)
{
    const auto* value = object.if_contains(key);
    if (!value)
        return bad(where + ": missing \"" + std::string(key) + "\"");
    const auto* text = value->if_string();
    if (!text)
        return bad(where + ": \"" + std::string(key) + "\" must be a string");
    if (text->empty() || text->size() > maxLength)
        return bad(where + ": \"" + std::string(key) + "\" must be 1–" + std::to_string(maxLength) + " characters");
    return std::string(*text);
}

Result<boost::json::object*> rootObject(boost::json::value& value)
{
    auto* object = value.if_object();
    if (!object)
        return bad("the body must be a JSON object");
    const auto* format = object->if_contains("format");
    if (!format || !format->is_string())
        return bad("missing \"format\": expected \"" + std::string(kWireFormat) + "\"");
    if (auto ok = checkFormat(format->get_string()); !ok)
        return ok.error();
    return object;
}

}  // namespace

std::string_view toString(AckStatus status)
{
    return status == AckStatus::Applied ? "applied" : "duplicate";
}

Result<void> checkFormat(std::string_view format)
{
    constexpr std::string_view prefix = "igmc-sync/";
    if (format.substr(0, prefix.size()) != prefix)
        return bad("unknown wire format \"" + std::string(format) + "\": expected \"" + std::string(kWireFormat) + "\"");
    const auto version = format.substr(prefix.size());
    const auto major = version.substr(0, version.find('.'));
    if (major != std::to_string(kWireMajor)) {
        return makeError(ErrorCode::InvalidArgument, "unsupported wire format major version " + std::string(major)
                                                         + ": this server speaks " + std::string(kWireFormat));
    }
    return {};
}

boost::json::object toJson(const Op& op)
{
    boost::json::object object{{"op_id", op.opId}, {"device_id", op.deviceId}, {"hlc", op.hlc},      {"entity", op.entity},
                               {"entity_id", op.entityId}, {"action", op.action}, {"payload", op.payload}};
    if (op.seq > 0)
        object["seq"] = op.seq;
    return object;
}

Result<Op> opFromJson(boost::json::value&& json, bool withSeq)
{
    auto* object = json.if_object();
    if (!object)
        return bad("each op must be an object");
    Op op;
    auto opId = stringField(*object, "op_id", "op");
    if (!opId)
        return opId.error();
    const std::string where = "op " + *opId;
    if (!isUuid(*opId))
        return bad(where + ": op_id must be a UUID");
    op.opId = std::move(*opId);
    auto hlc = stringField(*object, "hlc", where);
    if (!hlc)
        return hlc.error();
    if (!HlcTimestamp::parse(*hlc))
        return bad(where + ": hlc must look like 1790000000000.000001");
    op.hlc = std::move(*hlc);
    for (auto [key, target] : {std::pair{"entity", &op.entity}, std::pair{"entity_id", &op.entityId}, std::pair{"action", &op.action}}) {
        auto text = stringField(*object, key, where);
        if (!text)
            return text.error();
        *target = std::move(*text);
    }
    auto* payload = object->if_contains("payload");
    if (!payload || !payload->is_object())
        return bad(where + ": \"payload\" must be an object");
    op.payload = std::move(payload->get_object());
    if (const auto* device = object->if_contains("device_id"); device && device->is_string())
        op.deviceId = std::string(device->get_string());
    if (withSeq) {
        const auto* seq = object->if_contains("seq");
        if (!seq || !seq->is_int64() || seq->get_int64() <= 0)
            return bad(where + ": \"seq\" must be a positive integer");
        op.seq = seq->get_int64();
    }
    return op;
}

std::string encode(const PushRequest& request)
{
    boost::json::array ops;
    ops.reserve(request.ops.size());
    for (const auto& op : request.ops)
        ops.push_back(toJson(op));
    return boost::json::serialize(boost::json::object{{"format", kWireFormat}, {"ops", std::move(ops)}});
}

std::string encode(const PushResponse& response)
{
    boost::json::array acks;
    acks.reserve(response.acks.size());
    for (const auto& ack : response.acks) {
        boost::json::object object{{"op_id", ack.opId}, {"seq", ack.seq}, {"status", toString(ack.status)}};
        if (ack.conflict)
            object["conflict"] = true;
        acks.push_back(std::move(object));
    }
    return boost::json::serialize(boost::json::object{{"format", kWireFormat}, {"acks", std::move(acks)}});
}

std::string encode(const PullResponse& response)
{
    boost::json::array ops;
    ops.reserve(response.ops.size());
    for (const auto& op : response.ops)
        ops.push_back(toJson(op));
    return boost::json::serialize(
        boost::json::object{{"format", kWireFormat}, {"ops", std::move(ops)}, {"next", response.next}, {"more", response.more}});
}

Result<PushRequest> decodePushRequest(std::string_view body)
{
    auto json = parseBody(body);
    if (!json)
        return json.error();
    auto root = rootObject(*json);
    if (!root)
        return root.error();
    auto* ops = (*root)->if_contains("ops");
    if (!ops || !ops->is_array())
        return bad("\"ops\" must be an array");
    if (ops->get_array().size() > kMaxOpsPerBatch)
        return bad("a batch holds at most " + std::to_string(kMaxOpsPerBatch) + " ops");
    PushRequest request;
    request.ops.reserve(ops->get_array().size());
    for (auto& item : ops->get_array()) {
        auto op = opFromJson(std::move(item), false);
        if (!op)
            return op.error();
        request.ops.push_back(std::move(op).value());
    }
    return request;
}

Result<PushResponse> decodePushResponse(std::string_view body)
{
    auto json = parseBody(body);
    if (!json)
        return json.error();
    auto root = rootObject(*json);
    if (!root)
        return root.error();
    const auto* acks = (*root)->if_contains("acks");
    if (!acks || !acks->is_array())
        return bad("\"acks\" must be an array");
    PushResponse response;
    for (const auto& item : acks->get_array()) {
        const auto* object = item.if_object();
        if (!object)
            return bad("each ack must be an object");
        Ack ack;
        auto opId = stringField(*object, "op_id", "ack");
        if (!opId)
            return opId.error();
        ack.opId = std::move(*opId);
        const auto* seq = object->if_contains("seq");
        if (!seq || !seq->is_int64())
            return bad("ack " + ack.opId + ": \"seq\" must be an integer");
        ack.seq = seq->get_int64();
        auto status = stringField(*object, "status", "ack");
        if (!status)
            return status.error();
        ack.status = *status == "duplicate" ? AckStatus::Duplicate : AckStatus::Applied;
        if (const auto* conflict = object->if_contains("conflict"); conflict && conflict->is_bool())
            ack.conflict = conflict->get_bool();
        response.acks.push_back(std::move(ack));
    }
    return response;
}

Result<PullResponse> decodePullResponse(std::string_view body)
{
    auto json = parseBody(body);
    if (!json)
        return json.error();
    auto root = rootObject(*json);
    if (!root)
        return root.error();
    auto* ops = (*root)->if_contains("ops");
    const auto* next = (*root)->if_contains("next");
    const auto* more = (*root)->if_contains("more");
    if (!ops || !ops->is_array() || !next || !next->is_int64() || !more || !more->is_bool())
        return bad("a pull response has \"ops\" (array), \"next\" (integer) and \"more\" (boolean)");
    PullResponse response;
    response.next = next->get_int64();
    response.more = more->get_bool();
    response.ops.reserve(ops->get_array().size());
    for (auto& item : ops->get_array()) {
        auto op = opFromJson(std::move(item), true);
        if (!op)
            return op.error();
        response.ops.push_back(std::move(op).value());
    }
    return response;
}

}  // namespace igmc::sync
