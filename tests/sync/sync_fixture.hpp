// A real igmc server on 127.0.0.1 (in-process) and field devices with their own stores, enrolled
// through the API, for end-to-end sync tests.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "client/sync_engine.hpp"
#include "core/ids.hpp"
#include "server_app.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace igmc::sync::test {

struct TestDevice {
    std::unique_ptr<store::Store> store;
    std::unique_ptr<evidence::BlobStore> blobs;

    SyncEngine engine(const std::string& url, SyncOptions options = {})
    {
        options.serverUrl = url;
        options.initialBackoff = std::chrono::milliseconds(20);
        options.maxBackoff = std::chrono::milliseconds(200);
        options.maxAttempts = 4;
        options.requestTimeout = std::chrono::milliseconds(5'000);
        return SyncEngine(*store, *blobs, options);
    }

    // Keeps `photo` as a JPEG of the observation, as the app does when one is taken: its SHA-256,
    // or none when the device could not keep it.
    std::optional<std::string> attachPhoto(const std::string& observationId, const std::string& photo)
    {
        auto sha = blobs->put(photo);
        if (!sha)
            return std::nullopt;
        store::Evidence e;
        e.sha256 = *sha;
        e.mediaType = "image/jpeg";
        e.sizeBytes = static_cast<std::int64_t>(photo.size());
        e.observationIds = {observationId};
        if (!store->addEvidence(e))
            return std::nullopt;
        return *sha;
    }
};

class SyncEndToEnd : public testing::Test {
protected:
    void SetUp() override
    {
        server::ServerConfig config;
        config.dataDir = m_dir.path("server");
        config.http.port = 0;
        config.http.logRequests = false;
        auto app = server::ServerApp::open(config);
        ASSERT_TRUE(app) << app.error().message;
        m_server = std::move(app).value();
        auto demo = m_server->seedDemo();
        ASSERT_TRUE(demo) << demo.error().message;
        m_assessmentId = demo->assessmentId;
        m_demo = *demo;
        auto port = m_server->start();
        ASSERT_TRUE(port) << port.error().message;
        m_url = "http://127.0.0.1:" + std::to_string(*port);
    }

    void TearDown() override { m_server->stop(); }

    TestDevice device(const std::string& name, server::Role role = server::Role::Inspector)
    {
        TestDevice d;
        auto opened = store::Store::open(m_dir.path(name + ".sqlite"));
        EXPECT_TRUE(opened) << opened.error().message;
        d.store = std::move(opened).value();
        auto blobs = evidence::BlobStore::open(m_dir.path(name + ".blobs"));
        EXPECT_TRUE(blobs);
        d.blobs = std::make_unique<evidence::BlobStore>(std::move(blobs).value());
        server::Scope scope;
        scope.inspector = "demo-inspector";
        auto code = m_server->store().createEnrollmentCode(role, scope, name, std::chrono::hours(1));
        EXPECT_TRUE(code);
        auto engine = d.engine(m_url);
        auto enrolled = engine.enroll(*code, name);
        EXPECT_TRUE(enrolled) << enrolled.error().message;
        return d;
    }

    static store::Observation observation(const std::string& assessmentId, const std::string& code, const char* value,
                                          std::optional<std::string> parent = std::nullopt)
    {
        store::Observation o;
        o.parentId = std::move(parent);
        o.assessmentId = assessmentId;
        o.indicatorCode = code;
        o.value = scoring::Value{*Decimal::parse(value)};
        o.observedAt = "2026-11-20T09:30:00Z";
        o.inspector = "demo-inspector";
        return o;
    }

    // 300 versions of 6 indicators (EN4.0-EN4.5), each an edit of the one before, recorded on `d`
    // and pushed: applied out of order, an edit would miss its parent.
    void recordChains(TestDevice& d)
    {
        std::vector<store::Observation> versions;
        for (int i = 0; i < 300; ++i) {
            versions.push_back(observation(m_assessmentId, "EN4." + std::to_string(i % 6), "1"));
            versions.back().id = newUuidV7();
            if (i >= 6)
                versions.back().parentId = versions[static_cast<std::size_t>(i - 6)].id;
        }
        ASSERT_TRUE(d.store->recordObservations(versions));
        ASSERT_TRUE(d.engine(m_url).run());
    }

    std::int64_t serverCount(const std::string& sql)
    {
        auto stmt = m_server->store().store().database().prepare(sql);
        EXPECT_TRUE(stmt && *stmt->step());
        return stmt->integer(0);
    }

    igmc::test::TempDir m_dir;
    std::unique_ptr<server::ServerApp> m_server;
    std::string m_url;
    std::string m_assessmentId;
    server::DemoSetup m_demo;
};

}  // namespace igmc::sync::test
