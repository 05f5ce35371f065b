// SPDX-License-Identifier: Apache-2.0
#include "assessment/labels.hpp"

#include <QCoreApplication>

namespace igmc::client {

namespace {

// The translation context for these labels (lupdate reads Labels::tr calls).
class Labels {
    Q_DECLARE_TR_FUNCTIONS(Labels)
};

}  // namespace

QString stageLabel(scoring::Stage stage)
{
    return stage == scoring::Stage::Planning ? Labels::tr("Planning stage (projected values)") : Labels::tr("Existing (measured values)");
}

QString statusLabel(store::AssessmentStatus status)
{
    switch (status) {
    case store::AssessmentStatus::Draft: return Labels::tr("Draft");
    case store::AssessmentStatus::Fieldwork: return Labels::tr("Fieldwork");
    case store::AssessmentStatus::Submitted: return Labels::tr("Submitted");
    case store::AssessmentStatus::UnderReview: return Labels::tr("Under review");
    case store::AssessmentStatus::Certified: return Labels::tr("Certified");
    case store::AssessmentStatus::NotCertified: return Labels::tr("Not certified");
    }
    return {};
}

QString siteKindLabel(store::SiteKind kind)
{
    switch (kind) {
    case store::SiteKind::City: return Labels::tr("City");
    case store::SiteKind::District: return Labels::tr("District");
    case store::SiteKind::Town: return Labels::tr("Town");
    case store::SiteKind::Community: return Labels::tr("Community");
    case store::SiteKind::IndustrialPark: return Labels::tr("Industrial park");
    case store::SiteKind::PlanningProject: return Labels::tr("Planning-stage project");
    }
    return {};
}

QString indicatorStatusLabel(scoring::IndicatorStatus status)
{
    switch (status) {
    case scoring::IndicatorStatus::Scored: return Labels::tr("Recorded");
    case scoring::IndicatorStatus::Missing: return Labels::tr("Missing");
    case scoring::IndicatorStatus::NotApplicableExcluded: return Labels::tr("N/A (points shared in the category)");
    case scoring::IndicatorStatus::NotApplicableZero: return Labels::tr("N/A (scores 0)");
    }
    return {};
}

QString directionLabel(catalog::Direction direction)
{
    return direction == catalog::Direction::Higher ? Labels::tr("higher is better") : Labels::tr("lower is better");
}

QString typeLabel(catalog::ValueType type)
{
    switch (type) {
    case catalog::ValueType::Number: return Labels::tr("number");
    case catalog::ValueType::Percent: return Labels::tr("percentage");
    case catalog::ValueType::Boolean: return Labels::tr("yes / no");
    case catalog::ValueType::Level: return Labels::tr("level");
    case catalog::ValueType::Checklist: return Labels::tr("checklist");
    }
    return {};
}

QString ruleDescription(const catalog::Indicator& indicator, catalog::Lang lang)
{
    using catalog::RuleKind;
    const auto& rule = indicator.rule;
    const bool higher = indicator.direction == catalog::Direction::Higher;
    const QString unit = indicator.unit.empty() ? QString() : " " + QString::fromStdString(indicator.unit);
    const auto num = [](const Decimal& d) { return QString::fromStdString(d.toString()); };
    const auto pts = [](const Points& p) { return QString::fromStdString(p.toString()); };
    QStringList parts;
    switch (rule.kind) {
    case RuleKind::Bands:
        for (const auto& band : rule.bands)
            parts << Labels::tr("%1 %2%3 earns %4").arg(higher ? "≥" : "≤", num(band.threshold), unit, pts(band.points));
        return parts.join(" · ");
    case RuleKind::Linear:
        return Labels::tr("0 points at %1 %2%3, full points at %4 %5%3, in proportion between")
            .arg(higher ? "≤" : "≥", num(rule.floor), unit, higher ? "≥" : "≤", num(rule.target));
    case RuleKind::Boolean: return Labels::tr("Yes earns full points, no earns 0");
    case RuleKind::Levels:
        for (const auto& level : rule.levels)
            parts << QString::fromStdString(level.name.in(lang)) + " → " + pts(level.points);
        return parts.join(" · ");
    case RuleKind::Checklist:
        return rule.minItems > 0 ? Labels::tr("Points in proportion to the %1 items met; fewer than %2 items earn 0").arg(rule.items.size()).arg(rule.minItems)
                                 : Labels::tr("Points in proportion to the %1 items met").arg(rule.items.size());
    }
    return {};
}

}  // namespace igmc::client
