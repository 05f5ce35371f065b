// Minimal option parsing for the CLI: positionals, --flag and --key value / --key=value.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace igmc::cli {

struct Arguments {
    std::vector<std::string> positionals;
    std::map<std::string, std::string> options;  // --key value
    std::set<std::string> flags;                 // --flag

    [[nodiscard]] std::optional<std::string> option(const std::string& key) const;
    [[nodiscard]] bool flag(const std::string& key) const { return flags.contains(key); }
};

// `valueOptions` take a value, `flagOptions` do not; anything else starting with "--" is an error.
Result<Arguments> parseArguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
                                 const std::set<std::string>& flagOptions);

}  // namespace igmc::cli
