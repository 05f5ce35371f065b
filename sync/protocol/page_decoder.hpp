// Decoding a pulled page straight into its ops and their observation records, without building a
// JSON tree of it first: the tree (about 17,000 instructions per op) and copying out of it twice
// (ops, then records) were most of what a device spent on a page besides writing it.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/op_apply.hpp"

#include <string_view>
#include <vector>

namespace igmc::sync {

struct DecodedPage {
    PullResponse page;
    std::vector<DecodedRecord> records;  // one per op: the record of each observation version
    bool direct = false;                 // decoded without a tree (false: the tree decoders took it)
};

// The page as decodePullResponse and decodeRecords would give it, with the same errors. Only the
// shape the server writes is decoded directly: an observation version's payload of known fields,
// each once, after its op's entity and action. Anything else (an unknown or repeated key, a wrong
// type, a field out of place, broken JSON) is left to the tree decoders, so every rule and every
// message stays theirs. The payloads of observation versions decoded directly are left empty:
// their records stand for them.
Result<DecodedPage> decodePullPage(std::string_view body);

}  // namespace igmc::sync
