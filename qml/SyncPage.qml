// The sync panel: what is waiting to be sent, when the last sync succeeded, progress while syncing,
// and errors in plain language with a retry. Sync runs in the background.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property SyncController controller

    title: qsTr("Sync")

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 640)
        spacing: 16

        GridLayout {
            columns: 2
            columnSpacing: 24
            rowSpacing: 8
            Label { text: qsTr("Changes waiting to be sent") }
            Label { text: root.controller.pendingChanges; font.bold: true }
            Label { text: qsTr("Evidence waiting to be sent") }
            Label { text: root.controller.pendingBytesText; font.bold: true }
            Label { text: qsTr("Last successful sync") }
            Label { text: root.controller.lastSyncText; font.bold: true }
            Label { text: qsTr("Server") }
            Label { text: AppController.serverUrl; font.bold: true }
        }
        ProgressBar {
            value: root.controller.progress
            indeterminate: root.controller.running && root.controller.progress === 0
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.statusText
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
        }
        Pane {
            visible: root.controller.errorText.length > 0
            Material.background: Material.color(Material.Red, Material.Shade50)
            Layout.fillWidth: true
            Label {
                text: root.controller.errorText
                wrapMode: Text.WordWrap
                width: parent.width
            }
        }
        Button {
            text: root.controller.stopping ? qsTr("Stopping…")
                  : root.controller.running ? qsTr("Stop")
                  : root.controller.errorText.length > 0 ? qsTr("Retry now") : qsTr("Sync now")
            enabled: !root.controller.stopping
            highlighted: !root.controller.running
            Layout.fillWidth: true
            Layout.preferredHeight: 60
            onClicked: root.controller.running ? root.controller.stop() : root.controller.syncNow()
        }
        Label {
            text: qsTr("Your work is saved on this device as you go. Sync sends it when a connection exists; nothing is deleted here until the server has confirmed it.")
            wrapMode: Text.WordWrap
            opacity: 0.7
            Layout.fillWidth: true
        }
    }
}
