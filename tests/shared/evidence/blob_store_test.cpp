// SPDX-License-Identifier: Apache-2.0
#include "evidence/blob_store.hpp"

#include "core/ids.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace igmc::evidence
