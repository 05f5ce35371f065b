// An indicator row: code, name, the recorded value, its points, and a conflict mark.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ItemDelegate {
    id: root

    required property string code
    required property string name
    required property string valueText
    required property string statusText
    required property string score
    required property string max
    required property bool answered
    required property bool conflict

    height: 76
    contentItem: RowLayout {
        spacing: 16
        Label {
            text: root.code
            font.bold: true
            Layout.preferredWidth: 64
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                text: root.name
                elide: Label.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: root.answered ? root.valueText : root.statusText
                opacity: root.answered ? 1 : 0.6
                font.pixelSize: 15
            }
        }
        Label {
            visible: root.conflict
            text: qsTr("Conflict")
            color: Material.color(Material.Orange, Material.Shade900)
            font.bold: true
        }
        Label {
            text: root.score + " / " + root.max
            Layout.preferredWidth: 110
            horizontalAlignment: Text.AlignRight
        }
    }
}
