// Runs the Qt Quick Tests (tst_*.qml in this folder) against the app's QML modules, offscreen.
// SPDX-License-Identifier: Apache-2.0
#include <QObject>
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(Igmc_ClientPlugin)
Q_IMPORT_QML_PLUGIN(Igmc_UiPlugin)

class Setup : public QObject {
    Q_OBJECT
public slots:
    // The app's modules are compiled into resources: make them importable.
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath("qrc:/"); }
};

QUICK_TEST_MAIN_WITH_SETUP(igmc_qml, Setup)

#include "qml_test_main.moc"
