// The five rule kinds, each turning a well-typed value into the exact share of points it earns.
// Guarantee: the share is in [0, 1] and never decreases as the value moves in the good direction.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"
#include "core/fixed_point.hpp"
#include "scoring/assessment_values.hpp"

namespace igmc::scoring {

// Precondition: checkEntry(indicator, Entry::of(value)) passed; a mismatched value earns nothing.
Fraction evaluateRule(const catalog::Indicator& indicator, const Value& value);

}  // namespace igmc::scoring
