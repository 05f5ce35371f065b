// Kiosk mode: residents answer a survey, one question per screen, in the language each chooses.
// The kiosk is locked (only the admin PIN leaves it), write-only (no way to see past responses),
// anonymous (a response names the site and the hour, nothing else) and guarded against abuse
// (too-fast or too-many submissions are counted as rejections, never silently dropped). An idle
// respondent is asked "still there?"; without an answer the partial answers are discarded.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#ifndef Q_MOC_RUN
#include "survey/kiosk_guard.hpp"
#include "survey/survey.hpp"
#endif

#include <QElapsedTimer>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QVariant>
#include <QVariantList>

#include <functional>
#include <optional>

namespace igmc::client {

class KioskController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    // "setup" (no PIN or survey yet), "welcome", "question", "thanks"
    Q_PROPERTY(QString screen READ screen NOTIFY screenChanged)
    Q_PROPERTY(bool configured READ configured NOTIFY configurationChanged)
    Q_PROPERTY(QVariantList availableSurveys READ availableSurveys NOTIFY configurationChanged)
    Q_PROPERTY(QString surveyId READ surveyId NOTIFY configurationChanged)
    Q_PROPERTY(QString siteName READ siteName NOTIFY configurationChanged)
    Q_PROPERTY(QString language READ language NOTIFY languageChanged)  // "en" | "zh"
    Q_PROPERTY(bool highContrast READ highContrast WRITE setHighContrast NOTIFY highContrastChanged)
    Q_PROPERTY(QString title READ title NOTIFY questionChanged)
    Q_PROPERTY(QString intro READ intro NOTIFY questionChanged)
    Q_PROPERTY(QString thanks READ thanks NOTIFY questionChanged)
    // The current question
    Q_PROPERTY(QString questionId READ questionId NOTIFY questionChanged)
    Q_PROPERTY(QString questionType READ questionType NOTIFY questionChanged)  // single_choice, multiple_choice, likert5, scale_0_10, number, short_text
    Q_PROPERTY(QString prompt READ prompt NOTIFY questionChanged)
    Q_PROPERTY(QString help READ help NOTIFY questionChanged)
    Q_PROPERTY(bool required READ required NOTIFY questionChanged)
    Q_PROPERTY(QVariantList options READ options NOTIFY questionChanged)  // [{id, label, selected}]
    Q_PROPERTY(int maxChoices READ maxChoices NOTIFY questionChanged)
    Q_PROPERTY(QString lowLabel READ lowLabel NOTIFY questionChanged)
    Q_PROPERTY(QString highLabel READ highLabel NOTIFY questionChanged)
    Q_PROPERTY(double minValue READ minValue NOTIFY questionChanged)
    Q_PROPERTY(double maxValue READ maxValue NOTIFY questionChanged)
    Q_PROPERTY(int decimals READ decimals NOTIFY questionChanged)
    Q_PROPERTY(QString unit READ unit NOTIFY questionChanged)
    Q_PROPERTY(int maxLength READ maxLength NOTIFY questionChanged)
    Q_PROPERTY(QVariant answer READ answer NOTIFY questionChanged)  // string, list of ids, number, or undefined
    Q_PROPERTY(bool canGoNext READ canGoNext NOTIFY questionChanged)
    Q_PROPERTY(bool isLast READ isLast NOTIFY questionChanged)
    Q_PROPERTY(int position READ position NOTIFY questionChanged)    // 0-based among the questions shown
    Q_PROPERTY(int shownTotal READ shownTotal NOTIFY questionChanged)
    Q_PROPERTY(QString answerError READ answerError NOTIFY questionChanged)
    // Idle handling
    Q_PROPERTY(int idleTimeoutSeconds READ idleTimeoutSeconds WRITE setIdleTimeoutSeconds NOTIFY idleChanged)
    Q_PROPERTY(int countdownSeconds READ countdownSeconds WRITE setCountdownSeconds NOTIFY idleChanged)
    Q_PROPERTY(bool stillThere READ stillThere NOTIFY idleChanged)           // the "still there?" prompt is up
    Q_PROPERTY(int countdownRemaining READ countdownRemaining NOTIFY idleChanged)
    // The lock
    Q_PROPERTY(bool hasPin READ hasPin NOTIFY configurationChanged)
    Q_PROPERTY(int pinRetryInSeconds READ pinRetryInSeconds NOTIFY pinChanged)
    Q_PROPERTY(QString pinMessage READ pinMessage NOTIFY pinChanged)
    Q_PROPERTY(int pendingUpload READ pendingUpload NOTIFY countsChanged)   // responses not yet synced
    Q_PROPERTY(int submittedToday READ submittedToday NOTIFY countsChanged)
    // Training-day feedback: the same engine on the trainer's device, one session at a time.
    Q_PROPERTY(bool feedbackMode READ feedbackMode NOTIFY configurationChanged)
    Q_PROPERTY(QString feedbackSessionTitle READ feedbackSessionTitle NOTIFY configurationChanged)

public:
    // Injectable clocks for tests: milliseconds since the epoch and a monotonic elapsed time.
    using WallClock = std::function<std::int64_t()>;
    explicit KioskController(QObject* parent = nullptr);

    [[nodiscard]] QString screen() const { return m_screen; }
    [[nodiscard]] bool configured() const;
    [[nodiscard]] QVariantList availableSurveys() const;
    [[nodiscard]] QString surveyId() const;
    [[nodiscard]] QString siteName() const { return m_siteName; }
    [[nodiscard]] QString language() const { return m_language; }
    [[nodiscard]] bool highContrast() const { return m_highContrast; }
    void setHighContrast(bool on);
    [[nodiscard]] QString title() const;
    [[nodiscard]] QString intro() const;
    [[nodiscard]] QString thanks() const;
    [[nodiscard]] QString questionId() const;
    [[nodiscard]] QString questionType() const;
    [[nodiscard]] QString prompt() const;
    [[nodiscard]] QString help() const;
    [[nodiscard]] bool required() const;
    [[nodiscard]] QVariantList options() const;
    [[nodiscard]] int maxChoices() const;
    [[nodiscard]] QString lowLabel() const;
    [[nodiscard]] QString highLabel() const;
    [[nodiscard]] double minValue() const;
    [[nodiscard]] double maxValue() const;
    [[nodiscard]] int decimals() const;
    [[nodiscard]] QString unit() const;
    [[nodiscard]] int maxLength() const;
    [[nodiscard]] QVariant answer() const;
    [[nodiscard]] bool canGoNext() const;
    [[nodiscard]] bool isLast() const;
    [[nodiscard]] int position() const;
    [[nodiscard]] int shownTotal() const;
    [[nodiscard]] QString answerError() const { return m_answerError; }
    [[nodiscard]] int idleTimeoutSeconds() const { return m_idleTimeoutSeconds; }
    void setIdleTimeoutSeconds(int seconds);
    [[nodiscard]] int countdownSeconds() const { return m_countdownSeconds; }
    void setCountdownSeconds(int seconds);
    [[nodiscard]] bool stillThere() const { return m_stillThere; }
    [[nodiscard]] int countdownRemaining() const { return m_countdownRemaining; }
    [[nodiscard]] bool hasPin() const;
    [[nodiscard]] int pinRetryInSeconds() const;
    [[nodiscard]] QString pinMessage() const { return m_pinMessage; }
    [[nodiscard]] int pendingUpload() const;
    [[nodiscard]] int submittedToday() const;
    [[nodiscard]] bool feedbackMode() const { return !m_feedbackVisit.isEmpty(); }
    [[nodiscard]] QString feedbackSessionTitle() const { return m_feedbackTitle; }

    // ---- Setup (once, by the admin who installs the kiosk)
    // Sets the admin PIN; false (with pinMessage) when too weak or the two entries differ.
    Q_INVOKABLE bool setPin(const QString& pin, const QString& confirmation);
    Q_INVOKABLE bool chooseSurvey(const QString& surveyId);
    // Reloads survey definitions after a sync (a new version replaces the old between respondents).
    Q_INVOKABLE void reload();

    // ---- A respondent
    Q_INVOKABLE void start(const QString& language);  // "en" | "zh"
    Q_INVOKABLE void setAnswer(const QVariant& value);
    Q_INVOKABLE void toggleChoice(const QString& optionId);
    Q_INVOKABLE void clearAnswer();
    Q_INVOKABLE void next();  // on the last question: submits
    Q_INVOKABLE void back();  // on the first question: back to the welcome screen, answers discarded
    Q_INVOKABLE void touch(); // any interaction: resets the idle timer and dismisses "still there?"
    Q_INVOKABLE void finish(); // leaves the thank-you screen

    // ---- Training feedback: responses are linked to the visit's session and name the visit's site.
    Q_INVOKABLE bool beginFeedback(const QString& visitId, const QString& sessionId, const QString& sessionTitle);
    Q_INVOKABLE void endFeedback();

    // ---- Leaving kiosk mode
    // True when the PIN is right; wrong tries are delayed (pinRetryInSeconds) and persisted.
    Q_INVOKABLE bool unlock(const QString& pin);
    // Back to the locked kiosk after the admin page.
    Q_INVOKABLE void lock();

    // Tests: replace the wall clock (ms since epoch) and advance elapsed time by hand.
    void setWallClock(WallClock clock) { m_wallClock = std::move(clock); }
    void setElapsedOverride(std::optional<double> seconds) { m_elapsedOverride = seconds; }
    // Tests: fire the idle timer's checks as if `seconds` had passed without interaction.
    void simulateIdle(int seconds);

signals:
    void screenChanged();
    void configurationChanged();
    void languageChanged();
    void highContrastChanged();
    void questionChanged();
    void idleChanged();
    void pinChanged();
    void countsChanged();
    void unlocked();
    void feedbackEnded();
    void submitted(bool accepted);

private:
    void setScreen(const QString& screen);
    [[nodiscard]] QString idleScreen() const;
    [[nodiscard]] survey::PinAttempts attempts() const;
    void loadSurvey();
    void discard();
    void submit();
    void tick();
    [[nodiscard]] const survey::Question* current() const;
    [[nodiscard]] std::int64_t nowMs() const;
    [[nodiscard]] std::string siteId() const;
    static std::string scopeSite();

    QString m_screen = "setup";
    QString m_language = "en";
    QString m_siteName;
    bool m_highContrast = false;
    std::optional<survey::Survey> m_survey;
    survey::Answers m_answers;
    int m_index = -1;
    QString m_answerError;
    QElapsedTimer m_started;
    std::optional<double> m_elapsedOverride;
    QTimer m_idleTimer;
    QTimer m_pinTimer;  // while a wrong-PIN delay runs: the countdown and the OK button follow it
    int m_idleSeconds = 0;
    int m_idleTimeoutSeconds = 60;
    int m_countdownSeconds = 20;
    bool m_stillThere = false;
    int m_countdownRemaining = 0;
    QString m_pinMessage;
    survey::PinAttempts m_attempts;  // this run's count: the delay holds even if saving it failed
    bool m_unlocked = false;
    WallClock m_wallClock;
    survey::SubmissionLimits m_limits;
    QString m_feedbackVisit;
    QString m_feedbackSession;
    QString m_feedbackTitle;
    std::string m_feedbackSite;
    std::string m_kioskSite;
};

}  // namespace igmc::client
