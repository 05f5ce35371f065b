// igmc-bench: figures for the issue's targets, printed, never asserted.
//   igmc-bench sync   push 20,000 records, pull them on a fresh device, upload 50 photos of 512 KiB,
//                     then 200 concurrent devices pushing 500 records each (p50/p99 latency, server RSS).
//   --runs N          the whole workload N times, each on a fresh server, then the median and range
//                     of each figure (one run on a VM can be 30-40 % off the next).
// The server runs as its own igmc-server process on 127.0.0.1 so its memory is measured alone.
// SPDX-License-Identifier: Apache-2.0
#include "client/sync_engine.hpp"
#include "core/allocator_tuning.hpp"
#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "support/bench_records.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace igmc;
using Clock = std::chrono::steady_clock;

namespace {

// Each figure of each run, in the order first seen, for the summary over runs.
std::vector<std::pair<std::string, std::vector<double>>> g_figures;

void keep(const std::string& name, double value)
{
    auto it = std::find_if(g_figures.begin(), g_figures.end(), [&](const auto& f) { return f.first == name; });
    if (it == g_figures.end())
        it = g_figures.insert(g_figures.end(), {name, {}});
    it->second.push_back(value);
}

void printSummary()
{
    std::printf("summary over the runs: median (lowest-highest)\n");
    for (auto& [name, values] : g_figures) {
        std::sort(values.begin(), values.end());
        const auto n = values.size();
        const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        std::printf("  %-50s %10.2f  (%.2f-%.2f, %zu runs)\n", name.c_str(), median, values.front(), values.back(), n);
    }
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string firstLine(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// What a process has used so far: CPU time (user + system) in seconds, and minor page faults
// (each first touch of a page of fresh memory; in a VM one costs microseconds).
struct ProcessUse {
    double cpuSeconds = 0;
    long faults = 0;
    long long written = 0;  // bytes handed to write calls (files and sockets)
};

ProcessUse processUse(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (name) "
    std::string field;
    ProcessUse use;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 10)  // minflt
            use.faults = std::stol(field);
        if (i == 14 || i == 15)  // utime, stime
            ticks += std::stol(field);
    }
    use.cpuSeconds = static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    std::ifstream io("/proc/" + std::to_string(pid) + "/io");
    for (std::string key; io >> key;) {
        if (key == "wchar:")
            io >> use.written;
    }
    return use;
}

// Where the time of a phase went: the server's CPU, this process's (the device) and the wall clock.
class CpuUse {
public:
    explicit CpuUse(pid_t server) : server(server), serverStart(processUse(server)), deviceStart(processUse(::getpid())) {}
    void print(const char* phase, double wallSeconds, long items) const
    {
        const auto serverNow = processUse(server);
        const auto deviceNow = processUse(::getpid());
        const double serverMs = (serverNow.cpuSeconds - serverStart.cpuSeconds) * 1e3;
        const double deviceMs = (deviceNow.cpuSeconds - deviceStart.cpuSeconds) * 1e3;
        const auto perItem = [items](double value) { return value / static_cast<double>(items); };
        std::printf("        %s CPU: server %.0f ms, device %.0f ms (%.1f and %.1f us per item) in %.0f ms; page faults per item: "
                    "server %.2f, device %.2f; server wrote %.1f KiB per item\n",
                    phase, serverMs, deviceMs, perItem(serverMs * 1e3), perItem(deviceMs * 1e3), wallSeconds * 1e3,
                    perItem(static_cast<double>(serverNow.faults - serverStart.faults)),
                    perItem(static_cast<double>(deviceNow.faults - deviceStart.faults)),
                    perItem(static_cast<double>(serverNow.written - serverStart.written) / 1024.0));
    }

private:
    pid_t server;
    ProcessUse serverStart;
    ProcessUse deviceStart;
};

long peakRssKiB(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6));
    }
    return -1;
}

struct Server {
    pid_t pid = -1;
    std::string url;
    std::string dataDir;

    void start()
    {
        const auto port = test::freeLoopbackPort();
        url = "http://127.0.0.1:" + std::to_string(port);
        pid = ::fork();
        if (pid == 0) {
            const std::string listen = "127.0.0.1:" + std::to_string(port);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execl(IGMC_SERVER_BINARY, "igmc-server", "--data", dataDir.c_str(), "--listen", listen.c_str(), "--quiet",
                    "--demo", nullptr);
            ::_exit(127);
        }
        sync::HttpClient http;
        for (int i = 0; i < 500; ++i) {
            auto response = http.send({"GET", url + "/healthz", {}, {}});
            if (response && response->status == 200)
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        std::fprintf(stderr, "igmc-server did not start\n");
        std::exit(1);
    }
    void stop()
    {
        ::kill(pid, SIGTERM);
        int status = 0;
        ::waitpid(pid, &status, 0);
    }
};

struct Device {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<evidence::BlobStore> blobs;
};

Device openDevice(const test::TempDir& dir, const std::string& name)
{
    Device d;
    d.store = std::move(store::Store::open(dir.path(name + ".sqlite")).value());
    d.blobs = std::make_unique<evidence::BlobStore>(std::move(evidence::BlobStore::open(dir.path(name + ".blobs")).value()));
    return d;
}

// An inspector enrollment code from the admin API.
std::string inspectorCode(sync::HttpClient& http, const std::string& url, const std::string& adminToken)
{
    auto response = http.send({"POST", url + "/v1/admin/enrollment-codes", {{"Authorization", "Bearer " + adminToken}},
                               R"({"role": "inspector", "scope": {"inspector": "demo-inspector"}})"});
    return std::string(boost::json::parse(response->body).at("code").as_string());
}

std::string enrollToken(sync::HttpClient& http, const std::string& url, const std::string& code)
{
    auto response = http.send({"POST", url + "/v1/enroll", {}, R"({"code": ")" + code + R"(", "device_name": "bench"})"});
    return std::string(boost::json::parse(response->body).at("token").as_string());
}

constexpr int kDevices = 200;
constexpr int kPerDevice = 500;

// What each of the concurrent devices pushes, and its token.
struct DeviceLoad {
    std::vector<std::string> tokens;
    std::vector<std::string> bodies;
};

std::string created(sync::HttpClient& http, const std::string& url, const std::string& adminToken, const std::string& what, const std::string& body)
{
    auto response = http.send({"POST", url + "/v1/admin/" + what, {{"Authorization", "Bearer " + adminToken}}, body});
    if (!response || response->status != 201) {
        std::fprintf(stderr, "could not create %s: %s\n", what.c_str(), response ? response->body.c_str() : response.error().message.c_str());
        std::exit(1);
    }
    return std::string(boost::json::parse(response->body).at(what == "enrollment-codes" ? "code" : "id").as_string());
}

// Each device on an assessment of its own, scoped to it: first versions of its 336 indicators,
// then edits of them, as device A pushes; none is a conflict.
DeviceLoad ownAssessments(sync::HttpClient& http, const std::string& url, const std::string& adminToken, const store::Assessment& like)
{
    DeviceLoad load;
    for (int d = 0; d < kDevices; ++d) {
        const auto assessmentId = created(http, url, adminToken, "assessments",
                                          boost::json::serialize(boost::json::object{{"site_id", like.siteId},
                                                                                     {"catalog_id", like.catalog.id},
                                                                                     {"catalog_version", like.catalog.version}}));
        const auto code = created(http, url, adminToken, "enrollment-codes",
                                  boost::json::serialize(boost::json::object{{"role", "inspector"},
                                                                             {"scope", {{"assessments", boost::json::array{assessmentId}}}}}));
        load.tokens.push_back(enrollToken(http, url, code));
        sync::PushRequest request;
        std::vector<std::string> ids;
        for (int i = 0; i < kPerDevice; ++i) {
            auto o = test::benchVersion(assessmentId, i, "bench-own-" + std::to_string(d), static_cast<std::uint32_t>(d));
            if (i >= 336)
                o.parentId = ids[static_cast<std::size_t>(i - 336)];
            ids.push_back(o.id);
            request.ops.push_back({newUuidV7(), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}});
        }
        load.bodies.push_back(sync::encode(request));
    }
    return load;
}

// Every device's first versions of the same indicators of one assessment: each is a conflict, the
// most the server does per record.
DeviceLoad competingVersions(sync::HttpClient& http, const std::string& url, const std::string& adminToken, const std::string& assessmentId)
{
    DeviceLoad load;
    for (int d = 0; d < kDevices; ++d) {
        load.tokens.push_back(enrollToken(http, url, inspectorCode(http, url, adminToken)));
        sync::PushRequest request;
        for (int i = 0; i < kPerDevice; ++i) {
            auto o = test::benchVersion(assessmentId, d * kPerDevice + i, "bench-" + std::to_string(d), static_cast<std::uint32_t>(d));
            request.ops.push_back({newUuidV7(), "", o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}});
        }
        load.bodies.push_back(sync::encode(request));
    }
    return load;
}

// Returns once the central record holds every push acknowledged so far: a read waits for the
// pushes acknowledged early (from the server's intake log) to be applied.
void waitUntilApplied(const Server& server, const std::string& adminToken)
{
    sync::HttpClient http;
    http.setTimeouts(std::chrono::milliseconds(5000), std::chrono::milliseconds(120000));
    auto response = http.send({"GET", server.url + "/v1/sync/pull?after=999999999999&limit=1", {{"Authorization", "Bearer " + adminToken}}, {}});
    if (!response || response->status != 200) {
        std::fprintf(stderr, "the server did not apply what it acknowledged: %s\n", response ? response->body.c_str() : response.error().message.c_str());
        std::exit(1);
    }
}

// All devices push at once, each its body in one request; prints how long they took.
void concurrentPushes(const Server& server, const std::string& adminToken, const DeviceLoad& load, const char* what, const char* label)
{
    std::vector<double> latencies(kDevices, 0);
    std::vector<int> acked(kDevices, 0);
    std::vector<std::thread> threads;
    const CpuUse cpu(server.pid);
    const auto start = Clock::now();
    for (int d = 0; d < kDevices; ++d) {
        threads.emplace_back([&, d] {
            const auto i = static_cast<std::size_t>(d);
            sync::HttpClient client;
            client.setTimeouts(std::chrono::milliseconds(5000), std::chrono::milliseconds(60000));
            const auto begin = Clock::now();
            auto response = client.send({"POST", server.url + "/v1/sync/push",
                                         {{"Authorization", "Bearer " + load.tokens[i]}, {"Sync-Early-Ack", "1"}}, load.bodies[i]});
            latencies[i] = secondsSince(begin);
            if (response && response->status == 200) {
                if (auto acks = sync::decodePushResponse(response->body))
                    acked[i] = static_cast<int>(acks->accepted ? acks->accepted->ops : acks->acks.size());
            }
        });
    }
    for (auto& t : threads)
        t.join();
    const double seconds = secondsSince(start);
    waitUntilApplied(server, adminToken);
    const double appliedSeconds = secondsSince(start);
    std::sort(latencies.begin(), latencies.end());
    const int allAcked = static_cast<int>(std::count(acked.begin(), acked.end(), kPerDevice));
    std::printf("concurrent %d devices x %d records, %s: %d/%d fully acknowledged in %.2f s (%.0f records/s); push latency p50 %.0f ms, "
                "p99 %.0f ms  [target p99 < 250 ms]\n",
                kDevices, kPerDevice, what, allAcked, kDevices, seconds, kDevices * kPerDevice / seconds, latencies[kDevices / 2] * 1000,
                latencies[static_cast<std::size_t>(kDevices * 99 / 100)] * 1000);
    std::printf("        all applied to the central record after %.2f s (%.0f records/s)\n", appliedSeconds,
                kDevices * kPerDevice / appliedSeconds);
    cpu.print("concurrent", seconds, static_cast<long>(kDevices) * kPerDevice);
    keep(std::string("200 devices, ") + label + ": p99 ms", latencies[static_cast<std::size_t>(kDevices * 99 / 100)] * 1000);
    keep(std::string("200 devices, ") + label + ": all acknowledged, s", seconds);
    keep(std::string("200 devices, ") + label + ": all applied, s", appliedSeconds);
}

int benchSync(bool transferOnly)
{
    test::TempDir dir;
    Server server;
    server.dataDir = dir.path("server");
    server.start();
    sync::HttpClient http;
    const auto adminToken = enrollToken(http, server.url, firstLine(server.dataDir + "/admin-enrollment-code.txt"));

    // ---- Device A: 20,000 records pushed with durable acks.
    auto a = openDevice(dir, "device-a");
    sync::SyncOptions options;
    options.serverUrl = server.url;
    options.pushBatch = 5'000;
    // Pulled in pages of the app's size (SyncOptions' default): with pages in flight one behind
    // the other, larger ones only make the device wait longer for the first and apply the last alone.
    sync::SyncEngine engineA(*a.store, *a.blobs, options);
    if (!engineA.enroll(firstLine(server.dataDir + "/demo-enrollment-code.txt"), "device-a") || !engineA.run()) {
        std::fprintf(stderr, "device A could not enroll\n");
        return 1;
    }
    const auto assessmentId = a.store->assessments()->front().id;
    constexpr int kRecords = 20'000;
    std::vector<store::Observation> records;
    // As one inspector's device makes them: a first version of each of 336 indicators, then edits
    // of the previous version (one device never branches its own versions; the 200 devices below
    // do, all on the same indicators, which is the conflict-heavy case).
    for (int i = 0; i < kRecords; ++i) {
        records.push_back(test::benchObservation(assessmentId, i));
        records.back().id = newUuidV7();
        if (i >= 336)
            records.back().parentId = records[static_cast<std::size_t>(i - 336)].id;
    }
    if (!a.store->recordObservations(records))
        return 1;
    const auto sample = boost::json::serialize(store::toJson(*a.store->observation(a.store->journal(4, 1)->front().entityId)));
    options.pull = false;
    sync::SyncEngine pusher(*a.store, *a.blobs, options);
    const CpuUse pushCpu(server.pid);
    auto start = Clock::now();
    auto pushed = pusher.run();
    const double pushSeconds = secondsSince(start);
    if (!pushed) {
        std::fprintf(stderr, "push failed: %s\n", pushed.error().message.c_str());
        return 1;
    }
    std::printf("push    %d records (%zu bytes of JSON each) in batches of %zu: %.2f s, %.0f records/s  [target >= 100,000/s]\n", kRecords,
                sample.size(), options.pushBatch, pushSeconds, kRecords / pushSeconds);
    pushCpu.print("push", pushSeconds, kRecords);
    keep("push records/s", kRecords / pushSeconds);
    // Acknowledged is durable; applied is when every read of the record sees it.
    waitUntilApplied(server, adminToken);
    const double appliedSeconds = secondsSince(start);
    std::printf("        all applied to the central record after %.2f s (%.0f records/s)\n", appliedSeconds, kRecords / appliedSeconds);
    keep("push applied records/s", kRecords / appliedSeconds);

    // ---- Device B: a fresh device pulls them all.
    auto b = openDevice(dir, "device-b");
    options.pull = true;
    sync::SyncEngine engineB(*b.store, *b.blobs, options);
    if (!engineB.enroll(inspectorCode(http, server.url, adminToken), "device-b"))
        return 1;
    const CpuUse pullCpu(server.pid);
    start = Clock::now();
    auto pulled = engineB.run();
    const double pullSeconds = secondsSince(start);
    if (!pulled) {
        std::fprintf(stderr, "pull failed: %s\n", pulled.error().message.c_str());
        return 1;
    }
    std::printf("pull    %lld records onto a fresh device in pages of up to %zu: %.2f s, %.0f records/s  [target >= 200,000/s]\n",
                static_cast<long long>(pulled->pulled), options.pullBatch, pullSeconds, static_cast<double>(pulled->pulled) / pullSeconds);
    pullCpu.print("pull", pullSeconds, static_cast<long>(pulled->pulled));
    keep("pull records/s", static_cast<double>(pulled->pulled) / pullSeconds);
    if (transferOnly) {
        server.stop();
        return 0;
    }

    // ---- 50 photos of 512 KiB.
    constexpr int kPhotos = 50;
    constexpr std::size_t kPhotoBytes = 512 * 1024;
    std::string photo(kPhotoBytes, '\0');
    const auto firstHead = a.store->latestObservations(assessmentId)->front().head.id;
    for (int p = 0; p < kPhotos; ++p) {
        for (std::size_t i = 0; i < photo.size(); i += 64)
            photo[i] = static_cast<char>(p * 31 + i);
        const auto sha = a.blobs->put(photo);
        store::Evidence e;
        e.sha256 = *sha;
        e.mediaType = "image/jpeg";
        e.sizeBytes = static_cast<std::int64_t>(kPhotoBytes);
        e.observationIds = {firstHead};
        if (!a.store->addEvidence(e))
            return 1;
    }
    options.pull = false;
    sync::SyncEngine uploader(*a.store, *a.blobs, options);
    const CpuUse uploadCpu(server.pid);
    start = Clock::now();
    auto uploaded = uploader.run();
    const double uploadSeconds = secondsSince(start);
    if (!uploaded) {
        std::fprintf(stderr, "upload failed: %s\n", uploaded.error().message.c_str());
        return 1;
    }
    const double mib = static_cast<double>(uploaded->bytesUploaded) / (1024.0 * 1024.0);
    std::printf("upload  %lld photos of 512 KiB (%.0f MiB, hash-verified, fsynced): %.2f s, %.0f MiB/s  [target >= 350 MiB/s]\n",
                static_cast<long long>(uploaded->blobsUploaded), mib, uploadSeconds, mib / uploadSeconds);
    uploadCpu.print("upload", uploadSeconds, static_cast<long>(uploaded->blobsUploaded));
    keep("upload MiB/s", mib / uploadSeconds);

    // ---- 200 concurrent devices pushing 500 records each: first each on an assessment of its own,
    // as 200 inspectors on 200 sites would push; then all on the same indicators of one.
    const auto assessment = a.store->assessments()->front();
    concurrentPushes(server, adminToken, ownAssessments(http, server.url, adminToken, assessment),
                     "each on an assessment of its own (first versions, then edits; no conflict)", "own assessments");
    concurrentPushes(server, adminToken, competingVersions(http, server.url, adminToken, assessmentId),
                     "all on the same 336 indicators of one assessment (every version a conflict)", "all conflicts");
    if (auto metrics = http.send({"GET", server.url + "/metrics", {{"Authorization", "Bearer " + adminToken}}, {}}); metrics && metrics->status == 200) {
        for (const char* ack : {"early", "applied"}) {
            const std::string name = std::string("igmc_sync_pushes_total{ack=\"") + ack + "\"} ";
            if (const auto at = metrics->body.find(name); at != std::string::npos)
                std::printf("pushes answered %s: %s\n", ack, metrics->body.substr(at + name.size(), metrics->body.find('\n', at) - at - name.size()).c_str());
        }
    }
    const double rssMb = static_cast<double>(peakRssKiB(server.pid)) / 1024.0;
    std::printf("server peak RSS: %.1f MB  [target < 150 MB]\n", rssMb);
    keep("server peak RSS MB", rssMb);
    server.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    igmc::useTunedAllocator(argv);  // as the app and `igmc sync` do: this process is the device
    const std::vector<std::string> args(argv + 1, argv + argc);
    bool transferOnly = false;
    int runs = 1;
    bool usage = args.empty() || args.front() != "sync";
    for (std::size_t i = 1; i < args.size() && !usage; ++i) {
        if (args[i] == "transfer")
            transferOnly = true;
        else if (args[i] == "--runs" && i + 1 < args.size() && std::atoi(args[i + 1].c_str()) > 0)
            runs = std::atoi(args[++i].c_str());
        else
            usage = true;
    }
    if (usage) {
        std::fprintf(stderr, "usage: igmc-bench sync [transfer] [--runs N]\n"
                             "  transfer: push and pull only, for profiling one of them\n"
                             "  --runs N: the whole workload N times, each on a fresh server, then the median and range of each figure\n"
                             "  (catalog and scoring: igmc_bench_scoring; store: igmc_bench_store)\n");
        return 2;
    }
    for (int run = 1; run <= runs; ++run) {
        if (runs > 1)
            std::printf("-- run %d of %d\n", run, runs);
        if (const int failed = benchSync(transferOnly); failed != 0)
            return failed;
        std::fflush(stdout);
    }
    if (runs > 1)
        printSummary();
    return 0;
}
