// The server process is killed with SIGKILL at random moments while a device pushes hundreds of
// batches, and restarted each time. The device must converge, and every op it was acknowledged
// for must be on the server exactly once (invariants E1, E2, E5 of sync/client/sync_engine.hpp).
// SPDX-License-Identifier: Apache-2.0
#include "client/sync_engine.hpp"

#include "store/sqlite_database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <set>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <thread>
#include <unistd.h>

namespace igmc::sync {
namespace {

class ServerProcess {
public:
    ServerProcess(std::string dataDir, unsigned short port) : m_dataDir(std::move(dataDir)), m_port(port) {}
    ~ServerProcess() { kill(); }

    void start(bool demo = false)
    {
        m_pid = ::fork();
        if (m_pid == 0) {
            const std::string listen = "127.0.0.1:" + std::to_string(m_port);
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            if (demo)
                ::execl(IGMC_SERVER_BINARY, "igmc-server", "--data", m_dataDir.c_str(), "--listen", listen.c_str(), "--quiet", "--demo", nullptr);
            else
                ::execl(IGMC_SERVER_BINARY, "igmc-server", "--data", m_dataDir.c_str(), "--listen", listen.c_str(), "--quiet", nullptr);
            ::_exit(127);
        }
        // Wait until it answers.
        HttpClient http;
        http.setTimeouts(std::chrono::milliseconds(200), std::chrono::milliseconds(500));
        for (int i = 0; i < 200; ++i) {
            auto response = http.send({"GET", url() + "/healthz", {}, {}});
            if (response && response->status == 200)
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ADD_FAILURE() << "igmc-server did not start";
    }

    void kill()
    {
        if (m_pid <= 0)
            return;
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

private:
    std::string m_dataDir;
    unsigned short m_port;
    pid_t m_pid = -1;
};

std::string firstLine(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

TEST(SyncFaultInjection, ServerKilledAtRandomAcrossHundredsOfPushesConvergesExactlyOnce)
{
    igmc::test::TempDir dir;
    const auto dataDir = dir.path("server");
    ServerProcess server(dataDir, igmc::test::freeLoopbackPort());
    server.start(true);
    const std::string code = firstLine(dataDir + "/demo-enrollment-code.txt");
    ASSERT_FALSE(code.empty());

    auto device = std::move(store::Store::open(dir.path("tablet.sqlite")).value());
    auto blobs = std::move(evidence::BlobStore::open(dir.path("tablet.blobs")).value());
    SyncOptions options;
    options.serverUrl = server.url();
    options.pushBatch = 10;  // many small pushes
    options.maxAttempts = 3;
    options.initialBackoff = std::chrono::milliseconds(10);
    options.maxBackoff = std::chrono::milliseconds(100);
    options.requestTimeout = std::chrono::milliseconds(2000);
    SyncEngine engine(*device, blobs, options);
    ASSERT_TRUE(engine.enroll(code, "fault-tablet"));
    ASSERT_TRUE(engine.run());
    const auto assessments = device->assessments();
    ASSERT_EQ(assessments->size(), 1U);
    // 210 batches of 10 to begin with; more while the server has been killed fewer than 20 times
    // (a fast build pushes the first ones between two kills).
    int recorded = 0;
    const auto recordMore = [&](int count) {
        std::vector<store::Observation> more;
        for (int i = 0; i < count; ++i, ++recorded) {
            store::Observation o;
            o.assessmentId = assessments->front().id;
            o.indicatorCode = "X" + std::to_string(recorded);
            o.value = scoring::Value{Decimal::fromInteger(recorded)};
            o.observedAt = "2026-11-21T08:00:00Z";
            o.inspector = "demo-inspector";
            more.push_back(o);
        }
        return static_cast<bool>(device->recordObservations(more));
    };
    ASSERT_TRUE(recordMore(2'100));

    std::atomic<bool> done{false};
    std::atomic<int> kills{0};
    std::thread killer([&] {
        std::mt19937 random(20261123);
        while (!done.load()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(5, 120)(random)));
            if (done.load())
                break;
            server.kill();
            ++kills;
            server.start();
        }
    });
    int rounds = 0;
    std::int64_t pushes = 0;
    while ((*engine.pendingOps() > 0 || kills.load() < 20) && rounds < 2'000) {
        ++rounds;
        if (*engine.pendingOps() == 0) {
            ASSERT_TRUE(recordMore(300));
        }
        const auto before = *engine.pendingOps();
        (void)engine.run();  // fails whenever the server dies mid-round; the next round resumes
        pushes += (before - *engine.pendingOps() + options.pushBatch - 1) / static_cast<std::int64_t>(options.pushBatch);
    }
    done = true;
    killer.join();
    server.kill();
    ASSERT_EQ(*engine.pendingOps(), 0) << "did not converge after " << rounds << " rounds";
    EXPECT_GE(pushes, 200);
    EXPECT_GE(kills.load(), 20);
    RecordProperty("kills", kills.load());
    RecordProperty("rounds", rounds);

    // Every op of the device's journal is on the server exactly once.
    auto central = std::move(store::Database::open(dataDir + "/central.sqlite").value());
    std::set<std::string> onServer;
    auto ops = central.prepare("SELECT op_id FROM sync_ops WHERE device_id = (SELECT id FROM devices WHERE name = 'fault-tablet')");
    while (*ops->step())
        ASSERT_TRUE(onServer.insert(ops->text(0)).second) << "op stored twice: " << ops->text(0);
    const auto journal = device->journal(0, 1'000'000);
    ASSERT_EQ(journal->size(), static_cast<std::size_t>(recorded));
    for (const auto& entry : *journal)
        EXPECT_TRUE(onServer.contains(entry.opId)) << "acknowledged op missing: " << entry.opId;
    EXPECT_EQ(onServer.size(), journal->size());
    auto observations = central.prepare("SELECT count(*) FROM observations");
    ASSERT_TRUE(*observations->step());
    EXPECT_EQ(observations->integer(0), recorded);
    auto check = central.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(*check->step());
    EXPECT_EQ(check->text(0), "ok");
}

}  // namespace
}  // namespace igmc::sync
