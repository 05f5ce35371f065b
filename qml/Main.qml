// The app shell: header with sync state and language, a page stack, an error banner. The mode
// follows the role the enrollment code carried: inspector (assignments), trainer (the training day)
// or kiosk (full screen, no header, no way out but the admin PIN).
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

ApplicationWindow {
    id: root

    property bool darkTheme: false
    readonly property bool kioskMode: AppController.enrolled && AppController.role === "kiosk"
    property bool kioskUnlocked: false
    readonly property bool kioskLocked: kioskMode && !kioskUnlocked

    width: 1280
    height: 800
    visible: true
    visibility: kioskLocked && Qt.platform.pluginName !== "offscreen" ? Window.FullScreen : Window.AutomaticVisibility
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
    function homePage() {
        if (!AppController.enrolled)
            return enrollPage
        if (AppController.role === "kiosk")
            return kioskPage
        if (AppController.role === "trainer")
            return trainerPage
        return assignmentsPage
    }

    // A locked kiosk cannot be closed: only the admin PIN unlocks it.
    onClosing: (close) => close.accepted = !root.kioskLocked

    SyncController {
        id: syncController
        autoSync: AppController.enrolled
    }

    header: ToolBar {
        // No header over the kiosk: not for residents, nor while a trainer collects feedback.
        visible: !root.kioskLocked && !(stack.currentItem && stack.currentItem.objectName === "kioskPage")
        height: visible ? implicitHeight : 0
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
            initialItem: root.homePage()
            // A locked kiosk ignores the system back key as well.
            Keys.onBackPressed: (event) => event.accepted = root.kioskLocked || stack.depth <= 1
        }
    }

    Component {
        id: enrollPage
        EnrollPage {}
    }
    KioskController {
        id: kioskController
        onUnlocked: {
            root.kioskUnlocked = true
            stack.replace(null, kioskAdminPage)
        }
        onFeedbackEnded: if (stack.depth > 1) stack.pop()
    }
    TrainerController {
        id: trainerController
    }
    Component {
        id: kioskPage
        KioskPage {
            objectName: "kioskPage"
            controller: kioskController
        }
    }
    Component {
        id: kioskAdminPage
        KioskAdminPage {
            controller: kioskController
            sync: syncController
            onBackToKiosk: {
                kioskController.lock()
                root.kioskUnlocked = false
                stack.replace(null, kioskPage)
            }
            onQuitRequested: Qt.quit()
        }
    }
    Component {
        id: trainerPage
        TrainerPage {
            objectName: "trainerPage"
            controller: trainerController
            feedback: kioskController
            onFeedbackRequested: stack.push(kioskPage)
        }
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
                stack.replace(null, root.homePage())
        }
    }
}
