// SPDX-License-Identifier: Apache-2.0
#include "trainer/trainer_controller.hpp"

#include "app/app_controller.hpp"
#include "app/error_messages.hpp"
#include "app/evidence_import.hpp"
#include "client/sync_engine.hpp"
#include "core/calendar.hpp"
#include "platform/position_service.hpp"
#include "survey/aggregation.hpp"
#include "survey/survey.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

namespace igmc::client {

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

boost::json::value parsed(const std::string& text)
{
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    return ec ? boost::json::value() : value;
}

QString field(const boost::json::value& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto* value = object.get_object().if_contains(key);
    return value && value->is_string() ? q(std::string(value->get_string())) : QString();
}

const boost::json::array* arrayAt(const boost::json::value& object, const char* key)
{
    if (!object.is_object())
        return nullptr;
    const auto* value = object.get_object().if_contains(key);
    return value && value->is_array() ? &value->get_array() : nullptr;
}

std::string partnerOfDevice(store::Store& store)
{
    auto scope = store.meta(sync::kScopeKey);
    if (!scope || !*scope)
        return {};
    const auto json = parsed(**scope);
    return field(json, "partner_id").toStdString();
}

QString escaped(const QString& text)
{
    return text.toHtmlEscaped().replace('\n', "<br>");
}

}  // namespace

TrainerController::TrainerController(QObject* parent) : QObject(parent)
{
    if (auto* app = AppController::instance())
        connect(app, &AppController::dataChanged, this, &TrainerController::refresh);
    refresh();
}

QVariantList TrainerController::visits() const
{
    QVariantList list;
    auto* app = AppController::instance();
    if (!app)
        return list;
    auto visits = app->store().trainingVisits(partnerOfDevice(app->store()));
    if (!visits)
        return list;
    for (const auto& v : *visits) {
        QString site;
        if (v.siteId) {
            if (auto s = app->store().site(*v.siteId))
                site = q(s->name);
        }
        list.append(QVariantMap{{"id", q(v.id)}, {"date", q(v.visitDate)}, {"status", q(std::string(store::toString(v.status)))}, {"siteName", site}});
    }
    return list;
}

void TrainerController::setVisitId(const QString& id)
{
    if (m_visitId == id)
        return;
    m_visitId = id;
    m_reportPath.clear();
    load();
}

void TrainerController::refresh()
{
    if (m_visitId.isEmpty()) {
        const auto list = visits();
        // The next planned visit by default, else the latest.
        for (const auto& v : list) {
            if (v.toMap().value("status") == "planned") {
                m_visitId = v.toMap().value("id").toString();
                break;
            }
        }
        if (m_visitId.isEmpty() && !list.isEmpty())
            m_visitId = list.back().toMap().value("id").toString();
    }
    load();
}

void TrainerController::load()
{
    auto* app = AppController::instance();
    m_visit.reset();
    m_attendance.clear();
    m_feedback.clear();
    if (!app || m_visitId.isEmpty()) {
        emit changed();
        return;
    }
    auto visit = app->store().trainingVisit(m_visitId.toStdString());
    if (!visit) {
        emit changed();
        return;
    }
    m_visit = *visit;
    m_partnerName.clear();
    m_siteName.clear();
    if (auto p = app->store().partner(visit->partnerId))
        m_partnerName = q(app->lang() == catalog::Lang::Zh && !p->nameZh.empty() ? p->nameZh : p->name);
    if (visit->siteId) {
        if (auto s = app->store().site(*visit->siteId))
            m_siteName = q(s->name);
    }
    auto day = app->store().trainingDay(visit->partnerId, parseDate(visit->visitDate).value_or(todayUtc()), visit->id);
    m_check = day ? day->check : registry::TrainingDayCheck{};
    if (auto list = app->store().attendance(visit->id))
        m_attendance = *list;
    if (auto list = app->store().trainingFeedback(visit->id))
        m_feedback = *list;
    if (m_feedback.size() != m_reportFeedbackCount)
        m_reportPath.clear();  // feedback arrived after the report: it must be generated again
    emit changed();
}

QString TrainerController::visitDate() const
{
    return m_visit ? q(m_visit->visitDate) : QString();
}

QString TrainerController::status() const
{
    return m_visit ? q(std::string(store::toString(m_visit->status))) : QString();
}

bool TrainerController::entitled() const
{
    return m_visit && m_check.verdict == registry::TrainingDayVerdict::Entitled;
}

QString TrainerController::entitlementText() const
{
    if (!m_visit)
        return {};
    const QString year = QString::number(m_check.year);
    if (m_visit->status == store::VisitStatus::Completed)
        return tr("This visit used the partner's training day of %1.").arg(year);
    switch (m_check.verdict) {
    case registry::TrainingDayVerdict::Entitled:
        return tr("Entitled: a tier %1 partner with an active membership; no training day used in %2 yet.")
            .arg(m_check.tier ? q(std::string(registry::toString(*m_check.tier))) : QString(), year);
    case registry::TrainingDayVerdict::NotAMember: return tr("Not entitled: the partner has no membership.");
    case registry::TrainingDayVerdict::NotActive:
        return tr("Not entitled: no paid, active membership covers %1 (unpaid, not started or lapsed).").arg(visitDate());
    case registry::TrainingDayVerdict::TierWithoutDay:
        return tr("Not entitled: the on-site training day comes with senior (B) and global (A) partnership; this partner is tier C.");
    case registry::TrainingDayVerdict::UsedThisYear: return tr("Not entitled: the training day of %1 was already used by another visit.").arg(year);
    }
    return {};
}

QVariantList TrainerController::sessions() const
{
    QVariantList list;
    if (!m_visit)
        return list;
    const auto agenda = parsed(m_visit->agendaJson);
    if (const auto* sessions = arrayAt(agenda, "sessions")) {
        for (const auto& s : *sessions) {
            const QString id = field(s, "id");
            const auto count = std::count_if(m_feedback.begin(), m_feedback.end(), [&](const auto& f) { return q(f.session) == id; });
            list.append(QVariantMap{{"id", id},
                                    {"time", field(s, "time")},
                                    {"topic", field(s, "topic")},
                                    {"trainer", field(s, "trainer")},
                                    {"feedbackCount", static_cast<int>(count)}});
        }
    }
    return list;
}

QVariantList TrainerController::materials() const
{
    QVariantList list;
    auto* app = AppController::instance();
    if (!m_visit || !app)
        return list;
    const auto agenda = parsed(m_visit->agendaJson);
    if (const auto* materials = arrayAt(agenda, "materials")) {
        for (const auto& m : *materials) {
            const auto sha = field(m, "sha256").toStdString();
            const bool available = !sha.empty() && app->blobs().contains(sha);
            list.append(QVariantMap{{"name", field(m, "name")},
                                    {"mediaType", field(m, "media_type")},
                                    {"available", available},
                                    {"url", available ? QUrl::fromLocalFile(q(app->blobs().pathOf(sha))).toString() : QString()}});
        }
    }
    return list;
}

QVariantList TrainerController::attendees() const
{
    QVariantList list;
    for (const auto& a : m_attendance)
        list.append(QVariantMap{{"name", q(a.name)}, {"organisation", q(a.organisation)}, {"role", q(a.role)}, {"consent", a.consent}});
    return list;
}

QVariantList TrainerController::walk() const
{
    QVariantList list;
    auto* app = AppController::instance();
    if (!m_visit || !app)
        return list;
    const auto items = parsed(m_visit->walkJson);
    if (!items.is_array())
        return list;
    for (const auto& item : items.get_array()) {
        QStringList photos;
        if (const auto* shas = arrayAt(item, "photos")) {
            for (const auto& sha : *shas) {
                if (sha.is_string())
                    photos.append(QUrl::fromLocalFile(q(app->blobs().pathOf(std::string(sha.get_string())))).toString());
            }
        }
        list.append(QVariantMap{{"note", field(item, "note")}, {"recommendation", field(item, "recommendation")}, {"photos", photos}});
    }
    return list;
}

QString TrainerController::notes() const
{
    return m_visit ? q(m_visit->notes) : QString();
}

QString TrainerController::reportUrl() const
{
    auto* app = AppController::instance();
    if (m_visit && m_visit->reportSha256 && app)
        return QUrl::fromLocalFile(q(app->blobs().pathOf(*m_visit->reportSha256))).toString();
    return m_reportPath.isEmpty() ? QString() : QUrl::fromLocalFile(m_reportPath).toString();
}

bool TrainerController::writable() const
{
    auto* app = AppController::instance();
    if (!m_visit || !app)
        return false;
    if (m_visit->status != store::VisitStatus::Planned) {
        app->setError(m_visit->status == store::VisitStatus::Completed ? tr("This training visit is completed; its record is closed.")
                                                                       : tr("This training visit was cancelled; its record is closed."));
        return false;
    }
    if (!entitled()) {
        app->setError(entitlementText());
        return false;
    }
    return true;
}

QString TrainerController::completeBlocker() const
{
    if (!m_visit)
        return tr("Choose a training visit.");
    if (m_visit->status != store::VisitStatus::Planned)
        return m_visit->status == store::VisitStatus::Completed ? tr("The visit is completed.") : tr("The visit was cancelled.");
    if (!entitled())
        return entitlementText();
    if (m_attendance.empty())
        return tr("Sign in at least one participant.");
    if (m_reportPath.isEmpty())
        return tr("Generate the visit report first.");
    return {};
}

bool TrainerController::signIn(const QString& name, const QString& organisation, const QString& role, bool consent)
{
    auto* app = AppController::instance();
    if (!writable())
        return false;
    if (name.trimmed().isEmpty()) {
        app->setError(tr("Type the participant's name."));
        return false;
    }
    if (!consent) {
        app->setError(tr("The participant must agree that their name and organisation are recorded."));
        return false;
    }
    store::Attendance a{m_visit->id, name.trimmed().toStdString(), organisation.trimmed().toStdString(), role.trimmed().toStdString(), true,
                        nowUtcTimestamp()};
    if (auto added = app->store().addAttendance(a); !added) {
        app->setError(added.error().message.find("UNIQUE") != std::string::npos
                          ? (organisation.trimmed().isEmpty() ? tr("%1 has already signed in.").arg(name.trimmed())
                                                              //: %1 a participant's name, %2 their organisation
                                                              : tr("%1 (%2) has already signed in.").arg(name.trimmed(), organisation.trimmed()))
                          : userMessage(added.error()));
        return false;
    }
    m_reportPath.clear();  // the report must list everyone: generate it again
    app->notifyDataChanged();
    return true;
}

bool TrainerController::saveNotes(const QString& notes)
{
    auto* app = AppController::instance();
    if (!writable())
        return false;
    if (auto saved = app->store().saveVisitDraft(m_visit->id, notes.toStdString(), m_visit->walkJson); !saved) {
        app->setError(userMessage(saved.error()));
        return false;
    }
    m_reportPath.clear();
    app->notifyDataChanged();
    return true;
}

bool TrainerController::addWalkItem(const QString& note, const QString& recommendation, const QStringList& photos)
{
    auto* app = AppController::instance();
    if (!writable())
        return false;
    if (note.trimmed().isEmpty() && recommendation.trimmed().isEmpty()) {
        app->setError(tr("Write what you saw or what you recommend."));
        return false;
    }
    boost::json::array shas;
    for (const auto& photo : photos) {
        // An evidence record linked to no observation (a site walk is not scored), uploaded and
        // kept like inspection evidence.
        auto stored = importEvidenceFile(*app, photo, {});
        if (!stored) {
            app->setError(QString::fromStdString(stored.error().message));
            return false;
        }
        shas.emplace_back(stored->sha256);
    }
    auto items = parsed(m_visit->walkJson);
    if (!items.is_array())
        items = boost::json::array();
    items.get_array().push_back(
        boost::json::object{{"note", note.trimmed().toStdString()}, {"recommendation", recommendation.trimmed().toStdString()}, {"photos", shas}});
    if (auto saved = app->store().saveVisitDraft(m_visit->id, m_visit->notes, boost::json::serialize(items)); !saved) {
        app->setError(userMessage(saved.error()));
        return false;
    }
    m_reportPath.clear();
    app->notifyDataChanged();
    return true;
}

// The session's anonymous feedback as the report shows it: the mean of each rating question with
// its sample size, and the comments (sorted, not in the order given). survey::aggregate does the
// counting, per survey version the responses answered.
QString TrainerController::feedbackSummaryHtml(const QString& sessionId) const
{
    auto* app = AppController::instance();
    if (!app)
        return {};
    std::map<std::pair<std::string, int>, std::vector<survey::Answers>> byVersion;
    std::map<std::pair<std::string, int>, survey::Survey> surveys;
    for (const auto& f : m_feedback) {
        if (q(f.session) != sessionId)
            continue;
        auto response = app->store().surveyResponse(f.responseId);
        if (!response)
            continue;
        const std::pair key{response->surveyId, response->surveyVersion};
        if (!surveys.contains(key)) {
            auto definition = app->store().surveyDefinition(key.first, key.second);
            auto read = definition ? survey::surveyOf(*definition) : Result<survey::Survey>(definition.error());
            if (!read)
                continue;
            surveys.emplace(key, std::move(*read));
        }
        if (auto answers = survey::answersFromJson(surveys.at(key), parsed(response->answersJson)))
            byVersion[key].push_back(std::move(*answers));
    }
    const std::string language = app->lang() == catalog::Lang::Zh ? "zh" : "en";
    QString ratings;
    QStringList comments;
    for (const auto& [key, answers] : byVersion) {
        const auto& definition = surveys.at(key);
        const auto results = survey::aggregate(definition, answers);
        for (std::size_t i = 0; i < results.questions.size(); ++i) {
            const auto& r = results.questions[i];
            if (r.mean && (r.type == survey::QuestionType::Likert5 || r.type == survey::QuestionType::Scale0To10))
                ratings += "<li>" + escaped(q(r.prompt.in(language))) + " <b>" + QString::number(*r.mean, 'f', 1) + " / "
                           + QString::number(definition.questions[i].max.toDouble()) + "</b> " + escaped(tr("(n = %1)").arg(r.answered)) + "</li>";
            for (const auto& text : r.texts)
                comments.append(q(text));
        }
    }
    QString html = ratings.isEmpty() ? QString() : "<ul>" + ratings + "</ul>";
    comments.sort();
    for (const auto& comment : comments)
        html += "<p><i>“" + escaped(comment) + "”</i></p>";
    return html;
}

QString TrainerController::reportHtml() const
{
    if (!m_visit)
        return {};
    QString html = "<h1>" + escaped(tr("IGMC on-site training day")) + "</h1>";
    html += "<p><b>" + escaped(m_partnerName) + "</b><br>" + escaped(tr("Date: %1").arg(visitDate())) + "<br>"
            + escaped(tr("Site: %1").arg(m_siteName)) + "</p>";
    html += "<p>" + escaped(entitlementText()) + "</p>";
    html += "<h2>" + escaped(tr("Agenda")) + "</h2><table border='1' cellpadding='4' cellspacing='0' width='100%'><tr><th>"
            + escaped(tr("Time")) + "</th><th>" + escaped(tr("Topic")) + "</th><th>" + escaped(tr("Trainer")) + "</th><th>"
            + escaped(tr("Feedback responses")) + "</th></tr>";
    for (const auto& s : sessions()) {
        const auto m = s.toMap();
        html += "<tr><td>" + escaped(m["time"].toString()) + "</td><td>" + escaped(m["topic"].toString()) + "</td><td>"
                + escaped(m["trainer"].toString()) + "</td><td>" + QString::number(m["feedbackCount"].toInt()) + "</td></tr>";
    }
    html += "</table>";
    for (const auto& s : sessions()) {
        const auto m = s.toMap();
        const QString summary = feedbackSummaryHtml(m["id"].toString());
        if (!summary.isEmpty())
            html += "<h3>" + escaped(tr("Feedback: %1").arg(m["topic"].toString())) + "</h3>" + summary;
    }
    html += "<h2>" + escaped(tr("Attendance (%1)").arg(m_attendance.size())) + "</h2><ol>";
    for (const auto& a : m_attendance)
        html += "<li>" + escaped(q(a.name)) + " — " + escaped(q(a.organisation)) + (a.role.empty() ? "" : ", " + escaped(q(a.role))) + "</li>";
    html += "</ol><h2>" + escaped(tr("Site walk")) + "</h2>";
    int index = 0;
    for (const auto& item : walk()) {
        const auto m = item.toMap();
        html += "<p><b>" + QString::number(++index) + ".</b> " + escaped(m["note"].toString());
        if (!m["recommendation"].toString().isEmpty())
            html += "<br><i>" + escaped(tr("Recommendation:")) + "</i> " + escaped(m["recommendation"].toString());
        html += "</p>";
        if (!m["photos"].toStringList().isEmpty()) {
            html += "<p>";
            for (const auto& photo : m["photos"].toStringList())
                html += "<img src='" + photo + "' width='240'>&nbsp;";
            html += "</p>";
        }
    }
    html += "<h2>" + escaped(tr("Summary and recommendations")) + "</h2><p>" + escaped(notes()) + "</p>";
    html += "<p><small>" + escaped(tr("Generated on the trainer's device on %1.").arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)))
            + "</small></p>";
    return html;
}

bool TrainerController::generateReport()
{
    auto* app = AppController::instance();
    if (!writable())
        return false;
    const QString html = reportHtml();

    const QString dir = app->dataDir() + "/reports";
    QDir().mkpath(dir);
    const QString path = dir + "/training-visit-" + m_visitId + ".pdf";
    {
        QPdfWriter writer(path);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(150);
        writer.setTitle(tr("IGMC on-site training day"));
        QTextDocument document;
        QFont font(app->lang() == catalog::Lang::Zh ? "WenQuanYi Zen Hei" : "DejaVu Sans");
        font.setPointSize(10);
        document.setDefaultFont(font);
        document.setDocumentMargin(60);  // 1 cm at 150 dpi
        document.setHtml(html);
        document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
        document.print(&writer);
    }
    if (QFileInfo(path).size() == 0) {
        app->setError(tr("The report could not be written to %1").arg(path));
        return false;
    }
    m_reportPath = path;
    m_reportFeedbackCount = m_feedback.size();
    emit changed();
    return true;
}

bool TrainerController::complete()
{
    auto* app = AppController::instance();
    if (!app || !canComplete()) {
        if (app)
            app->setError(completeBlocker());
        return false;
    }
    auto report = importEvidenceFile(*app, m_reportPath, {});  // uploaded with the visit, named by its hash
    if (!report) {
        app->setError(QString::fromStdString(report.error().message));
        return false;
    }
    if (auto done = app->store().completeTrainingVisit(m_visit->id, report->sha256); !done) {
        app->setError(userMessage(done.error()));
        return false;
    }
    m_reportPath.clear();
    app->notifyDataChanged();
    return true;
}

}  // namespace igmc::client
