// What scoring an assessment produces: points at every level, the rating band, completeness and
// the gap to the next band. Plain data, rendered by the CLI, the server and the app.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/fixed_point.hpp"
#include "scoring/assessment_values.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace igmc::scoring {

enum class IndicatorStatus {
    Scored,               // a value was given
    Missing,              // no value: scores 0
    NotApplicableExcluded,  // N/A under "rescale": excluded, its points shared within the category
    NotApplicableZero,    // N/A under "zero": scores 0
};
std::string_view toString(IndicatorStatus status);

struct IndicatorScore {
    std::size_t indicator = 0;  // index into Catalog::indicators
    IndicatorStatus status = IndicatorStatus::Missing;
    Points score;
    Points max;                 // effective max after N/A rescaling (0 when excluded)
    Fraction share;             // exact share of max earned
    std::string naReason;
};

struct GroupScore {
    std::string code;
    Points score;
    Points max;
    std::size_t indicators = 0;
    std::size_t answered = 0;       // with a value
    std::size_t notApplicable = 0;
    std::size_t missing = 0;
};

struct Completeness {
    std::size_t indicators = 0;
    std::size_t answered = 0;
    std::size_t notApplicable = 0;
    std::size_t missing = 0;
    // Share of indicators with a value or an N/A, in hundredths of a percent (10000 = 100 %).
    [[nodiscard]] std::int64_t basisPoints() const;
};

struct GapItem {
    std::size_t indicator = 0;
    Points available;  // effective max − score
};

struct GapAnalysis {
    std::optional<std::size_t> nextBand;  // index into Catalog::bands; nullopt at the top band
    Points deficit;                       // points still needed for nextBand
    std::vector<GapItem> ranked;          // every indicator with points available, most first
    std::size_t minimalSetSize = 0;       // the first n of `ranked` reach nextBand
    bool reachable = false;               // false when even full marks everywhere fall short
};

struct ScoreResult {
    CatalogPin catalog;
    Stage stage = Stage::Existing;
    std::string site;
    Points total;
    Points max;
    std::optional<std::size_t> band;  // index into Catalog::bands; nullopt = not certified
    std::vector<IndicatorScore> indicators;  // in catalog order
    std::vector<GroupScore> categories;      // in catalog order
    std::vector<GroupScore> dimensions;
    std::vector<GroupScore> principles;      // overlapping: an indicator counts for each of its principles
    Completeness completeness;
    GapAnalysis gap;
    std::vector<std::string> warnings;
};

}  // namespace igmc::scoring
