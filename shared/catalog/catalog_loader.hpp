// Loads and validates catalogs (format igmc-catalog/1, documented in README.md beside this file).
// Guarantee: a Catalog returned here is internally consistent; otherwise the error lists every
// problem as "source: $.json.path: what was expected".
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace igmc::catalog {

inline constexpr std::string_view kCatalogFormat = "igmc-catalog/1";

Result<Catalog> loadCatalogFile(const std::string& path);
// `source` names the document in error messages (usually its file name).
Result<Catalog> parseCatalog(std::string_view text, const std::string& source);

}  // namespace igmc::catalog
