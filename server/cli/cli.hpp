// The `igmc` command line: one entry point that tests call as a function (no process needed).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace igmc::cli {

// Runs `igmc <args…>`; returns the process exit code (0 ok, 1 failed check, 2 usage error).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace igmc::cli
