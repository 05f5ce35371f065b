// The kiosk: residents answer a survey one question per screen, in large type, with a high-contrast
// variant. Locked: the only way out is the admin PIN behind a discreet corner button. Every tap or
// key press tells the controller someone is there; an idle respondent is asked "still there?".
// The controller owns the flow, the answers, the language and the lock; this page only shows them.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Igmc.Client

Page {
    id: root

    required property KioskController controller

    readonly property bool hc: controller.highContrast
    // Setup is never shown while the kiosk collects training feedback.
    readonly property string screenName: controller.screen === "setup" && controller.feedbackMode ? "welcome" : controller.screen
    readonly property color secondaryColor: hc ? "#FFEB3B" : Material.secondaryTextColor
    readonly property color errorColor: hc ? "#FF8A80" : Material.color(Material.Red, Material.Shade800)
    readonly property color markColor: hc ? "#FFEB3B" : Material.primaryColor

    // A big touch target (at least 64 px high) drawn without layer effects, so it looks the same on
    // every renderer: Material-like (outlined; filled with the accent when selected) or, in high
    // contrast, black with yellow text and a thick border (selected: yellow with black text).
    component KioskButton: Button {
        id: kioskButton

        property bool contrast: false
        property bool selected: false

        font.pixelSize: 28
        font.capitalization: Font.MixedCase
        topInset: 0
        bottomInset: 0
        leftInset: 0
        rightInset: 0
        padding: 16
        leftPadding: 24
        rightPadding: 24
        implicitWidth: Math.max(72, implicitContentWidth + leftPadding + rightPadding)
        implicitHeight: Math.max(76, implicitContentHeight + topPadding + bottomPadding)

        contentItem: Label {
            text: kioskButton.text
            font: kioskButton.font
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            color: kioskButton.contrast ? (!kioskButton.enabled ? "#9E9E9E" : kioskButton.selected ? "black" : "#FFEB3B")
                 : !kioskButton.enabled ? kioskButton.Material.hintTextColor
                 : kioskButton.selected ? kioskButton.Material.primaryHighlightedTextColor
                 : kioskButton.Material.foreground
        }
        background: Rectangle {
            radius: kioskButton.contrast ? 4 : 8
            color: kioskButton.contrast
                   ? (kioskButton.selected && kioskButton.enabled ? (kioskButton.down ? "#FBC02D" : "#FFEB3B") : (kioskButton.down ? "#424242" : "black"))
                   : !kioskButton.enabled ? kioskButton.Material.buttonDisabledColor
                   : kioskButton.selected ? (kioskButton.down ? Qt.darker(kioskButton.Material.accentColor, 1.25) : kioskButton.Material.accentColor)
                   : kioskButton.down ? kioskButton.Material.color(Material.Grey, Material.Shade300)
                   : kioskButton.Material.color(Material.Grey, Material.Shade50)
            border.width: kioskButton.contrast ? (kioskButton.selected || kioskButton.visualFocus ? 6 : 4)
                          : kioskButton.visualFocus ? 3 : (kioskButton.selected || !kioskButton.enabled ? 0 : 2)
            border.color: kioskButton.contrast ? (!kioskButton.enabled ? "#9E9E9E" : kioskButton.selected || kioskButton.visualFocus ? "white" : "#FFEB3B")
                          : kioskButton.visualFocus ? kioskButton.Material.primaryColor
                          : kioskButton.Material.color(Material.Grey, Material.Shade400)
        }
    }

    title: qsTr("Survey kiosk")
    focus: true
    Material.theme: hc ? Material.Dark : Material.Light
    Material.background: hc ? "black" : undefined
    Material.foreground: hc ? "white" : undefined
    Material.accent: hc ? Material.Yellow : undefined

    Keys.onPressed: (event) => {
        root.controller.touch()
        event.accepted = false
    }

    Loader {
        id: screenLoader
        anchors.fill: parent
        sourceComponent: {
            switch (root.screenName) {
            case "setup": return setupScreen
            case "question": return questionScreen
            case "thanks": return thanksScreen
            default: return welcomeScreen
            }
        }
    }

    // ---- "Are you still there?"
    Rectangle {
        objectName: "kioskStillThereOverlay"
        anchors.fill: parent
        z: 10
        visible: root.controller.stillThere
        color: root.hc ? "#E6000000" : "#B3000000"
        Accessible.role: Accessible.AlertMessage
        Accessible.name: qsTr("Are you still there?")

        // Nothing under the overlay can be tapped while it is up.
        MouseArea {
            anchors.fill: parent
        }
        ColumnLayout {
            anchors.centerIn: parent
            width: Math.min(parent.width - 48, 720)
            spacing: 32
            Label {
                text: qsTr("Are you still there?")
                color: "white"
                font.pixelSize: 48
                font.bold: true
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("Your answers will be cleared in %1 seconds").arg(root.controller.countdownRemaining)
                color: root.hc ? "#FFEB3B" : "white"
                font.pixelSize: 32
                wrapMode: Text.WordWrap
                horizontalAlignment: Text.AlignHCenter
                Layout.fillWidth: true
            }
            KioskButton {
                objectName: "kioskStillHere"
                text: qsTr("I'm still here")
                contrast: root.hc
                selected: true
                font.pixelSize: 36
                Layout.alignment: Qt.AlignHCenter
                Layout.preferredWidth: Math.min(parent.width, 480)
                Layout.preferredHeight: 104
                onClicked: root.controller.touch()
            }
        }
    }

    // Any press anywhere counts as someone being there; the press then goes on to what is under it.
    MouseArea {
        anchors.fill: parent
        z: 100
        propagateComposedEvents: true
        onPressed: (mouse) => {
            root.controller.touch()
            mouse.accepted = false
        }
        onWheel: (wheel) => {
            root.controller.touch()
            wheel.accepted = false
        }
    }

    // ---- Leaving kiosk mode
    Dialog {
        id: unlockDialog

        function tryUnlock() {
            if (unlockField.text.length === 0 || root.controller.pinRetryInSeconds > 0)
                return
            const ok = root.controller.unlock(unlockField.text)
            unlockField.text = ""
            if (ok)
                unlockDialog.close()
            else
                unlockField.forceActiveFocus()
        }

        objectName: "kioskUnlockDialog"
        title: qsTr("Administrator")
        modal: true
        x: (root.width - width) / 2
        y: Math.max(24, (root.height - height) / 3)
        width: Math.min(root.width - 48, 480)
        closePolicy: Popup.CloseOnEscape
        // A plain background: it draws on every renderer (the Material one needs shader effects).
        background: Rectangle {
            color: root.hc ? "black" : unlockDialog.Material.dialogColor
            border.color: root.hc ? "#FFEB3B" : unlockDialog.Material.dividerColor
            border.width: root.hc ? 3 : 1
            radius: 4
        }
        onOpened: {
            unlockField.text = ""
            unlockField.forceActiveFocus()
        }

        ColumnLayout {
            anchors.fill: parent
            spacing: 16
            Label {
                text: qsTr("Enter the admin PIN to leave kiosk mode.")
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            TextField {
                id: unlockField
                objectName: "kioskUnlockField"
                placeholderText: qsTr("PIN")
                echoMode: TextInput.Password
                inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                validator: RegularExpressionValidator { regularExpression: /[0-9]*/ }
                font.pixelSize: 28
                font.letterSpacing: 4
                Layout.fillWidth: true
                Layout.preferredHeight: 64
                onTextEdited: root.controller.touch()
                onAccepted: unlockDialog.tryUnlock()
            }
            Label {
                visible: text.length > 0
                text: root.controller.pinMessage
                color: root.errorColor
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
            Label {
                visible: root.controller.pinRetryInSeconds > 0
                text: qsTr("Try again in %1 s").arg(root.controller.pinRetryInSeconds)
                color: root.errorColor
                font.bold: true
                Layout.fillWidth: true
            }
        }

        footer: DialogButtonBox {
            Button {
                text: qsTr("Cancel")
                flat: true
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "kioskUnlockOk"
                text: qsTr("OK")
                highlighted: true
                enabled: unlockField.text.length > 0 && root.controller.pinRetryInSeconds <= 0
                // Not an accept role: the dialog stays open after a wrong PIN.
                DialogButtonBox.buttonRole: DialogButtonBox.ActionRole
                onClicked: unlockDialog.tryUnlock()
            }
        }
    }

    // ---- Setup: the admin picks the survey and sets the PIN
    Component {
        id: setupScreen

        Flickable {
            contentHeight: setupColumn.implicitHeight + 64
            clip: true
            ScrollBar.vertical: ScrollBar {}

            ColumnLayout {
                id: setupColumn
                x: (parent.width - width) / 2
                y: 32
                width: Math.min(parent.width - 48, 760)
                spacing: 16

                Label {
                    text: qsTr("Set up this kiosk")
                    font.pixelSize: 36
                    font.bold: true
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    visible: root.controller.siteName.length > 0
                    text: qsTr("Site: %1").arg(root.controller.siteName)
                    font.pixelSize: 24
                    color: root.secondaryColor
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    text: qsTr("1. Choose the survey residents will answer")
                    font.pixelSize: 26
                    font.bold: true
                    wrapMode: Text.WordWrap
                    Layout.topMargin: 16
                    Layout.fillWidth: true
                }
                Repeater {
                    model: root.controller.availableSurveys
                    delegate: KioskButton {
                        required property var modelData
                        objectName: "kioskSurvey_" + modelData.id
                        text: (selected ? "✓  " : "") + qsTr("%1 (version %2)").arg(modelData.title).arg(modelData.version)
                        contrast: root.hc
                        selected: root.controller.surveyId === modelData.id
                        font.pixelSize: 26
                        Layout.fillWidth: true
                        onClicked: root.controller.chooseSurvey(modelData.id)
                    }
                }
                Label {
                    visible: root.controller.availableSurveys.length === 0
                    text: qsTr("No survey is available on this device yet. Sync to receive the programme's surveys.")
                    font.pixelSize: 22
                    color: root.secondaryColor
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    text: root.controller.hasPin ? qsTr("2. Admin PIN (set; enter a new one to change it)") : qsTr("2. Set the admin PIN")
                    font.pixelSize: 26
                    font.bold: true
                    wrapMode: Text.WordWrap
                    Layout.topMargin: 16
                    Layout.fillWidth: true
                }
                Label {
                    text: qsTr("Only the PIN leaves kiosk mode. Keep it with the site staff.")
                    font.pixelSize: 20
                    color: root.secondaryColor
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                TextField {
                    id: pinField
                    objectName: "kioskPinField"
                    placeholderText: qsTr("PIN (digits only)")
                    echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    validator: RegularExpressionValidator { regularExpression: /[0-9]*/ }
                    font.pixelSize: 28
                    font.letterSpacing: 4
                    Layout.fillWidth: true
                    Layout.preferredHeight: 72
                    onAccepted: pinConfirmField.forceActiveFocus()
                }
                TextField {
                    id: pinConfirmField
                    objectName: "kioskPinConfirmField"
                    placeholderText: qsTr("Repeat the PIN")
                    echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    validator: RegularExpressionValidator { regularExpression: /[0-9]*/ }
                    font.pixelSize: 28
                    font.letterSpacing: 4
                    Layout.fillWidth: true
                    Layout.preferredHeight: 72
                    onAccepted: if (setPinButton.enabled) setPinButton.clicked()
                }
                Label {
                    visible: text.length > 0
                    text: root.controller.pinMessage
                    font.pixelSize: 22
                    color: root.errorColor
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                KioskButton {
                    id: setPinButton
                    objectName: "kioskSetPinButton"
                    text: root.controller.hasPin ? qsTr("Change PIN") : qsTr("Set PIN")
                    contrast: root.hc
                    selected: enabled
                    enabled: pinField.text.length > 0 && pinConfirmField.text.length > 0
                    Layout.fillWidth: true
                    onClicked: {
                        if (root.controller.setPin(pinField.text, pinConfirmField.text)) {
                            pinField.text = ""
                            pinConfirmField.text = ""
                        }
                    }
                }
                Label {
                    text: (root.controller.surveyId.length > 0 ? "✓ " + qsTr("Survey chosen") : "○ " + qsTr("No survey chosen yet"))
                          + "    "
                          + (root.controller.hasPin ? "✓ " + qsTr("PIN set") : "○ " + qsTr("No PIN yet"))
                    font.pixelSize: 22
                    wrapMode: Text.WordWrap
                    Layout.topMargin: 16
                    Layout.fillWidth: true
                }
                Label {
                    text: qsTr("Responses today: %1 · waiting to sync: %2").arg(root.controller.submittedToday).arg(root.controller.pendingUpload)
                    font.pixelSize: 20
                    color: root.secondaryColor
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }
        }
    }

    // ---- Welcome: pick a language to start
    Component {
        id: welcomeScreen

        Item {
            Flickable {
                id: welcomeFlick
                anchors.fill: parent
                anchors.bottomMargin: 96
                contentHeight: Math.max(height, welcomeColumn.implicitHeight + 64)
                clip: true

                ColumnLayout {
                    id: welcomeColumn
                    x: (welcomeFlick.width - width) / 2
                    y: Math.max(32, (welcomeFlick.height - implicitHeight) / 2)
                    width: Math.min(welcomeFlick.width - 48, 960)
                    spacing: 24

                    Label {
                        visible: root.controller.feedbackMode
                        text: qsTr("Feedback: %1").arg(root.controller.feedbackSessionTitle)
                        font.pixelSize: 28
                        font.bold: true
                        color: root.secondaryColor
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        Layout.fillWidth: true
                    }
                    Label {
                        text: root.controller.title
                        font.pixelSize: 48
                        font.bold: true
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: text.length > 0
                        text: root.controller.intro
                        font.pixelSize: 28
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        Layout.fillWidth: true
                    }
                    Label {
                        objectName: "kioskNotReady"
                        visible: !root.controller.configured
                        text: qsTr("This kiosk has no survey to show yet. Staff: sync, or unlock with the PIN and choose a survey.")
                        font.pixelSize: 28
                        color: root.errorColor
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: root.controller.configured
                        text: qsTr("Choose your language · 请选择语言")
                        font.pixelSize: 32
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        Layout.topMargin: 16
                        Layout.fillWidth: true
                    }
                    GridLayout {
                        visible: root.controller.configured
                        columns: welcomeColumn.width > 600 ? 2 : 1
                        columnSpacing: 32
                        rowSpacing: 16
                        Layout.fillWidth: true
                        // The language names are each written in their own language, never translated.
                        KioskButton {
                            objectName: "kioskStartEn"
                            text: "English"
                            contrast: root.hc
                            selected: true
                            font.pixelSize: 40
                            Layout.fillWidth: true
                            Layout.preferredHeight: 128
                            onClicked: root.controller.start("en")
                        }
                        KioskButton {
                            objectName: "kioskStartZh"
                            text: "中文"
                            contrast: root.hc
                            selected: true
                            font.pixelSize: 40
                            Layout.fillWidth: true
                            Layout.preferredHeight: 128
                            onClicked: root.controller.start("zh")
                        }
                    }
                    Label {
                        visible: root.controller.siteName.length > 0
                        text: root.controller.siteName
                        font.pixelSize: 20
                        color: root.secondaryColor
                        wrapMode: Text.WordWrap
                        horizontalAlignment: Text.AlignHCenter
                        Layout.topMargin: 16
                        Layout.fillWidth: true
                    }
                }
            }

            KioskButton {
                objectName: "kioskContrastToggle"
                anchors.left: parent.left
                anchors.bottom: parent.bottom
                anchors.margins: 16
                text: "◐  " + qsTr("High contrast")
                font.pixelSize: 24
                contrast: root.hc
                checkable: true
                checked: root.controller.highContrast
                selected: checked
                Accessible.role: Accessible.CheckBox
                Accessible.checked: checked
                Accessible.name: qsTr("High contrast")
                // A tap toggles it; so does setting `checked` (tests).
                onCheckedChanged: if (checked !== root.controller.highContrast) root.controller.highContrast = checked
            }
            Button {
                objectName: "kioskAdminButton"
                visible: !root.controller.feedbackMode
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 16
                width: 64
                height: 64
                flat: true
                text: "⚙"
                font.pixelSize: 24
                opacity: 0.35
                Accessible.name: qsTr("Administrator")
                onClicked: unlockDialog.open()
            }
            Button {
                objectName: "kioskEndFeedback"
                visible: root.controller.feedbackMode
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 16
                height: 64
                flat: true
                text: qsTr("End feedback")
                font.pixelSize: 20
                font.capitalization: Font.MixedCase
                onClicked: root.controller.endFeedback()
            }
        }
    }

    // ---- One question
    Component {
        id: questionScreen

        ColumnLayout {
            spacing: 16

            RowLayout {
                spacing: 16
                Layout.fillWidth: true
                Layout.topMargin: 24
                Layout.leftMargin: 32
                Layout.rightMargin: 32
                Flow {
                    spacing: 10
                    Layout.fillWidth: true
                    Accessible.ignored: true
                    Repeater {
                        model: root.controller.shownTotal
                        delegate: Rectangle {
                            required property int index
                            width: 20
                            height: 20
                            radius: 10
                            color: index <= root.controller.position ? root.markColor : "transparent"
                            border.width: index === root.controller.position ? 4 : 2
                            border.color: index === root.controller.position ? (root.hc ? "white" : root.Material.accentColor) : root.markColor
                        }
                    }
                }
                Label {
                    text: qsTr("%1 / %2").arg(root.controller.position + 1).arg(root.controller.shownTotal)
                    font.pixelSize: 22
                    color: root.secondaryColor
                    Accessible.name: qsTr("Question %1 of %2").arg(root.controller.position + 1).arg(root.controller.shownTotal)
                }
            }

            Flickable {
                id: questionFlick
                clip: true
                contentHeight: questionColumn.implicitHeight + 32
                Layout.fillWidth: true
                Layout.fillHeight: true
                ScrollBar.vertical: ScrollBar {}

                ColumnLayout {
                    id: questionColumn
                    x: (parent.width - width) / 2
                    y: 16
                    width: Math.min(questionFlick.width - 64, 1100)
                    spacing: 20

                    Label {
                        text: root.controller.prompt
                        font.pixelSize: 36
                        font.bold: true
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: !root.controller.required
                        text: qsTr("(optional)")
                        font.pixelSize: 24
                        color: root.secondaryColor
                        Layout.fillWidth: true
                    }
                    Label {
                        visible: text.length > 0
                        text: root.controller.help
                        font.pixelSize: 26
                        color: root.secondaryColor
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                    Loader {
                        Layout.fillWidth: true
                        Layout.topMargin: 8
                        sourceComponent: {
                            switch (root.controller.questionType) {
                            case "single_choice": return singleChoiceEditor
                            case "multiple_choice": return multipleChoiceEditor
                            case "likert5": return likertEditor
                            case "scale_0_10": return scaleEditor
                            case "number": return numberEditor
                            case "short_text": return textEditor
                            default: return null
                            }
                        }
                    }
                    Label {
                        visible: text.length > 0
                        text: root.controller.answerError
                        font.pixelSize: 26
                        font.bold: true
                        color: root.errorColor
                        wrapMode: Text.WordWrap
                        Layout.fillWidth: true
                    }
                }
            }

            RowLayout {
                spacing: 24
                Layout.fillWidth: true
                Layout.leftMargin: 32
                Layout.rightMargin: 32
                Layout.bottomMargin: 24
                KioskButton {
                    objectName: "kioskBack"
                    text: "‹  " + qsTr("Back")
                    contrast: root.hc
                    Layout.preferredWidth: 240
                    onClicked: root.controller.back()
                }
                Item {
                    Layout.fillWidth: true
                }
                KioskButton {
                    objectName: "kioskNext"
                    text: root.controller.isLast ? qsTr("Submit") : qsTr("Next") + "  ›"
                    contrast: root.hc
                    selected: enabled
                    enabled: root.controller.canGoNext
                    Layout.preferredWidth: 280
                    onClicked: root.controller.next()
                }
            }
        }
    }

    // The option buttons are made per index, not per option object, so they are not remade each time
    // an answer changes.
    Component {
        id: singleChoiceEditor

        ColumnLayout {
            spacing: 12
            Repeater {
                model: root.controller.options.length
                delegate: KioskButton {
                    required property int index
                    readonly property var option: root.controller.options[index] || ({})
                    objectName: "kioskOption_" + option.id
                    text: (option.selected ? "✓  " : "") + (option.label || "")
                    contrast: root.hc
                    selected: option.selected === true
                    Layout.fillWidth: true
                    onClicked: root.controller.setAnswer(option.id)
                }
            }
        }
    }

    Component {
        id: multipleChoiceEditor

        ColumnLayout {
            spacing: 12
            Label {
                // The survey's own help text usually says this already.
                visible: root.controller.maxChoices > 0 && root.controller.help.length === 0
                text: qsTr("Choose up to %1").arg(root.controller.maxChoices)
                font.pixelSize: 26
                color: root.secondaryColor
                Layout.fillWidth: true
            }
            Repeater {
                model: root.controller.options.length
                delegate: KioskButton {
                    required property int index
                    readonly property var option: root.controller.options[index] || ({})
                    objectName: "kioskOption_" + option.id
                    text: (option.selected ? "☑  " : "☐  ") + (option.label || "")
                    contrast: root.hc
                    selected: option.selected === true
                    Accessible.role: Accessible.CheckBox
                    Accessible.checked: selected
                    Layout.fillWidth: true
                    onClicked: root.controller.toggleChoice(option.id)
                }
            }
        }
    }

    Component {
        id: likertEditor

        ColumnLayout {
            spacing: 8
            RowLayout {
                spacing: 12
                Layout.fillWidth: true
                Repeater {
                    model: 5
                    delegate: KioskButton {
                        required property int index
                        readonly property int value: index + 1
                        objectName: "kioskScale_" + value
                        text: String(value)
                        font.pixelSize: 36
                        contrast: root.hc
                        selected: root.controller.answer === value
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.preferredHeight: 96
                        onClicked: root.controller.setAnswer(value)
                    }
                }
            }
            // The labels of the two ends, under the first and the last button.
            Item {
                Layout.fillWidth: true
                implicitHeight: Math.max(lowEnd.implicitHeight, highEnd.implicitHeight)
                Label {
                    id: lowEnd
                    anchors.left: parent.left
                    width: parent.width / 2 - 8
                    text: root.controller.lowLabel
                    font.pixelSize: 24
                    wrapMode: Text.WordWrap
                }
                Label {
                    id: highEnd
                    anchors.right: parent.right
                    width: parent.width / 2 - 8
                    text: root.controller.highLabel
                    font.pixelSize: 24
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignRight
                }
            }
        }
    }

    Component {
        id: scaleEditor

        ColumnLayout {
            id: scaleBox
            spacing: 8
            GridLayout {
                // Eleven in a row where they fit (at least 64 px each), else two rows.
                columns: scaleBox.width >= 11 * 64 + 10 * 8 ? 11 : 6
                columnSpacing: 8
                rowSpacing: 8
                Layout.fillWidth: true
                Repeater {
                    model: 11
                    delegate: KioskButton {
                        required property int index
                        readonly property int value: index
                        objectName: "kioskScale_" + value
                        text: String(value)
                        font.pixelSize: 32
                        leftPadding: 4
                        rightPadding: 4
                        contrast: root.hc
                        selected: root.controller.answer === value
                        Layout.fillWidth: true
                        Layout.preferredWidth: 1
                        Layout.minimumWidth: 64
                        Layout.preferredHeight: 96
                        onClicked: root.controller.setAnswer(value)
                    }
                }
            }
            // The labels of the two ends, under the first and the last button.
            Item {
                Layout.fillWidth: true
                implicitHeight: Math.max(lowEnd.implicitHeight, highEnd.implicitHeight)
                Label {
                    id: lowEnd
                    anchors.left: parent.left
                    width: parent.width / 2 - 8
                    text: root.controller.lowLabel.length > 0 ? qsTr("0 = %1").arg(root.controller.lowLabel) : ""
                    font.pixelSize: 24
                    wrapMode: Text.WordWrap
                }
                Label {
                    id: highEnd
                    anchors.right: parent.right
                    width: parent.width / 2 - 8
                    text: root.controller.highLabel.length > 0 ? qsTr("10 = %1").arg(root.controller.highLabel) : ""
                    font.pixelSize: 24
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignRight
                }
            }
        }
    }

    // Typed answers: the field is filled from the stored answer when the question changes (going
    // back shows what was typed), and every edit is passed on; the controller parses and checks.
    Component {
        id: numberEditor

        ColumnLayout {
            id: numberBox

            property bool loading: false
            readonly property string questionId: root.controller.questionId

            function load() {
                loading = true
                const answer = root.controller.answer
                numberField.text = answer === undefined || answer === null ? "" : String(answer)
                loading = false
            }
            function format(value) {
                return Number(value).toFixed(Math.max(0, root.controller.decimals))
            }

            spacing: 12
            onQuestionIdChanged: load()
            Component.onCompleted: load()

            RowLayout {
                spacing: 16
                TextField {
                    id: numberField
                    objectName: "kioskNumberField"
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    font.pixelSize: 40
                    horizontalAlignment: Text.AlignHCenter
                    placeholderText: qsTr("Number")
                    Layout.preferredWidth: Math.min(numberBox.width - unitLabel.implicitWidth - 16, 360)
                    Layout.preferredHeight: 96
                    onTextChanged: {
                        if (numberBox.loading)
                            return
                        root.controller.touch()
                        if (text.trim().length === 0)
                            root.controller.clearAnswer()
                        else
                            root.controller.setAnswer(text)
                    }
                    onAccepted: if (root.controller.canGoNext) root.controller.next()
                }
                Label {
                    id: unitLabel
                    visible: text.length > 0
                    text: root.controller.unit
                    font.pixelSize: 32
                }
            }
            Label {
                visible: root.controller.maxValue > root.controller.minValue
                text: qsTr("%1 – %2").arg(numberBox.format(root.controller.minValue)).arg(numberBox.format(root.controller.maxValue))
                      + (root.controller.unit.length > 0 ? " " + root.controller.unit : "")
                font.pixelSize: 24
                color: root.secondaryColor
                Layout.fillWidth: true
            }
        }
    }

    Component {
        id: textEditor

        ColumnLayout {
            id: textBox

            property bool loading: false
            readonly property string questionId: root.controller.questionId

            function load() {
                loading = true
                const answer = root.controller.answer
                textField.text = typeof answer === "string" ? answer : ""
                loading = false
            }

            spacing: 8
            onQuestionIdChanged: load()
            Component.onCompleted: load()

            TextArea {
                id: textField
                objectName: "kioskTextField"
                wrapMode: TextEdit.Wrap
                font.pixelSize: 28
                placeholderText: qsTr("Type your answer here")
                padding: 16
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(200, implicitHeight)
                background: Rectangle {
                    radius: 4
                    color: "transparent"
                    border.width: root.hc ? 4 : (textField.activeFocus ? 2 : 1)
                    border.color: root.hc ? "#FFEB3B" : textField.activeFocus ? textField.Material.accentColor : textField.Material.hintTextColor
                }
                onTextChanged: {
                    const max = root.controller.maxLength
                    if (max > 0 && length > max) {
                        const cursor = cursorPosition
                        text = text.substring(0, max)  // re-enters this handler once, within the limit
                        cursorPosition = Math.min(cursor, max)
                        return
                    }
                    if (textBox.loading)
                        return
                    root.controller.touch()
                    if (text.trim().length === 0)
                        root.controller.clearAnswer()
                    else
                        root.controller.setAnswer(text)
                }
            }
            Label {
                visible: root.controller.maxLength > 0
                text: qsTr("%1 / %2").arg(textField.length).arg(root.controller.maxLength)
                font.pixelSize: 22
                color: root.secondaryColor
                horizontalAlignment: Text.AlignRight
                Layout.fillWidth: true
            }
        }
    }

    // ---- Thank you
    Component {
        id: thanksScreen

        Item {
            ColumnLayout {
                anchors.centerIn: parent
                width: Math.min(parent.width - 64, 960)
                spacing: 48
                Label {
                    text: root.controller.thanks.length > 0 ? root.controller.thanks : qsTr("Thank you!")
                    font.pixelSize: 48
                    font.bold: true
                    wrapMode: Text.WordWrap
                    horizontalAlignment: Text.AlignHCenter
                    Layout.fillWidth: true
                }
                KioskButton {
                    objectName: "kioskDone"
                    text: qsTr("Done")
                    contrast: root.hc
                    selected: true
                    font.pixelSize: 32
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: Math.min(parent.width, 360)
                    Layout.preferredHeight: 96
                    onClicked: root.controller.finish()
                }
            }
        }
    }
}
