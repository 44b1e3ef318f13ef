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
command-help = 本命令列表

## Discord 命令列表中各命令组的说明
family-incident = 故障：open 发起、role 角色、mitigated 缓解、resolve 恢复、close 关闭
family-triage = 诊断：service 单个服务、overview 总览
family-status = 进展：update 同步、cadence 提醒频率
family-action = 改进措施：add 添加、done 完成
family-evidence = 证据：add 记入时间线

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
