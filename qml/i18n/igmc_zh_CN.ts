<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AssignmentDelegate</name>
    <message>
        <location filename="../AssignmentDelegate.qml" line="+46"/>
        <source>Due %1</source>
        <translation>截止日期：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No due date</source>
        <translation>无截止日期</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 of %2 indicators recorded</source>
        <translation>已记录 %1 项指标，共 %2 项</translation>
    </message>
</context>
<context>
    <name>AssignmentsPage</name>
    <message>
        <location filename="../AssignmentsPage.qml" line="+13"/>
        <source>My assessments</source>
        <translation>我的评估</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No assessment is assigned to this device yet. Sync when you have a connection to receive your assignments.</source>
        <translation>本设备尚未分配任何评估。请在有网络连接时同步，以接收分配给您的评估。</translation>
    </message>
</context>
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../CameraPage.qml" line="+13"/>
        <source>Take a photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
</context>
<context>
    <name>CategoryDelegate</name>
    <message>
        <location filename="../CategoryDelegate.qml" line="+40"/>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
</context>
<context>
    <name>ConflictCard</name>
    <message>
        <location filename="../ConflictCard.qml" line="+18"/>
        <source>Conflict: these versions were recorded at the same time on different devices. Both are kept; a reviewer decides. Saving a new value records your decision.</source>
        <translation>冲突：这些版本是在不同设备上同时记录的。两个版本均会保留，由审核人裁定。保存新值即记录您的决定。</translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <location filename="../EnrollPage.qml" line="+11"/>
        <source>Enroll this device</source>
        <translation>注册本设备</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter the server address and the enrollment code from the programme office. The code works once; the device remembers the server afterwards.</source>
        <translation>请输入服务器地址和项目办公室提供的注册码。注册码仅可使用一次；注册后设备会记住该服务器。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Enrollment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enroll</source>
        <translation>注册</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../ErrorBanner.qml" line="+28"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../client/app/error_messages.cpp" line="+13"/>
        <source>The server cannot be reached. Your work is saved on this device and will be sent when the connection returns.</source>
        <translation>无法连接服务器。您的工作已保存在本设备上，网络恢复后将自动发送。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This device is not (or no longer) allowed to sync. Ask the programme office for a new enrollment code.</source>
        <translation>本设备未获得（或已不再具有）同步权限。请向项目办公室索取新的注册码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server refused this change for your role.</source>
        <translation>服务器拒绝了此更改：超出您的角色权限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Please check the value: %1</source>
        <translation>请检查数值：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not found: %1</source>
        <translation>未找到：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This changed elsewhere: %1</source>
        <translation>此内容已在别处被更改：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The device could not save (storage full or unavailable). Nothing was lost; free some space and try again.</source>
        <translation>设备无法保存（存储空间已满或不可用）。数据未丢失；请释放一些空间后重试。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong: %1</source>
        <translation>出现错误：%1</translation>
    </message>
</context>
<context>
    <name>EvidenceStrip</name>
    <message>
        <location filename="../EvidenceStrip.qml" line="+26"/>
        <source>Choose a photo, PDF or spreadsheet</source>
        <translation>选择照片、PDF 或电子表格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence (*.jpg *.jpeg *.png *.heic *.pdf *.xlsx *.xls *.csv *.ods)</source>
        <translation>证据文件 (*.jpg *.jpeg *.png *.heic *.pdf *.xlsx *.xls *.csv *.ods)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Evidence (%1)</source>
        <translation>证据（%1）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Record a value first; evidence is attached to what you recorded.</source>
        <translation>请先记录数值；证据将附加到您记录的内容上。</translation>
    </message>
</context>
<context>
    <name>EvidenceViewerPage</name>
    <message>
        <location filename="../EvidenceViewerPage.qml" line="+10"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
</context>
<context>
    <name>GapCard</name>
    <message>
        <location filename="../GapCard.qml" line="+50"/>
        <source> (missing)</source>
        <translation>（缺失）</translation>
    </message>
</context>
<context>
    <name>HistoryList</name>
    <message>
        <location filename="../HistoryList.qml" line="+18"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 · %2 · device %3</source>
        <translation>%1 · %2 · 设备 %3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No versions yet</source>
        <translation>暂无版本</translation>
    </message>
</context>
<context>
    <name>IndicatorDelegate</name>
    <message>
        <location filename="../IndicatorDelegate.qml" line="+43"/>
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
</context>
<context>
    <name>IndicatorInfoCard</name>
    <message>
        <location filename="../IndicatorInfoCard.qml" line="+37"/>
        <source>Benchmark: %1</source>
        <translation>基准：%1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../client/assessment/labels.cpp" line="+19"/>
        <source>Planning stage (projected values)</source>
        <translation>规划阶段（预测值）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Existing (measured values)</source>
        <translation>建成（实测值）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fieldwork</source>
        <translation>现场评估</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Under review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Certified</source>
        <translation>已认证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not certified</source>
        <translation>未认证</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>District</source>
        <translation>城区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Town</source>
        <translation>城镇</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industrial park</source>
        <translation>产业园区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planning-stage project</source>
        <translation>规划阶段项目</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Recorded</source>
        <translation>已记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A (points shared in the category)</source>
        <translation>不适用（分值在类别内分摊）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A (scores 0)</source>
        <translation>不适用（计 0 分）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>higher is better</source>
        <translation>越高越好</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>lower is better</source>
        <translation>越低越好</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>number</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>percentage</source>
        <translation>百分比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes / no</source>
        <translation>是 / 否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checklist</source>
        <translation>核查清单</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 %2%3 earns %4</source>
        <translation>%1 %2%3 得 %4 分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>0 points at %1 %2%3, full points at %4 %5%3, in proportion between</source>
        <translation>%1 %2%3 得 0 分，%4 %5%3 得满分，其间按比例计分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes earns full points, no earns 0</source>
        <translation>“是”得满分，“否”得 0 分</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Points in proportion to the %1 items met; fewer than %2 items earn 0</source>
        <translation>按 %1 项中满足的项数比例计分；满足少于 %2 项得 0 分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points in proportion to the %1 items met</source>
        <translation>按 %1 项中满足的项数比例计分</translation>
    </message>
    <message>
        <location filename="../../client/indicator/indicator_controller.cpp" line="+41"/>
        <source>N/A: %1</source>
        <translation>不适用：%1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="+17"/>
        <location line="+29"/>
        <source>IGMC Field</source>
        <translation>IGMC 现场评估</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Switch language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Light or dark theme</source>
        <translation>浅色或深色主题</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <location filename="../NumberField.qml" line="+24"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>ScoreCard</name>
    <message>
        <location filename="../ScoreCard.qml" line="+20"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 of %2 indicators recorded</source>
        <translation>已记录 %1 项指标，共 %2 项</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../SyncPage.qml" line="+14"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes waiting to be sent</source>
        <translation>待发送的更改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence waiting to be sent</source>
        <translation>待发送的证据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last successful sync</source>
        <translation>上次成功同步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your work is saved on this device as you go. Sync sends it when a connection exists; nothing is deleted here until the server has confirmed it.</source>
        <translation>您的工作会随时保存在本设备上。有网络连接时，同步会将其发送出去；在服务器确认之前，本设备不会删除任何内容。</translation>
    </message>
</context>
<context>
    <name>SyncStatusButton</name>
    <message>
        <location filename="../SyncStatusButton.qml" line="+13"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n to send</source>
        <translation>
            <numerusform>%n 项待发送</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synced</source>
        <translation>已同步</translation>
    </message>
</context>
<context>
    <name>ValueEditor</name>
    <message>
        <location filename="../ValueEditor.qml" line="+31"/>
        <source>Current: %1</source>
        <translation>当前：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not recorded yet</source>
        <translation>尚未记录</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Does not apply here (N/A)</source>
        <translation>此处不适用（N/A）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Why it does not apply (required)</source>
        <translation>不适用的原因（必填）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Method (how it was measured or checked)</source>
        <translation>方法（如何测量或核查）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>igmc::client::AppController</name>
    <message>
        <location filename="../../client/app/app_controller.cpp" line="+179"/>
        <source>The server address starts with http:// or https://</source>
        <translation>服务器地址须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type or paste the enrollment code you were given.</source>
        <translation>请输入或粘贴您获得的注册码。</translation>
    </message>
</context>
<context>
    <name>igmc::client::AssessmentController</name>
    <message>
        <location filename="../../client/assessment/assessment_controller.cpp" line="+69"/>
        <source>Not certified yet</source>
        <translation>尚未认证</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 points to %2: the %3 indicators below would close it</source>
        <translation>距 %2 还差 %1 分：完成下列 %3 项指标即可达到</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is out of reach with the current N/A answers</source>
        <translation>在当前的“不适用”答复下无法达到 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Top band reached</source>
        <translation>已达到最高评级</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
</context>
<context>
    <name>igmc::client::AssignmentModel</name>
    <message>
        <location filename="../../client/assessment/assignment_model.cpp" line="+76"/>
        <source>not certified</source>
        <translation>未认证</translation>
    </message>
</context>
<context>
    <name>igmc::client::IndicatorController</name>
    <message>
        <location filename="../../client/indicator/indicator_controller.cpp" line="+55"/>
        <source>up to %1 points</source>
        <translation>最高 %1 分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>measurement</source>
        <translation>测量数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evidence expected: %1</source>
        <translation>所需证据：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every site must report this indicator: N/A is not accepted.</source>
        <translation>每个评估对象都必须填报此指标：不接受“不适用”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N/A scores 0 for this indicator.</source>
        <translation>此指标选择“不适用”时计 0 分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If N/A, its points are shared by the category&apos;s other indicators.</source>
        <translation>若不适用，其分值由该类别的其他指标分摊。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2，%3</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>no location</source>
        <translation>无位置信息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> ± %1 m</source>
        <translation> ± %1 米</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Enter a value</source>
        <translation>请输入数值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter a number, e.g. 12.5 (at most 6 decimals)</source>
        <translation>请输入数字，例如 12.5（最多 6 位小数）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A percentage lies between 0 and 100</source>
        <translation>百分比应介于 0 到 100 之间</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Say why this indicator does not apply</source>
        <translation>请说明此指标不适用的原因</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Record a value (or N/A) first; evidence is attached to what you recorded.</source>
        <translation>请先记录数值（或选择不适用）；证据将附加到您记录的内容上。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The file %1 cannot be read</source>
        <translation>无法读取文件 %1</translation>
    </message>
</context>
<context>
    <name>igmc::client::PositionService</name>
    <message>
        <location filename="../../client/platform/position_service.cpp" line="+43"/>
        <source>Waiting for a location fix; records are saved without one meanwhile</source>
        <translation>正在等待定位；在此期间记录将不含位置信息保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No location on this device; records are saved without one</source>
        <translation>本设备无法定位；记录将不含位置信息保存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> ± %1 m</source>
        <translation> ± %1 米</translation>
    </message>
</context>
<context>
    <name>igmc::client::SyncController</name>
    <message>
        <location filename="../../client/syncing/sync_controller.cpp" line="+54"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Receiving updates… %1</source>
        <translation>正在接收更新… %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending evidence… %1</source>
        <translation>正在发送证据… %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending changes… %1 of %2</source>
        <translation>正在发送更改… %1/%2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Up to date: %1 sent, %2 received</source>
        <translation>已是最新：已发送 %1 项，已接收 %2 项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
</context>
</TS>
