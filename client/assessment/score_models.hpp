// List models behind the assessment overview: categories (grouped by dimension), the gap to the
// next band, and the indicators of one category. Plain rows computed by AssessmentController.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

#include <vector>

namespace igmc::client {

struct CategoryRow {
    QString code, name, dimensionCode, dimensionName, dimensionScore, score, max;
    int answered = 0;
    int total = 0;
};

class CategoryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by AssessmentController")
public:
    enum Roles { CodeRole = Qt::UserRole + 1, NameRole, DimensionCodeRole, DimensionNameRole, DimensionScoreRole, ScoreRole, MaxRole, AnsweredRole, TotalRole };
    Q_ENUM(Roles)
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setRows(std::vector<CategoryRow> rows);

private:
    std::vector<CategoryRow> m_rows;
};

struct GapRow {
    QString code, name, available;
    bool inMinimalSet = false;
    bool missing = false;
};

class GapModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by AssessmentController")
public:
    enum Roles { CodeRole = Qt::UserRole + 1, NameRole, AvailableRole, InMinimalSetRole, MissingRole };
    Q_ENUM(Roles)
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setRows(std::vector<GapRow> rows);

private:
    std::vector<GapRow> m_rows;
};

struct IndicatorRow {
    QString code, name, valueText, statusText, score, max;
    bool answered = false;
    bool conflict = false;
};

class IndicatorListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by AssessmentController")
public:
    enum Roles { CodeRole = Qt::UserRole + 1, NameRole, ValueTextRole, StatusTextRole, ScoreRole, MaxRole, AnsweredRole, ConflictRole };
    Q_ENUM(Roles)
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setRows(std::vector<IndicatorRow> rows);

private:
    std::vector<IndicatorRow> m_rows;
};

}  // namespace igmc::client
