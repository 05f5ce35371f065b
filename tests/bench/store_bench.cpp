// Figures for the local store (issue targets: insert 100,000 observations < 1 s; open a store
// holding them and list one assessment's latest version of each indicator < 20 ms).
// Run: build/release/tests/igmc_bench_store [observations]
// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include "support/bench_records.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace igmc;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The sync benchmarks' record, as version `version` of indicator `indicator` (112 per assessment).
store::Observation observation(const std::string& assessmentId, int indicator, int version, std::optional<std::string> parent)
{
    auto o = test::benchObservation(assessmentId, version);
    o.parentId = std::move(parent);
    o.indicatorCode = "EN" + std::to_string(indicator / 10) + "." + std::to_string(indicator % 10);
    return o;
}

// Inserts `total` observations in batches; `versionsPerIndicator` = 1 gives first versions only,
// more gives chains of edits (each a child of the indicator's current head).
double insertWorkload(const std::string& path, int total, int versionsPerIndicator, std::vector<std::string>& assessments)
{
    constexpr int kIndicators = 112;
    constexpr std::size_t kBatch = 1'000;
    auto store = std::move(store::Store::open(path).value());
    store::Site site;
    site.name = "Benchmark site";
    const auto siteId = store->addSite(site)->id;
    const int assessmentCount = (total + kIndicators * versionsPerIndicator - 1) / (kIndicators * versionsPerIndicator);
    for (int a = 0; a < assessmentCount; ++a) {
        store::Assessment assessment;
        assessment.siteId = siteId;
        assessment.catalog = {"igmc-3.0-city", "3.0.0-ref.1"};
        assessments.push_back(store->addAssessment(assessment)->id);
    }
    std::vector<std::optional<std::string>> heads(assessments.size() * kIndicators);
    std::vector<store::Observation> batch;
    const auto start = Clock::now();
    for (int i = 0; i < total; ++i) {
        // First versions fill the slots in order; edits cycle over all slots again and again.
        const auto slot = static_cast<std::size_t>(i) % heads.size();
        batch.push_back(observation(assessments[slot / kIndicators], static_cast<int>(slot % kIndicators), i, heads[slot]));
        if (batch.size() == kBatch || i + 1 == total) {
            auto stored = store->recordObservations(std::move(batch));
            if (!stored) {
                std::fprintf(stderr, "insert failed: %s\n", stored.error().message.c_str());
                std::exit(1);
            }
            const auto first = static_cast<std::size_t>(i + 1) - stored->size();
            for (std::size_t k = 0; k < stored->size(); ++k)
                heads[(first + k) % heads.size()] = (*stored)[k].id;
            batch.clear();
        }
    }
    return msSince(start);
}

}  // namespace

int main(int argc, char** argv)
{
    const int total = argc > 1 ? std::atoi(argv[1]) : 100'000;
    test::TempDir dir;
    std::vector<std::string> firstAssessments;
    const double firstMs = insertWorkload(dir.path("first.sqlite"), total, 1, firstAssessments);
    std::printf("insert %d new observations (first versions, batches of 1000, journal + heads): %.0f ms, %.0f/s  [target < 1000 ms]\n",
                total, firstMs, total / (firstMs / 1000.0));
    std::vector<std::string> assessments;
    const double editMs = insertWorkload(dir.path("edits.sqlite"), total, 9, assessments);
    std::printf("insert %d observations as edit chains (9 versions per indicator): %.0f ms, %.0f/s  [target < 1000 ms]\n", total,
                editMs, total / (editMs / 1000.0));
    for (int run = 0; run < 3; ++run) {
        const auto start = Clock::now();
        auto store = std::move(store::Store::open(dir.path("edits.sqlite")).value());
        const double openMs = msSince(start);
        const auto listStart = Clock::now();
        const auto heads = store->latestObservations(assessments[static_cast<std::size_t>(run) % assessments.size()]);
        const double listMs = msSince(listStart);
        std::printf("open a %d-observation store + list latest of each indicator (%zu heads): %.2f ms (open %.2f, list %.2f)  [target < 20 ms]\n",
                    total, heads->size(), openMs + listMs, openMs, listMs);
    }
    return 0;
}
