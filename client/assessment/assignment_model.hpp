// The assessments on this device (the inspector's assignments), with site, stage, due date, progress
// and the live score. Refreshes when records change.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

#include <vector>

namespace igmc::client {

class AssignmentModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        AssessmentIdRole = Qt::UserRole + 1,
        SiteNameRole,
        SiteKindRole,
        StageRole,
        StatusRole,
        DueDateRole,
        AnsweredRole,
        TotalRole,
        ScoreRole,
        BandRole,
    };
    Q_ENUM(Roles)

    explicit AssignmentModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Q_INVOKABLE void refresh();

signals:
    void countChanged();

private:
    struct Row {
        QString assessmentId, siteName, siteKind, stage, status, dueDate, score, band;
        int answered = 0;
        int total = 0;
    };
    std::vector<Row> m_rows;
};

}  // namespace igmc::client
