// SPDX-License-Identifier: Apache-2.0
#include "platform/position_service.hpp"

#include <QGeoPositionInfoSource>

namespace igmc::client {

PositionService& PositionService::instance()
{
    static PositionService service;
    return service;
}

PositionService::PositionService()
{
    m_source = QGeoPositionInfoSource::createDefaultSource(this);
    if (!m_source)
        return;
    connect(m_source, &QGeoPositionInfoSource::positionUpdated, this, [this](const QGeoPositionInfo& info) {
        if (info.isValid()) {
            m_last = info;
            emit changed();
        }
    });
    m_source->setUpdateInterval(10'000);
    m_source->startUpdates();
}

std::optional<store::GeoPoint> PositionService::lastFix() const
{
    if (!m_last.isValid())
        return std::nullopt;
    store::GeoPoint point{m_last.coordinate().latitude(), m_last.coordinate().longitude(), std::nullopt};
    if (m_last.hasAttribute(QGeoPositionInfo::HorizontalAccuracy))
        point.accuracyM = m_last.attribute(QGeoPositionInfo::HorizontalAccuracy);
    return point;
}

QString PositionService::describe() const
{
    const auto fix = lastFix();
    if (!fix)
        return m_source ? tr("Waiting for a location fix; records are saved without one meanwhile")
                        : tr("No location on this device; records are saved without one");
    QString text = QString("%1, %2").arg(fix->latitude, 0, 'f', 5).arg(fix->longitude, 0, 'f', 5);
    if (fix->accuracyM)
        text += tr(" ± %1 m").arg(*fix->accuracyM, 0, 'f', 0);
    return text;
}

}  // namespace igmc::client
