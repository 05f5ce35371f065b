// The observation record the sync benchmarks push: the workload of about 300 bytes of JSON
// (indicator, value, unit, a one-sentence note, timestamp, inspector, location). Record `i` is one
// of 336 indicators (i mod 336), so records 336 apart are versions of the same indicator.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "store/records.hpp"

#include <cstdint>
#include <string>

namespace igmc::test {

inline store::Observation benchObservation(const std::string& assessmentId, int i)
{
    store::Observation o;
    o.assessmentId = assessmentId;
    o.indicatorCode = "EN" + std::to_string(1 + i % 3) + "." + std::to_string(i % 112);
    o.value = scoring::Value{Decimal::fromMicros(31'500'000 + i)};
    o.unit = "µg/m³";
    o.method = "fixed monitor";
    o.note = "Annual mean from the district monitoring station, checked on site.";
    o.observedAt = "2026-11-20T09:30:00Z";
    o.location = store::GeoPoint{39.1234, 117.7654, 6.5};
    o.inspector = "demo-inspector";
    return o;
}

// Record `i` as a device pushes it: its own id, the device, an HLC `i` ms after a fixed moment
// (with `counter`, so that devices pushing at once stamp differently) and a fixed receipt time.
inline store::Observation benchVersion(const std::string& assessmentId, int i, std::string deviceId, std::uint32_t counter = 0)
{
    auto o = benchObservation(assessmentId, i);
    o.id = newUuidV7();
    o.deviceId = std::move(deviceId);
    o.hlc = HlcTimestamp{1'795'000'000'000ULL + static_cast<std::uint64_t>(i), counter}.toString();
    o.recordedAt = "2026-11-20T09:30:01.000Z";
    return o;
}

}  // namespace igmc::test
