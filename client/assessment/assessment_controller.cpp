// SPDX-License-Identifier: Apache-2.0
#include "assessment/assessment_controller.hpp"

#include "app/app_controller.hpp"
#include "app/error_messages.hpp"
#include "assessment/labels.hpp"
#include "scoring/scoring_engine.hpp"
#include "scoring/value_codec.hpp"

#include <QElapsedTimer>

#include <set>

namespace igmc::client {

AssessmentController::AssessmentController(QObject* parent) : QObject(parent)
{
    if (auto* app = AppController::instance())
        connect(app, &AppController::dataChanged, this, &AssessmentController::refresh);
}

void AssessmentController::setAssessmentId(const QString& id)
{
    if (id == m_assessmentId)
        return;
    m_assessmentId = id;
    emit assessmentIdChanged();
    refresh();
}

void AssessmentController::setCategoryCode(const QString& code)
{
    if (code == m_categoryCode)
        return;
    m_categoryCode = code;
    refresh();
    emit categoryCodeChanged();
}

void AssessmentController::refresh()
{
    auto* app = AppController::instance();
    if (!app || m_assessmentId.isEmpty())
        return;
    QElapsedTimer timer;
    timer.start();
    auto& store = app->store();
    const auto lang = app->lang();
    const auto assessment = store.assessment(m_assessmentId.toStdString());
    const auto* catalog = assessment ? app->catalogFor(assessment->catalog.id, assessment->catalog.version) : nullptr;
    auto values = assessment ? store.assessmentValues(assessment->id) : Result<scoring::AssessmentValues>(assessment.error());
    auto heads = store.latestObservations(m_assessmentId.toStdString());
    auto result = catalog && values ? scoring::score(*catalog, *values) : Result<scoring::ScoreResult>(makeError(ErrorCode::NotFound, "catalog"));
    m_valid = result.ok();
    if (!m_valid) {
        m_siteName = assessment ? QString() : userMessage(assessment.error());
        emit scoreChanged();
        return;
    }
    const auto& r = *result;
    if (auto site = store.site(assessment->siteId))
        m_siteName = QString::fromStdString(site->name);
    m_stageText = stageLabel(assessment->stage);
    m_statusText = statusLabel(assessment->status);
    m_catalogText = QString::fromStdString(catalog->title.in(lang) + " · " + catalog->version);
    m_total = QString::fromStdString(r.total.toString());
    m_maxPoints = QString::fromStdString(r.max.toString());
    m_fraction = r.max.hundredths() > 0 ? static_cast<double>(r.total.hundredths()) / static_cast<double>(r.max.hundredths()) : 0;
    m_bandName = r.band ? QString::fromStdString(catalog->bands[*r.band].name.in(lang)) : tr("Not certified yet");
    m_bandCode = r.band ? QString::fromStdString(catalog->bands[*r.band].code) : QString();
    m_answered = static_cast<int>(r.completeness.answered + r.completeness.notApplicable);
    m_indicatorCount = static_cast<int>(r.completeness.indicators);
    if (r.gap.nextBand) {
        const auto& next = catalog->bands[*r.gap.nextBand];
        m_gapText = r.gap.reachable ? tr("%1 points to %2: the %3 indicators below would close it")
                                          .arg(QString::fromStdString(r.gap.deficit.toString()), QString::fromStdString(next.name.in(lang)))
                                          .arg(r.gap.minimalSetSize)
                                    : tr("%1 is out of reach with the current N/A answers").arg(QString::fromStdString(next.name.in(lang)));
    } else {
        m_gapText = tr("Top band reached");
    }
    std::set<std::string> conflicted;
    if (heads) {
        for (const auto& h : *heads) {
            if (!h.otherHeadIds.empty())
                conflicted.insert(h.indicatorCode);
        }
    }
    std::vector<CategoryRow> categories;
    for (std::size_t d = 0; d < catalog->dimensions.size(); ++d) {
        const auto& dimension = catalog->dimensions[d];
        for (auto c : dimension.categoryIndexes) {
            const auto& category = catalog->categories[c];
            const auto& g = r.categories[c];
            categories.push_back({QString::fromStdString(category.code), QString::fromStdString(category.name.in(lang)),
                                  QString::fromStdString(dimension.code), QString::fromStdString(dimension.name.in(lang)),
                                  QString::fromStdString(r.dimensions[d].score.toString() + " / " + r.dimensions[d].max.toString()),
                                  QString::fromStdString(g.score.toString()), QString::fromStdString(g.max.toString()),
                                  static_cast<int>(g.answered + g.notApplicable), static_cast<int>(g.indicators)});
            if (category.code == m_categoryCode.toStdString())
                m_categoryName = QString::fromStdString(category.name.in(lang));
        }
    }
    m_categories.setRows(std::move(categories));
    std::vector<GapRow> gap;
    for (std::size_t i = 0; i < r.gap.ranked.size() && i < std::max<std::size_t>(r.gap.minimalSetSize, 8); ++i) {
        const auto& item = r.gap.ranked[i];
        const auto& indicator = catalog->indicators[item.indicator];
        gap.push_back({QString::fromStdString(indicator.code), QString::fromStdString(indicator.name.in(lang)),
                       "+" + QString::fromStdString(item.available.toString()), r.gap.nextBand && i < r.gap.minimalSetSize,
                       r.indicators[item.indicator].status == scoring::IndicatorStatus::Missing});
    }
    m_gap.setRows(std::move(gap));
    std::vector<IndicatorRow> indicators;
    if (!m_categoryCode.isEmpty()) {
        for (const auto& s : r.indicators) {
            const auto& indicator = catalog->indicators[s.indicator];
            if (catalog->categories[indicator.categoryIndex].code != m_categoryCode.toStdString())
                continue;
            QString valueText;
            const auto entry = values->entries.find(indicator.code);
            if (entry != values->entries.end())
                valueText = entry->second.value ? QString::fromStdString(scoring::displayValue(*entry->second.value)) + " "
                                                      + QString::fromStdString(indicator.unit)
                                                : tr("N/A");
            indicators.push_back({QString::fromStdString(indicator.code), QString::fromStdString(indicator.name.in(lang)), valueText.trimmed(),
                                  indicatorStatusLabel(s.status), QString::fromStdString(s.score.toString()),
                                  QString::fromStdString(s.max.toString()), s.status != scoring::IndicatorStatus::Missing,
                                  conflicted.contains(indicator.code)});
        }
    }
    m_indicators.setRows(std::move(indicators));
    m_lastScoringMs = QString::number(static_cast<double>(timer.nsecsElapsed()) / 1e6, 'f', 2);
    emit scoreChanged();
}

bool AssessmentController::submit()
{
    auto* app = AppController::instance();
    if (!app)
        return false;
    auto done = app->store().setAssessmentStatus(m_assessmentId.toStdString(), store::AssessmentStatus::Submitted);
    if (!done) {
        app->setError(userMessage(done.error()));
        return false;
    }
    app->notifyDataChanged();
    return true;
}

}  // namespace igmc::client
