// ErrorBanner: shown only while there is a message; dismissing reports back.
import QtQuick
import QtTest
import Igmc.Ui

TestCase {
    name: "ErrorBanner"
    when: windowShown

    ErrorBanner {
        id: banner
        message: ""
    }
    SignalSpy {
        id: dismissed
        target: banner
        signalName: "dismissed"
    }

    function test_hiddenWithoutMessage() {
        banner.message = ""
        verify(!banner.shown)
        verify(!banner.visible)
    }

    function test_visibleWithMessageAndDismissable() {
        banner.message = "The server cannot be reached."
        verify(banner.shown)
        banner.dismissed()
        compare(dismissed.count, 1)
    }
}
