# 图片上的文字：pods.png（一次 triage 的异常 Pod 分布）与 timeline.png（故障经过）。
# THOUSANDS($n) 把 12345 写成 12,345。

## pods.png
chart-pods-title = 异常 Pod · { $subject } · { $where }
chart-pods-failing = { THOUSANDS($nodes) } 个节点上共有 { THOUSANDS($pods) } 个异常 Pod
chart-pods-pressured = 其中 { THOUSANDS($nodes) } 个节点资源承压或未就绪
chart-pods-pressured-grouped = 其中 { THOUSANDS($nodes) } 个节点资源承压或未就绪（{ THOUSANDS($grouped) } 个在合并行中）
chart-pods-some-grouped = 只列出异常最多的几项，其余合并显示
chart-pods-pressure-key = 节点资源承压
chart-pods-by-workload = 按工作负载
chart-pods-by-reason = 按原因
chart-pods-other-nodes = 其余 { $nodes } 个节点
chart-pods-not-scheduled = 未调度
chart-pods-row-pressured = { $nodes } 个承压
chart-pods-legend = { $name }（{ THOUSANDS($pods) }）
chart-pods-others = 其他
chart-pods-reason-liveness = 被 liveness 探针杀掉
chart-pods-reason-exit = exit code { $code }
chart-pods-reason-not-ready = 未就绪

## timeline.png
chart-timeline-title = 故障 #{ $id } · { $title } · { $severity }
chart-timeline-no-samples = 还没有 Pod 健康采样：执行 /triage service:NAME 会记录一次
chart-timeline-samples = 各服务的异常 Pod（实线）与就绪 Pod（虚线），共 { THOUSANDS($samples) } 次采样
chart-timeline-hidden = 另有 { $services } 个服务未画出
chart-timeline-no-counts = 没有可画的 Pod 数量：只画出里程碑和进展通报
chart-timeline-pods = Pod 数
chart-timeline-impact = 影响开始 { $at }
chart-timeline-declared = 通告 { $at }
chart-timeline-mitigated = 缓解 { $at }
chart-timeline-resolved = 恢复 { $at }
chart-timeline-service = { $service }（异常 { $counts }）
chart-timeline-status-update = 进展通报
chart-timeline-impact-window = 影响时间窗
chart-timeline-ready-pods = 就绪 Pod（虚线）
