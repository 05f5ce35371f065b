// The device's position for stamping observations and evidence, when a fix exists. Works without
// one (no GPS, indoors, CI): then records carry no location and the UI says so.
// SPDX-License-Identifier: Apache-2.0
#pragma once

// moc needs none of the core headers (and its parser trips on C++20 standard headers).
#ifndef Q_MOC_RUN
#include "store/records.hpp"
#endif


#include <QGeoPositionInfo>
#include <QObject>

#include <optional>

class QGeoPositionInfoSource;

namespace igmc::client {

class PositionService : public QObject {
    Q_OBJECT
public:
    static PositionService& instance();

    [[nodiscard]] std::optional<store::GeoPoint> lastFix() const;
    [[nodiscard]] bool available() const { return m_source != nullptr; }
    // "39.12340, 117.76540 ± 8 m", or a sentence saying there is no fix.
    [[nodiscard]] QString describe() const;

signals:
    void changed();

private:
    PositionService();
    QGeoPositionInfoSource* m_source = nullptr;
    QGeoPositionInfo m_last;
};

}  // namespace igmc::client
