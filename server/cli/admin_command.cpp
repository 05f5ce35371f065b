// `igmc admin …`: set up a field visit on a running server without writing JSON by hand.
// SPDX-License-Identifier: Apache-2.0
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/text_table.hpp"
#include "client/http_client.hpp"
#include "core/ids.hpp"
#include "core/private_files.hpp"
#include "core/json_reader.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>

namespace igmc::cli {

namespace {

constexpr const char* kAdminUsage =
    "usage: igmc admin enroll --server URL --code CODE [--ca-file PEM] [--pin sha256//KEY]   keep an admin token in the credentials file\n"
    "       igmc admin code --role ROLE [--inspector NAME] [--assessment ID] [--partner ID] [--site ID] [--label TEXT] [--hours N]\n"
    "       igmc admin partner --name NAME --subtype SUBTYPE --country CC [--population N] [--non-profit]\n"
    "       igmc admin site --name NAME --kind KIND [--partner ID] [--latitude X --longitude Y] [--population N]\n"
    "       igmc admin assessment --site ID [--catalog-id ID --catalog-version V] [--stage planning|existing] [--due YYYY-MM-DD]\n"
    "       igmc admin assign --assessment ID --inspector NAME\n"
    "       igmc admin survey FILE                                  publish a survey version (igmc-survey/1 JSON)\n"
    "       igmc admin survey-results SURVEY [--site ID] [--version N]  shares with sample size and 95% margin of error\n"
    "       igmc admin survey-observations SURVEY --version N --assessment ID   survey indicators → observations\n"
    "       igmc admin membership --partner ID --tier A|B|C --start YYYY-MM-DD [--years N] [--paid-on YYYY-MM-DD]\n"
    "       igmc admin training-day --partner ID [--date YYYY-MM-DD]      is the partner entitled; is this year's day used\n"
    "       igmc admin training-visit --partner ID --date YYYY-MM-DD [--site ID] --agenda FILE\n"
    "         (agenda: {\"sessions\": [{id, time, topic, trainer}], \"materials\": [{\"name\", \"file\"}]}; files are uploaded)\n"
    "       igmc admin devices | igmc admin revoke DEVICE\n"
    "       igmc admin scope DEVICE [--site ID] [--partner ID] [--inspector NAME] [--assessment ID]   move a kiosk, widen a device\n"
    "       igmc admin conflicts --assessment ID\n"
    "  --credentials FILE (default $IGMC_ADMIN_CREDENTIALS or ~/.config/igmc/admin.json) holds the server and token.\n"
    "  ROLE: admin reviewer inspector trainer kiosk. KIND: city district town community industrial_park planning_project\n";

struct Credentials {
    std::string server;
    std::string token;
    sync::TlsTrust trust;
};

std::string credentialsPath(const Arguments& args)
{
    if (auto path = args.option("credentials"))
        return *path;
    if (const char* env = std::getenv("IGMC_ADMIN_CREDENTIALS"); env && *env)
        return env;
    const char* home = std::getenv("HOME");
    return std::string(home ? home : ".") + "/.config/igmc/admin.json";
}

Result<Credentials> loadCredentials(const std::string& path)
{
    auto text = json::readFile(path);
    if (!text)
        return makeError(ErrorCode::Unauthorized, "no admin credentials in " + path + ": run `igmc admin enroll --server URL --code CODE` first");
    boost::system::error_code ec;
    const auto doc = boost::json::parse(*text, ec);
    if (ec || !doc.is_object() || !doc.get_object().contains("server") || !doc.get_object().contains("token"))
        return makeError(ErrorCode::InvalidArgument, path + " is not an igmc credentials file");
    const auto field = [&doc](const char* key) {
        const auto* value = doc.get_object().if_contains(key);
        return value && value->is_string() ? std::string(value->get_string()) : std::string();
    };
    return Credentials{field("server"), field("token"), {field("ca_file"), field("pinned_key")}};
}

class AdminClient {
public:
    explicit AdminClient(Credentials credentials) : m_credentials(std::move(credentials)) { m_http.setTrust(m_credentials.trust); }

    Result<boost::json::value> call(const std::string& method, const std::string& path, const std::string& body = {})
    {
        sync::HttpRequest request{method, m_credentials.server + path,
                                  {{"Authorization", "Bearer " + m_credentials.token}, {"Content-Type", "application/json"}}, body};
        auto response = m_http.send(request);
        if (!response)
            return response.error();
        if (response->status >= 300)
            return makeError(ErrorCode::InvalidArgument, "the server said: " + sync::serverMessage(*response) + " (HTTP "
                                                             + std::to_string(response->status) + ")");
        boost::system::error_code ec;
        auto json = boost::json::parse(response->body, ec);
        if (ec)
            return makeError(ErrorCode::Internal, "the server's answer is not JSON");
        return json;
    }

    // Uploads a whole file as a content-addressed blob (resumable uploads are for devices).
    Result<void> upload(const std::string& sha256, const std::string& bytes)
    {
        sync::HttpRequest request{"PUT", m_credentials.server + "/v1/blobs/" + sha256,
                                  {{"Authorization", "Bearer " + m_credentials.token},
                                   {"Content-Type", "application/octet-stream"},
                                   {"Upload-Offset", "0"},
                                   {"Upload-Length", std::to_string(bytes.size())}},
                                  bytes};
        auto response = m_http.send(request);
        if (!response)
            return response.error();
        if (response->status == 409 && response->header("blob-complete") == "true")
            return {};  // already there
        if (response->status != 201 && response->status != 200)
            return makeError(ErrorCode::InvalidArgument, "the server refused the file: " + sync::serverMessage(*response));
        return {};
    }

private:
    Credentials m_credentials;
    sync::HttpClient m_http;
};

// "none", or how many pulled ops the device keeps aside and why the first one is.
std::string problemsOf(const boost::json::value& device)
{
    const auto* problems = device.as_object().if_contains("problems");
    if (!problems || !problems->is_array() || problems->get_array().empty())
        return "none";
    const auto& list = problems->get_array();
    const auto* reason = list.front().is_object() ? list.front().as_object().if_contains("reason") : nullptr;
    return std::to_string(list.size()) + " pulled change(s) set aside"
           + (reason && reason->is_string() ? ": " + std::string(reason->get_string()).substr(0, 120) : std::string());
}

int failWith(std::ostream& err, const Error& error)
{
    err << "igmc admin: " << error.message << "\n";
    return kExitFailed;
}

int enroll(const Arguments& args, std::ostream& out, std::ostream& err)
{
    const auto server = args.option("server");
    const auto code = args.option("code");
    if (!server || !code) {
        err << kAdminUsage;
        return kExitUsage;
    }
    const sync::TlsTrust trust{args.option("ca-file").value_or(""), args.option("pin").value_or("")};
    sync::HttpClient http;
    http.setTrust(trust);
    const auto body = boost::json::serialize(boost::json::object{{"code", *code}, {"device_name", args.option("name").value_or("igmc admin CLI")}});
    auto response = http.send({"POST", *server + "/v1/enroll", {{"Content-Type", "application/json"}}, body});
    if (!response)
        return failWith(err, response.error());
    if (response->status != 201)
        return failWith(err, makeError(ErrorCode::Unauthorized, sync::serverMessage(*response)));
    const auto json = boost::json::parse(response->body);
    const auto path = credentialsPath(args);
    boost::json::object credentials{{"server", *server}, {"token", json.at("token")}};
    if (!trust.caFile.empty())
        credentials["ca_file"] = std::filesystem::absolute(trust.caFile).string();
    if (!trust.pinnedKey.empty())
        credentials["pinned_key"] = trust.pinnedKey;
    // The token is private from the file's first byte: never written first and made private after.
    if (auto folder = makePrivateDirectory(std::filesystem::path(path).parent_path().string()); !folder)
        return failWith(err, folder.error());
    if (auto written = writePrivateFile(path, boost::json::serialize(credentials) + "\n"); !written)
        return failWith(err, written.error());
    out << "enrolled as " << json.at("role").as_string().c_str() << "; credentials saved in " << path << "\n";
    return kExitOk;
}

void addText(boost::json::object& body, const Arguments& args, const std::string& option, const std::string& field)
{
    if (auto value = args.option(option))
        body[field] = *value;
}

// A device scope from --inspector, --partner, --site and --assessment (codes and scope changes).
boost::json::object scopeFromOptions(const Arguments& args)
{
    boost::json::object scope;
    addText(scope, args, "inspector", "inspector");
    addText(scope, args, "partner", "partner_id");
    addText(scope, args, "site", "site_id");
    if (auto assessment = args.option("assessment"))
        scope["assessments"] = boost::json::array{boost::json::value(*assessment)};
    return scope;
}

Result<void> addNumber(boost::json::object& body, const Arguments& args, const std::string& option, const std::string& field, bool integer)
{
    const auto value = args.option(option);
    if (!value)
        return {};
    const auto number = Decimal::parse(*value);
    if (!number || (integer && number->micros() % Decimal::kScale != 0))
        return makeError(ErrorCode::InvalidArgument, "--" + option + " must be a number");
    if (integer)
        body[field] = number->micros() / Decimal::kScale;
    else
        body[field] = number->toDouble();
    return {};
}

std::string field(const boost::json::value& json, const char* key)
{
    const auto* value = json.is_object() ? json.get_object().if_contains(key) : nullptr;
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::string percent(const boost::json::value& p)
{
    if (p.at("n").as_int64() == 0)
        return "no answers yet";
    char text[64];
    std::snprintf(text, sizeof text, "%.1f %% ± %.1f (n = %lld)", p.at("percent").to_number<double>(),
                  p.at("margin_of_error_95_points").to_number<double>(), static_cast<long long>(p.at("n").as_int64()));
    return text;
}

int surveyResults(AdminClient& client, const Arguments& a, std::ostream& out, std::ostream& err)
{
    if (a.positionals.size() != 2) {
        err << kAdminUsage;
        return kExitUsage;
    }
    std::string query;
    for (const char* key : {"site", "version"}) {
        if (auto value = a.option(key))
            query += (query.empty() ? "?" : "&") + std::string(key) + "=" + *value;
    }
    auto result = client.call("GET", "/v1/surveys/" + a.positionals[1] + "/results" + query);
    if (!result)
        return failWith(err, result.error());
    out << "survey " << field(*result, "survey_id") << " version " << result->at("version").as_int64() << ": "
        << result->at("responses").as_int64() << " responses, " << result->at("rejected_total").as_int64()
        << " rejected by the kiosk limits\n";
    TextTable table({TextTable::Align::Left, TextTable::Align::Left, TextTable::Align::Right});
    table.addRow({"Indicator", "Measure", "Share (95% margin)"});
    table.addRule();
    for (const auto& i : result->at("indicators").as_array())
        table.addRow({field(i, "code"), std::string(i.at("label").at("en").as_string()), percent(i)});
    table.print(out);
    for (const auto& q : result->at("questions").as_array()) {
        out << "\n" << field(q, "id") << " (" << field(q, "type") << "), answered by " << q.at("answered").as_int64();
        if (const auto* mean = q.as_object().if_contains("mean"))
            out << ", mean " << mean->to_number<double>();
        out << "\n";
        if (const auto* counts = q.as_object().if_contains("counts"); counts && q.at("answered").as_int64() > 0) {
            for (const auto& c : counts->as_array())
                out << "  " << field(c, "id") << ": " << percent(c) << "\n";
        }
    }
    return kExitOk;
}

// Reads the agenda file, uploads each material named by "file" and names it by its hash instead.
Result<boost::json::value> agendaWithUploads(AdminClient& client, const std::string& path)
{
    auto text = json::readFile(path);
    if (!text)
        return text.error();
    auto agenda = json::parseDocument(*text, path);
    if (!agenda)
        return agenda.error();
    if (!agenda->is_object())
        return makeError(ErrorCode::InvalidArgument, path + ": the agenda is a JSON object {sessions, materials}");
    auto* materials = agenda->as_object().if_contains("materials");
    if (!materials || !materials->is_array())
        return agenda;
    const auto base = std::filesystem::path(path).parent_path();
    for (auto& m : materials->as_array()) {
        auto* file = m.is_object() ? m.as_object().if_contains("file") : nullptr;
        if (!file || !file->is_string())
            continue;
        const auto filePath = (base / std::string(file->as_string())).string();
        auto bytes = json::readFile(filePath);
        if (!bytes)
            return bytes.error();
        const auto sha = sha256Hex(*bytes);
        if (auto done = client.upload(sha, *bytes); !done)
            return done.error();
        auto& object = m.as_object();
        object["sha256"] = sha;
        if (!object.contains("name"))
            object["name"] = std::filesystem::path(filePath).filename().string();
        if (!object.contains("media_type"))
            object["media_type"] = filePath.ends_with(".pdf") ? "application/pdf" : "application/octet-stream";
        object.erase("file");
    }
    return agenda;
}

}  // namespace

int adminCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto parsed = parseArguments(args, {"server", "code", "credentials", "role", "inspector", "assessment", "partner", "site", "label",
                                              "hours", "name", "subtype", "country", "population", "kind", "latitude", "longitude",
                                              "catalog-id", "catalog-version", "stage", "due", "version", "tier", "start",
                                              "years", "paid-on", "date", "agenda", "ca-file", "pin"},
                                       {"non-profit"});
    if (!parsed || parsed->positionals.empty()) {
        err << (parsed ? "" : "igmc admin: " + parsed.error().message + "\n") << kAdminUsage;
        return kExitUsage;
    }
    const auto& a = *parsed;
    const auto verb = a.positionals[0];
    if (verb == "enroll")
        return enroll(a, out, err);
    auto credentials = loadCredentials(credentialsPath(a));
    if (!credentials)
        return failWith(err, credentials.error());
    AdminClient client(*credentials);
    boost::json::object body;
    std::string path;
    if (verb == "code") {
        if (!a.option("role")) {
            err << "igmc admin code needs --role\n" << kAdminUsage;
            return kExitUsage;
        }
        body["role"] = *a.option("role");
        body["scope"] = scopeFromOptions(a);
        addText(body, a, "label", "label");
        if (auto done = addNumber(body, a, "hours", "valid_hours", true); !done)
            return failWith(err, done.error());
        auto result = client.call("POST", "/v1/admin/enrollment-codes", boost::json::serialize(body));
        if (!result)
            return failWith(err, result.error());
        out << "enrollment code " << field(*result, "code") << " (role " << field(*result, "role") << ", valid "
            << result->at("valid_hours").as_int64() << " hours, one use)\n";
        return kExitOk;
    }
    if (verb == "partner") {
        path = "/v1/admin/partners";
        addText(body, a, "name", "name");
        addText(body, a, "subtype", "subtype");
        addText(body, a, "country", "country");
        if (a.flag("non-profit"))
            body["non_profit"] = true;
        if (auto done = addNumber(body, a, "population", "population", true); !done)
            return failWith(err, done.error());
    } else if (verb == "site") {
        path = "/v1/admin/sites";
        addText(body, a, "name", "name");
        addText(body, a, "kind", "kind");
        addText(body, a, "partner", "partner_id");
        for (const auto& [option, key, integer] : {std::tuple{"latitude", "latitude", false}, std::tuple{"longitude", "longitude", false},
                                                   std::tuple{"population", "population", true}}) {
            if (auto done = addNumber(body, a, option, key, integer); !done)
                return failWith(err, done.error());
        }
    } else if (verb == "assessment") {
        path = "/v1/admin/assessments";
        addText(body, a, "site", "site_id");
        body["catalog_id"] = a.option("catalog-id").value_or("igmc-3.0-city");
        body["catalog_version"] = a.option("catalog-version").value_or("3.0.0-ref.1");
        addText(body, a, "stage", "stage");
        addText(body, a, "due", "due_date");
    } else if (verb == "assign") {
        path = "/v1/admin/assignments";
        addText(body, a, "assessment", "assessment_id");
        addText(body, a, "inspector", "inspector");
    } else if (verb == "survey") {
        if (a.positionals.size() != 2) {
            err << kAdminUsage;
            return kExitUsage;
        }
        auto text = json::readFile(a.positionals[1]);
        if (!text)
            return failWith(err, text.error());
        auto result = client.call("POST", "/v1/admin/surveys", *text);
        if (!result)
            return failWith(err, result.error());
        out << "published survey " << field(*result, "id") << " version " << result->at("version").as_int64() << "\n";
        return kExitOk;
    } else if (verb == "survey-results") {
        return surveyResults(client, a, out, err);
    } else if (verb == "survey-observations") {
        const auto version = a.option("version");
        const auto assessment = a.option("assessment");
        const auto number = version ? Decimal::parse(*version) : std::nullopt;
        if (a.positionals.size() != 2 || !number || !assessment) {
            err << kAdminUsage;
            return kExitUsage;
        }
        auto result = client.call("POST", "/v1/admin/survey-observations",
                                  boost::json::serialize(boost::json::object{{"survey_id", a.positionals[1]},
                                                                             {"version", number->micros() / Decimal::kScale},
                                                                             {"assessment_id", *assessment}}));
        if (!result)
            return failWith(err, result.error());
        for (const auto& o : result->at("observations").as_array())
            out << "recorded " << field(o, "indicator_code") << " = " << field(o.at("value"), "number") << " %  (" << field(o, "note") << ")\n";
        return kExitOk;
    } else if (verb == "membership") {
        path = "/v1/admin/memberships";
        addText(body, a, "partner", "partner_id");
        addText(body, a, "tier", "tier");
        addText(body, a, "start", "start_date");
        addText(body, a, "paid-on", "paid_on");
        if (auto done = addNumber(body, a, "years", "years", true); !done)
            return failWith(err, done.error());
    } else if (verb == "training-day") {
        const auto partner = a.option("partner");
        if (!partner) {
            err << kAdminUsage;
            return kExitUsage;
        }
        auto result = client.call("GET", "/v1/partners/" + *partner + "/training-day" + (a.option("date") ? "?date=" + *a.option("date") : ""));
        if (!result)
            return failWith(err, result.error());
        out << field(*result, "date") << ": " << field(*result, "verdict") << " — " << field(*result, "explanation") << "\n";
        for (const auto& v : result->at("visits").as_array())
            out << "  visit " << field(v, "id") << " on " << field(v, "visit_date") << " (" << field(v, "status") << ")\n";
        return kExitOk;
    } else if (verb == "training-visit") {
        const auto agendaFile = a.option("agenda");
        if (!agendaFile) {
            err << "igmc admin training-visit needs --agenda FILE\n" << kAdminUsage;
            return kExitUsage;
        }
        auto agenda = agendaWithUploads(client, *agendaFile);
        if (!agenda)
            return failWith(err, agenda.error());
        path = "/v1/admin/training-visits";
        addText(body, a, "partner", "partner_id");
        addText(body, a, "site", "site_id");
        addText(body, a, "date", "visit_date");
        body["agenda"] = *agenda;
    } else if (verb == "devices") {
        auto result = client.call("GET", "/v1/admin/devices");
        if (!result)
            return failWith(err, result.error());
        TextTable table({TextTable::Align::Left, TextTable::Align::Left, TextTable::Align::Left, TextTable::Align::Left,
                         TextTable::Align::Left, TextTable::Align::Left});
        table.addRow({"Device", "Name", "Role", "State", "Last sync", "Problems"});
        table.addRule();
        for (const auto& d : result->at("devices").as_array())
            table.addRow({field(d, "device_id"), field(d, "name"), field(d, "role"), d.at("revoked").as_bool() ? "revoked" : "active",
                          field(d, "last_sync_at").empty() ? "never" : field(d, "last_sync_at"), problemsOf(d)});
        table.print(out);
        return kExitOk;
    } else if (verb == "scope") {
        if (a.positionals.size() != 2) {
            err << kAdminUsage;
            return kExitUsage;
        }
        auto result = client.call("POST", "/v1/admin/devices/" + a.positionals[1] + "/scope",
                                  boost::json::serialize(boost::json::object{{"scope", scopeFromOptions(a)}}));
        if (!result)
            return failWith(err, result.error());
        out << "device " << a.positionals[1] << " now has scope " << boost::json::serialize(result->at("scope"))
            << "; its next sync follows it\n";
        return kExitOk;
    } else if (verb == "revoke") {
        if (a.positionals.size() != 2) {
            err << kAdminUsage;
            return kExitUsage;
        }
        auto result = client.call("POST", "/v1/admin/devices/" + a.positionals[1] + "/revoke");
        if (!result)
            return failWith(err, result.error());
        out << "revoked device " << a.positionals[1] << "\n";
        return kExitOk;
    } else if (verb == "conflicts") {
        const auto assessment = a.option("assessment");
        if (!assessment) {
            err << kAdminUsage;
            return kExitUsage;
        }
        auto result = client.call("GET", "/v1/assessments/" + *assessment + "/conflicts");
        if (!result)
            return failWith(err, result.error());
        const auto& list = result->at("conflicts").as_array();
        out << list.size() << " conflicts\n";
        for (const auto& c : list)
            out << "  " << field(c, "indicator_code") << ": " << c.at("observation_ids").as_array().size() << " competing versions\n";
        return kExitOk;
    } else {
        err << "igmc admin: unknown command \"" << verb << "\"\n" << kAdminUsage;
        return kExitUsage;
    }
    auto result = client.call("POST", path, boost::json::serialize(body));
    if (!result)
        return failWith(err, result.error());
    const auto id = field(*result, "id");
    out << "created " << verb << " " << (id.empty() ? field(*result, "assessment_id") + "/" + field(*result, "inspector") : id) << "\n";
    return kExitOk;
}

}  // namespace igmc::cli
