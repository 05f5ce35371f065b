// SPDX-License-Identifier: Apache-2.0
#include "core/error.hpp"

namespace igmc {

std::string_view errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::ParseError: return "parse_error";
    case ErrorCode::ValidationError: return "validation_error";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Conflict: return "conflict";
    case ErrorCode::IoError: return "io_error";
    case ErrorCode::StorageError: return "storage_error";
    case ErrorCode::Unauthorized: return "unauthorized";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::Unavailable: return "unavailable";
    case ErrorCode::Cancelled: return "cancelled";
    case ErrorCode::Internal: return "internal";
    }
    return "internal";
}

std::string Error::describe() const
{
    if (context.empty())
        return message;
    return context + ": " + message;
}

}  // namespace igmc
