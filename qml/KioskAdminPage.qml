// Behind the kiosk's PIN: what the admin who looks after the kiosk needs, and the only way out.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property KioskController controller
    required property SyncController sync

    signal backToKiosk()
    signal quitRequested()

    title: qsTr("Kiosk administration")

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: Math.min(parent.width - 32, 720)
            x: (parent.width - width) / 2
            spacing: 16

            Item { Layout.preferredHeight: 8 }
            Pane {
                Layout.fillWidth: true
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 8
                    Label {
                        text: qsTr("Site: %1").arg(root.controller.siteName)
                        font.pixelSize: 20
                        font.bold: true
                    }
                    Label {
                        text: qsTr("Responses today: %1").arg(root.controller.submittedToday)
                    }
                    Label {
                        objectName: "kioskAdminPending"
                        text: root.controller.pendingUpload === 0 ? qsTr("Every response has been uploaded.")
                                                                  : qsTr("%n response(s) waiting to upload.", "", root.controller.pendingUpload)
                    }
                    Label {
                        text: qsTr("Responses cannot be viewed on this device: they are anonymous and read only by programme staff.")
                        wrapMode: Text.WordWrap
                        opacity: 0.7
                        Layout.fillWidth: true
                    }
                    Button {
                        text: qsTr("Sync now")
                        onClicked: root.sync.syncNow()
                    }
                }
            }
            Pane {
                Layout.fillWidth: true
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 8
                    Label {
                        text: qsTr("Survey shown to residents")
                        font.bold: true
                    }
                    Repeater {
                        model: root.controller.availableSurveys
                        RadioButton {
                            required property var modelData
                            text: qsTr("%1 (version %2)").arg(modelData.title).arg(modelData.version)
                            checked: modelData.id === root.controller.surveyId
                            onClicked: root.controller.chooseSurvey(modelData.id)
                        }
                    }
                }
            }
            Pane {
                Layout.fillWidth: true
                Material.elevation: 1
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 8
                    Label {
                        text: qsTr("Change the admin PIN")
                        font.bold: true
                    }
                    TextField {
                        id: newPin
                        placeholderText: qsTr("New PIN (6–12 digits)")
                        echoMode: TextInput.Password
                        inputMethodHints: Qt.ImhDigitsOnly
                        Layout.fillWidth: true
                    }
                    TextField {
                        id: newPinAgain
                        placeholderText: qsTr("New PIN again")
                        echoMode: TextInput.Password
                        inputMethodHints: Qt.ImhDigitsOnly
                        Layout.fillWidth: true
                    }
                    Button {
                        text: qsTr("Change PIN")
                        onClicked: {
                            if (root.controller.setPin(newPin.text, newPinAgain.text)) {
                                newPin.clear()
                                newPinAgain.clear()
                            }
                        }
                    }
                    Label {
                        text: root.controller.pinMessage
                        visible: text.length > 0
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                Button {
                    objectName: "kioskAdminBack"
                    text: qsTr("Back to the kiosk")
                    Layout.fillWidth: true
                    onClicked: root.backToKiosk()
                }
                Button {
                    text: qsTr("Close the app")
                    Layout.fillWidth: true
                    onClicked: root.quitRequested()
                }
            }
        }
    }
}
