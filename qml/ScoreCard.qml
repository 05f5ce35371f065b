// The live score, its band, completeness and stage.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Pane {
    id: root

    required property AssessmentController controller

    Material.elevation: 2
    padding: 20

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        Label {
            text: qsTr("Score")
            opacity: 0.7
        }
        RowLayout {
            Label {
                text: root.controller.total
                font.pixelSize: 56
                font.bold: true
            }
            Label {
                text: "/ " + root.controller.maxPoints
                font.pixelSize: 24
                opacity: 0.7
                Layout.alignment: Qt.AlignBottom
                bottomPadding: 10
            }
        }
        ProgressBar {
            value: root.controller.fraction
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.bandName
            font.pixelSize: 22
            color: root.controller.bandCode.length > 0 ? Material.color(Material.Green, Material.Shade800) : Material.foreground
        }
        Label {
            text: qsTr("%1 of %2 indicators recorded").arg(root.controller.answered).arg(root.controller.indicatorCount)
        }
        Label {
            text: root.controller.stageText + " · " + root.controller.statusText
            opacity: 0.75
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.catalogText
            font.pixelSize: 14
            opacity: 0.6
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
    }
}
