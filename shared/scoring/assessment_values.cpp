// SPDX-License-Identifier: Apache-2.0
#include "scoring/assessment_values.hpp"

#include "core/json_reader.hpp"

#include <algorithm>
#include <set>

namespace igmc::scoring {

using catalog::Indicator;
using catalog::ValueType;

std::string_view toString(Stage stage)
{
    return stage == Stage::Planning ? "planning" : "existing";
}

std::optional<Stage> parseStage(std::string_view text)
{
    if (text == "planning")
        return Stage::Planning;
    if (text == "existing")
        return Stage::Existing;
    return std::nullopt;
}

namespace {

std::optional<std::string> checkValue(const Indicator& indicator, const Value& value)
{
    const auto expected = [&](std::string_view what) {
        return "expected " + std::string(what) + " for " + std::string(catalog::toString(indicator.type)) + " indicator "
               + indicator.code;
    };
    switch (indicator.type) {
    case ValueType::Number:
        if (!std::holds_alternative<Decimal>(value))
            return expected("a number");
        return std::nullopt;
    case ValueType::Percent: {
        const auto* number = std::get_if<Decimal>(&value);
        if (!number)
            return expected("a number");
        if (*number < Decimal{} || *number > Decimal::fromInteger(100))
            return "expected a percentage within 0–100 for " + indicator.code + ", found " + number->toString();
        return std::nullopt;
    }
    case ValueType::Boolean:
        if (!std::holds_alternative<bool>(value))
            return expected("true or false");
        return std::nullopt;
    case ValueType::Level: {
        const auto* level = std::get_if<LevelValue>(&value);
        if (!level)
            return expected("a level code");
        const auto& levels = indicator.rule.levels;
        if (std::none_of(levels.begin(), levels.end(), [&](const auto& l) { return l.code == level->code; })) {
            std::string codes;
            for (const auto& l : levels)
                codes += (codes.empty() ? "" : ", ") + l.code;
            return "unknown level \"" + level->code + "\" for " + indicator.code + " (levels: " + codes + ")";
        }
        return std::nullopt;
    }
    case ValueType::Checklist: {
        const auto* checklist = std::get_if<ChecklistValue>(&value);
        if (!checklist)
            return expected("a list of item codes");
        std::set<std::string> seen;
        for (const auto& item : checklist->items) {
            const auto& items = indicator.rule.items;
            if (std::none_of(items.begin(), items.end(), [&](const auto& i) { return i.code == item; }))
                return "unknown checklist item \"" + item + "\" for " + indicator.code;
            if (!seen.insert(item).second)
                return "checklist item \"" + item + "\" listed twice for " + indicator.code;
        }
        return std::nullopt;
    }
    }
    return std::nullopt;
}

// Reads the "value" of one entry according to the indicator's type; nullopt after reporting a problem.
std::optional<Value> readValue(const boost::json::value& json, const Indicator& indicator, const std::string& path,
                               json::Diagnostics& diagnostics)
{
    switch (indicator.type) {
    case ValueType::Number:
    case ValueType::Percent:
        if (auto decimal = json::toDecimal(json))
            return Value{*decimal};
        diagnostics.add(path, "expected a number within ±9e12, found " + json::typeName(json));
        return std::nullopt;
    case ValueType::Boolean:
        if (json.is_bool())
            return Value{json.get_bool()};
        diagnostics.add(path, "expected true or false, found " + json::typeName(json));
        return std::nullopt;
    case ValueType::Level:
        if (json.is_string())
            return Value{LevelValue{std::string(json.get_string())}};
        diagnostics.add(path, "expected a level code (string), found " + json::typeName(json));
        return std::nullopt;
    case ValueType::Checklist: {
        const auto* array = json.if_array();
        ChecklistValue checklist;
        for (std::size_t i = 0; array && i < array->size(); ++i) {
            if (!(*array)[i].is_string()) {
                diagnostics.add(path + "[" + std::to_string(i) + "]", "expected an item code (string)");
                return std::nullopt;
            }
            checklist.items.emplace_back((*array)[i].get_string());
        }
        if (array)
            return Value{std::move(checklist)};
        diagnostics.add(path, "expected an array of item codes, found " + json::typeName(json));
        return std::nullopt;
    }
    }
    return std::nullopt;
}

void readEntries(json::ObjectReader& top, const catalog::Catalog& catalog, AssessmentValues& values)
{
    const auto* entries = top.object("values");
    if (!entries)
        return;
    auto& diagnostics = top.diagnostics();
    for (const auto& item : *entries) {
        const std::string code(item.key());
        const auto path = top.pathOf("values") + "." + code;
        const auto* indicator = catalog.findIndicator(code);
        if (!indicator) {
            diagnostics.add(path, "no indicator \"" + code + "\" in catalog " + catalog.id + " " + catalog.version);
            continue;
        }
        json::ObjectReader reader(item.value(), path, diagnostics);
        if (!reader.valid())
            continue;
        const auto* value = reader.field("value", false);
        const auto reason = reader.string("na", false);
        reader.finish();
        if ((value != nullptr) == reason.has_value()) {
            diagnostics.add(path, "expected exactly one of \"value\" or \"na\" (with the reason it does not apply)");
            continue;
        }
        Entry entry;
        if (value) {
            entry.value = readValue(*value, *indicator, path + ".value", diagnostics);
            if (!entry.value)
                continue;
        } else {
            entry.naReason = *reason;
        }
        if (auto problem = checkEntry(*indicator, entry)) {
            diagnostics.add(path, *problem);
            continue;
        }
        values.entries.emplace(code, std::move(entry));
    }
}

}  // namespace

std::optional<std::string> checkEntry(const Indicator& indicator, const Entry& entry)
{
    if (!entry.isNotApplicable())
        return checkValue(indicator, *entry.value);
    if (indicator.naPolicy == catalog::NaPolicy::Forbidden)
        return "N/A is not accepted for " + indicator.code + ": its policy requires a value";
    const bool blank = std::all_of(entry.naReason.begin(), entry.naReason.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    if (blank)
        return "N/A for " + indicator.code + " needs a reason";
    return std::nullopt;
}

Result<AssessmentValues> parseValues(std::string_view text, const std::string& source, const catalog::Catalog& catalog)
{
    auto document = json::parseDocument(text, source);
    if (!document)
        return document.error();
    json::Diagnostics diagnostics(source);
    json::ObjectReader top(*document, "$", diagnostics);
    AssessmentValues values;
    if (top.valid()) {
        if (const auto format = top.string("format"); format && *format != kValuesFormat)
            top.problem("format", "expected \"" + std::string(kValuesFormat) + "\", found \"" + *format + "\"");
        if (const auto* pin = top.field("catalog")) {
            json::ObjectReader pinReader(*pin, top.pathOf("catalog"), diagnostics);
            values.catalog.id = pinReader.string("id").value_or("");
            values.catalog.version = pinReader.string("version").value_or("");
            pinReader.finish();
            if (pinReader.valid() && (values.catalog.id != catalog.id || values.catalog.version != catalog.version)) {
                diagnostics.add(top.pathOf("catalog"), "values were recorded under " + values.catalog.id + " "
                                                           + values.catalog.version + " but the catalog is " + catalog.id
                                                           + " " + catalog.version);
            }
        }
        if (const auto stage = top.string("stage")) {
            if (auto parsed = parseStage(*stage))
                values.stage = *parsed;
            else
                top.problem("stage", "expected \"planning\" or \"existing\", found \"" + *stage + "\"");
        }
        values.site = top.string("site", false).value_or("");
        readEntries(top, catalog, values);
        top.finish();
    }
    if (!diagnostics.empty())
        return diagnostics.toError();
    return values;
}

Result<AssessmentValues> loadValuesFile(const std::string& path, const catalog::Catalog& catalog)
{
    auto text = json::readFile(path);
    if (!text)
        return text.error();
    return parseValues(*text, path, catalog);
}

}  // namespace igmc::scoring
