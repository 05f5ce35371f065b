// igmc-server's settings: command-line options over an optional JSON config file over defaults.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"
#include "net/http_server.hpp"

#include <string>
#include <vector>

namespace igmc::server {

struct ServerConfig {
    std::string dataDir;
    HttpServerOptions http;
    std::int64_t maxBlobBytes = 200LL * 1024 * 1024;  // 200 MiB
    int maxClockSkewHours = 48;
    bool demo = false;        // seed demo data on first start
    std::string catalogDir;   // where the demo finds the catalogs
};

inline constexpr const char* kServerUsage =
    "usage: igmc-server --data DIR [--listen ADDR:PORT] [--config FILE] [--threads N]\n"
    "                   [--file-threads N] [--push-threads N] [--tls-cert FILE --tls-key FILE] [--max-blob-bytes N] [--timeout-seconds N]\n"
    "                   [--max-clock-skew-hours N] [--demo] [--quiet]\n"
    "  Serves the central IGMC record from DIR (SQLite store + evidence files) over HTTP(S).\n"
    "  --listen defaults to 127.0.0.1:8080; plain HTTP is meant for loopback or behind a TLS proxy.\n"
    "  --threads (2) serve requests; --file-threads (8) hash, write and fsync evidence files;\n"
    "  --push-threads (8) hold pushes waiting for the next group commit.\n"
    "  --demo seeds a demo partner, site, assessment and inspector enrollment code on first start.\n"
    "  SIGTERM or SIGINT drains requests in flight, then exits.\n";

Result<ServerConfig> parseServerArguments(const std::vector<std::string>& args);

}  // namespace igmc::server
