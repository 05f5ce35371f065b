// Applying an op with its record decoded ahead (while a push is checked, or while the previous
// pulled page is written) stores exactly what decoding its payload would, and only once.
// SPDX-License-Identifier: Apache-2.0
#include "protocol/op_apply.hpp"

#include "core/ids.hpp"
#include "protocol/direct_decoder.hpp"
#include "shared/store/store_fixture.hpp"
#include "store/record_json.hpp"

#include <gtest/gtest.h>

namespace igmc::sync {
namespace {

using store::test::StoreFixture;

class OpApply : public StoreFixture {
protected:
    Op versionOp(const store::Observation& o) const
    {
        return {newUuidV7(), o.deviceId, o.hlc, "observation", o.id, "create", store::toJson(o), 0, {}};
    }

    static Op deleteOp(const std::string& entity, const std::string& id, const std::string& hlc)
    {
        return {newUuidV7(), "tablet-b", hlc, entity, id, "delete", boost::json::object{}, 0, {}};
    }

    store::Observation version(const char* value, std::optional<std::string> parent = std::nullopt) const
    {
        auto o = store::test::numberObservation(m_assessment.id, "EN1.1", value, std::move(parent));
        o.id = newUuidV7();
        o.deviceId = "tablet-b";
        o.hlc = "1795000000000.000001";
        o.recordedAt = "2026-11-20T09:30:01.000Z";
        return o;
    }
};

// Invariant 4: a delete leaves a tombstone; a create older than it is ignored, a newer one applies,
// whichever arrives first.
TEST_F(OpApply, ACreateOlderThanItsTombstoneIsIgnoredAndANewerOneApplies)
{
    auto o = version("31.5");  // stamped ...000001
    const auto deleted = applyOp(*m_store, deleteOp("observation", o.id, "1795000000000.000005"));
    ASSERT_TRUE(deleted) << deleted.error().message;
    EXPECT_TRUE(deleted->changed);
    const auto older = applyOp(*m_store, versionOp(o));
    ASSERT_TRUE(older) << older.error().message;
    EXPECT_FALSE(older->changed);
    EXPECT_FALSE(m_store->observation(o.id));
    const auto staleDelete = applyOp(*m_store, deleteOp("observation", o.id, "1795000000000.000003"));
    ASSERT_TRUE(staleDelete);
    EXPECT_FALSE(staleDelete->changed);  // the newer tombstone stays
    o.hlc = "1795000000000.000009";
    const auto newer = applyOp(*m_store, versionOp(o));
    ASSERT_TRUE(newer) << newer.error().message;
    EXPECT_TRUE(newer->changed);
    EXPECT_TRUE(m_store->observation(o.id));
}

// Whether any tombstone exists is asked once per write transaction, not per op: one written earlier
// in the same transaction still counts for the ops after it, and one written by another connection
// counts from the next transaction on.
TEST_F(OpApply, ATombstoneCountsForTheOpsAfterItInItsTransactionAndFromOtherConnections)
{
    const auto first = version("31.5");
    auto second = version("32");
    second.indicatorCode = "EN1.2";
    {
        auto tx = store::Transaction::begin(m_store->database());
        ASSERT_TRUE(tx);
        ASSERT_TRUE(applyOp(*m_store, versionOp(first)));  // no tombstone yet, and so remembered
        ASSERT_TRUE(applyOp(*m_store, deleteOp("observation", second.id, "1795000000000.000005")));
        const auto ignored = applyOp(*m_store, versionOp(second));
        ASSERT_TRUE(ignored) << ignored.error().message;
        EXPECT_FALSE(ignored->changed);
        ASSERT_TRUE(tx->commit());
    }
    EXPECT_TRUE(m_store->observation(first.id));
    EXPECT_FALSE(m_store->observation(second.id));

    auto third = version("33");
    third.indicatorCode = "EN1.3";
    {
        auto tx = store::Transaction::begin(m_store->database());
        ASSERT_TRUE(applyOp(*m_store, versionOp(version("34"))));
        ASSERT_TRUE(tx->commit());
    }
    auto other = store::Store::open(m_dir.path("store.sqlite"));
    ASSERT_TRUE(other) << other.error().message;
    ASSERT_TRUE(applyOp(**other, deleteOp("observation", third.id, "1795000000000.000005")));
    auto tx = store::Transaction::begin(m_store->database());
    const auto ignored = applyOp(*m_store, versionOp(third));
    ASSERT_TRUE(ignored) << ignored.error().message;
    EXPECT_FALSE(ignored->changed);
    ASSERT_TRUE(tx->commit());
    EXPECT_FALSE(m_store->observation(third.id));
}

TEST_F(OpApply, ACheckedVersionIsAppliedFromItsDecodedRecordAndKeepsIt)
{
    const auto o = version("31.5");
    const auto op = versionOp(o);
    DecodedRecord decoded;
    ASSERT_TRUE(checkOp(op, &decoded));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(store::toJson(*decoded), op.payload);

    // What is stored is the decoded record, not a second decoding of the payload (marked here so
    // the two can be told apart).
    decoded->note = "as decoded while checking";
    const auto applied = applyOp(*m_store, op, &decoded);
    ASSERT_TRUE(applied) << applied.error().message;
    EXPECT_TRUE(applied->changed);
    EXPECT_EQ(m_store->observation(o.id)->note, "as decoded while checking");
    // Kept: the server logs it in place of a payload the direct decoder never built.
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->note, "as decoded while checking");

    // The same op again: already known.
    const auto again = applyOp(*m_store, op, &decoded);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(again->changed);
    EXPECT_EQ(m_store->history(m_assessment.id, "EN1.1")->size(), 1U);
}

// A direct decoder reads a version into its record and leaves the op's payload empty: the check
// keeps that record (it was read by the same rules) instead of decoding the empty payload, and the
// scope comes from it.
TEST_F(OpApply, AVersionDecodedDirectlyIsCheckedAndScopedByItsRecord)
{
    const auto o = version("31.5");
    auto op = versionOp(o);
    op.payload.clear();
    DecodedRecord decoded = o;
    ASSERT_TRUE(checkOp(op, &decoded));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->id, o.id);
    EXPECT_EQ(scopeOf(*m_store, op, decoded)->assessmentId, o.assessmentId);
    EXPECT_FALSE(scopeOf(*m_store, op)->assessmentId);  // the payload says nothing
    DecodedRecord none;
    EXPECT_FALSE(checkOp(op, &none));  // without its record, the empty payload is refused
    ASSERT_TRUE(applyOp(*m_store, op, &decoded));
    EXPECT_EQ(m_store->observation(o.id)->assessmentId, o.assessmentId);
}

// What a device pushes (its journal's versions, carried as the stored JSON text) is the shape the
// server decodes directly, into the records the device stored.
TEST_F(OpApply, ADevicesPushOfItsJournalIsDecodedDirectly)
{
    auto first = m_store->recordObservation(store::test::numberObservation(m_assessment.id, "EN1.1", "31.5"));
    ASSERT_TRUE(first) << first.error().message;
    auto edit = m_store->recordObservation(store::test::numberObservation(m_assessment.id, "EN1.1", "30.0", first->id));
    ASSERT_TRUE(edit) << edit.error().message;
    auto entries = m_store->journal(0, 100);
    ASSERT_TRUE(entries);
    auto ops = opsFromJournal(*m_store, *entries);
    ASSERT_TRUE(ops) << ops.error().message;
    auto push = decodePush(encode(PushRequest{*ops}));
    ASSERT_TRUE(push) << push.error().message;
    EXPECT_TRUE(push->direct);
    std::size_t versions = 0;
    for (std::size_t i = 0; i < push->request.ops.size(); ++i) {
        if (push->request.ops[i].entity != "observation")
            continue;
        ++versions;
        ASSERT_TRUE(push->records[i]);
        EXPECT_EQ(store::toJson(*push->records[i]), store::toJson(*m_store->observation(push->request.ops[i].entityId)));
    }
    EXPECT_EQ(versions, 2U);
}

TEST_F(OpApply, RecordsAreDecodedForVersionsOnlyAndABadOneIsReportedWhenApplied)
{
    const auto first = version("31.5");
    const auto edit = version("30.0", first.id);
    auto broken = versionOp(version("29.0"));
    broken.payload.erase("observed_at");
    const Op status{newUuidV7(), "tablet-b", "1795000000000.000002", "assessment", m_assessment.id, "status",
                    boost::json::object{{"status", "fieldwork"}}, 0, {}};
    const std::vector<Op> ops{versionOp(first), status, versionOp(edit), broken};

    auto records = decodeRecords(ops);
    ASSERT_EQ(records.size(), 4U);
    ASSERT_TRUE(records[0] && records[2]);
    EXPECT_FALSE(records[1]);  // not a version
    EXPECT_FALSE(records[3]);  // does not decode: left to applyOp to report
    EXPECT_EQ(records[2]->parentId, first.id);

    ASSERT_TRUE(applyOp(*m_store, ops[0], &records[0]));
    ASSERT_TRUE(applyOp(*m_store, ops[2], &records[2]));
    const auto refused = applyOp(*m_store, ops[3], &records[3]);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("observed_at"), std::string::npos) << refused.error().message;
    const auto heads = m_store->latestObservations(m_assessment.id);
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_EQ(heads->front().head.id, edit.id);
}

}  // namespace
}  // namespace igmc::sync
