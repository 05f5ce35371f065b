// A whole igmc-server in one object: the central store, evidence uploads, the API and the HTTP
// server. main() runs one; end-to-end tests run one in-process on 127.0.0.1.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "server_config.hpp"
#include "storage/sqlite_central_store.hpp"

#include <memory>
#include <optional>
#include <thread>

namespace igmc::server {

struct DemoSetup {
    std::string inspectorCode;
    std::string kioskCode;    // scoped to the demo site
    std::string trainerCode;  // scoped to the demo partner
    std::string assessmentId;
    std::string siteId;
    std::string partnerId;
    std::string visitId;      // today's planned training day
};

class ServerApp {
public:
    static Result<std::unique_ptr<ServerApp>> open(const ServerConfig& config);
    ~ServerApp();

    // Writes a fresh admin enrollment code to DIR/admin-enrollment-code.txt when no admin exists.
    Result<std::optional<std::string>> bootstrapAdmin();
    // Demo partner, site, assessment and assignment (first time only) and a new inspector code.
    Result<DemoSetup> seedDemo();

    Result<unsigned short> start();
    void stop();
    void wait();
    // The running server's listeners and caps (after start()).
    [[nodiscard]] const HttpServer& http() const { return *m_http; }

    SqliteCentralStore& store() { return *m_store; }
    ApiContext& api() { return m_api; }

private:
    ServerApp(ServerConfig config, std::unique_ptr<SqliteCentralStore> store, std::unique_ptr<BlobUploads> blobs);
    Result<void> seedProgrammeDemo(const store::Partner& partner, const store::Site& site);
    void sweepUntil(std::stop_token stop);

    ServerConfig m_config;
    std::unique_ptr<SqliteCentralStore> m_store;
    std::unique_ptr<BlobUploads> m_blobs;
    Metrics m_metrics;
    ApiContext m_api;
    std::unique_ptr<HttpServer> m_http;
    // Removes expired parked uploads and stale temporary files while the server runs
    // (BlobUploads invariant 5). Declared last: stopped before anything it uses goes.
    std::jthread m_sweeper;
};

}  // namespace igmc::server
