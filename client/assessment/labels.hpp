// Translated labels for core enums, in one place.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"
#include "scoring/assessment_values.hpp"
#include "scoring/score_result.hpp"
#include "store/records.hpp"

#include <QString>

namespace igmc::client {

QString stageLabel(scoring::Stage stage);
QString statusLabel(store::AssessmentStatus status);
QString siteKindLabel(store::SiteKind kind);
QString indicatorStatusLabel(scoring::IndicatorStatus status);
QString ruleDescription(const catalog::Indicator& indicator, catalog::Lang lang);
QString directionLabel(catalog::Direction direction);
QString typeLabel(catalog::ValueType type);

}  // namespace igmc::client
