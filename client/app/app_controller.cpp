// SPDX-License-Identifier: Apache-2.0
#include "app/app_controller.hpp"

#include "app/error_messages.hpp"
#include "catalog/catalog_loader.hpp"
#include "client/sync_engine.hpp"

#include <boost/json/parse.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QStandardPaths>

#include <thread>

namespace igmc::client {

namespace {

AppController* g_instance = nullptr;
QQmlEngine* g_engine = nullptr;

std::string key(const std::string& id, const std::string& version)
{
    return id + "@" + version;
}

}  // namespace

QString AppController::defaultDataDir()
{
    const auto env = qEnvironmentVariable("IGMC_FIELD_DATA");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

AppController::AppController(const QString& dataDir, QObject* parent) : QObject(parent), m_dataDir(dataDir)
{
    g_instance = this;
    QDir().mkpath(m_dataDir);
    auto opened = store::Store::open((m_dataDir + "/field.sqlite").toStdString());
    if (!opened) {
        m_errorMessage = userMessage(opened.error());
        return;
    }
    m_store = std::move(opened).value();
    auto blobs = evidence::BlobStore::open((m_dataDir + "/evidence").toStdString());
    if (!blobs) {
        m_errorMessage = userMessage(blobs.error());
        return;
    }
    m_blobs = std::make_unique<evidence::BlobStore>(std::move(blobs).value());
    loadCatalogs();
    const auto lang = qEnvironmentVariable("IGMC_FIELD_LANG");
    if (!lang.isEmpty())
        setLanguage(lang);
}

AppController::~AppController()
{
    m_stopEnrolling = true;
    if (m_enrolling.joinable())
        m_enrolling.join();
    if (g_instance == this)
        g_instance = nullptr;
}

AppController* AppController::create(QQmlEngine* engine, QJSEngine*)
{
    g_engine = engine;
    auto* app = g_instance ? g_instance : new AppController(defaultDataDir());
    QQmlEngine::setObjectOwnership(app, QQmlEngine::CppOwnership);
    return app;
}

AppController* AppController::instance()
{
    return g_instance;
}

void AppController::loadCatalogs()
{
    for (const char* name : {":/catalogs/igmc-3.0-city.json", ":/catalogs/igmc-3.0-community.json"}) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto text = file.readAll().toStdString();
        auto loaded = catalog::parseCatalog(text, name);
        if (!loaded) {
            m_errorMessage = userMessage(loaded.error());
            continue;
        }
        const auto k = key(loaded->id, loaded->version);
        m_catalogs.emplace(k, std::move(loaded).value());
    }
}

const catalog::Catalog* AppController::catalogFor(const std::string& id, const std::string& version) const
{
    const auto it = m_catalogs.find(key(id, version));
    return it == m_catalogs.end() ? nullptr : &it->second;
}

bool AppController::enrolled() const
{
    if (!m_store)
        return false;
    auto token = m_store->meta(sync::kTokenKey);
    return token && token->has_value();
}

QString AppController::role() const
{
    if (!m_store)
        return {};
    auto role = m_store->meta(sync::kRoleKey);
    return role && *role ? QString::fromStdString(**role) : QString();
}

QString AppController::serverUrl() const
{
    if (!m_store)
        return {};
    auto url = m_store->meta(sync::kServerKey);
    return url && *url ? QString::fromStdString(**url) : QString();
}

QString AppController::deviceId() const
{
    return m_store ? QString::fromStdString(m_store->deviceId()) : QString();
}

void AppController::setLanguage(const QString& language)
{
    const QString normalised = language.startsWith("zh") ? "zh_CN" : "en";
    if (normalised == m_language && !m_translator.isEmpty() == (normalised == "zh_CN"))
        return;
    QCoreApplication::removeTranslator(&m_translator);
    if (m_translator.load(":/i18n/igmc_" + normalised + ".qm"))
        QCoreApplication::installTranslator(&m_translator);
    m_language = normalised;
    if (g_engine)
        g_engine->retranslate();
    emit languageChanged();
    emit dataChanged();
}

void AppController::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    emit busyChanged();
}

void AppController::setError(const QString& message)
{
    m_errorMessage = message;
    emit errorMessageChanged();
}

void AppController::clearError()
{
    setError({});
}

void AppController::notifyDataChanged()
{
    ++m_dataVersion;
    emit dataChanged();
}

void AppController::enroll(const QString& serverUrl, const QString& code)
{
    if (!m_store || m_busy)
        return;
    const auto url = serverUrl.trimmed();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
        setError(tr("The server address starts with http:// or https://"));
        return;
    }
    if (code.trimmed().isEmpty()) {
        setError(tr("Type or paste the enrollment code you were given."));
        return;
    }
    setBusy(true);
    clearError();
    const auto path = m_store->path();
    const auto blobsRoot = m_blobs->root();
    QPointer<AppController> self(this);
    if (m_enrolling.joinable())
        m_enrolling.join();  // the last attempt, already answered (not busy)
    m_enrolling = std::thread([self, path, blobsRoot, url = url.toStdString(), code = code.trimmed().toStdString(), stop = &m_stopEnrolling] {
        // The worker has its own connection to the same file (SQLite WAL allows it).
        auto store = store::Store::open(path);
        Result<sync::EnrollResult> result = store ? Result<sync::EnrollResult>(makeError(ErrorCode::Internal, "")) : store.error();
        if (store) {
            auto blobs = evidence::BlobStore::open(blobsRoot);
            sync::SyncOptions options;
            options.serverUrl = url;
            options.maxAttempts = 2;
            options.cancel = stop;
            sync::SyncEngine engine(**store, *blobs, options);
            result = engine.enroll(code, "igmc-field tablet");
            if (result) {
                // The inspector named by the code's scope signs the observations made on this device.
                boost::system::error_code ec;
                const auto scope = boost::json::parse(result->scopeJson, ec);
                if (!ec && scope.is_object()) {
                    if (const auto* inspector = scope.get_object().if_contains("inspector"); inspector && inspector->is_string())
                        (void)(*store)->setMeta("sync.inspector", std::string(inspector->get_string()));
                }
            }
        }
        QMetaObject::invokeMethod(qApp, [self, result] {
            if (!self)
                return;
            self->setBusy(false);
            if (!result)
                self->setError(userMessage(result.error()));
            emit self->enrollmentChanged();
        });
    });
}

}  // namespace igmc::client
