// A category with its points and completeness.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: root

    required property string code
    required property string name
    required property string score
    required property string max
    required property int answered
    required property int total

    height: 72
    contentItem: RowLayout {
        spacing: 16
        Label {
            text: root.code
            font.bold: true
            Layout.preferredWidth: 56
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                text: root.name
                elide: Label.ElideRight
                Layout.fillWidth: true
            }
            ProgressBar {
                from: 0
                to: Math.max(1, root.total)
                value: root.answered
                Layout.fillWidth: true
            }
        }
        Label {
            text: qsTr("%1/%2").arg(root.answered).arg(root.total)
            Layout.preferredWidth: 56
        }
        Label {
            text: root.score + " / " + root.max
            font.bold: true
            Layout.preferredWidth: 120
            horizontalAlignment: Text.AlignRight
        }
    }
}
