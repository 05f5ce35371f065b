// The assessments assigned to this inspector, available offline: site, stage, due date, progress
// and the live score.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    signal opened(string assessmentId)

    title: qsTr("My assessments")

    AssignmentModel {
        id: assignments
    }

    ListView {
        id: list
        anchors.fill: parent
        anchors.margins: 16
        spacing: 12
        model: assignments
        clip: true
        delegate: AssignmentDelegate {
            width: list.width
            onClicked: root.opened(assessmentId)
        }
        Label {
            anchors.centerIn: parent
            width: parent.width * 0.8
            visible: list.count === 0
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            text: qsTr("No assessment is assigned to this device yet. Sync when you have a connection to receive your assignments.")
        }
    }
}
