// The app shell: header with sync state and language, a page stack, an error banner. The mode
// (inspector now; kiosk and trainer later) follows the role the enrollment code carried.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

ApplicationWindow {
    id: root

    property bool darkTheme: false

    width: 1280
    height: 800
    visible: true
    title: qsTr("IGMC Field")
    Material.theme: darkTheme ? Material.Dark : Material.Light
    Material.primary: Material.Green
    Material.accent: Material.Teal
    font.pixelSize: 18
    font.family: AppController.language === "zh_CN" ? "WenQuanYi Zen Hei" : font.family

    function openAssessment(assessmentId) {
        stack.push("AssessmentPage.qml", { "assessmentId": assessmentId })
    }
    function openCategory(assessmentId, categoryCode) {
        stack.push("CategoryPage.qml", { "assessmentId": assessmentId, "categoryCode": categoryCode })
    }
    function openIndicator(assessmentId, indicatorCode) {
        stack.push("IndicatorPage.qml", { "assessmentId": assessmentId, "indicatorCode": indicatorCode })
    }
    function openSync() {
        stack.push("SyncPage.qml", { "controller": syncController })
    }
    function openEvidence(source) {
        stack.push("EvidenceViewerPage.qml", { "source": source })
    }
    function goHome() {
        stack.pop(null)
    }

    SyncController {
        id: syncController
        autoSync: AppController.enrolled
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 8
            anchors.rightMargin: 8
            ToolButton {
                text: "‹"
                font.pixelSize: 28
                visible: stack.depth > 1
                Accessible.name: qsTr("Back")
                onClicked: stack.pop()
            }
            Label {
                text: stack.currentItem && stack.currentItem.title ? stack.currentItem.title : qsTr("IGMC Field")
                font.pixelSize: 22
                font.bold: true
                elide: Label.ElideRight
                Layout.fillWidth: true
            }
            SyncStatusButton {
                visible: AppController.enrolled
                controller: syncController
                onClicked: root.openSync()
            }
            ToolButton {
                text: AppController.language === "zh_CN" ? "EN" : "中文"
                font.pixelSize: 18
                Accessible.name: qsTr("Switch language")
                onClicked: AppController.language = AppController.language === "zh_CN" ? "en" : "zh_CN"
            }
            ToolButton {
                text: root.darkTheme ? "☀" : "☾"
                font.pixelSize: 22
                Accessible.name: qsTr("Light or dark theme")
                onClicked: root.darkTheme = !root.darkTheme
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ErrorBanner {
            message: AppController.errorMessage
            Layout.fillWidth: true
            onDismissed: AppController.clearError()
        }
        StackView {
            id: stack
            Layout.fillWidth: true
            Layout.fillHeight: true
            initialItem: AppController.enrolled ? assignmentsPage : enrollPage
        }
    }

    Component {
        id: enrollPage
        EnrollPage {}
    }
    Component {
        id: assignmentsPage
        AssignmentsPage {
            onOpened: (assessmentId) => root.openAssessment(assessmentId)
        }
    }

    Connections {
        target: AppController
        function onEnrollmentChanged() {
            if (AppController.enrolled)
                stack.replace(null, assignmentsPage)
        }
    }
}
