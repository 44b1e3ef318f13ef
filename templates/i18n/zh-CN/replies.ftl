# warroom 在频道里的回复。

card-incident-title = 故障 #{ $id } · { $title }
card-incident-description = 级别 { $severity } · 影响服务：{ $services }
card-incident-footer = 由 { $who } 发起 · { $at }
role-commander = 指挥：{ $user }
role-comms = 通讯：{ $user }
reply-roles-set = 故障 #{ $id } 角色已指定：{ $roles }
reply-mitigated = ✅ 故障 #{ $id } 已于 { $at } 缓解。截至目前影响时长：{ $window }。
reply-resolved = ✅ 故障 #{ $id } 已于 { $at } 恢复。影响时间窗：{ $window }。
reply-closed = 🔒 故障 #{ $id } 已于 { $at } 关闭。影响时间窗：{ $window }。提醒已停止。请用 /postmortem 导出故障复盘报告。
reply-still-open = 故障 #{ $id } 处理中。
# 短列表各项之间。

## 回复下方的按钮和菜单
button-add-to-timeline = 记入时间线
select-add-finding = 将一条发现记入时间线
button-previous-logs = 查看上次日志
button-post-status-update = 发布故障处理进展

## 卡片上的时长。
duration-seconds = { $s }秒
duration-minutes = { $m }分钟
duration-hours = { $h }小时
duration-hours-minutes = { $h }小时{ $m }分钟

## 告警卡片。告警名、标签和注解按 Alertmanager 发来的原样显示。
alert-firing = 🔥 告警中 · { $name }
alert-resolved-after = ✅ 已恢复 · { $name } · 持续 { $duration }
alert-resolved = ✅ 已恢复 · { $name }
alert-field-severity = 级别
alert-field-started = 开始时间
alert-field-alerts = 告警
alert-field-labels = 标签
alert-field-source = 来源
alert-field-triage = 诊断
alert-field-acknowledged = 已确认
alert-count = 共 { $total } 条，{ $firing } 条告警中
alert-count-truncated = 共 { $total } 条，{ $firing } 条告警中（另有 { $left } 条被 Alertmanager 省略）
alert-source-link = 图表
alert-severity-unknown = 未知
alert-triage-reused = _（沿用 { $at } 的诊断：每个工作负载每 { $every } 诊断一次）_
alert-triage-not-run = 未执行：{ $why }
alert-skip-no-workload = 没有标签指明工作负载（见 [alerts] 中的 workload_labels）
alert-skip-no-cluster = 未配置任何集群
alert-footer = Alertmanager · 接收器 { $receiver }
alert-empty-group = Alertmanager 发来了一个空的告警组。
button-declare-incident = 发起故障通告
button-full-triage = 完整诊断
button-acknowledge = 确认告警

## 自上次故障处理进展以来的变化（控制台草稿、Discord 表单、提醒）。服务名、告警名和原因按记录原样显示。
progress-alert-fired = 告警 { $name } 于 { $at } 触发
progress-alert-resolved = 告警 { $name } 于 { $at } 恢复
progress-mitigated = 故障已于 { $at } 缓解
progress-resolved = 故障已于 { $at } 恢复
progress-service = { $service }：异常Pod { $failing }（就绪 { $ready }/{ $total }）
progress-service-reason = { $service }：异常Pod { $failing }（就绪 { $ready }/{ $total }，主要原因 { $reason }）
progress-done = 已完成：{ $item }
progress-separator = ；

## 不带选项的 /status update（控制台草稿）与 /status cadence。
status-since-last = 上次故障处理进展（{ $at }）
status-since-declared = 故障通告（{ $at }）
status-draft-nothing = 📝 自{ $since }以来没有新的记录：请用 `/status update state:… done:… next:… risks:…` 撰写故障处理进展。
status-draft = 📝 故障 #{ $id } 的故障处理进展草稿，根据自{ $since }以来的变化生成。修改后发送：
status-cadence-set = ⏰ 故障 #{ $id }：每 { $minutes } 分钟提醒一次发布故障处理进展；下次提醒在 { $next }。
button-mark-mitigated = 标记为已缓解

## 控制台自己的提示。
console-mark-mitigated = （标记为已缓解：请输入 /incident mitigated）
console-alert-usage = ⚠️ 用法：/alert file:<Alertmanager webhook 负载（JSON）文件的路径>
console-alert-unreadable = ⚠️ 无法读取 { $path }：{ $error }
console-alert-empty = 该负载中没有告警
console-alert-not-recorded = ⚠️ 告警未能记录：{ $error }
console-demo-cluster = 未配置集群：/triage 和 /logs 读取内置的演示集群（种子故障）；如需连接真实集群，请传入 --kubeconfig，或在配置文件中添加 [[clusters]]

## Discord 表单（modal）：标题、字段名和占位提示。
modal-status-title = 故障处理进展
modal-status-state = 当前状态
modal-status-state-hint = 32 个 Pod 中已恢复 25 个
modal-status-done = 已完成
modal-status-done-hint = 自上次通报以来做了什么
modal-status-next = 下一步
modal-status-next-hint = 接下来做什么、何时完成
modal-status-risks = 风险
modal-status-risks-hint = 还可能出什么问题
modal-declare-title = 发起故障通告
modal-declare-incident-title = 标题
modal-declare-severity = 级别（sev1-sev4）
modal-declare-services = 影响服务（逗号分隔）
modal-declare-started = 影响开始时间（RFC 3339，UTC）

## 故障状态。
state-open = 处理中
state-mitigated = 已缓解
state-resolved = 已恢复
state-closed = 已关闭

## 故障通告中各团队的紧急行动项，按团队名称判断其职责。
team-action-dev = 请提供{ $services }最近1小时内的发布记录和配置变更（Git提交记录+Helm版本）
team-action-network = 验证端口连通性：节点到API Server（`nc -zv <apiserver> 6443`）、DNS解析与跨命名空间通信；检查NetworkPolicy
team-action-storage = 检查Ceph集群状态（`ceph -s`、`ceph osd tree`）及受影响存储卷容量
team-action-ops = 正在收集{ $services }异常Pod分布及关键组件日志（API Server、kubelet、CNI插件）：`/triage service:…`，预计5分钟同步
team-action-other = 请检查各自组件对{ $services }的影响，并附证据在本频道同步

## 故障复盘报告：里程碑、指标、哈希链、图表卡片。
milestone-impact = 影响开始
milestone-declared = 通告
milestone-mitigated = 缓解
milestone-resolved = 恢复
milestone-closed = 关闭
measure-detect = 发现用时
measure-declare = 通告用时
measure-announce = 发布公告用时
measure-first_triage = 首次诊断用时
measure-mitigate = 缓解用时
measure-resolve = 恢复用时
pm-at-by-alert = { $at }（告警 { $alert }）
pm-chain-verified = 已校验 { $entries } 条记录的哈希链，链头 `{ $head }`；可与频道中最后显示的链头核对：`warroom export --incident { $id } --expect-head N:HASH`
pm-chain-empty = 无记录
pm-chart-window = 影响时段
pm-chart-key = 图：各服务的异常 Pod（实线）与就绪 Pod（虚线）、里程碑和进展通报（▲）

## 备注、改进措施、记入的发现、告警确认、故障复盘报告的回复。
reply-noted = 📝 已记入故障 #{ $id }：{ $note }
reply-noted-with-evidence = 📝 已记入故障 #{ $id }，附证据 { $file }（sha256 { $sha }）：{ $note }
reply-action-added = 📌 故障 #{ $id } 的改进措施 { $item }：{ $text } —— { $owner }，{ $due } 前完成
reply-action-done = ✅ 改进措施 { $item } 已完成。
reply-finding-recorded = 📎 已记入故障 #{ $id }：{ $title }（附 { $count } 份证据）
reply-alert-acknowledged = ✋ 你已于 { $at } 确认告警 { $alert }。
reply-alert-acknowledged-on = ✋ 你已于 { $at } 确认告警 { $alert }（已记入故障 #{ $id } 的时间线）。
reply-postmortem-title = 📄 故障 #{ $id } 的故障复盘报告 · { $title }
reply-postmortem-file = { $title } —— { $file }
reply-postmortem-file-draft = { $title } —— { $file }（草稿：故障尚未关闭）

## /logs：Pod 日志片段。
logs-title-previous = **{ $namespace }/{ $pod } 的日志**（{ $container }，上一个容器）—— `{ $command }`
logs-title-current = **{ $namespace }/{ $pod } 的日志**（{ $container }，当前容器）—— `{ $command }`
logs-cut = _仅显示最后 { $shown } 行（共 { $total } 行），完整日志见附件_
logs-recorded = _已作为证据记入故障时间线（已脱敏）。_

## /triage：卡片和报告的框架文字、时间线记录、证据标题。
triage-overview = 概览
triage-card-title = 故障诊断 · { $subject } · { $where }
triage-card-most-likely = 最可能的根因：{ $cause }
triage-card-footer = 集群 { $cluster } · 只读 · { $at }
triage-evidence-in-full = 完整证据
triage-timeline = 诊断 { $subject }（{ $where }，集群 { $cluster }）：{ $verdict }；共 { $findings } 项发现
triage-timeline-top = { $line }；首要根因：{ $top }
triage-timeline-not-checked = { $line }；{ $count } 项未检查
evidence-triage-report = 诊断报告：{ $subject }
evidence-logs = { $namespace }/{ $pod } 的日志（{ $container }，{ $which ->
    [previous] 上一个容器
   *[current] 当前容器
}）
timeline-logs = 读取了 { $namespace }/{ $pod } 的 { $lines } 行日志（{ $which ->
    [previous] 上一个容器
   *[current] 当前容器
}）

## Discord：放不进一条消息的内容、未能获取的附件、未完全设置好的故障通告。
fit-full-text-attached = 完整内容见附件。
fit-full-text-in = 完整内容见 { $file }。
fit-over-limit = { $file }（{ $size } KiB）超过了此处 Discord 的上传上限（{ $limit } KiB）：请用 `warroom export` 导出。
fit-files-left-out = 另有 { $count } 个文件未附上（每条消息最多 { $max } 个）。
fit-no-output = （无输出）
note-attachment-unfetched = ⚠️ 无法获取附件 { $name }（{ $why }）：已在没有该附件的情况下记录。
open-setup-incomplete = ℹ️ 故障已发起，但故障通告{ $problems }。
open-not-pinned-permission = 未置顶：warroom 在此没有置顶消息（Pin Messages）权限
open-not-pinned = 未置顶：Discord 拒绝了（{ $error }）
open-no-thread-permission = 未创建子区：warroom 在此没有创建公开子区（Create Public Threads）权限
open-no-thread = 未创建子区：Discord 拒绝了（{ $error }）

## 演示（`warroom demo`）写进 transcript.md 的旁白。
demo-title = warroom 演示：还原案例中的故障
demo-alert = Alertmanager → `POST /alerts/alertmanager`（案例中的告警）
demo-declare = { $who } 点击卡片上的 **{ $button }**：表单已按告警预填（标题、级别、服务、影响开始时间），她补充了 { $adds } 和各团队
demo-watch = warroom（恢复跟踪）
demo-reminder = warroom（进展提醒）
demo-pressed = { $who } 点击了 **{ $button }**
demo-picture = { $shows ->
    [timeline] 故障经过
   *[pods] 失败的 Pod 分布
}（附件 { $file }）
