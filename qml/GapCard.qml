// The gap to the next band: the indicators that would gain the most points.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Pane {
    id: root

    required property AssessmentController controller

    signal indicatorChosen(string code)

    Material.elevation: 2
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            text: root.controller.gapText
            font.pixelSize: 18
            font.bold: true
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.controller.gap
            delegate: ItemDelegate {
                id: gapRow
                required property string code
                required property string name
                required property string available
                required property bool inMinimalSet
                required property bool missing
                width: list.width
                height: 56
                contentItem: RowLayout {
                    Label {
                        text: (gapRow.inMinimalSet ? "● " : "○ ") + gapRow.code
                        font.bold: gapRow.inMinimalSet
                        Layout.preferredWidth: 90
                    }
                    Label {
                        text: gapRow.name + (gapRow.missing ? qsTr(" (missing)") : "")
                        elide: Label.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        text: gapRow.available
                        font.bold: true
                    }
                }
                onClicked: root.indicatorChosen(code)
            }
        }
    }
}
