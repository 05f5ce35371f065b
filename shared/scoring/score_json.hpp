// The JSON form of a ScoreResult (for `igmc score --json`, the server and reports). Points are
// strings with two decimals ("209.99") so no consumer ever sees a binary float.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"
#include "scoring/score_result.hpp"

#include <boost/json/value.hpp>

namespace igmc::scoring {

boost::json::value toJson(const catalog::Catalog& catalog, const ScoreResult& result, catalog::Lang lang);

}  // namespace igmc::scoring
