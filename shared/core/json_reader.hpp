// A strict reader over Boost.JSON values for documents users write by hand (catalogs, values files).
// It never stops at the first problem: every problem is collected with its JSON path, so an author
// fixes a file in one pass. Unknown fields are problems too (finish() reports them).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/fixed_point.hpp"
#include "core/result.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace igmc::json {

// Problems found in one document, each "path: expected …".
class Diagnostics {
public:
    explicit Diagnostics(std::string source) : m_source(std::move(source)) {}

    void add(const std::string& path, const std::string& problem);
    [[nodiscard]] bool empty() const { return m_problems.empty(); }
    [[nodiscard]] const std::vector<std::string>& problems() const { return m_problems; }
    [[nodiscard]] const std::string& source() const { return m_source; }
    // A ValidationError whose message lists every problem (one per line, capped), context = source.
    [[nodiscard]] Error toError() const;

private:
    std::string m_source;
    std::vector<std::string> m_problems;
};

// Parses text as JSON; a syntax error names the line and column.
Result<boost::json::value> parseDocument(std::string_view text, const std::string& source);
// Reads a whole file; errors name the file.
Result<std::string> readFile(const std::string& path);

class ObjectReader {
public:
    ObjectReader(const boost::json::value& value, std::string path, Diagnostics& diagnostics);

    [[nodiscard]] bool valid() const { return m_object != nullptr; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    [[nodiscard]] std::string pathOf(std::string_view key) const;
    [[nodiscard]] bool has(std::string_view key) const;

    // Each getter marks the key as known. A missing required key or a wrong type is a problem.
    const boost::json::value* field(std::string_view key, bool required = true);
    std::optional<std::string> string(std::string_view key, bool required = true);
    std::optional<bool> boolean(std::string_view key, bool required = true);
    std::optional<std::int64_t> integer(std::string_view key, bool required = true);
    std::optional<Decimal> decimal(std::string_view key, bool required = true);
    std::optional<Points> points(std::string_view key, bool required = true);
    const boost::json::array* array(std::string_view key, bool required = true, bool nonEmpty = true);
    const boost::json::object* object(std::string_view key, bool required = true);

    // Reports every key no getter asked for.
    void finish();

    void problem(std::string_view key, const std::string& what) { m_diagnostics.add(pathOf(key), what); }
    Diagnostics& diagnostics() { return m_diagnostics; }

private:
    const boost::json::object* m_object = nullptr;
    std::string m_path;
    Diagnostics& m_diagnostics;
    std::set<std::string, std::less<>> m_known;
};

// A text in both languages, {"en": "…", "zh": "…"}, each required and non-empty.
void readBilingual(const boost::json::value& value, const std::string& path, Diagnostics& diagnostics, std::string& en, std::string& zh);

// Conversions shared by readers; nullopt means "wrong type or out of range".
std::optional<Decimal> toDecimal(const boost::json::value& value);
std::optional<Points> toPoints(const boost::json::value& value);
std::string typeName(const boost::json::value& value);

}  // namespace igmc::json
