// Kiosk mode end to end, offscreen, against a real server on 127.0.0.1: enroll as a kiosk, download
// the survey, set the admin PIN, and let residents answer through the live window (taps on the
// real controls). Proves: skip logic, the idle reset that discards partial answers, the minimum
// completion time (counted, not dropped), anonymous payloads on the device and on the server, and
// that only the PIN leaves the kiosk. Screenshots in en, zh and high contrast.
// SPDX-License-Identifier: Apache-2.0
#include "app/app_controller.hpp"
#include "client/sync_engine.hpp"
#include "core/hybrid_clock.hpp"
#include "kiosk/kiosk_controller.hpp"
#include "support/temp_dir.hpp"
#include "syncing/sync_controller.hpp"
#include "tests/client/app_test_support.hpp"

#include <QDateTime>
#include <QQmlApplicationEngine>

namespace igmc::client {
namespace {

using test::settle;
using test::shoot;
using test::tap;
using test::waitFor;

class KioskApp : public test::AppSuite {
protected:
    static void SetUpTestSuite() { startSuite("kiosk"); }

    // Answers the resident survey through the controller, the way the screen's controls do.
    static void answerAll(KioskController& k, const QString& parkVisits)
    {
        std::map<QString, QVariant> answers{{"years_lived", "12"},      {"park_visits", parkVisits}, {"green_space", 4},
                                            {"safe_at_night", 5},       {"public_services", 4},      {"main_transport", "bus"},
                                            {"transport_ease", 3},      {"happiness", 8}};
        for (int guard = 0; guard < 20 && k.screen() == "question"; ++guard) {
            const QString id = k.questionId();
            if (id == "park_barriers")
                k.toggleChoice("too_far");
            else if (answers.contains(id))
                k.setAnswer(answers[id]);
            ASSERT_TRUE(k.canGoNext()) << id.toStdString() << ": " << k.answerError().toStdString();
            k.next();
        }
    }

};

TEST_F(KioskApp, EnrollsSetsUpAndRunsSurveysWithSkipLogicIdleResetAndLimits)
{
    SyncController sync;
    ASSERT_NO_FATAL_FAILURE(enrollAndSync(sync, s_server->demo.kioskCode, "kiosk"));

    KioskController k;
    // Responses are stamped two hours back, so their hour has ended and sync sends them at once
    // (within the running hour they wait: sync_end_to_end_test covers that).
    const std::int64_t twoHoursAgo = QDateTime::currentMSecsSinceEpoch() - 2 * 3'600'000LL;
    k.setWallClock([twoHoursAgo] { return twoHoursAgo; });
    EXPECT_EQ(k.screen(), "setup");
    EXPECT_EQ(k.siteName(), "Sino-Singapore Tianjin Eco-City");
    const auto surveys = k.availableSurveys();
    ASSERT_EQ(surveys.size(), 1);  // the training feedback survey is not offered to residents
    ASSERT_TRUE(k.chooseSurvey("resident-wellbeing"));
    EXPECT_EQ(k.screen(), "setup");  // no PIN yet
    EXPECT_FALSE(k.setPin("123456", "123456"));
    EXPECT_FALSE(k.setPin("402719", "402718"));
    ASSERT_TRUE(k.setPin("402719", "402719"));
    EXPECT_EQ(k.screen(), "welcome");
    EXPECT_FALSE(k.setPin("551973", "551973"));  // once locked, only the current PIN opens the way to a new one
    EXPECT_FALSE(k.pinMessage().isEmpty());

    // Skip logic: a weekly park visitor is not asked why they rarely go.
    k.start("zh");
    EXPECT_EQ(s_app->language(), "zh_CN");
    EXPECT_EQ(k.questionId(), "years_lived");
    EXPECT_FALSE(k.canGoNext());
    k.setAnswer("abc");
    EXPECT_FALSE(k.answerError().isEmpty());
    k.setAnswer("12");
    k.next();
    EXPECT_EQ(k.questionId(), "park_visits");
    k.setAnswer("weekly");
    k.next();
    EXPECT_EQ(k.questionId(), "green_space");
    k.back();
    k.setAnswer("never");
    k.next();
    EXPECT_EQ(k.questionId(), "park_barriers");
    EXPECT_EQ(k.maxChoices(), 3);
    for (const char* id : {"too_far", "no_time", "crowded_noisy", "health"})
        k.toggleChoice(id);
    EXPECT_EQ(k.answer().toStringList().size(), 3);  // the fourth was refused
    EXPECT_FALSE(k.answerError().isEmpty());

    // Idle: "still there?", then the partial answers are discarded.
    k.setIdleTimeoutSeconds(30);
    k.setCountdownSeconds(10);
    k.simulateIdle(29);
    EXPECT_FALSE(k.stillThere());
    k.simulateIdle(1);
    EXPECT_TRUE(k.stillThere());
    k.touch();  // "I'm still here"
    EXPECT_FALSE(k.stillThere());
    EXPECT_EQ(k.questionId(), "park_barriers");
    k.simulateIdle(40);
    EXPECT_EQ(k.screen(), "welcome");
    k.start("en");
    EXPECT_EQ(k.questionId(), "years_lived");
    EXPECT_FALSE(k.answer().isValid());  // nothing of the abandoned answers is left

    // Too fast: counted as a rejection, the same thank-you screen, nothing of the answers kept.
    k.setElapsedOverride(5.0);
    answerAll(k, "weekly");
    EXPECT_EQ(k.screen(), "thanks");
    auto counts = s_app->store().surveyRejectionCounts("resident-wellbeing", 1, std::nullopt);
    EXPECT_EQ(counts->at("too_fast"), 1);
    EXPECT_EQ(*s_app->store().countSurveyResponses("resident-wellbeing"), 0);
    k.finish();
    // At a plausible pace the response is kept.
    k.setElapsedOverride(95.0);
    k.start("zh");
    answerAll(k, "never");
    EXPECT_EQ(k.screen(), "thanks");
    EXPECT_EQ(*s_app->store().countSurveyResponses("resident-wellbeing"), 1);
    k.simulateIdle(10);  // the thank-you screen returns to the welcome screen by itself
    EXPECT_EQ(k.screen(), "welcome");

    // The payload on the device: no device, no precise time, a random op id.
    const auto journal = s_app->store().journal(0, 10'000);
    int responses = 0;
    for (const auto& entry : *journal) {
        if (entry.entity != "survey_response" && entry.entity != "survey_rejection")
            continue;
        ++responses;
        EXPECT_EQ(entry.opId[14], '4') << entry.opId;
        EXPECT_TRUE(entry.recordedAt.ends_with(":00:00Z")) << entry.recordedAt;
        EXPECT_EQ(HlcTimestamp::parse(entry.hlc)->wallMs % 3'600'000, 0U);
        EXPECT_EQ(entry.payload.find(s_app->deviceId().toStdString()), std::string::npos);
        EXPECT_EQ(entry.payload.find("device"), std::string::npos);
    }
    EXPECT_EQ(responses, 2);

    // Synced in the background; on the server neither the device nor the receipt time is kept.
    EXPECT_EQ(k.pendingUpload(), 2);  // the response and the counted rejection
    sync.syncNow();
    ASSERT_TRUE(sync.waitForIdle(15'000));
    EXPECT_EQ(k.pendingUpload(), 0);
    auto& central = s_server->app->store().store().database();
    auto stmt = central.prepare("SELECT device_id, received_at, hlc FROM sync_ops WHERE entity IN ('survey_response', 'survey_rejection')");
    int onServer = 0;
    while (*stmt->step()) {
        ++onServer;
        EXPECT_EQ(stmt->text(0), "");
        EXPECT_TRUE(stmt->text(1).ends_with(":00:00Z")) << stmt->text(1);
    }
    EXPECT_EQ(onServer, 2);
    auto results = s_server->app->store().store().surveyRejectionCounts("resident-wellbeing", 1, std::nullopt);
    EXPECT_EQ(results->at("too_fast"), 1);
    EXPECT_EQ(s_server->app->store().store().countSurveyResponses("resident-wellbeing").value(), 1);
}

TEST_F(KioskApp, TheWindowCannotBeLeftWithoutThePinAndWrongPinsAreDelayed)
{
    ASSERT_EQ(s_app->role(), "kiosk") << "runs after the set-up test";
    s_app->setLanguage("en");
    QQmlApplicationEngine engine;
    engine.load(QUrl("qrc:/Igmc/Ui/Main.qml"));
    ASSERT_FALSE(engine.rootObjects().isEmpty());
    auto* window = qobject_cast<QQuickWindow*>(engine.rootObjects().front());
    ASSERT_NE(window, nullptr);
    window->resize(1280, 800);
    ASSERT_TRUE(waitFor([&] { return test::findItem(window, "kioskStartEn") != nullptr; }));
    shoot(window, "kiosk-en-1-welcome");
    auto* page = test::findItem(window, "kioskPage");
    ASSERT_NE(page, nullptr);
    auto* k = page->property("controller").value<KioskController*>();
    ASSERT_NE(k, nullptr);

    // A resident walks through with taps on the real controls.
    ASSERT_TRUE(tap(window, "kioskStartEn"));
    EXPECT_EQ(k->questionId(), "years_lived");
    auto* number = test::findItem(window, "kioskNumberField");
    ASSERT_NE(number, nullptr);
    number->setProperty("text", "7");
    settle(100);
    shoot(window, "kiosk-en-2-number");
    ASSERT_TRUE(tap(window, "kioskNext"));
    EXPECT_EQ(k->questionId(), "park_visits");
    ASSERT_TRUE(tap(window, "kioskOption_rarely"));
    EXPECT_EQ(k->answer().toString(), "rarely");
    shoot(window, "kiosk-en-3-single-choice");
    ASSERT_TRUE(tap(window, "kioskNext"));
    EXPECT_EQ(k->questionId(), "park_barriers");
    ASSERT_TRUE(tap(window, "kioskOption_too_far"));
    ASSERT_TRUE(tap(window, "kioskOption_not_safe"));
    shoot(window, "kiosk-en-4-multiple-choice");
    ASSERT_TRUE(tap(window, "kioskNext"));
    EXPECT_EQ(k->questionId(), "green_space");
    ASSERT_TRUE(tap(window, "kioskScale_4"));
    EXPECT_EQ(k->answer().toDouble(), 4.0);
    shoot(window, "kiosk-en-5-likert");
    k->setIdleTimeoutSeconds(30);
    k->simulateIdle(30);
    EXPECT_TRUE(k->stillThere());
    shoot(window, "kiosk-en-6-still-there");
    ASSERT_TRUE(tap(window, "kioskStillHere"));
    EXPECT_FALSE(k->stillThere());
    ASSERT_TRUE(tap(window, "kioskBack"));
    EXPECT_EQ(k->questionId(), "park_barriers");
    k->simulateIdle(60);
    EXPECT_EQ(k->screen(), "welcome");

    // Closing the window is refused while the kiosk is locked.
    window->close();
    settle(100);
    EXPECT_TRUE(window->isVisible());
    EXPECT_FALSE(test::findItem(window, "kioskStartEn") == nullptr);

    // Wrong PINs: the third one imposes a wait, during which even the right PIN is refused.
    ASSERT_TRUE(tap(window, "kioskAdminButton"));
    shoot(window, "kiosk-en-7-pin");
    std::int64_t now = 1'795'000'000'000;
    k->setWallClock([&now] { return now; });
    EXPECT_FALSE(k->unlock("111111"));
    EXPECT_FALSE(k->unlock("222222"));
    EXPECT_FALSE(k->unlock("333333"));
    EXPECT_EQ(k->pinRetryInSeconds(), 30);
    EXPECT_FALSE(k->unlock("402719"));
    test::findItem(window, "kioskUnlockField")->setProperty("text", "402719");
    settle(1'200);
    EXPECT_FALSE(test::findItem(window, "kioskUnlockOk")->isEnabled());  // waiting out the delay
    now += 31'000;
    // The delay survives a restart of the app: a new controller reads it from the store.
    {
        KioskController fresh;
        fresh.setWallClock([&now] { return now - 31'000; });
        EXPECT_EQ(fresh.pinRetryInSeconds(), 30);
    }
    // The dialog's OK button re-enables by itself when the delay has passed.
    auto* field = test::findItem(window, "kioskUnlockField");
    ASSERT_NE(field, nullptr);
    field->setProperty("text", "402719");
    ASSERT_TRUE(waitFor([&] { return test::findItem(window, "kioskUnlockOk")->isEnabled(); }, 3'000));
    ASSERT_TRUE(tap(window, "kioskUnlockOk"));
    ASSERT_TRUE(waitFor([&] { return test::findItem(window, "kioskAdminBack") != nullptr; }));
    settle(800);  // the page transition
    shoot(window, "kiosk-en-8-admin");
    ASSERT_TRUE(tap(window, "kioskAdminBack"));
    ASSERT_TRUE(waitFor([&] { return test::findItem(window, "kioskStartZh") != nullptr; }));
    settle(800);

    // Chinese and high contrast.
    ASSERT_TRUE(tap(window, "kioskStartZh"));
    EXPECT_EQ(s_app->language(), "zh_CN");
    shoot(window, "kiosk-zh-1-number");
    number = test::findItem(window, "kioskNumberField");
    number->setProperty("text", "3");
    ASSERT_TRUE(tap(window, "kioskNext"));
    ASSERT_TRUE(tap(window, "kioskOption_daily"));
    shoot(window, "kiosk-zh-2-single-choice");
    k->setHighContrast(true);
    shoot(window, "kiosk-zh-3-high-contrast");
    k->setHighContrast(false);
    k->simulateIdle(200);
    EXPECT_EQ(k->screen(), "welcome");
    shoot(window, "kiosk-zh-4-welcome");
    s_app->setLanguage("en");
}

}  // namespace
}  // namespace igmc::client
