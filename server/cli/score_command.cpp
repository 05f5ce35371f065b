// `igmc score --catalog FILE --values FILE [--json] [--lang en|zh] [--top N]`.
// SPDX-License-Identifier: Apache-2.0
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "catalog/catalog_loader.hpp"
#include "scoring/score_json.hpp"
#include "scoring/scoring_engine.hpp"

#include <boost/json/serialize.hpp>

namespace igmc::cli {

using catalog::Catalog;
using catalog::Lang;
using scoring::GroupScore;
using scoring::ScoreResult;
using Align = TextTable::Align;

namespace {

std::string percent(std::int64_t basisPoints)
{
    return std::to_string(basisPoints / 100) + "." + std::to_string(basisPoints % 100 / 10) + " %";
}

std::vector<std::string> groupRow(std::string name, const GroupScore& g)
{
    return {std::move(name), g.score.toString(), g.max.toString(), std::to_string(g.answered),
            std::to_string(g.notApplicable), std::to_string(g.missing)};
}

void printBreakdown(const Catalog& c, const ScoreResult& r, Lang lang, std::ostream& out)
{
    TextTable table({Align::Left, Align::Right, Align::Right, Align::Right, Align::Right, Align::Right});
    table.addRow({label(lang, "Dimension / category", "维度 / 类别"), label(lang, "Score", "得分"),
                  label(lang, "Max", "满分"), label(lang, "Values", "已填"), "N/A", label(lang, "Missing", "缺失")});
    table.addRule();
    for (std::size_t d = 0; d < c.dimensions.size(); ++d) {
        const auto& dimension = c.dimensions[d];
        table.addRow(groupRow(dimension.code + "  " + dimension.name.in(lang), r.dimensions[d]));
        for (auto index : dimension.categoryIndexes) {
            const auto& category = c.categories[index];
            table.addRow(groupRow("  " + category.code + "  " + category.name.in(lang), r.categories[index]));
        }
    }
    table.addRule();
    GroupScore total{"", r.total, r.max, r.completeness.indicators, r.completeness.answered,
                     r.completeness.notApplicable, r.completeness.missing};
    table.addRow(groupRow(label(lang, "Total", "总分"), total));
    table.print(out);
}

void printPrinciples(const Catalog& c, const ScoreResult& r, Lang lang, std::ostream& out)
{
    out << "\n" << label(lang, "By principle (an indicator counts for each principle it serves):",
                         "按原则（一个指标计入其服务的每条原则）：") << "\n";
    TextTable table({Align::Left, Align::Right, Align::Right});
    for (std::size_t p = 0; p < c.principles.size(); ++p)
        table.addRow({"  " + c.principles[p].name.in(lang), r.principles[p].score.toString(), r.principles[p].max.toString()});
    table.print(out);
}

void printGap(const Catalog& c, const ScoreResult& r, Lang lang, std::size_t top, std::ostream& out)
{
    const auto& gap = r.gap;
    out << "\n";
    if (!gap.nextBand) {
        out << label(lang, "Top band reached.", "已达最高评级。") << "\n";
    } else {
        const auto& band = c.bands[*gap.nextBand];
        out << label(lang, "Gap to ", "距 ") << band.name.in(lang) << " (" << band.minPoints.toString() << "): "
            << gap.deficit.toString() << label(lang, " points", " 分") << "\n";
        if (gap.reachable) {
            out << label(lang, "The fewest indicators that close it: ", "最少需改进的指标数：") << gap.minimalSetSize << "\n";
        } else {
            out << label(lang, "Not reachable with the current N/A answers, even with full marks everywhere.",
                         "按当前不适用项，即使全部满分也无法达到。") << "\n";
        }
    }
    if (gap.ranked.empty())
        return;
    const auto shown = std::max(top, gap.nextBand ? gap.minimalSetSize : 0);
    out << label(lang, "Points still available, most first:", "可提升分值（从多到少）：") << "\n";
    TextTable table({Align::Left, Align::Left, Align::Right, Align::Left});
    for (std::size_t i = 0; i < gap.ranked.size() && i < shown; ++i) {
        const auto& item = gap.ranked[i];
        const auto& indicator = c.indicators[item.indicator];
        const auto status = r.indicators[item.indicator].status;
        const bool inSet = gap.nextBand && i < gap.minimalSetSize;
        table.addRow({std::string(inSet ? "* " : "  ") + indicator.code, indicator.name.in(lang),
                      "+" + item.available.toString(),
                      status == scoring::IndicatorStatus::Missing ? label(lang, "(missing)", "（缺失）") : ""});
    }
    table.print(out);
    if (gap.nextBand && gap.reachable)
        out << label(lang, "* = in the smallest set that reaches the next band", "* = 达到下一评级所需的最少指标集合") << "\n";
}

void printReport(const Catalog& c, const ScoreResult& r, Lang lang, std::size_t top, std::ostream& out)
{
    out << label(lang, "IGMC score", "IGMC 评分") << (r.site.empty() ? "" : " — " + r.site) << "\n"
        << label(lang, "Catalog: ", "标准：") << r.catalog.id << ' ' << r.catalog.version << "   "
        << label(lang, "Stage: ", "阶段：")
        << (r.stage == scoring::Stage::Planning ? label(lang, "planning (projected values)", "规划（预测值）")
                                                : label(lang, "existing (measured values)", "建成（实测值）"))
        << "\n";
    const auto& k = r.completeness;
    out << label(lang, "Completeness: ", "完整度：") << k.answered + k.notApplicable << " / " << k.indicators << " ("
        << percent(k.basisPoints()) << "): " << k.answered << label(lang, " with a value, ", " 项有值，")
        << k.notApplicable << " N/A, " << k.missing << label(lang, " missing", " 项缺失") << "\n\n";
    printBreakdown(c, r, lang, out);
    out << "\n" << label(lang, "Total: ", "总分：") << r.total.toString() << " / " << r.max.toString() << "   "
        << label(lang, "Rating: ", "评级：");
    if (r.band)
        out << c.bands[*r.band].name.in(lang) << " (≥ " << c.bands[*r.band].minPoints.toString() << ")\n";
    else
        out << label(lang, "not certified", "未达认证") << "\n";
    printPrinciples(c, r, lang, out);
    printGap(c, r, lang, top, out);
    for (const auto& warning : r.warnings)
        out << label(lang, "Warning: ", "注意：") << warning << "\n";
}

}  // namespace

int scoreCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto parsed = parseArguments(args, {"catalog", "values", "lang", "top"}, {"json"});
    if (!parsed) {
        err << "igmc score: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const auto catalogPath = parsed->option("catalog");
    const auto valuesPath = parsed->option("values");
    if (!catalogPath || !valuesPath || !parsed->positionals.empty()) {
        err << "usage: igmc score --catalog FILE --values FILE [--json] [--lang en|zh] [--top N]\n";
        return kExitUsage;
    }
    Lang lang = Lang::En;
    if (const auto text = parsed->option("lang"); text && !parseLang(*text, lang, err))
        return kExitUsage;
    std::size_t top = 10;
    if (const auto text = parsed->option("top")) {
        try {
            top = std::stoul(*text);
        } catch (const std::exception&) {
            err << "igmc score: --top needs a whole number, not \"" << *text << "\"\n";
            return kExitUsage;
        }
    }
    const auto loaded = catalog::loadCatalogFile(*catalogPath);
    if (!loaded) {
        err << loaded.error().message << '\n';
        return kExitFailed;
    }
    const auto values = scoring::loadValuesFile(*valuesPath, *loaded);
    if (!values) {
        err << values.error().message << '\n';
        return kExitFailed;
    }
    const auto result = scoring::score(*loaded, *values);
    if (!result) {
        err << *valuesPath << ": " << result.error().message << '\n';
        return kExitFailed;
    }
    if (parsed->flag("json"))
        out << boost::json::serialize(scoring::toJson(*loaded, *result, lang)) << '\n';
    else
        printReport(*loaded, *result, lang, top, out);
    return kExitOk;
}

}  // namespace igmc::cli
