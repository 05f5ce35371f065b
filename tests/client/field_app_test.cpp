// The field app against a real server on 127.0.0.1, offscreen: enroll, open the assignment, record
// observations with an imported photo, lose the server, keep working, get it back, sync, and find
// every observation and the evidence (hash-checked) in the central record. Also the list models
// under QAbstractItemModelTester, and a screenshot run of the key screens in English and Chinese
// (PNG files in the build folder, not committed).
// SPDX-License-Identifier: Apache-2.0
#include "app/app_controller.hpp"
#include "assessment/assessment_controller.hpp"
#include "assessment/assignment_model.hpp"
#include "client/sync_engine.hpp"
#include "core/ids.hpp"
#include "scoring/value_codec.hpp"
#include "indicator/indicator_controller.hpp"
#include "server_app.hpp"
#include "support/silent_listener.hpp"
#include "support/temp_dir.hpp"
#include "syncing/sync_controller.hpp"
#include "tests/client/app_test_support.hpp"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace igmc::client {
namespace {

using test::waitFor;

// One server, one app for the whole suite: the app's controller is a process-wide singleton.
class FieldApp : public testing::Test {
protected:
    static void SetUpTestSuite()
    {
        s_dir = new igmc::test::TempDir();
        qputenv("IGMC_FIELD_DATA", QByteArray::fromStdString(s_dir->path("tablet")));
        startServer(0);
        s_app = new AppController(AppController::defaultDataDir());
    }

    static void TearDownTestSuite()
    {
        delete s_app;
        s_server.reset();
        delete s_dir;
    }

    static void startServer(unsigned short port)
    {
        server::ServerConfig config;
        config.dataDir = s_dir->path("server");
        config.http.port = port;
        config.http.logRequests = false;
        s_server = std::move(server::ServerApp::open(config).value());
        if (port == 0) {
            auto demo = s_server->seedDemo();
            s_code = demo->inspectorCode;
            s_assessmentId = demo->assessmentId;
        }
        s_port = s_server->start().value();
    }

    static std::string url() { return "http://127.0.0.1:" + std::to_string(s_port); }

    static inline igmc::test::TempDir* s_dir = nullptr;
    static inline std::unique_ptr<server::ServerApp> s_server;
    static inline AppController* s_app = nullptr;
    static inline std::string s_code;
    static inline std::string s_assessmentId;
    static inline unsigned short s_port = 0;
};

std::string writePhoto(const std::string& path)
{
    QImage image(640, 480, QImage::Format_RGB32);
    image.fill(QColor(46, 125, 50));
    QPainter painter(&image);
    painter.setPen(Qt::white);
    painter.setFont(QFont("DejaVu Sans", 28));
    painter.drawText(image.rect(), Qt::AlignCenter, "Wetland monitoring station\nEN2.1 · 2026-11-21");
    painter.end();
    image.save(QString::fromStdString(path), "JPG");
    return path;
}

TEST_F(FieldApp, EnrollsRecordsOfflineAndDeliversEverythingToTheServer)
{
    ASSERT_FALSE(s_app->enrolled());
    s_app->enroll(QString::fromStdString(url()), QString::fromStdString(s_code));
    ASSERT_TRUE(waitFor([] { return !s_app->busy(); }));
    ASSERT_TRUE(s_app->enrolled()) << s_app->errorMessage().toStdString();
    EXPECT_EQ(s_app->role(), "inspector");

    SyncController sync;
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(15'000));
    ASSERT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    AssignmentModel assignments;
    QAbstractItemModelTester tester(&assignments, QAbstractItemModelTester::FailureReportingMode::Fatal);
    ASSERT_EQ(assignments.rowCount(), 1);
    EXPECT_EQ(assignments.data(assignments.index(0), AssignmentModel::SiteNameRole).toString(), "Sino-Singapore Tianjin Eco-City");

    const auto assessmentId = QString::fromStdString(s_assessmentId);
    AssessmentController overview;
    QAbstractItemModelTester categoriesTester(overview.categories(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester gapTester(overview.gap(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester indicatorsTester(overview.indicators(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    overview.setAssessmentId(assessmentId);
    overview.setCategoryCode("EN1");
    ASSERT_TRUE(overview.valid());
    EXPECT_EQ(overview.categories()->rowCount(), 18);
    EXPECT_EQ(overview.indicators()->rowCount(), 7);
    EXPECT_EQ(overview.total(), "0.00");
    EXPECT_EQ(overview.maxPoints(), "320.00");

    IndicatorController pm25;
    QAbstractItemModelTester historyTester(pm25.history(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester evidenceTester(pm25.evidence(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    pm25.setAssessmentId(assessmentId);
    pm25.setIndicatorCode("EN1.1");
    ASSERT_TRUE(pm25.valid());
    EXPECT_FALSE(pm25.validate("abc").isEmpty());
    EXPECT_TRUE(pm25.validate("31.5").isEmpty());
    EXPECT_TRUE(pm25.validate("31,5").isEmpty());  // a decimal comma is accepted
    ASSERT_TRUE(pm25.saveNumber("31.5", "fixed monitor", "annual mean 2025"));
    ASSERT_TRUE(pm25.importEvidence(QString::fromStdString(writePhoto(s_dir->path("station.jpg")))));
    EXPECT_EQ(pm25.evidence()->rowCount(), 1);
    EXPECT_NE(overview.total(), "0.00");  // rescored on save

    // The server goes away: the inspector keeps working.
    s_server->stop();
    s_server.reset();
    IndicatorController renewables;
    renewables.setAssessmentId(assessmentId);
    renewables.setIndicatorCode("EN1.5");
    ASSERT_TRUE(renewables.saveNumber("15", "energy bureau statistics", ""));
    ASSERT_TRUE(pm25.saveNumber("29.8", "fixed monitor", "corrected after calibration"));
    EXPECT_EQ(pm25.history()->rowCount(), 2);
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(30'000));
    EXPECT_FALSE(sync.errorText().isEmpty());
    EXPECT_GT(sync.pendingChanges(), 0);

    // Back online.
    startServer(s_port);
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(30'000));
    EXPECT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    EXPECT_EQ(sync.pendingChanges(), 0);

    auto heads = s_server->store().latestObservations(s_assessmentId);
    ASSERT_TRUE(heads);
    std::map<std::string, std::string> values;
    for (const auto& h : *heads)
        values[h.indicatorCode] = h.head.value ? scoring::displayValue(*h.head.value) : "N/A";
    EXPECT_EQ(values["EN1.1"], "29.8");
    EXPECT_EQ(values["EN1.5"], "15");
    const auto local = s_app->store().history(s_assessmentId, "EN1.1");
    ASSERT_EQ(local->size(), 2U);
    const auto linked = s_app->store().evidenceFor(local->front().id);
    ASSERT_EQ(linked->size(), 1U);
    const auto sha = linked->front().sha256;
    const auto onServer = s_server->store().evidence(sha);
    ASSERT_TRUE(onServer) << onServer.error().message;
    auto bytes = s_server->api().blobs.read(sha);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(sha256Hex(*bytes), sha);  // the photo arrived intact
}

// A sync stuck on a network that takes the request and never answers (a captive portal, a dead
// link) is stopped from the sync panel at once, not after the 60 s request timeout; stopping is
// not reported as an error, and the change waits for the next sync, which delivers it.
TEST_F(FieldApp, StoppingASyncThatHangsEndsItAtOnceAndTheChangeWaits)
{
    ASSERT_TRUE(s_app->enrolled()) << "runs after the end-to-end test";
    IndicatorController indicator;
    indicator.setAssessmentId(QString::fromStdString(s_assessmentId));
    indicator.setIndicatorCode("EN1.2");
    ASSERT_TRUE(indicator.saveNumber("12", "survey", ""));
    const igmc::test::SilentListener silent;
    // Whatever fails below, the later tests get the real server back.
    struct RestoreServer {
        ~RestoreServer() { (void)s_app->store().setMeta(sync::kServerKey, url()); }
    } restore;
    ASSERT_TRUE(s_app->store().setMeta(sync::kServerKey, silent.url()));

    SyncController sync;
    sync.syncNow();
    ASSERT_TRUE(sync.running());
    QElapsedTimer waited;
    waited.start();
    while (!silent.awaitConnection(0) && waited.elapsed() < 10'000)  // the request is on its way
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    ASSERT_TRUE(silent.awaitConnection(0));
    test::settle(200);
    ASSERT_TRUE(sync.running());  // still waiting for an answer
    QElapsedTimer stopping;
    stopping.start();
    sync.stop();
    EXPECT_TRUE(sync.stopping());
    ASSERT_TRUE(sync.waitForIdle(10'000));
    EXPECT_LT(stopping.elapsed(), 5'000);
    EXPECT_FALSE(sync.stopping());
    EXPECT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    EXPECT_TRUE(sync.statusText().startsWith("Sync stopped")) << sync.statusText().toStdString();
    EXPECT_EQ(sync.pendingChanges(), 1);

    ASSERT_TRUE(s_app->store().setMeta(sync::kServerKey, url()));
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(30'000));
    EXPECT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    EXPECT_EQ(sync.pendingChanges(), 0);
}

// The reassigned tablet of issue 21, in the app: an assessment that already existed, at a site of
// a partner the tablet never received, appears in its list with its site after the next sync,
// although the tablet synced after the assessment was created.
TEST_F(FieldApp, AnAssessmentAssignedLaterAppearsWithItsSiteAfterTheNextSync)
{
    ASSERT_TRUE(s_app->enrolled()) << "runs after the end-to-end test";
    auto& central = s_server->store();
    const auto demoSite = *central.store().site(central.store().assessment(s_assessmentId)->siteId);
    store::Partner partner = *central.store().partner(*demoSite.partnerId);
    partner.id.clear();
    partner.name = "Qujiang District";
    partner = *central.addPartner(partner);
    store::Site site = demoSite;
    site.id.clear();
    site.partnerId = partner.id;
    site.name = "Qujiang";
    site = *central.addSite(site);
    store::Assessment assessment = *central.store().assessment(s_assessmentId);
    assessment.id.clear();
    assessment.siteId = site.id;
    assessment = *central.addAssessment(assessment);
    // The tablet syncs something of its own: its cursor passes the new assessment's creation.
    IndicatorController indicator;
    indicator.setAssessmentId(QString::fromStdString(s_assessmentId));
    indicator.setIndicatorCode("EN1.3");
    ASSERT_TRUE(indicator.saveNumber("40", "survey", ""));
    SyncController sync;
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(30'000));
    ASSERT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();

    ASSERT_TRUE(central.assign({assessment.id, "demo-inspector", ""}));
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(30'000));
    EXPECT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    AssignmentModel assignments;
    ASSERT_EQ(assignments.rowCount(), 2);
    QStringList sites;
    for (int row = 0; row < assignments.rowCount(); ++row)
        sites << assignments.data(assignments.index(row), AssignmentModel::SiteNameRole).toString();
    EXPECT_TRUE(sites.contains("Qujiang")) << sites.join(", ").toStdString();
}

// Renders the key screens to PNG in en and zh_CN (build/…/screenshots): look at them.
TEST_F(FieldApp, ScreenshotRunRendersTheKeyScreensInBothLanguages)
{
    ASSERT_TRUE(s_app->enrolled()) << "runs after the end-to-end test";
    QQmlApplicationEngine engine;
    engine.load(QUrl("qrc:/Igmc/Ui/Main.qml"));
    ASSERT_FALSE(engine.rootObjects().isEmpty());
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().front());
    ASSERT_NE(window, nullptr);
    const auto assessmentId = QString::fromStdString(s_assessmentId);
    const auto shoot = [window](const QString& name) { test::shoot(window, name); };
    for (const QString lang : {"en", "zh_CN"}) {
        s_app->setLanguage(lang);
        QMetaObject::invokeMethod(window, "goHome");
        shoot(lang + "-1-assignments");
        QMetaObject::invokeMethod(window, "openAssessment", Q_ARG(QVariant, assessmentId));
        shoot(lang + "-2-overview");
        QMetaObject::invokeMethod(window, "openCategory", Q_ARG(QVariant, assessmentId), Q_ARG(QVariant, QString("EN1")));
        shoot(lang + "-3-category");
        QMetaObject::invokeMethod(window, "openIndicator", Q_ARG(QVariant, assessmentId), Q_ARG(QVariant, QString("EN1.1")));
        shoot(lang + "-4-indicator-evidence");
        QMetaObject::invokeMethod(window, "openSync");
        shoot(lang + "-5-sync");
    }
    // A phone in portrait: the overview in one column.
    window->resize(412, 892);
    QMetaObject::invokeMethod(window, "goHome");
    QMetaObject::invokeMethod(window, "openAssessment", Q_ARG(QVariant, assessmentId));
    shoot("zh_CN-6-phone-overview");
    s_app->setLanguage("en");
}

// Closing the app while it enrolls against a server that never answers stops the enrollment and
// waits for it: no thread is left behind with the store's file and a request open. The server
// side of that request sees it closed by the time the app is gone. (Last in the suite: a second
// AppController replaces the process-wide instance while it lives.)
TEST_F(FieldApp, ClosingTheAppWhileItEnrollsStopsTheEnrollment)
{
    const igmc::test::SilentListener silent;  // takes the connection, never answers
    igmc::test::TempDir dir;
    QElapsedTimer closing;
    {
        AppController app(QString::fromStdString(dir.path("closing-tablet")));
        app.enroll(QString::fromStdString(silent.url()), "ABCD-EFGH-IJKL-MNOP");
        ASSERT_TRUE(app.busy());
        ASSERT_TRUE(silent.awaitConnection());  // the enrollment request is on its way
        closing.start();
    }
    EXPECT_LT(closing.elapsed(), 5'000);
    const int connection = ::accept(silent.fd(), nullptr, nullptr);
    ASSERT_GE(connection, 0);
    timeval wait{2, 0};
    ::setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    char buffer[4096];
    long got = 0;
    while ((got = ::recv(connection, buffer, sizeof buffer, 0)) > 0) {
    }
    ::close(connection);
    EXPECT_EQ(got, 0) << "the enrollment's connection is still open after the app closed";
}

}  // namespace
}  // namespace igmc::client
