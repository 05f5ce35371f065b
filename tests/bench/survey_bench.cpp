// Figures for the survey engine: parsing a definition, checking one response, aggregating a site's
// responses, and a kiosk's durable write of one anonymous response (its own transaction, fsync).
// Run: build/release/tests/igmc_bench_survey
// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"
#include "survey/aggregation.hpp"
#include "survey/survey.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>

#include <random>

namespace {

using namespace igmc;

const std::string& residentText()
{
    static const std::string text = test::readText(test::surveyPath("resident-wellbeing.json"));
    return text;
}

survey::Answers randomAnswers(std::mt19937& random)
{
    const auto pick = [&](int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); };
    survey::Answers a{{"years_lived", Decimal::fromInteger(pick(0, 60))},
                      {"park_visits", std::string(pick(0, 1) ? "weekly" : "never")},
                      {"green_space", Decimal::fromInteger(pick(1, 5))},
                      {"safe_at_night", Decimal::fromInteger(pick(1, 5))},
                      {"public_services", Decimal::fromInteger(pick(4, 5))},
                      {"main_transport", std::string("bus")},
                      {"transport_ease", Decimal::fromInteger(pick(1, 5))},
                      {"happiness", Decimal::fromInteger(pick(5, 10))}};
    if (std::get<std::string>(a["park_visits"]) == "never")
        a["park_barriers"] = std::vector<std::string>{"too_far", "no_time"};
    return a;
}

void ParseResidentSurvey(benchmark::State& state)
{
    for (auto _ : state) {
        auto parsed = survey::parseSurvey(residentText(), "resident");
        benchmark::DoNotOptimize(parsed);
    }
}
BENCHMARK(ParseResidentSurvey)->Unit(benchmark::kMicrosecond);

void CheckAndEncodeOneResponse(benchmark::State& state)
{
    const auto s = *survey::parseSurvey(residentText(), "resident");
    std::mt19937 random(7);
    const auto answers = randomAnswers(random);
    for (auto _ : state) {
        auto ok = survey::checkResponse(s, survey::withoutHidden(s, answers));
        auto json = boost::json::serialize(survey::answersToJson(answers));
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(json);
    }
}
BENCHMARK(CheckAndEncodeOneResponse)->Unit(benchmark::kMicrosecond);

void AggregateResponses(benchmark::State& state)
{
    const auto s = *survey::parseSurvey(residentText(), "resident");
    std::mt19937 random(11);
    std::vector<survey::Answers> responses;
    for (int i = 0; i < state.range(0); ++i)
        responses.push_back(randomAnswers(random));
    for (auto _ : state) {
        auto results = survey::aggregate(s, responses);
        benchmark::DoNotOptimize(results);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(AggregateResponses)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// What a resident waits for after "Submit": one durable transaction with its journal entry.
void KioskDurableSubmit(benchmark::State& state)
{
    test::TempDir dir;
    auto store = std::move(store::Store::open(dir.path("kiosk.sqlite")).value());
    store::Site site;
    site.name = "Bench community";
    site.kind = store::SiteKind::Community;
    const auto siteId = store->addSite(site)->id;
    const auto parsed = *survey::parseSurvey(residentText(), "resident");
    (void)store->addSurveyDefinition({parsed.id, parsed.version, parsed.title.en, parsed.title.zh, residentText(), "2026-01-01T00:00:00Z"});
    std::mt19937 random(3);
    for (auto _ : state) {
        store::SurveyResponse r{"", parsed.id, parsed.version, siteId, "zh", boost::json::serialize(survey::answersToJson(randomAnswers(random))),
                                "2026-11-23T14:00:00Z"};
        auto added = store->addSurveyResponse(r);
        benchmark::DoNotOptimize(added);
    }
}
BENCHMARK(KioskDurableSubmit)->Unit(benchmark::kMillisecond)->Iterations(500);

}  // namespace

BENCHMARK_MAIN();
