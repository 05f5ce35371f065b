// Entering the value: the editor that fits the indicator's type, or N/A with a reason, plus method
// and note. Every save is a new version stored at once; the UI keeps nothing unsaved.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Pane {
    id: root

    required property IndicatorController controller
    readonly property string type: controller.valueType

    function saveCurrent() {
        if (na.checked)
            return root.controller.saveNotApplicable(reason.text, method.text, note.text)
        if (type === "number" || type === "percent")
            return number.acceptable && root.controller.saveNumber(number.text, method.text, note.text)
        return false
    }

    Material.elevation: 1
    padding: 16

    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        Label {
            text: root.controller.hasValue ? qsTr("Current: %1").arg(root.controller.currentText) : qsTr("Not recorded yet")
            font.pixelSize: 20
            font.bold: true
        }
        Switch {
            id: na
            text: qsTr("Does not apply here (N/A)")
            enabled: root.controller.naAllowed
            checked: root.controller.notApplicable
        }
        TextField {
            id: reason
            visible: na.checked
            placeholderText: qsTr("Why it does not apply (required)")
            text: root.controller.naReason
            Layout.fillWidth: true
        }
        NumberField {
            id: number
            visible: !na.checked && (root.type === "number" || root.type === "percent")
            unit: root.controller.unit
            validator: function(text) { return root.controller.validate(text) }
            Layout.fillWidth: true
            onSubmitted: root.saveCurrent()
        }
        RowLayout {
            visible: !na.checked && root.type === "boolean"
            spacing: 16
            Button {
                text: qsTr("Yes")
                Layout.preferredWidth: 160
                Layout.preferredHeight: 64
                highlighted: root.controller.currentText === "yes"
                onClicked: root.controller.saveBoolean(true, method.text, note.text)
            }
            Button {
                text: qsTr("No")
                Layout.preferredWidth: 160
                Layout.preferredHeight: 64
                highlighted: root.controller.currentText === "no"
                onClicked: root.controller.saveBoolean(false, method.text, note.text)
            }
        }
        Repeater {
            model: !na.checked && root.type === "level" ? root.controller.levels : []
            delegate: RadioButton {
                required property var modelData
                text: modelData.name
                checked: root.controller.currentText === modelData.code
                onClicked: root.controller.saveLevel(modelData.code, method.text, note.text)
            }
        }
        Repeater {
            id: checklist
            model: !na.checked && root.type === "checklist" ? root.controller.checklist : []
            delegate: CheckBox {
                required property var modelData
                text: modelData.name
                checked: modelData.checked
                onClicked: {
                    var codes = []
                    for (var i = 0; i < checklist.count; ++i) {
                        var box = checklist.itemAt(i)
                        if (box.checked)
                            codes.push(box.modelData.code)
                    }
                    root.controller.saveChecklist(codes, method.text, note.text)
                }
            }
        }
        TextField {
            id: method
            placeholderText: qsTr("Method (how it was measured or checked)")
            text: root.controller.method
            Layout.fillWidth: true
        }
        TextField {
            id: note
            placeholderText: qsTr("Note")
            text: root.controller.note
            Layout.fillWidth: true
        }
        Label {
            text: root.controller.locationText
            font.pixelSize: 14
            opacity: 0.7
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Button {
            visible: na.checked || root.type === "number" || root.type === "percent"
            text: qsTr("Save")
            highlighted: true
            enabled: na.checked ? reason.text.trim().length > 0 : number.acceptable
            Layout.fillWidth: true
            Layout.preferredHeight: 60
            onClicked: root.saveCurrent()
        }
    }
}
