// SPDX-License-Identifier: Apache-2.0
#include "scoring/score_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace igmc::scoring {

namespace {

boost::json::object group(const GroupScore& g)
{
    return {{"code", g.code},
            {"score", g.score.toString()},
            {"max", g.max.toString()},
            {"indicators", g.indicators},
            {"answered", g.answered},
            {"not_applicable", g.notApplicable},
            {"missing", g.missing}};
}

boost::json::array groups(const std::vector<GroupScore>& list, const auto& names, catalog::Lang lang)
{
    boost::json::array array;
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto object = group(list[i]);
        object["name"] = names[i].name.in(lang);
        array.push_back(std::move(object));
    }
    return array;
}

}  // namespace

boost::json::value toJson(const catalog::Catalog& catalog, const ScoreResult& result, catalog::Lang lang)
{
    boost::json::object root;
    root["catalog"] = {{"id", result.catalog.id}, {"version", result.catalog.version}};
    root["stage"] = toString(result.stage);
    root["site"] = result.site;
    root["total"] = result.total.toString();
    root["max"] = result.max.toString();
    if (result.band) {
        const auto& band = catalog.bands[*result.band];
        root["band"] = {{"code", band.code}, {"name", band.name.in(lang)}, {"min_points", band.minPoints.toString()}};
    } else {
        root["band"] = nullptr;
    }
    const auto& c = result.completeness;
    root["completeness"] = {{"indicators", c.indicators},
                            {"answered", c.answered},
                            {"not_applicable", c.notApplicable},
                            {"missing", c.missing},
                            {"percent", static_cast<double>(c.basisPoints()) / 100.0}};
    root["dimensions"] = groups(result.dimensions, catalog.dimensions, lang);
    root["categories"] = groups(result.categories, catalog.categories, lang);
    root["principles"] = groups(result.principles, catalog.principles, lang);
    boost::json::array indicators;
    for (const auto& s : result.indicators) {
        const auto& indicator = catalog.indicators[s.indicator];
        boost::json::object object{{"code", indicator.code},
                                   {"name", indicator.name.in(lang)},
                                   {"status", toString(s.status)},
                                   {"score", s.score.toString()},
                                   {"max", s.max.toString()}};
        if (!s.naReason.empty())
            object["na_reason"] = s.naReason;
        indicators.push_back(std::move(object));
    }
    root["indicators"] = std::move(indicators);
    boost::json::object gap;
    if (result.gap.nextBand) {
        const auto& band = catalog.bands[*result.gap.nextBand];
        gap["next_band"] = {{"code", band.code}, {"name", band.name.in(lang)}, {"min_points", band.minPoints.toString()}};
        gap["deficit"] = result.gap.deficit.toString();
        gap["reachable"] = result.gap.reachable;
        boost::json::array set;
        for (std::size_t i = 0; i < result.gap.minimalSetSize && i < result.gap.ranked.size(); ++i) {
            const auto& item = result.gap.ranked[i];
            set.push_back({{"code", catalog.indicators[item.indicator].code}, {"available", item.available.toString()}});
        }
        gap["minimal_set"] = std::move(set);
    } else {
        gap["next_band"] = nullptr;
    }
    boost::json::array ranked;
    for (const auto& item : result.gap.ranked)
        ranked.push_back({{"code", catalog.indicators[item.indicator].code}, {"available", item.available.toString()}});
    gap["ranked"] = std::move(ranked);
    root["gap"] = std::move(gap);
    boost::json::array warnings;
    for (const auto& w : result.warnings)
        warnings.push_back(boost::json::string(w));
    root["warnings"] = std::move(warnings);
    return root;
}

}  // namespace igmc::scoring
