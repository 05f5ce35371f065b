// A pulled op the device cannot apply never stops it for good: the ops after it apply, it is kept
// aside with its reason, and it applies once what it needs arrives. (Invariant numbers:
// sync/client/pulled_aside.hpp.)
// SPDX-License-Identifier: Apache-2.0
#include "client/pulled_aside.hpp"

#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "sync/sync_fixture.hpp"

#include <gtest/gtest.h>

namespace igmc::sync {
namespace {

using test::SyncEndToEnd;

class PulledAside : public SyncEndToEnd {
protected:
    // A version of the demo assessment from a colleague's tablet: it moves the cursor of every
    // device that sees the demo assessment past what was logged before it.
    std::string colleagueRecords(test::TestDevice& colleague, const char* value)
    {
        EXPECT_TRUE(colleague.engine(m_url).run());  // it holds the assessment
        const auto version = colleague.store->recordObservation(observation(m_assessmentId, "EN1.1", value));
        EXPECT_TRUE(version);
        EXPECT_TRUE(colleague.engine(m_url).run());
        return version->id;
    }

    // An assessment at the demo site that the demo inspector is not assigned to.
    std::string otherAssessment()
    {
        auto demo = m_server->store().store().assessment(m_assessmentId);
        store::Assessment other = *demo;
        other.id.clear();
        auto added = m_server->store().addAssessment(other);
        EXPECT_TRUE(added) << added.error().message;
        return added->id;
    }
};

// The reassigned tablet of issue 21: an assignment to an assessment the tablet never received
// used to fail every sync after it ("no assessment with id …").
TEST_F(PulledAside, AnOpNamingARecordTheDeviceLacksIsSetAsideAndTheOpsAfterItApply)
{
    const auto existing = otherAssessment();
    auto colleague = device("colleague");
    colleagueRecords(colleague, "30");
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());  // its cursor is past the other assessment's creation
    ASSERT_TRUE(m_server->store().assign({existing, "demo-inspector", ""}));
    const auto theirs = colleagueRecords(colleague, "31.5");  // logged after the assignment

    const auto report = tablet.engine(m_url).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_GE(report->setAside, 1);
    EXPECT_EQ(report->stillAside, report->setAside);
    EXPECT_TRUE(tablet.store->observation(theirs));  // the op after it applied
    const auto aside = asideOps(*tablet.store);
    ASSERT_TRUE(aside && !aside->empty());
    EXPECT_NE(aside->front().reason.find(existing), std::string::npos) << aside->front().reason;
    // Later syncs go on, and try it again each time.
    const auto again = tablet.engine(m_url).run();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->stillAside, report->stillAside);
    EXPECT_GE(asideOps(*tablet.store)->front().attempts, 2);
}

// Invariant 3: once the record it needs is there, the op applies and leaves the list.
TEST_F(PulledAside, AnOpAsideAppliesOnceWhatItNeedsArrives)
{
    const auto existing = otherAssessment();
    auto colleague = device("colleague");
    colleagueRecords(colleague, "30");
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    ASSERT_TRUE(m_server->store().assign({existing, "demo-inspector", ""}));
    const auto report = tablet.engine(m_url).run();
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_GE(report->stillAside, 1);
    // The assessment reaches the device (here by hand; a scope backfill brings it in sync).
    const Op created{newUuidV7(), "", "1795000000000.000001", "assessment", existing, "create",
                     store::toJson(*m_server->store().store().assessment(existing)), 0, {}};
    ASSERT_TRUE(applyOp(*tablet.store, created));
    const auto retried = retryAside(*tablet.store);
    ASSERT_TRUE(retried) << retried.error().message;
    EXPECT_EQ(retried->applied, report->stillAside);
    EXPECT_TRUE(asideOps(*tablet.store)->empty());
    EXPECT_TRUE(tablet.store->assignmentsOf("demo-inspector")->size() >= 2);
}

}  // namespace
}  // namespace igmc::sync
