// The header's sync state: pending changes, a spinner while syncing, red when the last try failed.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

ToolButton {
    id: root

    required property SyncController controller

    Accessible.name: qsTr("Sync")
    contentItem: RowLayout {
        spacing: 6
        BusyIndicator {
            running: root.controller.running
            visible: running
            implicitWidth: 28
            implicitHeight: 28
        }
        Label {
            text: root.controller.errorText.length > 0 ? qsTr("Not synced")
                  : root.controller.pendingChanges > 0 ? qsTr("%n to send", "", root.controller.pendingChanges)
                  : qsTr("Synced")
            color: root.controller.errorText.length > 0 ? Material.color(Material.Red) : Material.foreground
            font.pixelSize: 16
        }
    }
}
