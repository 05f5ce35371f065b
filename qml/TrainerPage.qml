// The training day on the trainer's device: which visit, whether the partner is entitled, the
// agenda with per-session feedback (the kiosk engine), materials available offline, attendance
// sign-in, site-walk notes with photos, the summary, the PDF report and the completion that marks
// the year's day used. One column that works on a laptop and on a phone.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Dialogs
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property TrainerController controller
    required property KioskController feedback

    signal feedbackRequested()

    readonly property bool completed: controller.status === "completed"
    // Forms show only where they can be used: a planned visit the partner is entitled to.
    readonly property bool editable: controller.valid && controller.entitled && controller.status !== "completed" && controller.status !== "cancelled"
    readonly property bool narrow: width < 700
    readonly property string currentVisit: controller.visitId
    property var pendingPhotos: []
    // The saved notes the text area started from: edits are kept while the controller reloads.
    property string notesBase: ""
    readonly property bool notesDirty: notesArea.text !== notesBase

    function statusText(status) {
        switch (status) {
        case "planned": return qsTr("Planned")
        case "completed": return qsTr("Completed")
        case "cancelled": return qsTr("Cancelled")
        default: return status
        }
    }
    function visitLabel(visit) {
        return visit ? qsTr("%1 – %2 – %3").arg(visit.date).arg(visit.siteName).arg(root.statusText(visit.status)) : ""
    }
    function visitIndex() {
        const visits = root.controller.visits
        for (let i = 0; i < visits.length; ++i) {
            if (visits[i].id === root.controller.visitId)
                return i
        }
        return -1
    }
    // The forms belong to one visit: another visit starts them afresh.
    function resetForms() {
        root.notesBase = root.controller.notes
        notesArea.text = root.notesBase
        attendeeName.text = ""
        attendeeOrg.text = ""
        attendeeRole.text = ""
        attendeeConsent.checked = false
        walkNote.text = ""
        walkRecommendation.text = ""
        root.pendingPhotos = []
    }

    component SectionTitle: Label {
        font.pixelSize: 20
        font.bold: true
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }
    component Hint: Label {
        opacity: 0.7
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
    }

    title: qsTr("Training day")

    onCurrentVisitChanged: resetForms()
    Component.onCompleted: resetForms()
    StackView.onActivated: controller.refresh()

    Connections {
        target: root.controller
        function onChanged() {
            if (!root.notesDirty) {
                root.notesBase = root.controller.notes
                notesArea.text = root.notesBase
            }
        }
    }
    Connections {
        target: root.feedback
        function onFeedbackEnded() {
            root.controller.refresh()
        }
    }

    FileDialog {
        id: photoDialog
        title: qsTr("Choose photos from the site walk")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("Photos (*.jpg *.jpeg *.png *.heic)"), qsTr("All files (*)")]
        onAccepted: {
            const photos = root.pendingPhotos.slice()
            for (let i = 0; i < selectedFiles.length; ++i)
                photos.push(selectedFiles[i].toString())
            root.pendingPhotos = photos
        }
    }

    Dialog {
        id: completeDialog
        objectName: "trainerCompleteDialog"
        title: qsTr("Complete the training day")
        modal: true
        x: (root.width - width) / 2
        y: Math.max(24, (root.height - height) / 3)
        width: Math.min(root.width - 32, 480)
        background: Rectangle {
            color: completeDialog.Material.dialogColor
            border.color: completeDialog.Material.dividerColor
            radius: 4
        }
        onAccepted: root.controller.complete()

        Label {
            text: qsTr("This marks this year's training day as used for the partner. Continue?")
            wrapMode: Text.WordWrap
            width: completeDialog.availableWidth
        }

        footer: DialogButtonBox {
            Button {
                text: qsTr("Cancel")
                flat: true
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "trainerCompleteConfirm"
                text: qsTr("Complete")
                highlighted: true
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
        }
    }

    Flickable {
        anchors.fill: parent
        contentHeight: content.implicitHeight + 32
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: content
            x: (parent.width - width) / 2
            y: 16
            width: Math.min(parent.width - 32, 1000)
            spacing: 16

            // ---- Which visit
            ComboBox {
                id: visitPicker
                objectName: "trainerVisitPicker"
                visible: root.controller.visits.length > 1
                model: root.controller.visits
                textRole: "date"
                valueRole: "id"
                currentIndex: root.visitIndex()
                displayText: currentIndex >= 0 ? root.visitLabel(root.controller.visits[currentIndex]) : qsTr("Choose a visit")
                Accessible.name: qsTr("Training visit")
                Layout.fillWidth: true
                Layout.preferredHeight: 56
                delegate: ItemDelegate {
                    required property var modelData
                    required property int index
                    width: visitPicker.width
                    text: root.visitLabel(modelData)
                    highlighted: visitPicker.highlightedIndex === index
                }
                onActivated: (index) => root.controller.visitId = root.controller.visits[index].id
            }
            Label {
                visible: root.controller.visits.length === 0
                text: qsTr("No training visit is planned for your partner yet. Sync, or ask programme staff to plan one.")
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                Layout.fillWidth: true
                Layout.topMargin: 48
            }
            Label {
                visible: root.controller.visits.length > 0 && !root.controller.valid
                text: qsTr("Choose a visit above.")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }

            // ---- The visit and the entitlement
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 8
                    RowLayout {
                        spacing: 12
                        Layout.fillWidth: true
                        Label {
                            text: root.controller.partnerName
                            font.pixelSize: 24
                            font.bold: true
                            wrapMode: Text.WordWrap
                            Layout.fillWidth: true
                        }
                        Label {
                            objectName: "trainerCompletedBadge"
                            visible: root.completed
                            text: "✓ " + qsTr("Completed")
                            font.bold: true
                            color: "white"
                            leftPadding: 12
                            rightPadding: 12
                            topPadding: 4
                            bottomPadding: 4
                            background: Rectangle {
                                radius: height / 2
                                color: Material.color(Material.Green, Material.Shade700)
                            }
                        }
                    }
                    Label {
                        text: [root.controller.visitDate, root.controller.siteName, root.statusText(root.controller.status)]
                              .filter(part => part.length > 0).join(" · ")
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                    Pane {
                        objectName: "trainerEntitlement"
                        padding: 12
                        Material.background: root.controller.entitled ? Material.color(Material.Green, Material.Shade100)
                                                                      : Material.color(Material.DeepOrange, Material.Shade100)
                        Layout.fillWidth: true
                        Layout.topMargin: 4
                        Label {
                            width: parent.width
                            text: (root.controller.entitled ? "✓ " : "⚠ ")
                                  + (root.controller.entitlementText.length > 0 ? root.controller.entitlementText
                                     : root.controller.entitled ? qsTr("The partner is entitled to this year's training day.")
                                     : qsTr("The partner is not entitled to a training day this year."))
                            color: root.controller.entitled ? Material.color(Material.Green, Material.Shade900)
                                                            : Material.color(Material.DeepOrange, Material.Shade900)
                            wrapMode: Text.WordWrap
                        }
                    }
                }
            }

            // ---- Agenda and per-session feedback
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 12
                    SectionTitle {
                        text: qsTr("Agenda")
                    }
                    Hint {
                        visible: root.controller.sessions.length === 0
                        text: qsTr("No sessions on the agenda.")
                    }
                    Repeater {
                        model: root.controller.sessions
                        delegate: GridLayout {
                            id: session
                            required property var modelData
                            columns: root.narrow ? 1 : 3
                            columnSpacing: 16
                            rowSpacing: 4
                            Layout.fillWidth: true
                            Label {
                                text: session.modelData.time
                                font.bold: true
                                Layout.preferredWidth: root.narrow ? -1 : 110
                                Layout.alignment: Qt.AlignTop
                            }
                            ColumnLayout {
                                spacing: 2
                                Layout.fillWidth: true
                                Label {
                                    text: session.modelData.topic
                                    font.bold: true
                                    wrapMode: Text.WordWrap
                                    Layout.fillWidth: true
                                }
                                Label {
                                    visible: (session.modelData.trainer || "").length > 0
                                    text: qsTr("Trainer: %1").arg(session.modelData.trainer)
                                    wrapMode: Text.WordWrap
                                    Layout.fillWidth: true
                                }
                                Label {
                                    text: qsTr("%n response(s)", "", session.modelData.feedbackCount || 0)
                                    font.pixelSize: 15
                                    opacity: 0.7
                                }
                            }
                            Button {
                                objectName: "trainerFeedback_" + session.modelData.id
                                visible: root.editable
                                text: qsTr("Collect feedback")
                                Layout.preferredHeight: 56
                                Layout.alignment: root.narrow ? Qt.AlignLeft : Qt.AlignTop | Qt.AlignRight
                                onClicked: {
                                    if (root.feedback.beginFeedback(root.controller.visitId, session.modelData.id, session.modelData.topic))
                                        root.feedbackRequested()
                                }
                            }
                        }
                    }
                }
            }

            // ---- Materials
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 12
                    SectionTitle {
                        text: qsTr("Materials")
                    }
                    Hint {
                        visible: root.controller.materials.length === 0
                        text: qsTr("No materials for this visit.")
                    }
                    Repeater {
                        model: root.controller.materials
                        delegate: RowLayout {
                            id: material
                            required property var modelData
                            spacing: 12
                            Layout.fillWidth: true
                            ColumnLayout {
                                spacing: 2
                                Layout.fillWidth: true
                                Label {
                                    text: material.modelData.name
                                    font.bold: true
                                    wrapMode: Text.WrapAnywhere
                                    Layout.fillWidth: true
                                }
                                Label {
                                    text: material.modelData.mediaType + " · "
                                          + (material.modelData.available ? qsTr("Available offline") : qsTr("Not downloaded yet — sync"))
                                    color: material.modelData.available ? Material.foreground : Material.color(Material.DeepOrange, Material.Shade800)
                                    font.pixelSize: 15
                                    wrapMode: Text.WordWrap
                                    Layout.fillWidth: true
                                }
                            }
                            Button {
                                text: qsTr("Open")
                                enabled: material.modelData.available === true
                                Accessible.name: qsTr("Open %1").arg(material.modelData.name)
                                Layout.preferredHeight: 56
                                onClicked: Qt.openUrlExternally(material.modelData.url)
                            }
                        }
                    }
                }
            }

            // ---- Attendance
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 12
                    SectionTitle {
                        text: qsTr("Attendance (%1)").arg(root.controller.attendees.length)
                    }
                    Hint {
                        visible: root.controller.attendees.length === 0
                        text: qsTr("No one has signed in yet.")
                    }
                    Repeater {
                        model: root.controller.attendees
                        delegate: RowLayout {
                            id: attendee
                            required property var modelData
                            spacing: 12
                            Layout.fillWidth: true
                            ColumnLayout {
                                spacing: 0
                                Layout.fillWidth: true
                                Label {
                                    text: attendee.modelData.name
                                    font.bold: true
                                    wrapMode: Text.WordWrap
                                    Layout.fillWidth: true
                                }
                                Label {
                                    text: [attendee.modelData.organisation || "", attendee.modelData.role || ""]
                                          .filter(part => part.length > 0).join(" · ")
                                    visible: text.length > 0
                                    font.pixelSize: 15
                                    opacity: 0.7
                                    wrapMode: Text.WordWrap
                                    Layout.fillWidth: true
                                }
                            }
                            Label {
                                text: attendee.modelData.consent ? "✓ " + qsTr("Consent") : qsTr("No consent")
                                color: attendee.modelData.consent ? Material.color(Material.Green, Material.Shade700) : Material.foreground
                                opacity: attendee.modelData.consent ? 1 : 0.7
                                font.pixelSize: 15
                            }
                        }
                    }

                    Label {
                        visible: root.editable
                        text: qsTr("Sign in")
                        font.bold: true
                        Layout.topMargin: 8
                    }
                    GridLayout {
                        visible: root.editable
                        columns: root.narrow ? 1 : 3
                        columnSpacing: 12
                        rowSpacing: 8
                        Layout.fillWidth: true
                        TextField {
                            id: attendeeName
                            objectName: "trainerAttendeeName"
                            placeholderText: qsTr("Name")
                            Layout.fillWidth: true
                        }
                        TextField {
                            id: attendeeOrg
                            objectName: "trainerAttendeeOrg"
                            placeholderText: qsTr("Organisation")
                            Layout.fillWidth: true
                        }
                        TextField {
                            id: attendeeRole
                            objectName: "trainerAttendeeRole"
                            placeholderText: qsTr("Role")
                            Layout.fillWidth: true
                            onAccepted: if (signInButton.enabled) signInButton.clicked()
                        }
                    }
                    CheckBox {
                        id: attendeeConsent
                        objectName: "trainerAttendeeConsent"
                        visible: root.editable
                        text: qsTr("I agree that my name and organisation are recorded in the visit report")
                        Layout.fillWidth: true
                        contentItem: Label {
                            text: attendeeConsent.text
                            font: attendeeConsent.font
                            wrapMode: Text.WordWrap
                            verticalAlignment: Text.AlignVCenter
                            leftPadding: attendeeConsent.indicator.width + attendeeConsent.spacing
                        }
                    }
                    Button {
                        id: signInButton
                        objectName: "trainerSignIn"
                        visible: root.editable
                        text: qsTr("Sign in")
                        highlighted: true
                        enabled: attendeeName.text.trim().length > 0
                        Layout.preferredHeight: 56
                        onClicked: {
                            if (root.controller.signIn(attendeeName.text, attendeeOrg.text, attendeeRole.text, attendeeConsent.checked)) {
                                attendeeName.text = ""
                                attendeeOrg.text = ""
                                attendeeRole.text = ""
                                attendeeConsent.checked = false
                                attendeeName.forceActiveFocus()
                            }
                        }
                    }
                }
            }

            // ---- Site walk
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 12
                    SectionTitle {
                        text: qsTr("Site walk")
                    }
                    Hint {
                        visible: root.controller.walk.length === 0
                        text: qsTr("Nothing noted on the site walk yet.")
                    }
                    Repeater {
                        model: root.controller.walk
                        delegate: ColumnLayout {
                            id: walkItem
                            required property var modelData
                            required property int index
                            spacing: 6
                            Layout.fillWidth: true
                            Rectangle {
                                visible: walkItem.index > 0
                                color: Material.dividerColor
                                Layout.fillWidth: true
                                Layout.preferredHeight: 1
                            }
                            Label {
                                visible: text.length > 0
                                text: walkItem.modelData.note || ""
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            Label {
                                visible: (walkItem.modelData.recommendation || "").length > 0
                                text: qsTr("Recommendation: %1").arg(walkItem.modelData.recommendation)
                                font.italic: true
                                wrapMode: Text.WordWrap
                                Layout.fillWidth: true
                            }
                            Flow {
                                visible: (walkItem.modelData.photos || []).length > 0
                                spacing: 8
                                Layout.fillWidth: true
                                Repeater {
                                    model: walkItem.modelData.photos || []
                                    delegate: Image {
                                        required property var modelData
                                        source: modelData
                                        width: 96
                                        height: 96
                                        fillMode: Image.PreserveAspectCrop
                                        sourceSize.width: 192
                                        sourceSize.height: 192
                                        asynchronous: true
                                        Accessible.role: Accessible.Graphic
                                        Accessible.name: qsTr("Site walk photo")
                                        TapHandler {
                                            onTapped: Qt.openUrlExternally(parent.source)
                                        }
                                    }
                                }
                            }
                        }
                    }

                    Label {
                        visible: root.editable
                        text: qsTr("Add to the site walk")
                        font.bold: true
                        Layout.topMargin: 8
                    }
                    TextArea {
                        id: walkNote
                        objectName: "trainerWalkNote"
                        visible: root.editable
                        placeholderText: qsTr("What you saw")
                        wrapMode: TextEdit.Wrap
                        Layout.fillWidth: true
                        Layout.minimumHeight: 80
                    }
                    TextArea {
                        id: walkRecommendation
                        objectName: "trainerWalkRecommendation"
                        visible: root.editable
                        placeholderText: qsTr("Recommendation")
                        wrapMode: TextEdit.Wrap
                        Layout.fillWidth: true
                        Layout.minimumHeight: 80
                    }
                    Flow {
                        visible: root.editable
                        spacing: 12
                        Layout.fillWidth: true
                        Button {
                            objectName: "trainerWalkPhotos"
                            text: qsTr("Add photos")
                            onClicked: photoDialog.open()
                        }
                        Label {
                            height: 48
                            verticalAlignment: Text.AlignVCenter
                            text: qsTr("%n photo(s) selected", "", root.pendingPhotos.length)
                        }
                        Button {
                            visible: root.pendingPhotos.length > 0
                            text: qsTr("Clear photos")
                            flat: true
                            onClicked: root.pendingPhotos = []
                        }
                    }
                    Button {
                        objectName: "trainerWalkAdd"
                        visible: root.editable
                        text: qsTr("Add to site walk")
                        highlighted: true
                        enabled: walkNote.text.trim().length > 0 || walkRecommendation.text.trim().length > 0 || root.pendingPhotos.length > 0
                        Layout.preferredHeight: 56
                        onClicked: {
                            if (root.controller.addWalkItem(walkNote.text, walkRecommendation.text, root.pendingPhotos)) {
                                walkNote.text = ""
                                walkRecommendation.text = ""
                                root.pendingPhotos = []
                            }
                        }
                    }
                }
            }

            // ---- Summary
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 12
                    SectionTitle {
                        text: qsTr("Summary and recommendations")
                    }
                    TextArea {
                        id: notesArea
                        objectName: "trainerNotes"
                        readOnly: !root.editable
                        placeholderText: qsTr("What the day covered and what the partner should do next")
                        wrapMode: TextEdit.Wrap
                        Layout.fillWidth: true
                        Layout.minimumHeight: 120
                    }
                    RowLayout {
                        visible: root.editable
                        spacing: 12
                        Layout.fillWidth: true
                        Button {
                            objectName: "trainerNotesSave"
                            text: qsTr("Save")
                            highlighted: true
                            enabled: root.notesDirty
                            Layout.preferredHeight: 56
                            onClicked: {
                                if (root.controller.saveNotes(notesArea.text))
                                    root.notesBase = notesArea.text
                            }
                        }
                        Hint {
                            visible: root.notesDirty
                            text: qsTr("Not saved yet")
                        }
                    }
                }
            }

            // ---- Report and completion
            Pane {
                visible: root.controller.valid
                Material.elevation: 1
                padding: 16
                Layout.fillWidth: true

                ColumnLayout {
                    anchors.fill: parent
                    spacing: 12
                    SectionTitle {
                        text: qsTr("Report and completion")
                    }
                    Flow {
                        spacing: 12
                        Layout.fillWidth: true
                        Button {
                            objectName: "trainerReport"
                            text: qsTr("Generate report (PDF)")
                            onClicked: root.controller.generateReport()
                        }
                        Label {
                            visible: root.controller.reportUrl.length > 0
                            height: 48
                            verticalAlignment: Text.AlignVCenter
                            text: "✓ " + qsTr("Report ready")
                            color: Material.color(Material.Green, Material.Shade700)
                        }
                        Button {
                            objectName: "trainerReportOpen"
                            visible: root.controller.reportUrl.length > 0
                            text: qsTr("Open")
                            Accessible.name: qsTr("Open the report")
                            onClicked: Qt.openUrlExternally(root.controller.reportUrl)
                        }
                    }
                    Label {
                        visible: !root.completed && root.controller.completeBlocker.length > 0
                        text: root.controller.completeBlocker
                        color: Material.color(Material.DeepOrange, Material.Shade800)
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                    Button {
                        objectName: "trainerComplete"
                        visible: !root.completed
                        text: qsTr("Complete the training day")
                        highlighted: true
                        enabled: root.editable && root.controller.canComplete
                        Layout.fillWidth: true
                        Layout.preferredHeight: 60
                        onClicked: completeDialog.open()
                    }
                    Label {
                        visible: root.completed
                        text: qsTr("This training day is completed; its records can no longer be changed.")
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
