// The sync wire format, version 1 (documented in sync/README.md). Shared by the client and the
// server; strict decoders, so a malformed body is a clear 4xx and never reaches the store.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::sync {

inline constexpr int kWireMajor = 1;
inline constexpr int kWireMinor = 0;
inline constexpr std::string_view kWireFormat = "igmc-sync/1.0";
inline constexpr std::size_t kMaxOpsPerBatch = 5'000;

// One change. On push, `seq` is 0 and `deviceId` comes from the authenticated device; on pull,
// `seq` is the server sequence that orders all ops.
struct Op {
    std::string opId;      // UUIDv7, unique forever; the idempotency key
    std::string deviceId;
    std::string hlc;       // hybrid logical clock of the change on its device
    std::string entity;    // "observation", "evidence", "survey_response", …
    std::string entityId;
    std::string action;    // "create", "update", "delete", "link", …
    boost::json::object payload;
    std::int64_t seq = 0;
    // Where the op comes from stored text (the server's op log), the payload's JSON as stored:
    // encoded as is instead of `payload`, so a pull neither parses nor re-serialises it.
    std::string rawPayload;
};

struct PushRequest {
    std::vector<Op> ops;
};

enum class AckStatus { Applied, Duplicate };
std::string_view toString(AckStatus status);

struct Ack {
    std::string opId;
    std::int64_t seq = 0;
    AckStatus status = AckStatus::Applied;
    bool conflict = false;  // the op was kept and a conflict recorded for a reviewer
};

// A whole batch durable on the server and sure to be applied, but not applied yet (an early ack,
// which a device asks for with Sync-Early-Ack: 1): no seqs yet, and no word on conflicts, which
// the device learns when it pulls. Named by its size and its first and last ops.
struct AcceptedBatch {
    std::size_t ops = 0;
    std::string firstOpId;
    std::string lastOpId;
};

// Either one ack per op, or the batch accepted as a whole.
struct PushResponse {
    std::vector<Ack> acks;
    std::optional<AcceptedBatch> accepted;
};

struct PullResponse {
    std::vector<Op> ops;
    std::int64_t next = 0;  // the cursor to send as `after` next time
    bool more = false;
};

// Writes a pull page straight into its JSON text, op by op, byte for byte as encode(PullResponse)
// writes the same page: the server streams its op log's rows into it without building an Op (and
// copying every payload) first.
class PageWriter {
public:
    // An observation version's op is about 800 bytes of JSON (issue 4's record: 570 bytes of
    // payload): room for it is kept from the start.
    static constexpr std::size_t kExpectedOpBytes = 1'024;
    explicit PageWriter(std::size_t expectedOps);
    // Room for `ops` more ops (of kExpectedOpBytes each).
    void reserveFor(std::size_t ops);
    // Starts an op: its fields up to its payload, whose JSON text the caller then appends to text().
    void beginOp(std::int64_t seq, std::string_view opId, std::string_view deviceId, std::string_view hlc, std::string_view entity,
                 std::string_view entityId, std::string_view action);
    void endOp();
    std::string& text() { return m_text; }
    [[nodiscard]] std::size_t ops() const { return m_ops; }
    std::string finish(std::int64_t next, bool more);

private:
    std::string m_text;
    std::size_t m_ops = 0;
    std::int64_t m_seq = 0;
};

// "igmc-sync/1" or "igmc-sync/1.x": fine; another major version is an error naming it.
Result<void> checkFormat(std::string_view format);

std::string encode(const PushRequest& request);
std::string encode(const PushResponse& response);
std::string encode(const PullResponse& response);
boost::json::object toJson(const Op& op);

// Each decoder enforces types, required fields, UUID op ids, HLC syntax and the batch limit.
Result<PushRequest> decodePushRequest(std::string_view body);
Result<PushResponse> decodePushResponse(std::string_view body);
Result<PullResponse> decodePullResponse(std::string_view body);
Result<Op> opFromJson(boost::json::value&& json, bool withSeq);

}  // namespace igmc::sync
