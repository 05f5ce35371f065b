// libFuzzer target for the direct page decoder (sync/protocol/page_decoder.hpp), differential: for
// any bytes it must give what the tree decoders give (the same ops, records and payloads, or the
// same error), and never crash, hang or hit undefined behaviour.
// SPDX-License-Identifier: Apache-2.0
#include "protocol/page_decoder.hpp"

#include "store/record_json.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace igmc::sync;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto page = decodePullPage(body);
    auto tree = decodePullResponse(body);
    require(static_cast<bool>(page) == static_cast<bool>(tree));
    if (!tree) {
        require(page.error().message == tree.error().message);
        return 0;
    }
    const auto records = decodeRecords(tree->ops);
    require(page->page.next == tree->next && page->page.more == tree->more && page->page.ops.size() == tree->ops.size());
    for (std::size_t i = 0; i < tree->ops.size(); ++i) {
        const auto& a = page->page.ops[i];
        const auto& b = tree->ops[i];
        require(a.opId == b.opId && a.deviceId == b.deviceId && a.hlc == b.hlc && a.entity == b.entity && a.entityId == b.entityId
                && a.action == b.action && a.seq == b.seq);
        require(page->records[i].has_value() == records[i].has_value());
        if (records[i])
            require(boost::json::serialize(igmc::store::toJson(*page->records[i])) == boost::json::serialize(igmc::store::toJson(*records[i])));
        else
            require(a.payload == b.payload);
    }
    return 0;
}
