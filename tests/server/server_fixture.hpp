// An in-memory-ish central store (temp dir) with an admin, two inspectors, a trainer and a kiosk,
// and helpers to call the API as a plain function.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/ids.hpp"
#include "http/api.hpp"
#include "store/record_json.hpp"
#include "storage/sqlite_central_store.hpp"
#include "support/temp_dir.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace igmc::server::test {

namespace http = boost::beast::http;

class ApiFixture : public testing::Test {
protected:
    void SetUp() override
    {
        auto opened = SqliteCentralStore::open(m_dir.path("central.sqlite"), storeOptions());
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(opened).value();
        auto blobs = evidence::BlobStore::open(m_dir.path("blobs"));
        ASSERT_TRUE(blobs);
        m_blobs = std::make_unique<BlobUploads>(std::move(blobs).value(), 1024 * 1024);
        m_api = std::make_unique<ApiContext>(ApiContext{*m_store, *m_blobs, m_metrics, {}, nullptr});

        store::Partner partner;
        partner.name = "Huangpu District";
        partner.profile = {registry::PartnerType::LocalGovernment, "district_government", 649'000, false, registry::CountryGroup::None};
        partner.country = "CN";
        m_partner = *m_store->addPartner(partner);
        store::Site site;
        site.partnerId = m_partner.id;
        site.name = "Huangpu";
        site.kind = store::SiteKind::District;
        m_site = *m_store->addSite(site);
        for (auto* target : {&m_assessment, &m_otherAssessment}) {
            store::Assessment a;
            a.siteId = m_site.id;
            a.catalog = {"igmc-3.0-community", "3.0.0-ref.1"};
            a.status = store::AssessmentStatus::Fieldwork;
            *target = *m_store->addAssessment(a);
        }
        ASSERT_TRUE(m_store->assign({m_assessment.id, "li.wei", ""}));
        m_admin = enroll(Role::Admin, {});
        m_reviewer = enroll(Role::Reviewer, {});
        Scope inspector;
        inspector.inspector = "li.wei";
        m_inspector = enroll(Role::Inspector, inspector);
        Scope trainer;
        trainer.partnerId = m_partner.id;
        m_trainer = enroll(Role::Trainer, trainer);
        Scope kiosk;
        kiosk.siteId = m_site.id;
        m_kiosk = enroll(Role::Kiosk, kiosk);
    }

    virtual CentralStoreOptions storeOptions() const { return {}; }

    std::string enroll(Role role, const Scope& scope)
    {
        auto code = m_store->createEnrollmentCode(role, scope, "test", std::chrono::hours(1));
        EXPECT_TRUE(code);
        auto enrolled = m_store->enroll(*code, std::string(toString(role)));
        EXPECT_TRUE(enrolled) << enrolled.error().message;
        return enrolled->token;
    }

    Response call(http::verb method, const std::string& target, const std::string& token = {}, std::string body = {},
                  std::initializer_list<std::pair<std::string, std::string>> headers = {})
    {
        Request request{method, target, 11};
        if (!token.empty())
            request.set(http::field::authorization, "Bearer " + token);
        for (const auto& [name, value] : headers)
            request.set(name, value);
        request.body() = std::move(body);
        request.prepare_payload();
        return handleRequest(request, *m_api);
    }

    static boost::json::value json(const Response& response) { return boost::json::parse(response.body()); }

    std::int64_t opCount()
    {
        auto stmt = m_store->store().database().prepare("SELECT count(*) FROM sync_ops");
        EXPECT_TRUE(stmt && *stmt->step());
        return stmt->integer(0);
    }

    // A version authored by `author`: the device id the pushing device's store gives its records.
    std::string observationOp(const std::string& assessmentId, const std::string& opId, const std::string& observationId,
                              const std::string& hlc = "1795000000000.000001", const std::string& author = "device-a")
    {
        store::Observation o;
        o.id = observationId;
        o.assessmentId = assessmentId;
        o.indicatorCode = "EN1.1";
        o.value = scoring::Value{*Decimal::parse("31.5")};
        o.observedAt = "2026-11-20T09:30:00Z";
        o.inspector = "li.wei";
        o.deviceId = author;
        o.hlc = hlc;
        o.recordedAt = "2026-11-20T09:30:01.000Z";
        sync::PushRequest request;
        request.ops.push_back({opId, "", hlc, "observation", observationId, "create", store::toJson(o), 0, {}});
        return sync::encode(request);
    }

    // A new version an admin pushes: authored by the admin's own device, not the inspector's.
    std::string adminVersionOp(const std::string& assessmentId)
    {
        return observationOp(assessmentId, newUuidV7(), newUuidV7(), "1795000000000.000001", "admin-tablet");
    }

    igmc::test::TempDir m_dir;
    std::unique_ptr<SqliteCentralStore> m_store;
    std::unique_ptr<BlobUploads> m_blobs;
    Metrics m_metrics;
    std::unique_ptr<ApiContext> m_api;
    store::Partner m_partner;
    store::Site m_site;
    store::Assessment m_assessment;
    store::Assessment m_otherAssessment;
    std::string m_admin, m_reviewer, m_inspector, m_trainer, m_kiosk;
};

}  // namespace igmc::server::test
