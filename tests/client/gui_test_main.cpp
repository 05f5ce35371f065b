// The main of the field-app GUI tests: an offscreen Qt application (unless QT_QPA_PLATFORM says
// otherwise), the Material style the app uses, the static QML modules, then GoogleTest.
// SPDX-License-Identifier: Apache-2.0
#include <QGuiApplication>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <gtest/gtest.h>

Q_IMPORT_QML_PLUGIN(Igmc_ClientPlugin)
Q_IMPORT_QML_PLUGIN(Igmc_UiPlugin)

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    QQuickStyle::setStyle("Material");
    testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
