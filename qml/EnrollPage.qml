// First run: the server address and the one-time enrollment code (typed or pasted). The role the
// code carries decides the mode.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    title: qsTr("Enroll this device")

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 560)
        spacing: 16

        Label {
            text: qsTr("Enter the server address and the enrollment code from the programme office. The code works once; the device remembers the server afterwards.")
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label { text: qsTr("Server address") }
        TextField {
            id: server
            text: AppController.serverUrl.length > 0 ? AppController.serverUrl : "http://127.0.0.1:8080"
            inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
            Layout.fillWidth: true
        }
        Label { text: qsTr("Enrollment code") }
        TextField {
            id: code
            placeholderText: "ABCD-EFGH-JKMN-PQRS"
            font.capitalization: Font.AllUppercase
            font.letterSpacing: 2
            inputMethodHints: Qt.ImhPreferUppercase | Qt.ImhNoPredictiveText
            Layout.fillWidth: true
            onAccepted: enroll.clicked()
        }
        Button {
            id: enroll
            text: AppController.busy ? qsTr("Enrolling…") : qsTr("Enroll")
            enabled: !AppController.busy && code.text.length > 0
            highlighted: true
            Layout.fillWidth: true
            Layout.preferredHeight: 56
            onClicked: AppController.enroll(server.text, code.text)
        }
        BusyIndicator {
            running: AppController.busy
            visible: running
            Layout.alignment: Qt.AlignHCenter
        }
    }
}
