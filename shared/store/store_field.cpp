// Sites, assessments, assignments, observation versions and evidence metadata.
// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "core/json_text.hpp"
#include "scoring/value_codec.hpp"
#include "store/record_json.hpp"
#include "store/store_p.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <map>

namespace igmc::store {

using namespace detail;

namespace {

constexpr const char* kSiteColumns = "id, partner_id, name, kind, latitude, longitude, population, area_km2, created_at";
Site readSite(const Statement& s)
{
    Site site;
    site.id = s.text(0);
    site.partnerId = s.optionalText(1);
    site.name = s.text(2);
    site.kind = parseSiteKind(s.text(3)).value_or(SiteKind::City);
    if (!s.isNull(4) && !s.isNull(5))
        site.location = GeoPoint{s.real(4), s.real(5), std::nullopt};
    site.population = s.optionalInteger(6);
    site.areaKm2 = s.optionalReal(7);
    site.createdAt = s.text(8);
    return site;
}

constexpr const char* kAssessmentColumns = "id, site_id, catalog_id, catalog_version, stage, status, due_date, created_at, updated_at";
Assessment readAssessment(const Statement& s)
{
    Assessment a;
    a.id = s.text(0);
    a.siteId = s.text(1);
    a.catalog = {s.text(2), s.text(3)};
    a.stage = scoring::parseStage(s.text(4)).value_or(scoring::Stage::Existing);
    a.status = parseAssessmentStatus(s.text(5)).value_or(AssessmentStatus::Draft);
    a.dueDate = s.optionalText(6);
    a.createdAt = s.text(7);
    a.updatedAt = s.text(8);
    return a;
}

Observation readObservation(const Statement& s)
{
    Observation o;
    o.id = s.text(0);
    o.parentId = s.optionalText(1);
    o.assessmentId = s.text(2);
    o.indicatorCode = s.text(3);
    if (const auto json = s.optionalText(4)) {
        if (auto value = scoring::decodeValue(*json))
            o.value = *value;
    }
    o.naReason = s.optionalText(5);
    o.unit = s.text(6);
    o.method = s.text(7);
    o.note = s.text(8);
    o.observedAt = s.text(9);
    o.location = readLocation(s, 10);
    o.inspector = s.text(13);
    o.deviceId = s.text(14);
    o.hlc = s.text(15);
    o.recordedAt = s.text(16);
    return o;
}

constexpr const char* kEvidenceColumns =
    "sha256, media_type, size_bytes, original_name, captured_at, latitude, longitude, accuracy_m, recorded_at";
Evidence readEvidence(const Statement& s)
{
    Evidence e;
    e.sha256 = s.text(0);
    e.mediaType = s.text(1);
    e.sizeBytes = s.integer(2);
    e.originalName = s.text(3);
    e.capturedAt = s.optionalText(4);
    e.location = readLocation(s, 5);
    e.recordedAt = s.text(8);
    return e;
}

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Provisional head among concurrent versions: the latest HLC, then the greater device id, then id.
bool laterHead(const Observation& a, const Observation& b)
{
    return std::tie(a.hlc, a.deviceId, a.id) > std::tie(b.hlc, b.deviceId, b.id);
}

}  // namespace

// ---- Sites

Result<Site> Store::addSite(Site site)
{
    if (blank(site.name))
        return invalid("a site needs a name");
    if (auto ok = checkLocation(site.location); !ok)
        return ok.error();
    if (site.partnerId) {
        if (auto owner = partner(*site.partnerId); !owner)
            return owner.error();
    }
    if (site.id.empty())
        site.id = newUuidV7();
    if (site.createdAt.empty())
        site.createdAt = nowUtcTimestamp();
    return inTransaction<Site>(m_db, [&]() -> Result<Site> {
        auto stmt = m_db.prepare(std::string("INSERT INTO sites (") + kSiteColumns + ") VALUES (?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(site.id, site.partnerId, site.name, toString(site.kind),
                      site.location ? std::optional<double>(site.location->latitude) : std::nullopt,
                      site.location ? std::optional<double>(site.location->longitude) : std::nullopt, site.population,
                      site.areaKm2, site.createdAt);
        if (auto done = stmt->run(); !done)
            return done.error();
        if (auto done = appendJournal("site", site.id, "create", boost::json::serialize(toJson(site)), m_clock.now().toString()); !done)
            return done.error();
        return site;
    });
}

Result<Site> Store::site(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<Site>(*stmt, readSite, "site", id);
}

Result<std::vector<Site>> Store::sites()
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kSiteColumns + " FROM sites ORDER BY name, id");
    if (!stmt)
        return stmt.error();
    return collect<Site>(*stmt, readSite);
}

// ---- Assessments and assignments

Result<Assessment> Store::addAssessment(Assessment a)
{
    if (a.catalog.id.empty() || a.catalog.version.empty())
        return invalid("an assessment pins the catalog id and version it is made under");
    if (a.dueDate && !parseDate(*a.dueDate))
        return invalid("due date must be YYYY-MM-DD, not \"" + *a.dueDate + "\"");
    if (auto owner = site(a.siteId); !owner)
        return owner.error();
    if (a.id.empty())
        a.id = newUuidV7();
    if (a.createdAt.empty())
        a.createdAt = nowUtcTimestamp();
    a.updatedAt = a.createdAt;
    return inTransaction<Assessment>(m_db, [&]() -> Result<Assessment> {
        auto stmt = m_db.prepare(std::string("INSERT INTO assessments (") + kAssessmentColumns + ") VALUES (?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(a.id, a.siteId, a.catalog.id, a.catalog.version, scoring::toString(a.stage), toString(a.status), a.dueDate,
                      a.createdAt, a.updatedAt);
        if (auto done = stmt->run(); !done)
            return done.error();
        if (auto done = appendJournal("assessment", a.id, "create", boost::json::serialize(toJson(a)), m_clock.now().toString()); !done)
            return done.error();
        return a;
    });
}

Result<Assessment> Store::assessment(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kAssessmentColumns + " FROM assessments WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<Assessment>(*stmt, readAssessment, "assessment", id);
}

Result<std::vector<Assessment>> Store::assessments()
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kAssessmentColumns + " FROM assessments ORDER BY created_at, id");
    if (!stmt)
        return stmt.error();
    return collect<Assessment>(*stmt, readAssessment);
}

Result<Assessment> Store::setAssessmentStatus(const std::string& id, AssessmentStatus status)
{
    return inTransaction<Assessment>(m_db, [&]() -> Result<Assessment> {
        auto current = assessment(id);
        if (!current)
            return current.error();
        if (!canTransition(current->status, status))
            return makeError(ErrorCode::Conflict, "an assessment cannot go from " + std::string(toString(current->status)) + " to "
                                                      + std::string(toString(status)));
        current->status = status;
        current->updatedAt = nowUtcTimestamp();
        auto stmt = m_db.prepare("UPDATE assessments SET status = ?, updated_at = ? WHERE id = ?");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(toString(status), current->updatedAt, id).run(); !done)
            return done.error();
        const auto hlc = m_clock.now().toString();
        if (auto done = touchField("assessment", id, "status", hlc); !done)
            return done.error();
        if (auto done = appendJournal("assessment", id, "status", boost::json::serialize(toJson(*current)), hlc); !done)
            return done.error();
        return current;
    });
}

Result<Assignment> Store::assign(Assignment a)
{
    if (blank(a.inspector))
        return invalid("an assignment names the inspector");
    if (auto owner = assessment(a.assessmentId); !owner)
        return owner.error();
    if (a.assignedAt.empty())
        a.assignedAt = nowUtcTimestamp();
    return inTransaction<Assignment>(m_db, [&]() -> Result<Assignment> {
        auto stmt = m_db.prepare("INSERT OR IGNORE INTO assignments (assessment_id, inspector, assigned_at) VALUES (?, ?, ?)");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(a.assessmentId, a.inspector, a.assignedAt).run(); !done)
            return done.error();
        if (m_db.changes() == 0)
            return a;  // already assigned: nothing changed, nothing journaled
        if (auto done = appendJournal("assignment", a.assessmentId + "/" + a.inspector, "create", boost::json::serialize(toJson(a)),
                                      m_clock.now().toString());
            !done)
            return done.error();
        return a;
    });
}

Result<std::vector<Assignment>> Store::assignmentsOf(const std::string& inspector)
{
    auto stmt = m_db.prepare("SELECT assessment_id, inspector, assigned_at FROM assignments WHERE inspector = ? ORDER BY assigned_at");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(inspector);
    return collect<Assignment>(*stmt, [](const Statement& s) { return Assignment{s.text(0), s.text(1), s.text(2)}; });
}

// ---- Observations

Result<void> Store::checkObservation(const Observation& o)
{
    if (o.value.has_value() == o.naReason.has_value())
        return invalid("an observation has either a value or an N/A reason");
    if (o.naReason && blank(*o.naReason))
        return invalid("an N/A observation needs a reason");
    if (blank(o.indicatorCode) || blank(o.inspector))
        return invalid("an observation names its indicator and inspector");
    if (!parseTimestamp(o.observedAt))
        return invalid("observed_at must be an ISO 8601 timestamp, not \"" + o.observedAt + "\"");
    if (auto ok = checkLocation(o.location); !ok)
        return ok.error();
    return {};
}

bool Store::observationExists(const std::string& id)
{
    auto stmt = m_db.prepare("SELECT 1 FROM observations WHERE id = ?");
    if (!stmt)
        return false;
    stmt->bindAll(id);
    auto row = stmt->step();
    return row && *row;
}

// Completes `o` in place (id, device, HLC, recorded_at) so a batch keeps its records without copies.
// With `known`, a version already stored is no error: nothing is written and *known says so (one
// statement instead of a lookup before every version pulled or pushed).
Result<void> Store::insertObservation(Observation& o, bool* conflict, bool* known)
{
    if (auto ok = checkObservation(o); !ok) {
        // A version stored under older rules is still the one stored: skipped, not refused.
        if (known && !o.id.empty() && observationExists(o.id)) {
            *known = true;
            return {};
        }
        return ok.error();
    }
    if (o.id.empty())
        o.id = newUuidV7();
    if (o.deviceId.empty())
        o.deviceId = m_deviceId;
    if (o.hlc.empty())
        o.hlc = m_clock.now().toString();
    else if (auto remote = HlcTimestamp::parse(o.hlc))
        m_clock.observe(*remote);
    else
        return invalid("hlc must look like 0001700000000000.000000");
    const bool stampedHere = o.recordedAt.empty();
    if (stampedHere)
        o.recordedAt = nowUtcTimestamp();
    static constexpr std::string_view kInsertText =
        "INSERT INTO observations (id, parent_id, assessment_id, indicator_code, value_json, na_reason, unit, method, note, "
        "observed_at, latitude, longitude, accuracy_m, inspector, device_id, hlc, recorded_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static const CachedSql kInsert(kInsertText);
    static const CachedSql kInsertUnlessKnown(std::string(kInsertText) + " ON CONFLICT (id) DO NOTHING");
    auto insert = m_db.prepare(known ? kInsertUnlessKnown : kInsert);
    if (!insert)
        return insert.error();
    const auto valueJson = o.value ? std::optional<std::string>(scoring::encodeValue(*o.value)) : std::nullopt;
    if (auto done = insert->execute(o.id, o.parentId, o.assessmentId, o.indicatorCode, valueJson, o.naReason, o.unit, o.method, o.note,
                                    o.observedAt, o.location ? std::optional<double>(o.location->latitude) : std::nullopt,
                                    o.location ? std::optional<double>(o.location->longitude) : std::nullopt,
                                    o.location ? o.location->accuracyM : std::nullopt, o.inspector, o.deviceId, o.hlc, o.recordedAt);
        !done) {
        if (o.parentId && done.error().message.find("FOREIGN KEY") != std::string::npos)
            return invalid("the parent version " + *o.parentId + " does not exist");
        return done.error();
    }
    if (known) {
        *known = m_db.changes() == 0;
        if (*known) {
            // Nothing of this copy was stored: it stays as it came (the server logs an op that
            // carried it with its own payload, and that one has no receipt time of the server's).
            if (stampedHere)
                o.recordedAt.clear();
            return {};
        }
    }
    auto branched = updateHeads(o);
    if (!branched)
        return branched.error();
    if (*branched) {
        if (auto done = recordConflict(o); !done)
            return done.error();
    }
    if (conflict)
        *conflict = *branched;
    // The version is immutable: the journal names it instead of copying it (schema.cpp).
    return appendJournal("observation", o.id, "create", "{}", o.hlc, o.recordedAt);
}

// Invariant 2 of store.hpp, kept in two tables (schema v9): indicator_heads holds one head per
// indicator, branch_heads the others while versions compete. An edit takes its parent's place
// wherever the parent is a head, which also proves the parent exists with the same assessment and
// indicator; a first version claims the indicator. Anything else branched and adds a head. The
// indicator_heads row is read and changed through m_heads, which writes it when the transaction
// (or savepoint) commits, and before anything reads the heads.
Result<bool> Store::updateHeads(const Observation& o)
{
    auto branched = o.parentId ? advanceHead(o) : claimIndicator(o);
    // Outside a transaction nothing would write the cache back.
    if (branched && !m_db.inTransaction()) {
        if (auto written = m_heads.flush(); !written)
            return written.error();
    }
    return branched;
}

// For an indicator the transaction has not touched, claiming its row outright is one statement,
// where reading it and writing it later are two; a head found there is read only if an edit needs it.
Result<bool> Store::claimIndicator(const Observation& o)
{
    auto* held = m_heads.known(o.assessmentId, o.indicatorCode);
    if (!held) {
        static const CachedSql kClaim("INSERT INTO indicator_heads (assessment_id, indicator_code, observation_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        auto claim = m_db.prepare(kClaim);
        if (!claim)
            return claim.error();
        if (auto done = claim->execute(o.assessmentId, o.indicatorCode, o.id); !done)
            return done.error();
        const bool claimed = m_db.changes() == 1;
        m_heads.remember(o.assessmentId, o.indicatorCode, claimed ? std::optional<std::string>(o.id) : std::nullopt);
        if (claimed)
            return false;
    } else if (!held->head && !held->unread) {
        m_heads.setHead(*held, o.id);
        return false;
    }
    // Two first versions of one indicator (two devices, both offline) are concurrent.
    if (auto done = addBranchHead(o); !done)
        return done.error();
    return true;
}

Result<bool> Store::advanceHead(const Observation& o)
{
    auto main = m_heads.find(o.assessmentId, o.indicatorCode);
    if (!main)
        return main.error();
    if ((*main)->head == *o.parentId) {
        m_heads.setHead(**main, o.id);
        return false;
    }
    static const CachedSql kRetire("DELETE FROM branch_heads WHERE assessment_id = ? AND indicator_code = ? AND observation_id = ?");
    auto retire = m_db.prepare(kRetire);
    if (!retire)
        return retire.error();
    if (auto done = retire->execute(o.assessmentId, o.indicatorCode, *o.parentId); !done)
        return done.error();
    const bool concurrent = m_db.changes() == 0;  // the parent is no longer a head: a concurrent branch
    if (concurrent) {
        if (auto ok = checkParent(o); !ok)
            return ok.error();
    }
    if (auto done = addBranchHead(o); !done)
        return done.error();
    return concurrent;
}

Store::HeadCache::Entry* Store::HeadCache::known(const std::string& assessmentId, const std::string& indicatorCode)
{
    m_key.assign(assessmentId).append(1, '\x1f').append(indicatorCode);
    const auto found = m_entries.find(m_key);
    return found == m_entries.end() ? nullptr : &found->second;
}

void Store::HeadCache::remember(const std::string& assessmentId, const std::string& indicatorCode, std::optional<std::string> observationId)
{
    m_key.assign(assessmentId).append(1, '\x1f').append(indicatorCode);
    const bool unread = !observationId;
    m_entries.insert_or_assign(m_key, Entry{assessmentId, indicatorCode, std::move(observationId), false, unread});
}

Result<Store::HeadCache::Entry*> Store::HeadCache::find(const std::string& assessmentId, const std::string& indicatorCode)
{
    auto* entry = known(assessmentId, indicatorCode);
    if (entry && !entry->unread)
        return entry;
    static const CachedSql kRead("SELECT observation_id FROM indicator_heads WHERE assessment_id = ? AND indicator_code = ?");
    auto read = m_db.prepare(kRead);
    if (!read)
        return read.error();
    read->bindAll(assessmentId, indicatorCode);
    auto row = read->step();
    if (!row)
        return row.error();
    auto head = *row ? std::optional<std::string>(read->text(0)) : std::nullopt;
    if (entry) {
        entry->head = std::move(head);
        entry->unread = false;
        return entry;
    }
    return &m_entries.emplace(m_key, Entry{assessmentId, indicatorCode, std::move(head)}).first->second;
}

void Store::HeadCache::setHead(Entry& entry, const std::string& observationId)
{
    entry.head = observationId;
    if (!entry.dirty) {
        entry.dirty = true;
        m_dirty.push_back(&entry);
    }
}

Result<void> Store::HeadCache::flush()
{
    static const CachedSql kWrite("INSERT INTO indicator_heads (assessment_id, indicator_code, observation_id) VALUES (?, ?, ?)"
                                  " ON CONFLICT (assessment_id, indicator_code) DO UPDATE SET observation_id = excluded.observation_id");
    for (auto* entry : m_dirty) {
        auto write = m_db.prepare(kWrite);
        if (!write)
            return write.error();
        if (auto done = write->execute(entry->assessmentId, entry->indicatorCode, *entry->head); !done)
            return done.error();
        entry->dirty = false;
    }
    m_dirty.clear();
    return {};
}

void Store::HeadCache::forget()
{
    m_dirty.clear();
    m_entries.clear();
}

Result<void> Store::checkParent(const Observation& o)
{
    static const CachedSql kParent("SELECT assessment_id, indicator_code FROM observations WHERE id = ?");
    auto parent = m_db.prepare(kParent);
    if (!parent)
        return parent.error();
    parent->bindAll(*o.parentId);
    auto row = parent->step();
    if (!row)
        return row.error();
    if (!*row)
        return invalid("the parent version " + *o.parentId + " does not exist");
    if (parent->text(0) != o.assessmentId || parent->text(1) != o.indicatorCode)
        return invalid("a new version must keep its parent's assessment and indicator");
    return {};
}

Result<void> Store::addBranchHead(const Observation& o)
{
    static const CachedSql kBranch("INSERT INTO branch_heads (assessment_id, indicator_code, observation_id) VALUES (?, ?, ?)");
    auto head = m_db.prepare(kBranch);
    if (!head)
        return head.error();
    return head->execute(o.assessmentId, o.indicatorCode, o.id);
}

// One conflict per (assessment, indicator, parent): the heads when it was found, then every
// version that branched from the same parent since (schema v7 keeps them as rows, so a new branch
// costs the same however many devices branched before).
Result<void> Store::recordConflict(const Observation& o)
{
    const std::string parent = o.parentId.value_or("");  // "" = competing first versions
    auto existing = m_db.prepare("SELECT id, resolved_at IS NOT NULL FROM conflicts WHERE assessment_id = ? AND indicator_code = ? AND parent_id = ?");
    if (!existing)
        return existing.error();
    existing->bindAll(o.assessmentId, o.indicatorCode, parent);
    auto row = existing->step();
    if (!row)
        return row.error();
    if (*row) {
        const std::string id = existing->text(0);
        const bool resolved = existing->integer(1) != 0;
        auto add = m_db.prepare("INSERT OR IGNORE INTO conflict_versions (conflict_id, observation_id) VALUES (?, ?)");
        if (!add)
            return add.error();
        if (auto done = add->execute(id, o.id); !done)
            return done.error();
        if (!resolved)
            return {};
        auto reopen = m_db.prepare("UPDATE conflicts SET resolved_at = NULL WHERE id = ? AND resolved_at IS NOT NULL");
        if (!reopen)
            return reopen.error();
        return reopen->execute(id);
    }
    const std::string id = newUuidV7();
    auto insert = m_db.prepare("INSERT INTO conflicts (id, assessment_id, indicator_code, parent_id, detected_at) VALUES (?, ?, ?, ?, ?)");
    if (!insert)
        return insert.error();
    if (auto done = insert->execute(id, o.assessmentId, o.indicatorCode, parent, nowUtcTimestamp()); !done)
        return done.error();
    if (auto written = m_heads.flush(); !written)  // the view reads indicator_heads
        return written.error();
    auto heads = m_db.prepare("INSERT INTO conflict_versions (conflict_id, observation_id) "
                              "SELECT ?, observation_id FROM observation_heads WHERE assessment_id = ? AND indicator_code = ?");
    if (!heads)
        return heads.error();
    return heads->execute(id, o.assessmentId, o.indicatorCode);
}

Result<RemoteObservationResult> Store::applyRemoteObservation(Observation& o)
{
    if (o.id.empty() || o.hlc.empty() || o.deviceId.empty())
        return invalid("a version from elsewhere keeps its id, HLC and device");
    RemoteScope remote(*this);
    return inBatchTransaction<RemoteObservationResult>(m_db, [&]() -> Result<RemoteObservationResult> {
        bool conflict = false;
        bool known = false;
        if (auto stored = insertObservation(o, &conflict, &known); !stored)
            return stored.error();
        return RemoteObservationResult{!known, conflict};
    });
}

Result<std::vector<Conflict>> Store::conflicts(const std::string& assessmentId)
{
    auto stmt = m_db.prepare("SELECT c.id, c.assessment_id, c.indicator_code, c.parent_id, "
                             "(SELECT json_group_array(v.observation_id) FROM conflict_versions v WHERE v.conflict_id = c.id), "
                             "c.detected_at, c.resolved_at FROM conflicts c WHERE c.assessment_id = ? ORDER BY c.indicator_code, c.parent_id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(assessmentId);
    return collect<Conflict>(*stmt, [](const Statement& s) {
        Conflict c{s.text(0), s.text(1), s.text(2), s.text(3), {}, s.text(5), s.optionalText(6)};
        boost::system::error_code ec;
        const auto ids = boost::json::parse(s.text(4), ec);
        if (!ec && ids.is_array()) {
            for (const auto& id : ids.get_array()) {
                if (id.is_string())
                    c.observationIds.emplace_back(id.get_string());
            }
        }
        return c;
    });
}

Result<Observation> Store::recordObservation(Observation observation)
{
    return inTransaction<Observation>(m_db, [&]() -> Result<Observation> {
        if (auto done = insertObservation(observation); !done)
            return done.error();
        return std::move(observation);
    });
}

Result<std::vector<Observation>> Store::recordObservations(std::vector<Observation> observations)
{
    return inTransaction<std::vector<Observation>>(m_db, [&]() -> Result<std::vector<Observation>> {
        const auto now = nowUtcTimestamp();  // one transaction, one moment
        for (auto& o : observations) {
            if (o.recordedAt.empty())
                o.recordedAt = now;
            if (auto done = insertObservation(o); !done)
                return done.error();
        }
        return std::move(observations);
    });
}

Result<Observation> Store::observation(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kObservationColumns + " FROM observations o WHERE o.id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<Observation>(*stmt, readObservation, "observation", id);
}

namespace {

// An observation version's fields as appendObservationJson writes them, from a row or a record.
struct VersionText {
    std::string_view id;
    std::optional<std::string_view> parentId;
    std::string_view assessmentId;
    std::string_view indicatorCode;
    const scoring::Value* value = nullptr;  // null: written as null
    std::optional<std::string_view> naReason;
    std::string_view unit;
    std::string_view method;
    std::string_view note;
    std::string_view observedAt;
    std::optional<GeoPoint> location;
    std::string_view inspector;
    std::string_view deviceId;
    std::string_view hlc;
    std::string_view recordedAt;
};

void writeVersion(std::string& out, const VersionText& v)
{
    using namespace json_text;
    out += '{';
    appendField(out, "id", v.id);
    out += ',';
    appendOptionalField(out, "parent_id", v.parentId);
    out += ',';
    appendField(out, "assessment_id", v.assessmentId);
    out += ',';
    appendField(out, "indicator_code", v.indicatorCode);
    out += ",\"value\":";
    out += v.value ? scoring::encodeValue(*v.value) : std::string("null");
    out += ',';
    appendOptionalField(out, "na_reason", v.naReason);
    for (auto [key, text] : {std::pair{"unit", v.unit}, std::pair{"method", v.method}, std::pair{"note", v.note},
                             std::pair{"observed_at", v.observedAt}}) {
        out += ',';
        appendField(out, key, text);
    }
    out += ",\"location\":";
    if (const auto& point = v.location) {
        out += "{\"latitude\":";
        appendNumber(out, point->latitude);
        out += ",\"longitude\":";
        appendNumber(out, point->longitude);
        out += ",\"accuracy_m\":";
        if (point->accuracyM)
            appendNumber(out, *point->accuracyM);
        else
            out += "null";
        out += '}';
    } else {
        out += "null";
    }
    for (auto [key, text] : {std::pair{"inspector", v.inspector}, std::pair{"device_id", v.deviceId}, std::pair{"hlc", v.hlc},
                             std::pair{"recorded_at", v.recordedAt}}) {
        out += ',';
        appendField(out, key, text);
    }
    out += '}';
}

// A coordinate as its row gives it back: SQLite keeps -0.0 as the integer 0.
double asStored(double coordinate)
{
    return coordinate == 0 ? 0.0 : coordinate;
}

std::optional<GeoPoint> asStored(std::optional<GeoPoint> point)
{
    if (point) {
        point->latitude = asStored(point->latitude);
        point->longitude = asStored(point->longitude);
        if (point->accuracyM)
            point->accuracyM = asStored(*point->accuracyM);
    }
    return point;
}

std::optional<std::string_view> viewOf(const std::optional<std::string>& text)
{
    return text ? std::optional<std::string_view>(*text) : std::nullopt;
}

}  // namespace

void appendObservationJson(std::string& out, const Statement& s, int first)
{
    const auto column = [first](int c) { return first + c; };
    // Re-encoded, not spliced: a stored value that does not decode goes out as null, as
    // readObservation reads it, never as text the server cannot parse.
    const auto stored = s.optionalView(column(4));
    const auto decoded = stored ? scoring::decodeValue(*stored) : Result<scoring::Value>(invalid("no value"));
    writeVersion(out, {s.view(column(0)), s.optionalView(column(1)), s.view(column(2)), s.view(column(3)), decoded ? &*decoded : nullptr,
                       s.optionalView(column(5)), s.view(column(6)), s.view(column(7)), s.view(column(8)), s.view(column(9)),
                       readLocation(s, column(10)), s.view(column(13)), s.view(column(14)), s.view(column(15)), s.view(column(16))});
}

void appendObservationJson(std::string& out, const Observation& o)
{
    writeVersion(out, {o.id, viewOf(o.parentId), o.assessmentId, o.indicatorCode, o.value ? &*o.value : nullptr, viewOf(o.naReason), o.unit,
                       o.method, o.note, o.observedAt, asStored(o.location), o.inspector, o.deviceId, o.hlc, o.recordedAt});
}

Result<std::vector<JournalEntry>> Store::journalForPush(std::int64_t afterSeq, std::int64_t limit)
{
    // One statement in journal order: no list of ids to write and parse back (json_each), no sort.
    auto stmt = m_db.prepare(std::string("SELECT j.seq, j.op_id, j.entity, j.entity_id, j.action, j.payload, j.hlc, j.recorded_at, ")
                             + kObservationColumns
                             + " FROM journal j LEFT JOIN observations o ON j.entity = 'observation' AND o.id = j.entity_id"
                               " WHERE j.seq > ? ORDER BY j.seq LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(afterSeq, limit);
    auto entries = collect<JournalEntry>(*stmt, [](const Statement& row) {
        JournalEntry entry{row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6), row.text(7), {}};
        if (entry.entity == "observation" && !row.isNull(8)) {
            entry.versionJson.reserve(640);
            appendObservationJson(entry.versionJson, row, 8);
        }
        return entry;
    });
    if (!entries)
        return entries.error();
    for (const auto& entry : *entries) {
        if (entry.entity == "observation" && entry.versionJson.empty())
            return makeError(ErrorCode::NotFound, "observation version " + entry.entityId + " is journaled but missing from the store");
    }
    return entries;
}

Result<std::vector<std::string>> Store::observationsJson(const std::vector<std::string>& ids)
{
    boost::json::array list;
    list.reserve(ids.size());
    for (const auto& id : ids)
        list.emplace_back(id);
    auto stmt = m_db.prepare(std::string("SELECT ") + kObservationColumns
                             + " FROM json_each(?) AS j JOIN observations o ON o.id = j.value ORDER BY j.key");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(boost::json::serialize(list));
    auto texts = collect<std::string>(*stmt, [](const Statement& row) {
        std::string text;
        text.reserve(640);
        appendObservationJson(text, row);
        return text;
    });
    if (!texts)
        return texts.error();
    if (texts->size() != ids.size())
        return makeError(ErrorCode::NotFound, "observation versions missing from the store: asked for " + std::to_string(ids.size())
                                                  + ", found " + std::to_string(texts->size()));
    return texts;
}

Result<std::vector<IndicatorHead>> Store::latestObservations(const std::string& assessmentId)
{
    if (auto written = m_heads.flush(); !written)
        return written.error();
    auto stmt = m_db.prepare(std::string("SELECT ") + kObservationColumns
                             + " FROM observation_heads h JOIN observations o ON o.id = h.observation_id"
                               " WHERE h.assessment_id = ? ORDER BY h.indicator_code");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(assessmentId);
    auto rows = collect<Observation>(*stmt, readObservation);
    if (!rows)
        return rows.error();
    std::vector<IndicatorHead> heads;
    for (auto& o : *rows) {
        if (heads.empty() || heads.back().indicatorCode != o.indicatorCode) {
            heads.push_back({o.indicatorCode, std::move(o), {}});
            continue;
        }
        auto& current = heads.back();
        if (laterHead(o, current.head)) {
            current.otherHeadIds.push_back(current.head.id);
            current.head = std::move(o);
        } else {
            current.otherHeadIds.push_back(o.id);
        }
    }
    return heads;
}

Result<std::vector<Observation>> Store::history(const std::string& assessmentId, const std::string& indicatorCode)
{
    if (auto written = m_heads.flush(); !written)
        return written.error();
    // Every version is an ancestor of some head, so the heads' parent chains reach them all.
    auto stmt = m_db.prepare(std::string("WITH RECURSIVE chain(id) AS ("
                                         " SELECT observation_id FROM observation_heads WHERE assessment_id = ? AND indicator_code = ?"
                                         " UNION SELECT p.parent_id FROM observations p JOIN chain c ON p.id = c.id"
                                         " WHERE p.parent_id IS NOT NULL) SELECT ")
                             + kObservationColumns + " FROM observations o WHERE o.id IN chain ORDER BY o.hlc, o.device_id, o.id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(assessmentId, indicatorCode);
    return collect<Observation>(*stmt, readObservation);
}

Result<scoring::AssessmentValues> Store::assessmentValues(const std::string& assessmentId)
{
    auto owner = assessment(assessmentId);
    if (!owner)
        return owner.error();
    auto heads = latestObservations(assessmentId);
    if (!heads)
        return heads.error();
    scoring::AssessmentValues values;
    values.catalog = owner->catalog;
    values.stage = owner->stage;
    if (auto where = site(owner->siteId))
        values.site = where->name;
    for (auto& h : *heads) {
        values.entries[h.indicatorCode] = h.head.value ? scoring::Entry::of(*h.head.value)
                                                       : scoring::Entry::notApplicable(h.head.naReason.value_or(""));
    }
    return values;
}

// ---- Evidence

Result<void> Store::insertEvidenceLink(const std::string& sha256, const std::string& observationId)
{
    auto stmt = m_db.prepare("INSERT OR IGNORE INTO evidence_links (sha256, observation_id) VALUES (?, ?)");
    if (!stmt)
        return stmt.error();
    return stmt->bindAll(sha256, observationId).run();
}

Result<Evidence> Store::addEvidence(Evidence e)
{
    if (!isSha256Hex(e.sha256))
        return invalid("evidence is named by its SHA-256 (64 lower-case hex digits)");
    if (e.sizeBytes < 0 || blank(e.mediaType))
        return invalid("evidence needs a media type and a size");
    if (auto ok = checkLocation(e.location); !ok)
        return ok.error();
    if (e.recordedAt.empty())
        e.recordedAt = nowUtcTimestamp();
    return inTransaction<Evidence>(m_db, [&]() -> Result<Evidence> {
        // The same bytes captured twice are one evidence item: keep the first metadata, add links.
        auto stmt = m_db.prepare(std::string("INSERT OR IGNORE INTO evidence (") + kEvidenceColumns + ") VALUES (?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(e.sha256, e.mediaType, e.sizeBytes, e.originalName, e.capturedAt,
                      e.location ? std::optional<double>(e.location->latitude) : std::nullopt,
                      e.location ? std::optional<double>(e.location->longitude) : std::nullopt,
                      e.location ? e.location->accuracyM : std::nullopt, e.recordedAt);
        if (auto done = stmt->run(); !done)
            return done.error();
        for (const auto& id : e.observationIds) {
            if (auto done = insertEvidenceLink(e.sha256, id); !done)
                return done.error();
        }
        if (auto done = appendJournal("evidence", e.sha256, "create", boost::json::serialize(toJson(e)), m_clock.now().toString()); !done)
            return done.error();
        return evidence(e.sha256);
    });
}

Result<void> Store::linkEvidence(const std::string& sha256, const std::string& observationId)
{
    return inTransaction<void>(m_db, [&]() -> Result<void> {
        if (auto done = insertEvidenceLink(sha256, observationId); !done)
            return done;
        if (m_db.changes() == 0)
            return {};
        const std::string payload = boost::json::serialize(boost::json::object{{"sha256", sha256}, {"observation_id", observationId}});
        return appendJournal("evidence", sha256, "link", payload, m_clock.now().toString());
    });
}

Result<Evidence> Store::evidence(const std::string& sha256)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kEvidenceColumns + " FROM evidence WHERE sha256 = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(sha256);
    auto found = single<Evidence>(*stmt, readEvidence, "evidence", sha256);
    if (!found)
        return found;
    auto links = m_db.prepare("SELECT observation_id FROM evidence_links WHERE sha256 = ? ORDER BY observation_id");
    if (!links)
        return links.error();
    links->bindAll(sha256);
    auto ids = collect<std::string>(*links, [](const Statement& s) { return s.text(0); });
    if (!ids)
        return ids.error();
    found->observationIds = std::move(ids).value();
    return found;
}

Result<std::vector<Evidence>> Store::evidenceFor(const std::string& observationId)
{
    auto stmt = m_db.prepare("SELECT sha256 FROM evidence_links WHERE observation_id = ? ORDER BY sha256");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(observationId);
    auto hashes = collect<std::string>(*stmt, [](const Statement& s) { return s.text(0); });
    if (!hashes)
        return hashes.error();
    std::vector<Evidence> items;
    for (const auto& hash : *hashes) {
        auto item = evidence(hash);
        if (!item)
            return item.error();
        items.push_back(std::move(item).value());
    }
    return items;
}

}  // namespace igmc::store
