// Parked uploads: each device's unfinished uploads are capped (invariant 4 of blob_uploads.hpp)
// and removed once too old, with temporary files (invariant 5); who parked what survives a restart.
// SPDX-License-Identifier: Apache-2.0
#include "blobs/blob_uploads.hpp"

#include "core/ids.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace igmc::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class ParkedUploads : public testing::Test {
protected:
    std::unique_ptr<BlobUploads> open(ParkedUploadLimits limits = {10'000, 24h})
    {
        auto store = evidence::BlobStore::open(m_dir.path("blobs"));
        EXPECT_TRUE(store);
        return std::make_unique<BlobUploads>(std::move(store).value(), 1 << 20, limits);
    }
    // The first `held` bytes of a blob of `total` bytes, as device `device` sends them.
    static Result<BlobState> park(BlobUploads& uploads, const std::string& device, char fill, std::int64_t held, std::int64_t total)
    {
        const std::string bytes(static_cast<std::size_t>(total), fill);
        return uploads.append(device, sha256Hex(bytes), 0, total, std::string_view(bytes).substr(0, static_cast<std::size_t>(held)));
    }

    igmc::test::TempDir m_dir;
};

TEST_F(ParkedUploads, ADeviceOverItsLimitIsRefusedAndOthersAreNot)  // invariant 4
{
    auto uploads = open();
    ASSERT_TRUE(park(*uploads, "tablet-a", 'a', 6'000, 20'000));
    const auto over = park(*uploads, "tablet-a", 'b', 5'000, 20'000);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::Forbidden);
    EXPECT_NE(over.error().message.find("unfinished evidence uploads"), std::string::npos) << over.error().message;
    EXPECT_EQ(uploads->parkedBytes("tablet-a"), 6'000);
    EXPECT_FALSE(fs::exists(m_dir.path("blobs") + "/partial/" + sha256Hex(std::string(20'000, 'b'))));  // nothing written
    EXPECT_TRUE(park(*uploads, "tablet-b", 'b', 5'000, 20'000));
    // A chunk that finishes its blob parks nothing: never refused.
    const std::string whole(20'000, 'a');
    const auto done = uploads->append("tablet-a", sha256Hex(whole), 6'000, 20'000, std::string_view(whole).substr(6'000));
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_TRUE(done->complete);
    EXPECT_EQ(uploads->parkedBytes("tablet-a"), 0);
    EXPECT_TRUE(park(*uploads, "tablet-a", 'c', 9'000, 20'000));
}

TEST_F(ParkedUploads, ResumingOnesOwnUploadCountsItsBytesOnce)  // invariant 4
{
    auto uploads = open();
    const std::string bytes(20'000, 'r');
    const auto sha = sha256Hex(bytes);
    ASSERT_TRUE(uploads->append("tablet-a", sha, 0, 20'000, std::string_view(bytes).substr(0, 4'000)));
    ASSERT_TRUE(uploads->append("tablet-a", sha, 4'000, 20'000, std::string_view(bytes).substr(4'000, 5'000)));
    EXPECT_EQ(uploads->parkedBytes("tablet-a"), 9'000);
    const auto over = uploads->append("tablet-a", sha, 9'000, 20'000, std::string_view(bytes).substr(9'000, 2'000));
    ASSERT_FALSE(over);
    EXPECT_EQ(uploads->state(sha)->held, 9'000);
}

TEST_F(ParkedUploads, WhoParkedWhatIsKeptAcrossARestart)
{
    {
        auto uploads = open();
        ASSERT_TRUE(park(*uploads, "tablet-a", 'a', 8'000, 20'000));
    }
    auto reopened = open();
    EXPECT_EQ(reopened->parkedBytes("tablet-a"), 8'000);
    EXPECT_FALSE(park(*reopened, "tablet-a", 'b', 3'000, 20'000));
}

TEST_F(ParkedUploads, ExpiredUploadsAndStaleTemporaryFilesAreSweptAndFreshOnesKept)  // invariant 5
{
    auto uploads = open();
    ASSERT_TRUE(park(*uploads, "tablet-a", 'a', 4'000, 20'000));
    const auto stale = m_dir.path("blobs") + "/tmp/stale.part";
    std::ofstream(stale) << std::string(100, 't');
    fs::last_write_time(stale, fs::file_time_type::clock::now() - 2h);
    const auto fresh = m_dir.path("blobs") + "/tmp/fresh.part";
    std::ofstream(fresh) << "t";
    const auto now = std::chrono::system_clock::now();
    const auto kept = uploads->sweep(now + 23h, 1h);
    EXPECT_EQ(kept.parkedRemoved, 0);
    EXPECT_EQ(kept.bytesRemoved, 100U);
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_TRUE(fs::exists(fresh));
    const auto swept = uploads->sweep(now + 25h, 1h);
    EXPECT_EQ(swept.parkedRemoved, 1);
    EXPECT_EQ(swept.bytesRemoved, 4'000U);
    EXPECT_EQ(uploads->parkedBytes("tablet-a"), 0);
    EXPECT_TRUE(fs::is_empty(m_dir.path("blobs") + "/partial"));  // the owner file went with it
    EXPECT_EQ(uploads->sweep(now, 0s).bytesRemoved, 1U);  // at start, every temporary file goes
}

}  // namespace
}  // namespace igmc::server
