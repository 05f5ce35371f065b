// Where tests find their fixtures and the shipped catalogs, and small helpers to load them.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "catalog/catalog.hpp"

#include <string>

namespace igmc::test {

std::string dataPath(const std::string& relative);     // tests/data/<relative>
std::string catalogPath(const std::string& name);      // shared/catalog/data/<name>
std::string examplePath(const std::string& name);      // shared/catalog/examples/<name>
std::string surveyPath(const std::string& name);       // shared/survey/data/<name>
std::string readText(const std::string& path);

// Loads a catalog that must be valid (fails the current test otherwise).
catalog::Catalog loadValidCatalog(const std::string& path);

}  // namespace igmc::test

namespace igmc::test {

// A TCP port on 127.0.0.1 that was free a moment ago (for servers started as processes).
unsigned short freeLoopbackPort();

}  // namespace igmc::test
