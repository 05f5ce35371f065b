// `igmc catalog validate FILE` and `igmc catalog show FILE [--lang en|zh]`.
// SPDX-License-Identifier: Apache-2.0
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "catalog/catalog_loader.hpp"

namespace igmc::cli {

using catalog::Catalog;
using catalog::Lang;

bool parseLang(const std::string& text, Lang& lang, std::ostream& err)
{
    if (text == "en") {
        lang = Lang::En;
        return true;
    }
    if (text == "zh" || text == "zh_CN") {
        lang = Lang::Zh;
        return true;
    }
    err << "igmc: --lang must be en or zh, not \"" << text << "\"\n";
    return false;
}

std::string describeRule(const catalog::Indicator& indicator, Lang lang)
{
    using catalog::RuleKind;
    const auto& rule = indicator.rule;
    const bool higher = indicator.direction == catalog::Direction::Higher;
    const std::string unit = indicator.unit.empty() ? "" : " " + indicator.unit;
    std::string text;
    switch (rule.kind) {
    case RuleKind::Bands:
        for (const auto& band : rule.bands) {
            if (!text.empty())
                text += " · ";
            text += (higher ? "≥ " : "≤ ") + band.threshold.toString() + unit + " → " + band.points.toString();
        }
        return text;
    case RuleKind::Linear:
        return std::string(label(lang, "0 at ", "")) + (higher ? "≤ " : "≥ ") + rule.floor.toString() + unit
               + label(lang, ", full at ", " 得 0 分，") + (higher ? "≥ " : "≤ ") + rule.target.toString() + unit
               + label(lang, ", linear between", " 得满分，其间线性");
    case RuleKind::Boolean: return label(lang, "yes → full points, no → 0", "是 → 满分，否 → 0");
    case RuleKind::Levels:
        for (const auto& level : rule.levels) {
            if (!text.empty())
                text += " · ";
            text += level.code + " " + level.name.in(lang) + " → " + level.points.toString();
        }
        return text;
    case RuleKind::Checklist:
        text = std::string(label(lang, "points × items met / ", "分值 × 达标项数 / ")) + std::to_string(rule.items.size());
        if (rule.minItems > 0)
            text += std::string(label(lang, ", 0 below ", "，少于 ")) + std::to_string(rule.minItems)
                    + label(lang, " items", " 项得 0 分");
        return text;
    }
    return text;
}

namespace {

void printSummary(const Catalog& c, std::ostream& out)
{
    out << c.id << ' ' << c.version << " (" << catalog::toString(c.edition) << "): " << c.dimensions.size()
        << " dimensions, " << c.categories.size() << " categories, " << c.indicators.size() << " indicators, "
        << c.totalPoints.toString() << " points\n";
}

void printCatalog(const Catalog& c, Lang lang, std::ostream& out)
{
    out << c.title.in(lang) << '\n' << c.id << ' ' << c.version << " · " << catalog::toString(c.edition) << " · "
        << c.totalPoints.toString() << label(lang, " points", " 分") << "\n\n"
        << c.provenance.in(lang) << "\n\n"
        << label(lang, "Rating bands: ", "评级：");
    for (std::size_t i = 0; i < c.bands.size(); ++i)
        out << (i ? " · " : "") << c.bands[i].name.in(lang) << " ≥ " << c.bands[i].minPoints.toString();
    out << "\n" << label(lang, "Principles: ", "原则：");
    for (std::size_t i = 0; i < c.principles.size(); ++i)
        out << (i ? " · " : "") << c.principles[i].name.in(lang);
    out << "\n";
    for (const auto& dimension : c.dimensions) {
        out << "\n" << dimension.code << "  " << dimension.name.in(lang) << "  (" << dimension.points.toString()
            << ")\n";
        for (auto categoryIndex : dimension.categoryIndexes) {
            const auto& category = c.categories[categoryIndex];
            out << "  " << category.code << "  " << category.name.in(lang) << "  (" << category.points.toString()
                << ")\n      " << category.definition.in(lang) << "\n";
            for (auto index : category.indicatorIndexes) {
                const auto& indicator = c.indicators[index];
                out << "    " << indicator.code << "  " << indicator.name.in(lang) << "  ["
                    << indicator.points.toString() << "; " << catalog::toString(indicator.type);
                if (!indicator.unit.empty())
                    out << ", " << indicator.unit;
                out << ", " << (indicator.direction == catalog::Direction::Higher ? label(lang, "higher is better", "越高越好")
                                                                                 : label(lang, "lower is better", "越低越好"))
                    << "]\n        " << describeRule(indicator, lang) << "\n";
                if (indicator.benchmark)
                    out << "        " << label(lang, "Benchmark: ", "基准：") << indicator.benchmark->in(lang) << "\n";
            }
        }
    }
}

}  // namespace

int catalogCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto parsed = parseArguments(args, {"lang"}, {});
    if (!parsed) {
        err << "igmc catalog: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const auto& positionals = parsed->positionals;
    if (positionals.size() != 2 || (positionals[0] != "validate" && positionals[0] != "show")) {
        err << "usage: igmc catalog validate FILE\n       igmc catalog show FILE [--lang en|zh]\n";
        return kExitUsage;
    }
    Lang lang = Lang::En;
    if (const auto text = parsed->option("lang"); text && !parseLang(*text, lang, err))
        return kExitUsage;
    const auto loaded = catalog::loadCatalogFile(positionals[1]);
    if (!loaded) {
        err << loaded.error().message << '\n';
        return kExitFailed;
    }
    if (positionals[0] == "validate") {
        out << "valid: ";
        printSummary(*loaded, out);
    } else {
        printCatalog(*loaded, lang, out);
    }
    return kExitOk;
}

}  // namespace igmc::cli
