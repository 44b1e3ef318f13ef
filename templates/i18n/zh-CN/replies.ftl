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
list-separator = ，

## 回复下方的按钮和菜单
button-add-to-timeline = 记入时间线
select-add-finding = 将一条发现记入时间线
button-previous-logs = 查看上次日志
button-post-status-update = 发布故障处理进展
