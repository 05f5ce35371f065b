// Two devices changed this indicator from the same version: both values, side by side.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Pane {
    id: root

    required property var values

    Material.background: Material.color(Material.Orange, Material.Shade50)
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        Label {
            text: qsTr("Conflict: these versions were recorded at the same time on different devices. Both are kept; a reviewer decides. Saving a new value records your decision.")
            wrapMode: Text.WordWrap
            font.bold: true
            Layout.fillWidth: true
        }
        RowLayout {
            spacing: 12
            Layout.fillWidth: true
            Repeater {
                model: root.values
                delegate: Pane {
                    required property string modelData
                    Material.elevation: 1
                    Layout.fillWidth: true
                    Label {
                        text: parent.modelData
                        wrapMode: Text.WordWrap
                        width: parent.width
                    }
                }
            }
        }
    }
}
