// The CLI's subcommands. Each returns an exit code and writes only to the given streams.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace igmc::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

int catalogCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int partnerCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int pilotCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int syncCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int adminCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int scoreCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Picks the English or Chinese form of a CLI label.
inline const char* label(catalog::Lang lang, const char* en, const char* zh)
{
    return lang == catalog::Lang::Zh ? zh : en;
}

// "en" / "zh" → Lang; anything else is a usage error reported on err.
bool parseLang(const std::string& text, catalog::Lang& lang, std::ostream& err);

// A rule in plain words, e.g. "≥ 30 → 2.00 · ≥ 50 → 4.00".
std::string describeRule(const catalog::Indicator& indicator, catalog::Lang lang);

}  // namespace igmc::cli
