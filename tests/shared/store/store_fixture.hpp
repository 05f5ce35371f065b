// A store in a temp directory, with helpers that create the records most tests need.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/ids.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

namespace igmc::store::test {

inline Observation numberObservation(const std::string& assessmentId, const std::string& code, const char* value,
                                     std::optional<std::string> parent = std::nullopt)
{
    Observation o;
    o.parentId = std::move(parent);
    o.assessmentId = assessmentId;
    o.indicatorCode = code;
    o.value = scoring::Value{*Decimal::parse(value)};
    o.unit = "µg/m³";
    o.method = "fixed monitor";
    o.note = "annual mean";
    o.observedAt = "2026-11-20T09:30:00Z";
    o.location = GeoPoint{39.1, 117.7, 8.0};
    o.inspector = "inspector-1";
    return o;
}

// The same made on another device, as a pull or a push brings it: its own id, device and clock.
inline Observation remoteObservation(const std::string& assessmentId, const std::string& code, const char* value, const std::string& deviceId,
                                     const std::string& hlc, std::optional<std::string> parent = std::nullopt)
{
    auto o = numberObservation(assessmentId, code, value, std::move(parent));
    o.id = newUuidV7();
    o.deviceId = deviceId;
    o.hlc = hlc;
    return o;
}

class StoreFixture : public testing::Test {
protected:
    void SetUp() override
    {
        auto opened = Store::open(m_dir.path("store.sqlite"));
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(opened).value();
        Partner partner;
        partner.name = "Tianjin Eco-City Administrative Committee";
        partner.profile = {registry::PartnerType::LocalGovernment, "park_committee", 70'000, false, registry::CountryGroup::None};
        partner.country = "CN";
        m_partner = *m_store->addPartner(partner);
        Site site;
        site.partnerId = m_partner.id;
        site.name = "Sino-Singapore Tianjin Eco-City";
        site.kind = SiteKind::City;
        site.location = GeoPoint{39.12, 117.75, std::nullopt};
        m_site = *m_store->addSite(site);
        Assessment assessment;
        assessment.siteId = m_site.id;
        assessment.catalog = {"igmc-3.0-city", "3.0.0-ref.1"};
        m_assessment = *m_store->addAssessment(assessment);
    }

    igmc::test::TempDir m_dir;
    std::unique_ptr<Store> m_store;
    Partner m_partner;
    Site m_site;
    Assessment m_assessment;
};

}  // namespace igmc::store::test
