// Take a photo with the device camera; the picture is imported as evidence of this indicator.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import Igmc.Client

Page {
    id: root

    required property IndicatorController controller

    title: qsTr("Take a photo")

    CaptureSession {
        id: session
        camera: Camera {
            active: true
        }
        imageCapture: ImageCapture {
            id: capture
            onImageSaved: (requestId, path) => {
                root.controller.importEvidence(path)
                root.StackView.view.pop()
            }
            onErrorOccurred: (requestId, error, message) => status.text = message
        }
        videoOutput: preview
    }

    ColumnLayout {
        anchors.fill: parent
        VideoOutput {
            id: preview
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
        Label {
            id: status
            Layout.fillWidth: true
        }
        Button {
            text: qsTr("Capture")
            highlighted: true
            Layout.fillWidth: true
            Layout.preferredHeight: 72
            onClicked: capture.captureToFile("")
        }
    }
}
