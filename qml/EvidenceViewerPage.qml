// A photo full screen, pinch or double-tap to zoom.
import QtQuick
import QtQuick.Controls

Page {
    id: root

    required property url source

    title: qsTr("Evidence")

    Flickable {
        id: flick
        anchors.fill: parent
        contentWidth: Math.max(image.width * image.scale, width)
        contentHeight: Math.max(image.height * image.scale, height)
        clip: true

        Image {
            id: image
            width: flick.width
            height: flick.height
            source: root.source
            fillMode: Image.PreserveAspectFit
            asynchronous: true
            transformOrigin: Item.TopLeft
            PinchHandler {
                target: image
            }
            TapHandler {
                onDoubleTapped: image.scale = image.scale > 1 ? 1 : 2.5
            }
        }
    }
}
