# warroom 记入时间线的内容：每条记录的摘要，按发生所在频道的语言写一次（用户输入的内容原样保留）。

record-incident-open = 发起了故障「{ $title }」（{ $severity }）
record-roles = 角色已指定：{ $roles }
record-mitigated = 故障已缓解
record-resolved = 故障已恢复
record-closed = 故障已关闭
record-help = 查看了命令列表
record-postmortem = 导出了故障复盘报告
record-status-update = 发布了故障处理进展
record-status-draft = 根据自{ $since }以来的变化起草了故障处理进展
record-status-cadence = 故障处理进展改为每 { $minutes } 分钟发布一次
record-note-tagged = 【{ $tag }】{ $text }
record-action-add = 改进措施：{ $text } —— { $owner }，{ $due } 前完成
record-action-done = 改进措施 { $item } 已完成
record-timeline = 查看了最近 { $last } 条时间线记录
record-finding = 记录了诊断发现：{ $title }
record-alert-ack = 确认了告警 { $alert }
record-alert = { $alert } { $status ->
    [firing] 告警中
   *[resolved] 已恢复
}
record-alert-summary = { $line }：{ $summary }
record-watch = 开始跟踪 { $namespace } 中的 { $service }，至 { $until }：{ $ready }/{ $total } 就绪，{ $failing } 个 Pod 异常
record-watch-stop = 已停止跟踪 { $services }
record-watch-end = 已停止跟踪 { $service }：跟踪时间已到
record-watch-healthy = { $service }：已健康 { $minutes } 分钟（{ $ready }/{ $total } 就绪，无重启）
record-watch-failing = { $service }：异常 Pod { $before } → { $failing }（共 { $total } 个，{ $ready } 个就绪）
record-watch-reason = 新的异常原因 { $reason }
record-watch-pressure = 节点资源压力 { $pressure }
record-reminded = 故障处理进展已到期：已在频道提醒
record-reminder-failed = 提醒发送失败：{ $why }
record-internal-error = 内部错误（编号 { $reference }）
