// One assessment's indicator values as scored: a value or an N/A reason per indicator code, plus the
// catalog pin and the stage. Values files (format igmc-values/1) are documented in catalog/README.md.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"
#include "core/fixed_point.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace igmc::scoring {

inline constexpr std::string_view kValuesFormat = "igmc-values/1";

enum class Stage { Planning, Existing };
std::string_view toString(Stage stage);
std::optional<Stage> parseStage(std::string_view text);

struct LevelValue {
    std::string code;
};

struct ChecklistValue {
    std::vector<std::string> items;  // codes of the items met, no repeats
};

using Value = std::variant<Decimal, bool, LevelValue, ChecklistValue>;

struct Entry {
    std::optional<Value> value;  // empty means N/A
    std::string naReason;        // non-empty exactly when N/A

    static Entry of(Value v) { return Entry{std::move(v), {}}; }
    static Entry notApplicable(std::string reason) { return Entry{std::nullopt, std::move(reason)}; }
    [[nodiscard]] bool isNotApplicable() const { return !value.has_value(); }
};

struct CatalogPin {
    std::string id;
    std::string version;
};

struct AssessmentValues {
    CatalogPin catalog;
    Stage stage = Stage::Existing;
    std::string site;
    std::unordered_map<std::string, Entry> entries;  // by indicator code; absent = missing
};

// Why `entry` cannot stand for `indicator` (wrong type, out of range, unknown level or item, N/A not
// allowed or without a reason); nullopt when it can.
std::optional<std::string> checkEntry(const catalog::Indicator& indicator, const Entry& entry);

// Parses and checks a values document against `catalog`; every problem is listed with its JSON path.
Result<AssessmentValues> parseValues(std::string_view text, const std::string& source, const catalog::Catalog& catalog);
Result<AssessmentValues> loadValuesFile(const std::string& path, const catalog::Catalog& catalog);

}  // namespace igmc::scoring
