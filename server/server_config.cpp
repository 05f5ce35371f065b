// SPDX-License-Identifier: Apache-2.0
#include "server_config.hpp"

#include "core/json_reader.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <type_traits>

namespace igmc::server {

namespace {

Error usage(const std::string& message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

Result<std::int64_t> number(const std::string& key, const std::string& text, std::int64_t min, std::int64_t max)
{
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size() || value < min || value > max)
        return usage("--" + key + " takes a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return value;
}

Result<void> setAddress(const std::string& key, const std::string& text, std::string& address, unsigned short& port)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return usage("--" + key + " takes ADDRESS:PORT, e.g. 127.0.0.1:8080");
    auto parsed = number(key, text.substr(colon + 1), 0, 65535);
    if (!parsed)
        return parsed.error();
    address = text.substr(0, colon);
    port = static_cast<unsigned short>(*parsed);
    return {};
}

// The limits of connections and of parked uploads, and the metrics listener; false: not one of them.
Result<bool> applyLimit(ServerConfig& config, const std::string& key, const std::string& value)
{
    const auto set = [&](auto& field, std::int64_t min, std::int64_t max) -> Result<bool> {
        auto n = number(key, value, min, max);
        if (!n)
            return n.error();
        field = static_cast<std::remove_reference_t<decltype(field)>>(*n);
        return true;
    };
    if (key == "max-connections")
        return set(config.http.maxConnections, 1, 1'000'000);
    if (key == "max-connections-per-client")
        return set(config.http.maxConnectionsPerClient, 1, 1'000'000);
    if (key == "max-parked-upload-bytes")
        return set(config.parkedUploads.maxBytesPerDevice, 0, 1LL << 40);
    if (key == "parked-upload-max-age-hours") {
        auto hours = number(key, value, 1, 24 * 365);
        if (!hours)
            return hours.error();
        config.parkedUploads.maxAge = std::chrono::hours(*hours);
        return true;
    }
    if (key == "metrics-listen") {
        if (auto done = setAddress(key, value, config.http.metricsAddress, config.http.metricsPort); !done)
            return done.error();
        return true;
    }
    return false;
}

// Applies one setting by name; the config file and the command line share this.
Result<void> apply(ServerConfig& config, const std::string& key, const std::string& value)
{
    if (key == "data")
        config.dataDir = value;
    else if (key == "listen")
        return setAddress(key, value, config.http.address, config.http.port);
    else if (key == "threads") {
        auto n = number(key, value, 1, 64);
        if (!n)
            return n.error();
        config.http.threads = static_cast<int>(*n);
    } else if (key == "file-threads") {
        auto n = number(key, value, 1, 64);
        if (!n)
            return n.error();
        config.http.fileThreads = static_cast<int>(*n);
    } else if (key == "push-threads") {
        auto n = number(key, value, 1, 64);
        if (!n)
            return n.error();
        config.http.pushThreads = static_cast<int>(*n);
    } else if (key == "tls-cert")
        config.http.tlsCertificateFile = value;
    else if (key == "tls-key")
        config.http.tlsKeyFile = value;
    else if (key == "max-blob-bytes") {
        auto n = number(key, value, 1, 4LL * 1024 * 1024 * 1024);
        if (!n)
            return n.error();
        config.maxBlobBytes = *n;
    } else if (key == "timeout-seconds") {
        auto n = number(key, value, 1, 3600);
        if (!n)
            return n.error();
        config.http.timeout = std::chrono::seconds(*n);
    } else if (key == "max-clock-skew-hours") {
        auto n = number(key, value, 1, 24 * 365);
        if (!n)
            return n.error();
        config.maxClockSkewHours = static_cast<int>(*n);
    } else if (key == "catalogs") {
        config.catalogDir = value;
    } else if (auto limit = applyLimit(config, key, value); !limit) {
        return limit.error();
    } else if (!*limit) {
        return usage("unknown option --" + key);
    }
    return {};
}

Result<void> applyConfigFile(ServerConfig& config, const std::string& path)
{
    auto text = json::readFile(path);
    if (!text)
        return text.error();
    boost::system::error_code ec;
    const auto document = boost::json::parse(*text, ec);
    if (ec || !document.is_object())
        return usage(path + ": the config file must be a JSON object");
    for (const auto& [key, value] : document.get_object()) {
        std::string name(key);
        std::replace(name.begin(), name.end(), '_', '-');
        std::string text;
        if (value.is_string())
            text = std::string(value.get_string());
        else if (value.is_int64())
            text = std::to_string(value.get_int64());
        else if (value.is_bool() && name == "demo") {
            config.demo = value.get_bool();
            continue;
        } else
            return usage(path + ": \"" + std::string(key) + "\" must be a string or a number");
        if (auto done = apply(config, name, text); !done)
            return usage(path + ": " + done.error().message);
    }
    return {};
}

}  // namespace

Result<ServerConfig> parseServerArguments(const std::vector<std::string>& args)
{
    ServerConfig config;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--config") {
            if (auto done = applyConfigFile(config, args[i + 1]); !done)
                return done.error();
        }
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg == "--demo") {
            config.demo = true;
            continue;
        }
        if (arg == "--quiet") {
            config.http.logRequests = false;
            continue;
        }
        if (arg == "--allow-readable-tls-key") {
            config.allowReadableTlsKey = true;
            continue;
        }
        if (arg.rfind("--", 0) != 0)
            return usage("unexpected argument \"" + arg + "\"");
        std::string key = arg.substr(2);
        std::string value;
        if (const auto eq = key.find('='); eq != std::string::npos) {
            value = key.substr(eq + 1);
            key.resize(eq);
        } else {
            if (i + 1 >= args.size())
                return usage("--" + key + " needs a value");
            value = args[++i];
        }
        if (key == "config")
            continue;
        if (auto done = apply(config, key, value); !done)
            return done.error();
    }
    if (config.dataDir.empty())
        return usage("--data DIR is required");
    if (config.http.tlsCertificateFile.empty() != config.http.tlsKeyFile.empty())
        return usage("HTTPS needs both --tls-cert and --tls-key");
    return config;
}

}  // namespace igmc::server
