// The sync panel's logic: runs the core SyncEngine on a worker thread (its own store connection),
// reports pending work, progress and errors in plain words, and never blocks the UI.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>

#include <atomic>
#include <thread>

namespace igmc::client {

class SyncController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool running READ running NOTIFY stateChanged)
    Q_PROPERTY(bool stopping READ stopping NOTIFY stateChanged)  // asked to stop, not yet stopped
    Q_PROPERTY(int pendingChanges READ pendingChanges NOTIFY stateChanged)
    Q_PROPERTY(QString pendingBytesText READ pendingBytesText NOTIFY stateChanged)
    Q_PROPERTY(QString lastSyncText READ lastSyncText NOTIFY stateChanged)
    Q_PROPERTY(double progress READ progress NOTIFY stateChanged)
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)
    Q_PROPERTY(bool autoSync READ autoSync WRITE setAutoSync NOTIFY autoSyncChanged)

public:
    explicit SyncController(QObject* parent = nullptr);
    ~SyncController() override;

    [[nodiscard]] bool running() const { return m_running; }
    [[nodiscard]] bool stopping() const { return m_running && m_cancel; }
    [[nodiscard]] int pendingChanges() const { return m_pendingChanges; }
    [[nodiscard]] QString pendingBytesText() const;
    [[nodiscard]] QString lastSyncText() const;
    [[nodiscard]] double progress() const { return m_progress; }
    [[nodiscard]] QString statusText() const { return m_statusText; }
    [[nodiscard]] QString errorText() const { return m_errorText; }
    [[nodiscard]] bool autoSync() const { return m_timer.isActive(); }
    void setAutoSync(bool on);

    Q_INVOKABLE void syncNow();
    // Stops the running sync at once (a request in flight is abandoned, a backoff cut short). What
    // the server confirmed stays confirmed; the rest waits for the next sync.
    Q_INVOKABLE void stop();
    Q_INVOKABLE void refresh();
    // Blocks until the running sync (if any) finished: for tests and shutdown.
    Q_INVOKABLE bool waitForIdle(int timeoutMs);

signals:
    void stateChanged();
    void autoSyncChanged();
    void finished(bool ok);

private:
    // `stopped`: the sync ended because stop() asked (not an error to show).
    void finish(bool ok, bool stopped, const QString& error, qint64 pushed, qint64 pulled, qint64 aside);

    bool m_running = false;
    int m_pendingChanges = 0;
    qint64 m_pendingBytes = 0;
    QDateTime m_lastSync;
    double m_progress = 0;
    QString m_statusText;
    QString m_errorText;
    QTimer m_timer;
    std::thread m_worker;
    std::atomic<bool> m_cancel{false};  // the worker's stop flag: set by stop() and on shutdown
};

}  // namespace igmc::client
