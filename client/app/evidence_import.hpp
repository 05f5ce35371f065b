// One way to turn a file the user picked (or a photo just taken) into evidence: the bytes into the
// content-addressed blob store, the record (type, size, time taken, position) into the store.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#ifndef Q_MOC_RUN
#include "core/result.hpp"
#include "store/records.hpp"
#endif

#include <QString>

#include <string>
#include <vector>

namespace igmc::client {

class AppController;

// `fileUrlOrPath`: a file URL or a local path. The error message is ready to show the user.
Result<store::Evidence> importEvidenceFile(AppController& app, const QString& fileUrlOrPath, std::vector<std::string> observationIds);

}  // namespace igmc::client
