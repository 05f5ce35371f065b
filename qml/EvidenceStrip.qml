// Evidence linked to this indicator: thumbnails, import a file, take a photo where a camera exists.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import QtMultimedia
import Igmc.Client

Pane {
    id: root

    required property IndicatorController controller

    signal viewRequested(url source)
    signal cameraRequested()

    Material.elevation: 1
    padding: 16

    MediaDevices {
        id: devices
    }
    FileDialog {
        id: importDialog
        title: qsTr("Choose a photo, PDF or spreadsheet")
        nameFilters: [qsTr("Evidence (*.jpg *.jpeg *.png *.heic *.pdf *.xlsx *.xls *.csv *.ods)"), qsTr("All files (*)")]
        onAccepted: root.controller.importEvidence(selectedFile)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label {
            text: qsTr("Evidence (%1)").arg(root.controller.evidence.count)
            font.bold: true
            font.pixelSize: 20
        }
        RowLayout {
            Button {
                text: qsTr("Import file")
                enabled: root.controller.hasValue
                onClicked: importDialog.open()
            }
            Button {
                text: qsTr("Take photo")
                visible: devices.videoInputs.length > 0
                enabled: root.controller.hasValue
                onClicked: root.cameraRequested()
            }
        }
        Label {
            visible: !root.controller.hasValue
            text: qsTr("Record a value first; evidence is attached to what you recorded.")
            wrapMode: Text.WordWrap
            opacity: 0.7
            Layout.fillWidth: true
        }
        GridView {
            id: grid
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(1, Math.ceil(count / 3)) * 150
            cellWidth: width / 3
            cellHeight: 150
            interactive: false
            model: root.controller.evidence
            delegate: ItemDelegate {
                id: tile
                required property string fileUrl
                required property string name
                required property string sizeText
                required property string locationText
                required property bool image
                width: grid.cellWidth - 8
                height: 142
                onClicked: if (image) root.viewRequested(fileUrl)
                contentItem: ColumnLayout {
                    spacing: 2
                    Image {
                        source: tile.image ? tile.fileUrl : ""
                        visible: tile.image
                        asynchronous: true
                        fillMode: Image.PreserveAspectCrop
                        sourceSize.width: 240
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                    }
                    Label {
                        visible: !tile.image
                        text: "📄"
                        font.pixelSize: 48
                        Layout.alignment: Qt.AlignHCenter
                        Layout.fillHeight: true
                    }
                    Label {
                        text: tile.name + " · " + tile.sizeText
                        font.pixelSize: 12
                        elide: Label.ElideMiddle
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
