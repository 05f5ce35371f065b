// SPDX-License-Identifier: Apache-2.0
#include "indicator/indicator_models.hpp"

namespace igmc::client {

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case ValueTextRole: return r.valueText;
    case InspectorRole: return r.inspector;
    case ObservedAtRole: return r.observedAt;
    case DeviceRole: return r.device;
    case MethodRole: return r.method;
    case NoteRole: return r.note;
    case HeadRole: return r.head;
    default: return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return {{ValueTextRole, "valueText"}, {InspectorRole, "inspector"}, {ObservedAtRole, "observedAt"}, {DeviceRole, "device"},
            {MethodRole, "method"},       {NoteRole, "note"},           {HeadRole, "head"}};
}

void HistoryModel::setRows(std::vector<HistoryRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QVariant EvidenceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Sha256Role: return r.sha256;
    case FileUrlRole: return r.fileUrl;
    case MediaTypeRole: return r.mediaType;
    case Qt::DisplayRole:
    case NameRole: return r.name;
    case SizeTextRole: return r.sizeText;
    case CapturedAtRole: return r.capturedAt;
    case LocationTextRole: return r.locationText;
    case ImageRole: return r.image;
    default: return {};
    }
}

QHash<int, QByteArray> EvidenceModel::roleNames() const
{
    return {{Sha256Role, "sha256"}, {FileUrlRole, "fileUrl"}, {MediaTypeRole, "mediaType"}, {NameRole, "name"},
            {SizeTextRole, "sizeText"}, {CapturedAtRole, "capturedAt"}, {LocationTextRole, "locationText"}, {ImageRole, "image"}};
}

void EvidenceModel::setRows(std::vector<EvidenceRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    emit countChanged();
}

}  // namespace igmc::client
