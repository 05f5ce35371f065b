// A pulled op the device cannot apply never stops it for good: the ops after it apply, it is kept
// aside with its reason, and it applies once what it needs arrives. (Invariant numbers:
// sync/client/pulled_aside.hpp.) A proxy keeps one record from the device, as a server that lost
// it, or a device that missed it, would.
// SPDX-License-Identifier: Apache-2.0
#include "client/pulled_aside.hpp"

#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "sync/fault_proxy.hpp"
#include "sync/sync_fixture.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>

namespace igmc::sync {
namespace {

using test::FaultProxy;
using test::SyncEndToEnd;

class PulledAside : public SyncEndToEnd {
protected:
    unsigned short serverPort() const { return static_cast<unsigned short>(std::stoi(m_url.substr(m_url.rfind(':') + 1))); }

    // A proxy that drops the op creating `assessmentId` from every pulled page.
    std::unique_ptr<FaultProxy> withholding(const std::string& assessmentId)
    {
        return std::make_unique<FaultProxy>(
            serverPort(), [](const std::string&) { return std::nullopt; },
            [assessmentId](const std::string& requestHead, std::string& responseHead, std::string& body) {
                if (requestHead.rfind("GET /v1/sync/pull", 0) != 0 || responseHead.rfind("HTTP/1.1 200", 0) != 0)
                    return;
                auto json = boost::json::parse(body);
                auto& ops = json.at("ops").as_array();
                for (auto it = ops.begin(); it != ops.end();) {
                    if (it->at("entity") == "assessment" && it->at("entity_id").as_string() == assessmentId)
                        it = ops.erase(it);
                    else
                        ++it;
                }
                body = boost::json::serialize(json);
            });
    }

    // A new assessment at the demo site, assigned to the demo inspector.
    std::string assignedAssessment()
    {
        store::Assessment a = *m_server->store().store().assessment(m_assessmentId);
        a.id.clear();
        auto added = m_server->store().addAssessment(a);
        EXPECT_TRUE(added) << added.error().message;
        EXPECT_TRUE(m_server->store().assign({added->id, "demo-inspector", ""}));
        return added->id;
    }
};

TEST_F(PulledAside, AnOpNamingARecordTheDeviceLacksIsSetAsideAndTheOpsAfterItApply)
{
    const auto missing = assignedAssessment();
    auto colleague = device("colleague");
    ASSERT_TRUE(colleague.engine(m_url).run());
    const auto theirs = colleague.store->recordObservation(observation(m_assessmentId, "EN1.1", "31.5"));
    ASSERT_TRUE(theirs);
    ASSERT_TRUE(colleague.engine(m_url).run());  // logged after the assignment

    auto tablet = device("tablet");
    const auto proxy = withholding(missing);
    const auto report = tablet.engine(proxy->url()).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_GE(report->setAside, 1);
    EXPECT_EQ(report->stillAside, report->setAside);
    EXPECT_TRUE(tablet.store->observation(theirs->id));  // the op after it applied
    const auto aside = asideOps(*tablet.store);
    ASSERT_TRUE(aside && !aside->empty());
    EXPECT_NE(aside->front().reason.find(missing), std::string::npos) << aside->front().reason;
    // The server knows: an administrator sees the device's last sync and what it keeps aside.
    const auto devices = m_server->store().devices();
    ASSERT_TRUE(devices);
    const auto reported = std::find_if(devices->begin(), devices->end(), [](const server::Device& d) { return d.name == "tablet"; });
    ASSERT_NE(reported, devices->end());
    EXPECT_FALSE(reported->lastSyncAt.empty());
    EXPECT_NE(reported->problemsJson.find(missing), std::string::npos) << reported->problemsJson;
    // Later syncs go on, and try it again each time.
    const auto again = tablet.engine(proxy->url()).run();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->stillAside, report->stillAside);
    EXPECT_GE(asideOps(*tablet.store)->front().attempts, 2);
}

// Invariant 3: once the record it needs is there, the op applies and leaves the list.
TEST_F(PulledAside, AnOpAsideAppliesOnceWhatItNeedsArrives)
{
    const auto missing = assignedAssessment();
    auto tablet = device("tablet");
    const auto proxy = withholding(missing);
    const auto report = tablet.engine(proxy->url()).run();
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_GE(report->stillAside, 1);
    const Op created{newUuidV7(), "", "1795000000000.000001", "assessment", missing, "create",
                     store::toJson(*m_server->store().store().assessment(missing)), 0, {}};
    ASSERT_TRUE(applyOp(*tablet.store, created));
    const auto retried = retryAside(*tablet.store);
    ASSERT_TRUE(retried) << retried.error().message;
    EXPECT_EQ(retried->applied, report->stillAside);
    EXPECT_TRUE(asideOps(*tablet.store)->empty());
    EXPECT_EQ(tablet.store->assignmentsOf("demo-inspector")->size(), 2U);
    // The next sync tells the server all is well again.
    ASSERT_TRUE(tablet.engine(proxy->url()).run());
    const auto devices = m_server->store().devices();
    const auto reported = std::find_if(devices->begin(), devices->end(), [](const server::Device& d) { return d.name == "tablet"; });
    ASSERT_NE(reported, devices->end());
    EXPECT_EQ(reported->problemsJson, "[]");
}

}  // namespace
}  // namespace igmc::sync
