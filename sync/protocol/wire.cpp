// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire.hpp"

#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "core/json_text.hpp"

#include <algorithm>

#include <boost/json/monotonic_resource.hpp>
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
    // One arena per body, freed with the last value parsed from it: a push or pull page is parsed
    // once and dropped whole, and a heap allocation per string was a third of parsing it.
    return json_text::parseBody(body, boost::json::make_shared_resource<boost::json::monotonic_resource>());
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
    auto opId = stringField(*object, "op_id", "op");
    if (!opId)
        return opId.error();
    const std::string where = "op " + *opId;
    if (!isUuid(*opId))
        return bad(where + ": op_id must be a UUID");
    auto hlc = stringField(*object, "hlc", where);
    if (!hlc)
        return hlc.error();
    if (!HlcTimestamp::parse(*hlc))
        return bad(where + ": hlc must look like 1790000000000.000001");
    std::string fields[3];
    for (auto [key, target] : {std::pair{"entity", &fields[0]}, std::pair{"entity_id", &fields[1]}, std::pair{"action", &fields[2]}}) {
        auto text = stringField(*object, key, where);
        if (!text)
            return text.error();
        *target = std::move(*text);
    }
    auto* payload = object->if_contains("payload");
    if (!payload || !payload->is_object())
        return bad(where + ": \"payload\" must be an object");
    std::string deviceId;
    if (const auto* device = object->if_contains("device_id"); device && device->is_string())
        deviceId = std::string(device->get_string());
    std::int64_t seq = 0;
    if (withSeq) {
        const auto* number = object->if_contains("seq");
        if (!number || !number->is_int64() || number->get_int64() <= 0)
            return bad(where + ": \"seq\" must be a positive integer");
        seq = number->get_int64();
    }
    // The payload is move-constructed (it keeps the body's memory resource): assigning it to a
    // default-constructed object would copy it.
    return Op{std::move(*opId), std::move(deviceId), std::move(*hlc), std::move(fields[0]), std::move(fields[1]), std::move(fields[2]),
              boost::json::object(std::move(payload->get_object())), seq, {}};
}

namespace {

// Writes JSON text directly: building a boost::json tree of a batch first (a deep copy of every
// payload) was most of the cost of encoding it. The output is byte for byte what serialising the
// tree wrote (same keys, same order), which the wire tests check.
using json_text::appendField;

void appendOp(std::string& out, const Op& op)
{
    const std::pair<const char*, const std::string*> fields[] = {{"op_id", &op.opId},         {"device_id", &op.deviceId},
                                                                 {"hlc", &op.hlc},             {"entity", &op.entity},
                                                                 {"entity_id", &op.entityId}, {"action", &op.action}};
    out += '{';
    for (const auto& [key, text] : fields) {
        if (key != fields[0].first)
            out += ',';
        appendField(out, key, *text);
    }
    out += ",\"payload\":";
    if (!op.rawPayload.empty())
        out += op.rawPayload;
    else
        out += boost::json::serialize(op.payload);
    if (op.seq > 0) {
        out += ",\"seq\":";
        out += std::to_string(op.seq);
    }
    out += '}';
}

std::string encodeOps(const std::vector<Op>& ops)
{
    std::string out = "{\"format\":\"" + std::string(kWireFormat) + "\",\"ops\":[";
    out.reserve(ops.size() * 640 + 64);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (i > 0)
            out += ',';
        appendOp(out, ops[i]);
    }
    out += ']';
    return out;
}

}  // namespace

std::string encode(const PushRequest& request)
{
    return encodeOps(request.ops) + '}';
}

std::string encode(const PushResponse& response)
{
    if (response.accepted) {
        std::string out = "{\"format\":\"" + std::string(kWireFormat) + "\",\"accepted\":{\"ops\":" + std::to_string(response.accepted->ops) + ',';
        appendField(out, "first_op_id", response.accepted->firstOpId);
        out += ',';
        appendField(out, "last_op_id", response.accepted->lastOpId);
        out += "}}";
        return out;
    }
    std::string out = "{\"format\":\"" + std::string(kWireFormat) + "\",\"acks\":[";
    out.reserve(response.acks.size() * 100 + 64);
    for (std::size_t i = 0; i < response.acks.size(); ++i) {
        const auto& ack = response.acks[i];
        if (i > 0)
            out += ',';
        out += '{';
        appendField(out, "op_id", ack.opId);
        out += ",\"seq\":" + std::to_string(ack.seq) + ",";
        appendField(out, "status", toString(ack.status));
        if (ack.conflict)
            out += ",\"conflict\":true";
        out += '}';
    }
    out += "]}";
    return out;
}

PageWriter::PageWriter(std::size_t expectedOps)
{
    // Appended to, not assigned: assigning a longer string would replace the reserved buffer, and
    // the page would then grow by doubling, copying itself and faulting in fresh pages each time.
    m_text.reserve(expectedOps * kExpectedOpBytes + 64);
    m_text.append("{\"format\":\"").append(kWireFormat).append("\",\"ops\":[");
}

void PageWriter::reserveFor(std::size_t ops)
{
    m_text.reserve(m_text.size() + ops * kExpectedOpBytes + 64);
}

void PageWriter::beginOp(std::int64_t seq, std::string_view opId, std::string_view deviceId, std::string_view hlc, std::string_view entity,
                         std::string_view entityId, std::string_view action)
{
    const std::pair<const char*, std::string_view> fields[] = {{"op_id", opId},         {"device_id", deviceId}, {"hlc", hlc},
                                                               {"entity", entity},      {"entity_id", entityId}, {"action", action}};
    if (m_ops > 0)
        m_text += ',';
    m_text += '{';
    for (const auto& [key, value] : fields) {
        if (key != fields[0].first)
            m_text += ',';
        appendField(m_text, key, value);
    }
    m_text += ",\"payload\":";
    m_seq = seq;
}

void PageWriter::endOp()
{
    if (m_seq > 0) {
        m_text += ",\"seq\":";
        m_text += std::to_string(m_seq);
    }
    m_text += '}';
    ++m_ops;
}

std::string PageWriter::finish(std::int64_t next, bool more)
{
    m_text += "],\"next\":" + std::to_string(next) + ",\"more\":" + (more ? "true" : "false") + "}";
    return std::move(m_text);
}

std::string encode(const PullResponse& response)
{
    std::string out = encodeOps(response.ops);
    out += ",\"next\":" + std::to_string(response.next) + ",\"more\":" + (response.more ? "true" : "false") + "}";
    return out;
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
    PushResponse response;
    if (const auto* accepted = (*root)->if_contains("accepted")) {
        const auto* batch = accepted->if_object();
        const auto* ops = batch ? batch->if_contains("ops") : nullptr;
        if (!ops || !ops->is_int64() || ops->get_int64() < 1)
            return bad("\"accepted\" names the batch: {\"ops\": <count>, \"first_op_id\", \"last_op_id\"}");
        auto first = stringField(*batch, "first_op_id", "accepted");
        if (!first)
            return first.error();
        auto last = stringField(*batch, "last_op_id", "accepted");
        if (!last)
            return last.error();
        response.accepted = AcceptedBatch{static_cast<std::size_t>(ops->get_int64()), std::move(*first), std::move(*last)};
        return response;
    }
    const auto* acks = (*root)->if_contains("acks");
    if (!acks || !acks->is_array())
        return bad("\"acks\" must be an array");
    for (const auto& item : acks->get_array()) {
        const auto* object = item.if_object();
        if (!object)
            return bad("each ack must be an object");
        Ack ack;
        auto opId = stringField(*object, "op_id", "ack");
        if (!opId)
            return opId.error();
        ack.opId = std::move(*opId);
        auto status = stringField(*object, "status", "ack");
        if (!status)
            return status.error();
        if (*status != "applied" && *status != "duplicate")
            return bad("ack " + ack.opId + ": unknown status \"" + *status + "\"");
        ack.status = *status == "duplicate" ? AckStatus::Duplicate : AckStatus::Applied;
        const auto* seq = object->if_contains("seq");
        if (!seq || !seq->is_int64())
            return bad("ack " + ack.opId + ": \"seq\" must be an integer");
        ack.seq = seq->get_int64();
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
