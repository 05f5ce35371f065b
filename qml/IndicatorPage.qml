// One indicator: what it measures and how it scores, the value editor (validated by type and unit),
// N/A with a reason, method and note, evidence, the version history and any conflict.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property string assessmentId
    required property string indicatorCode

    title: indicatorCode + "  " + controller.name

    IndicatorController {
        id: controller
        assessmentId: root.assessmentId
        indicatorCode: root.indicatorCode
    }

    Flickable {
        anchors.fill: parent
        contentHeight: content.implicitHeight + 32
        clip: true

        RowLayout {
            id: content
            x: 16
            y: 16
            width: parent.width - 32
            spacing: 16

            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: 12
                IndicatorInfoCard {
                    controller: controller
                    Layout.fillWidth: true
                }
                ConflictCard {
                    visible: controller.conflict
                    values: controller.conflictValues
                    Layout.fillWidth: true
                }
                ValueEditor {
                    controller: controller
                    Layout.fillWidth: true
                }
            }
            ColumnLayout {
                Layout.preferredWidth: root.width > 900 ? root.width * 0.36 : 0
                Layout.maximumWidth: Layout.preferredWidth
                visible: root.width > 900
                Layout.alignment: Qt.AlignTop
                spacing: 12
                EvidenceStrip {
                    controller: controller
                    Layout.fillWidth: true
                    onViewRequested: (url) => root.StackView.view.push("EvidenceViewerPage.qml", { "source": url })
                    onCameraRequested: root.StackView.view.push("CameraPage.qml", { "controller": controller })
                }
                HistoryList {
                    model: controller.history
                    Layout.fillWidth: true
                    Layout.preferredHeight: 360
                }
            }
        }
    }
}
