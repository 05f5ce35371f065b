// A store survives its process being killed: a child killed with SIGKILL in the middle of a large
// transaction leaves a file that opens intact with all or none of that transaction (invariant 1 of
// store.hpp); readers in other connections see consistent snapshots while a writer commits.
// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include "shared/store/store_fixture.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace igmc::store {
namespace {

using test::numberObservation;

std::string makeAssessment(Store& store)
{
    Site site;
    site.name = "Crash site";
    site.kind = SiteKind::District;
    const auto s = store.addSite(site);
    Assessment a;
    a.siteId = s->id;
    a.catalog = {"igmc-3.0-city", "3.0.0-ref.1"};
    return store.addAssessment(a)->id;
}

std::int64_t countRows(Database& db, const char* table)
{
    auto stmt = db.prepare(std::string("SELECT count(*) FROM ") + table);
    EXPECT_TRUE(stmt && *stmt->step());
    return stmt->integer(0);
}

// Runs `work` in a child process and SIGKILLs it as soon as it writes a byte to the pipe.
void killChildWhenSignalled(const std::function<void(int writeFd)>& work,
                            std::chrono::milliseconds delay = std::chrono::milliseconds(0))
{
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::close(fds[0]);
        work(fds[1]);
        ::_exit(0);
    }
    ::close(fds[1]);
    char byte = 0;
    ASSERT_EQ(::read(fds[0], &byte, 1), 1);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(fds[0]);
    EXPECT_TRUE(WIFSIGNALED(status));
}

TEST(StoreCrash, KilledInTheMiddleOfALargeTransactionLeavesAllOrNone)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("crash.sqlite");
    std::string assessmentId;
    {
        auto store = std::move(Store::open(path).value());
        assessmentId = makeAssessment(*store);
        ASSERT_TRUE(store->recordObservation(numberObservation(assessmentId, "EN1.1", "1")));
    }
    constexpr int kBatch = 60'000;
    killChildWhenSignalled([&](int fd) {
        auto store = std::move(Store::open(path).value());
        std::vector<Observation> batch;
        for (int i = 0; i < kBatch; ++i)
            batch.push_back(numberObservation(assessmentId, "X" + std::to_string(i), "2"));
        // Tell the parent we are about to write; it waits a moment and kills us mid-batch.
        char byte = 1;
        (void)::write(fd, &byte, 1);
        (void)store->recordObservations(batch);
        ::sleep(30);
    }, std::chrono::milliseconds(150));
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().message;
    auto check = (*store)->database().prepare("PRAGMA integrity_check");
    ASSERT_TRUE(*check->step());
    EXPECT_EQ(check->text(0), "ok");
    const auto rows = countRows((*store)->database(), "observations");
    RecordProperty("rows_after_kill", static_cast<int>(rows));
    EXPECT_TRUE(rows == 1 || rows == 1 + kBatch) << rows << " rows: a partial transaction survived";
    EXPECT_EQ(countRows((*store)->database(), "observation_heads"), rows);
    auto journaled = (*store)->database().prepare("SELECT count(*) FROM journal WHERE entity = 'observation'");
    ASSERT_TRUE(*journaled->step());
    EXPECT_EQ(journaled->integer(0), rows);
    EXPECT_TRUE((*store)->recordObservation(numberObservation(assessmentId, "EN1.9", "3")));
}

TEST(StoreCrash, KilledRightAfterACommitKeepsAllOfIt)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("committed.sqlite");
    std::string assessmentId;
    {
        auto store = std::move(Store::open(path).value());
        assessmentId = makeAssessment(*store);
    }
    killChildWhenSignalled([&](int fd) {
        auto store = std::move(Store::open(path).value());
        std::vector<Observation> batch;
        for (int i = 0; i < 5'000; ++i)
            batch.push_back(numberObservation(assessmentId, "EN1." + std::to_string(i), "4"));
        if (store->recordObservations(batch)) {
            char byte = 1;
            (void)::write(fd, &byte, 1);  // acknowledged: now die before any clean shutdown
            ::sleep(30);
        }
    });
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(countRows((*store)->database(), "observations"), 5'000);
    EXPECT_EQ(countRows((*store)->database(), "observation_heads"), 5'000);
}

TEST(StoreConcurrency, ReadersSeeWholeTransactionsWhileAWriterCommits)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("readers.sqlite");
    auto writer = std::move(Store::open(path).value());
    const auto assessmentId = makeAssessment(*writer);
    constexpr int kBatch = 50;
    std::atomic<bool> done{false};
    std::atomic<int> reads{0};
    std::atomic<int> torn{0};
    std::thread reader([&] {
        auto db = std::move(Database::open(path).value());
        while (!done.load()) {
            const auto n = countRows(db, "observations");
            if (n % kBatch != 0)
                ++torn;
            ++reads;
        }
    });
    for (int b = 0; b < 40; ++b) {
        std::vector<Observation> batch;
        for (int i = 0; i < kBatch; ++i)
            batch.push_back(numberObservation(assessmentId, "B" + std::to_string(b) + "." + std::to_string(i), "1"));
        ASSERT_TRUE(writer->recordObservations(batch));
    }
    done = true;
    reader.join();
    EXPECT_GT(reads.load(), 0);
    EXPECT_EQ(torn.load(), 0);
    EXPECT_EQ(countRows(writer->database(), "observations"), 40 * kBatch);
}

}  // namespace
}  // namespace igmc::store
