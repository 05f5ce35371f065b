<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AssignmentDelegate</name>
    <message>
        <location filename="../AssignmentDelegate.qml" line="+46"/>
        <source>Due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No due date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 of %2 indicators recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssignmentsPage</name>
    <message>
        <location filename="../AssignmentsPage.qml" line="+13"/>
        <source>My assessments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No assessment is assigned to this device yet. Sync when you have a connection to receive your assignments.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../CameraPage.qml" line="+13"/>
        <source>Take a photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Capture</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CategoryDelegate</name>
    <message>
        <location filename="../CategoryDelegate.qml" line="+40"/>
        <source>%1/%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictCard</name>
    <message>
        <location filename="../ConflictCard.qml" line="+18"/>
        <source>Conflict: these versions were recorded at the same time on different devices. Both are kept; a reviewer decides. Saving a new value records your decision.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <location filename="../EnrollPage.qml" line="+11"/>
        <source>Enroll this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the server address and the enrollment code from the programme office. The code works once; the device remembers the server afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enrollment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enrolling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enroll</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../ErrorBanner.qml" line="+28"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../client/app/error_messages.cpp" line="+13"/>
        <source>The server cannot be reached. Your work is saved on this device and will be sent when the connection returns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This device is not (or no longer) allowed to sync. Ask the programme office for a new enrollment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused this change for your role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please check the value: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This changed elsewhere: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The device could not save (storage full or unavailable). Nothing was lost; free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <location filename="../EvidenceStrip.qml" line="+26"/>
        <source>Choose a photo, PDF or spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence (*.jpg *.jpeg *.png *.heic *.pdf *.xlsx *.xls *.csv *.ods)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Evidence (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Record a value first; evidence is attached to what you recorded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceViewerPage</name>
    <message>
        <location filename="../EvidenceViewerPage.qml" line="+10"/>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GapCard</name>
    <message>
        <location filename="../GapCard.qml" line="+50"/>
        <source> (missing)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryList</name>
    <message>
        <location filename="../HistoryList.qml" line="+18"/>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 · %2 · device %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No versions yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IndicatorDelegate</name>
    <message>
        <location filename="../IndicatorDelegate.qml" line="+43"/>
        <source>Conflict</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IndicatorInfoCard</name>
    <message>
        <location filename="../IndicatorInfoCard.qml" line="+37"/>
        <source>Benchmark: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../client/assessment/labels.cpp" line="+19"/>
        <source>Planning stage (projected values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Existing (measured values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fieldwork</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Under review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not certified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Town</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Community</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industrial park</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planning-stage project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A (points shared in the category)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A (scores 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>higher is better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>lower is better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>percentage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes / no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 %2%3 earns %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 points at %1 %2%3, full points at %4 %5%3, in proportion between</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes earns full points, no earns 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Points in proportion to the %1 items met; fewer than %2 items earn 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points in proportion to the %1 items met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/indicator/indicator_controller.cpp" line="+41"/>
        <source>N/A: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="+17"/>
        <location line="+29"/>
        <source>IGMC Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Switch language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Light or dark theme</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <location filename="../NumberField.qml" line="+24"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScoreCard</name>
    <message>
        <location filename="../ScoreCard.qml" line="+20"/>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 of %2 indicators recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../SyncPage.qml" line="+14"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last successful sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your work is saved on this device as you go. Sync sends it when a connection exists; nothing is deleted here until the server has confirmed it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message>
        <location filename="../SyncStatusButton.qml" line="+13"/>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n to send</source>
        <translation>
            <numerusform>%n to send</numerusform>
            <numerusform>%n to send</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValueEditor</name>
    <message>
        <location filename="../ValueEditor.qml" line="+31"/>
        <source>Current: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not recorded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Does not apply here (N/A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why it does not apply (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Method (how it was measured or checked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>igmc::client::AppController</name>
    <message>
        <location filename="../../client/app/app_controller.cpp" line="+179"/>
        <source>The server address starts with http:// or https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type or paste the enrollment code you were given.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>igmc::client::AssessmentController</name>
    <message>
        <location filename="../../client/assessment/assessment_controller.cpp" line="+69"/>
        <source>Not certified yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 points to %2: the %3 indicators below would close it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is out of reach with the current N/A answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top band reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+45"/>
        <source>N/A</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>igmc::client::AssignmentModel</name>
    <message>
        <location filename="../../client/assessment/assignment_model.cpp" line="+76"/>
        <source>not certified</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>igmc::client::IndicatorController</name>
    <message>
        <location filename="../../client/indicator/indicator_controller.cpp" line="+55"/>
        <source>up to %1 points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+0"/>
        <source>measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence expected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every site must report this indicator: N/A is not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A scores 0 for this indicator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If N/A, its points are shared by the category&apos;s other indicators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+41"/>
        <source>%1 — %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+19"/>
        <source>no location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source> ± %1 m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Enter a value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter a number, e.g. 12.5 (at most 6 decimals)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A percentage lies between 0 and 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Say why this indicator does not apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Record a value (or N/A) first; evidence is attached to what you recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file %1 cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>igmc::client::PositionService</name>
    <message>
        <location filename="../../client/platform/position_service.cpp" line="+43"/>
        <source>Waiting for a location fix; records are saved without one meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No location on this device; records are saved without one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+3"/>
        <source> ± %1 m</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>igmc::client::SyncController</name>
    <message>
        <location filename="../../client/syncing/sync_controller.cpp" line="+54"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Syncing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Receiving updates… %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending evidence… %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending changes… %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Up to date: %1 sent, %2 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not synced</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
