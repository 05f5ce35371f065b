// What the indicator measures, its unit and rule in plain words, the benchmark and the N/A policy.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Pane {
    id: root

    required property IndicatorController controller

    Material.elevation: 1
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        Label {
            text: root.controller.definition
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.typeText + " · " + root.controller.pointsText
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.ruleText
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            visible: root.controller.benchmark.length > 0
            text: qsTr("Benchmark: %1").arg(root.controller.benchmark)
            wrapMode: Text.WordWrap
            opacity: 0.8
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.evidenceText + " · " + root.controller.naPolicyText
            font.pixelSize: 15
            opacity: 0.7
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
}
