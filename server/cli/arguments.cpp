// SPDX-License-Identifier: Apache-2.0
#include "cli/arguments.hpp"

namespace igmc::cli {

std::optional<std::string> Arguments::option(const std::string& key) const
{
    const auto it = options.find(key);
    if (it == options.end())
        return std::nullopt;
    return it->second;
}

Result<Arguments> parseArguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
                                 const std::set<std::string>& flagOptions)
{
    Arguments parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
            parsed.positionals.push_back(arg);
            continue;
        }
        std::string key = arg.substr(2);
        std::optional<std::string> value;
        if (const auto eq = key.find('='); eq != std::string::npos) {
            value = key.substr(eq + 1);
            key.resize(eq);
        }
        if (flagOptions.contains(key) && !value) {
            parsed.flags.insert(key);
        } else if (valueOptions.contains(key)) {
            if (!value) {
                if (i + 1 >= args.size())
                    return makeError(ErrorCode::InvalidArgument, "option --" + key + " needs a value");
                value = args[++i];
            }
            parsed.options[key] = *value;
        } else {
            return makeError(ErrorCode::InvalidArgument, "unknown option --" + key);
        }
    }
    return parsed;
}

}  // namespace igmc::cli
