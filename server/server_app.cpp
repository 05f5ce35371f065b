// SPDX-License-Identifier: Apache-2.0
#include "server_app.hpp"

#include "core/private_files.hpp"
#include "net/tls_identity.hpp"

#include "log/json_log.hpp"

#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "survey/survey.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sys/stat.h>

// The shipped survey definitions (shared/survey/data), embedded by CMake (demo_surveys.cpp.in).
extern const char* const kDemoResidentSurvey;
extern const char* const kDemoFeedbackSurvey;

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
    // The central record, its evidence and enrollment codes: private, whatever the umask.
    if (auto made = makePrivateDirectory(config.dataDir); !made)
        return makeError(ErrorCode::IoError, "cannot create the data folder: " + made.error().message, config.dataDir);
    if (!config.http.tlsKeyFile.empty() && !config.allowReadableTlsKey) {
        if (auto private_ = checkKeyIsPrivate(config.http.tlsKeyFile); !private_)
            return private_.error();
    }
    CentralStoreOptions options;
    options.maxClockSkew = std::chrono::hours(config.maxClockSkewHours);
    auto store = SqliteCentralStore::open(config.dataDir + "/central.sqlite", options);
    if (!store)
        return store.error();
    auto blobs = evidence::BlobStore::open(config.dataDir + "/blobs");
    if (!blobs)
        return blobs.error();
    auto uploads = std::make_unique<BlobUploads>(std::move(blobs).value(), config.maxBlobBytes, config.parkedUploads);
    // No upload is in progress yet: every temporary file left over belongs to none.
    const auto swept = uploads->sweep(std::chrono::system_clock::now(), std::chrono::seconds(0));
    if (swept.bytesRemoved > 0)
        logEvent("info", "removed leftover upload files",
                 {{"parked_uploads", std::to_string(swept.parkedRemoved)}, {"bytes", std::to_string(swept.bytesRemoved)}});
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
    // Private from its first byte: never written first and made private after.
    if (auto written = writePrivateFile(m_config.dataDir + "/admin-enrollment-code.txt", *code + "\n"); !written)
        return written.error();
    return std::optional<std::string>(*code);
}

namespace {

constexpr const char* kDemoMaterial =
    "IGMC Standard 3.0 - field guide for the training day (demo material)\n\n"
    "1. The six dimensions and eighteen categories\n2. Measuring an indicator: method, unit, evidence\n"
    "3. Resident surveys: sample size and margin of error\n";

}  // namespace

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
        if (auto programme = seedProgrammeDemo(*p, *s); !programme)
            return programme.error();
    } else {
        demo.assessmentId = existing->front().id;
    }
    auto assessment = m_store->store().assessment(demo.assessmentId);
    if (!assessment)
        return assessment.error();
    auto site = m_store->store().site(assessment->siteId);
    if (!site)
        return site.error();
    demo.siteId = site->id;
    demo.partnerId = site->partnerId.value_or("");
    if (auto visits = m_store->store().trainingVisits(demo.partnerId); visits && !visits->empty())
        demo.visitId = visits->back().id;
    const auto issue = [&](Role role, const Scope& scope, const std::string& label, const std::string& file) -> Result<std::string> {
        auto code = m_store->createEnrollmentCode(role, scope, label, std::chrono::hours(72));
        if (!code)
            return code.error();
        if (auto written = writePrivateFile(m_config.dataDir + "/" + file, *code + "\n"); !written)
            return written.error();
        return *code;
    };
    Scope inspector;
    inspector.inspector = "demo-inspector";
    Scope kiosk;
    kiosk.siteId = demo.siteId;
    Scope trainer;
    trainer.partnerId = demo.partnerId;
    auto inspectorCode = issue(Role::Inspector, inspector, "demo inspector", "demo-enrollment-code.txt");
    auto kioskCode = issue(Role::Kiosk, kiosk, "demo kiosk", "demo-kiosk-code.txt");
    auto trainerCode = issue(Role::Trainer, trainer, "demo trainer", "demo-trainer-code.txt");
    for (const auto* code : {&inspectorCode, &kioskCode, &trainerCode}) {
        if (!*code)
            return code->error();
    }
    demo.inspectorCode = *inspectorCode;
    demo.kioskCode = *kioskCode;
    demo.trainerCode = *trainerCode;
    return demo;
}

// A senior (B) membership, the two shipped surveys, and today's training day with its agenda and
// one material, so every mode of the app has something to show.
Result<void> ServerApp::seedProgrammeDemo(const store::Partner& partner, const store::Site& site)
{
    for (const char* document : {kDemoResidentSurvey, kDemoFeedbackSurvey}) {
        boost::system::error_code ec;
        auto json = boost::json::parse(document, ec);
        if (ec)
            return makeError(ErrorCode::Internal, "an embedded demo survey is not JSON");
        auto definition = survey::definitionOf(json, nowUtcTimestamp());
        if (!definition)
            return definition.error();
        if (auto added = m_store->addSurveyDefinition(*definition); !added)
            return added.error();
    }
    const auto today = todayUtc();
    const auto start = std::chrono::year_month_day(today.year(), std::chrono::January, std::chrono::day(1));
    auto fee = registry::computeFee(partner.profile, registry::Tier::B, 3);
    if (!fee)
        return fee.error();
    store::Membership membership;
    membership.partnerId = partner.id;
    membership.term = registry::termFor(start, 3);
    membership.fee = *fee;
    auto added = m_store->addMembership(membership);
    if (!added)
        return added.error();
    if (auto paid = m_store->recordPayment(added->id, formatDate(start)); !paid)
        return paid.error();
    const std::string material(kDemoMaterial);
    const auto sha = sha256Hex(material);
    if (auto stored = m_blobs->append("", sha, 0, static_cast<std::int64_t>(material.size()), material); !stored)
        return stored.error();
    store::TrainingVisit visit;
    visit.partnerId = partner.id;
    visit.siteId = site.id;
    visit.visitDate = formatDate(today);
    boost::json::object agenda{
        {"sessions", boost::json::array{{{"id", "s1"}, {"time", "09:00"}, {"topic", "IGMC 3.0: dimensions and indicators"}, {"trainer", "Dr Chen Hui"}},
                                        {{"id", "s2"}, {"time", "11:00"}, {"topic", "Evidence in the field app"}, {"trainer", "Anna Müller"}},
                                        {{"id", "s3"}, {"time", "14:00"}, {"topic", "Site walk: Eco-Valley wetland"}, {"trainer", "Dr Chen Hui"}}}},
        {"materials", boost::json::array{{{"name", "IGMC 3.0 field guide (demo).txt"}, {"sha256", sha}, {"media_type", "text/plain"}}}}};
    visit.agendaJson = boost::json::serialize(agenda);
    if (auto planned = m_store->addTrainingVisit(visit); !planned)
        return planned.error();
    return {};
}

Result<unsigned short> ServerApp::start()
{
    auto options = m_config.http;
    m_http = std::make_unique<HttpServer>(m_api, options);
    auto port = m_http->start();
    if (port)
        m_sweeper = std::jthread([this](std::stop_token stop) { sweepUntil(stop); });
    return port;
}

// A temporary file lives for one write (seconds, for the largest blob); one an hour old belongs
// to a write that will not finish. A parked upload is checked a few times within its max age.
void ServerApp::sweepUntil(std::stop_token stop)
{
    constexpr auto kTemporaryAge = std::chrono::hours(1);
    const auto interval = std::clamp<std::chrono::seconds>(m_config.parkedUploads.maxAge / 4, std::chrono::seconds(1), std::chrono::minutes(10));
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, stop, interval, [] { return false; }) && !stop.stop_requested()) {
        const auto swept = m_blobs->sweep(std::chrono::system_clock::now(), kTemporaryAge);
        if (swept.bytesRemoved > 0)
            logEvent("info", "removed expired upload files",
                     {{"parked_uploads", std::to_string(swept.parkedRemoved)}, {"bytes", std::to_string(swept.bytesRemoved)}});
    }
}

void ServerApp::stop()
{
    m_sweeper.request_stop();
    if (m_sweeper.joinable() && m_sweeper.get_id() != std::this_thread::get_id())
        m_sweeper.join();
    if (m_http)
        m_http->stop();
}

void ServerApp::wait()
{
    if (m_http)
        m_http->wait();
}

}  // namespace igmc::server
