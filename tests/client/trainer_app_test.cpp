// Trainer mode end to end, offscreen, against a real server on 127.0.0.1: enroll as the demo
// partner's trainer, get the planned day with its materials offline, check the entitlement, sign
// participants in, collect per-session feedback through the kiosk engine, record the site walk with
// a photo, generate the PDF report, complete the day, sync, and find the year's day used in the
// central record. A second visit the same year is refused. Screenshots in en and zh.
// SPDX-License-Identifier: Apache-2.0
#include "app/app_controller.hpp"
#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "kiosk/kiosk_controller.hpp"
#include "support/temp_dir.hpp"
#include "syncing/sync_controller.hpp"
#include "tests/client/app_test_support.hpp"
#include "trainer/trainer_controller.hpp"

#include <QDateTime>
#include <QFile>
#include <QDir>
#include <QPainter>
#include <QTextDocument>
#include <QQmlApplicationEngine>
#include <QUrl>

namespace igmc::client {
namespace {

using test::settle;
using test::shoot;
using test::tap;
using test::waitFor;

class TrainerApp : public test::AppSuite {
protected:
    static void SetUpTestSuite() { startSuite("trainer"); }

    static QString photo()
    {
        const QString path = QString::fromStdString(s_dir->path("wetland.jpg"));
        QImage image(640, 480, QImage::Format_RGB32);
        image.fill(QColor(21, 101, 192));
        QPainter painter(&image);
        painter.setPen(Qt::white);
        painter.setFont(QFont("DejaVu Sans", 28));
        painter.drawText(image.rect(), Qt::AlignCenter, "Eco-Valley wetland\nsite walk");
        painter.end();
        image.save(path, "JPG");
        return path;
    }

};

TEST_F(TrainerApp, RunsTheTrainingDayAndMarksTheYearsEntitlementUsed)
{
    SyncController sync;
    ASSERT_NO_FATAL_FAILURE(enrollAndSync(sync, s_server->demo.trainerCode, "trainer"));

    TrainerController t;
    ASSERT_EQ(t.visits().size(), 1);
    ASSERT_TRUE(t.valid());
    EXPECT_EQ(t.visitId().toStdString(), s_server->demo.visitId);
    EXPECT_TRUE(t.entitled()) << t.entitlementText().toStdString();
    EXPECT_EQ(t.sessions().size(), 3);
    ASSERT_EQ(t.materials().size(), 1);
    EXPECT_TRUE(t.materials()[0].toMap()["available"].toBool());  // downloaded during sync: offline on the day
    QFile material(QUrl(t.materials()[0].toMap()["url"].toString()).toLocalFile());
    ASSERT_TRUE(material.open(QIODevice::ReadOnly));
    EXPECT_TRUE(material.readAll().startsWith("IGMC Standard 3.0"));

    // Attendance: consent is required, each person signs in once.
    EXPECT_FALSE(t.signIn("Wang Fang", "Eco-City Planning Bureau", "planner", false));
    ASSERT_TRUE(t.signIn("Wang Fang", "Eco-City Planning Bureau", "planner", true));
    EXPECT_FALSE(t.signIn("Wang Fang", "Eco-City Planning Bureau", "planner", true));
    ASSERT_TRUE(t.signIn("Liu Yang", "Environment Bureau", "engineer", true));
    s_app->clearError();
    EXPECT_EQ(t.attendees().size(), 2);

    // Feedback for session s1 through the kiosk engine on the same device.
    KioskController k;
    const std::int64_t twoHoursAgo = QDateTime::currentMSecsSinceEpoch() - 2 * 3'600'000LL;
    k.setWallClock([twoHoursAgo] { return twoHoursAgo; });  // the feedback's hour has ended: it syncs now
    ASSERT_TRUE(k.beginFeedback(t.visitId(), "s1", "IGMC 3.0: dimensions and indicators"));
    EXPECT_EQ(k.screen(), "welcome");
    EXPECT_TRUE(k.feedbackMode());
    for (int participant = 0; participant < 2; ++participant) {
        k.setElapsedOverride(25.0);
        k.start(participant == 0 ? "zh" : "en");
        for (int guard = 0; guard < 10 && k.screen() == "question"; ++guard) {
            const QString type = k.questionType();
            if (type == "likert5")
                k.setAnswer(participant == 0 ? 5 : 2);
            else if (type == "scale_0_10")
                k.setAnswer(8);
            else if (k.questionId() == "usefulness_improve")
                k.setAnswer("More examples from other cities");
            k.next();
        }
        EXPECT_EQ(k.screen(), "thanks");
        k.finish();
    }
    k.endFeedback();
    t.refresh();
    EXPECT_EQ(t.sessions()[0].toMap()["feedbackCount"].toInt(), 2);

    // Site walk with a photo, notes, the report, then completion.
    ASSERT_TRUE(t.addWalkItem("Wetland buffer is narrow along the east bank", "Widen the buffer to 30 m", {photo()}));
    ASSERT_TRUE(t.saveNotes("Strong team; indicators EN2.x need monitoring data."));
    EXPECT_FALSE(t.canComplete());
    EXPECT_FALSE(t.complete());
    ASSERT_TRUE(t.generateReport());
    // The report summarises each session's anonymous feedback: ratings 5 and 2 → 3.5, and the comment.
    EXPECT_TRUE(t.reportHtml().contains("3.5 / 5")) << t.reportHtml().toStdString();
    EXPECT_TRUE(t.reportHtml().contains("(n = 2)"));
    EXPECT_TRUE(t.reportHtml().contains("More examples from other cities"));
    // The first page as the PDF lays it out (A4 at 150 dpi), to look at.
    {
        QTextDocument page;
        page.setDefaultFont(QFont("DejaVu Sans", 10));
        page.setHtml(t.reportHtml());
        QImage image(1240, 1754, QImage::Format_RGB32);
        image.fill(Qt::white);
        page.setPageSize(image.size());
        QPainter painter(&image);
        page.drawContents(&painter, QRectF(QPointF(0, 0), QSizeF(image.size())));
        painter.end();
        QDir().mkpath(IGMC_SCREENSHOT_DIR);
        EXPECT_TRUE(image.save(QString(IGMC_SCREENSHOT_DIR) + "/trainer-en-report-page1.png"));
    }
    QFile pdf(QUrl(t.reportUrl()).toLocalFile());
    ASSERT_TRUE(pdf.open(QIODevice::ReadOnly));
    EXPECT_TRUE(pdf.read(5) == "%PDF-");
    EXPECT_GT(pdf.size(), 10'000);  // text and the embedded photo
    s_app->clearError();
    ASSERT_TRUE(t.canComplete()) << t.completeBlocker().toStdString();
    // Feedback that arrives after the report makes it stale: it must be generated again.
    ASSERT_TRUE(k.beginFeedback(t.visitId(), "s2", "Evidence in the field app"));
    k.setElapsedOverride(30.0);
    k.start("en");
    for (int guard = 0; guard < 10 && k.screen() == "question"; ++guard) {
        if (k.questionType() == "likert5" || k.questionType() == "scale_0_10")
            k.setAnswer(4);
        k.next();
    }
    EXPECT_EQ(k.screen(), "thanks");
    k.endFeedback();
    t.refresh();
    EXPECT_FALSE(t.canComplete());
    ASSERT_TRUE(t.generateReport());
    ASSERT_TRUE(t.canComplete()) << t.completeBlocker().toStdString();
    ASSERT_TRUE(t.complete());
    EXPECT_EQ(t.status(), "completed");
    EXPECT_FALSE(t.signIn("Late Comer", "x", "", true));  // the record is closed
    s_app->clearError();

    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(30'000));
    ASSERT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    auto& central = s_server->app->store().store();
    const auto visit = central.trainingVisit(s_server->demo.visitId);
    ASSERT_TRUE(visit);
    EXPECT_EQ(visit->status, store::VisitStatus::Completed);
    ASSERT_TRUE(visit->reportSha256);
    EXPECT_NE(visit->walkJson.find("Widen the buffer"), std::string::npos);
    EXPECT_EQ(central.attendance(visit->id)->size(), 2U);
    EXPECT_EQ(central.trainingFeedback(visit->id)->size(), 3U);
    auto report = s_server->app->api().blobs.read(*visit->reportSha256);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(sha256Hex(*report), *visit->reportSha256);

    // The year's day is used in the central record.
    auto status = s_server->app->store().trainingDay(s_server->demo.partnerId, todayUtc());
    ASSERT_TRUE(status);
    EXPECT_EQ(status->check.verdict, registry::TrainingDayVerdict::UsedThisYear);

    // A second visit in the same year (planned on this device before it knew): refused, explained.
    store::TrainingVisit second;
    second.partnerId = s_server->demo.partnerId;
    second.siteId = s_server->demo.siteId;
    second.visitDate = formatDate(todayUtc());
    auto added = s_app->store().addTrainingVisit(second);
    ASSERT_TRUE(added);
    t.setVisitId(QString::fromStdString(added->id));
    EXPECT_FALSE(t.entitled());
    EXPECT_TRUE(t.entitlementText().contains("already used")) << t.entitlementText().toStdString();
    EXPECT_FALSE(t.signIn("Someone", "Somewhere", "", true));
    EXPECT_FALSE(t.canComplete());
    s_app->clearError();
}

TEST_F(TrainerApp, ScreenshotsOfTheTrainingDayInBothLanguages)
{
    ASSERT_EQ(s_app->role(), "trainer") << "runs after the end-to-end test";
    QQmlApplicationEngine engine;
    engine.load(QUrl("qrc:/Igmc/Ui/Main.qml"));
    ASSERT_FALSE(engine.rootObjects().isEmpty());
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().front());
    ASSERT_NE(window, nullptr);
    window->resize(1280, 800);
    ASSERT_TRUE(waitFor([&] { return test::findItem(window, "trainerPage") != nullptr; }));
    auto* page = test::findItem(window, "trainerPage");
    auto* t = page->property("controller").value<TrainerController*>();
    ASSERT_NE(t, nullptr);
    for (const QString lang : {"en", "zh_CN"}) {
        s_app->setLanguage(lang);
        t->setVisitId(QString::fromStdString(s_server->demo.visitId));
        shoot(window, "trainer-" + lang + "-1-completed-day");
        // The second visit of the year: not entitled, and the page says why.
        for (const auto& v : t->visits()) {
            if (v.toMap()["status"] == "planned")
                t->setVisitId(v.toMap()["id"].toString());
        }
        shoot(window, "trainer-" + lang + "-2-not-entitled");
    }
    window->resize(412, 892);
    shoot(window, "trainer-zh_CN-3-phone");
    window->resize(1280, 800);
    s_app->setLanguage("en");
}

}  // namespace
}  // namespace igmc::client
