// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_loader.hpp"

#include "core/json_reader.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace igmc::catalog {

namespace {

using igmc::json::Diagnostics;
using igmc::json::ObjectReader;

constexpr std::size_t kPrincipleCount = 6;
constexpr std::size_t kDimensionCount = 6;

constexpr std::array kIso37101Purposes = {"attractiveness", "environment", "resilience",
                                          "resource_use", "social_cohesion", "well_being"};
constexpr std::array kSdg11Indicators = {"11.1.1", "11.2.1", "11.3.1", "11.3.2", "11.4.1", "11.5.1",
                                         "11.5.2", "11.5.3", "11.6.1", "11.6.2", "11.7.1", "11.7.2",
                                         "11.a.1", "11.b.1", "11.b.2", "11.c.1"};

bool isCode(std::string_view code)
{
    if (code.empty() || code.size() > 64 || !std::isalnum(static_cast<unsigned char>(code.front())))
        return false;
    return std::all_of(code.begin(), code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    });
}

bool isCatalogId(std::string_view id)
{
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
}

bool isIso37120Number(std::string_view number)
{
    const auto dot = number.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == number.size())
        return false;
    return std::all_of(number.begin(), number.end(), [](char c) { return c == '.' || std::isdigit(static_cast<unsigned char>(c)); })
           && number.find('.', dot + 1) == std::string_view::npos;
}

template <typename Enum, std::size_t N>
std::optional<Enum> pick(ObjectReader& reader, std::string_view key, const std::array<std::pair<const char*, Enum>, N>& choices)
{
    const auto text = reader.string(key);
    if (!text)
        return std::nullopt;
    for (const auto& [name, value] : choices) {
        if (*text == name)
            return value;
    }
    std::string expected;
    for (const auto& [name, value] : choices)
        expected += (expected.empty() ? "" : ", ") + std::string("\"") + name + "\"";
    reader.problem(key, "expected one of " + expected + ", found \"" + *text + "\"");
    return std::nullopt;
}

std::string indexed(const std::string& path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

class CatalogParser {
public:
    explicit CatalogParser(Diagnostics& diagnostics) : m_diag(diagnostics) {}

    Catalog parse(const boost::json::value& root)
    {
        ObjectReader top(root, "$", m_diag);
        if (!top.valid())
            return {};
        if (const auto format = top.string("format"); format && *format != kCatalogFormat)
            top.problem("format", "expected \"" + std::string(kCatalogFormat) + "\", found \"" + *format + "\"");
        if (auto id = top.string("id")) {
            if (!isCatalogId(*id))
                top.problem("id", "expected lower-case letters, digits, '.' and '-' only");
            m_catalog.id = std::move(*id);
        }
        if (auto version = top.string("version")) {
            if (version->empty())
                top.problem("version", "expected a non-empty version");
            m_catalog.version = std::move(*version);
        }
        static constexpr std::array<std::pair<const char*, Edition>, 2> kEditions{
            {{"city", Edition::City}, {"community", Edition::Community}}};
        if (auto edition = pick(top, "edition", kEditions))
            m_catalog.edition = *edition;
        m_catalog.title = text(top, "title");
        m_catalog.provenance = text(top, "provenance");
        m_catalog.licence = top.string("licence").value_or("");
        if (auto total = top.points("total_points")) {
            if (*total <= Points{})
                top.problem("total_points", "expected a positive number of points");
            m_catalog.totalPoints = *total;
        }
        parseBands(top);
        parsePrinciples(top);
        parseDimensions(top);
        parseCategories(top);
        parseIndicators(top);
        top.finish();
        if (m_diag.empty())
            link();
        return std::move(m_catalog);
    }

private:
    Text text(ObjectReader& reader, std::string_view key, bool required = true)
    {
        const auto* value = reader.field(key, required);
        if (!value)
            return {};
        return textAt(*value, reader.pathOf(key));
    }

    Text textAt(const boost::json::value& value, const std::string& path)
    {
        Text result;
        json::readBilingual(value, path, m_diag, result.en, result.zh);
        return result;
    }

    std::vector<Text> textList(ObjectReader& reader, std::string_view key)
    {
        std::vector<Text> result;
        if (const auto* array = reader.array(key)) {
            for (std::size_t i = 0; i < array->size(); ++i)
                result.push_back(textAt((*array)[i], indexed(reader.pathOf(key), i)));
        }
        return result;
    }

    // Checks the code's form and uniqueness within `seen`; returns the code ("" when absent).
    std::string code(ObjectReader& reader, std::set<std::string>& seen, std::string_view kind)
    {
        auto value = reader.string("code");
        if (!value)
            return {};
        if (!isCode(*value))
            reader.problem("code", "expected a code of letters, digits, '.', '_' or '-', found \"" + *value + "\"");
        else if (!seen.insert(*value).second)
            reader.problem("code", "duplicate " + std::string(kind) + " code \"" + *value + "\"");
        return *value;
    }

    void parseBands(ObjectReader& top)
    {
        const auto* array = top.array("bands");
        if (!array)
            return;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto path = indexed(top.pathOf("bands"), i);
            ObjectReader reader((*array)[i], path, m_diag);
            if (!reader.valid())
                continue;
            RatingBand band;
            band.code = code(reader, seen, "band");
            band.name = text(reader, "name");
            if (auto min = reader.points("min_points")) {
                band.minPoints = *min;
                if (*min <= Points{} || *min > m_catalog.totalPoints)
                    reader.problem("min_points", "expected more than 0 and at most total_points (" + m_catalog.totalPoints.toString() + ")");
                if (!m_catalog.bands.empty() && *min >= m_catalog.bands.back().minPoints)
                    reader.problem("min_points", "expected bands best first, with min_points strictly decreasing");
            }
            reader.finish();
            m_catalog.bands.push_back(std::move(band));
        }
    }

    void parsePrinciples(ObjectReader& top)
    {
        const auto* array = top.array("principles");
        if (!array)
            return;
        if (array->size() != kPrincipleCount)
            top.problem("principles", "expected exactly 6 principles, found " + std::to_string(array->size()));
        for (std::size_t i = 0; i < array->size(); ++i) {
            ObjectReader reader((*array)[i], indexed(top.pathOf("principles"), i), m_diag);
            if (!reader.valid())
                continue;
            Principle principle;
            principle.code = code(reader, m_principleCodes, "principle");
            principle.name = text(reader, "name");
            reader.finish();
            m_catalog.principles.push_back(std::move(principle));
        }
    }

    void parseDimensions(ObjectReader& top)
    {
        const auto* array = top.array("dimensions");
        if (!array)
            return;
        if (array->size() != kDimensionCount)
            top.problem("dimensions", "expected exactly 6 dimensions, found " + std::to_string(array->size()));
        std::set<std::string> seen;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto path = indexed(top.pathOf("dimensions"), i);
            ObjectReader reader((*array)[i], path, m_diag);
            if (!reader.valid())
                continue;
            Dimension dimension;
            dimension.code = code(reader, seen, "dimension");
            dimension.name = text(reader, "name");
            dimension.points = positivePoints(reader);
            reader.finish();
            m_paths.dimensions.push_back(path);
            m_catalog.dimensions.push_back(std::move(dimension));
        }
    }

    Points positivePoints(ObjectReader& reader)
    {
        const auto points = reader.points("points");
        if (points && *points <= Points{})
            reader.problem("points", "expected more than 0 points");
        return points.value_or(Points{});
    }

    void parseCategories(ObjectReader& top)
    {
        const auto* array = top.array("categories");
        if (!array)
            return;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto path = indexed(top.pathOf("categories"), i);
            ObjectReader reader((*array)[i], path, m_diag);
            if (!reader.valid())
                continue;
            Category category;
            category.code = code(reader, seen, "category");
            category.dimension = reader.string("dimension").value_or("");
            category.name = text(reader, "name");
            category.points = positivePoints(reader);
            category.definition = text(reader, "definition");
            category.aims = textList(reader, "aims");
            category.strategies = textList(reader, "strategies");
            category.bestPractices = textList(reader, "best_practices");
            reader.finish();
            m_paths.categories.push_back(path);
            m_catalog.categories.push_back(std::move(category));
        }
    }

    void parseIndicators(ObjectReader& top)
    {
        const auto* array = top.array("indicators");
        if (!array)
            return;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto path = indexed(top.pathOf("indicators"), i);
            ObjectReader reader((*array)[i], path, m_diag);
            if (!reader.valid())
                continue;
            m_paths.indicators.push_back(path);
            m_catalog.indicators.push_back(parseIndicator(reader, seen));
            reader.finish();
        }
    }

    Indicator parseIndicator(ObjectReader& reader, std::set<std::string>& seen)
    {
        static constexpr std::array<std::pair<const char*, ValueType>, 5> kTypes{
            {{"number", ValueType::Number}, {"percent", ValueType::Percent}, {"boolean", ValueType::Boolean},
             {"level", ValueType::Level}, {"checklist", ValueType::Checklist}}};
        static constexpr std::array<std::pair<const char*, Direction>, 2> kDirections{
            {{"higher", Direction::Higher}, {"lower", Direction::Lower}}};
        static constexpr std::array<std::pair<const char*, NaPolicy>, 3> kPolicies{
            {{"rescale", NaPolicy::Rescale}, {"zero", NaPolicy::Zero}, {"forbidden", NaPolicy::Forbidden}}};

        Indicator indicator;
        indicator.code = code(reader, seen, "indicator");
        indicator.category = reader.string("category").value_or("");
        indicator.name = text(reader, "name");
        indicator.definition = text(reader, "definition");
        if (reader.has("benchmark"))
            indicator.benchmark = text(reader, "benchmark");
        const auto type = pick(reader, "type", kTypes);
        const auto direction = pick(reader, "direction", kDirections);
        indicator.type = type.value_or(ValueType::Number);
        indicator.direction = direction.value_or(Direction::Higher);
        indicator.unit = reader.string("unit", false).value_or("");
        if (type && (*type == ValueType::Number || *type == ValueType::Percent) && indicator.unit.empty())
            reader.problem("unit", "expected a unit: required for number and percent indicators");
        if (type == ValueType::Percent && !indicator.unit.empty() && indicator.unit != "%")
            reader.problem("unit", "expected \"%\" for a percent indicator, found \"" + indicator.unit + "\"");
        if (type && direction == Direction::Lower && *type != ValueType::Number && *type != ValueType::Percent)
            reader.problem("direction", "expected \"higher\": boolean, level and checklist indicators are ordered worst to best");
        indicator.points = positivePoints(reader);
        indicator.naPolicy = pick(reader, "na_policy", kPolicies).value_or(NaPolicy::Rescale);
        indicator.evidence = parseEvidence(reader);
        if (const auto* rule = reader.field("rule"); rule && type && direction)
            indicator.rule = parseRule(*rule, reader.pathOf("rule"), indicator);
        if (const auto* tags = reader.field("tags"))
            indicator.tags = parseTags(*tags, reader.pathOf("tags"));
        return indicator;
    }

    std::vector<EvidenceKind> parseEvidence(ObjectReader& reader)
    {
        std::vector<EvidenceKind> result;
        const auto* array = reader.array("evidence");
        if (!array)
            return result;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const auto path = indexed(reader.pathOf("evidence"), i);
            const auto* s = (*array)[i].if_string();
            std::optional<EvidenceKind> kind;
            if (s && *s == "photo")
                kind = EvidenceKind::Photo;
            else if (s && *s == "document")
                kind = EvidenceKind::Document;
            else if (s && *s == "measurement")
                kind = EvidenceKind::Measurement;
            if (!kind)
                m_diag.add(path, "expected \"photo\", \"document\" or \"measurement\"");
            else if (std::find(result.begin(), result.end(), *kind) != result.end())
                m_diag.add(path, "evidence kind listed twice");
            else
                result.push_back(*kind);
        }
        return result;
    }

    Rule parseRule(const boost::json::value& value, const std::string& path, const Indicator& indicator)
    {
        static constexpr std::array<std::pair<const char*, RuleKind>, 5> kKinds{
            {{"bands", RuleKind::Bands}, {"linear", RuleKind::Linear}, {"boolean", RuleKind::Boolean},
             {"levels", RuleKind::Levels}, {"checklist", RuleKind::Checklist}}};
        Rule rule;
        ObjectReader reader(value, path, m_diag);
        if (!reader.valid())
            return rule;
        const auto kind = pick(reader, "kind", kKinds);
        if (!kind) {
            reader.finish();
            return rule;
        }
        rule.kind = *kind;
        if (!ruleFitsType(*kind, indicator.type)) {
            reader.problem("kind", "a \"" + std::string(toString(*kind)) + "\" rule does not fit a "
                                       + std::string(toString(indicator.type)) + " indicator");
        }
        switch (*kind) {
        case RuleKind::Bands: parseBandRule(reader, indicator, rule); break;
        case RuleKind::Linear: parseLinearRule(reader, indicator, rule); break;
        case RuleKind::Boolean: break;
        case RuleKind::Levels: parseLevelRule(reader, indicator, rule); break;
        case RuleKind::Checklist: parseChecklistRule(reader, rule); break;
        }
        reader.finish();
        return rule;
    }

    static bool ruleFitsType(RuleKind kind, ValueType type)
    {
        switch (kind) {
        case RuleKind::Bands:
        case RuleKind::Linear: return type == ValueType::Number || type == ValueType::Percent;
        case RuleKind::Boolean: return type == ValueType::Boolean;
        case RuleKind::Levels: return type == ValueType::Level;
        case RuleKind::Checklist: return type == ValueType::Checklist;
        }
        return false;
    }

    void checkPercentRange(ObjectReader& reader, std::string_view key, const Indicator& indicator, Decimal value)
    {
        if (indicator.type == ValueType::Percent && (value < Decimal{} || value > Decimal::fromInteger(100)))
            reader.problem(key, "expected a percentage within 0–100, found " + value.toString());
    }

    void parseBandRule(ObjectReader& reader, const Indicator& indicator, Rule& rule)
    {
        const auto* array = reader.array("bands");
        if (!array)
            return;
        const bool higher = indicator.direction == Direction::Higher;
        for (std::size_t i = 0; i < array->size(); ++i) {
            ObjectReader bandReader((*array)[i], indexed(reader.pathOf("bands"), i), m_diag);
            if (!bandReader.valid())
                continue;
            const auto threshold = bandReader.decimal("threshold");
            const auto points = bandReader.points("points");
            bandReader.finish();
            if (!threshold || !points)
                continue;
            checkPercentRange(bandReader, "threshold", indicator, *threshold);
            if (*points < Points{})
                bandReader.problem("points", "expected points ≥ 0");
            if (!rule.bands.empty()) {
                const auto& previous = rule.bands.back();
                if (higher ? *threshold <= previous.threshold : *threshold >= previous.threshold) {
                    bandReader.problem("threshold", std::string("expected thresholds strictly ")
                                                        + (higher ? "increasing (higher is better)" : "decreasing (lower is better)")
                                                        + " after " + previous.threshold.toString());
                }
                if (*points <= previous.points)
                    bandReader.problem("points", "expected band points strictly increasing after " + previous.points.toString());
            }
            rule.bands.push_back({*threshold, *points});
        }
        if (!rule.bands.empty() && rule.bands.back().points != indicator.points) {
            reader.problem("bands", "expected the best band to earn the indicator's points (" + indicator.points.toString()
                                        + "), found " + rule.bands.back().points.toString());
        }
    }

    void parseLinearRule(ObjectReader& reader, const Indicator& indicator, Rule& rule)
    {
        const auto floor = reader.decimal("floor");
        const auto target = reader.decimal("target");
        if (!floor || !target)
            return;
        checkPercentRange(reader, "floor", indicator, *floor);
        checkPercentRange(reader, "target", indicator, *target);
        if (indicator.direction == Direction::Higher && *target <= *floor)
            reader.problem("target", "expected target > floor for a \"higher is better\" indicator");
        if (indicator.direction == Direction::Lower && *target >= *floor)
            reader.problem("target", "expected target < floor for a \"lower is better\" indicator");
        rule.floor = *floor;
        rule.target = *target;
    }

    void parseLevelRule(ObjectReader& reader, const Indicator& indicator, Rule& rule)
    {
        const auto* array = reader.array("levels");
        if (!array)
            return;
        if (array->size() < 2)
            reader.problem("levels", "expected at least 2 levels");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < array->size(); ++i) {
            ObjectReader levelReader((*array)[i], indexed(reader.pathOf("levels"), i), m_diag);
            if (!levelReader.valid())
                continue;
            Level level;
            level.code = code(levelReader, seen, "level");
            level.name = text(levelReader, "name");
            if (const auto points = levelReader.points("points")) {
                level.points = *points;
                if (*points < Points{})
                    levelReader.problem("points", "expected points ≥ 0");
                if (!rule.levels.empty() && *points < rule.levels.back().points)
                    levelReader.problem("points", "expected level points non-decreasing (levels run worst to best)");
            }
            levelReader.finish();
            rule.levels.push_back(std::move(level));
        }
        if (!rule.levels.empty() && rule.levels.back().points != indicator.points) {
            reader.problem("levels", "expected the best level to earn the indicator's points (" + indicator.points.toString()
                                         + "), found " + rule.levels.back().points.toString());
        }
    }

    void parseChecklistRule(ObjectReader& reader, Rule& rule)
    {
        const auto* array = reader.array("items");
        if (array) {
            std::set<std::string> seen;
            for (std::size_t i = 0; i < array->size(); ++i) {
                ObjectReader itemReader((*array)[i], indexed(reader.pathOf("items"), i), m_diag);
                if (!itemReader.valid())
                    continue;
                ChecklistItem item;
                item.code = code(itemReader, seen, "checklist item");
                item.name = text(itemReader, "name");
                itemReader.finish();
                rule.items.push_back(std::move(item));
            }
        }
        if (const auto minItems = reader.integer("min_items", false)) {
            if (*minItems < 0 || static_cast<std::size_t>(*minItems) > rule.items.size())
                reader.problem("min_items", "expected 0 to the number of items (" + std::to_string(rule.items.size()) + ")");
            else
                rule.minItems = static_cast<int>(*minItems);
        }
    }

    Tags parseTags(const boost::json::value& value, const std::string& path)
    {
        Tags tags;
        ObjectReader reader(value, path, m_diag);
        if (!reader.valid())
            return tags;
        if (const auto* array = reader.array("principles")) {
            for (std::size_t i = 0; i < array->size(); ++i) {
                const auto* s = (*array)[i].if_string();
                if (!s)
                    m_diag.add(indexed(reader.pathOf("principles"), i), "expected a principle code (string)");
                else
                    tags.principles.emplace_back(*s);
            }
        }
        if (auto iso = reader.string("iso37120", false)) {
            if (!isIso37120Number(*iso))
                reader.problem("iso37120", "expected an ISO 37120 indicator number like \"8.1\", found \"" + *iso + "\"");
            tags.iso37120 = std::move(*iso);
        }
        if (auto sdg = reader.string("sdg11", false)) {
            if (std::find(kSdg11Indicators.begin(), kSdg11Indicators.end(), *sdg) == kSdg11Indicators.end())
                reader.problem("sdg11", "expected an SDG 11 indicator code (11.1.1 … 11.c.1), found \"" + *sdg + "\"");
            tags.sdg11 = std::move(*sdg);
        }
        if (const auto* iso37101 = reader.field("iso37101"))
            tags.iso37101 = parseIso37101(*iso37101, reader.pathOf("iso37101"));
        reader.finish();
        return tags;
    }

    Iso37101Tag parseIso37101(const boost::json::value& value, const std::string& path)
    {
        Iso37101Tag tag;
        ObjectReader reader(value, path, m_diag);
        if (!reader.valid())
            return tag;
        if (const auto issue = reader.integer("issue")) {
            if (*issue < 1 || *issue > 12)
                reader.problem("issue", "expected an ISO 37101 issue number 1–12, found " + std::to_string(*issue));
            tag.issue = static_cast<int>(*issue);
        }
        if (const auto* array = reader.array("purposes")) {
            for (std::size_t i = 0; i < array->size(); ++i) {
                const auto* s = (*array)[i].if_string();
                if (!s || std::find(kIso37101Purposes.begin(), kIso37101Purposes.end(), std::string_view(*s)) == kIso37101Purposes.end()) {
                    m_diag.add(indexed(reader.pathOf("purposes"), i),
                               "expected one of attractiveness, environment, resilience, resource_use, social_cohesion, well_being");
                } else {
                    tag.purposes.emplace_back(*s);
                }
            }
        }
        reader.finish();
        return tag;
    }

    // Resolves references and checks that points add up; runs only on a structurally valid document.
    void link()
    {
        std::map<std::string, std::size_t> dimensionIndex;
        for (std::size_t i = 0; i < m_catalog.dimensions.size(); ++i)
            dimensionIndex[m_catalog.dimensions[i].code] = i;
        std::map<std::string, std::size_t> categoryIndex;
        for (std::size_t i = 0; i < m_catalog.categories.size(); ++i) {
            auto& category = m_catalog.categories[i];
            categoryIndex[category.code] = i;
            const auto it = dimensionIndex.find(category.dimension);
            if (it == dimensionIndex.end()) {
                m_diag.add(m_paths.categories[i] + ".dimension", "no dimension has the code \"" + category.dimension + "\"");
                continue;
            }
            category.dimensionIndex = it->second;
            m_catalog.dimensions[it->second].categoryIndexes.push_back(i);
        }
        std::map<std::string, std::size_t> principleIndex;
        for (std::size_t i = 0; i < m_catalog.principles.size(); ++i)
            principleIndex[m_catalog.principles[i].code] = i;
        for (std::size_t i = 0; i < m_catalog.indicators.size(); ++i) {
            auto& indicator = m_catalog.indicators[i];
            const auto& path = m_paths.indicators[i];
            m_catalog.indicatorByCode.emplace(indicator.code, i);
            for (std::size_t p = 0; p < indicator.tags.principles.size(); ++p) {
                const auto it = principleIndex.find(indicator.tags.principles[p]);
                if (it == principleIndex.end())
                    m_diag.add(indexed(path + ".tags.principles", p), "no principle has the code \"" + indicator.tags.principles[p] + "\"");
                else
                    indicator.principleIndexes.push_back(it->second);
            }
            const auto it = categoryIndex.find(indicator.category);
            if (it == categoryIndex.end()) {
                m_diag.add(path + ".category", "no category has the code \"" + indicator.category + "\"");
                continue;
            }
            indicator.categoryIndex = it->second;
            m_catalog.categories[it->second].indicatorIndexes.push_back(i);
        }
        if (m_diag.empty())
            checkSums();
    }

    void checkSums()
    {
        for (std::size_t i = 0; i < m_catalog.categories.size(); ++i) {
            const auto& category = m_catalog.categories[i];
            Points sum;
            for (auto index : category.indicatorIndexes)
                sum += m_catalog.indicators[index].points;
            if (category.indicatorIndexes.empty())
                m_diag.add(m_paths.categories[i], "category \"" + category.code + "\" has no indicators");
            else if (sum != category.points)
                m_diag.add(m_paths.categories[i] + ".points", "expected the sum of the category's indicator points ("
                                                                  + sum.toString() + "), found " + category.points.toString());
        }
        Points total;
        for (std::size_t i = 0; i < m_catalog.dimensions.size(); ++i) {
            const auto& dimension = m_catalog.dimensions[i];
            Points sum;
            for (auto index : dimension.categoryIndexes)
                sum += m_catalog.categories[index].points;
            total += dimension.points;
            if (dimension.categoryIndexes.empty())
                m_diag.add(m_paths.dimensions[i], "dimension \"" + dimension.code + "\" has no categories");
            else if (sum != dimension.points)
                m_diag.add(m_paths.dimensions[i] + ".points", "expected the sum of the dimension's category points ("
                                                                  + sum.toString() + "), found " + dimension.points.toString());
        }
        if (total != m_catalog.totalPoints)
            m_diag.add("$.total_points", "expected the sum of the dimensions' points (" + total.toString() + "), found "
                                             + m_catalog.totalPoints.toString());
    }

    Diagnostics& m_diag;
    Catalog m_catalog;
    std::set<std::string> m_principleCodes;
    struct {
        std::vector<std::string> dimensions, categories, indicators;
    } m_paths;
};

}  // namespace

Result<Catalog> parseCatalog(std::string_view text, const std::string& source)
{
    auto document = json::parseDocument(text, source);
    if (!document)
        return document.error();
    Diagnostics diagnostics(source);
    CatalogParser parser(diagnostics);
    Catalog catalog = parser.parse(*document);
    if (!diagnostics.empty())
        return diagnostics.toError();
    return catalog;
}

Result<Catalog> loadCatalogFile(const std::string& path)
{
    auto text = json::readFile(path);
    if (!text)
        return text.error();
    return parseCatalog(*text, path);
}

}  // namespace igmc::catalog
