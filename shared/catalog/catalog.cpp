// SPDX-License-Identifier: Apache-2.0
#include "catalog/catalog.hpp"

namespace igmc::catalog {

std::string_view toString(Edition edition)
{
    return edition == Edition::City ? "city" : "community";
}

std::string_view toString(ValueType type)
{
    switch (type) {
    case ValueType::Number: return "number";
    case ValueType::Percent: return "percent";
    case ValueType::Boolean: return "boolean";
    case ValueType::Level: return "level";
    case ValueType::Checklist: return "checklist";
    }
    return "number";
}

std::string_view toString(Direction direction)
{
    return direction == Direction::Higher ? "higher" : "lower";
}

std::string_view toString(NaPolicy policy)
{
    switch (policy) {
    case NaPolicy::Rescale: return "rescale";
    case NaPolicy::Zero: return "zero";
    case NaPolicy::Forbidden: return "forbidden";
    }
    return "rescale";
}

std::string_view toString(EvidenceKind kind)
{
    switch (kind) {
    case EvidenceKind::Photo: return "photo";
    case EvidenceKind::Document: return "document";
    case EvidenceKind::Measurement: return "measurement";
    }
    return "document";
}

std::string_view toString(RuleKind kind)
{
    switch (kind) {
    case RuleKind::Bands: return "bands";
    case RuleKind::Linear: return "linear";
    case RuleKind::Boolean: return "boolean";
    case RuleKind::Levels: return "levels";
    case RuleKind::Checklist: return "checklist";
    }
    return "boolean";
}

const Indicator* Catalog::findIndicator(std::string_view code) const
{
    const auto index = indicatorIndex(code);
    return index ? &indicators[*index] : nullptr;
}

std::optional<std::size_t> Catalog::indicatorIndex(std::string_view code) const
{
    const auto it = indicatorByCode.find(std::string(code));
    if (it == indicatorByCode.end())
        return std::nullopt;
    return it->second;
}

std::optional<std::size_t> Catalog::bandFor(Points total) const
{
    for (std::size_t i = 0; i < bands.size(); ++i) {
        if (total >= bands[i].minPoints)
            return i;
    }
    return std::nullopt;
}

}  // namespace igmc::catalog
