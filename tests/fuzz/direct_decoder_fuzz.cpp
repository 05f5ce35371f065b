// libFuzzer target for the direct decoders (sync/protocol/direct_decoder.hpp), differential: for
// any bytes, read as a pulled page and as a push, each must give what the tree decoders give (the
// same ops, records and payloads, or the same error), and never crash, hang or hit undefined
// behaviour.
// SPDX-License-Identifier: Apache-2.0
#include "protocol/direct_decoder.hpp"

#include "store/record_json.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace igmc::sync;

void require(bool condition)
{
    if (!condition)
        std::abort();
}

// `direct` as the tree decoders' `tree` and `records` (records: the tree's for a page; none for a
// push, whose versions the server's check decodes: checkOp's record is decodeRecords').
void requireSameOps(const std::vector<Op>& direct, const std::vector<DecodedRecord>& directRecords, const std::vector<Op>& tree)
{
    const auto records = decodeRecords(tree);
    require(direct.size() == tree.size() && directRecords.size() == tree.size());
    for (std::size_t i = 0; i < tree.size(); ++i) {
        const auto& a = direct[i];
        const auto& b = tree[i];
        require(a.opId == b.opId && a.deviceId == b.deviceId && a.hlc == b.hlc && a.entity == b.entity && a.entityId == b.entityId
                && a.action == b.action && a.seq == b.seq);
        if (directRecords[i]) {
            require(records[i].has_value());
            require(boost::json::serialize(igmc::store::toJson(*directRecords[i])) == boost::json::serialize(igmc::store::toJson(*records[i])));
        } else {
            require(a.payload == b.payload);
        }
    }
}

void checkPage(std::string_view body)
{
    auto page = decodePullPage(body);
    auto tree = decodePullResponse(body);
    require(static_cast<bool>(page) == static_cast<bool>(tree));
    if (!tree) {
        require(page.error().message == tree.error().message);
        return;
    }
    require(page->page.next == tree->next && page->page.more == tree->more);
    // A page's records are all there, directly or from the tree.
    const auto records = decodeRecords(tree->ops);
    for (std::size_t i = 0; i < records.size() && i < page->records.size(); ++i)
        require(page->records[i].has_value() == records[i].has_value());
    requireSameOps(page->page.ops, page->records, tree->ops);
}

void checkPush(std::string_view body)
{
    auto push = decodePush(body);
    auto tree = decodePushRequest(body);
    require(static_cast<bool>(push) == static_cast<bool>(tree));
    if (!tree) {
        require(push.error().message == tree.error().message);
        return;
    }
    requireSameOps(push->request.ops, push->records, tree->ops);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    checkPage(body);
    checkPush(body);
    return 0;
}
