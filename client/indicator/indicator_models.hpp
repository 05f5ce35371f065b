// The version history of one indicator and the evidence linked to its current version.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractListModel>
#include <QQmlEngine>

#include <vector>

namespace igmc::client {

struct HistoryRow {
    QString valueText, inspector, observedAt, device, method, note;
    bool head = false;
};

class HistoryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by IndicatorController")
public:
    enum Roles { ValueTextRole = Qt::UserRole + 1, InspectorRole, ObservedAtRole, DeviceRole, MethodRole, NoteRole, HeadRole };
    Q_ENUM(Roles)
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setRows(std::vector<HistoryRow> rows);

private:
    std::vector<HistoryRow> m_rows;
};

struct EvidenceRow {
    QString sha256, fileUrl, mediaType, name, sizeText, capturedAt, locationText;
    bool image = false;
};

class EvidenceModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by IndicatorController")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Roles { Sha256Role = Qt::UserRole + 1, FileUrlRole, MediaTypeRole, NameRole, SizeTextRole, CapturedAtRole, LocationTextRole, ImageRole };
    Q_ENUM(Roles)
    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    void setRows(std::vector<EvidenceRow> rows);

signals:
    void countChanged();

private:
    std::vector<EvidenceRow> m_rows;
};

}  // namespace igmc::client
