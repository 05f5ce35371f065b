// igmc-server's settings: command-line options over an optional JSON config file over defaults.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "blobs/blob_uploads.hpp"
#include "core/result.hpp"
#include "net/http_server.hpp"

#include <string>
#include <vector>

namespace igmc::server {

struct ServerConfig {
    std::string dataDir;
    HttpServerOptions http;
    std::int64_t maxBlobBytes = 200LL * 1024 * 1024;  // 200 MiB
    ParkedUploadLimits parkedUploads;
    int maxClockSkewHours = 48;
    bool demo = false;        // seed demo data on first start
    bool allowReadableTlsKey = false;  // start even when others may read the TLS key (refused otherwise)
    std::string catalogDir;   // where the demo finds the catalogs
};

inline constexpr const char* kServerUsage =
    "usage: igmc-server --data DIR [--listen ADDR:PORT] [--config FILE] [--threads N]\n"
    "                   [--file-threads N] [--push-threads N] [--tls-cert FILE --tls-key FILE] [--max-blob-bytes N] [--timeout-seconds N]\n"
    "                   [--max-clock-skew-hours N] [--max-connections N] [--max-connections-per-client N]\n"
    "                   [--metrics-listen ADDR:PORT] [--max-parked-upload-bytes N] [--parked-upload-max-age-hours N] [--demo] [--quiet]\n"
    "                   [--allow-readable-tls-key]\n"
    "  Serves the central IGMC record from DIR (SQLite store + evidence files) over HTTP(S).\n"
    "  --listen defaults to 127.0.0.1:8080; plain HTTP is meant for loopback or behind a TLS proxy.\n"
    "  --threads (2) serve requests; --file-threads (8) hash, write and fsync evidence files;\n"
    "  --push-threads (8) hold pushes waiting for the next group commit.\n"
    "  --max-connections (default: from the descriptor limit) and --max-connections-per-client (256)\n"
    "  cap open connections; one over a cap is answered 503 and closed.\n"
    "  /metrics takes an admin token, unless --metrics-listen serves it (without one) on its own address.\n"
    "  --max-parked-upload-bytes (1 GiB) caps each device's unfinished evidence uploads; those not\n"
    "  written to for --parked-upload-max-age-hours (168) are removed.\n"
    "  DIR is made private (0700, its files 0600). A TLS key others can read is refused unless\n"
    "  --allow-readable-tls-key; with TLS, the key's pin (for igmc sync --pin) is logged at start.\n"
    "  --demo seeds a demo partner, site, assessment and inspector enrollment code on first start.\n"
    "  SIGTERM or SIGINT drains requests in flight, then exits.\n";

Result<ServerConfig> parseServerArguments(const std::vector<std::string>& args);

}  // namespace igmc::server
