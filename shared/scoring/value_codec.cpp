// SPDX-License-Identifier: Apache-2.0
#include "scoring/value_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace igmc::scoring {

namespace {

Error invalid(const std::string& what)
{
    return makeError(ErrorCode::ValidationError, "invalid value: " + what);
}

}  // namespace

boost::json::value valueToJson(const Value& value)
{
    return std::visit(
        [](const auto& v) -> boost::json::value {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Decimal>) {
                return boost::json::object{{"number", v.toString()}};
            } else if constexpr (std::is_same_v<T, bool>) {
                return boost::json::object{{"boolean", v}};
            } else if constexpr (std::is_same_v<T, LevelValue>) {
                return boost::json::object{{"level", v.code}};
            } else {
                boost::json::array items;
                for (const auto& item : v.items)
                    items.emplace_back(item);
                return boost::json::object{{"checklist", std::move(items)}};
            }
        },
        value);
}

Result<Value> valueFromJson(const boost::json::value& json)
{
    const auto* object = json.if_object();
    if (!object || object->size() != 1)
        return invalid("expected an object with exactly one of number, boolean, level, checklist");
    const auto& [key, inner] = *object->begin();
    if (key == "number") {
        const auto* text = inner.if_string();
        const auto number = text ? Decimal::parse(*text) : std::nullopt;
        if (!number)
            return invalid("\"number\" must be a decimal string with at most 6 decimals");
        return Value{*number};
    }
    if (key == "boolean") {
        if (!inner.is_bool())
            return invalid("\"boolean\" must be true or false");
        return Value{inner.get_bool()};
    }
    if (key == "level") {
        if (!inner.is_string() || inner.get_string().empty())
            return invalid("\"level\" must be a non-empty level code");
        return Value{LevelValue{std::string(inner.get_string())}};
    }
    if (key == "checklist") {
        const auto* array = inner.if_array();
        if (!array)
            return invalid("\"checklist\" must be an array of item codes");
        ChecklistValue checklist;
        for (const auto& item : *array) {
            if (!item.is_string())
                return invalid("\"checklist\" items must be strings");
            checklist.items.emplace_back(item.get_string());
        }
        return Value{std::move(checklist)};
    }
    return invalid("unknown value kind \"" + std::string(key) + "\"");
}

std::string encodeValue(const Value& value)
{
    // The common case without building a JSON tree: a decimal's text needs no escaping.
    if (const auto* number = std::get_if<Decimal>(&value))
        return "{\"number\":\"" + number->toString() + "\"}";
    return boost::json::serialize(valueToJson(value));
}

Result<Value> decodeValue(std::string_view text)
{
    // The common case without building a JSON tree: {"number":"12.5"} as encodeValue wrote it. The
    // text between the quotes is only taken when it is a decimal, so nothing else slips through.
    constexpr std::string_view kNumberStart = "{\"number\":\"";
    constexpr std::string_view kNumberEnd = "\"}";
    if (text.size() > kNumberStart.size() + kNumberEnd.size() && text.starts_with(kNumberStart) && text.ends_with(kNumberEnd)) {
        if (auto number = Decimal::parse(text.substr(kNumberStart.size(), text.size() - kNumberStart.size() - kNumberEnd.size())))
            return Value{*number};
    }
    boost::system::error_code ec;
    const auto json = boost::json::parse(text, ec);
    if (ec)
        return invalid("not JSON: " + ec.message());
    return valueFromJson(json);
}

std::string displayValue(const Value& value)
{
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Decimal>) {
                return v.toString();
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? "yes" : "no";
            } else if constexpr (std::is_same_v<T, LevelValue>) {
                return v.code;
            } else {
                std::string text;
                for (const auto& item : v.items)
                    text += (text.empty() ? "" : ", ") + item;
                return text;
            }
        },
        value);
}

}  // namespace igmc::scoring
