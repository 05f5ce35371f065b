// SPDX-License-Identifier: Apache-2.0
#include "kiosk/kiosk_controller.hpp"

#include "app/app_controller.hpp"
#include "app/error_messages.hpp"
#include "client/sync_engine.hpp"
#include "core/calendar.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <QDateTime>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace igmc::client {

namespace {

constexpr const char* kPinKey = "kiosk.pin_hash";
constexpr const char* kAttemptsKey = "kiosk.pin_attempts";
constexpr const char* kSurveyKey = "kiosk.survey_id";
constexpr const char* kFeedbackSurvey = "training-feedback";
constexpr int kThanksSeconds = 8;

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

std::optional<std::string> metaValue(const char* key)
{
    auto* app = AppController::instance();
    if (!app)
        return std::nullopt;
    auto value = app->store().meta(key);
    return value ? *value : std::nullopt;
}

// The latest published version of each survey on this device.
std::vector<store::SurveyDefinition> latestDefinitions()
{
    std::vector<store::SurveyDefinition> latest;
    auto* app = AppController::instance();
    if (!app)
        return latest;
    auto all = app->store().surveyDefinitions();
    if (!all)
        return latest;
    for (const auto& d : *all) {  // ordered by id, version
        if (!latest.empty() && latest.back().id == d.id)
            latest.back() = d;
        else
            latest.push_back(d);
    }
    return latest;
}

// The newest version of a survey that this app can read: a version from a newer programme release
// that fails to parse must not leave the kiosk without a survey.
std::optional<survey::Survey> latestSurvey(const std::string& id)
{
    auto* app = AppController::instance();
    if (!app)
        return std::nullopt;
    auto all = app->store().surveyDefinitions();
    if (!all)
        return std::nullopt;
    for (auto d = all->rbegin(); d != all->rend(); ++d) {
        if (d->id != id)
            continue;
        if (auto parsed = survey::surveyOf(*d))
            return *parsed;
    }
    return std::nullopt;
}

}  // namespace

KioskController::KioskController(QObject* parent) : QObject(parent)
{
    m_idleTimer.setInterval(1000);
    connect(&m_idleTimer, &QTimer::timeout, this, &KioskController::tick);
    m_pinTimer.setInterval(1000);
    connect(&m_pinTimer, &QTimer::timeout, this, [this] {
        if (pinRetryInSeconds() == 0)
            m_pinTimer.stop();
        emit pinChanged();
    });
    if (auto* app = AppController::instance()) {
        connect(app, &AppController::enrollmentChanged, this, [this] {
            if (m_screen == "welcome" || m_screen == "setup")
                reload();
        });
        connect(app, &AppController::dataChanged, this, [this] {
            if (m_screen == "welcome" || m_screen == "setup")
                reload();
            emit countsChanged();
        });
    }
    reload();
    if (pinRetryInSeconds() > 0)
        m_pinTimer.start();  // a delay from before a restart is still running
}

std::int64_t KioskController::nowMs() const
{
    return m_wallClock ? m_wallClock() : QDateTime::currentMSecsSinceEpoch();
}

std::string KioskController::siteId() const
{
    return feedbackMode() ? m_feedbackSite : m_kioskSite;
}

// The site this kiosk answers for, from its enrollment's scope (read once per reload, not per use).
std::string KioskController::scopeSite()
{
    auto scope = metaValue(sync::kScopeKey);
    if (!scope)
        return {};
    boost::system::error_code ec;
    auto json = boost::json::parse(*scope, ec);
    if (ec || !json.is_object())
        return {};
    const auto* site = json.get_object().if_contains("site_id");
    return site && site->is_string() ? std::string(site->get_string()) : std::string();
}

void KioskController::reload()
{
    m_kioskSite = scopeSite();
    const auto wanted = feedbackMode() ? std::optional<std::string>(kFeedbackSurvey) : metaValue(kSurveyKey);
    m_survey = wanted ? latestSurvey(*wanted) : std::nullopt;
    m_siteName.clear();
    if (auto* app = AppController::instance(); app && !siteId().empty()) {
        if (auto site = app->store().site(siteId()))
            m_siteName = q(site->name);
    }
    emit configurationChanged();
    emit questionChanged();
    if (m_screen != "question" && m_screen != "thanks")
        setScreen(idleScreen());
}

// Set-up only until the admin PIN exists: once locked, a kiosk without a usable survey waits on
// its welcome screen (start is refused) instead of offering set-up to whoever stands in front of it.
QString KioskController::idleScreen() const
{
    return feedbackMode() || hasPin() ? "welcome" : "setup";
}

bool KioskController::configured() const
{
    return m_survey.has_value() && !siteId().empty() && (feedbackMode() || hasPin());
}

QVariantList KioskController::availableSurveys() const
{
    QVariantList list;
    for (const auto& d : latestDefinitions()) {
        if (d.id == kFeedbackSurvey)
            continue;  // for training days, not for residents
        list.append(QVariantMap{{"id", q(d.id)}, {"version", d.version}, {"title", q(m_language == "zh" ? d.titleZh : d.titleEn)}});
    }
    return list;
}

QString KioskController::surveyId() const
{
    return m_survey ? q(m_survey->id) : QString();
}

void KioskController::setHighContrast(bool on)
{
    if (m_highContrast == on)
        return;
    m_highContrast = on;
    touch();
    emit highContrastChanged();
}

QString KioskController::title() const
{
    return m_survey ? q(m_survey->title.in(m_language.toStdString())) : QString();
}

QString KioskController::intro() const
{
    return m_survey ? q(m_survey->intro.in(m_language.toStdString())) : QString();
}

QString KioskController::thanks() const
{
    return m_survey ? q(m_survey->thanks.in(m_language.toStdString())) : QString();
}

const survey::Question* KioskController::current() const
{
    if (!m_survey || m_index < 0 || m_index >= static_cast<int>(m_survey->questions.size()))
        return nullptr;
    return &m_survey->questions[static_cast<std::size_t>(m_index)];
}

QString KioskController::questionId() const
{
    return current() ? q(current()->id) : QString();
}

QString KioskController::questionType() const
{
    return current() ? q(std::string(survey::toString(current()->type))) : QString();
}

QString KioskController::prompt() const
{
    return current() ? q(current()->prompt.in(m_language.toStdString())) : QString();
}

QString KioskController::help() const
{
    return current() && current()->help ? q(current()->help->in(m_language.toStdString())) : QString();
}

bool KioskController::required() const
{
    return current() && current()->required;
}

QVariantList KioskController::options() const
{
    QVariantList list;
    const auto* question = current();
    if (!question)
        return list;
    const auto found = m_answers.find(question->id);
    for (const auto& option : question->options) {
        bool selected = false;
        if (found != m_answers.end()) {
            if (const auto* one = std::get_if<std::string>(&found->second))
                selected = *one == option.id;
            else if (const auto* many = std::get_if<std::vector<std::string>>(&found->second))
                selected = std::find(many->begin(), many->end(), option.id) != many->end();
        }
        list.append(QVariantMap{{"id", q(option.id)}, {"label", q(option.label.in(m_language.toStdString()))}, {"selected", selected}});
    }
    return list;
}

int KioskController::maxChoices() const
{
    return current() && current()->maxChoices ? *current()->maxChoices : 0;
}

QString KioskController::lowLabel() const
{
    return current() && current()->low ? q(current()->low->in(m_language.toStdString())) : QString();
}

QString KioskController::highLabel() const
{
    return current() && current()->high ? q(current()->high->in(m_language.toStdString())) : QString();
}

double KioskController::minValue() const
{
    return current() ? current()->min.toDouble() : 0;
}

double KioskController::maxValue() const
{
    return current() ? current()->max.toDouble() : 0;
}

int KioskController::decimals() const
{
    return current() ? current()->decimals : 0;
}

QString KioskController::unit() const
{
    return current() && current()->unit ? q(current()->unit->in(m_language.toStdString())) : QString();
}

int KioskController::maxLength() const
{
    return current() ? current()->maxLength : 0;
}

QVariant KioskController::answer() const
{
    const auto* question = current();
    if (!question)
        return {};
    const auto found = m_answers.find(question->id);
    if (found == m_answers.end())
        return {};
    if (const auto* text = std::get_if<std::string>(&found->second))
        return q(*text);
    if (const auto* ids = std::get_if<std::vector<std::string>>(&found->second)) {
        QStringList list;
        for (const auto& id : *ids)
            list.append(q(id));
        return list;
    }
    return std::get<Decimal>(found->second).toDouble();
}

bool KioskController::canGoNext() const
{
    const auto* question = current();
    if (!question)
        return false;
    const auto found = m_answers.find(question->id);
    if (found == m_answers.end())
        return !question->required && m_answerError.isEmpty();
    return static_cast<bool>(survey::checkAnswer(*question, found->second));
}

bool KioskController::isLast() const
{
    return m_survey && current() && survey::nextShown(*m_survey, m_index, m_answers) < 0;
}

int KioskController::position() const
{
    if (!m_survey || m_index < 0)
        return 0;
    int shownBefore = 0;
    for (int i = 0; i < m_index; ++i)
        shownBefore += survey::isShown(*m_survey, i, m_answers) ? 1 : 0;
    return shownBefore;
}

int KioskController::shownTotal() const
{
    return m_survey ? survey::shownCount(*m_survey, m_answers) : 0;
}

void KioskController::setIdleTimeoutSeconds(int seconds)
{
    m_idleTimeoutSeconds = std::max(5, seconds);
    emit idleChanged();
}

void KioskController::setCountdownSeconds(int seconds)
{
    m_countdownSeconds = std::max(3, seconds);
    emit idleChanged();
}

bool KioskController::hasPin() const
{
    return metaValue(kPinKey).has_value();
}

survey::PinAttempts KioskController::attempts() const
{
    // The stricter of what is on disk and what this run has seen (in case a write failed).
    const auto stored = survey::decodeAttempts(metaValue(kAttemptsKey).value_or(""));
    return stored.failures >= m_attempts.failures ? stored : m_attempts;
}

int KioskController::pinRetryInSeconds() const
{
    const auto current = attempts();
    // Never longer than the delay the failures call for, so a wall clock that was ahead when a
    // wrong PIN was typed cannot lock the admin out for days after it is corrected.
    const auto wait = std::min(current.nextTryAtMs - nowMs(), survey::pinDelayMs(current.failures));
    return wait > 0 ? static_cast<int>((wait + 999) / 1000) : 0;
}

int KioskController::pendingUpload() const
{
    auto* app = AppController::instance();
    if (!app)
        return 0;
    const auto cursor = app->store().meta(sync::kPushCursorKey);
    std::int64_t after = 0;
    if (cursor && *cursor)
        std::from_chars((*cursor)->data(), (*cursor)->data() + (*cursor)->size(), after);
    int pending = 0;
    for (const char* entity : {"survey_response", "survey_rejection"}) {
        if (auto ids = app->store().journalEntityIds(after, entity, "create"))
            pending += static_cast<int>(ids->size());
    }
    return pending;
}

int KioskController::submittedToday() const
{
    // Counted per hour bucket (the kiosk keeps nothing finer), over the 24 hours of the local day.
    auto* app = AppController::instance();
    if (!app || siteId().empty())
        return 0;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs());
    const std::int64_t midnight = now.date().startOfDay().toMSecsSinceEpoch();
    auto n = app->store().countResponses(siteId(), survey::coarsenToHour(midnight), survey::coarsenToHour(midnight + 23 * 3'600'000LL));
    return n ? static_cast<int>(*n) : 0;
}

bool KioskController::setPin(const QString& pin, const QString& confirmation)
{
    auto* app = AppController::instance();
    if (!app)
        return false;
    if (hasPin() && !m_unlocked) {
        // Changing the PIN needs the current one: only the admin page (behind it) may.
        m_pinMessage = tr("Unlock the kiosk with the current PIN first.");
        emit pinChanged();
        return false;
    }
    if (pin != confirmation) {
        m_pinMessage = tr("The two PINs differ. Type the same PIN twice.");
        emit pinChanged();
        return false;
    }
    if (auto ok = survey::checkNewPin(pin.toStdString()); !ok) {
        m_pinMessage = pin.size() < 6 || pin.size() > 12 ? tr("The PIN must be 6 to 12 digits.")
                                                         : tr("This PIN is too easy to guess: avoid repeated or consecutive digits.");
        emit pinChanged();
        return false;
    }
    if (auto done = app->store().setMeta(kPinKey, survey::hashPin(pin.toStdString())); !done) {
        app->setError(userMessage(done.error()));
        return false;
    }
    (void)app->store().setMeta(kAttemptsKey, survey::encodeAttempts({}));
    m_pinMessage = tr("PIN set. Only this PIN leaves kiosk mode.");
    emit pinChanged();
    reload();
    return true;
}

bool KioskController::chooseSurvey(const QString& id)
{
    auto* app = AppController::instance();
    if (!app || !latestSurvey(id.toStdString()))
        return false;
    if (auto done = app->store().setMeta(kSurveyKey, id.toStdString()); !done) {
        app->setError(userMessage(done.error()));
        return false;
    }
    reload();
    return true;
}

void KioskController::setScreen(const QString& screen)
{
    if (m_screen == screen)
        return;
    m_screen = screen;
    if (screen == "question" || screen == "thanks")
        m_idleTimer.start();
    else
        m_idleTimer.stop();
    emit screenChanged();
}

void KioskController::start(const QString& language)
{
    if (!configured())
        return;
    m_language = language.startsWith("zh") ? "zh" : "en";
    if (auto* app = AppController::instance())
        app->setLanguage(m_language == "zh" ? "zh_CN" : "en");
    m_answers.clear();
    m_answerError.clear();
    m_index = survey::nextShown(*m_survey, -1, m_answers);
    m_started.start();
    m_idleSeconds = 0;
    m_stillThere = false;
    emit languageChanged();
    emit idleChanged();
    emit questionChanged();
    setScreen(m_index >= 0 ? "question" : "welcome");
}

void KioskController::setAnswer(const QVariant& value)
{
    const auto* question = current();
    if (!question)
        return;
    touch();
    survey::Answer answer;
    if (question->isNumeric()) {
        const QString text = value.toString().trimmed().replace(',', '.');
        const auto number = Decimal::parse(text.toStdString());
        if (!number) {
            m_answerError = tr("Type a number, like 12 or 3.5");
            m_answers.erase(question->id);
            emit questionChanged();
            return;
        }
        answer = *number;
    } else if (question->type == survey::QuestionType::ShortText) {
        answer = value.toString().trimmed().toStdString();
    } else {
        answer = value.toString().toStdString();
    }
    if (auto ok = survey::checkAnswer(*question, answer); !ok) {
        m_answerError = question->type == survey::QuestionType::ShortText
                            ? tr("At most %1 characters").arg(question->maxLength)
                            : tr("Choose a value from %1 to %2").arg(question->min.toDouble()).arg(question->max.toDouble());
        m_answers.erase(question->id);
    } else {
        m_answerError.clear();
        m_answers[question->id] = answer;
    }
    emit questionChanged();
}

void KioskController::toggleChoice(const QString& optionId)
{
    const auto* question = current();
    if (!question || question->type != survey::QuestionType::MultipleChoice)
        return;
    touch();
    std::vector<std::string> ids;
    if (auto found = m_answers.find(question->id); found != m_answers.end())
        ids = std::get<std::vector<std::string>>(found->second);
    const auto id = optionId.toStdString();
    if (auto at = std::find(ids.begin(), ids.end(), id); at != ids.end()) {
        ids.erase(at);
    } else if (question->maxChoices && static_cast<int>(ids.size()) >= *question->maxChoices) {
        m_answerError = tr("Choose at most %1").arg(*question->maxChoices);
        emit questionChanged();
        return;
    } else {
        ids.push_back(id);
    }
    m_answerError.clear();
    if (ids.empty())
        m_answers.erase(question->id);
    else
        m_answers[question->id] = ids;
    emit questionChanged();
}

void KioskController::clearAnswer()
{
    if (const auto* question = current()) {
        touch();
        m_answers.erase(question->id);
        m_answerError.clear();
        emit questionChanged();
    }
}

void KioskController::next()
{
    if (!m_survey || !canGoNext())
        return;
    touch();
    const int following = survey::nextShown(*m_survey, m_index, m_answers);
    if (following < 0) {
        submit();
        return;
    }
    m_index = following;
    m_answerError.clear();
    emit questionChanged();
}

void KioskController::back()
{
    if (!m_survey)
        return;
    touch();
    const int previous = survey::previousShown(*m_survey, m_index, m_answers);
    if (previous < 0) {
        discard();
        return;
    }
    m_index = previous;
    m_answerError.clear();
    emit questionChanged();
}

void KioskController::touch()
{
    m_idleSeconds = 0;
    if (m_stillThere) {
        m_stillThere = false;
        emit idleChanged();
    }
}

void KioskController::finish()
{
    if (m_screen != "thanks")
        return;
    discard();
}

void KioskController::discard()
{
    m_answers.clear();
    m_answerError.clear();
    m_index = -1;
    m_stillThere = false;
    m_idleSeconds = 0;
    emit idleChanged();
    emit questionChanged();
    setScreen(idleScreen());
    reload();  // a newer survey version synced meanwhile starts with the next respondent
}

void KioskController::submit()
{
    auto* app = AppController::instance();
    if (!app || !m_survey)
        return;
    const survey::Answers answers = survey::withoutHidden(*m_survey, m_answers);
    if (auto ok = survey::checkResponse(*m_survey, answers); !ok) {
        m_answerError = tr("Some answers are missing. Go back and complete them.");
        emit questionChanged();
        return;
    }
    const std::string hour = survey::coarsenToHour(nowMs());
    const double elapsed = m_elapsedOverride ? *m_elapsedOverride : static_cast<double>(m_started.elapsed()) / 1000.0;
    const auto acceptedThisHour = app->store().countResponsesInHour(siteId(), hour);
    const int accepted = acceptedThisHour ? static_cast<int>(*acceptedThisHour) : 0;
    // Training feedback is collected one participant after another at the session's end: no rate limit.
    survey::SubmissionLimits limits = m_limits;
    if (feedbackMode())
        limits.maxPerHour = 1'000;
    const auto rejection = survey::checkSubmission(*m_survey, elapsed, accepted, limits);
    bool stored = false;
    if (rejection) {
        auto counted = app->store().addSurveyRejection({"", m_survey->id, m_survey->version, siteId(), std::string(survey::toString(*rejection)), hour});
        stored = static_cast<bool>(counted);
        if (!counted)
            app->setError(userMessage(counted.error()));
    } else {
        store::SurveyResponse response{"", m_survey->id, m_survey->version, siteId(), m_language.toStdString(),
                                       boost::json::serialize(survey::answersToJson(answers)), hour};
        Result<void> done;
        if (feedbackMode()) {
            auto added = app->store().addTrainingFeedback({m_feedbackVisit.toStdString(), m_feedbackSession.toStdString(), ""}, response);
            done = added ? Result<void>{} : Result<void>(added.error());
        } else {
            auto added = app->store().addSurveyResponse(response);
            done = added ? Result<void>{} : Result<void>(added.error());
        }
        stored = static_cast<bool>(done);
        if (!done)
            app->setError(userMessage(done.error()));
    }
    if (!stored)
        return;  // the answers stay on screen; nothing was lost
    m_answers.clear();
    m_idleSeconds = 0;
    emit submitted(!rejection);
    emit countsChanged();
    app->notifyDataChanged();
    // The respondent sees the same thanks either way: a rejection is not a message to game.
    setScreen("thanks");
}

void KioskController::simulateIdle(int seconds)
{
    for (int i = 0; i < seconds; ++i)
        tick();
}

void KioskController::tick()
{
    ++m_idleSeconds;
    if (m_screen == "thanks") {
        if (m_idleSeconds >= kThanksSeconds)
            discard();
        return;
    }
    if (m_screen != "question")
        return;
    if (!m_stillThere && m_idleSeconds >= m_idleTimeoutSeconds) {
        m_stillThere = true;
        m_countdownRemaining = m_countdownSeconds;
        emit idleChanged();
        return;
    }
    if (m_stillThere) {
        m_countdownRemaining = std::max(0, m_countdownSeconds - (m_idleSeconds - m_idleTimeoutSeconds));
        emit idleChanged();
        if (m_countdownRemaining == 0)
            discard();  // the partial answers are gone: the next resident starts clean
    }
}

bool KioskController::beginFeedback(const QString& visitId, const QString& sessionId, const QString& sessionTitle)
{
    auto* app = AppController::instance();
    if (!app)
        return false;
    auto visit = app->store().trainingVisit(visitId.toStdString());
    if (!visit) {
        app->setError(userMessage(visit.error()));
        return false;
    }
    if (!visit->siteId) {
        app->setError(tr("This visit has no site, so feedback cannot be recorded. Ask programme staff to set the visit's site."));
        return false;
    }
    if (!latestSurvey(kFeedbackSurvey)) {
        app->setError(tr("The feedback survey has not been downloaded yet. Sync first."));
        return false;
    }
    m_feedbackVisit = visitId;
    m_feedbackSession = sessionId;
    m_feedbackTitle = sessionTitle;
    m_feedbackSite = *visit->siteId;
    m_screen.clear();
    reload();
    return true;
}

void KioskController::endFeedback()
{
    m_feedbackVisit.clear();
    m_feedbackSession.clear();
    m_feedbackTitle.clear();
    m_feedbackSite.clear();
    m_answers.clear();
    m_index = -1;
    m_screen.clear();
    reload();
    emit feedbackEnded();
}

bool KioskController::unlock(const QString& pin)
{
    auto* app = AppController::instance();
    if (!app)
        return false;
    if (pinRetryInSeconds() > 0) {
        m_pinMessage = tr("Too many wrong PINs.");
        emit pinChanged();
        return false;
    }
    const auto stored = metaValue(kPinKey);
    if (stored && survey::verifyPin(pin.toStdString(), *stored)) {
        m_attempts = {};
        (void)app->store().setMeta(kAttemptsKey, survey::encodeAttempts({}));
        m_pinMessage.clear();
        m_unlocked = true;
        emit pinChanged();
        emit unlocked();
        return true;
    }
    m_attempts = survey::afterWrongPin(attempts(), nowMs());
    if (auto saved = app->store().setMeta(kAttemptsKey, survey::encodeAttempts(m_attempts)); !saved)
        app->setError(userMessage(saved.error()));  // the delay still holds: m_attempts is kept in memory
    if (pinRetryInSeconds() > 0)
        m_pinTimer.start();
    m_pinMessage = tr("Wrong PIN.");
    emit pinChanged();
    return false;
}

void KioskController::lock()
{
    m_unlocked = false;
    m_pinMessage.clear();
    emit pinChanged();
    discard();
}

}  // namespace igmc::client
