// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include "core/hybrid_clock.hpp"
#include "core/ids.hpp"
#include "scoring/value_codec.hpp"
#include "store/record_json.hpp"
#include "store/schema.hpp"
#include "shared/store/store_fixture.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace igmc::store {
namespace {

using test::numberObservation;
using test::remoteObservation;
using test::StoreFixture;

TEST_F(StoreFixture, RecordsRoundTrip)
{
    const auto partner = m_store->partner(m_partner.id);
    ASSERT_TRUE(partner);
    EXPECT_EQ(partner->name, m_partner.name);
    EXPECT_EQ(partner->profile.subtype, "park_committee");
    EXPECT_EQ(partner->profile.population, 70'000);
    const auto site = m_store->site(m_site.id);
    ASSERT_TRUE(site);
    EXPECT_EQ(site->kind, SiteKind::City);
    EXPECT_DOUBLE_EQ(site->location->latitude, 39.12);
    const auto assessment = m_store->assessment(m_assessment.id);
    ASSERT_TRUE(assessment);
    EXPECT_EQ(assessment->catalog.version, "3.0.0-ref.1");
    EXPECT_EQ(assessment->status, AssessmentStatus::Draft);
    EXPECT_EQ(m_store->partner("nope").error().code, ErrorCode::NotFound);
}

TEST_F(StoreFixture, RejectsBadInputWithoutStoringAnything)
{
    const auto before = *m_store->lastJournalSeq();
    Partner nameless;
    nameless.profile.subtype = "developer";
    nameless.country = "CN";
    EXPECT_EQ(m_store->addPartner(nameless).error().code, ErrorCode::ValidationError);
    Partner mismatched;
    mismatched.name = "X";
    mismatched.profile = {registry::PartnerType::Enterprise, "ngo", std::nullopt, true, registry::CountryGroup::None};
    mismatched.country = "CN";
    const auto wrong = m_store->addPartner(mismatched);
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("belongs to institution"), std::string::npos);
    Site orphan;
    orphan.name = "Nowhere";
    orphan.partnerId = "missing";
    EXPECT_EQ(m_store->addSite(orphan).error().code, ErrorCode::NotFound);
    Site badLocation;
    badLocation.name = "Bad";
    badLocation.location = GeoPoint{91, 0, std::nullopt};
    EXPECT_FALSE(m_store->addSite(badLocation));
    EXPECT_EQ(*m_store->lastJournalSeq(), before);
}

TEST_F(StoreFixture, EveryWriteIsJournaled)
{
    const auto entries = m_store->journal(0, 100);
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 3U);
    EXPECT_EQ((*entries)[0].entity, "partner");
    EXPECT_EQ((*entries)[1].entity, "site");
    EXPECT_EQ((*entries)[2].entity, "assessment");
    EXPECT_EQ((*entries)[2].entityId, m_assessment.id);
    EXPECT_LT((*entries)[0].hlc, (*entries)[1].hlc);
    EXPECT_LT((*entries)[1].hlc, (*entries)[2].hlc);
    const auto payload = boost::json::parse((*entries)[0].payload);
    EXPECT_EQ(payload.at("name").as_string(), m_partner.name);
    // Append-only: the journal refuses updates.
    EXPECT_FALSE(m_store->database().exec("UPDATE journal SET action = 'x'"));
}

TEST_F(StoreFixture, AnEditIsANewVersionAndHistoryIsComplete)
{
    const auto v1 = m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    ASSERT_TRUE(v1) << v1.error().message;
    const auto v2 = m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "29.0", v1->id));
    ASSERT_TRUE(v2) << v2.error().message;
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_TRUE(heads);
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_EQ((*heads)[0].head.id, v2->id);
    EXPECT_TRUE((*heads)[0].otherHeadIds.empty());
    const auto history = m_store->history(m_assessment.id, "EN1.1");
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 2U);
    EXPECT_EQ(scoring::displayValue(*(*history)[0].value), "31.5");
    EXPECT_EQ((*history)[1].parentId, v1->id);
    EXPECT_EQ((*history)[1].location->accuracyM, 8.0);
    // Nothing is updated or deleted in place.
    EXPECT_FALSE(m_store->database().exec("UPDATE observations SET note = 'tampered'"));
    EXPECT_FALSE(m_store->database().exec("DELETE FROM observations"));
}

TEST_F(StoreFixture, TwoVersionsWithOneParentAreAConflictKeepingBoth)
{
    const auto base = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    auto mine = numberObservation(m_assessment.id, "EN1.1", "30", base.id);
    mine.deviceId = "device-a";
    mine.hlc = "1790000000000.000001";
    auto theirs = numberObservation(m_assessment.id, "EN1.1", "28", base.id);
    theirs.deviceId = "device-b";
    theirs.hlc = "1790000000000.000001";  // same HLC: the device id decides
    ASSERT_TRUE(m_store->recordObservation(mine));
    ASSERT_TRUE(m_store->recordObservation(theirs));
    const auto heads = *m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads.size(), 1U);
    EXPECT_EQ(heads[0].head.deviceId, "device-b");
    ASSERT_EQ(heads[0].otherHeadIds.size(), 1U);
    EXPECT_EQ(m_store->history(m_assessment.id, "EN1.1")->size(), 3U);
}

TEST_F(StoreFixture, EveryBranchFromOneParentJoinsItsOneConflict)
{
    const auto base = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    std::vector<std::string> branches;
    for (const char* device : {"device-a", "device-b", "device-c"}) {
        auto version = numberObservation(m_assessment.id, "EN1.1", "30", base.id);
        version.deviceId = device;
        branches.push_back(m_store->recordObservation(version)->id);
    }
    // Competing first versions of another indicator, from many devices.
    std::vector<std::string> firsts;
    for (int d = 0; d < 40; ++d) {
        auto version = numberObservation(m_assessment.id, "EN1.2", std::to_string(d).c_str());
        version.deviceId = "device-" + std::to_string(d);
        firsts.push_back(m_store->recordObservation(version)->id);
    }
    const auto conflicts = *m_store->conflicts(m_assessment.id);
    ASSERT_EQ(conflicts.size(), 2U);
    EXPECT_EQ(conflicts[0].indicatorCode, "EN1.1");
    EXPECT_EQ(conflicts[0].parentId, base.id);
    auto listed = conflicts[0].observationIds;
    std::sort(listed.begin(), listed.end());
    std::sort(branches.begin(), branches.end());
    EXPECT_EQ(listed, branches);
    EXPECT_EQ(conflicts[1].parentId, "");
    listed = conflicts[1].observationIds;
    std::sort(listed.begin(), listed.end());
    std::sort(firsts.begin(), firsts.end());
    EXPECT_EQ(listed, firsts);
    const auto heads = *m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads.size(), 2U);
    EXPECT_EQ(heads[0].otherHeadIds.size() + heads[1].otherHeadIds.size(), 2U + 39U);
}

TEST_F(StoreFixture, ANewBranchReopensAResolvedConflictAndLeavesAnOpenOneAsItIs)
{
    const auto base = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    ASSERT_TRUE(m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "30", base.id)));
    ASSERT_TRUE(m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "29", base.id)));
    ASSERT_TRUE(m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "28", base.id)));  // joins, still open
    auto conflicts = *m_store->conflicts(m_assessment.id);
    ASSERT_EQ(conflicts.size(), 1U);
    EXPECT_FALSE(conflicts[0].resolvedAt);
    EXPECT_EQ(conflicts[0].observationIds.size(), 3U);
    // A reviewer decided it (resolution lives on the server); a fourth branch from the same parent reopens it.
    ASSERT_TRUE(m_store->database().exec("UPDATE conflicts SET resolved_at = '2026-11-28T00:00:00Z', resolved_by = 'reviewer'"));
    ASSERT_TRUE(m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "27", base.id)));
    conflicts = *m_store->conflicts(m_assessment.id);
    ASSERT_EQ(conflicts.size(), 1U);
    EXPECT_FALSE(conflicts[0].resolvedAt);
    EXPECT_EQ(conflicts[0].observationIds.size(), 4U);
}

std::vector<std::string> sortedColumn(Database& db, const std::string& sql)
{
    std::vector<std::string> values;
    auto stmt = db.prepare(sql);
    EXPECT_TRUE(stmt);
    while (*stmt->step())
        values.push_back(stmt->text(0));
    std::sort(values.begin(), values.end());
    return values;
}

TEST_F(StoreFixture, EditingEitherSideOfAConflictMovesOnlyThatHead)
{
    const auto base = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    const auto a = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "30", base.id));
    const auto b = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "29", base.id));
    const auto b2 = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "28", b.id));
    const auto a2 = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "27", a.id));
    auto& db = m_store->database();
    std::vector<std::string> expected{a2.id, b2.id};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(sortedColumn(db, "SELECT observation_id FROM observation_heads"), expected);
    EXPECT_EQ(sortedColumn(db, "SELECT observation_id FROM indicator_heads"), (std::vector<std::string>{a2.id}));
    // Editing a head is no new conflict; the one from base still lists the two branches.
    auto conflicts = *m_store->conflicts(m_assessment.id);
    ASSERT_EQ(conflicts.size(), 1U);
    EXPECT_EQ(conflicts[0].observationIds.size(), 2U);
    // A third branch from base, which is no longer a head, joins that conflict.
    const auto c = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "26", base.id));
    EXPECT_EQ(sortedColumn(db, "SELECT observation_id FROM observation_heads").size(), 3U);
    conflicts = *m_store->conflicts(m_assessment.id);
    ASSERT_EQ(conflicts.size(), 1U);
    EXPECT_NE(std::find(conflicts[0].observationIds.begin(), conflicts[0].observationIds.end(), c.id), conflicts[0].observationIds.end());
}

// Invariant 2 under random histories: the heads are exactly the versions no version names as parent,
// and every indicator with versions has its one row in indicator_heads.
TEST_F(StoreFixture, HeadsAreExactlyTheVersionsNobodyEdited)
{
    std::mt19937 random(20261128);
    std::map<std::string, std::vector<std::string>> versions;  // indicator -> its version ids
    for (int i = 0; i < 400; ++i) {
        const std::string code = "EN1." + std::to_string(random() % 6);
        auto& known = versions[code];
        std::optional<std::string> parent;
        if (!known.empty() && random() % 5 != 0)
            parent = known[random() % known.size()];
        auto o = numberObservation(m_assessment.id, code, "1", parent);
        o.deviceId = "device-" + std::to_string(random() % 3);
        const auto stored = m_store->recordObservation(o);
        ASSERT_TRUE(stored) << stored.error().message;
        known.push_back(stored->id);
    }
    auto& db = m_store->database();
    EXPECT_EQ(sortedColumn(db, "SELECT observation_id FROM observation_heads"),
              sortedColumn(db, "SELECT id FROM observations o WHERE NOT EXISTS (SELECT 1 FROM observations c WHERE c.parent_id = o.id)"));
    EXPECT_EQ(sortedColumn(db, "SELECT indicator_code FROM indicator_heads"),
              sortedColumn(db, "SELECT DISTINCT indicator_code FROM observations"));
    EXPECT_TRUE(sortedColumn(db, "SELECT b.observation_id FROM branch_heads b JOIN indicator_heads i USING (assessment_id, indicator_code) "
                                 "WHERE b.observation_id = i.observation_id").empty());
}

// The versions of `versions` (indicator -> ids, with `parents`) that no other version names as
// parent, sorted.
std::vector<std::string> unedited(const std::map<std::string, std::vector<std::string>>& versions,
                                  const std::map<std::string, std::string>& parents)
{
    std::set<std::string> named;
    for (const auto& [code, ids] : versions) {
        for (const auto& id : ids) {
            if (auto parent = parents.find(id); parent != parents.end())
                named.insert(parent->second);
        }
    }
    std::vector<std::string> heads;
    for (const auto& [code, ids] : versions)
        std::copy_if(ids.begin(), ids.end(), std::back_inserter(heads), [&named](const auto& id) { return !named.contains(id); });
    std::sort(heads.begin(), heads.end());
    return heads;
}

// The store holds each indicator's main head back in memory while a transaction writes versions
// (Store::HeadCache): what it holds is written with the transaction or savepoint that made it,
// forgotten with one that rolls back, and seen by reads inside the transaction.
TEST_F(StoreFixture, HeadsHeldBackDuringATransactionAreWrittenWithItAndForgottenWhenItRollsBack)
{
    std::mt19937 random(20261129);
    auto& db = m_store->database();
    std::map<std::string, std::vector<std::string>> kept;  // indicator -> its versions that stay
    std::map<std::string, std::string> parents;
    std::uint64_t clock = 1'790'000'000'000ULL;
    for (int round = 0; round < 8; ++round) {
        auto outer = Transaction::begin(db);
        ASSERT_TRUE(outer);
        auto keptBefore = kept;
        // Versions written in the transaction itself, then in a savepoint of it: a savepoint that
        // rolls back leaves what the transaction wrote before it.
        // `linear`: each version edits the latest of its indicator, so none is a conflict (recording
        // one writes the heads out).
        const auto write = [&](std::map<std::string, std::vector<std::string>>& versions, int count, bool linear) {
            for (int i = 0; i < count; ++i) {
                const std::string code = "EN1." + std::to_string(random() % 5);
                auto& known = versions[code];
                std::optional<std::string> parent;
                if (!known.empty() && linear)
                    parent = known.back();
                else if (!known.empty() && random() % 6 != 0)
                    parent = known[random() % known.size()];
                auto o = remoteObservation(m_assessment.id, code, "1", "device-" + std::to_string(random() % 3),
                                           HlcTimestamp{++clock, 0}.toString(), parent);
                const auto applied = m_store->applyRemoteObservation(o);
                ASSERT_TRUE(applied) << applied.error().message;
                known.push_back(o.id);
                if (parent)
                    parents[o.id] = *parent;
            }
        };
        for (int part = 0; part < 6; ++part) {
            write(kept, 10, true);
            auto savepoint = Transaction::begin(db);
            ASSERT_TRUE(savepoint);
            auto tentative = kept;
            write(tentative, 40, random() % 2 == 0);
            // Read inside the transaction: the heads held back are there.
            std::vector<std::string> seen;
            const auto heads = m_store->latestObservations(m_assessment.id);
            ASSERT_TRUE(heads) << heads.error().message;
            for (const auto& head : *heads) {
                seen.push_back(head.head.id);
                seen.insert(seen.end(), head.otherHeadIds.begin(), head.otherHeadIds.end());
            }
            std::sort(seen.begin(), seen.end());
            ASSERT_EQ(seen, unedited(tentative, parents)) << "round " << round << ", part " << part;
            if (random() % 3 == 0)
                continue;  // rolled back as it goes
            ASSERT_TRUE(savepoint->commit());
            kept = std::move(tentative);
        }
        if (round % 3 == 2) {
            kept = std::move(keptBefore);  // the whole transaction rolled back as it goes
            continue;
        }
        ASSERT_TRUE(outer->commit());
    }
    EXPECT_EQ(sortedColumn(db, "SELECT observation_id FROM observation_heads"), unedited(kept, parents));
    EXPECT_EQ(sortedColumn(db, "SELECT observation_id FROM observation_heads"),
              sortedColumn(db, "SELECT id FROM observations o WHERE NOT EXISTS (SELECT 1 FROM observations c WHERE c.parent_id = o.id)"));
    // And a store opened afresh reads the same.
    m_store.reset();
    m_store = std::move(Store::open(m_dir.path("store.sqlite")).value());
    EXPECT_EQ(sortedColumn(m_store->database(), "SELECT observation_id FROM observation_heads"), unedited(kept, parents));
}

// A first version that finds its indicator held branches without the holder being read; an edit
// of the holder later in the same transaction still finds it the head, and is no conflict.
TEST_F(StoreFixture, AnEditOfTheHeadAfterACompetingFirstVersionInOneTransactionIsNoConflict)
{
    const auto held = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    auto tx = Transaction::begin(m_store->database());
    ASSERT_TRUE(tx);
    auto competing = remoteObservation(m_assessment.id, "EN1.1", "29", "device-b", "1790000000000.000001");
    const auto first = m_store->applyRemoteObservation(competing);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->conflict);
    auto edit = remoteObservation(m_assessment.id, "EN1.1", "30", "device-a", "1790000000000.000002", held.id);
    const auto edited = m_store->applyRemoteObservation(edit);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_FALSE(edited->conflict);
    ASSERT_TRUE(tx->commit());
    std::vector<std::string> expected = {edit.id, competing.id};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(sortedColumn(m_store->database(), "SELECT observation_id FROM observation_heads"), expected);
}

TEST_F(StoreFixture, AVersionFromElsewhereIsStoredOnceAsItCameAndNotJournaled)
{
    const auto journaled = m_store->lastJournalSeq().value();
    auto remote = remoteObservation(m_assessment.id, "EN1.1", "31.5", "other-device", "1790000000000.000003");
    const auto first = m_store->applyRemoteObservation(remote);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->inserted);
    EXPECT_FALSE(first->conflict);
    EXPECT_EQ(m_store->observation(remote.id)->deviceId, "other-device");
    // Again, even with other content under the same id: nothing changes.
    auto again = remote;
    again.value = scoring::Value{*Decimal::parse("99")};
    const auto second = m_store->applyRemoteObservation(again);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_FALSE(second->inserted);
    EXPECT_EQ(scoring::displayValue(*m_store->observation(remote.id)->value), "31.5");
    EXPECT_EQ(m_store->latestObservations(m_assessment.id)->size(), 1U);
    // A local edit and a remote one of the same version: both kept, the remote one reports it.
    ASSERT_TRUE(m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "30", remote.id)));
    auto branch = remoteObservation(m_assessment.id, "EN1.1", "29", "other-device", "1790000000000.000004", remote.id);
    const auto branched = m_store->applyRemoteObservation(branch);
    ASSERT_TRUE(branched) << branched.error().message;
    EXPECT_TRUE(branched->inserted);
    EXPECT_TRUE(branched->conflict);
    EXPECT_EQ(m_store->lastJournalSeq().value(), journaled + 1);  // the local edit only
    auto anonymous = numberObservation(m_assessment.id, "EN1.2", "1");
    EXPECT_FALSE(m_store->applyRemoteObservation(anonymous));  // no id, HLC or device
    // A version stored under older rules (no inspector) comes again: skipped, not refused; a new
    // one like it is refused.
    ASSERT_TRUE(m_store->database().exec("INSERT INTO observations (id, assessment_id, indicator_code, value_json, observed_at, inspector, "
                                         "device_id, hlc, recorded_at) VALUES ('legacy', '" + m_assessment.id + "', 'EN1.3', "
                                         "'{\"number\":\"1\"}', '2025-01-01T00:00:00Z', '', 'old', '1735689600000.000000', '2025-01-01T00:00:00Z')"));
    auto legacy = numberObservation(m_assessment.id, "EN1.3", "1");
    legacy.id = "legacy";
    legacy.inspector = "";
    legacy.deviceId = "old";
    legacy.hlc = "1735689600000.000000";
    const auto skipped = m_store->applyRemoteObservation(legacy);
    ASSERT_TRUE(skipped) << skipped.error().message;
    EXPECT_FALSE(skipped->inserted);
    legacy.id = newUuidV7();
    EXPECT_FALSE(m_store->applyRemoteObservation(legacy));
}

TEST_F(StoreFixture, VersionsReadAsJsonTextEqualTheirJsonRecords)
{
    std::vector<std::string> ids;
    auto plain = numberObservation(m_assessment.id, "EN1.1", "31.5");
    ids.push_back(m_store->recordObservation(plain)->id);
    auto edited = numberObservation(m_assessment.id, "EN1.1", "-0.000001", ids.back());
    edited.note = "quote \" backslash \\ newline \n tab \t 中文 é";
    edited.location = GeoPoint{39.123456789012, -117.0000001, 6.25};
    ids.push_back(m_store->recordObservation(edited)->id);
    auto notApplicable = numberObservation(m_assessment.id, "EN1.2", "1");
    notApplicable.value.reset();
    notApplicable.naReason = "no monitoring station in the district";
    notApplicable.location = GeoPoint{0.1, 0.2, std::nullopt};
    ids.push_back(m_store->recordObservation(notApplicable)->id);
    std::reverse(ids.begin(), ids.end());  // the order asked, not the order stored
    const auto texts = m_store->observationsJson(ids);
    ASSERT_TRUE(texts) << texts.error().message;
    ASSERT_EQ(texts->size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto record = *m_store->observation(ids[i]);
        EXPECT_EQ(boost::json::parse((*texts)[i]), boost::json::value(toJson(record))) << (*texts)[i];
        // From the record, byte for byte what the row gives (the server logs one, pulls the other).
        std::string fromRecord;
        appendObservationJson(fromRecord, record);
        EXPECT_EQ(fromRecord, (*texts)[i]);
        EXPECT_EQ(fromRecord, boost::json::serialize(toJson(record)));
    }
    // A record as it was recorded (not read back) writes what its row gives too, -0.0 included
    // (SQLite keeps it as the integer 0).
    auto atZero = numberObservation(m_assessment.id, "EN1.3", "0");
    atZero.location = GeoPoint{-0.0, -0.0, -0.0};
    const auto recorded = *m_store->recordObservation(atZero);
    std::string fromRecorded;
    appendObservationJson(fromRecorded, recorded);
    EXPECT_EQ(fromRecorded, m_store->observationsJson({recorded.id})->front());
    EXPECT_NE(fromRecorded.find(R"("location":{"latitude":0E0,"longitude":0E0,"accuracy_m":0E0})"), std::string::npos) << fromRecorded;
    EXPECT_EQ(m_store->observationsJson({ids[0], "no-such-version"}).error().code, ErrorCode::NotFound);
    EXPECT_TRUE(m_store->observationsJson({})->empty());
    // A push reads them with their journal entries, in journal order; other entries carry none.
    const auto entries = m_store->journalForPush(0, 1000);
    ASSERT_TRUE(entries) << entries.error().message;
    ASSERT_EQ(entries->size(), m_store->journal(0, 1000)->size());
    int versions = 0;
    for (const auto& entry : *entries) {
        if (entry.entity != "observation") {
            EXPECT_TRUE(entry.versionJson.empty()) << entry.entity;
            continue;
        }
        ++versions;
        EXPECT_EQ(boost::json::parse(entry.versionJson), boost::json::value(toJson(*m_store->observation(entry.entityId))));
    }
    EXPECT_EQ(versions, 4);
}

TEST_F(StoreFixture, ParentMustExistAndMatch)
{
    EXPECT_FALSE(m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "1", std::string("no-such-version"))));
    const auto other = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.2", "1"));
    const auto crossed = m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "1", other.id));
    ASSERT_FALSE(crossed);
    EXPECT_NE(crossed.error().message.find("keep its parent's assessment and indicator"), std::string::npos);
}

TEST_F(StoreFixture, ObservationNeedsValueOrReason)
{
    auto both = numberObservation(m_assessment.id, "EN1.1", "1");
    both.naReason = "no monitor";
    EXPECT_FALSE(m_store->recordObservation(both));
    auto na = numberObservation(m_assessment.id, "SP2.7", "1");
    na.value.reset();
    na.naReason = "No airport in the assessed area";
    const auto stored = m_store->recordObservation(na);
    ASSERT_TRUE(stored);
    const auto values = m_store->assessmentValues(m_assessment.id);
    ASSERT_TRUE(values);
    EXPECT_TRUE(values->entries.at("SP2.7").isNotApplicable());
    EXPECT_EQ(values->site, "Sino-Singapore Tianjin Eco-City");
    auto badTime = numberObservation(m_assessment.id, "EN1.1", "1");
    badTime.observedAt = "yesterday";
    EXPECT_FALSE(m_store->recordObservation(badTime));
}

TEST_F(StoreFixture, BatchIsAllOrNothing)
{
    std::vector<Observation> batch{numberObservation(m_assessment.id, "EN1.1", "1"), numberObservation(m_assessment.id, "EN1.2", "2")};
    batch[1].inspector = "";  // invalid: the whole batch is refused
    EXPECT_FALSE(m_store->recordObservations(batch));
    EXPECT_TRUE(m_store->latestObservations(m_assessment.id)->empty());
    batch[1].inspector = "inspector-2";
    EXPECT_TRUE(m_store->recordObservations(batch));
    EXPECT_EQ(m_store->latestObservations(m_assessment.id)->size(), 2U);
}

TEST_F(StoreFixture, AssessmentStatusFollowsTheWorkflow)
{
    EXPECT_FALSE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Certified));
    ASSERT_TRUE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Fieldwork));
    ASSERT_TRUE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Submitted));
    ASSERT_TRUE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::UnderReview));
    ASSERT_TRUE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Fieldwork));  // returned for correction
    ASSERT_TRUE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Submitted));
    ASSERT_TRUE(m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::UnderReview));
    const auto certified = m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Certified);
    ASSERT_TRUE(certified);
    const auto reopened = m_store->setAssessmentStatus(m_assessment.id, AssessmentStatus::Fieldwork);
    ASSERT_FALSE(reopened);
    EXPECT_EQ(reopened.error().code, ErrorCode::Conflict);
}

TEST_F(StoreFixture, AssignmentsAreIdempotent)
{
    ASSERT_TRUE(m_store->assign({m_assessment.id, "inspector-1", ""}));
    const auto seq = *m_store->lastJournalSeq();
    ASSERT_TRUE(m_store->assign({m_assessment.id, "inspector-1", ""}));
    EXPECT_EQ(*m_store->lastJournalSeq(), seq);
    EXPECT_EQ(m_store->assignmentsOf("inspector-1")->size(), 1U);
}

TEST_F(StoreFixture, EvidenceIsContentAddressedAndLinked)
{
    const auto o = *m_store->recordObservation(numberObservation(m_assessment.id, "EN1.1", "31.5"));
    Evidence e;
    e.sha256 = std::string(64, 'a');
    e.mediaType = "image/jpeg";
    e.sizeBytes = 1234;
    e.originalName = "monitor.jpg";
    e.capturedAt = "2026-11-20T09:31:00Z";
    e.location = GeoPoint{39.1, 117.7, 12.0};
    e.observationIds = {o.id};
    ASSERT_TRUE(m_store->addEvidence(e));
    ASSERT_TRUE(m_store->addEvidence(e));  // the same bytes again: still one item
    const auto items = m_store->evidenceFor(o.id);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 1U);
    EXPECT_EQ((*items)[0].mediaType, "image/jpeg");
    EXPECT_EQ((*items)[0].observationIds, std::vector<std::string>{o.id});
    Evidence bad = e;
    bad.sha256 = "not-a-hash";
    EXPECT_FALSE(m_store->addEvidence(bad));
}

TEST_F(StoreFixture, MembershipFeesMustFollowTheRules)
{
    Membership m;
    m.partnerId = m_partner.id;
    m.term = registry::termFor(*parseDate("2026-01-01"), 3);
    m.fee = *registry::computeFee(m_partner.profile, registry::Tier::B, 3);
    const auto stored = m_store->addMembership(m);
    ASSERT_TRUE(stored) << stored.error().message;
    EXPECT_EQ(stored->fee.dueCents, 4'500'000);  // a park committee is not a city government: no discount
    Membership cheat = m;
    cheat.id.clear();
    cheat.fee.dueCents = 100;
    EXPECT_FALSE(m_store->addMembership(cheat));
    ASSERT_TRUE(m_store->recordPayment(stored->id, "2026-01-05"));
    const auto twice = m_store->recordPayment(stored->id, "2026-01-06");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::Conflict);
    EXPECT_EQ(*m_store->membership(stored->id)->paidAt, "2026-01-05");
}

TEST_F(StoreFixture, PilotProjectsAreNominatedAndReviewed)
{
    PilotProject pilot;
    pilot.partnerId = m_partner.id;
    pilot.name = "Eco-Valley zero-carbon block";
    const auto nominated = m_store->nominatePilot(pilot);
    ASSERT_TRUE(nominated);
    EXPECT_FALSE(m_store->reviewPilot(nominated->id, registry::PilotAction::Approve, "", ""));
    const auto approved = m_store->reviewPilot(nominated->id, registry::PilotAction::Approve, "GFHS review panel", "Meets 3.0");
    ASSERT_TRUE(approved);
    EXPECT_EQ(approved->status, registry::PilotStatus::Approved);
    EXPECT_EQ(approved->reviewer, "GFHS review panel");
    EXPECT_FALSE(m_store->reviewPilot(nominated->id, registry::PilotAction::Reject, "x", ""));
}

TEST_F(StoreFixture, SurveysAndTrainingVisits)
{
    SurveyDefinition survey{"neighbourhood", 1, "Your neighbourhood", "您的社区", R"({"questions": []})", ""};
    ASSERT_TRUE(m_store->addSurveyDefinition(survey));
    EXPECT_EQ(m_store->addSurveyDefinition(survey).error().code, ErrorCode::Conflict);
    SurveyResponse response{"", "neighbourhood", 1, m_site.id, "zh", R"({"q1": 4})", "2026-11-20T09:00:00Z"};
    ASSERT_TRUE(m_store->addSurveyResponse(response));
    EXPECT_EQ(*m_store->countSurveyResponses("neighbourhood"), 1);
    TrainingVisit visit;
    visit.partnerId = m_partner.id;
    visit.visitDate = "2026-11-25";
    const auto planned = m_store->addTrainingVisit(visit);
    ASSERT_TRUE(planned);
    ASSERT_TRUE(m_store->addAttendance({planned->id, "Li Wei", "Eco-City Planning Bureau", "planner", true, ""}));
    EXPECT_EQ(m_store->attendance(planned->id)->size(), 1U);
    ASSERT_TRUE(m_store->completeTrainingVisit(planned->id, std::nullopt));
    EXPECT_FALSE(m_store->completeTrainingVisit(planned->id, std::nullopt));
}

TEST_F(StoreFixture, SurveyResponsesAndTheirJournalEntriesRevealNeitherDeviceNorMoment)
{
    ASSERT_TRUE(m_store->addSurveyDefinition({"neighbourhood", 1, "Your neighbourhood", "您的社区", "{}", ""}));
    const auto before = *m_store->lastJournalSeq();
    SurveyResponse precise{"", "neighbourhood", 1, m_site.id, "en", R"({"q1": 4})", "2026-11-20T09:41:07Z"};
    EXPECT_EQ(m_store->addSurveyResponse(precise).error().code, ErrorCode::ValidationError);  // not coarsened: refused
    SurveyResponse response{"", "neighbourhood", 1, m_site.id, "en", R"({"q1": 4})", "2026-11-20T09:00:00Z"};
    const auto added = m_store->addSurveyResponse(response);
    ASSERT_TRUE(added);
    EXPECT_EQ(added->id[14], '4');  // UUIDv4: no embedded time
    const auto entries = m_store->journal(before, 10);
    ASSERT_EQ(entries->size(), 1U);
    const auto& entry = entries->front();
    EXPECT_EQ(entry.opId[14], '4');
    EXPECT_EQ(entry.recordedAt, "2026-11-20T09:00:00Z");
    EXPECT_EQ(HlcTimestamp::parse(entry.hlc)->wallMs % 3'600'000, 0U);
    EXPECT_EQ(entry.payload.find(m_store->deviceId()), std::string::npos);
    for (const char* key : {"device", "inspector", "user"})
        EXPECT_EQ(entry.payload.find(key), std::string::npos) << key;
}

TEST_F(StoreFixture, RejectionsAreCountedPerSurveyAndResponsesPerHour)
{
    ASSERT_TRUE(m_store->addSurveyDefinition({"neighbourhood", 1, "Your neighbourhood", "您的社区", "{}", ""}));
    for (const char* reason : {"too_fast", "too_fast", "rate_limited"})
        ASSERT_TRUE(m_store->addSurveyRejection({"", "neighbourhood", 1, m_site.id, reason, "2026-11-20T09:00:00Z"}));
    EXPECT_FALSE(m_store->addSurveyRejection({"", "neighbourhood", 1, m_site.id, "bored", "2026-11-20T09:00:00Z"}));
    const auto counts = m_store->surveyRejectionCounts("neighbourhood", 1, std::nullopt);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->at("too_fast"), 2);
    EXPECT_EQ(counts->at("rate_limited"), 1);
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(m_store->addSurveyResponse({"", "neighbourhood", 1, m_site.id, "zh", "{}", i < 2 ? "2026-11-20T09:00:00Z" : "2026-11-20T10:00:00Z"}));
    EXPECT_EQ(*m_store->countResponsesInHour(m_site.id, "2026-11-20T09:00:00Z"), 2);
    EXPECT_EQ(*m_store->countResponsesInHour(m_site.id, "2026-11-20T10:00:00Z"), 1);
    EXPECT_EQ(m_store->surveyResponses("neighbourhood", 1, m_site.id)->size(), 3U);
    EXPECT_EQ(m_store->surveyResponses("neighbourhood", 1, std::string("elsewhere"))->size(), 0U);
}

TEST_F(StoreFixture, TrainingFeedbackAndSiteWalkDraftsBelongToTheirVisit)
{
    ASSERT_TRUE(m_store->addSurveyDefinition({"training-feedback", 1, "Feedback", "反馈", "{}", ""}));
    TrainingVisit visit;
    visit.partnerId = m_partner.id;
    visit.siteId = m_site.id;
    visit.visitDate = "2026-11-25";
    visit.agendaJson = R"({"sessions": [{"id": "s1", "time": "09:00", "topic": "Indicators", "trainer": "Dr Chen"}]})";
    const auto planned = m_store->addTrainingVisit(visit);
    ASSERT_TRUE(planned);
    EXPECT_EQ(m_store->trainingVisit(planned->id)->siteId, m_site.id);
    const auto feedback = m_store->addTrainingFeedback({planned->id, "s1", ""},
                                                       {"", "training-feedback", 1, m_site.id, "zh", R"({"usefulness": 5})", "2026-11-25T10:00:00Z"});
    ASSERT_TRUE(feedback);
    EXPECT_FALSE(feedback->responseId.empty());
    EXPECT_EQ(m_store->trainingFeedback(planned->id)->size(), 1U);
    EXPECT_FALSE(m_store->addTrainingFeedback({"no-such-visit", "s1", ""},
                                              {"", "training-feedback", 1, m_site.id, "zh", "{}", "2026-11-25T10:00:00Z"}));
    EXPECT_EQ(*m_store->countSurveyResponses("training-feedback"), 1);  // the failed one left nothing behind

    const auto journalBefore = *m_store->lastJournalSeq();
    ASSERT_TRUE(m_store->saveVisitDraft(planned->id, "Good progress", R"([{"note": "Wetland", "recommendation": "", "photos": []}])"));
    EXPECT_EQ(*m_store->lastJournalSeq(), journalBefore);  // drafts stay on the device…
    ASSERT_TRUE(m_store->completeTrainingVisit(planned->id, std::nullopt));
    const auto completion = m_store->journal(journalBefore, 10)->back();
    EXPECT_NE(completion.payload.find("Wetland"), std::string::npos);  // …the completion carries them
    EXPECT_EQ(m_store->saveVisitDraft(planned->id, "late", "[]").error().code, ErrorCode::Conflict);
}

// ---- Files the code does not own, or cannot write.

TEST(StoreFiles, ANewerSchemaIsRefusedAndLeftUntouched)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("future.sqlite");
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
        ASSERT_TRUE((*store)->database().exec("PRAGMA user_version = 99"));
    }
    const auto reopened = Store::open(path);
    ASSERT_FALSE(reopened);
    EXPECT_NE(reopened.error().message.find("schema version 99 but this program knows only up to " + std::to_string(kSchemaVersion)), std::string::npos)
        << reopened.error().message;
    auto raw = Database::open(path);
    EXPECT_EQ(*schemaVersion(*raw), 99);
}

TEST(StoreFiles, AnotherApplicationsDatabaseIsRefused)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("other.sqlite");
    {
        auto db = Database::open(path);
        ASSERT_TRUE(db->exec("CREATE TABLE contacts (name TEXT)"));
    }
    const auto opened = Store::open(path);
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().message.find("not an IGMC store"), std::string::npos);
}

TEST(StoreFiles, DiskFullIsAClearErrorAndKeepsThePreviousData)
{
    igmc::test::TempDir dir;
    auto store = std::move(Store::open(dir.path("full.sqlite")).value());
    Partner p;
    p.name = "Kept";
    p.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
    p.country = "CN";
    ASSERT_TRUE(store->addPartner(p));
    // Cap the file at its current size: the next page allocation fails as SQLITE_FULL would.
    auto pages = store->database().prepare("PRAGMA page_count");
    ASSERT_TRUE(*pages->step());
    const auto count = pages->integer(0);
    ASSERT_TRUE(store->database().exec("PRAGMA max_page_count = " + std::to_string(count)));
    Partner big = p;
    big.id.clear();
    big.contact = std::string(200'000, 'x');
    const auto failed = store->addPartner(big);
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::StorageError);
    EXPECT_NE(failed.error().message.find("full"), std::string::npos) << failed.error().message;
    const auto partners = store->partners();
    ASSERT_TRUE(partners);
    ASSERT_EQ(partners->size(), 1U);
    EXPECT_EQ((*partners)[0].name, "Kept");
}

TEST(StoreFiles, ReadOnlyStoreRefusesWritesClearly)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("ro.sqlite");
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
    }
    StoreOptions options;
    options.database.readOnly = true;
    auto store = Store::open(path, options);
    ASSERT_TRUE(store) << store.error().message;
    Partner p;
    p.name = "Nope";
    p.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
    p.country = "CN";
    const auto failed = (*store)->addPartner(p);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().message.find("readonly"), std::string::npos) << failed.error().message;
    EXPECT_TRUE((*store)->partners()->empty());
}

TEST(StoreFiles, HlcNeverRunsBackwardsAcrossRestartsWithAWrongClock)
{
    igmc::test::TempDir dir;
    const auto path = dir.path("clock.sqlite");
    std::string lastHlc;
    {
        StoreOptions options;
        options.clock = [] { return std::uint64_t{1'800'000'000'000}; };  // a clock a year ahead
        auto store = std::move(Store::open(path, options).value());
        Partner p;
        p.name = "First";
        p.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
        p.country = "CN";
        ASSERT_TRUE(store->addPartner(p));
        lastHlc = store->journal(0, 10)->back().hlc;
    }
    StoreOptions corrected;
    corrected.clock = [] { return std::uint64_t{1'760'000'000'000}; };  // fixed, now "earlier"
    auto store = std::move(Store::open(path, corrected).value());
    Partner p;
    p.name = "Second";
    p.profile = {registry::PartnerType::Enterprise, "developer", std::nullopt, false, registry::CountryGroup::None};
    p.country = "CN";
    ASSERT_TRUE(store->addPartner(p));
    EXPECT_GT(store->journal(0, 10)->back().hlc, lastHlc);
}

}  // namespace
}  // namespace igmc::store
