// `igmc admin` against a real server on 127.0.0.1: programme staff plan a training day with an agenda
// whose material files are uploaded, check a partner's training day, read survey results and get
// clear errors for bad input.
// SPDX-License-Identifier: Apache-2.0
#include "cli/commands.hpp"
#include "core/ids.hpp"
#include "server_app.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include <fstream>
#include <sstream>

namespace igmc::cli {
namespace {

class AdminCommand : public testing::Test {
protected:
    void SetUp() override
    {
        server::ServerConfig config;
        config.dataDir = m_dir.path("server");
        config.http.port = 0;
        config.http.logRequests = false;
        m_server = std::move(server::ServerApp::open(config).value());
        m_demo = m_server->seedDemo().value();
        const auto admin = m_server->bootstrapAdmin().value();
        ASSERT_TRUE(admin);
        m_url = "http://127.0.0.1:" + std::to_string(m_server->start().value());
        ASSERT_EQ(run({"enroll", "--server", m_url, "--code", *admin}), kExitOk) << m_err.str();
    }

    int run(std::vector<std::string> args)
    {
        args.insert(args.end(), {"--credentials", m_dir.path("admin.json")});
        m_out.str({});
        m_err.str({});
        return adminCommand(args, m_out, m_err);
    }

    igmc::test::TempDir m_dir;
    std::unique_ptr<server::ServerApp> m_server;
    server::DemoSetup m_demo;
    std::string m_url;
    std::ostringstream m_out, m_err;
};

// The admin token is private from the file's first byte, in a private folder, under any umask.
TEST_F(AdminCommand, CredentialsAreWrittenPrivateUnderAPermissiveUmask)
{
    const auto code = m_server->store().createEnrollmentCode(server::Role::Admin, {}, "second admin", std::chrono::hours(1));
    ASSERT_TRUE(code);
    const auto path = m_dir.path("fresh/config/admin.json");
    const auto before = ::umask(0);
    m_err.str({});
    const int exit = adminCommand({"enroll", "--server", m_url, "--code", *code, "--credentials", path}, m_out, m_err);
    ::umask(before);
    ASSERT_EQ(exit, kExitOk) << m_err.str();
    namespace fs = std::filesystem;
    EXPECT_EQ(fs::status(path).permissions(), fs::perms(0600));
    EXPECT_EQ(fs::status(fs::path(path).parent_path()).permissions(), fs::perms(0700));
}

TEST_F(AdminCommand, DevicesShowTheirLastSyncAndProblems)
{
    ASSERT_EQ(run({"devices"}), kExitOk) << m_err.str();
    EXPECT_NE(m_out.str().find("Last sync"), std::string::npos) << m_out.str();
    EXPECT_NE(m_out.str().find("Problems"), std::string::npos) << m_out.str();
    EXPECT_NE(m_out.str().find("never"), std::string::npos) << m_out.str();
}

TEST_F(AdminCommand, MovesAKioskToAnotherSite)
{
    server::Scope scope;
    scope.siteId = m_demo.siteId;
    const auto code = m_server->store().createEnrollmentCode(server::Role::Kiosk, scope, "kiosk", std::chrono::hours(1));
    const auto kiosk = m_server->store().enroll(*code, "lobby kiosk");
    ASSERT_TRUE(kiosk);
    ASSERT_EQ(run({"scope", kiosk->device.id, "--site", "another-site"}), kExitOk) << m_err.str();
    EXPECT_NE(m_out.str().find("another-site"), std::string::npos) << m_out.str();
    EXPECT_EQ(m_server->store().authenticate(kiosk->token)->scope.siteId, "another-site");
    EXPECT_NE(run({"scope", "no-such-device", "--site", "x"}), kExitOk);
    EXPECT_NE(m_err.str().find("no active device"), std::string::npos) << m_err.str();
}

TEST_F(AdminCommand, PlansATrainingDayUploadingItsMaterials)
{
    // The demo plans today's day; a day next year is free.
    const std::string slides = "%PDF-1.4 slides for the training day";
    std::ofstream(m_dir.path("slides.pdf")) << slides;
    std::ofstream(m_dir.path("agenda.json"))
        << R"({"sessions": [{"id": "s1", "time": "09:30", "topic": "Scoring", "trainer": "Dr Chen"}], "materials": [{"name": "Slides", "file": "slides.pdf"}]})";
    const std::string nextYear = std::to_string(static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(
                                                                     std::chrono::system_clock::now())).year()) + 1) + "-03-02";
    ASSERT_EQ(run({"training-visit", "--partner", m_demo.partnerId, "--site", m_demo.siteId, "--date", nextYear, "--agenda",
                   m_dir.path("agenda.json")}),
              kExitOk)
        << m_err.str();
    EXPECT_NE(m_out.str().find("created training-visit"), std::string::npos);
    auto bytes = m_server->api().blobs.read(sha256Hex(slides));
    ASSERT_TRUE(bytes);  // the material is on the server, named by its hash
    EXPECT_EQ(*bytes, slides);
    // A second day in the same year is refused with the reason.
    EXPECT_EQ(run({"training-visit", "--partner", m_demo.partnerId, "--date", nextYear, "--agenda", m_dir.path("agenda.json")}), kExitFailed);
    EXPECT_NE(m_err.str().find("already planned"), std::string::npos) << m_err.str();

    ASSERT_EQ(run({"training-day", "--partner", m_demo.partnerId}), kExitOk) << m_err.str();
    EXPECT_NE(m_out.str().find("entitled"), std::string::npos);
    EXPECT_NE(m_out.str().find("tier B"), std::string::npos);
}

TEST_F(AdminCommand, ReadsSurveyResultsAndRefusesBadInputClearly)
{
    ASSERT_EQ(run({"survey-results", "resident-wellbeing"}), kExitOk) << m_err.str();
    EXPECT_NE(m_out.str().find("0 responses"), std::string::npos);
    EXPECT_NE(m_out.str().find("SO1.6"), std::string::npos);
    EXPECT_NE(m_out.str().find("no answers yet"), std::string::npos);
    EXPECT_EQ(run({"survey-results", "nope"}), kExitFailed);
    EXPECT_NE(m_err.str().find("no survey nope"), std::string::npos) << m_err.str();
    EXPECT_EQ(run({"survey-observations", "resident-wellbeing", "--version", "1", "--assessment", m_demo.assessmentId}), kExitFailed);
    EXPECT_NE(m_err.str().find("no responses"), std::string::npos) << m_err.str();
    EXPECT_EQ(run({"membership", "--partner", m_demo.partnerId, "--tier", "Z", "--start", "2026-01-01"}), kExitFailed);
    EXPECT_NE(m_err.str().find("tier (A, B or C)"), std::string::npos) << m_err.str();
    EXPECT_EQ(run({"training-visit", "--partner", m_demo.partnerId}), kExitUsage);
    std::ofstream(m_dir.path("bad-survey.json")) << R"({"format": "igmc-survey/1", "id": "Bad Id", "version": 1})";
    EXPECT_EQ(run({"survey", m_dir.path("bad-survey.json")}), kExitFailed);
    EXPECT_NE(m_err.str().find("$.id"), std::string::npos) << m_err.str();
}

}  // namespace
}  // namespace igmc::cli
