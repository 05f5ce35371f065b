// SPDX-License-Identifier: Apache-2.0
#include "assessment/assignment_model.hpp"

#include "app/app_controller.hpp"
#include "assessment/labels.hpp"
#include "scoring/scoring_engine.hpp"

namespace igmc::client {

AssignmentModel::AssignmentModel(QObject* parent) : QAbstractListModel(parent)
{
    if (auto* app = AppController::instance())
        connect(app, &AppController::dataChanged, this, &AssignmentModel::refresh);
    refresh();
}

int AssignmentModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant AssignmentModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case AssessmentIdRole: return r.assessmentId;
    case Qt::DisplayRole:
    case SiteNameRole: return r.siteName;
    case SiteKindRole: return r.siteKind;
    case StageRole: return r.stage;
    case StatusRole: return r.status;
    case DueDateRole: return r.dueDate;
    case AnsweredRole: return r.answered;
    case TotalRole: return r.total;
    case ScoreRole: return r.score;
    case BandRole: return r.band;
    default: return {};
    }
}

QHash<int, QByteArray> AssignmentModel::roleNames() const
{
    return {{AssessmentIdRole, "assessmentId"}, {SiteNameRole, "siteName"}, {SiteKindRole, "siteKind"}, {StageRole, "stage"},
            {StatusRole, "status"},          {DueDateRole, "dueDate"},   {AnsweredRole, "answered"},  {TotalRole, "total"},
            {ScoreRole, "score"},            {BandRole, "band"}};
}

void AssignmentModel::refresh()
{
    auto* app = AppController::instance();
    if (!app)
        return;
    std::vector<Row> rows;
    auto assessments = app->store().assessments();
    if (assessments) {
        for (const auto& a : *assessments) {
            Row row;
            row.assessmentId = QString::fromStdString(a.id);
            if (auto site = app->store().site(a.siteId)) {
                row.siteName = QString::fromStdString(site->name);
                row.siteKind = siteKindLabel(site->kind);
            }
            row.stage = stageLabel(a.stage);
            row.status = statusLabel(a.status);
            row.dueDate = a.dueDate ? QString::fromStdString(*a.dueDate) : QString();
            const auto* catalog = app->catalogFor(a.catalog.id, a.catalog.version);
            if (catalog) {
                row.total = static_cast<int>(catalog->indicators.size());
                if (auto values = app->store().assessmentValues(a.id)) {
                    if (auto result = scoring::score(*catalog, *values)) {
                        row.answered = static_cast<int>(result->completeness.answered + result->completeness.notApplicable);
                        row.score = QString::fromStdString(result->total.toString());
                        row.band = result->band ? QString::fromStdString(catalog->bands[*result->band].name.in(app->lang()))
                                                : tr("not certified");
                    }
                }
            }
            rows.push_back(std::move(row));
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

}  // namespace igmc::client
