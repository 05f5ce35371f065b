// Files and folders only their owner may read, from the moment they exist, whatever the umask:
// stores, evidence, tokens and enrollment codes. Nothing is written first and made private after.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>

namespace igmc {

// Creates the folder (and its missing parents) 0700; an existing one open to others is made 0700.
Result<void> makePrivateDirectory(const std::string& path);
// Replaces `path` with `contents` as one file created 0600 (written whole and synced beside it,
// then renamed over it), so a reader never sees it half-written or readable by others.
Result<void> writePrivateFile(const std::string& path, std::string_view contents);

}  // namespace igmc
