// igmc-server: parse the settings, open the data folder, serve until SIGTERM/SIGINT, drain, exit.
// SPDX-License-Identifier: Apache-2.0
#include "core/allocator_tuning.hpp"
#include "log/json_log.hpp"
#include "server_app.hpp"
#include "net/tls_identity.hpp"

#include <csignal>
#include <iostream>

#include <malloc.h>
#include <sys/resource.h>

namespace {

// The connection cap is derived from the soft descriptor limit (http_server.hpp, invariant 3),
// which systemd sets at 1024 whatever the hard limit is; epoll has no use for the low one.
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    igmc::useTunedAllocator(argv);
    using namespace igmc::server;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << kServerUsage;
        return 0;
    }
    auto config = parseServerArguments(args);
    if (!config) {
        std::cerr << "igmc-server: " << config.error().message << "\n" << kServerUsage;
        return 2;
    }
#ifdef __GLIBC__
    // Push and pull bodies are megabytes. With glibc's defaults the memory of each was handed back
    // to the system after the request (heap trimmed, mappings dropped) and faulted in again for the
    // next: a tenth of the server's time under sync. Freed memory is kept for the next request
    // instead (peak RSS under the 200-device benchmark stays under 80 MB). 32 MiB is the largest
    // mmap threshold glibc accepts; setting either value fixes both (no more dynamic threshold).
    if (mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) != 1 || mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024) != 1)
        logEvent("warn", "could not tune the allocator; the server runs with glibc's defaults");
#endif
    raiseDescriptorLimit();
    // Block the signals in every thread; this thread waits for them below.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    auto app = ServerApp::open(*config);
    if (!app) {
        logEvent("error", "cannot open the data folder", {{"reason", app.error().describe()}});
        return 1;
    }
    auto admin = (*app)->bootstrapAdmin();
    if (!admin) {
        logEvent("error", "cannot create the admin enrollment code", {{"reason", admin.error().describe()}});
        return 1;
    }
    if (*admin) {
        logEvent("info", "no administrator yet: enroll one with the code in admin-enrollment-code.txt",
                 {{"file", config->dataDir + "/admin-enrollment-code.txt"}});
    }
    if (config->demo) {
        auto demo = (*app)->seedDemo();
        if (!demo) {
            logEvent("error", "cannot seed the demo data", {{"reason", demo.error().describe()}});
            return 1;
        }
        std::cout << "Demo inspector enrollment code: " << demo->inspectorCode << "  (assessment " << demo->assessmentId << ")\n"
                  << "Demo kiosk enrollment code:     " << demo->kioskCode << "  (resident survey at the demo site)\n"
                  << "Demo trainer enrollment code:   " << demo->trainerCode << "  (today's training day, partner tier B)\n"
                  << std::flush;
    }
    auto port = (*app)->start();
    if (!port) {
        logEvent("error", "cannot start", {{"reason", port.error().message}});
        return 1;
    }
    const std::string scheme = config->http.tlsCertificateFile.empty() ? "http" : "https";
    const auto limits = (*app)->http().connectionLimits();
    logEvent("info", "listening", {{"url", scheme + "://" + config->http.address + ":" + std::to_string(*port)},
                                   {"threads", std::to_string(config->http.threads)},
                                   {"max_connections", std::to_string(limits.total)},
                                   {"max_connections_per_client", std::to_string(limits.perClient)}});
    if (scheme == "https") {
        if (auto pin = publicKeyPin(config->http.tlsCertificateFile))
            logEvent("info", "devices may pin this server's key", {{"pin", *pin}, {"how", "igmc sync --pin " + *pin}});
    }
    if (!config->http.metricsAddress.empty())
        logEvent("info", "metrics listening",
                 {{"url", "http://" + config->http.metricsAddress + ":" + std::to_string((*app)->http().metricsPort()) + "/metrics"}});
    int received = 0;
    sigwait(&signals, &received);
    logEvent("info", "draining", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
    (*app)->stop();
    logEvent("info", "stopped");
    return 0;
}
