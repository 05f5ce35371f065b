// NumberField: the live validation message and the unit, as the inspector types.
import QtQuick
import QtTest
import Igmc.Ui

TestCase {
    id: testCase

    name: "NumberField"
    when: windowShown

    NumberField {
        id: field
        unit: "%"
        validator: function(text) {
            var n = Number(text.replace(",", "."))
            if (isNaN(n))
                return "Enter a number"
            return n < 0 || n > 100 ? "A percentage lies between 0 and 100" : ""
        }
    }

    function init() {
        field.text = ""
    }

    function test_emptyIsNeitherAnErrorNorAcceptable() {
        compare(field.errorText, "")
        verify(!field.acceptable)
    }

    function test_validValueIsAcceptable() {
        field.text = "42.5"
        compare(field.errorText, "")
        verify(field.acceptable)
    }

    function test_outOfRangeShowsTheValidatorsMessage() {
        field.text = "120"
        compare(field.errorText, "A percentage lies between 0 and 100")
        verify(!field.acceptable)
    }

    function test_textIsNotANumber() {
        field.text = "abc"
        compare(field.errorText, "Enter a number")
    }

    function test_submitOnlyWhenAcceptable() {
        var submitted = []
        field.submitted.connect(function(t) { submitted.push(t) })
        field.text = "120"
        field.children[0].children[0].accepted()
        compare(submitted.length, 0)
        field.text = "55"
        field.children[0].children[0].accepted()
        compare(submitted, ["55"])
    }
}
