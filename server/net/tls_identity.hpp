// What the server tells and checks of its TLS identity at start: its key must be private, and the
// pin devices can require (igmc sync --pin) is the SHA-256 of its public key, as curl takes it.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/result.hpp"

#include <string>

namespace igmc::server {

// InvalidArgument, saying how to fix it, when others than its owner may read the key file.
Result<void> checkKeyIsPrivate(const std::string& keyFile);
// "sha256//<base64>" of the certificate's public key (SubjectPublicKeyInfo, DER).
Result<std::string> publicKeyPin(const std::string& certificateFile);

}  // namespace igmc::server
