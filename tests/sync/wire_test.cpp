// The wire format's encoders write JSON text directly and its decoders parse into one arena per
// body: both must agree with a plain boost::json tree, byte for byte and value for value.
// SPDX-License-Identifier: Apache-2.0
#include "protocol/wire.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace igmc::sync {
namespace {

Op sampleOp(const std::string& entityId, std::int64_t seq)
{
    boost::json::object payload{{"id", entityId},
                                {"note", "line one\nline \"two\" \\ 三"},
                                {"value", boost::json::object{{"number", "31.5"}}},
                                {"latitude", 39.1234},
                                {"tags", boost::json::array{"a", 1, true, nullptr}}};
    return Op{"0190f5a8-1c2b-7d3e-8f40-123456789abc", "device \"7\"", "1795000000000.000001", "observation", entityId, "create",
              std::move(payload), seq, {}};
}

boost::json::object treeOf(const Op& op)
{
    return toJson(op);
}

TEST(WireFormat, PushRequestTextIsWhatTheJsonTreeSerialises)
{
    PushRequest request;
    request.ops = {sampleOp("o-1", 0), sampleOp("o-2\t\u00e9", 0)};
    boost::json::array ops;
    for (const auto& op : request.ops)
        ops.push_back(treeOf(op));
    EXPECT_EQ(encode(request), boost::json::serialize(boost::json::object{{"format", kWireFormat}, {"ops", std::move(ops)}}));
    EXPECT_EQ(encode(PushRequest{}), R"({"format":"igmc-sync/1.0","ops":[]})");
}

TEST(WireFormat, PullPageFromStoredTextEqualsOneFromParsedPayloads)
{
    PullResponse parsed;
    parsed.ops = {sampleOp("o-1", 7), sampleOp("o-2", 9)};
    parsed.next = 9;
    parsed.more = true;
    PullResponse stored = parsed;
    for (auto& op : stored.ops) {
        op.rawPayload = boost::json::serialize(op.payload);
        op.payload.clear();
    }
    boost::json::array ops;
    for (const auto& op : parsed.ops)
        ops.push_back(treeOf(op));
    const auto expected = boost::json::serialize(
        boost::json::object{{"format", kWireFormat}, {"ops", std::move(ops)}, {"next", 9}, {"more", true}});
    EXPECT_EQ(encode(parsed), expected);
    EXPECT_EQ(encode(stored), expected);
}

// The server writes a page of thousands of ops into one string: room for them is made once, not
// by doubling as it grows (the reserved buffer was replaced when the opening was assigned to it).
TEST(WireFormat, APageWriterKeepsTheRoomItWasGivenForItsOps)
{
    PageWriter writer(5'000);
    const auto room = writer.text().capacity();
    EXPECT_GE(room, 5'000 * PageWriter::kExpectedOpBytes);
    writer.beginOp(1, "0190f5a8-1c2b-7d3e-8f40-123456789abc", "device-1", "1795000000000.000001", "observation", "o-1", "create");
    writer.text() += R"({"id":"o-1"})";
    writer.endOp();
    EXPECT_EQ(writer.text().capacity(), room);
    EXPECT_EQ(writer.finish(1, false), R"({"format":"igmc-sync/1.0","ops":[{"op_id":"0190f5a8-1c2b-7d3e-8f40-123456789abc","device_id":"device-1",)"
                                       R"("hlc":"1795000000000.000001","entity":"observation","entity_id":"o-1","action":"create",)"
                                       R"("payload":{"id":"o-1"},"seq":1}],"next":1,"more":false})");
}

TEST(WireFormat, AcksTextIsWhatTheJsonTreeSerialises)
{
    PushResponse response;
    response.acks = {{"op-a", 1, AckStatus::Applied, false}, {"op-b", 2, AckStatus::Duplicate, false}, {"op-c", 3, AckStatus::Applied, true}};
    const auto decoded = decodePushResponse(encode(response));
    ASSERT_TRUE(decoded);
    ASSERT_EQ(decoded->acks.size(), 3U);
    EXPECT_EQ(decoded->acks[1].status, AckStatus::Duplicate);
    EXPECT_TRUE(decoded->acks[2].conflict);
    EXPECT_EQ(encode(response), R"({"format":"igmc-sync/1.0","acks":[{"op_id":"op-a","seq":1,"status":"applied"},)"
                                R"({"op_id":"op-b","seq":2,"status":"duplicate"},{"op_id":"op-c","seq":3,"status":"applied","conflict":true}]})");
}

TEST(WireFormat, ABatchAcceptedWholeIsNamedByItsSizeAndEndsAndAnUnknownStatusIsRefused)
{
    PushResponse response;
    response.accepted = AcceptedBatch{500, "op-a", "op-z"};
    EXPECT_EQ(encode(response), R"({"format":"igmc-sync/1.0","accepted":{"ops":500,"first_op_id":"op-a","last_op_id":"op-z"}})");
    const auto decoded = decodePushResponse(encode(response));
    ASSERT_TRUE(decoded) << decoded.error().message;
    ASSERT_TRUE(decoded->accepted);
    EXPECT_EQ(decoded->accepted->ops, 500U);
    EXPECT_EQ(decoded->accepted->lastOpId, "op-z");
    EXPECT_TRUE(decoded->acks.empty());
    EXPECT_FALSE(decodePushResponse(R"({"format":"igmc-sync/1.0","accepted":{"ops":0,"first_op_id":"a","last_op_id":"b"}})"));
    EXPECT_FALSE(decodePushResponse(R"({"format":"igmc-sync/1.0","accepted":{"ops":2,"first_op_id":"a"}})"));
    // Per-op acks still name their seq; a status the device does not know moves nothing.
    EXPECT_FALSE(decodePushResponse(R"({"format":"igmc-sync/1.0","acks":[{"op_id":"op-a","status":"applied"}]})"));
    EXPECT_FALSE(decodePushResponse(R"({"format":"igmc-sync/1.0","acks":[{"op_id":"op-a","seq":1,"status":"queued"}]})"));
}

TEST(WireFormat, DecodedPayloadsOutliveTheBodyAndSurviveMoves)
{
    PushRequest request;
    request.ops = {sampleOp("o-1", 0), sampleOp("o-2", 0)};
    std::vector<Op> kept;
    {
        auto body = std::make_unique<std::string>(encode(request));
        auto decoded = decodePushRequest(*body);
        ASSERT_TRUE(decoded) << decoded.error().message;
        body.reset();
        for (auto& op : decoded->ops)
            kept.push_back(std::move(op));
    }
    kept.reserve(100);  // reallocates: moves every op again
    ASSERT_EQ(kept.size(), 2U);
    for (std::size_t i = 0; i < kept.size(); ++i) {
        EXPECT_EQ(kept[i].payload, request.ops[i].payload);
        EXPECT_EQ(kept[i].entityId, request.ops[i].entityId);
        EXPECT_EQ(kept[i].deviceId, "device \"7\"");
    }
    boost::json::object copy = kept[0].payload;  // a copy into the default resource is independent
    kept.clear();
    EXPECT_EQ(copy.at("note").as_string(), "line one\nline \"two\" \\ 三");
}

}  // namespace
}  // namespace igmc::sync
