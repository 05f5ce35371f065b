// A pulled page or a push decoded directly gives what the tree decoders (decodePullResponse or
// decodePushRequest, and decodeRecords) give, and every batch of another shape is left to them,
// errors included.
// SPDX-License-Identifier: Apache-2.0
#include "protocol/direct_decoder.hpp"

#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "support/bench_records.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace igmc::sync {
namespace {

// What decodePullPage gave equals what the tree decoders give for `body`; returns its `direct`.
bool decodesAsTheTreeDecoders(const std::string& body)
{
    auto page = decodePullPage(body);
    auto tree = decodePullResponse(body);
    if (!tree) {
        EXPECT_FALSE(page);
        if (!page) {
            EXPECT_EQ(page.error().message, tree.error().message);
        }
        return page && page->direct;
    }
    EXPECT_TRUE(page) << page.error().message;
    if (!page)
        return false;
    const auto records = decodeRecords(tree->ops);
    EXPECT_EQ(page->page.next, tree->next);
    EXPECT_EQ(page->page.more, tree->more);
    EXPECT_EQ(page->page.ops.size(), tree->ops.size());
    EXPECT_EQ(page->records.size(), page->page.ops.size());
    for (std::size_t i = 0; i < std::min(page->page.ops.size(), tree->ops.size()); ++i) {
        const auto& a = page->page.ops[i];
        const auto& b = tree->ops[i];
        EXPECT_EQ(a.opId, b.opId);
        EXPECT_EQ(a.deviceId, b.deviceId);
        EXPECT_EQ(a.hlc, b.hlc);
        EXPECT_EQ(a.entity, b.entity);
        EXPECT_EQ(a.entityId, b.entityId);
        EXPECT_EQ(a.action, b.action);
        EXPECT_EQ(a.seq, b.seq);
        EXPECT_EQ(page->records[i].has_value(), records[i].has_value()) << "op " << i;
        if (page->records[i] && records[i])
            EXPECT_EQ(boost::json::serialize(store::toJson(*page->records[i])), boost::json::serialize(store::toJson(*records[i])));
        else
            EXPECT_EQ(a.payload, b.payload) << "op " << i;  // a version's record stands for its payload
    }
    return page->direct;
}

// The same for a push: its ops are decodePushRequest's, and each record it holds is the one the
// server's check would decode from the op's payload.
bool pushDecodesAsTheTreeDecoder(const std::string& body)
{
    auto push = decodePush(body);
    auto tree = decodePushRequest(body);
    if (!tree) {
        EXPECT_FALSE(push);
        if (!push) {
            EXPECT_EQ(push.error().message, tree.error().message);
        }
        return push && push->direct;
    }
    EXPECT_TRUE(push) << push.error().message;
    if (!push)
        return false;
    const auto records = decodeRecords(tree->ops);
    EXPECT_EQ(push->request.ops.size(), tree->ops.size());
    EXPECT_EQ(push->records.size(), tree->ops.size());
    for (std::size_t i = 0; i < std::min(push->request.ops.size(), tree->ops.size()); ++i) {
        const auto& a = push->request.ops[i];
        const auto& b = tree->ops[i];
        EXPECT_EQ(a.opId, b.opId);
        EXPECT_EQ(a.deviceId, b.deviceId);
        EXPECT_EQ(a.hlc, b.hlc);
        EXPECT_EQ(a.entity, b.entity);
        EXPECT_EQ(a.entityId, b.entityId);
        EXPECT_EQ(a.action, b.action);
        EXPECT_EQ(a.seq, 0);
        if (push->records[i]) {
            EXPECT_TRUE(records[i].has_value()) << "op " << i;
            if (records[i]) {
                EXPECT_EQ(boost::json::serialize(store::toJson(*push->records[i])), boost::json::serialize(store::toJson(*records[i])));
            }
        } else {
            EXPECT_EQ(a.payload, b.payload) << "op " << i;
        }
    }
    return push->direct;
}

store::Observation version(int i)
{
    auto o = test::benchVersion("assessment-1", i, "tablet-7");
    o.inspector = "li.wei";  // the edits below look for it
    return o;
}

Op opOf(const store::Observation& o, std::int64_t seq)
{
    return {newUuidV7(), o.deviceId, o.hlc, "observation", o.id, "create", store::toJson(o), seq, {}};
}

Op otherOp(std::string entity, std::string action, boost::json::object payload, std::int64_t seq)
{
    return {newUuidV7(), "tablet-7", HlcTimestamp{1'795'000'000'000ULL, 9}.toString(), std::move(entity), newUuidV7(), std::move(action),
            std::move(payload), seq, {}};
}

// A page as the server writes it, with every kind of version field and some other changes.
PullResponse serverPage()
{
    PullResponse page;
    std::int64_t seq = 40;
    auto plain = version(0);
    page.ops.push_back(opOf(plain, ++seq));
    auto edit = version(1);
    edit.parentId = plain.id;
    edit.value = scoring::Value{true};
    edit.location = store::GeoPoint{-33.5, 151, std::nullopt};
    page.ops.push_back(opOf(edit, ++seq));
    auto level = version(2);
    level.value = scoring::Value{scoring::LevelValue{"L3"}};
    level.location.reset();
    level.unit.clear();
    page.ops.push_back(opOf(level, ++seq));
    auto checklist = version(3);
    checklist.value = scoring::Value{scoring::ChecklistValue{{"a", "b", "c"}}};
    page.ops.push_back(opOf(checklist, ++seq));
    auto notApplicable = version(4);
    notApplicable.value.reset();
    notApplicable.naReason = "no station in the district";
    page.ops.push_back(opOf(notApplicable, ++seq));
    // Escapes, other scripts, and a note long enough to reach the decoder in parts.
    auto escaped = version(5);
    escaped.note = "He said \"checked\" \\ twice\n\t— 已核实 ✓ 🌳";
    for (int i = 0; i < 2'000; ++i)
        escaped.note += " line " + std::to_string(i) + "\n\"quoted\"";
    page.ops.push_back(opOf(escaped, ++seq));
    page.ops.push_back(otherOp("assessment", "status", {{"id", "a-1"}, {"status", "review"}, {"nested", {{"list", {1, 2.5, -3, nullptr, true}}}}}, ++seq));
    page.ops.push_back(otherOp("evidence", "link", {{"sha256", std::string(64, 'a')}, {"observation_id", plain.id}}, ++seq));
    page.ops.push_back(otherOp("observation", "delete", {}, ++seq));
    page.ops.back().deviceId.clear();  // anonymous changes carry none
    page.next = seq;
    page.more = true;
    return page;
}

// The same changes as a device pushes them: no sequence yet.
PushRequest devicePush()
{
    PushRequest push;
    push.ops = serverPage().ops;
    for (auto& op : push.ops)
        op.seq = 0;
    return push;
}

TEST(PageDecoder, AServerPageIsDecodedDirectlyAsTheTreeDecodersDecodeIt)
{
    const auto body = encode(serverPage());
    EXPECT_TRUE(decodesAsTheTreeDecoders(body));
    auto page = decodePullPage(body);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->records[1]->parentId, page->records[0]->id);
    EXPECT_TRUE(page->page.ops[0].payload.empty());  // the record stands for it
    EXPECT_FALSE(page->page.ops[6].payload.empty());
}

TEST(PageDecoder, AnEmptyLastPageIsDecodedDirectly)
{
    PullResponse page;
    page.next = 7;
    EXPECT_TRUE(decodesAsTheTreeDecoders(encode(page)));
}

TEST(PageDecoder, AVersionWhosePayloadComesBeforeItsActionIsDecodedFromItsTree)
{
    const auto o = version(0);
    const std::string body = R"({"format":"igmc-sync/1.0","ops":[{"op_id":")" + newUuidV7() + R"(","payload":)"
                             + boost::json::serialize(store::toJson(o)) + R"(,"hlc":")" + o.hlc + R"(","entity":"observation","entity_id":")"
                             + o.id + R"(","action":"create","seq":3}],"next":3,"more":false})";
    EXPECT_TRUE(decodesAsTheTreeDecoders(body));
    EXPECT_TRUE(decodePullPage(body)->records[0].has_value());
}

// Edits of a server page: each gives a page the direct decoder leaves to the tree decoders.
std::string edited(std::string body, const std::string& from, const std::string& to)
{
    const auto at = body.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? body : body.replace(at, from.size(), to);
}

TEST(PageDecoder, PagesOfAnotherShapeAreLeftToTheTreeDecodersWithTheirErrors)
{
    const auto body = encode(serverPage());
    const std::vector<std::pair<std::string, std::string>> edits = {
        {"\"op_id\":", "\"extra\":1,\"op_id\":"},                   // a key the decoders do not know, in an op
        {"\"unit\":", "\"colour\":\"green\",\"unit\":"},          // … and in a version
        {"\"unit\":", "\"note\":\"twice\",\"unit\":"},            // a key twice
        {"{\"number\":", "\"number\":[{\"number\":"},             // broken JSON
        {"\"value\":{", "\"value\":\"5\",\"v\":{"},               // a value of the wrong type
        {"\"inspector\":\"li.wei\"", "\"inspector\":null"},          // a required field null
        {"\"latitude\":", "\"latitude\":\"39\",\"lat\":"},          // a location of the wrong type
        {"igmc-sync/1.0", "igmc-sync/2.0"},                            // another major version
        {",\"more\":true", ""},                                       // no "more"
        {"\"seq\":41", "\"seq\":41.0"},                               // a cursor that is not an integer
        {"\"seq\":41", "\"seq\":-41"},
        {"\"hlc\":\"", "\"hlc\":\"x"},                                // a clock that does not parse
        {"\"action\":\"create\"", "\"action\":\"\""},                // an empty action
        {"\"device_id\":\"tablet-7\",\"hlc", "\"device_id\":7,\"hlc"},  // a device id that is not text
    };
    for (const auto& [from, to] : edits) {
        SCOPED_TRACE(from + " -> " + to);
        EXPECT_FALSE(decodesAsTheTreeDecoders(edited(body, from, to)));
    }
    EXPECT_FALSE(decodesAsTheTreeDecoders(body + " x"));  // trailing bytes
    EXPECT_FALSE(decodesAsTheTreeDecoders(""));
}

TEST(PushDecoder, ADevicePushIsDecodedDirectlyAsTheTreeDecoderDecodesIt)
{
    const auto body = encode(devicePush());
    EXPECT_TRUE(pushDecodesAsTheTreeDecoder(body));
    auto push = decodePush(body);
    ASSERT_TRUE(push);
    ASSERT_EQ(push->records.size(), 9U);
    EXPECT_EQ(push->records[1]->parentId, push->records[0]->id);
    EXPECT_TRUE(push->request.ops[0].payload.empty());  // the record stands for it
    EXPECT_FALSE(push->records[6]);                     // not a version: its payload is there
    EXPECT_FALSE(push->request.ops[6].payload.empty());
    EXPECT_TRUE(pushDecodesAsTheTreeDecoder(encode(PushRequest{})));
}

TEST(PushDecoder, PushesOfAnotherShapeAreLeftToTheTreeDecoderWithItsErrors)
{
    const auto body = encode(devicePush());
    const std::vector<std::pair<std::string, std::string>> edits = {
        {"\"op_id\":", "\"seq\":5,\"op_id\":"},                 // a sequence: the server gives it
        {"{\"format\":", "{\"next\":1,\"format\":"},            // a page's key
        {"\"op_id\":", "\"extra\":1,\"op_id\":"},               // a key the decoders do not know
        {"\"unit\":", "\"unit\":\"m\",\"unit\":"},             // a key twice
        {"\"value\":{", "\"value\":[],\"v\":{"},                 // a value of the wrong type
        {"\"assessment_id\":\"assessment-1\"", "\"assessment_id\":1"},  // the scope of the wrong type
        {"igmc-sync/1.0", "igmc-sync/2.0"},                          // another major version
        {"\"hlc\":\"", "\"hlc\":\"x"},                            // a clock that does not parse
        {"\"entity_id\":\"", "\"entity_id\":\"\",\"e\":\""},   // an empty entity id
    };
    for (const auto& [from, to] : edits) {
        SCOPED_TRACE(from + " -> " + to);
        EXPECT_FALSE(pushDecodesAsTheTreeDecoder(edited(body, from, to)));
    }
    EXPECT_FALSE(pushDecodesAsTheTreeDecoder(encode(serverPage())));  // a page is not a push
    EXPECT_FALSE(pushDecodesAsTheTreeDecoder(body + "]"));
}

// A number too large for a double (1e400) reads as infinity, and infinity is written back as
// `Infinity`, which is not JSON: stored and sent on, it would stop every device that pulls it (found
// by the push-decoder fuzz target). Both decoders refuse it, wherever it stands, with one message.
TEST(PushDecoder, ANumberTooLargeForADoubleIsRefusedWhereverItStands)
{
    const auto body = encode(devicePush());
    const auto page = encode(serverPage());
    const std::vector<std::pair<std::string, std::string>> edits = {
        {"\"latitude\":", "\"latitude\":1e400,\"l\":"},   // in a version's location
        {"\"accuracy_m\":", "\"accuracy_m\":-1e999,\"a\":"},  // negative, in another field
    };
    for (const auto& [from, to] : edits) {
        SCOPED_TRACE(from + " -> " + to);
        for (const auto& original : {body, page}) {
            const auto broken = edited(original, from, to);
            ASSERT_NE(broken, original);
            const auto tree = original == body ? decodePushRequest(broken).error() : decodePullResponse(broken).error();
            EXPECT_NE(tree.message.find("too large for a double"), std::string::npos) << tree.message;
            if (original == body)
                EXPECT_FALSE(pushDecodesAsTheTreeDecoder(broken));
            else
                EXPECT_FALSE(decodesAsTheTreeDecoders(broken));
        }
    }
    // In a payload that is not a version (kept as a tree): the same.
    PushRequest other;
    other.ops.push_back({newUuidV7(), "", "1795000000000.000001", "site", newUuidV7(), "create",
                         boost::json::object{{"id", "s"}, {"latitude", 1.0}}, 0, {}});
    const auto site = edited(encode(other), "\"latitude\":", "\"latitude\":1e400,\"x\":");
    EXPECT_FALSE(pushDecodesAsTheTreeDecoder(site));
    ASSERT_FALSE(decodePushRequest(site));
}

TEST(PushDecoder, ABatchOverTheLimitIsRefusedAsTheTreeDecoderRefusesIt)
{
    PushRequest push;
    for (std::size_t i = 0; i <= kMaxOpsPerBatch; ++i)
        push.ops.push_back(opOf(version(static_cast<int>(i)), 0));
    auto decoded = decodePush(encode(push));
    ASSERT_FALSE(decoded);
    EXPECT_EQ(decoded.error().message, decodePushRequest(encode(push)).error().message);
    push.ops.pop_back();
    EXPECT_TRUE(pushDecodesAsTheTreeDecoder(encode(push)));
}

// A page of one version whose value and location are the given JSON text.
std::string pageWith(const std::string& value, const std::string& location)
{
    PullResponse page;
    page.ops.push_back(opOf(version(0), 5));
    page.next = 5;
    auto body = encode(page);
    const auto replaceBetween = [&body](const std::string& from, const std::string& to, const std::string& text) {
        const auto begin = body.find(from) + from.size();
        body.replace(begin, body.find(to, begin) - begin, text);
    };
    replaceBetween("\"value\":", ",\"na_reason\"", value);
    replaceBetween("\"location\":", ",\"inspector\"", location);
    return body;
}

// A version's value and location are read as they come, not built as trees: every shape a device
// or server writes is read directly, and any other is left to the tree decoders, which say what
// is wrong with it or read it their way.
TEST(PageDecoder, ValuesAndLocationsAreReadDirectlyOnlyInTheShapesDevicesWrite)
{
    const std::string point = R"({"latitude":39.9,"longitude":116.4,"accuracy_m":4.5})";
    const std::vector<std::string> directValues = {
        R"({"number":"12.5"})", R"({"number":"-0.000001"})", R"({"boolean":false})", R"({"level":"L2"})",
        R"({"level":"\u004C3"})", R"({"checklist":[]})", R"({"checklist":["a","\u00e9",""]})", "null"};
    for (const auto& value : directValues) {
        SCOPED_TRACE(value);
        EXPECT_TRUE(decodesAsTheTreeDecoders(pageWith(value, point)));
        EXPECT_EQ(decodePullPage(pageWith(value, point))->records[0]->value.has_value(), value != "null");
    }
    const std::vector<std::string> directLocations = {
        R"({"latitude":39,"longitude":-116,"accuracy_m":null})", R"({"longitude":1E2,"latitude":-3.35E1})",
        R"({"accuracy_m":0,"latitude":0,"longitude":0})", "null"};
    for (const auto& location : directLocations) {
        SCOPED_TRACE(location);
        EXPECT_TRUE(decodesAsTheTreeDecoders(pageWith(R"({"number":"1"})", location)));
    }
    const std::vector<std::string> otherValues = {
        "{}", R"({"number":"5","boolean":true})", R"({"number":5})", R"({"number":"1e5"})", R"({"number":"1.1234567"})",
        R"({"boolean":"yes"})", R"({"level":""})", R"({"level":null})", R"({"checklist":["a",1]})", R"({"checklist":[["a"]]})",
        R"({"checklist":"a"})", R"({"colour":"green"})", R"({"number":{"x":1}})", "[]", "5"};
    for (const auto& value : otherValues) {
        SCOPED_TRACE(value);
        EXPECT_FALSE(decodesAsTheTreeDecoders(pageWith(value, point)));
    }
    const std::vector<std::string> otherLocations = {
        "{}", R"({"latitude":39})", R"({"latitude":null,"longitude":1})", R"({"latitude":"39","longitude":1})",
        R"({"latitude":1,"longitude":2,"altitude":3})", R"({"latitude":1,"latitude":2,"longitude":3})",
        R"({"latitude":1,"longitude":2,"accuracy_m":true})", R"({"latitude":18446744073709551615,"longitude":1})",
        R"({"latitude":[1],"longitude":2})", "[1,2]"};
    for (const auto& location : otherLocations) {
        SCOPED_TRACE(location);
        EXPECT_FALSE(decodesAsTheTreeDecoders(pageWith(R"({"number":"1"})", location)));
    }
}

}  // namespace
}  // namespace igmc::sync
