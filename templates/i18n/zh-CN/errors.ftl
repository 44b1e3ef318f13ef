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
error-watch-forbidden = warroom 无权 watch 命名空间 { $namespace } 中的 Pod{ $why }：请为它的身份授予 Pod 的 get、list、watch 权限（deploy/ 中有 ClusterRole），然后重试
error-watch-none = 本故障没有正在运行的观察：请用 /watch service:<名称> 开始观察
error-watch-none-of = 本故障没有正在运行的 { $service } 观察：请用 /watch service:<名称> 开始观察
