// One assignment in the list: a large card, tappable anywhere.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts

ItemDelegate {
    id: root

    required property string assessmentId
    required property string siteName
    required property string siteKind
    required property string stage
    required property string status
    required property string dueDate
    required property int answered
    required property int total
    required property string score
    required property string band

    height: 132
    background: Rectangle {
        radius: 8
        color: root.down ? Material.color(Material.Green, Material.Shade100) : Material.background
        border.color: Material.color(Material.Grey, Material.Shade300)
    }
    contentItem: RowLayout {
        spacing: 24
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 4
            Label {
                text: root.siteName
                font.pixelSize: 24
                font.bold: true
                elide: Label.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: root.siteKind + " · " + root.stage + " · " + root.status
                opacity: 0.75
                elide: Label.ElideRight
                Layout.fillWidth: true
            }
            Label {
                text: root.dueDate.length > 0 ? qsTr("Due %1").arg(root.dueDate) : qsTr("No due date")
                opacity: 0.75
            }
            ProgressBar {
                from: 0
                to: Math.max(1, root.total)
                value: root.answered
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("%1 of %2 indicators recorded").arg(root.answered).arg(root.total)
                font.pixelSize: 15
            }
        }
        ColumnLayout {
            Layout.preferredWidth: 180
            Label {
                text: root.score
                font.pixelSize: 36
                font.bold: true
                Layout.alignment: Qt.AlignRight
            }
            Label {
                text: root.band
                Layout.alignment: Qt.AlignRight
            }
        }
    }
}
