// The sync path without the network: what the server does with a push (decode, apply, ack) and a
// pull (read, encode), what a device does with a pulled page (decode, apply, cursor), and what it
// does before a push (read its journal, encode). Separates
// the store's share of `igmc-bench sync` from HTTP's; run it under callgrind to see where an op goes.
// Run: build/release/tests/igmc_bench_sync_apply [records [devices]]
// SPDX-License-Identifier: Apache-2.0
#include "core/allocator_tuning.hpp"
#include "core/ids.hpp"
#include "protocol/op_apply.hpp"
#include "protocol/direct_decoder.hpp"
#include "protocol/wire.hpp"
#include "storage/sqlite_central_store.hpp"
#include "store/record_json.hpp"
#include "support/bench_records.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace igmc;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Versions as an inspector's device makes them: a first version of each of 336 indicators, then
// edits of the previous version.
std::vector<std::string> pushBodies(const std::string& assessmentId, int records, std::size_t batch)
{
    std::vector<std::string> bodies;
    std::vector<std::string> ids;
    sync::PushRequest request;
    for (int i = 0; i < records; ++i) {
        auto o = test::benchVersion(assessmentId, i, "device-a");
        if (i >= 336)
            o.parentId = ids[static_cast<std::size_t>(i - 336)];
        ids.push_back(o.id);
        request.ops.push_back({newUuidV7(), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}});
        if (request.ops.size() == batch || i + 1 == records) {
            bodies.push_back(sync::encode(request));
            request.ops.clear();
        }
    }
    return bodies;
}

using DecodedPages = std::vector<std::pair<sync::PullResponse, std::vector<sync::DecodedRecord>>>;

// As the sync engine's writing thread applies pulled pages (SyncEngine::applyPage): each in a
// transaction with its cursor, committed without waiting for the disk. The pages are this
// bench's (kBatch ops), not the app's. A function of its own, for
// `valgrind --tool=callgrind --toggle-collect='*applyPages*'`.
[[gnu::noinline]] std::size_t applyPages(store::Store& device, DecodedPages& decoded)
{
    std::size_t applied = 0;
    for (auto& [page, records] : decoded) {
        const store::UnsyncedCommits refetchable(device.database());
        auto tx = store::Transaction::begin(device.database());
        for (std::size_t i = 0; i < page.ops.size(); ++i) {
            if (auto done = sync::applyOp(device, page.ops[i], &records[i]); !done) {
                std::fprintf(stderr, "apply failed: %s\n", done.error().message.c_str());
                return 0;
            }
        }
        (void)device.setMeta("pull_cursor", std::to_string(page.next));
        (void)tx->commit();
        applied += page.ops.size();
    }
    return applied;
}

}  // namespace

int main(int argc, char** argv)
{
    igmc::useTunedAllocator(argv);  // as the server and the devices do
    const int records = argc > 1 ? std::atoi(argv[1]) : 20'000;
    const int devices = argc > 2 ? std::atoi(argv[2]) : 200;
    constexpr std::size_t kBatch = 5'000;
    test::TempDir dir;
    auto central = std::move(server::SqliteCentralStore::open(dir.path("central.sqlite")).value());
    store::Site site;
    site.name = "Bench site";
    const auto siteId = central->addSite(site)->id;
    store::Assessment assessment;
    assessment.siteId = siteId;
    assessment.catalog = {"igmc-3.0-city", "3.0.0-ref.1"};
    const auto assessmentId = central->addAssessment(assessment)->id;
    // Devices enrolled as the server enrolls them: a push is authorised against the stored device.
    const auto enrolled = [&central](server::Role role, const server::Scope& scope) {
        const auto code = central->createEnrollmentCode(role, scope, "bench", std::chrono::hours(1));
        return central->enroll(code.value(), "bench").value().device;
    };
    const auto admin = enrolled(server::Role::Admin, {});
    const auto bodies = pushBodies(assessmentId, records, kBatch);

    auto start = Clock::now();
    std::size_t acked = 0;
    for (const auto& body : bodies) {
        auto request = sync::decodePush(body);
        auto response = central->push(admin, request.value().request.ops, std::move(request.value().records), {});
        if (!response) {
            std::fprintf(stderr, "push failed: %s\n", response.error().message.c_str());
            return 1;
        }
        acked += response->acks.size();
        (void)sync::encode(*response);
    }
    const double pushSeconds = secondsSince(start);
    std::printf("server push apply: %zu ops in %.3f s, %.0f ops/s (%.1f us/op)\n", acked, pushSeconds, acked / pushSeconds,
                pushSeconds * 1e6 / static_cast<double>(acked));

    // Every page as the server answers a pull (pullEncoded) for `device`; prints the time per op.
    const auto serve = [&](const server::Device& device, const char* who) {
        const auto began = Clock::now();
        std::vector<std::string> bodies;
        std::size_t served = 0;
        for (std::int64_t after = 0;;) {
            auto page = central->pullEncoded(device, after, kBatch);
            served += page->ops;
            after = page->next;
            bodies.push_back(std::move(page->body));
            if (!page->more)
                break;
        }
        const double seconds = secondsSince(began);
        std::printf("server pull read+encode for %s: %zu ops in %.3f s, %.0f ops/s (%.1f us/op)\n", who, served, seconds, served / seconds,
                    seconds * 1e6 / static_cast<double>(served));
        return bodies;
    };
    const auto pages = serve(admin, "an admin");
    // An inspector scoped to the assessment: the pull's filter on what it may see.
    server::Scope inspectorScope;
    inspectorScope.assessments = {assessmentId};
    const auto scopedInspector = enrolled(server::Role::Inspector, inspectorScope);
    (void)serve(scopedInspector, "an inspector");
    // The same pages read into ops first, then encoded (how the server answered before pullEncoded).
    start = Clock::now();
    std::size_t viaOps = 0;
    for (std::int64_t cursor = 0;;) {
        auto page = central->pull(admin, cursor, kBatch);
        viaOps += sync::encode(*page).size() > 0 ? page->ops.size() : 0;
        cursor = page->next;
        if (!page->more)
            break;
    }
    const double viaOpsSeconds = secondsSince(start);
    std::printf("server pull read into ops, then encode: %zu ops in %.3f s (%.1f us/op)\n", viaOps, viaOpsSeconds,
                viaOpsSeconds * 1e6 / static_cast<double>(viaOps));

    auto device = std::move(store::Store::open(dir.path("device.sqlite")).value());
    // The sync engine decodes a page (and its versions' records) on a thread of its own
    // while the previous page is written: two figures, as two threads share the work.
    start = Clock::now();
    DecodedPages decoded;
    for (const auto& body : pages) {
        auto page = sync::decodePullPage(body);
        decoded.emplace_back(std::move(page->page), std::move(page->records));
    }
    const double decodeSeconds = secondsSince(start);
    start = Clock::now();
    const auto applied = applyPages(*device, decoded);
    if (!applied)
        return 1;
    const double applySeconds = secondsSince(start);
    std::printf("device pull decode (fetching thread): %.1f us/op; apply (writing thread): %zu ops in %.3f s, %.0f ops/s (%.1f us/op)\n",
                decodeSeconds * 1e6 / static_cast<double>(applied), applied, applySeconds, applied / applySeconds,
                applySeconds * 1e6 / static_cast<double>(applied));

    // What a device does before each push: read the next batch from its journal (the versions from
    // their rows) and encode it; igmc-bench's device A, without the network.
    auto inspector = std::move(store::Store::open(dir.path("inspector.sqlite")).value());
    store::Assessment own = assessment;
    own.siteId = inspector->addSite(site)->id;
    own.id = assessmentId;
    (void)inspector->addAssessment(own);
    std::vector<store::Observation> made;
    for (int i = 0; i < records; ++i) {
        made.push_back(test::benchObservation(assessmentId, i));
        made.back().id = newUuidV7();
        if (i >= 336)
            made.back().parentId = made[static_cast<std::size_t>(i - 336)].id;
    }
    if (!inspector->recordObservations(made)) {
        std::fprintf(stderr, "could not record the device's versions\n");
        return 1;
    }
    start = Clock::now();
    std::size_t encoded = 0;
    std::size_t encodedBytes = 0;
    for (std::int64_t after = 0;;) {
        auto entries = inspector->journalForPush(after, static_cast<std::int64_t>(kBatch));
        if (!entries || entries->empty())
            break;
        sync::PushRequest request;
        request.ops = std::move(sync::opsFromJournal(*inspector, *entries).value());
        encodedBytes += sync::encode(request).size();
        encoded += request.ops.size();
        after = entries->back().seq;
    }
    const double encodeSeconds = secondsSince(start);
    std::printf("device push read+encode: %zu ops (%zu bytes) in %.3f s (%.1f us/op)\n", encoded, encodedBytes, encodeSeconds,
                encodeSeconds * 1e6 / static_cast<double>(std::max<std::size_t>(encoded, 1)));

    if (devices <= 0)
        return 0;
    // What the server writes for igmc-bench's 200 devices: each device's first versions of the
    // same 336 indicators of another assessment, so every version past the first of its indicator
    // branches and joins a conflict. One push after the other, without the network.
    assessment.id.clear();
    const auto contested = central->addAssessment(assessment)->id;
    std::vector<std::string> contestedBodies;
    for (int d = 0; d < devices; ++d) {
        sync::PushRequest request;
        for (int i = 0; i < 500; ++i) {
            auto o = test::benchVersion(contested, d * 500 + i, "bench-" + std::to_string(d), static_cast<std::uint32_t>(d));
            request.ops.push_back({newUuidV7(), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}});
        }
        contestedBodies.push_back(sync::encode(request));
    }
    std::vector<server::Device> pushers;
    for (int d = 0; d < devices; ++d)
        pushers.push_back(enrolled(server::Role::Admin, {}));
    start = Clock::now();
    std::size_t contestedOps = 0;
    for (int d = 0; d < devices; ++d) {
        const auto& pusher = pushers[static_cast<std::size_t>(d)];
        auto request = sync::decodePush(contestedBodies[static_cast<std::size_t>(d)]);
        auto response = central->push(pusher, request.value().request.ops, std::move(request.value().records), {});
        if (!response) {
            std::fprintf(stderr, "push failed: %s\n", response.error().message.c_str());
            return 1;
        }
        contestedOps += response->acks.size();
    }
    const double contestedSeconds = secondsSince(start);
    std::printf("server push apply, %d devices' competing versions: %zu ops in %.3f s (%.1f us/op)\n", devices, contestedOps,
                contestedSeconds, contestedSeconds * 1e6 / static_cast<double>(contestedOps));
    return 0;
}
