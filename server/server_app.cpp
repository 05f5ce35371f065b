// SPDX-License-Identifier: Apache-2.0
#include "server_app.hpp"

#include "log/json_log.hpp"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

namespace igmc::server {

namespace fs = std::filesystem;

ServerApp::ServerApp(ServerConfig config, std::unique_ptr<SqliteCentralStore> store, std::unique_ptr<BlobUploads> blobs)
    : m_config(std::move(config)), m_store(std::move(store)), m_blobs(std::move(blobs)), m_api{*m_store, *m_blobs, m_metrics, {}, nullptr}
{
}

ServerApp::~ServerApp()
{
    stop();
}

Result<std::unique_ptr<ServerApp>> ServerApp::open(const ServerConfig& config)
{
    std::error_code ec;
    fs::create_directories(config.dataDir, ec);
    if (ec)
        return makeError(ErrorCode::IoError, "cannot create the data folder: " + ec.message(), config.dataDir);
    CentralStoreOptions options;
    options.maxClockSkew = std::chrono::hours(config.maxClockSkewHours);
    auto store = SqliteCentralStore::open(config.dataDir + "/central.sqlite", options);
    if (!store)
        return store.error();
    auto blobs = evidence::BlobStore::open(config.dataDir + "/blobs");
    if (!blobs)
        return blobs.error();
    auto uploads = std::make_unique<BlobUploads>(std::move(blobs).value(), config.maxBlobBytes);
    return std::unique_ptr<ServerApp>(new ServerApp(config, std::move(store).value(), std::move(uploads)));
}

Result<std::optional<std::string>> ServerApp::bootstrapAdmin()
{
    auto has = m_store->hasAdmin();
    if (!has)
        return has.error();
    if (*has)
        return std::optional<std::string>{};
    auto code = m_store->createEnrollmentCode(Role::Admin, {}, "bootstrap admin", std::chrono::hours(24 * 7));
    if (!code)
        return code.error();
    const auto path = m_config.dataDir + "/admin-enrollment-code.txt";
    {
        std::ofstream out(path, std::ios::trunc);
        out << *code << "\n";
    }
    ::chmod(path.c_str(), 0600);
    return std::optional<std::string>(*code);
}

Result<DemoSetup> ServerApp::seedDemo()
{
    DemoSetup demo;
    auto existing = m_store->store().assessments();
    if (!existing)
        return existing.error();
    if (existing->empty()) {
        store::Partner partner;
        partner.name = "Sino-Singapore Tianjin Eco-City Administrative Committee";
        partner.nameZh = "中新天津生态城管理委员会";
        partner.profile = {registry::PartnerType::LocalGovernment, "park_committee", 70'000, false, registry::CountryGroup::None};
        partner.country = "CN";
        auto p = m_store->addPartner(partner);
        if (!p)
            return p.error();
        store::Site site;
        site.partnerId = p->id;
        site.name = "Sino-Singapore Tianjin Eco-City";
        site.kind = store::SiteKind::City;
        site.location = store::GeoPoint{39.12, 117.75, std::nullopt};
        site.population = 70'000;
        site.areaKm2 = 30.0;
        auto s = m_store->addSite(site);
        if (!s)
            return s.error();
        store::Assessment assessment;
        assessment.siteId = s->id;
        assessment.catalog = {"igmc-3.0-city", "3.0.0-ref.1"};
        assessment.stage = scoring::Stage::Existing;
        assessment.status = store::AssessmentStatus::Fieldwork;
        assessment.dueDate = "2026-12-18";
        auto a = m_store->addAssessment(assessment);
        if (!a)
            return a.error();
        if (auto assigned = m_store->assign({a->id, "demo-inspector", ""}); !assigned)
            return assigned.error();
        demo.assessmentId = a->id;
    } else {
        demo.assessmentId = existing->front().id;
    }
    Scope scope;
    scope.inspector = "demo-inspector";
    auto code = m_store->createEnrollmentCode(Role::Inspector, scope, "demo inspector", std::chrono::hours(72));
    if (!code)
        return code.error();
    demo.inspectorCode = *code;
    std::ofstream(m_config.dataDir + "/demo-enrollment-code.txt", std::ios::trunc) << *code << "\n";
    return demo;
}

Result<unsigned short> ServerApp::start()
{
    auto options = m_config.http;
    m_http = std::make_unique<HttpServer>(m_api, options);
    return m_http->start();
}

void ServerApp::stop()
{
    if (m_http)
        m_http->stop();
}

void ServerApp::wait()
{
    if (m_http)
        m_http->wait();
}

}  // namespace igmc::server
