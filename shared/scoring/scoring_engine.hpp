// Scores an assessment under a catalog. Exact: integer hundredths throughout, one rounding rule
// (catalog/README.md, "Scoring"); the total is the sum of the rounded indicator points.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"
#include "core/result.hpp"
#include "scoring/assessment_values.hpp"
#include "scoring/score_result.hpp"

namespace igmc::scoring {

// Fails when the values are pinned to another catalog or an entry does not fit its indicator.
Result<ScoreResult> score(const catalog::Catalog& catalog, const AssessmentValues& values);

// Shares `total` among `weights` in proportion, by the largest-remainder method, so that the parts
// add up exactly to `total`. Ties go to the earlier weight. All-zero weights give all-zero parts.
std::vector<Points> apportion(Points total, const std::vector<Points>& weights);

}  // namespace igmc::scoring
