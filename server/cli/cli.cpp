// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.hpp"

#include "cli/commands.hpp"

#include <exception>

namespace igmc::cli {

namespace {

constexpr const char* kUsage =
    "usage: igmc <command> [options]\n"
    "\n"
    "  catalog validate FILE                 check a catalog and print its counts\n"
    "  catalog show FILE [--lang en|zh]      print a catalog's structure, indicators and rules\n"
    "  score --catalog FILE --values FILE [--json] [--lang en|zh] [--top N]\n"
    "                                        score an assessment: breakdown, total, band, gap\n"
    "  partner add|list|show|fee|join|pay|renewals --store FILE …\n"
    "                                        the partner registry (igmc partner for details)\n"
    "  pilot nominate|review|request-certification|list --store FILE …\n"
    "                                        pilot projects (igmc pilot for details)\n"
    "  sync --store FILE [--server URL] [--enroll CODE]\n"
    "                                        push this store's changes and evidence, pull the server's\n"
    "  admin enroll|code|partner|site|assessment|assign|survey|devices|revoke|conflicts …\n"
    "                                        set up field visits on a running server (igmc admin for details)\n";

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        (args.empty() ? err : out) << kUsage;
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (args[0] == "catalog")
            return catalogCommand(rest, out, err);
        if (args[0] == "score")
            return scoreCommand(rest, out, err);
        if (args[0] == "partner")
            return partnerCommand(rest, out, err);
        if (args[0] == "pilot")
            return pilotCommand(rest, out, err);
        if (args[0] == "sync")
            return syncCommand(rest, out, err);
        if (args[0] == "admin")
            return adminCommand(rest, out, err);
    } catch (const std::exception& e) {
        // A broken invariant, not a user error: say so plainly instead of aborting.
        err << "igmc: internal error: " << e.what() << '\n';
        return kExitFailed;
    }
    err << "igmc: unknown command \"" << args[0] << "\"\n" << kUsage;
    return kExitUsage;
}

}  // namespace igmc::cli
