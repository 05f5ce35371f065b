// The indicators of one category, with their values and points.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property string assessmentId
    required property string categoryCode

    title: controller.categoryName

    AssessmentController {
        id: controller
        assessmentId: root.assessmentId
        categoryCode: root.categoryCode
    }

    ListView {
        id: list
        anchors.fill: parent
        anchors.margins: 16
        spacing: 6
        clip: true
        model: controller.indicators
        delegate: IndicatorDelegate {
            width: list.width
            onClicked: root.StackView.view.push("IndicatorPage.qml", { "assessmentId": root.assessmentId, "indicatorCode": code })
        }
    }
}
