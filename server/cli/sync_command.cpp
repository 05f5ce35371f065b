// `igmc sync`: enroll a device store and/or run one full sync against a server, headless.
// SPDX-License-Identifier: Apache-2.0
#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "client/sync_engine.hpp"

namespace igmc::cli {

namespace {

constexpr const char* kSyncUsage =
    "usage: igmc sync --store FILE [--server URL] [--enroll CODE] [--device-name NAME] [--blobs DIR] [--ca-file PEM] [--pin sha256//KEY]\n"
    "                 [--no-pull] [--quiet]\n"
    "  Uploads evidence, pushes the store's pending changes and pulls what the server has.\n"
    "  --enroll CODE first exchanges a one-time enrollment code for this device's token.\n"
    "  --blobs defaults to FILE.blobs (the evidence files of this store).\n"
    "  --ca-file trusts the certificate authority in PEM (a server with a private CA); --pin also requires the server's key\n"
    "  (igmc-server prints it at start). Both are kept from enrollment on; SSL_CERT_FILE and CURL_CA_BUNDLE are honoured.\n";

}  // namespace

int syncCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    const auto parsed = parseArguments(args, {"store", "server", "enroll", "device-name", "blobs", "ca-file", "pin"}, {"no-pull", "quiet"});
    if (!parsed || !parsed->option("store") || !parsed->positionals.empty()) {
        err << (parsed ? "" : "igmc sync: " + parsed.error().message + "\n") << kSyncUsage;
        return kExitUsage;
    }
    const auto storePath = *parsed->option("store");
    auto store = store::Store::open(storePath);
    if (!store) {
        err << "igmc sync: " << store.error().describe() << "\n";
        return kExitFailed;
    }
    auto blobs = evidence::BlobStore::open(parsed->option("blobs").value_or(storePath + ".blobs"));
    if (!blobs) {
        err << "igmc sync: " << blobs.error().describe() << "\n";
        return kExitFailed;
    }
    sync::SyncOptions options;
    options.serverUrl = parsed->option("server").value_or("");
    options.pull = !parsed->flag("no-pull");
    options.trust = {parsed->option("ca-file").value_or(""), parsed->option("pin").value_or("")};
    const bool quiet = parsed->flag("quiet");
    std::string lastPhase;
    options.onProgress = [&](const sync::SyncProgress& p) {
        if (quiet || p.phase == lastPhase)
            return;
        lastPhase = p.phase;
        out << "  " << p.phase << ": " << p.opsPushed << "/" << p.opsToPush << " changes pushed, " << p.bytesUploaded
            << " evidence bytes sent, " << p.opsPulled << " changes pulled\n";
    };
    sync::SyncEngine engine(**store, *blobs, options);
    if (const auto code = parsed->option("enroll")) {
        if (options.serverUrl.empty()) {
            err << "igmc sync: --enroll needs --server URL\n";
            return kExitUsage;
        }
        auto enrolled = engine.enroll(*code, parsed->option("device-name").value_or("igmc-cli"));
        if (!enrolled) {
            err << "igmc sync: enrollment failed: " << enrolled.error().message << "\n";
            return kExitFailed;
        }
        out << "enrolled as " << enrolled->role << " device " << enrolled->deviceId << "\n";
    }
    auto report = engine.run();
    if (!report) {
        err << "igmc sync: " << report.error().message << "\n";
        return kExitFailed;
    }
    out << "synced: " << report->pushed << " changes pushed (" << report->duplicates << " already there, " << report->conflicts
        << " conflicts recorded), " << report->blobsUploaded << " evidence files (" << report->bytesUploaded << " bytes) uploaded, "
        << report->pulled << " changes pulled";
    if (report->retries > 0)
        out << ", " << report->retries << " retries";
    out << "\n";
    return kExitOk;
}

}  // namespace igmc::cli
