// The assessment overview: the live score out of 320 and the band, then the categories by
// dimension with completeness, and the gap to the next band.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property string assessmentId

    title: controller.siteName

    AssessmentController {
        id: controller
        assessmentId: root.assessmentId
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16

        ColumnLayout {
            Layout.preferredWidth: root.width > 900 ? root.width * 0.4 : root.width - 32
            Layout.maximumWidth: Layout.preferredWidth
            Layout.fillHeight: true
            spacing: 16
            ScoreCard {
                controller: controller
                Layout.fillWidth: true
            }
            GapCard {
                controller: controller
                Layout.fillWidth: true
                Layout.fillHeight: true
                onIndicatorChosen: (code) => root.StackView.view.push("IndicatorPage.qml", { "assessmentId": root.assessmentId, "indicatorCode": code })
            }
        }
        ListView {
            id: categories
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.width > 900
            clip: true
            spacing: 6
            model: controller.categories
            section.property: "dimensionName"
            section.delegate: Label {
                required property string section
                text: section
                font.pixelSize: 20
                font.bold: true
                topPadding: 12
                bottomPadding: 4
            }
            delegate: CategoryDelegate {
                width: categories.width
                onClicked: root.StackView.view.push("CategoryPage.qml", { "assessmentId": root.assessmentId, "categoryCode": code })
            }
        }
    }
}
