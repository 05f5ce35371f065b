// SPDX-License-Identifier: Apache-2.0
#include "core/json_reader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>

#include <fstream>
#include <sstream>

namespace igmc::json {

namespace {

constexpr std::size_t kMaxListedProblems = 50;

std::string quote(std::string_view key)
{
    return "\"" + std::string(key) + "\"";
}

// Line and column (1-based) of a byte offset, for syntax errors.
std::string lineColumn(std::string_view text, std::size_t offset)
{
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

void Diagnostics::add(const std::string& path, const std::string& problem)
{
    m_problems.push_back(path + ": " + problem);
}

Error Diagnostics::toError() const
{
    std::string message;
    for (std::size_t i = 0; i < m_problems.size() && i < kMaxListedProblems; ++i) {
        if (i > 0)
            message += '\n';
        message += m_source + ": " + m_problems[i];
    }
    if (m_problems.size() > kMaxListedProblems)
        message += "\n… and " + std::to_string(m_problems.size() - kMaxListedProblems) + " more problems";
    return makeError(ErrorCode::ValidationError, message, m_source);
}

Result<boost::json::value> parseDocument(std::string_view text, const std::string& source)
{
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    const std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
    if (!ec && consumed < text.size())
        ec = boost::json::error::extra_data;
    if (!ec)
        parser.finish(ec);
    if (ec) {
        return makeError(ErrorCode::ParseError,
                         source + ": not valid JSON at " + lineColumn(text, consumed) + ": " + ec.message(), source);
    }
    return parser.release();
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorCode::IoError, path + ": cannot open the file for reading", path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        return makeError(ErrorCode::IoError, path + ": read failed", path);
    return buffer.str();
}

std::string typeName(const boost::json::value& value)
{
    switch (value.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
    }
    return "a value";
}

void readBilingual(const boost::json::value& value, const std::string& path, Diagnostics& diagnostics, std::string& en, std::string& zh)
{
    ObjectReader reader(value, path, diagnostics);
    for (auto [lang, target] : {std::pair{"en", &en}, std::pair{"zh", &zh}}) {
        if (auto s = reader.string(lang)) {
            if (s->empty())
                reader.problem(lang, "expected non-empty text");
            *target = std::move(*s);
        }
    }
    reader.finish();
}

std::optional<Decimal> toDecimal(const boost::json::value& value)
{
    switch (value.kind()) {
    case boost::json::kind::int64:
        if (value.get_int64() > 9'000'000'000'000 || value.get_int64() < -9'000'000'000'000)
            return std::nullopt;
        return Decimal::fromInteger(value.get_int64());
    case boost::json::kind::uint64:
        if (value.get_uint64() > 9'000'000'000'000)
            return std::nullopt;
        return Decimal::fromInteger(static_cast<std::int64_t>(value.get_uint64()));
    case boost::json::kind::double_: return Decimal::fromDouble(value.get_double());
    default: return std::nullopt;
    }
}

std::optional<Points> toPoints(const boost::json::value& value)
{
    if (value.is_int64() && value.get_int64() >= -1'000'000'000 && value.get_int64() <= 1'000'000'000)
        return Points::fromWhole(value.get_int64());
    if (value.is_double())
        return Points::fromDouble(value.get_double());
    return std::nullopt;
}

ObjectReader::ObjectReader(const boost::json::value& value, std::string path, Diagnostics& diagnostics)
    : m_object(value.if_object()), m_path(std::move(path)), m_diagnostics(diagnostics)
{
    if (!m_object)
        m_diagnostics.add(m_path, "expected an object, found " + typeName(value));
}

std::string ObjectReader::pathOf(std::string_view key) const
{
    return m_path + "." + std::string(key);
}

bool ObjectReader::has(std::string_view key) const
{
    return m_object && m_object->contains(key);
}

const boost::json::value* ObjectReader::field(std::string_view key, bool required)
{
    if (!m_object)
        return nullptr;
    m_known.emplace(key);
    const auto* value = m_object->if_contains(key);
    if (!value && required)
        m_diagnostics.add(m_path, "missing required field " + quote(key));
    return value;
}

std::optional<std::string> ObjectReader::string(std::string_view key, bool required)
{
    const auto* value = field(key, required);
    if (!value)
        return std::nullopt;
    if (!value->is_string()) {
        problem(key, "expected a string, found " + typeName(*value));
        return std::nullopt;
    }
    return std::string(value->get_string());
}

std::optional<bool> ObjectReader::boolean(std::string_view key, bool required)
{
    const auto* value = field(key, required);
    if (!value)
        return std::nullopt;
    if (!value->is_bool()) {
        problem(key, "expected true or false, found " + typeName(*value));
        return std::nullopt;
    }
    return value->get_bool();
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, bool required)
{
    const auto* value = field(key, required);
    if (!value)
        return std::nullopt;
    if (value->is_int64())
        return value->get_int64();
    if (value->is_double() && value->get_double() == static_cast<double>(static_cast<std::int64_t>(value->get_double())))
        return static_cast<std::int64_t>(value->get_double());
    problem(key, "expected an integer, found " + typeName(*value));
    return std::nullopt;
}

std::optional<Decimal> ObjectReader::decimal(std::string_view key, bool required)
{
    const auto* value = field(key, required);
    if (!value)
        return std::nullopt;
    auto decimal = toDecimal(*value);
    if (!decimal)
        problem(key, "expected a number within ±9e12, found " + typeName(*value));
    return decimal;
}

std::optional<Points> ObjectReader::points(std::string_view key, bool required)
{
    const auto* value = field(key, required);
    if (!value)
        return std::nullopt;
    auto points = toPoints(*value);
    if (!points)
        problem(key, "expected points as a number with at most two decimals, found " + typeName(*value));
    return points;
}

const boost::json::array* ObjectReader::array(std::string_view key, bool required, bool nonEmpty)
{
    const auto* value = field(key, required);
    if (!value)
        return nullptr;
    const auto* array = value->if_array();
    if (!array) {
        problem(key, "expected an array, found " + typeName(*value));
        return nullptr;
    }
    if (nonEmpty && array->empty())
        problem(key, "expected a non-empty array");
    return array;
}

const boost::json::object* ObjectReader::object(std::string_view key, bool required)
{
    const auto* value = field(key, required);
    if (!value)
        return nullptr;
    const auto* object = value->if_object();
    if (!object)
        problem(key, "expected an object, found " + typeName(*value));
    return object;
}

void ObjectReader::finish()
{
    if (!m_object)
        return;
    for (const auto& entry : *m_object) {
        if (!m_known.contains(std::string_view(entry.key())))
            m_diagnostics.add(pathOf(entry.key()), "unknown field (not part of the format)");
    }
}

}  // namespace igmc::json
