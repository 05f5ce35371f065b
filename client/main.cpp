// igmc-field: the field app. Options: --data DIR (the device's folder), --server URL --code CODE
// (enroll on first start), --lang en|zh_CN.
// SPDX-License-Identifier: Apache-2.0
#include <QCommandLineParser>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>

#include "app/app_controller.hpp"
#include "core/allocator_tuning.hpp"

Q_IMPORT_QML_PLUGIN(Igmc_ClientPlugin)
Q_IMPORT_QML_PLUGIN(Igmc_UiPlugin)

int main(int argc, char** argv)
{
    igmc::useTunedAllocator(argv);  // before Qt starts threads: a sync pulls megabytes per page
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName("igmc-field");
    QGuiApplication::setOrganizationName("GFHS IGMC");
    QCommandLineParser parser;
    parser.setApplicationDescription("IGMC Field: offline inspections for the International Green Model City programme");
    parser.addHelpOption();
    const QCommandLineOption data("data", "Folder for this device's store and evidence.", "DIR");
    const QCommandLineOption server("server", "Server to enroll with on first start.", "URL");
    const QCommandLineOption code("code", "One-time enrollment code.", "CODE");
    const QCommandLineOption lang("lang", "Language: en or zh_CN.", "LANG");
    parser.addOptions({data, server, code, lang});
    parser.process(app);
    if (parser.isSet(data))
        qputenv("IGMC_FIELD_DATA", parser.value(data).toUtf8());
    if (parser.isSet(lang))
        qputenv("IGMC_FIELD_LANG", parser.value(lang).toUtf8());
    QQuickStyle::setStyle("Material");

    // Created before the engine so the QML singleton is this object (AppController::create).
    igmc::client::AppController controller(igmc::client::AppController::defaultDataDir());
    if (!controller.enrolled() && parser.isSet(server) && parser.isSet(code))
        controller.enroll(parser.value(server), parser.value(code));
    QQmlApplicationEngine engine;
    // Qt 6.4 has no loadFromModule: load the module's resource path.
    engine.load(QUrl("qrc:/Igmc/Ui/Main.qml"));
    if (engine.rootObjects().isEmpty())
        return 1;
    return QGuiApplication::exec();
}
