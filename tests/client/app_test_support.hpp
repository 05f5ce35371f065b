// What the field-app tests share: a real server on 127.0.0.1 with the demo data, a way to wait for
// the event loop, and screenshots of the live window.
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "app/app_controller.hpp"
#include "server_app.hpp"
#include "support/temp_dir.hpp"
#include "syncing/sync_controller.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>
#include <gtest/gtest.h>

#include <functional>
#include <memory>

namespace igmc::client::test {

inline bool waitFor(const std::function<bool()>& condition, int timeoutMs = 15'000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return condition();
}

inline void settle(int ms = 400)
{
    waitFor([] { return false; }, ms);
}

struct DemoServer {
    std::unique_ptr<server::ServerApp> app;
    server::DemoSetup demo;
    unsigned short port = 0;

    explicit DemoServer(const std::string& dataDir)
    {
        server::ServerConfig config;
        config.dataDir = dataDir;
        config.http.port = 0;
        config.http.logRequests = false;
        app = std::move(server::ServerApp::open(config).value());
        demo = app->seedDemo().value();
        port = app->start().value();
    }
    [[nodiscard]] QString url() const { return "http://127.0.0.1:" + QString::number(port); }
};

// One server with the demo data and one app for a whole suite (the app's controller is a
// process-wide singleton, so each mode's tests run in their own process).
class AppSuite : public testing::Test {
protected:
    static void startSuite(const std::string& deviceFolder)
    {
        s_dir = new igmc::test::TempDir();
        qputenv("IGMC_FIELD_DATA", QByteArray::fromStdString(s_dir->path(deviceFolder)));
        s_server = new DemoServer(s_dir->path("server"));
        s_app = new AppController(AppController::defaultDataDir());
    }
    // Enrolls the app with one of the demo's codes and runs a first sync through `sync`.
    static void enrollAndSync(SyncController& sync, const std::string& code, const QString& role)
    {
        s_app->enroll(s_server->url(), QString::fromStdString(code));
        ASSERT_TRUE(waitFor([] { return !s_app->busy(); }));
        ASSERT_EQ(s_app->role(), role) << s_app->errorMessage().toStdString();
        sync.syncNow();
        ASSERT_TRUE(sync.waitForIdle(15'000));
        ASSERT_TRUE(sync.errorText().isEmpty()) << sync.errorText().toStdString();
    }

    static void TearDownTestSuite()
    {
        delete s_app;
        delete s_server;
        delete s_dir;
    }

    static inline igmc::test::TempDir* s_dir = nullptr;
    static inline DemoServer* s_server = nullptr;
    static inline AppController* s_app = nullptr;
};

// Finds an item by objectName in the visual tree (pages in a StackView are not QObject children of
// the window), preferring a visible one.
inline QQuickItem* findItemUnder(QQuickItem* root, const QString& name, bool visibleOnly)
{
    if (root->objectName() == name && (!visibleOnly || root->isVisible()))
        return root;
    for (auto* child : root->childItems()) {
        if (auto* found = findItemUnder(child, name, visibleOnly))
            return found;
    }
    return nullptr;
}

inline QQuickItem* findItem(QQuickWindow* window, const QString& name)
{
    if (auto* visible = findItemUnder(window->contentItem(), name, true))
        return visible;
    return findItemUnder(window->contentItem(), name, false);
}

// Taps the centre of a named item as a finger would.
inline bool tap(QQuickWindow* window, const QString& name)
{
    auto* item = findItem(window, name);
    if (!item || !item->isVisible() || !item->isEnabled())
        return false;
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(window, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    settle(120);
    return true;
}

inline void shoot(QQuickWindow* window, const QString& name)
{
    const QString out = QString::fromUtf8(IGMC_SCREENSHOT_DIR);
    QDir().mkpath(out);
    settle();
    const QImage image = window->grabWindow();
    EXPECT_FALSE(image.isNull());
    EXPECT_TRUE(image.save(out + "/" + name + ".png")) << name.toStdString();
}

}  // namespace igmc::client::test
