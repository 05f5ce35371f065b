// Who may push which change. Every pushed op is decided on the stored facts it touches (the
// observation, the visit, the assessment, each end of an evidence link), never on its own claims,
// and the scope it is logged under (who pulls it) is taken from those facts too.
//
// Rules (tests iterate writeRules() and cite these numbers):
//  1. A change no rule names is refused; a rule names the roles that may push it at all.
//  2. The target is resolved in the store; a change to a record the server does not hold is refused
//     (a create names a new record, or one it may already change).
//  3. The op's claims must match the stored facts: ids in its payload, the partner, site or
//     assessment it names, its device and a version's author (the device the token speaks for).
//  4. Scope: an inspector changes only assessments it may see; a trainer only its partner's
//     visits, feedback at its partner's sites and unlinked site-walk evidence; a kiosk only
//     answers at its own site; a reviewer only an assessment's status.
//  5. Tombstones are the programme's alone (admin): no device journals a delete.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "protocol/access.hpp"
#include "protocol/op_apply.hpp"

#include <set>
#include <span>
#include <string>
#include <string_view>

namespace igmc::sync {

// The device pushing, as the server knows it from its token.
struct Pusher {
    Role role = Role::Kiosk;
    Scope scope;
    std::string authorId;                    // the device id its records carry (its store's), once known
    std::set<std::string> visibleAssessments;  // assignments and scope
};

using RoleSet = unsigned;
constexpr RoleSet roleBit(Role role)
{
    return 1U << static_cast<unsigned>(role);
}

struct WriteRule {
    std::string_view entity;  // "*": any entity
    std::string_view action;
    RoleSet roles;            // who may push it at all (rule 1)
    // Rules 2-4 for this change: the scope to log the op under, or why it is refused.
    Result<OpScope> (*decide)(store::Store& store, const Pusher& pusher, const Op& op, const store::Observation* version);
};

std::span<const WriteRule> writeRules();
// The rule for entity/action (a "*" rule for any entity), or null.
const WriteRule* findWriteRule(std::string_view entity, std::string_view action);
// Rules 1-5 for one op, against the store as it is when the op is applied (earlier ops of the same
// push included). `version`: the op's decoded observation version, if it carries one. Forbidden
// (403) or ValidationError (422, an unknown target) with a reason the device can show.
Result<OpScope> authorisePush(store::Store& store, const Pusher& pusher, const Op& op, const store::Observation* version);

}  // namespace igmc::sync
