// `igmc partner …` and `igmc pilot …`: the partner registry on a local store file.
// SPDX-License-Identifier: Apache-2.0
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "registry/partner_rules.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>

namespace igmc::cli {

using registry::Tier;
using Align = TextTable::Align;

namespace {

constexpr const char* kPartnerUsage =
    "usage: igmc partner add --name NAME --subtype SUBTYPE --country CC [--name-zh NAME] [--population N]\n"
    "                        [--non-profit] [--country-group ldc|lldc|sids] [--contact TEXT]\n"
    "       igmc partner list [--as-of YYYY-MM-DD]\n"
    "       igmc partner show PARTNER [--as-of YYYY-MM-DD]\n"
    "       igmc partner fee PARTNER --tier A|B|C [--years N] [--waiver USD --approver NAME --reason TEXT]\n"
    "       igmc partner join PARTNER --tier A|B|C --start YYYY-MM-DD [--years N] [--waiver USD --approver NAME --reason TEXT]\n"
    "       igmc partner pay MEMBERSHIP --date YYYY-MM-DD\n"
    "       igmc partner renewals --as-of YYYY-MM-DD\n"
    "  every command takes --store FILE (or the IGMC_STORE environment variable);\n"
    "  PARTNER and MEMBERSHIP may be given by a unique prefix of their id.\n"
    "  subtypes: city_government district_government town_government government_department park_committee\n"
    "            developer infrastructure finance planning_design green_supply_chain environmental\n"
    "            think_tank research_institute university ngo\n";

constexpr const char* kPilotUsage =
    "usage: igmc pilot nominate --partner PARTNER --name NAME [--description TEXT]\n"
    "       igmc pilot review PILOT --decision approve|reject --reviewer NAME [--note TEXT]\n"
    "       igmc pilot request-certification PILOT\n"
    "       igmc pilot list\n"
    "  every command takes --store FILE (or the IGMC_STORE environment variable)\n";

class Context {
public:
    Context(const Arguments& args, std::ostream& out, std::ostream& err) : args(args), out(out), err(err) {}

    const Arguments& args;
    std::ostream& out;
    std::ostream& err;
    std::unique_ptr<store::Store> store;

    int fail(const Error& error) const
    {
        err << "igmc: " << error.message << '\n';
        return kExitFailed;
    }
    int usage(const std::string& message, const char* text) const
    {
        err << "igmc: " << message << "\n" << text;
        return kExitUsage;
    }
};

std::optional<std::string> storePath(const Arguments& args)
{
    if (auto path = args.option("store"))
        return path;
    if (const char* env = std::getenv("IGMC_STORE"); env && *env)
        return std::string(env);
    return std::nullopt;
}

// Finds the one id among `ids` that starts with `prefix`.
Result<std::string> resolveId(const std::vector<std::string>& ids, const std::string& prefix, const std::string& kind)
{
    std::vector<std::string> matches;
    for (const auto& id : ids) {
        if (id.rfind(prefix, 0) == 0)
            matches.push_back(id);
    }
    if (matches.empty())
        return makeError(ErrorCode::NotFound, "no " + kind + " id starts with \"" + prefix + "\"");
    if (matches.size() > 1 && std::find(matches.begin(), matches.end(), prefix) == matches.end())
        return makeError(ErrorCode::InvalidArgument, "\"" + prefix + "\" matches " + std::to_string(matches.size()) + " " + kind
                                                         + " ids; give more characters");
    return matches.size() == 1 ? matches[0] : prefix;
}

Result<store::Partner> findPartner(store::Store& store, const std::string& prefix)
{
    auto all = store.partners();
    if (!all)
        return all.error();
    std::vector<std::string> ids;
    for (const auto& p : *all)
        ids.push_back(p.id);
    auto id = resolveId(ids, prefix, "partner");
    if (!id)
        return id.error();
    return store.partner(*id);
}

Result<Date> dateOption(const Arguments& args, const std::string& key, bool required)
{
    const auto text = args.option(key);
    if (!text) {
        if (required)
            return makeError(ErrorCode::InvalidArgument, "--" + key + " YYYY-MM-DD is required");
        return todayUtc();
    }
    const auto date = parseDate(*text);
    if (!date)
        return makeError(ErrorCode::InvalidArgument, "--" + key + " must be a date YYYY-MM-DD, not \"" + *text + "\"");
    return *date;
}

Result<int> yearsOption(const Arguments& args)
{
    const auto text = args.option("years");
    if (!text)
        return 1;
    char* end = nullptr;
    const long years = std::strtol(text->c_str(), &end, 10);
    if (end == text->c_str() || *end != '\0')
        return makeError(ErrorCode::InvalidArgument, "--years must be a whole number, not \"" + *text + "\"");
    return static_cast<int>(years);
}

Result<Tier> tierOption(const Arguments& args)
{
    const auto text = args.option("tier");
    if (!text)
        return makeError(ErrorCode::InvalidArgument, "--tier A|B|C is required");
    auto tier = registry::parseTier(*text);
    if (!tier)
        return makeError(ErrorCode::InvalidArgument, "--tier must be A (global), B (senior) or C (partner), not \"" + *text + "\"");
    return *tier;
}

Result<std::optional<registry::WaiverDecision>> waiverOption(const Arguments& args)
{
    const auto amount = args.option("waiver");
    if (!amount)
        return std::optional<registry::WaiverDecision>{};
    const auto usd = Decimal::parse(*amount);
    if (!usd || usd->micros() % 10'000 != 0)
        return makeError(ErrorCode::InvalidArgument, "--waiver is an amount in USD with at most two decimals, not \"" + *amount + "\"");
    return std::optional<registry::WaiverDecision>(
        registry::WaiverDecision{usd->micros() / 10'000, args.option("approver").value_or(""), args.option("reason").value_or("")});
}

void printFee(const registry::FeeBreakdown& fee, std::ostream& out)
{
    TextTable table({Align::Left, Align::Right});
    table.addRow({"Tier " + std::string(registry::toString(fee.tier)) + " (" + std::string(registry::tierName(fee.tier)) + ")",
                  registry::formatUsd(fee.annualCents) + " / year"});
    table.addRow({"List fee, " + std::to_string(fee.years) + (fee.years == 1 ? " year" : " years"), registry::formatUsd(fee.listCents)});
    if (fee.discount != registry::Discount::None) {
        const std::string why = fee.discount == registry::Discount::SmallGovernment ? "government under 100,000 people" : "non-profit organisation";
        table.addRow({"Discount 30 % (" + why + ")", "-" + registry::formatUsd(fee.discountCents)});
    }
    if (fee.waiverCents > 0)
        table.addRow({"Waiver (recorded decision)", "-" + registry::formatUsd(fee.waiverCents)});
    table.addRule();
    table.addRow({"Due", registry::formatUsd(fee.dueCents)});
    table.print(out);
}

std::vector<registry::MembershipRecord> recordsOf(const std::vector<store::Membership>& memberships)
{
    std::vector<registry::MembershipRecord> records;
    for (const auto& m : memberships)
        records.push_back(m.record());
    return records;
}

int partnerAdd(Context& c)
{
    store::Partner p;
    p.name = c.args.option("name").value_or("");
    p.nameZh = c.args.option("name-zh").value_or("");
    p.profile.subtype = c.args.option("subtype").value_or("");
    p.country = c.args.option("country").value_or("");
    p.contact = c.args.option("contact").value_or("");
    p.profile.nonProfit = c.args.flag("non-profit") || p.profile.subtype == "ngo";
    const auto type = registry::typeOfSubtype(p.profile.subtype);
    if (!type)
        return c.usage("--subtype is required and must be one of the subtypes below", kPartnerUsage);
    p.profile.type = *type;
    if (const auto population = c.args.option("population")) {
        char* end = nullptr;
        const long long n = std::strtoll(population->c_str(), &end, 10);
        if (end == population->c_str() || *end != '\0' || n < 0)
            return c.usage("--population must be a whole number ≥ 0", kPartnerUsage);
        p.profile.population = n;
    }
    if (const auto group = c.args.option("country-group")) {
        const auto parsed = registry::parseCountryGroup(*group);
        if (!parsed)
            return c.usage("--country-group must be ldc, lldc or sids", kPartnerUsage);
        p.profile.countryGroup = *parsed;
    }
    auto added = c.store->addPartner(p);
    if (!added)
        return c.fail(added.error());
    c.out << "added partner " << added->id << "  " << added->name << " (" << added->profile.subtype << ", " << added->country << ")\n";
    return kExitOk;
}

int partnerList(Context& c)
{
    const auto asOf = dateOption(c.args, "as-of", false);
    if (!asOf)
        return c.usage(asOf.error().message, kPartnerUsage);
    const auto partners = c.store->partners();
    if (!partners)
        return c.fail(partners.error());
    TextTable table({Align::Left, Align::Left, Align::Left, Align::Left, Align::Left, Align::Left});
    table.addRow({"ID", "Name", "Subtype", "Country", "Tier", "Standing on " + formatDate(*asOf)});
    table.addRule();
    for (const auto& p : *partners) {
        const auto memberships = c.store->memberships(p.id);
        if (!memberships)
            return c.fail(memberships.error());
        const auto standing = registry::standingOn(recordsOf(*memberships), *asOf);
        table.addRow({p.id.substr(0, 13), p.name, p.profile.subtype, p.country,
                      standing.current ? std::string(registry::toString(standing.current->tier)) : "-",
                      std::string(registry::toString(standing.standing))});
    }
    table.print(c.out);
    c.out << partners->size() << " partners\n";
    return kExitOk;
}

int partnerShow(Context& c)
{
    if (c.args.positionals.size() != 2)
        return c.usage("partner show needs a PARTNER id", kPartnerUsage);
    const auto asOf = dateOption(c.args, "as-of", false);
    if (!asOf)
        return c.usage(asOf.error().message, kPartnerUsage);
    const auto p = findPartner(*c.store, c.args.positionals[1]);
    if (!p)
        return c.fail(p.error());
    const auto memberships = c.store->memberships(p->id);
    if (!memberships)
        return c.fail(memberships.error());
    c.out << p->name << (p->nameZh.empty() ? "" : "  " + p->nameZh) << "\n"
          << "id " << p->id << "\n"
          << registry::toString(p->profile.type) << " / " << p->profile.subtype << ", " << p->country;
    if (p->profile.population)
        c.out << ", population " << *p->profile.population;
    if (p->profile.nonProfit)
        c.out << ", non-profit";
    if (p->profile.countryGroup != registry::CountryGroup::None)
        c.out << ", " << registry::toString(p->profile.countryGroup);
    c.out << "\n\nMemberships:\n";
    TextTable table({Align::Left, Align::Left, Align::Left, Align::Left, Align::Right, Align::Left});
    for (const auto& m : *memberships) {
        table.addRow({m.id.substr(0, 13), std::string(registry::toString(m.fee.tier)), formatDate(m.term.start), formatDate(m.term.end),
                      registry::formatUsd(m.fee.dueCents), m.paidAt ? "paid " + *m.paidAt : "unpaid"});
    }
    table.print(c.out);
    const auto standing = registry::standingOn(recordsOf(*memberships), *asOf);
    c.out << "\nStanding on " << formatDate(*asOf) << ": " << registry::toString(standing.standing);
    if (standing.noticeDate)
        c.out << " (renewal notice due " << formatDate(*standing.noticeDate) << ")";
    if (standing.endedOn)
        c.out << " (ended " << formatDate(*standing.endedOn) << ")";
    c.out << "\n";
    if (standing.current) {
        c.out << "Entitlements:";
        for (auto e : registry::entitlementsOf(standing.current->tier))
            c.out << "\n  " << registry::toString(e);
        c.out << "\n";
    }
    return kExitOk;
}

int partnerFee(Context& c, bool record)
{
    if (c.args.positionals.size() != 2)
        return c.usage(std::string("partner ") + (record ? "join" : "fee") + " needs a PARTNER id", kPartnerUsage);
    const auto tier = tierOption(c.args);
    const auto years = yearsOption(c.args);
    const auto waiver = waiverOption(c.args);
    for (const Error* e : {tier ? nullptr : &tier.error(), years ? nullptr : &years.error(), waiver ? nullptr : &waiver.error()}) {
        if (e)
            return c.usage(e->message, kPartnerUsage);
    }
    const auto p = findPartner(*c.store, c.args.positionals[1]);
    if (!p)
        return c.fail(p.error());
    const auto fee = registry::computeFee(p->profile, *tier, *years, *waiver);
    if (!fee)
        return c.fail(fee.error());
    c.out << p->name << "\n";
    printFee(*fee, c.out);
    if (!record)
        return kExitOk;
    const auto start = dateOption(c.args, "start", true);
    if (!start)
        return c.usage(start.error().message, kPartnerUsage);
    store::Membership m;
    m.partnerId = p->id;
    m.term = registry::termFor(*start, *years);
    m.fee = *fee;
    m.waiver = *waiver;
    const auto stored = c.store->addMembership(m);
    if (!stored)
        return c.fail(stored.error());
    c.out << "recorded membership " << stored->id << ": " << formatDate(stored->term.start) << " to " << formatDate(stored->term.end)
          << " (valid once paid; renewal notice " << formatDate(registry::renewalNoticeDate(stored->term)) << ")\n";
    return kExitOk;
}

int partnerPay(Context& c)
{
    if (c.args.positionals.size() != 2)
        return c.usage("partner pay needs a MEMBERSHIP id", kPartnerUsage);
    const auto date = dateOption(c.args, "date", true);
    if (!date)
        return c.usage(date.error().message, kPartnerUsage);
    const auto partners = c.store->partners();
    if (!partners)
        return c.fail(partners.error());
    std::vector<std::string> ids;
    for (const auto& p : *partners) {
        const auto memberships = c.store->memberships(p.id);
        if (!memberships)
            return c.fail(memberships.error());
        for (const auto& m : *memberships)
            ids.push_back(m.id);
    }
    const auto id = resolveId(ids, c.args.positionals[1], "membership");
    if (!id)
        return c.fail(id.error());
    const auto paid = c.store->recordPayment(*id, formatDate(*date));
    if (!paid)
        return c.fail(paid.error());
    c.out << "membership " << paid->id << " paid on " << *paid->paidAt << " (" << registry::formatUsd(paid->fee.dueCents) << ")\n";
    return kExitOk;
}

int partnerRenewals(Context& c)
{
    const auto asOf = dateOption(c.args, "as-of", true);
    if (!asOf)
        return c.usage(asOf.error().message, kPartnerUsage);
    const auto partners = c.store->partners();
    if (!partners)
        return c.fail(partners.error());
    TextTable notices({Align::Left, Align::Left, Align::Left, Align::Left, Align::Left});
    TextTable lapsed({Align::Left, Align::Left, Align::Left});
    std::size_t noticeCount = 0;
    std::size_t lapsedCount = 0;
    for (const auto& p : *partners) {
        const auto memberships = c.store->memberships(p.id);
        if (!memberships)
            return c.fail(memberships.error());
        const auto standing = registry::standingOn(recordsOf(*memberships), *asOf);
        if (standing.standing == registry::Standing::RenewalDue) {
            ++noticeCount;
            notices.addRow({p.id.substr(0, 13), p.name, std::string(registry::toString(standing.current->tier)),
                            "expires " + formatDate(standing.current->term.end), "notice since " + formatDate(*standing.noticeDate)});
        } else if (standing.standing == registry::Standing::Lapsed) {
            ++lapsedCount;
            lapsed.addRow({p.id.substr(0, 13), p.name, "ended " + formatDate(*standing.endedOn) + ": membership and all entitlements ended"});
        }
    }
    c.out << "Renewal notices due on " << formatDate(*asOf) << ": " << noticeCount << "\n";
    notices.print(c.out);
    c.out << "Lapsed (unpaid at expiry): " << lapsedCount << "\n";
    lapsed.print(c.out);
    return kExitOk;
}

int pilotNominate(Context& c)
{
    const auto partnerId = c.args.option("partner");
    const auto name = c.args.option("name");
    if (!partnerId || !name)
        return c.usage("pilot nominate needs --partner and --name", kPilotUsage);
    const auto p = findPartner(*c.store, *partnerId);
    if (!p)
        return c.fail(p.error());
    store::PilotProject pilot;
    pilot.partnerId = p->id;
    pilot.name = *name;
    pilot.description = c.args.option("description").value_or("");
    const auto stored = c.store->nominatePilot(pilot);
    if (!stored)
        return c.fail(stored.error());
    c.out << "nominated pilot project " << stored->id << "  " << stored->name << " (by " << p->name << ")\n";
    return kExitOk;
}

Result<std::string> findPilotId(store::Store& store, const std::string& prefix)
{
    auto all = store.pilots();
    if (!all)
        return all.error();
    std::vector<std::string> ids;
    for (const auto& p : *all)
        ids.push_back(p.id);
    return resolveId(ids, prefix, "pilot project");
}

int pilotReview(Context& c, bool requestCertification)
{
    if (c.args.positionals.size() != 2)
        return c.usage("give the PILOT id", kPilotUsage);
    registry::PilotAction action = registry::PilotAction::RequestCertification;
    if (!requestCertification) {
        const auto decision = c.args.option("decision");
        if (decision == "approve")
            action = registry::PilotAction::Approve;
        else if (decision == "reject")
            action = registry::PilotAction::Reject;
        else
            return c.usage("--decision must be approve or reject", kPilotUsage);
    }
    const auto id = findPilotId(*c.store, c.args.positionals[1]);
    if (!id)
        return c.fail(id.error());
    const auto reviewed = c.store->reviewPilot(*id, action, c.args.option("reviewer").value_or(""), c.args.option("note").value_or(""));
    if (!reviewed)
        return c.fail(reviewed.error());
    c.out << "pilot project " << reviewed->id << " is now " << registry::toString(reviewed->status) << "\n";
    return kExitOk;
}

int pilotList(Context& c)
{
    const auto pilots = c.store->pilots();
    if (!pilots)
        return c.fail(pilots.error());
    TextTable table({Align::Left, Align::Left, Align::Left, Align::Left});
    table.addRow({"ID", "Name", "Status", "Reviewer"});
    table.addRule();
    for (const auto& p : *pilots)
        table.addRow({p.id.substr(0, 13), p.name, std::string(registry::toString(p.status)), p.reviewer});
    table.print(c.out);
    return kExitOk;
}

int withStore(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const char* usage,
              const std::function<int(Context&)>& body)
{
    const auto parsed = parseArguments(args, {"store", "name", "name-zh", "subtype", "country", "population", "country-group", "contact",
                                              "as-of", "tier", "years", "waiver", "approver", "reason", "start", "date", "partner",
                                              "description", "decision", "reviewer", "note"},
                                       {"non-profit"});
    if (!parsed) {
        err << "igmc: " << parsed.error().message << "\n" << usage;
        return kExitUsage;
    }
    const auto path = storePath(*parsed);
    if (!path) {
        err << "igmc: give the store file with --store FILE or IGMC_STORE\n" << usage;
        return kExitUsage;
    }
    auto opened = store::Store::open(*path);
    if (!opened) {
        err << "igmc: " << opened.error().describe() << '\n';
        return kExitFailed;
    }
    Context context(*parsed, out, err);
    context.store = std::move(opened).value();
    return body(context);
}

}  // namespace

int partnerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const std::string verb = args.empty() ? "" : args[0];
    static const std::map<std::string, std::function<int(Context&)>> kVerbs{
        {"add", partnerAdd},
        {"list", partnerList},
        {"show", partnerShow},
        {"fee", [](Context& c) { return partnerFee(c, false); }},
        {"join", [](Context& c) { return partnerFee(c, true); }},
        {"pay", partnerPay},
        {"renewals", partnerRenewals},
    };
    const auto it = kVerbs.find(verb);
    if (it == kVerbs.end()) {
        err << kPartnerUsage;
        return kExitUsage;
    }
    return withStore(args, out, err, kPartnerUsage, it->second);
}

int pilotCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const std::string verb = args.empty() ? "" : args[0];
    static const std::map<std::string, std::function<int(Context&)>> kVerbs{
        {"nominate", pilotNominate},
        {"review", [](Context& c) { return pilotReview(c, false); }},
        {"request-certification", [](Context& c) { return pilotReview(c, true); }},
        {"list", pilotList},
    };
    const auto it = kVerbs.find(verb);
    if (it == kVerbs.end()) {
        err << kPilotUsage;
        return kExitUsage;
    }
    return withStore(args, out, err, kPilotUsage, it->second);
}

}  // namespace igmc::cli
