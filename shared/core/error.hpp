// Error values returned across the core's API boundaries; every failure a user can cause is one of these.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

namespace igmc {

enum class ErrorCode {
    InvalidArgument,  // the caller passed something malformed
    ParseError,       // input text is not well-formed (JSON syntax, number format)
    ValidationError,  // well-formed input that breaks a rule of the catalog or the domain
    NotFound,
    Conflict,
    IoError,
    StorageError,
    Unauthorized,
    Forbidden,
    Unavailable,
    Cancelled,        // stopped because the user (or a closing app) asked
    Internal,
};

std::string_view errorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;  // what went wrong, readable by a user
    std::string context;  // where: a file, a JSON path, an SQL statement

    // "context: message" when a context is known.
    [[nodiscard]] std::string describe() const;
};

}  // namespace igmc
