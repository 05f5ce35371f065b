// SPDX-License-Identifier: Apache-2.0
#include "app/evidence_import.hpp"

#include "app/app_controller.hpp"
#include "app/error_messages.hpp"
#include "core/calendar.hpp"
#include "platform/position_service.hpp"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QUrl>

namespace igmc::client {

Result<store::Evidence> importEvidenceFile(AppController& app, const QString& fileUrlOrPath, std::vector<std::string> observationIds)
{
    const QUrl url(fileUrlOrPath);
    const QString path = url.isLocalFile() ? url.toLocalFile() : fileUrlOrPath;
    const QFileInfo info(path);
    if (!info.isFile())
        return makeError(ErrorCode::NotFound, QCoreApplication::translate("Evidence", "The file %1 cannot be read").arg(path).toStdString());
    auto sha = app.blobs().putFile(path.toStdString());
    if (!sha)
        return makeError(sha.error().code, userMessage(sha.error()).toStdString());
    store::Evidence e;
    e.sha256 = *sha;
    e.mediaType = QMimeDatabase().mimeTypeForFile(info).name().toStdString();
    e.sizeBytes = info.size();
    e.originalName = info.fileName().toStdString();
    e.capturedAt = formatTimestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(info.lastModified().toMSecsSinceEpoch())));
    e.location = PositionService::instance().lastFix();
    e.observationIds = std::move(observationIds);
    auto stored = app.store().addEvidence(e);
    if (!stored)
        return makeError(stored.error().code, userMessage(stored.error()).toStdString());
    return stored;
}

}  // namespace igmc::client
