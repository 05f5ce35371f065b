// Enrollment and sync over HTTPS with a server whose certificate a private CA signed: trusted
// through a CA file (kept from enrollment on) or the usual environment variables, optionally pinned,
// and refused, with a message saying what to do (not as a network failure to retry), when not trusted.
// SPDX-License-Identifier: Apache-2.0
#include "client/sync_engine.hpp"

#include "server_app.hpp"
#include "support/temp_dir.hpp"
#include "support/test_paths.hpp"
#include "sync/sync_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

namespace igmc::sync {
namespace {

class TlsTrust : public testing::Test {
protected:
    void SetUp() override
    {
        namespace fs = std::filesystem;
        // A key only its owner may read, as the server requires (a checkout keeps no file modes).
        const auto key = m_dir.path("server.key");
        fs::copy_file(tlsFile("server.key"), key);
        fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
        server::ServerConfig config;
        config.dataDir = m_dir.path("server");
        config.http.port = 0;
        config.http.logRequests = false;
        config.http.tlsCertificateFile = tlsFile("server.pem");
        config.http.tlsKeyFile = key;
        auto app = server::ServerApp::open(config);
        ASSERT_TRUE(app) << app.error().message;
        m_server = std::move(app).value();
        ASSERT_TRUE(m_server->seedDemo());
        auto port = m_server->start();
        ASSERT_TRUE(port) << port.error().message;
        m_url = "https://127.0.0.1:" + std::to_string(*port);
    }

    void TearDown() override { m_server->stop(); }

    static std::string tlsFile(const std::string& name) { return igmc::test::dataPath("tls/" + name); }

    test::TestDevice device(const std::string& name)
    {
        test::TestDevice d;
        d.store = std::move(store::Store::open(m_dir.path(name + ".sqlite")).value());
        d.blobs = std::make_unique<evidence::BlobStore>(std::move(evidence::BlobStore::open(m_dir.path(name + ".blobs")).value()));
        return d;
    }

    std::string code()
    {
        server::Scope scope;
        scope.inspector = "demo-inspector";
        return *m_server->store().createEnrollmentCode(server::Role::Inspector, scope, "tls", std::chrono::hours(1));
    }

    static SyncOptions trusting(std::string caFile, std::string pin = {})
    {
        SyncOptions options;
        options.trust = {std::move(caFile), std::move(pin)};
        return options;
    }

    igmc::test::TempDir m_dir;
    std::unique_ptr<server::ServerApp> m_server;
    std::string m_url;
};

TEST_F(TlsTrust, ADeviceEnrollsAndSyncsThroughAPrivateCaAndKeepsTrustingIt)
{
    auto tablet = device("tablet");
    auto enrolling = tablet.engine(m_url, trusting(tlsFile("ca.pem")));
    const auto enrolled = enrolling.enroll(code(), "tablet");
    ASSERT_TRUE(enrolled) << enrolled.error().message;
    const auto report = enrolling.run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_GE(report->pulled, 3);
    // Later syncs (the app's, `igmc sync` without options) use the trust given at enrollment.
    auto later = SyncEngine(*tablet.store, *tablet.blobs, SyncOptions{});
    const auto again = later.run();
    EXPECT_TRUE(again) << again.error().message;
}

TEST_F(TlsTrust, AServerTheDeviceDoesNotTrustIsRefusedAtOnceSayingWhatToDo)
{
    auto tablet = device("tablet");
    auto engine = tablet.engine(m_url);
    const auto enrolled = engine.enroll(code(), "tablet");
    ASSERT_FALSE(enrolled);
    EXPECT_EQ(enrolled.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(enrolled.error().message.find("--ca-file"), std::string::npos) << enrolled.error().message;
}

TEST_F(TlsTrust, APinnedKeyMustBeTheServers)
{
    auto tablet = device("tablet");
    const auto wrongPin = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    const auto refused = tablet.engine(m_url, trusting(tlsFile("ca.pem"), wrongPin)).enroll(code(), "tablet");
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("pinned"), std::string::npos) << refused.error().message;
    const auto pin = igmc::test::readText(tlsFile("server.pin"));
    const auto accepted = tablet.engine(m_url, trusting(tlsFile("ca.pem"), pin)).enroll(code(), "tablet");
    EXPECT_TRUE(accepted) << accepted.error().message;
}

TEST_F(TlsTrust, SslCertFileIsHonoured)
{
    ::setenv("SSL_CERT_FILE", tlsFile("ca.pem").c_str(), 1);
    auto tablet = device("tablet");
    const auto enrolled = tablet.engine(m_url).enroll(code(), "tablet");
    ::unsetenv("SSL_CERT_FILE");
    EXPECT_TRUE(enrolled) << enrolled.error().message;
}

}  // namespace
}  // namespace igmc::sync
