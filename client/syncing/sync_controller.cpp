// SPDX-License-Identifier: Apache-2.0
#include "syncing/sync_controller.hpp"

#include "app/app_controller.hpp"
#include "app/error_messages.hpp"
#include "client/sync_engine.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QPointer>

namespace igmc::client {

SyncController::SyncController(QObject* parent) : QObject(parent)
{
    m_timer.setInterval(5 * 60 * 1000);
    connect(&m_timer, &QTimer::timeout, this, &SyncController::syncNow);
    if (auto* app = AppController::instance()) {
        connect(app, &AppController::dataChanged, this, &SyncController::refresh);
        connect(app, &AppController::enrollmentChanged, this, [this, app] {
            if (app->enrolled())
                syncNow();
        });
        if (const auto last = app->store().meta("sync.last_success"); last && *last)
            m_lastSync = QDateTime::fromString(QString::fromStdString(**last), Qt::ISODateWithMs);
    }
    refresh();
}

SyncController::~SyncController()
{
    m_cancel = true;
    if (m_worker.joinable())
        m_worker.join();
}

void SyncController::setAutoSync(bool on)
{
    if (on == autoSync())
        return;
    on ? m_timer.start() : m_timer.stop();
    emit autoSyncChanged();
}

QString SyncController::pendingBytesText() const
{
    return QLocale().formattedDataSize(m_pendingBytes);
}

QString SyncController::lastSyncText() const
{
    if (!m_lastSync.isValid())
        return tr("never");
    return QLocale().toString(m_lastSync.toLocalTime(), QLocale::ShortFormat);
}

void SyncController::refresh()
{
    auto* app = AppController::instance();
    if (!app)
        return;
    auto& store = app->store();
    const auto last = store.lastJournalSeq();
    const auto cursor = store.meta(sync::kPushCursorKey);
    const qint64 pushed = cursor && *cursor ? std::stoll(**cursor) : 0;
    m_pendingChanges = last ? static_cast<int>(*last - pushed) : 0;
    // Evidence bytes still to send: the files of evidence created after the push cursor.
    m_pendingBytes = 0;
    if (auto hashes = store.journalEntityIds(pushed, "evidence", "create")) {
        for (const auto& sha : *hashes) {
            if (auto size = app->blobs().size(sha))
                m_pendingBytes += *size;
        }
    }
    emit stateChanged();
}

void SyncController::syncNow()
{
    auto* app = AppController::instance();
    if (m_running || !app || !app->enrolled())
        return;
    if (m_worker.joinable())
        m_worker.join();
    m_cancel = false;
    m_running = true;
    m_progress = 0;
    m_errorText.clear();
    m_statusText = tr("Syncing…");
    emit stateChanged();
    const auto path = app->store().path();
    const auto blobsRoot = app->blobs().root();
    QPointer<SyncController> self(this);
    m_worker = std::thread([self, path, blobsRoot, cancel = &m_cancel] {
        auto store = store::Store::open(path);
        if (!store) {
            const auto message = userMessage(store.error());
            QMetaObject::invokeMethod(qApp, [self, message] { if (self) self->finish(false, false, message, 0, 0, 0); });
            return;
        }
        auto blobs = evidence::BlobStore::open(blobsRoot);
        sync::SyncOptions options;
        options.cancel = cancel;
        options.maxAttempts = 3;
        options.onProgress = [self](const sync::SyncProgress& p) {
            const double total = static_cast<double>(std::max<std::int64_t>(1, p.opsToPush) + std::max<std::int64_t>(0, p.bytesToUpload));
            const double done = static_cast<double>(p.opsPushed + p.bytesUploaded);
            const double value = p.phase == "done" ? 1.0 : p.phase == "pull" ? 0.9 : std::min(0.85, done / total * 0.85);
            const QString phase = QString::fromStdString(p.phase);
            QMetaObject::invokeMethod(qApp, [self, value, phase, p] {
                if (!self || self->m_cancel)
                    return;  // stopping: "Stopping…" stays until the sync has ended
                self->m_progress = value;
                self->m_statusText = phase == "pull"   ? tr("Receiving updates… %1").arg(p.opsPulled)
                                     : phase == "blobs" ? tr("Sending evidence… %1").arg(QLocale().formattedDataSize(p.bytesUploaded))
                                                        : tr("Sending changes… %1 of %2").arg(p.opsPushed).arg(p.opsToPush);
                emit self->stateChanged();
            });
        };
        sync::SyncEngine engine(**store, *blobs, options);
        auto report = engine.run();
        if (report)
            (void)(*store)->setMeta("sync.last_success", QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString());
        const bool ok = report.ok();
        const bool stopped = !ok && report.error().code == ErrorCode::Cancelled;
        const QString error = ok ? QString() : userMessage(report.error());
        const qint64 pushed = ok ? report->pushed : 0;
        const qint64 pulled = ok ? report->pulled : 0;
        const qint64 aside = ok ? report->stillAside : 0;
        QMetaObject::invokeMethod(qApp, [self, ok, stopped, error, pushed, pulled, aside] {
            if (self)
                self->finish(ok, stopped, error, pushed, pulled, aside);
        });
    });
}

void SyncController::stop()
{
    if (!m_running || m_cancel)
        return;
    m_cancel = true;
    m_statusText = tr("Stopping…");
    emit stateChanged();
}

void SyncController::finish(bool ok, bool stopped, const QString& error, qint64 pushed, qint64 pulled, qint64 aside)
{
    // Only a sync that ended because it was stopped reads as stopped: one that failed before the
    // Stop arrived (a revoked token, a full disk) still shows why.
    m_running = false;
    m_progress = ok ? 1.0 : 0.0;
    m_errorText = stopped ? QString() : error;  // stopping is what the user asked for, not an error
    if (ok) {
        m_lastSync = QDateTime::currentDateTimeUtc();
        m_statusText = tr("Up to date: %1 sent, %2 received").arg(pushed).arg(pulled);
        // Pulled changes set aside (sync/client/pulled_aside.hpp): said, and the office sees them too.
        if (aside > 0)
            m_statusText += "\n" + tr("%1 received change(s) could not be applied yet; they are kept and tried again at each sync, "
                                      "and the programme office has been told.").arg(aside);
    } else if (stopped) {
        m_statusText = tr("Sync stopped. What the server confirmed is kept; the rest is sent next time.");
    } else {
        m_statusText = tr("Not synced");
    }
    if (auto* app = AppController::instance()) {
        // The worker wrote through its own connection: move this one's clock past what it saw.
        if (auto high = app->store().meta("hlc_high_water"); high && *high) {
            if (auto hlc = HlcTimestamp::parse(**high))
                app->store().clock().observe(*hlc);
        }
        if (pulled > 0)
            app->notifyDataChanged();
    }
    refresh();
    emit finished(ok);
}

bool SyncController::waitForIdle(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (m_running && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return !m_running;
}

}  // namespace igmc::client
