// Sync follows a device as what it may see grows: its next pull brings what became visible, with
// the records it depends on and its earlier history, whatever its cursor, and nothing it may not
// see (sync/README.md, "Scope changes").
// SPDX-License-Identifier: Apache-2.0
#include "client/pulled_aside.hpp"

#include "sync/sync_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace igmc::sync {
namespace {

using test::SyncEndToEnd;

class ScopeChange : public SyncEndToEnd {
protected:
    // A device enrolled with `scope` (the fixture's device() enrolls the demo inspector).
    test::TestDevice enrolled(const std::string& name, server::Role role, const server::Scope& scope)
    {
        test::TestDevice d;
        d.store = std::move(store::Store::open(m_dir.path(name + ".sqlite")).value());
        d.blobs = std::make_unique<evidence::BlobStore>(std::move(evidence::BlobStore::open(m_dir.path(name + ".blobs")).value()));
        auto code = m_server->store().createEnrollmentCode(role, scope, name, std::chrono::hours(1));
        EXPECT_TRUE(code);
        EXPECT_TRUE(d.engine(m_url).enroll(*code, name));
        return d;
    }

    // An assessment at a site of a partner the demo inspector has never seen.
    store::Assessment assessmentElsewhere()
    {
        store::Partner partner = *m_server->store().store().partner(m_demo.partnerId);
        partner.id.clear();
        partner.name = "Qujiang District";
        partner = *m_server->store().addPartner(partner);
        store::Site site = *m_server->store().store().site(m_demo.siteId);
        site.id.clear();
        site.partnerId = partner.id;
        site.name = "Qujiang";
        site = *m_server->store().addSite(site);
        return assessmentAt(site.id);
    }

    store::Assessment assessmentAt(const std::string& siteId)
    {
        store::Assessment a = *m_server->store().store().assessment(m_assessmentId);
        a.id.clear();
        a.siteId = siteId;
        auto added = m_server->store().addAssessment(a);
        EXPECT_TRUE(added) << added.error().message;
        return *added;
    }

    // A colleague's version of the demo assessment: every device that sees that assessment pulls
    // it, so its cursor moves past everything logged before.
    void moveCursorsOn(test::TestDevice& colleague)
    {
        ASSERT_TRUE(colleague.engine(m_url).run());
        ASSERT_TRUE(colleague.store->recordObservation(observation(m_assessmentId, "EN2.1", "12")));
        ASSERT_TRUE(colleague.engine(m_url).run());
    }
};

// The reassigned tablet of issue 21: the assessment existed, with another inspector's versions,
// at a site and partner the tablet had never received.
TEST_F(ScopeChange, AReassignedTabletReceivesTheAssessmentWithItsSitePartnerAndHistory)
{
    const auto existing = assessmentElsewhere();
    server::Scope first;
    first.assessments = {existing.id, m_assessmentId};
    auto before = enrolled("first-inspector", server::Role::Inspector, first);
    ASSERT_TRUE(before.engine(m_url).run());
    const auto earlier = before.store->recordObservation(observation(existing.id, "EN1.1", "31.5"));
    ASSERT_TRUE(earlier);
    ASSERT_TRUE(before.engine(m_url).run());
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    moveCursorsOn(before);
    ASSERT_TRUE(tablet.engine(m_url).run());
    ASSERT_FALSE(tablet.store->assessment(existing.id));

    ASSERT_TRUE(m_server->store().assign({existing.id, "demo-inspector", ""}));
    const auto report = tablet.engine(m_url).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->stillAside, 0);
    const auto received = tablet.store->assessment(existing.id);
    ASSERT_TRUE(received) << received.error().message;
    EXPECT_TRUE(tablet.store->site(existing.siteId));
    EXPECT_TRUE(tablet.store->partner(*tablet.store->site(existing.siteId)->partnerId));
    EXPECT_TRUE(tablet.store->observation(earlier->id));  // the history from before the assignment
    EXPECT_EQ(tablet.store->assignmentsOf("demo-inspector")->size(), 2U);
    // Later syncs are ordinary again.
    const auto again = tablet.engine(m_url).run();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->pulled, 0);
}

TEST_F(ScopeChange, ANewAssessmentAtAKnownSiteReachesATabletThatSyncedBeforeItWasAssigned)
{
    auto colleague = device("colleague");
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    const auto added = assessmentAt(m_demo.siteId);
    moveCursorsOn(colleague);
    ASSERT_TRUE(tablet.engine(m_url).run());  // its cursor is past the new assessment now
    ASSERT_TRUE(m_server->store().assign({added.id, "demo-inspector", ""}));
    const auto report = tablet.engine(m_url).run();
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(tablet.store->assessment(added.id));
    EXPECT_EQ(report->stillAside, 0);
}

// Exactly what it may now see: an assessment nobody assigned it stays on the server.
TEST_F(ScopeChange, ABackfillBringsNothingTheDeviceMayNotSee)
{
    const auto hidden = assessmentElsewhere();
    const auto assigned = assessmentAt(m_demo.siteId);
    auto colleague = device("colleague");
    auto tablet = device("tablet");
    ASSERT_TRUE(tablet.engine(m_url).run());
    moveCursorsOn(colleague);
    ASSERT_TRUE(tablet.engine(m_url).run());
    ASSERT_TRUE(m_server->store().assign({assigned.id, "demo-inspector", ""}));
    ASSERT_TRUE(tablet.engine(m_url).run());
    EXPECT_TRUE(tablet.store->assessment(assigned.id));
    EXPECT_FALSE(tablet.store->assessment(hidden.id));
    EXPECT_FALSE(tablet.store->site(hidden.siteId));
}

// A trainer's partner gaining a visit: the visit is logged for that partner, and pulled.
TEST_F(ScopeChange, ATrainersPartnerGainingAVisitReachesTheTrainer)
{
    server::Scope scope;
    scope.partnerId = m_demo.partnerId;
    auto trainer = enrolled("trainer", server::Role::Trainer, scope);
    ASSERT_TRUE(trainer.engine(m_url).run());
    store::TrainingVisit visit;
    visit.partnerId = m_demo.partnerId;
    visit.siteId = m_demo.siteId;
    visit.visitDate = "2027-03-01";
    const auto planned = m_server->store().addTrainingVisit(visit);
    ASSERT_TRUE(planned) << planned.error().message;
    ASSERT_TRUE(trainer.engine(m_url).run());
    EXPECT_TRUE(trainer.store->trainingVisit(planned->id));
}

// A kiosk moved to another site (of another partner): it receives that site and its partner, and
// keeps the new scope for its mode (the site its residents answer for); the old site's records stay.
TEST_F(ScopeChange, AKioskMovedToAnotherSiteFollowsIt)
{
    server::Scope scope;
    scope.siteId = m_demo.siteId;
    auto kiosk = enrolled("kiosk", server::Role::Kiosk, scope);
    ASSERT_TRUE(kiosk.engine(m_url).run());
    const auto elsewhere = assessmentElsewhere();
    auto colleague = device("colleague");
    moveCursorsOn(colleague);
    ASSERT_TRUE(kiosk.engine(m_url).run());
    ASSERT_FALSE(kiosk.store->site(elsewhere.siteId));

    const auto devices = m_server->store().devices();
    const auto device = std::find_if(devices->begin(), devices->end(), [](const server::Device& d) { return d.name == "kiosk"; });
    ASSERT_NE(device, devices->end());
    server::Scope moved;
    moved.siteId = elsewhere.siteId;
    ASSERT_TRUE(m_server->store().setDeviceScope(device->id, moved));
    const auto report = kiosk.engine(m_url).run();
    ASSERT_TRUE(report) << report.error().message;
    const auto site = kiosk.store->site(elsewhere.siteId);
    ASSERT_TRUE(site) << site.error().message;
    EXPECT_TRUE(kiosk.store->partner(*site->partnerId));
    EXPECT_NE(kiosk.store->meta(kScopeKey)->value_or("").find(elsewhere.siteId), std::string::npos);
    EXPECT_FALSE(kiosk.store->assessment(elsewhere.id));  // kiosks see sites, not assessments
}

// A reviewer sees every assessment from the start: one given to it later is already there.
TEST_F(ScopeChange, AReviewerHasEveryAssessmentWhenItIsGivenOne)
{
    auto reviewer = enrolled("reviewer", server::Role::Reviewer, {});
    ASSERT_TRUE(reviewer.engine(m_url).run());
    const auto later = assessmentElsewhere();
    ASSERT_TRUE(reviewer.engine(m_url).run());
    EXPECT_TRUE(reviewer.store->assessment(later.id));
}

}  // namespace
}  // namespace igmc::sync
