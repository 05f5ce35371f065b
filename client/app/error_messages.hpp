// The one table from core error codes to sentences a person can act on (translated).
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <QString>

namespace igmc::client {

// A short translated explanation of `error`, with the core's message as detail when useful.
QString userMessage(const Error& error);

}  // namespace igmc::client
