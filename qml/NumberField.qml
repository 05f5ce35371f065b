// A numeric entry with its unit and a live message from a validator function (text → "" or why not).
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ColumnLayout {
    id: root

    property string unit
    property var validator: function(text) { return "" }
    property alias text: field.text
    readonly property string errorText: field.text.length > 0 ? root.validator(field.text) : ""
    readonly property bool acceptable: field.text.length > 0 && errorText.length === 0

    signal submitted(string text)

    spacing: 4

    RowLayout {
        Layout.fillWidth: true
        TextField {
            id: field
            placeholderText: qsTr("Value")
            inputMethodHints: Qt.ImhFormattedNumbersOnly
            font.pixelSize: 24
            Layout.fillWidth: true
            Layout.preferredHeight: 64
            onAccepted: if (root.acceptable) root.submitted(text)
        }
        Label {
            text: root.unit
            font.pixelSize: 22
            visible: root.unit.length > 0
        }
    }
    Label {
        text: root.errorText
        visible: root.errorText.length > 0
        color: Material.color(Material.Red)
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
    }
}
