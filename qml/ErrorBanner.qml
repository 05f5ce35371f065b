// A dismissable banner for errors in plain language; hidden when there is none.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

Pane {
    id: root

    required property string message
    readonly property bool shown: message.length > 0

    signal dismissed()

    visible: shown
    Material.background: Material.color(Material.Red, Material.Shade100)
    padding: 12

    RowLayout {
        anchors.fill: parent
        spacing: 12
        Label {
            text: root.message
            color: Material.color(Material.Red, Material.Shade900)
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            text: qsTr("OK")
            flat: true
            onClicked: root.dismissed()
        }
    }
}
