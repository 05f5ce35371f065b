// The `igmc` executable: a thin shell over igmc::cli::run.
// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.hpp"
#include "core/allocator_tuning.hpp"

#include <iostream>

int main(int argc, char** argv)
{
    igmc::useTunedAllocator(argv);  // `igmc sync` moves megabytes per page
    std::vector<std::string> args(argv + 1, argv + argc);
    return igmc::cli::run(args, std::cout, std::cerr);
}
