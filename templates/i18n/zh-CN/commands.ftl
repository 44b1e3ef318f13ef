# 命令用法、/help 以及 Discord 中显示的斜杠命令。

## 各命令的作用（/help、Discord 中的命令说明）
command-incident-open = 在本频道发起故障并发布故障通告
command-incident-role = 指定故障指挥和通讯负责人
command-incident-mitigated = 里程碑：影响已缓解
command-incident-resolve = 里程碑：故障已恢复（影响时间窗结束）
command-incident-close = 里程碑：关闭故障（需先恢复），停止提醒
command-triage-service = 只读诊断一个工作负载并给出根因排序；logs:current 附加一个就绪 Pod 的当前日志
command-triage-overview = 按命名空间统计异常 Pod，并查看节点资源压力
command-logs = 脱敏后的日志片段，作为证据附上
command-status-update = 发布故障处理进展，并重置提醒
command-status-cadence = 多久提醒一次本频道同步进展（默认 60 分钟）
command-note = 记录附带证据的结论；标签会归入故障复盘报告的对应章节
command-action-add = 为故障复盘报告添加一项改进措施
command-action-done = 将一项改进措施标记为已完成
command-evidence-add = 把之前某次 /triage 的第 n 条发现（及其证据）记入故障时间线
command-timeline = 最近的时间线
command-postmortem = 导出故障复盘报告（Markdown）
command-watch-service = 跟踪某个工作负载的恢复情况：只发布有意义的变化，并在其持续健康 10 分钟时提示
command-watch-stop = 停止跟踪本故障的工作负载（或其中一个）
command-help = 本命令列表

## Discord 命令列表中各命令组的说明
family-incident = 故障：open 发起、role 角色、mitigated 缓解、resolve 恢复、close 关闭
family-triage = 诊断：service 单个服务、overview 总览
family-status = 进展：update 同步、cadence 提醒频率
family-action = 改进措施：add 添加、done 完成
family-evidence = 证据：add 记入时间线
family-watch = 恢复跟踪：service 开始、stop 停止

## /help
help-title = **warroom 命令**
help-example = 例如

## Discord 选项中显示的笔记标签
note-tag-cause = 根因
note-tag-deeper-cause = 深层原因
note-tag-trigger = 触发因素
note-tag-detection = 发现方式
note-tag-resolution = 处置过程
note-tag-went-well = 做得好的
note-tag-went-wrong = 做得不好的
note-tag-lucky = 幸运之处
note-tag-lesson = 经验教训

## Discord 中各选项的说明：含义和取值
option-cluster = 集群名称
option-commander = 故障指挥人
option-comms = 对外沟通负责人
option-container = 容器名称
option-done = 已完成的工作，多项用 ; 分隔
option-due = 截止日期，格式 YYYY-MM-DD
option-entry = 时间线中某次 /triage 的记录编号
option-every = 提醒间隔，如 60、30m、2h
option-file = 附件（作为证据记录）
option-finding = 该次诊断中的第几项发现
option-for = 跟踪时长，如 30m、2h
option-id = 改进措施编号
option-last = 显示最近几条（1-200）
option-logs = current：附带一个就绪 Pod 的当前日志
option-namespace = 命名空间
option-next = 后续计划，多项用 ; 分隔
option-owner = 负责人
option-pod = Pod 名称
option-previous = 是否读取上一个容器的日志
option-risks = 遗留风险，多项用 ; 分隔
option-service = 服务（工作负载）名称
option-services = 受影响的服务，用逗号分隔
option-severity = 故障级别 sev1-sev4
option-started = 影响开始时间，HH:MM 或 RFC3339
option-state = 当前状态
option-step = 每轮间隔（1-1000）
option-tag = 复盘报告中的分类
option-tail = 读取最后几行（1-200）
option-teams = 需要响应的团队，用逗号分隔
option-text = 内容
option-title = 故障标题
