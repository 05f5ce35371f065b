// Every version of this indicator, newest first; current heads marked.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Pane {
    id: root

    required property var model

    Material.elevation: 1
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        Label {
            text: qsTr("History")
            font.bold: true
            font.pixelSize: 20
        }
        ListView {
            id: list
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.model
            delegate: ColumnLayout {
                required property string valueText
                required property string inspector
                required property string observedAt
                required property string device
                required property string note
                required property bool head
                width: list.width
                spacing: 0
                Label {
                    text: (parent.head ? "● " : "○ ") + parent.valueText
                    font.bold: parent.head
                }
                Label {
                    text: qsTr("%1 · %2 · device %3").arg(parent.inspector).arg(parent.observedAt).arg(parent.device)
                          + (parent.note.length > 0 ? "\n" + parent.note : "")
                    font.pixelSize: 13
                    opacity: 0.7
                    bottomPadding: 8
                }
            }
            Label {
                visible: list.count === 0
                text: qsTr("No versions yet")
                opacity: 0.6
            }
        }
    }
}
