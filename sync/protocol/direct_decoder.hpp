// Decoding a batch of ops (a pulled page on a device, a push on the server) straight into its ops
// and their observation records, without building a JSON tree of it first: the tree (about 17,000
// instructions per op) and copying out of it (into ops, then records) were most of what a device
// spent on a page besides writing it, and a third of what the server spent on a pushed version.
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

struct DecodedPush {
    PushRequest request;
    // One per op: the record of each observation version decoded directly; nullopt for the others,
    // and for every op of a push the tree decoder took (checkOp decodes those from their payloads).
    std::vector<DecodedRecord> records;
    bool direct = false;
};

// The page as decodePullResponse and decodeRecords would give it, with the same errors. Only the
// shape the server writes is decoded directly: an observation version's payload of known fields,
// each once, after its op's entity and action. Anything else (an unknown or repeated key, a wrong
// type, a field out of place, broken JSON) is left to the tree decoders, so every rule and every
// message stays theirs. The payloads of observation versions decoded directly are left empty:
// their records stand for them.
Result<DecodedPage> decodePullPage(std::string_view body);

// The push as decodePushRequest would give it, with the same errors, by the same rules: the shape
// a device writes (its ops carry no sequence, and at most kMaxOpsPerBatch of them) is decoded
// directly, with the versions' records standing for their payloads; anything else is left to
// decodePushRequest.
Result<DecodedPush> decodePush(std::string_view body);

}  // namespace igmc::sync
