# 用户可以自行处理的错误：说明发生了什么、下一步怎么做。在 Discord 中仅本人可见。

error-no-open-incident = 本频道当前没有进行中的故障：请先用 /incident open title:<标题> severity:<sev1-4> services:<a,b> 发起故障通告
error-no-incident-yet = 本频道还没有故障记录：请先用 /incident open 发起故障通告
error-incident-already-open = 本频道已有进行中的故障：#{ $id }「{ $title }」（{ $state ->
        [open] 处理中
        [mitigated] 已缓解
        [resolved] 已恢复
       *[other] { $state }
    }）。请先恢复并关闭它，再发起新的故障
error-channel-busy = 本频道已有进行中的故障：请先关闭它（先 /incident resolve，再 /incident close），再发起新的故障
error-incident-closed = 故障 #{ $id } 已关闭，未做任何变更。如需处理新故障，请用 /incident open 发起
error-started-in-future = started: 的时间在未来：请填写影响开始的时间（UTC）
error-lifecycle-already = 该故障已经是「{ $state ->
        [open] 处理中
        [mitigated] 已缓解
        [resolved] 已恢复
        [closed] 已关闭
       *[other] { $state }
    }」状态，未做任何变更
error-lifecycle-close-before-resolve = 该故障当前为「{ $state ->
        [open] 处理中
        [mitigated] 已缓解
       *[other] { $state }
    }」：恢复之后才能关闭（请先执行 /incident resolve），未做任何变更
error-lifecycle-mitigate-after-resolve = 该故障已恢复：请执行 /incident close，或发起新的故障，未做任何变更
error-chain-broken = 时间线完整性校验失败：{ $detail }。请用 `warroom export` 导出，查看存储中的原始记录
error-database-unavailable = 数据库无响应：本次操作未记录、未做任何变更。请一分钟后重试（warroom 会自动重连）；如持续失败，请联系 warroom 的运维人员检查数据库（/readyz 会报告其状态）
error-internal = 内部错误（编号 { $reference }）：命令未完成。请重试；如持续失败，请将该编号提供给 warroom 的运维人员。
error-cluster-internal = { $detail }（编号 { $reference }）：未做任何变更。请重试；如持续失败，请将该编号提供给 warroom 的运维人员。
# 集群访问层自己的说明（尚未收入词条）：原样显示。
error-cluster = { $detail }
error-not-incident-open = 这不是 /incident open 命令：请用 /incident open title:<标题> severity:<sev1-4> services:<a,b>
error-no-cluster = 未配置任何集群：请在配置文件中添加 [[clusters]]，或用 --kubeconfig 启动 warroom
error-unknown-alert-card = 本频道找不到这张告警卡片：请在 Alertmanager 中确认该告警，或用 /incident open 发起故障通告
error-alert-already-acknowledged = { $by } 已于 { $at } 确认告警 { $alert }
error-alert-acknowledged-meanwhile = 就在你之前，已有人确认了告警 { $alert }：请查看卡片
error-no-attachment = 没有名为「{ $name }」的附件：请在命令中附上该文件（Discord），或给出可读取的路径（控制台）
error-no-action-item = 故障 #{ $id } 没有编号为 { $item } 的改进措施：请在 /postmortem 或 /timeline 中查看列表
error-no-triage = 本频道没有编号为 #{ $entry } 的诊断：请重新执行 /triage 并使用其按钮
error-no-finding = 诊断 #{ $entry } 没有第 { $finding } 条发现
error-watch-running = 命名空间 { $namespace } 中的 { $service } 已在观察中，直到 { $until }：请先用 /watch stop service:{ $service } 停止
error-watch-no-pods = 在命名空间 { $namespace } 中找不到 { $service } 的 Pod{ $why }：请用 /triage service:{ $service } namespace:{ $namespace } 核对名称和命名空间
error-watch-no-pods-because = （{ $lines }）
error-watch-forbidden = warroom 无权 watch 命名空间 { $namespace } 中的 Pod{ $why }：请为它的身份授予 Pod 的 get、list、watch 权限（deploy/ 中有 ClusterRole），然后重试
error-watch-none = 本故障没有正在运行的观察：请用 /watch service:<名称> 开始观察
error-watch-none-of = 本故障没有正在运行的 { $service } 观察：请用 /watch service:<名称> 开始观察

## 无法解析的命令：先是说明，然后是输入的命令行（插入符号指向出错处），最后是用法。选项名和取值按输入原样显示。
parse-usage = 用法：{ $usage }
parse-unclosed-quote = 这个引号没有闭合
parse-empty = 请输入命令，例如 /help
parse-no-slash = 命令以「/」开头，例如 /help
parse-not-an-option = 这里应是 key:value 形式的选项，实际是 { $found }
parse-unknown-command = 没有 /{ $name } 这个命令：输入 /help 查看命令列表
parse-unknown-sub = /{ $family } 没有 { $sub } 这个子命令：可选 { $subs }
parse-needs-sub = /{ $family } 需要一个子命令：可选 { $subs }
parse-given-twice = 选项 { $key }: 重复给出
parse-empty-option = 选项 { $key }: 为空
parse-too-long = 选项 { $key }: 超过 { $max } 个字符
parse-missing = 缺少选项 { $key }:
parse-bad-name = 选项 { $key }: { $value } 不是有效的 Kubernetes 名称（只能包含小写字母、数字和「-」，以字母或数字开头和结尾，最多 { $max } 个字符）
parse-bad-number = 选项 { $key }: 应为 { $min } 到 { $max } 之间的数字，实际是 { $value }
parse-bad-flag = 选项 { $key }: 应为 true 或 false，实际是 { $value }
parse-unknown-option = 未知选项 { $key }:
parse-bad-date = 选项 due: 应为 YYYY-MM-DD 格式的日期，实际是 { $value }
parse-button-gone = 这个按钮（{ $id }）已不再支持：请直接执行命令
parse-button-status = 请用 /status update state:… done:… next:… risks:… 发布故障处理进展
parse-button-declare = 请用 /incident open title:… severity:… services:… started:… 发起故障通告
parse-bad-severity = 选项 severity: 应为 sev1、sev2、sev3 或 sev4，实际是 { $value }
parse-bad-service = 选项 services: { $value } 不是有效的服务名（只能包含小写字母、数字和「-」）
parse-bad-started = 选项 started: 应为 HH:MM（UTC）或 RFC 3339 时间，实际是 { $value }
parse-role-needs-one = 请给出 commander: 或 comms:（或两者都给）
parse-logs-pod = 请以 pod:<名称> 的形式给出 Pod
parse-bad-tag = 选项 tag: 应为 { $tags } 之一，实际是 { $value }
parse-bad-every = 选项 every: 应为 5 到 1440 分钟（例如 60、30m、2h），实际是 { $value }
parse-triage-missing-service = 缺少选项 service:（或改用 /triage overview）
parse-bad-logs = 选项 logs: 只能是 current，实际是 { $value }
parse-watch-missing-service = 缺少选项 service:（要观察的工作负载）
parse-bad-for = 选项 for: 应为 10 分钟到 24 小时（例如 30m、2h），实际是 { $value }

## 访问策略拒绝的命令：缺少什么权限、该找谁。ID、名称和配置项按原文显示。
deny-who = 用户 { $id }，{ $roles }
deny-roles-none = 无角色
deny-roles = 角色 { $roles }
deny-roles-more = 角色 { $roles } 等（另有 { $more } 个）
deny-dm = { $command } 不能在私信中执行：{ $why }。请在故障频道中执行（私信中只能使用 /help）。
deny-dm-cluster = 集群命令只能在服务器频道中执行，以便故障频道看到读取了哪些内容
deny-dm-incident = 故障与服务器频道绑定
deny-unmapped = 你无权执行 { $command }：没有任何策略规则包含你（{ $who }），没有规则时只能执行 /help。请联系管理员添加一条 [[policy.rules]]，其中 users = [{ $user_id }]（或在 roles 中填写你的某个角色 ID），commands = [{ $family }]。
deny-command = 你无权执行 { $command }：包含你的策略规则（{ $who }）只授权了 { $granted }。请联系管理员在包含你的某条 [[policy.rules]] 的 commands 中加入 { $family }。
deny-scope-allowed = 集群 { $clusters } 上的命名空间 { $namespaces }
deny-scope-namespace = 你无权在集群 { $cluster } 的命名空间 { $namespace } 中执行 { $command }：没有任何策略规则授权给你（{ $who }）。你的规则允许执行 { $family } 的范围：{ $allowed }。请联系管理员添加一条 [[policy.rules]]，其中 commands = [{ $rule_family }]，namespaces = [{ $wanted }]，clusters = [{ $cluster }]。
deny-scope-all = 你无权在集群 { $cluster } 的所有命名空间中执行 { $command }：没有任何策略规则授权给你（{ $who }）；读取所有命名空间需要一条 namespaces = ["*"] 的规则。你的规则允许执行 { $family } 的范围：{ $allowed }。请指定一个命名空间，或联系管理员添加一条 [[policy.rules]]，其中 commands = [{ $rule_family }]，namespaces = [{ $wanted }]，clusters = [{ $cluster }]。

## 被拒绝的 Alertmanager payload（控制台的 /alert 会显示；webhook 以此作答）。
alert-error-unauthorized = Bearer token 缺失或错误：请把 Alertmanager 的 http_config.authorization.credentials 设为 { $env } 的值
alert-error-malformed = 这不是 Alertmanager webhook 的 payload：「{ $error }」
alert-error-version = 不支持的 payload 版本 "{ $version }"：warroom 只能读取版本 "4"（Alertmanager 0.16 及以后）
alert-rejected = ⚠️ { $path }：{ $error }
