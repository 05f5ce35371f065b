// The in-memory form of a standard edition: principles, dimensions, categories, indicators and rules.
// A Catalog is only ever built by the loader, which guarantees that it is internally consistent:
// every reference resolves, points add up, and every rule fits its indicator's type and direction.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/fixed_point.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace igmc::catalog {

enum class Lang { En, Zh };

struct Text {
    std::string en;
    std::string zh;

    [[nodiscard]] const std::string& in(Lang lang) const { return lang == Lang::Zh ? zh : en; }
};

enum class Edition { City, Community };
enum class ValueType { Number, Percent, Boolean, Level, Checklist };
enum class Direction { Higher, Lower };
enum class NaPolicy { Rescale, Zero, Forbidden };
enum class EvidenceKind { Photo, Document, Measurement };
enum class RuleKind { Bands, Linear, Boolean, Levels, Checklist };

std::string_view toString(Edition edition);
std::string_view toString(ValueType type);
std::string_view toString(Direction direction);
std::string_view toString(NaPolicy policy);
std::string_view toString(EvidenceKind kind);
std::string_view toString(RuleKind kind);

struct Band {
    Decimal threshold;
    Points points;
};

struct Level {
    std::string code;
    Text name;
    Points points;
};

struct ChecklistItem {
    std::string code;
    Text name;
};

struct Rule {
    RuleKind kind = RuleKind::Boolean;
    std::vector<Band> bands;            // Bands: ordered from the easiest band to the best
    Decimal floor;                      // Linear
    Decimal target;                     // Linear
    std::vector<Level> levels;          // Levels: worst → best
    std::vector<ChecklistItem> items;   // Checklist
    int minItems = 0;                   // Checklist
};

struct Iso37101Tag {
    int issue = 0;                      // 1–12, clauses 4.6.2–4.6.13
    std::vector<std::string> purposes;
};

struct Tags {
    std::vector<std::string> principles;
    std::string iso37120;               // empty when none
    Iso37101Tag iso37101;
    std::string sdg11;                  // empty when none
};

struct Indicator {
    std::string code;
    std::string category;
    Text name;
    Text definition;
    std::optional<Text> benchmark;
    std::string unit;
    ValueType type = ValueType::Number;
    Direction direction = Direction::Higher;
    Points points;
    Rule rule;
    std::vector<EvidenceKind> evidence;
    NaPolicy naPolicy = NaPolicy::Rescale;
    Tags tags;

    std::size_t categoryIndex = 0;
    std::vector<std::size_t> principleIndexes;
};

struct Category {
    std::string code;
    std::string dimension;
    Text name;
    Points points;
    Text definition;
    std::vector<Text> aims;
    std::vector<Text> strategies;
    std::vector<Text> bestPractices;

    std::size_t dimensionIndex = 0;
    std::vector<std::size_t> indicatorIndexes;
};

struct Dimension {
    std::string code;
    Text name;
    Points points;

    std::vector<std::size_t> categoryIndexes;
};

struct Principle {
    std::string code;
    Text name;
};

struct RatingBand {
    std::string code;
    Points minPoints;
    Text name;
};

struct Catalog {
    std::string id;
    std::string version;
    Edition edition = Edition::City;
    Text title;
    Text provenance;
    std::string licence;
    Points totalPoints;
    std::vector<RatingBand> bands;      // best first, minPoints strictly decreasing
    std::vector<Principle> principles;
    std::vector<Dimension> dimensions;
    std::vector<Category> categories;
    std::vector<Indicator> indicators;

    [[nodiscard]] const Indicator* findIndicator(std::string_view code) const;
    [[nodiscard]] std::optional<std::size_t> indicatorIndex(std::string_view code) const;
    // Index of the best band whose minimum `total` reaches, nullopt when not certified.
    [[nodiscard]] std::optional<std::size_t> bandFor(Points total) const;

    // Built by the loader; maps indicator code → index.
    std::unordered_map<std::string, std::size_t> indicatorByCode;
};

}  // namespace igmc::catalog
