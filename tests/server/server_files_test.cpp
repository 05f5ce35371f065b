// The server's secrets stay its own: its data folder, store, evidence and enrollment codes are
// private from the moment they exist under any umask, and a TLS key others can read is refused.
// SPDX-License-Identifier: Apache-2.0
#include "server_app.hpp"

#include "net/tls_identity.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

namespace igmc::server {
namespace {

namespace fs = std::filesystem;

bool privateToItsOwner(const fs::path& path)
{
    const auto perms = fs::status(path).permissions();
    return (perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none;
}

// Under umask 000 for the scope of one test: what is made is as open as the process lets it be.
class PermissiveUmask {
public:
    PermissiveUmask() : m_before(::umask(0)) {}
    ~PermissiveUmask() { ::umask(m_before); }
    PermissiveUmask(const PermissiveUmask&) = delete;
    PermissiveUmask& operator=(const PermissiveUmask&) = delete;

private:
    mode_t m_before;
};

TEST(ServerFiles, EverythingTheServerWritesIsPrivateUnderAPermissiveUmask)
{
    igmc::test::TempDir dir;
    const PermissiveUmask umask;
    ServerConfig config;
    config.dataDir = dir.path("data/server");
    auto app = ServerApp::open(config);
    ASSERT_TRUE(app) << app.error().message;
    ASSERT_TRUE((*app)->bootstrapAdmin());
    ASSERT_TRUE((*app)->seedDemo());
    std::vector<fs::path> made;
    for (const auto& entry : fs::recursive_directory_iterator(config.dataDir))
        made.push_back(entry.path());
    made.push_back(config.dataDir);
    ASSERT_GT(made.size(), 5U);
    for (const auto& path : made)
        EXPECT_TRUE(privateToItsOwner(path)) << path;
    EXPECT_TRUE(fs::exists(config.dataDir + "/admin-enrollment-code.txt"));
    EXPECT_TRUE(fs::exists(config.dataDir + "/central.sqlite"));
}

TEST(ServerFiles, ATlsKeyOthersCanReadIsRefusedUnlessAllowed)
{
    igmc::test::TempDir dir;
    const auto key = dir.path("server.key");
    fs::copy_file(igmc::test::dataPath("tls/server.key"), key);
    fs::permissions(key, fs::perms(0644));
    ServerConfig config;
    config.dataDir = dir.path("data");
    config.http.tlsCertificateFile = igmc::test::dataPath("tls/server.pem");
    config.http.tlsKeyFile = key;
    const auto refused = ServerApp::open(config);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos) << refused.error().message;
    config.allowReadableTlsKey = true;
    EXPECT_TRUE(ServerApp::open(config));
    fs::permissions(key, fs::perms(0600));
    config.allowReadableTlsKey = false;
    EXPECT_TRUE(ServerApp::open(config));
}

TEST(ServerFiles, TheKeysPinIsTheOneCurlComputes)
{
    const auto pin = publicKeyPin(igmc::test::dataPath("tls/server.pem"));
    ASSERT_TRUE(pin) << pin.error().message;
    EXPECT_EQ(*pin, igmc::test::readText(igmc::test::dataPath("tls/server.pin")));
}

}  // namespace
}  // namespace igmc::server
