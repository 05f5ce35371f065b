// SPDX-License-Identifier: Apache-2.0
#include "indicator/indicator_controller.hpp"

#include "app/app_controller.hpp"
#include "app/error_messages.hpp"
#include "app/evidence_import.hpp"
#include "assessment/labels.hpp"
#include "core/calendar.hpp"
#include "platform/position_service.hpp"
#include "scoring/value_codec.hpp"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QUrl>

#include <algorithm>

namespace igmc::client {

namespace {

const catalog::Indicator* indicatorOf(AppController& app, const std::string& assessmentId, const std::string& code)
{
    auto assessment = app.store().assessment(assessmentId);
    if (!assessment)
        return nullptr;
    const auto* catalog = app.catalogFor(assessment->catalog.id, assessment->catalog.version);
    return catalog ? catalog->findIndicator(code) : nullptr;
}

QString localTime(const std::string& iso)
{
    const auto time = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString::fromStdString(iso);
}

// Accepts the decimal comma and full-width digits' separators a tablet keyboard may produce.
QString normaliseNumber(const QString& text)
{
    QString normalised = text.trimmed();
    normalised.replace(QChar(0xFF0E), '.').replace(QChar(0xFF0C), '.').replace(',', '.');
    return normalised;
}

QString valueText(const store::Observation& o, const QString& unit)
{
    if (!o.value)
        return QCoreApplication::translate("Labels", "N/A: %1").arg(QString::fromStdString(o.naReason.value_or("")));
    return (QString::fromStdString(scoring::displayValue(*o.value)) + " " + unit).trimmed();
}

}  // namespace

IndicatorController::IndicatorController(QObject* parent) : QObject(parent)
{
    if (auto* app = AppController::instance())
        connect(app, &AppController::dataChanged, this, &IndicatorController::refresh);
    connect(&PositionService::instance(), &PositionService::changed, this, &IndicatorController::changed);
}

void IndicatorController::setAssessmentId(const QString& id)
{
    if (id == m_assessmentId)
        return;
    m_assessmentId = id;
    emit inputChanged();
    refresh();
}

void IndicatorController::setIndicatorCode(const QString& code)
{
    if (code == m_indicatorCode)
        return;
    m_indicatorCode = code;
    emit inputChanged();
    refresh();
}

QString IndicatorController::locationText() const
{
    return PositionService::instance().describe();
}

void IndicatorController::refresh()
{
    auto* app = AppController::instance();
    if (!app || m_assessmentId.isEmpty() || m_indicatorCode.isEmpty())
        return;
    const auto lang = app->lang();
    const auto* indicator = indicatorOf(*app, m_assessmentId.toStdString(), m_indicatorCode.toStdString());
    m_valid = indicator != nullptr;
    if (!m_valid) {
        emit changed();
        return;
    }
    m_name = QString::fromStdString(indicator->name.in(lang));
    m_definition = QString::fromStdString(indicator->definition.in(lang));
    m_unit = QString::fromStdString(indicator->unit);
    m_valueType = QString::fromStdString(std::string(catalog::toString(indicator->type)));
    m_typeText = typeLabel(indicator->type) + (m_unit.isEmpty() ? "" : " · " + m_unit) + " · " + directionLabel(indicator->direction);
    m_ruleText = ruleDescription(*indicator, lang);
    m_benchmark = indicator->benchmark ? QString::fromStdString(indicator->benchmark->in(lang)) : QString();
    m_pointsText = tr("up to %1 points").arg(QString::fromStdString(indicator->points.toString()));
    QStringList evidence;
    for (auto kind : indicator->evidence)
        evidence << (kind == catalog::EvidenceKind::Photo ? tr("photo") : kind == catalog::EvidenceKind::Document ? tr("document") : tr("measurement"));
    m_evidenceText = tr("Evidence expected: %1").arg(evidence.join(", "));
    m_naAllowed = indicator->naPolicy != catalog::NaPolicy::Forbidden;
    m_naPolicyText = indicator->naPolicy == catalog::NaPolicy::Forbidden ? tr("Every site must report this indicator: N/A is not accepted.")
                     : indicator->naPolicy == catalog::NaPolicy::Zero  ? tr("N/A scores 0 for this indicator.")
                                                                       : tr("If N/A, its points are shared by the category's other indicators.");
    m_levels.clear();
    for (const auto& level : indicator->rule.levels)
        m_levels.append(QVariantMap{{"code", QString::fromStdString(level.code)}, {"name", QString::fromStdString(level.name.in(lang))}});

    auto& store = app->store();
    auto heads = store.latestObservations(m_assessmentId.toStdString());
    const store::IndicatorHead* head = nullptr;
    if (heads) {
        for (const auto& h : *heads) {
            if (h.indicatorCode == m_indicatorCode.toStdString())
                head = &h;
        }
    }
    m_headId = head ? std::optional<std::string>(head->head.id) : std::nullopt;
    m_notApplicable = head && !head->head.value;
    m_currentText = head ? valueText(head->head, m_unit) : QString();
    m_naReason = head ? QString::fromStdString(head->head.naReason.value_or("")) : QString();
    m_method = head ? QString::fromStdString(head->head.method) : QString();
    m_note = head ? QString::fromStdString(head->head.note) : QString();
    std::vector<std::string> checked;
    if (head && head->head.value) {
        if (const auto* list = std::get_if<scoring::ChecklistValue>(&*head->head.value))
            checked = list->items;
    }
    m_checklist.clear();
    for (const auto& item : indicator->rule.items) {
        m_checklist.append(QVariantMap{{"code", QString::fromStdString(item.code)},
                                       {"name", QString::fromStdString(item.name.in(lang))},
                                       {"checked", std::find(checked.begin(), checked.end(), item.code) != checked.end()}});
    }
    m_conflictValues.clear();
    std::vector<HistoryRow> rows;
    const auto history = store.history(m_assessmentId.toStdString(), m_indicatorCode.toStdString());
    if (history) {
        for (auto it = history->rbegin(); it != history->rend(); ++it) {
            const bool isHead = head && (it->id == head->head.id
                                         || std::find(head->otherHeadIds.begin(), head->otherHeadIds.end(), it->id) != head->otherHeadIds.end());
            rows.push_back({valueText(*it, m_unit), QString::fromStdString(it->inspector), localTime(it->observedAt),
                            QString::fromStdString(it->deviceId.substr(0, 8)), QString::fromStdString(it->method),
                            QString::fromStdString(it->note), isHead});
            if (isHead && head && !head->otherHeadIds.empty())
                m_conflictValues << tr("%1 — %2, %3").arg(valueText(*it, m_unit), QString::fromStdString(it->inspector), localTime(it->recordedAt));
        }
    }
    m_history.setRows(std::move(rows));
    std::vector<EvidenceRow> items;
    if (m_headId) {
        // Evidence stays with the indicator across versions: gather the links of every version.
        if (history) {
            std::vector<std::string> seen;
            for (const auto& version : *history) {
                auto linked = store.evidenceFor(version.id);
                if (!linked)
                    continue;
                for (const auto& e : *linked) {
                    if (std::find(seen.begin(), seen.end(), e.sha256) != seen.end())
                        continue;
                    seen.push_back(e.sha256);
                    const QString path = QString::fromStdString(app->blobs().pathOf(e.sha256));
                    QString where = e.location ? QString("%1, %2").arg(e.location->latitude, 0, 'f', 5).arg(e.location->longitude, 0, 'f', 5)
                                               : tr("no location");
                    if (e.location && e.location->accuracyM)
                        where += tr(" ± %1 m").arg(*e.location->accuracyM, 0, 'f', 0);
                    items.push_back({QString::fromStdString(e.sha256), QUrl::fromLocalFile(path).toString(),
                                     QString::fromStdString(e.mediaType), QString::fromStdString(e.originalName),
                                     QLocale().formattedDataSize(e.sizeBytes), e.capturedAt ? localTime(*e.capturedAt) : QString(), where,
                                     QString::fromStdString(e.mediaType).startsWith("image/")});
                }
            }
        }
    }
    m_evidence.setRows(std::move(items));
    emit changed();
}

QString IndicatorController::validate(const QString& text) const
{
    if (m_valueType != "number" && m_valueType != "percent")
        return {};
    const QString normalised = normaliseNumber(text);
    if (normalised.isEmpty())
        return tr("Enter a value");
    const auto decimal = Decimal::parse(normalised.toStdString());
    if (!decimal)
        return tr("Enter a number, e.g. 12.5 (at most 6 decimals)");
    if (m_valueType == "percent" && (*decimal < Decimal{} || *decimal > Decimal::fromInteger(100)))
        return tr("A percentage lies between 0 and 100");
    return {};
}

bool IndicatorController::save(std::optional<scoring::Value> value, const QString& naReason, const QString& method, const QString& note)
{
    auto* app = AppController::instance();
    if (!app)
        return false;
    const auto* indicator = indicatorOf(*app, m_assessmentId.toStdString(), m_indicatorCode.toStdString());
    if (!indicator)
        return false;
    const auto entry = value ? scoring::Entry::of(*value) : scoring::Entry::notApplicable(naReason.trimmed().toStdString());
    if (auto problem = scoring::checkEntry(*indicator, entry)) {
        app->setError(userMessage(makeError(ErrorCode::ValidationError, *problem)));
        return false;
    }
    store::Observation o;
    o.parentId = m_headId;
    o.assessmentId = m_assessmentId.toStdString();
    o.indicatorCode = m_indicatorCode.toStdString();
    o.value = std::move(value);
    if (!o.value)
        o.naReason = naReason.trimmed().toStdString();
    o.unit = indicator->unit;
    o.method = method.trimmed().toStdString();
    o.note = note.trimmed().toStdString();
    o.observedAt = nowUtcTimestamp();
    o.location = PositionService::instance().lastFix();
    auto inspector = app->store().meta("sync.inspector");
    o.inspector = inspector && *inspector ? **inspector : std::string("inspector");
    auto stored = app->store().recordObservation(o);
    if (!stored) {
        app->setError(userMessage(stored.error()));
        return false;
    }
    app->clearError();
    app->notifyDataChanged();
    emit saved();
    return true;
}

bool IndicatorController::saveNumber(const QString& text, const QString& method, const QString& note)
{
    if (const auto problem = validate(text); !problem.isEmpty()) {
        if (auto* app = AppController::instance())
            app->setError(problem);
        return false;
    }
    return save(scoring::Value{*Decimal::parse(normaliseNumber(text).toStdString())}, {}, method, note);
}

bool IndicatorController::saveBoolean(bool value, const QString& method, const QString& note)
{
    return save(scoring::Value{value}, {}, method, note);
}

bool IndicatorController::saveLevel(const QString& code, const QString& method, const QString& note)
{
    return save(scoring::Value{scoring::LevelValue{code.toStdString()}}, {}, method, note);
}

bool IndicatorController::saveChecklist(const QStringList& codes, const QString& method, const QString& note)
{
    scoring::ChecklistValue list;
    for (const auto& code : codes)
        list.items.push_back(code.toStdString());
    return save(scoring::Value{std::move(list)}, {}, method, note);
}

bool IndicatorController::saveNotApplicable(const QString& reason, const QString& method, const QString& note)
{
    if (reason.trimmed().isEmpty()) {
        if (auto* app = AppController::instance())
            app->setError(tr("Say why this indicator does not apply"));
        return false;
    }
    return save(std::nullopt, reason, method, note);
}

bool IndicatorController::importEvidence(const QString& fileUrlOrPath)
{
    auto* app = AppController::instance();
    if (!app)
        return false;
    if (!m_headId) {
        app->setError(tr("Record a value (or N/A) first; evidence is attached to what you recorded."));
        return false;
    }
    auto stored = importEvidenceFile(*app, fileUrlOrPath, {*m_headId});
    if (!stored) {
        app->setError(QString::fromStdString(stored.error().message));
        return false;
    }
    app->notifyDataChanged();
    return true;
}

}  // namespace igmc::client
