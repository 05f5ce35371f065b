// Figures for the catalog and the scoring engine (issue targets: load < 5 ms, score < 50 µs).
// Run: build/release/tests/igmc_bench_scoring
// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog_loader.hpp"
#include "scoring/assessment_values.hpp"
#include "scoring/scoring_engine.hpp"
#include "support/test_paths.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace igmc;

const std::string& cityText()
{
    static const std::string text = test::readText(test::catalogPath("igmc-3.0-city.json"));
    return text;
}

// A full assessment: every indicator of the city edition has a mid-range value.
scoring::AssessmentValues fullAssessment(const catalog::Catalog& c)
{
    scoring::AssessmentValues values;
    values.catalog = {c.id, c.version};
    for (const auto& indicator : c.indicators) {
        const auto& rule = indicator.rule;
        scoring::Value value;
        switch (rule.kind) {
        case catalog::RuleKind::Bands: value = rule.bands[rule.bands.size() / 2].threshold; break;
        case catalog::RuleKind::Linear:
            value = Decimal::fromMicros((rule.floor.micros() + rule.target.micros()) / 2);
            break;
        case catalog::RuleKind::Boolean: value = true; break;
        case catalog::RuleKind::Levels: value = scoring::LevelValue{rule.levels[1].code}; break;
        case catalog::RuleKind::Checklist: value = scoring::ChecklistValue{{rule.items[0].code}}; break;
        }
        values.entries[indicator.code] = scoring::Entry::of(value);
    }
    return values;
}

void LoadCityCatalog(benchmark::State& state)
{
    for (auto _ : state) {
        auto loaded = catalog::parseCatalog(cityText(), "igmc-3.0-city.json");
        benchmark::DoNotOptimize(loaded);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * cityText().size()));
}
BENCHMARK(LoadCityCatalog)->Unit(benchmark::kMillisecond);

void ScoreFullCityAssessment(benchmark::State& state)
{
    const auto c = *catalog::parseCatalog(cityText(), "igmc-3.0-city.json");
    const auto values = fullAssessment(c);
    for (auto _ : state) {
        auto result = scoring::score(c, values);
        benchmark::DoNotOptimize(result);
    }
    state.counters["indicators"] = static_cast<double>(c.indicators.size());
}
BENCHMARK(ScoreFullCityAssessment)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
