// The assessment overview: the live score out of 320 and the band, the gap to the next band, and the
// categories by dimension with completeness. Two columns on a tablet, one on a phone.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property string assessmentId
    readonly property bool wide: width > 900

    title: controller.siteName

    AssessmentController {
        id: controller
        assessmentId: root.assessmentId
    }

    GridLayout {
        anchors.fill: parent
        anchors.margins: root.wide ? 16 : 8
        columns: root.wide ? 2 : 1
        columnSpacing: 16
        rowSpacing: 8

        ColumnLayout {
            Layout.preferredWidth: root.wide ? root.width * 0.4 : root.width - 16
            Layout.maximumWidth: Layout.preferredWidth
            Layout.fillHeight: root.wide
            spacing: root.wide ? 16 : 8
            ScoreCard {
                controller: controller
                Layout.fillWidth: true
            }
            GapCard {
                controller: controller
                Layout.fillWidth: true
                Layout.fillHeight: root.wide
                Layout.preferredHeight: root.wide ? -1 : 220
                onIndicatorChosen: (code) => root.StackView.view.push("IndicatorPage.qml", { "assessmentId": root.assessmentId, "indicatorCode": code })
            }
        }
        ListView {
            id: categories
            Layout.fillWidth: true
            Layout.fillHeight: true
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
