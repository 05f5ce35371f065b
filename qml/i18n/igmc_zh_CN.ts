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
        <location filename="../ErrorBanner.qml" line="+29"/>
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
        <source>Stopped. What the server confirmed is kept; the rest is sent next time.</source>
        <translation>已停止。服务器已确认的内容会保留，其余的将在下次发送。</translation>
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
    <name>Evidence</name>
    <message>
        <location filename="../../client/app/evidence_import.cpp" line="+23"/>
        <source>The file %1 cannot be read</source>
        <translation>无法读取文件 %1</translation>
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
    <name>KioskAdminPage</name>
    <message>
        <location filename="../KioskAdminPage.qml" line="+17"/>
        <source>Kiosk administration</source>
        <translation>自助终端管理</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Site: %1</source>
        <translation>地点：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Responses today: %1</source>
        <translation>今日答卷：%1 份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every response has been uploaded.</source>
        <translation>所有答卷均已上传。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n response(s) waiting to upload.</source>
        <translation>
            <numerusform>有 %n 份答卷等待上传。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Responses cannot be viewed on this device: they are anonymous and read only by programme staff.</source>
        <translation>无法在本设备上查看答卷：答卷均为匿名提交，仅供项目工作人员查阅。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Survey shown to residents</source>
        <translation>向居民展示的问卷</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 (version %2)</source>
        <translation>%1（第 %2 版）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Change the admin PIN</source>
        <translation>更改管理员 PIN 码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New PIN (6–12 digits)</source>
        <translation>新 PIN 码（6–12 位数字）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New PIN again</source>
        <translation>再次输入新 PIN 码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Change PIN</source>
        <translation>更改 PIN 码</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Back to the kiosk</source>
        <translation>返回自助终端</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close the app</source>
        <translation>关闭应用</translation>
    </message>
</context>
<context>
    <name>KioskPage</name>
    <message>
        <location filename="../KioskPage.qml" line="+71"/>
        <source>Survey kiosk</source>
        <translation>居民问卷自助终端</translation>
    </message>
    <message>
        <location line="+33"/>
        <location line="+11"/>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your answers will be cleared in %1 seconds</source>
        <translation>您的回答将在 %1 秒后清除</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>I&apos;m still here</source>
        <translation>我还在</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+352"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="-330"/>
        <source>Enter the admin PIN to leave kiosk mode.</source>
        <translation>请输入管理员 PIN 码以退出自助终端模式。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PIN</source>
        <translation>PIN 码</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Try again in %1 s</source>
        <translation>%1 秒后可重试</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Set up this kiosk</source>
        <translation>设置本自助终端</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Site: %1</source>
        <translation>地点：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>1. Choose the survey residents will answer</source>
        <translation>1. 选择居民要填写的问卷</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (version %2)</source>
        <translation>%1（第 %2 版）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No survey is available on this device yet. Sync to receive the programme&apos;s surveys.</source>
        <translation>本设备上暂无可用问卷。请同步以接收项目的问卷。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>2. Admin PIN (set; enter a new one to change it)</source>
        <translation>2. 管理员 PIN 码（已设置；输入新的 PIN 码即可更改）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2. Set the admin PIN</source>
        <translation>2. 设置管理员 PIN 码</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only the PIN leaves kiosk mode. Keep it with the site staff.</source>
        <translation>只有输入此 PIN 码才能退出自助终端模式。请交由现场工作人员保管。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>PIN (digits only)</source>
        <translation>PIN 码（仅限数字）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Repeat the PIN</source>
        <translation>再次输入 PIN 码</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Change PIN</source>
        <translation>更改 PIN 码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Set PIN</source>
        <translation>设置 PIN 码</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Survey chosen</source>
        <translation>已选择问卷</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No survey chosen yet</source>
        <translation>尚未选择问卷</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIN set</source>
        <translation>已设置 PIN 码</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No PIN yet</source>
        <translation>尚未设置 PIN 码</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Responses today: %1 · waiting to sync: %2</source>
        <translation>今日答卷：%1 · 待同步：%2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Feedback: %1</source>
        <translation>反馈：%1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>This kiosk has no survey to show yet. Staff: sync, or unlock with the PIN and choose a survey.</source>
        <translation>本终端尚无可用问卷。工作人员：请同步，或用 PIN 码解锁后选择问卷。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose your language · 请选择语言</source>
        <translation>请选择语言 · Choose your language</translation>
    </message>
    <message>
        <location line="+53"/>
        <location line="+8"/>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>End feedback</source>
        <translation>结束反馈</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+380"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="-377"/>
        <source>Question %1 of %2</source>
        <translation>第 %1 题，共 %2 题</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>(optional)</source>
        <translation>（选填）</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next</source>
        <translation>下一题</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Choose up to %1</source>
        <translation>最多可选 %1 项</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>0 = %1</source>
        <translation>0 = %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>10 = %1</source>
        <translation>10 = %1</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Type your answer here</source>
        <translation>请在此输入您的回答</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Thank you!</source>
        <translation>谢谢！</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Done</source>
        <translation>完成</translation>
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
        <location filename="../../client/indicator/indicator_controller.cpp" line="+50"/>
        <source>N/A: %1</source>
        <translation>不适用：%1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../Main.qml" line="+22"/>
        <location line="+59"/>
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
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
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
    <name>TrainerPage</name>
    <message>
        <location filename="../TrainerPage.qml" line="+32"/>
        <source>Planned</source>
        <translation>已计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+185"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 – %2 – %3</source>
        <translation>%1 – %2 – %3</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Training day</source>
        <translation>现场培训日</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Choose photos from the site walk</source>
        <translation>选择现场踏勘照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photos (*.jpg *.jpeg *.png *.heic)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.heic)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+612"/>
        <source>Complete the training day</source>
        <translation>完成现场培训日</translation>
    </message>
    <message>
        <location line="-599"/>
        <source>This marks this year&apos;s training day as used for the partner. Continue?</source>
        <translation>此操作会将该合作伙伴今年的现场培训日标记为已使用。是否继续？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Choose a visit</source>
        <translation>选择培训活动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training visit</source>
        <translation>培训活动</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>No training visit is planned for your partner yet. Sync, or ask programme staff to plan one.</source>
        <translation>尚未为您的合作伙伴安排培训活动。请同步，或请项目工作人员安排一次。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose a visit above.</source>
        <translation>请在上方选择培训活动。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The partner is entitled to this year&apos;s training day.</source>
        <translation>该合作伙伴享有今年的现场培训日。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The partner is not entitled to a training day this year.</source>
        <translation>该合作伙伴今年不享有现场培训日。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Agenda</source>
        <translation>议程</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No sessions on the agenda.</source>
        <translation>议程中暂无环节。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Trainer: %1</source>
        <translation>培训师：%1</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n response(s)</source>
        <translation>
            <numerusform>%n 份反馈</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Collect feedback</source>
        <translation>收集反馈</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Materials</source>
        <translation>资料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No materials for this visit.</source>
        <translation>本次培训活动没有资料。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Available offline</source>
        <translation>可离线使用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not downloaded yet — sync</source>
        <translation>尚未下载——请同步</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+339"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="-337"/>
        <source>Open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Attendance (%1)</source>
        <translation>签到（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No one has signed in yet.</source>
        <translation>尚无人签到。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Consent</source>
        <translation>已同意</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No consent</source>
        <translation>未同意</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+48"/>
        <source>Sign in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>I agree that my name and organisation are recorded in the visit report</source>
        <translation>我同意在培训活动报告中记录我的姓名和所在单位</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Site walk</source>
        <translation>现场踏勘</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing noted on the site walk yet.</source>
        <translation>现场踏勘尚无记录。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Recommendation: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Site walk photo</source>
        <translation>现场踏勘照片</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add to the site walk</source>
        <translation>添加现场踏勘记录</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>What you saw</source>
        <translation>您观察到的情况</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Recommendation</source>
        <translation>建议</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n photo(s) selected</source>
        <translation>
            <numerusform>已选择 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear photos</source>
        <translation>清除照片</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Add to site walk</source>
        <translation>添加到现场踏勘</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Summary and recommendations</source>
        <translation>总结与建议</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the day covered and what the partner should do next</source>
        <translation>本次培训涵盖的内容，以及合作伙伴下一步应采取的行动</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Report and completion</source>
        <translation>报告与完成</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Generate report (PDF)</source>
        <translation>生成报告（PDF）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Report ready</source>
        <translation>报告已生成</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open the report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>This training day is completed; its records can no longer be changed.</source>
        <translation>本次现场培训日已完成，其记录不可再更改。</translation>
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
        <location line="+42"/>
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
        <location line="+19"/>
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
        <location line="+74"/>
        <source>Say why this indicator does not apply</source>
        <translation>请说明此指标不适用的原因</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Record a value (or N/A) first; evidence is attached to what you recorded.</source>
        <translation>请先记录数值（或选择不适用）；证据将附加到您记录的内容上。</translation>
    </message>
</context>
<context>
    <name>igmc::client::KioskController</name>
    <message>
        <location filename="../../client/kiosk/kiosk_controller.cpp" line="+416"/>
        <source>The two PINs differ. Type the same PIN twice.</source>
        <translation>两次输入的 PIN 码不一致。请两次输入相同的 PIN 码。</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Unlock the kiosk with the current PIN first.</source>
        <translation>请先用当前 PIN 码解锁终端。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The PIN must be 6 to 12 digits.</source>
        <translation>PIN 码须为 6 至 12 位数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This PIN is too easy to guess: avoid repeated or consecutive digits.</source>
        <translation>此 PIN 码太容易被猜到：请避免使用重复或连续的数字。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>PIN set. Only this PIN leaves kiosk mode.</source>
        <translation>PIN 码已设置。只有输入此 PIN 码才能退出自助终端模式。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Type a number, like 12 or 3.5</source>
        <translation>请输入数字，例如 12 或 3.5</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>At most %1 characters</source>
        <translation>最多 %1 个字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a value from %1 to %2</source>
        <translation>请选择 %1 到 %2 之间的数值</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Choose at most %1</source>
        <translation>最多只能选择 %1 项</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Some answers are missing. Go back and complete them.</source>
        <translation>有些问题尚未回答。请返回并完成作答。</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>This visit has no site, so feedback cannot be recorded. Ask programme staff to set the visit&apos;s site.</source>
        <translation>此培训活动未指定地点，无法记录反馈。请联系项目工作人员设置活动地点。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Too many wrong PINs.</source>
        <translation>PIN 码错误次数过多。</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>The feedback survey has not been downloaded yet. Sync first.</source>
        <translation>反馈问卷尚未下载。请先同步。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Wrong PIN.</source>
        <translation>PIN 码错误。</translation>
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
        <location line="+36"/>
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
        <location line="+25"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Up to date: %1 sent, %2 received</source>
        <translation>已是最新：已发送 %1 项，已接收 %2 项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 received change(s) could not be applied yet; they are kept and tried again at each sync, and the programme office has been told.</source>
        <translation>已接收的更改中有 %1 项暂时无法应用；它们会被保留，并在每次同步时重试，项目办公室也已收到通知。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sync stopped. What the server confirmed is kept; the rest is sent next time.</source>
        <translation>同步已停止。服务器已确认的内容会保留，其余的将在下次同步时发送。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not synced</source>
        <translation>未同步</translation>
    </message>
</context>
<context>
    <name>igmc::client::TrainerController</name>
    <message>
        <location filename="../../client/trainer/trainer_controller.cpp" line="+182"/>
        <source>This visit used the partner&apos;s training day of %1.</source>
        <translation>本次培训活动已使用该合作伙伴 %1 年度的现场培训日。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Entitled: a tier %1 partner with an active membership; no training day used in %2 yet.</source>
        <translation>享有权益：该合作伙伴为 %1 级，会员资格有效；%2 年度尚未使用现场培训日。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not entitled: the partner has no membership.</source>
        <translation>不享有权益：该合作伙伴没有会员资格。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not entitled: no paid, active membership covers %1 (unpaid, not started or lapsed).</source>
        <translation>不享有权益：%1 不在任何已付费且有效的会员资格期内（未付费、尚未生效或已过期）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not entitled: the on-site training day comes with senior (B) and global (A) partnership; this partner is tier C.</source>
        <translation>不享有权益：现场培训日仅面向高级合作伙伴（B 级）和全球合作伙伴（A 级）；该合作伙伴为 C 级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not entitled: the training day of %1 was already used by another visit.</source>
        <translation>不享有权益：%1 年度的现场培训日已被另一次培训活动使用。</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>Choose a training visit.</source>
        <translation>请选择培训活动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign in at least one participant.</source>
        <translation>请至少为一名参与者办理签到。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Generate the visit report first.</source>
        <translation>请先生成培训活动报告。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Type the participant&apos;s name.</source>
        <translation>请输入参与者姓名。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The participant must agree that their name and organisation are recorded.</source>
        <translation>参与者须同意记录其姓名和所在单位。</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>This training visit is completed; its record is closed.</source>
        <translation>此培训活动已完成，记录已关闭。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This training visit was cancelled; its record is closed.</source>
        <translation>此培训活动已取消，记录已关闭。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The visit is completed.</source>
        <translation>培训活动已完成。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The visit was cancelled.</source>
        <translation>培训活动已取消。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1 has already signed in.</source>
        <translation>%1 已签到。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2) has already signed in.</source>
        <translation>%1（%2）已签到。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Write what you saw or what you recommend.</source>
        <translation>请填写您观察到的情况或您的建议。</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>(n = %1)</source>
        <translation>（n = %1）</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+57"/>
        <source>IGMC on-site training day</source>
        <translation>IGMC 现场培训日</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Date: %1</source>
        <translation>日期：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Site: %1</source>
        <translation>地点：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agenda</source>
        <translation>议程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Trainer</source>
        <translation>培训师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feedback responses</source>
        <translation>反馈份数</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Feedback: %1</source>
        <translation>反馈：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attendance (%1)</source>
        <translation>出席人员（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Site walk</source>
        <translation>现场踏勘</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recommendation:</source>
        <translation>建议：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Summary and recommendations</source>
        <translation>总结与建议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generated on the trainer&apos;s device on %1.</source>
        <translation>于 %1 在培训师的设备上生成。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The report could not be written to %1</source>
        <translation>无法将报告写入 %1</translation>
    </message>
</context>
</TS>
