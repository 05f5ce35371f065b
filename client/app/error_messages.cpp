// SPDX-License-Identifier: Apache-2.0
#include "app/error_messages.hpp"

#include <QCoreApplication>

namespace igmc::client {

QString userMessage(const Error& error)
{
    const auto detail = QString::fromStdString(error.message);
    switch (error.code) {
    case ErrorCode::Unavailable:
        return QCoreApplication::translate("Errors", "The server cannot be reached. Your work is saved on this device and will be sent when the connection returns.");
    case ErrorCode::Cancelled:
        return QCoreApplication::translate("Errors", "Stopped. What the server confirmed is kept; the rest is sent next time.");
    case ErrorCode::Unauthorized:
        return QCoreApplication::translate("Errors", "This device is not (or no longer) allowed to sync. Ask the programme office for a new enrollment code.")
               + "\n" + detail;
    case ErrorCode::Forbidden:
        return QCoreApplication::translate("Errors", "The server refused this change for your role.") + "\n" + detail;
    case ErrorCode::ValidationError:
    case ErrorCode::InvalidArgument:
    case ErrorCode::ParseError: return QCoreApplication::translate("Errors", "Please check the value: %1").arg(detail);
    case ErrorCode::NotFound: return QCoreApplication::translate("Errors", "Not found: %1").arg(detail);
    case ErrorCode::Conflict: return QCoreApplication::translate("Errors", "This changed elsewhere: %1").arg(detail);
    case ErrorCode::StorageError:
    case ErrorCode::IoError:
        return QCoreApplication::translate("Errors", "The device could not save (storage full or unavailable). Nothing was lost; free some space and try again.")
               + "\n" + detail;
    case ErrorCode::Internal: return QCoreApplication::translate("Errors", "Something went wrong: %1").arg(detail);
    }
    return detail;
}

}  // namespace igmc::client
