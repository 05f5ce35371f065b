// Opening the store, the journal, and the partner registry records.
// SPDX-License-Identifier: Apache-2.0
#include "store/store.hpp"

#include "core/calendar.hpp"
#include "core/ids.hpp"
#include "store/record_json.hpp"
#include "store/schema.hpp"
#include "store/store_p.hpp"

namespace igmc::store {

using namespace detail;

namespace {

Result<std::string> loadOrCreateDeviceId(Database& db, bool readOnly)
{
    auto select = db.prepare("SELECT value FROM store_meta WHERE key = 'device_id'");
    if (!select)
        return select.error();
    auto row = select->step();
    if (!row)
        return row.error();
    if (*row)
        return select->text(0);
    if (readOnly)
        return makeError(ErrorCode::StorageError, "the store has no device id and is opened read-only", db.path());
    std::string id = newUuidV7();
    auto insert = db.prepare("INSERT INTO store_meta (key, value) VALUES ('device_id', ?)");
    if (!insert)
        return insert.error();
    if (auto done = insert->bindAll(id).run(); !done)
        return done.error();
    return id;
}

// The highest HLC this store has issued (its last journal entry: local entries are appended in
// clock order, except anonymous ones, stamped with the start of their hour) or recorded from
// elsewhere (store_meta 'hlc_high_water', kept by sync).
Result<HlcTimestamp> lastHlc(Database& db)
{
    HlcTimestamp last;
    for (const char* sql : {"SELECT hlc FROM journal WHERE entity NOT IN ('survey_response', 'survey_rejection', 'training_feedback') "
                            "ORDER BY seq DESC LIMIT 1",
                            "SELECT value FROM store_meta WHERE key = 'hlc_high_water'"}) {
        auto stmt = db.prepare(sql);
        if (!stmt)
            return stmt.error();
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (*row && !stmt->isNull(0))
            last = std::max(last, HlcTimestamp::parse(stmt->text(0)).value_or(HlcTimestamp{}));
    }
    return last;
}

Partner readPartner(const Statement& s)
{
    Partner p;
    p.id = s.text(0);
    p.name = s.text(1);
    p.nameZh = s.optionalText(2).value_or("");
    p.profile.type = registry::parsePartnerType(s.text(3)).value_or(registry::PartnerType::Enterprise);
    p.profile.subtype = s.text(4);
    p.country = s.text(5);
    p.profile.population = s.optionalInteger(6);
    p.profile.nonProfit = s.integer(7) != 0;
    p.profile.countryGroup = registry::parseCountryGroup(s.text(8)).value_or(registry::CountryGroup::None);
    p.contact = s.optionalText(9).value_or("");
    p.createdAt = s.text(10);
    return p;
}
constexpr const char* kPartnerColumns =
    "id, name, name_zh, type, subtype, country, population, non_profit, country_group, contact, created_at";

Membership readMembership(const Statement& s)
{
    Membership m;
    m.id = s.text(0);
    m.partnerId = s.text(1);
    m.fee.tier = registry::parseTier(s.text(2)).value_or(registry::Tier::C);
    m.term.start = parseDate(s.text(3)).value_or(Date{});
    m.term.end = parseDate(s.text(4)).value_or(Date{});
    m.fee.years = static_cast<int>(s.integer(5));
    m.fee.annualCents = registry::annualFeeCents(m.fee.tier);
    m.fee.listCents = s.integer(6);
    const auto discount = s.text(7);
    m.fee.discount = discount == "small_government" ? registry::Discount::SmallGovernment
                     : discount == "non_profit"     ? registry::Discount::NonProfit
                                                    : registry::Discount::None;
    m.fee.discountCents = s.integer(8);
    m.fee.waiverCents = s.integer(9);
    if (m.fee.waiverCents > 0)
        m.waiver = registry::WaiverDecision{m.fee.waiverCents, s.text(10), s.text(11)};
    m.fee.dueCents = s.integer(12);
    m.paidAt = s.optionalText(13);
    m.createdAt = s.text(14);
    return m;
}
constexpr const char* kMembershipColumns =
    "id, partner_id, tier, start_date, end_date, years, list_fee_cents, discount, discount_cents, waiver_cents, "
    "waiver_approver, waiver_reason, fee_due_cents, paid_at, created_at";

PilotProject readPilot(const Statement& s)
{
    PilotProject p;
    p.id = s.text(0);
    p.partnerId = s.text(1);
    p.name = s.text(2);
    p.description = s.text(3);
    p.status = registry::parsePilotStatus(s.text(4)).value_or(registry::PilotStatus::Nominated);
    p.nominatedAt = s.text(5);
    p.reviewedAt = s.optionalText(6);
    p.reviewer = s.optionalText(7).value_or("");
    p.reviewNote = s.optionalText(8).value_or("");
    return p;
}
constexpr const char* kPilotColumns = "id, partner_id, name, description, status, nominated_at, reviewed_at, reviewer, review_note";

}  // namespace

Store::Store(Database db, std::string deviceId, HybridClock clock)
    : m_db(std::move(db)), m_deviceId(std::move(deviceId)), m_clock(std::move(clock))
{
    m_db.setWriteBehind(&m_heads);
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const StoreOptions& options)
{
    auto db = Database::open(path, options.database);
    if (!db)
        return db.error();
    if (options.database.readOnly) {
        auto version = schemaVersion(*db);
        if (!version)
            return version.error();
        if (*version != kSchemaVersion)
            return makeError(ErrorCode::StorageError, "a read-only store must already be at schema version "
                                                          + std::to_string(kSchemaVersion) + " (it is at "
                                                          + std::to_string(*version) + ")", path);
    } else if (auto migrated = migrate(*db); !migrated) {
        return migrated.error();
    }
    auto deviceId = loadOrCreateDeviceId(*db, options.database.readOnly);
    if (!deviceId)
        return deviceId.error();
    HybridClock clock = options.clock ? HybridClock(options.clock) : HybridClock();
    auto last = lastHlc(*db);
    if (!last)
        return last.error();
    clock.observe(*last);
    return std::unique_ptr<Store>(new Store(std::move(db).value(), std::move(deviceId).value(), std::move(clock)));
}

Result<void> Store::appendJournal(const std::string& entity, const std::string& entityId, const std::string& action,
                                  const std::string& payload, const std::string& hlc, const std::string& recordedAt)
{
    if (m_remote)
        return {};
    auto stmt = m_db.prepare(
        "INSERT INTO journal (op_id, entity, entity_id, action, payload, hlc, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    return stmt->execute(newUuidV7(), entity, entityId, action, payload, hlc, recordedAt.empty() ? nowUtcTimestamp() : recordedAt);
}

Result<void> Store::appendAnonymousJournal(const std::string& entity, const std::string& entityId, const std::string& payload,
                                          const std::string& hour)
{
    if (m_remote)
        return {};
    const auto start = parseTimestamp(hour);
    if (!start)
        return invalid("an anonymous record needs its hour as YYYY-MM-DDTHH:00:00Z, not \"" + hour + "\"");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(start->time_since_epoch()).count();
    const std::string hlc = HlcTimestamp{static_cast<std::uint64_t>(ms), 0}.toString();
    auto stmt = m_db.prepare(
        "INSERT INTO journal (op_id, entity, entity_id, action, payload, hlc, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!stmt)
        return stmt.error();
    return stmt->execute(newUuidV4(), entity, entityId, "create", payload, hlc, hour);
}

Result<std::vector<JournalEntry>> Store::journal(std::int64_t afterSeq, std::int64_t limit)
{
    auto stmt = m_db.prepare(
        "SELECT seq, op_id, entity, entity_id, action, payload, hlc, recorded_at FROM journal WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(afterSeq, limit);
    return collect<JournalEntry>(*stmt, [](const Statement& s) {
        return JournalEntry{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7), {}};
    });
}

Result<std::optional<std::string>> Store::meta(const std::string& key)
{
    auto stmt = m_db.prepare("SELECT value FROM store_meta WHERE key = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(key);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::string>{};
    return std::optional<std::string>(stmt->text(0));
}

Result<void> Store::setMeta(const std::string& key, const std::string& value)
{
    auto stmt = m_db.prepare("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return stmt.error();
    return stmt->execute(key, value);
}

Result<void> Store::touchField(const std::string& entity, const std::string& entityId, const std::string& field, const std::string& hlc)
{
    auto stmt = m_db.prepare("INSERT INTO field_clocks (entity, entity_id, field, hlc) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (entity, entity_id, field) DO UPDATE SET hlc = max(hlc, excluded.hlc)");
    if (!stmt)
        return stmt.error();
    return stmt->execute(entity, entityId, field, hlc);
}

Result<std::vector<std::string>> Store::journalEntityIds(std::int64_t afterSeq, const std::string& entity, const std::string& action)
{
    auto stmt = m_db.prepare("SELECT entity_id FROM journal WHERE seq > ? AND entity = ? AND action = ? ORDER BY seq");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(afterSeq, entity, action);
    return collect<std::string>(*stmt, [](const Statement& s) { return s.text(0); });
}

Result<std::int64_t> Store::lastJournalSeq()
{
    return m_db.queryInteger("SELECT coalesce(max(seq), 0) FROM journal");
}

// ---- Partner registry

Result<Partner> Store::addPartner(Partner p)
{
    if (p.name.find_first_not_of(" \t") == std::string::npos)
        return invalid("a partner needs a name");
    const auto type = registry::typeOfSubtype(p.profile.subtype);
    if (!type)
        return invalid("unknown partner subtype \"" + p.profile.subtype + "\"");
    if (*type != p.profile.type)
        return invalid("subtype \"" + p.profile.subtype + "\" belongs to " + std::string(registry::toString(*type)) + ", not "
                       + std::string(registry::toString(p.profile.type)));
    if (p.country.size() != 2)
        return invalid("country must be an ISO 3166-1 alpha-2 code such as CN");
    if (p.profile.population && *p.profile.population < 0)
        return invalid("population cannot be negative");
    if (p.id.empty())
        p.id = newUuidV7();
    if (p.createdAt.empty())
        p.createdAt = nowUtcTimestamp();
    return inTransaction<Partner>(m_db, [&]() -> Result<Partner> {
        auto stmt = m_db.prepare(std::string("INSERT INTO partners (") + kPartnerColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(p.id, p.name, p.nameZh, registry::toString(p.profile.type), p.profile.subtype, p.country,
                      p.profile.population, p.profile.nonProfit ? 1 : 0, registry::toString(p.profile.countryGroup), p.contact,
                      p.createdAt);
        if (auto done = stmt->run(); !done)
            return done.error();
        if (auto done = appendJournal("partner", p.id, "create", boost::json::serialize(toJson(p)), m_clock.now().toString()); !done)
            return done.error();
        return p;
    });
}

Result<Partner> Store::partner(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kPartnerColumns + " FROM partners WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<Partner>(*stmt, readPartner, "partner", id);
}

Result<std::vector<Partner>> Store::partners()
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kPartnerColumns + " FROM partners ORDER BY name, id");
    if (!stmt)
        return stmt.error();
    return collect<Partner>(*stmt, readPartner);
}

Result<Membership> Store::addMembership(Membership m)
{
    auto owner = partner(m.partnerId);
    if (!owner)
        return owner.error();
    // The fee must be what the rules give for this partner: recompute and compare, so a caller
    // can never store a fee the guide does not allow.
    auto expected = registry::computeFee(owner->profile, m.fee.tier, m.fee.years, m.waiver);
    if (!expected)
        return expected.error();
    if (expected->dueCents != m.fee.dueCents || expected->discountCents != m.fee.discountCents)
        return invalid("the membership fee does not follow the partner rules (expected " + registry::formatUsd(expected->dueCents) + ")");
    m.fee = *expected;
    if (!(m.term.start < m.term.end) || m.term.end != registry::termFor(m.term.start, m.fee.years).end)
        return invalid("the membership term must run " + std::to_string(m.fee.years) + " year(s) from its start");
    if (m.id.empty())
        m.id = newUuidV7();
    if (m.createdAt.empty())
        m.createdAt = nowUtcTimestamp();
    return inTransaction<Membership>(m_db, [&]() -> Result<Membership> {
        auto stmt = m_db.prepare(std::string("INSERT INTO memberships (") + kMembershipColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(m.id, m.partnerId, registry::toString(m.fee.tier), formatDate(m.term.start), formatDate(m.term.end),
                      m.fee.years, m.fee.listCents, registry::toString(m.fee.discount), m.fee.discountCents, m.fee.waiverCents);
        stmt->bind(11, m.waiver ? std::optional<std::string>(m.waiver->approver) : std::nullopt);
        stmt->bind(12, m.waiver ? std::optional<std::string>(m.waiver->reason) : std::nullopt);
        stmt->bind(13, m.fee.dueCents).bind(14, m.paidAt).bind(15, m.createdAt);
        if (auto done = stmt->run(); !done)
            return done.error();
        if (auto done = appendJournal("membership", m.id, "create", boost::json::serialize(toJson(m)), m_clock.now().toString()); !done)
            return done.error();
        return m;
    });
}

Result<Membership> Store::membership(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kMembershipColumns + " FROM memberships WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<Membership>(*stmt, readMembership, "membership", id);
}

Result<std::vector<Membership>> Store::memberships(const std::string& partnerId)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kMembershipColumns + " FROM memberships WHERE partner_id = ? ORDER BY start_date, id");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(partnerId);
    return collect<Membership>(*stmt, readMembership);
}

Result<Membership> Store::recordPayment(const std::string& membershipId, const std::string& paidOn)
{
    if (!parseDate(paidOn))
        return invalid("payment date must be YYYY-MM-DD, not \"" + paidOn + "\"");
    return inTransaction<Membership>(m_db, [&]() -> Result<Membership> {
        auto current = membership(membershipId);
        if (!current)
            return current.error();
        if (current->paidAt)
            return makeError(ErrorCode::Conflict, "membership " + membershipId + " was already paid on " + *current->paidAt);
        auto stmt = m_db.prepare("UPDATE memberships SET paid_at = ? WHERE id = ?");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(paidOn, membershipId).run(); !done)
            return done.error();
        current->paidAt = paidOn;
        if (auto done = appendJournal("membership", membershipId, "pay", boost::json::serialize(toJson(*current)), m_clock.now().toString()); !done)
            return done.error();
        return current;
    });
}

Result<PilotProject> Store::nominatePilot(PilotProject p)
{
    if (p.name.find_first_not_of(" \t") == std::string::npos)
        return invalid("a pilot project needs a name");
    if (auto owner = partner(p.partnerId); !owner)
        return owner.error();
    if (p.id.empty())
        p.id = newUuidV7();
    p.status = registry::PilotStatus::Nominated;
    if (p.nominatedAt.empty())
        p.nominatedAt = nowUtcTimestamp();
    return inTransaction<PilotProject>(m_db, [&]() -> Result<PilotProject> {
        auto stmt = m_db.prepare(std::string("INSERT INTO pilot_projects (") + kPilotColumns + ") VALUES (?,?,?,?,?,?,?,?,?)");
        if (!stmt)
            return stmt.error();
        stmt->bindAll(p.id, p.partnerId, p.name, p.description, registry::toString(p.status), p.nominatedAt, p.reviewedAt,
                      p.reviewer, p.reviewNote);
        if (auto done = stmt->run(); !done)
            return done.error();
        if (auto done = appendJournal("pilot_project", p.id, "nominate", boost::json::serialize(toJson(p)), m_clock.now().toString()); !done)
            return done.error();
        return p;
    });
}

Result<PilotProject> Store::pilot(const std::string& id)
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kPilotColumns + " FROM pilot_projects WHERE id = ?");
    if (!stmt)
        return stmt.error();
    stmt->bindAll(id);
    return single<PilotProject>(*stmt, readPilot, "pilot project", id);
}

Result<std::vector<PilotProject>> Store::pilots()
{
    auto stmt = m_db.prepare(std::string("SELECT ") + kPilotColumns + " FROM pilot_projects ORDER BY nominated_at, id");
    if (!stmt)
        return stmt.error();
    return collect<PilotProject>(*stmt, readPilot);
}

Result<PilotProject> Store::reviewPilot(const std::string& id, registry::PilotAction action, const std::string& reviewer,
                                        const std::string& note)
{
    if (action != registry::PilotAction::RequestCertification && reviewer.empty())
        return invalid("a pilot review needs the reviewer's name");
    return inTransaction<PilotProject>(m_db, [&]() -> Result<PilotProject> {
        auto current = pilot(id);
        if (!current)
            return current.error();
        auto next = registry::applyPilotAction(current->status, action);
        if (!next)
            return next.error();
        current->status = *next;
        if (action != registry::PilotAction::RequestCertification) {
            current->reviewedAt = nowUtcTimestamp();
            current->reviewer = reviewer;
            current->reviewNote = note;
        }
        auto stmt = m_db.prepare("UPDATE pilot_projects SET status = ?, reviewed_at = ?, reviewer = ?, review_note = ? WHERE id = ?");
        if (!stmt)
            return stmt.error();
        if (auto done = stmt->bindAll(registry::toString(current->status), current->reviewedAt, current->reviewer, current->reviewNote, id).run(); !done)
            return done.error();
        if (auto done = appendJournal("pilot_project", id, std::string(registry::toString(*next)), boost::json::serialize(toJson(*current)),
                                      m_clock.now().toString());
            !done)
            return done.error();
        return current;
    });
}

Result<bool> Store::anyTombstones()
{
    const auto transaction = m_db.writeTransaction();
    if (transaction != 0 && transaction == m_tombstonesKnownIn)
        return m_anyTombstones;
    auto stmt = m_db.prepare("SELECT EXISTS (SELECT 1 FROM tombstones)");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    m_anyTombstones = *row && stmt->integer(0) != 0;
    m_tombstonesKnownIn = transaction;
    return m_anyTombstones;
}

}  // namespace igmc::store
