// SPDX-License-Identifier: Apache-2.0
#include "assessment/score_models.hpp"

namespace igmc::client {

namespace {

// Replaces rows in place when the shape is unchanged (views keep their scroll position), else resets.
template <typename Model, typename Row>
void replaceRows(Model& model, std::vector<Row>& current, std::vector<Row> rows, auto&& beginReset, auto&& endReset, auto&& changed)
{
    if (rows.size() == current.size() && !rows.empty()) {
        current = std::move(rows);
        changed(model.index(0), model.index(static_cast<int>(current.size()) - 1));
        return;
    }
    beginReset();
    current = std::move(rows);
    endReset();
}

}  // namespace

QVariant CategoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case CodeRole: return r.code;
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case DimensionCodeRole: return r.dimensionCode;
    case DimensionNameRole: return r.dimensionName;
    case DimensionScoreRole: return r.dimensionScore;
    case ScoreRole: return r.score;
    case MaxRole: return r.max;
    case AnsweredRole: return r.answered;
    case TotalRole: return r.total;
    default: return {};
    }
}

QHash<int, QByteArray> CategoryModel::roleNames() const
{
    return {{CodeRole, "code"},   {NameRole, "name"}, {DimensionCodeRole, "dimensionCode"}, {DimensionNameRole, "dimensionName"},
            {DimensionScoreRole, "dimensionScore"}, {ScoreRole, "score"}, {MaxRole, "max"}, {AnsweredRole, "answered"}, {TotalRole, "total"}};
}

void CategoryModel::setRows(std::vector<CategoryRow> rows)
{
    replaceRows(*this, m_rows, std::move(rows), [this] { beginResetModel(); }, [this] { endResetModel(); },
                [this](const QModelIndex& a, const QModelIndex& b) { emit dataChanged(a, b); });
}

QVariant GapModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case CodeRole: return r.code;
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case AvailableRole: return r.available;
    case InMinimalSetRole: return r.inMinimalSet;
    case MissingRole: return r.missing;
    default: return {};
    }
}

QHash<int, QByteArray> GapModel::roleNames() const
{
    return {{CodeRole, "code"}, {NameRole, "name"}, {AvailableRole, "available"}, {InMinimalSetRole, "inMinimalSet"}, {MissingRole, "missing"}};
}

void GapModel::setRows(std::vector<GapRow> rows)
{
    replaceRows(*this, m_rows, std::move(rows), [this] { beginResetModel(); }, [this] { endResetModel(); },
                [this](const QModelIndex& a, const QModelIndex& b) { emit dataChanged(a, b); });
}

QVariant IndicatorListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case CodeRole: return r.code;
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case ValueTextRole: return r.valueText;
    case StatusTextRole: return r.statusText;
    case ScoreRole: return r.score;
    case MaxRole: return r.max;
    case AnsweredRole: return r.answered;
    case ConflictRole: return r.conflict;
    default: return {};
    }
}

QHash<int, QByteArray> IndicatorListModel::roleNames() const
{
    return {{CodeRole, "code"},   {NameRole, "name"}, {ValueTextRole, "valueText"}, {StatusTextRole, "statusText"},
            {ScoreRole, "score"}, {MaxRole, "max"},   {AnsweredRole, "answered"},   {ConflictRole, "conflict"}};
}

void IndicatorListModel::setRows(std::vector<IndicatorRow> rows)
{
    replaceRows(*this, m_rows, std::move(rows), [this] { beginResetModel(); }, [this] { endResetModel(); },
                [this](const QModelIndex& a, const QModelIndex& b) { emit dataChanged(a, b); });
}

}  // namespace igmc::client
