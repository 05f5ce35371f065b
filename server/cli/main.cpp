// The `igmc` executable: a thin shell over igmc::cli::run.
// SPDX-License-Identifier: Apache-2.0
#include "cli/cli.hpp"

#include <iostream>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    return igmc::cli::run(args, std::cout, std::cerr);
}
