// The app's state that every page shares: the device store, the evidence files, the catalogs, the
// enrollment and the language. One instance (a QML singleton); pages reach it as AppController.
// SPDX-License-Identifier: Apache-2.0
#pragma once

// moc needs none of the core headers (and its parser trips on C++20 standard headers).
#ifndef Q_MOC_RUN
#include "catalog/catalog.hpp"
#include "evidence/blob_store.hpp"
#include "store/store.hpp"
#endif


#include <QObject>
#include <QQmlEngine>
#include <QString>
#include <QTranslator>

#include <atomic>
#include <map>
#include <memory>
#include <thread>

namespace igmc::client {

class AppController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool enrolled READ enrolled NOTIFY enrollmentChanged)
    Q_PROPERTY(QString role READ role NOTIFY enrollmentChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl NOTIFY enrollmentChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY errorMessageChanged)
    Q_PROPERTY(int dataVersion READ dataVersion NOTIFY dataChanged)
    Q_PROPERTY(QString deviceId READ deviceId CONSTANT)

public:
    // The data folder: $IGMC_FIELD_DATA, else the platform's app data location.
    static QString defaultDataDir();
    // Not default-constructible on purpose: QML must get the one instance through create().
    explicit AppController(const QString& dataDir, QObject* parent = nullptr);
    ~AppController() override;
    static AppController* create(QQmlEngine* engine, QJSEngine*);
    static AppController* instance();

    [[nodiscard]] bool enrolled() const;
    [[nodiscard]] QString role() const;
    [[nodiscard]] QString serverUrl() const;
    [[nodiscard]] QString language() const { return m_language; }
    void setLanguage(const QString& language);
    [[nodiscard]] bool busy() const { return m_busy; }
    [[nodiscard]] QString errorMessage() const { return m_errorMessage; }
    [[nodiscard]] int dataVersion() const { return m_dataVersion; }
    [[nodiscard]] QString deviceId() const;
    [[nodiscard]] QString dataDir() const { return m_dataDir; }

    // Exchanges a code for a token in the background; enrollmentChanged or errorMessage follow.
    Q_INVOKABLE void enroll(const QString& serverUrl, const QString& code);
    Q_INVOKABLE void clearError();

    store::Store& store() { return *m_store; }
    evidence::BlobStore& blobs() { return *m_blobs; }
    const catalog::Catalog* catalogFor(const std::string& id, const std::string& version) const;
    [[nodiscard]] catalog::Lang lang() const { return m_language.startsWith("zh") ? catalog::Lang::Zh : catalog::Lang::En; }
    // Tells every view that records changed (after a save or a sync).
    void notifyDataChanged();
    void setError(const QString& message);

signals:
    void enrollmentChanged();
    void languageChanged();
    void busyChanged();
    void errorMessageChanged();
    void dataChanged();

private:
    void loadCatalogs();
    void setBusy(bool busy);

    QString m_dataDir;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<evidence::BlobStore> m_blobs;
    std::map<std::string, catalog::Catalog> m_catalogs;  // by "id@version"
    QString m_language = "en";
    QTranslator m_translator;
    bool m_busy = false;
    QString m_errorMessage;
    int m_dataVersion = 0;
    // Enrolling runs here; an app that closes meanwhile stops it and waits for it (it uses the
    // store's file and posts its answer to this object).
    std::thread m_enrolling;
    std::atomic<bool> m_stopEnrolling{false};
};

}  // namespace igmc::client
