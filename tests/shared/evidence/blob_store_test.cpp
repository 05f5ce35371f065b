// SPDX-License-Identifier: Apache-2.0
#include "evidence/blob_store.hpp"

#include "core/ids.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace igmc::evidence {
namespace {

TEST(BlobStore, StoresBytesUnderTheirHash)
{
    test::TempDir dir;
    auto blobs = BlobStore::open(dir.path("blobs"));
    ASSERT_TRUE(blobs);
    const std::string photo(300'000, '\x7f');
    const auto sha = blobs->put(photo);
    ASSERT_TRUE(sha);
    EXPECT_EQ(*sha, sha256Hex(photo));
    EXPECT_TRUE(blobs->contains(*sha));
    EXPECT_EQ(*blobs->size(*sha), 300'000);
    EXPECT_EQ(*blobs->read(*sha), photo);
    EXPECT_TRUE(*blobs->verify(*sha));
    EXPECT_EQ(*blobs->put(photo), *sha);  // the same bytes are stored once
    // No temporary file is left behind.
    EXPECT_TRUE(std::filesystem::is_empty(dir.path("blobs/tmp")));
}

// The 256 folders blobs are filed under are made once, when the store opens, so storing a blob
// creates no folder (and needs no fsync of the root for one); a folder removed later is made again.
TEST(BlobStore, FoldersAreMadeWhenOpenedNotWhenABlobIsStored)
{
    test::TempDir dir;
    auto blobs = BlobStore::open(dir.path("blobs"));
    ASSERT_TRUE(blobs);
    const auto folders = [&] {
        int n = 0;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path("blobs")))
            n += entry.is_directory() ? 1 : 0;
        return n;
    };
    EXPECT_EQ(folders(), 257);  // 00 … ff and tmp
    EXPECT_TRUE(std::filesystem::is_directory(dir.path("blobs/00")));
    EXPECT_TRUE(std::filesystem::is_directory(dir.path("blobs/ff")));
    const std::string photo(70'000, 'p');
    const auto sha = sha256Hex(photo);
    ASSERT_TRUE(blobs->put(photo));
    EXPECT_EQ(folders(), 257);
    EXPECT_TRUE(std::filesystem::exists(dir.path("blobs/" + sha.substr(0, 2) + "/" + sha)));

    const std::string other(1'000, 'q');
    const auto otherSha = sha256Hex(other);
    std::filesystem::remove_all(dir.path("blobs/" + otherSha.substr(0, 2)));
    ASSERT_TRUE(blobs->put(other));
    EXPECT_EQ(*blobs->read(otherSha), other);
    EXPECT_TRUE(BlobStore::open(dir.path("blobs")));  // opening again changes nothing
    EXPECT_EQ(folders(), 257);
}

TEST(BlobStore, ReadsEveryByteOfEmptyAndLargeBlobs)
{
    test::TempDir dir;
    auto blobs = BlobStore::open(dir.path("blobs"));
    ASSERT_TRUE(blobs);
    std::string large;
    for (int i = 0; i < 5'000'000; ++i)
        large += static_cast<char>(i * 7 + i / 251);
    const auto empty = blobs->put("");
    const auto big = blobs->put(large);
    ASSERT_TRUE(empty);
    ASSERT_TRUE(big);
    EXPECT_EQ(*blobs->read(*empty), "");
    EXPECT_EQ(*blobs->read(*big), large);
    // One buffer for many files in turn (an upload worker's): each read leaves exactly that file.
    const std::string small(1'000, 's');
    const auto smallSha = blobs->put(small);
    std::string buffer;
    ASSERT_TRUE(blobs->readInto(*big, buffer));
    EXPECT_EQ(buffer, large);
    ASSERT_TRUE(blobs->readInto(*smallSha, buffer));
    EXPECT_EQ(buffer, small);
    ASSERT_TRUE(blobs->readInto(*empty, buffer));
    EXPECT_EQ(buffer, "");
    EXPECT_FALSE(blobs->readInto(sha256Hex("absent"), buffer));
}

TEST(BlobStore, StreamsAFileIn)
{
    test::TempDir dir;
    const auto source = dir.path("scan.pdf");
    std::string bytes;
    for (int i = 0; i < 3'000'000; ++i)
        bytes += static_cast<char>(i * 31);
    std::ofstream(source, std::ios::binary) << bytes;
    auto blobs = BlobStore::open(dir.path("blobs"));
    const auto sha = blobs->putFile(source);
    ASSERT_TRUE(sha) << sha.error().message;
    EXPECT_EQ(*sha, sha256Hex(bytes));
    EXPECT_EQ(*blobs->size(*sha), 3'000'000);
}

TEST(BlobStore, MissingInputsAreClearErrors)
{
    test::TempDir dir;
    auto blobs = BlobStore::open(dir.path("blobs"));
    const auto missing = blobs->putFile(dir.path("no-such-photo.jpg"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::IoError);
    EXPECT_NE(missing.error().message.find("cannot open the file"), std::string::npos);
    EXPECT_EQ(blobs->size(std::string(64, 'b')).error().code, ErrorCode::NotFound);
    EXPECT_FALSE(blobs->contains("../../etc/passwd"));
}

TEST(BlobStore, VerifyDetectsATamperedFile)
{
    test::TempDir dir;
    auto blobs = BlobStore::open(dir.path("blobs"));
    const auto sha = *blobs->put("original evidence");
    std::ofstream(blobs->pathOf(sha), std::ios::binary | std::ios::trunc) << "altered";
    EXPECT_FALSE(*blobs->verify(sha));
}

// Evidence may show a resident's face: the folders and files are the owner's alone, under any umask.
TEST(BlobStore, FoldersAndFilesArePrivateUnderAPermissiveUmask)
{
    test::TempDir dir;
    const auto before = ::umask(0);
    auto store = BlobStore::open(dir.path("evidence"));
    const auto sha = store ? store->put("a photo of the wetland") : Result<std::string>(store.error());
    ::umask(before);
    ASSERT_TRUE(sha) << sha.error().message;
    namespace fs = std::filesystem;
    const auto others = fs::perms::group_all | fs::perms::others_all;
    for (const auto& path : {fs::path(dir.path("evidence")), fs::path(dir.path("evidence/tmp")), fs::path(store->pathOf(*sha)),
                             fs::path(store->pathOf(*sha)).parent_path()})
        EXPECT_EQ(fs::status(path).permissions() & others, fs::perms::none) << path;
}

}  // namespace
}  // namespace igmc::evidence
