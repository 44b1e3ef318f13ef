# 诊断结果：各项检查的发现、根因排序及其置信度。集群中的名称、数字和消息作为参数原样保留，不翻译。

## 集群中的名称列表。
list-and = { $head } 和 { $last }
list-and-more = { $shown } 及另外 { $rest } 个

## 根因假设的置信度。
confidence-high = 高
confidence-medium = 中
confidence-low = 低

## nodes：工作负载的 Pod 所在节点的状态。
finding-node-state = 节点 { $node } { $condition ->
    [NotReady] 处于 NotReady 状态
   *[other] 处于 { $condition } 状态
}
finding-nodes-state = { $count } 个节点{ $condition ->
    [NotReady] 处于 NotReady 状态
   *[other] 处于 { $condition } 状态
}：{ $nodes }
finding-nodes-pods = { $nodes }（本次诊断的 { $pods } 个 Pod 运行在这些节点上{ $ready ->
    [all] ，均已就绪
   *[other] {""}
}）

## 发现问题的范围。
scope-namespace = 命名空间 { $namespace } 中
scope-namespaces = { $count } 个命名空间中

## crashloop：处于 CrashLoopBackOff 的 Pod。
finding-crashloop-one = { $scope } { $workload } 的 { $pods } 个 Pod 处于 CrashLoopBackOff
finding-crashloop-many = { $scope }共 { $pods } 个 Pod 处于 CrashLoopBackOff：{ $workloads }

## exit_codes：按退出码归类的容器退出原因。
finding-exit-title = { $workload } 的 { $pods } 个 Pod{ $containers ->
    [many] （容器 { $container }）
   *[one] {" "}
}{ $exit ->
    [oom] 被 OOMKilled（exit code 137）{ $limit ->
        [none] ，未设置内存 limit
       *[other] ，内存 limit 为 { $limit }
    }
    [probe] 被 liveness 探针杀死（exit code 137，SIGKILL）
    [sigkill] 被 SIGKILL 杀死（exit code 137）
    [sigterm] 收到 SIGTERM 后终止（exit code 143）
    [app] 因应用错误退出（exit code 1）
    [runtime] 因容器运行时错误失败（exit code 255）
    [noexec] 无法执行启动命令（exit code 126）
    [notfound] 找不到启动命令（exit code 127）
    [segv] 因段错误崩溃（exit code 139，SIGSEGV）
   *[other] 以退出码 { $code } 退出
}

## events：按原因分组的 Warning 事件。
finding-events-title = { $objects } 个{ $kind ->
    [pod] {" "}Pod{" "}
   *[other] 对象
}上出现 Warning 事件 { $reason } ×{ $total }

## correlate：根因排序。标题先写根因，再列出支持它的证据。
hypothesis-title = { $head }——{ $evidence }
hyp-memory = { $limit ->
    [none] {""}
   *[other] 内存 limit { $limit } 下
}{ $kind ->
    [heap] Java 堆内存耗尽
   *[other] 内存耗尽
}
hyp-memory-oom = OOMKilled ×{ $pods }
hyp-storage-full = { $volumes } 已满
hyp-dns-host = 日志中 { $host } 解析失败（UnknownHostException）
hyp-dependency-service = Service { $services } 没有就绪的 endpoints
hyp-probe = liveness 探针在启动完成前就杀死容器
hyp-probe-killed = liveness 探针失败后容器被杀死（exit code 137）
hyp-probe-early = liveness 探针在日志记录的启动耗时之前就开始检测
hyp-probe-failing = liveness 探测失败且未配置 startupProbe
hyp-probe-events = Unhealthy 事件
hyp-admission = 准入 webhook 不可用，阻止了对象创建
hyp-admission-webhook = webhook 后端不存在或没有就绪的 endpoints
hyp-admission-create = 控制器报告 FailedCreate
hyp-admission-events = FailedCreate 事件
hyp-image-auth = 镜像仓库拒绝了凭据
hyp-image = 镜像无法拉取
hyp-image-events = 拉取失败事件
hyp-containers = 容器无法创建
hyp-containers-config = Pod 引用的 ConfigMap、Secret 或键不存在
hyp-containers-start = 容器运行时或生命周期钩子拒绝启动容器
hyp-schedule = Pod 无法调度
hyp-schedule-unschedulable = 没有节点能容纳这些 Pod
hyp-schedule-gated = 调度门控未解除
hyp-schedule-pending = Pod 处于 Pending 且未分配节点
hyp-routing-missing = Ingress 指向了不存在的对象
hyp-routing = Ingress 路由已失效
hyp-jobs = 批处理任务持续失败
hyp-memory-heap = 上次日志中出现 OutOfMemoryError
hyp-memory-near = 内存使用接近 limit
hyp-memory-node = 节点 MemoryPressure
hyp-memory-events = OOMKilling 事件
hyp-memory-jvm = JVM 堆大小未按 limit 设置
hyp-storage-unbound = PVC 未绑定
hyp-storage-mount = FailedMount
hyp-storage = 存储卷空间耗尽或不可用
hyp-storage-logs = 日志中出现 "No space left on device"
hyp-storage-node = 节点 DiskPressure
hyp-dns-policy = NetworkPolicy 拒绝出站流量且未放行 53 端口
hyp-dns-logs = 日志中域名解析失败
hyp-dns-blocked = DNS 被 NetworkPolicy 阻断
hyp-dns = 域名解析失败
hyp-dependency = 依赖服务不可用
hyp-dependency-logs = 日志中连接被拒绝或超时
hyp-rollout-image = 最近发布了新镜像
hyp-rollout-revision = 最近发布了新版本
hyp-rollout = 发布有问题
hyp-rollout-stalled = 发布停滞
hyp-rollout-crash = Pod 反复崩溃重启
hyp-node = Pod 所在节点故障
hyp-node-notready = 节点 NotReady
hyp-node-evicted = Pod 被驱逐

## network：隔离 Pod 的 NetworkPolicy，没有就绪 endpoints 的 Service。
finding-network-policy = NetworkPolicy { $policies }{ $count ->
    [1] {" "}
   *[other] {" "}共同
}{ $dns ->
    [yes] 阻断了命名空间 { $namespace } 中 { $pods } 个 Pod（{ $apps }）的 DNS 出站流量（UDP 53）
   *[no] 拒绝了命名空间 { $namespace } 中 { $pods } 个 Pod（{ $apps }）的全部入站流量
}
finding-network-no-endpoints = Service { $service }（命名空间 { $namespace }）没有就绪的 endpoints：{ $ports ->
    [none] 其端口
   *[other] 端口 { $ports }{" "}
}上无人应答

## storage：Pod 使用的 PVC 未绑定、挂载失败或已满。
finding-pvc-unbound = 命名空间 { $namespace } 中的 PVC { $claim } 处于 { $phase } 状态{ $pods ->
    [0] {""}
   *[other] ：{ $pods } 个 Pod 无法启动
}
finding-pvc-mount = 命名空间 { $namespace } 中的 PVC { $claim }{ $size ->
    [none] {""}
   *[other] （{ $size }）
}在 { $pods } 个 Pod 上挂载失败
finding-volume-full = 命名空间 { $namespace } 中的存储卷 { $claim }{ $size ->
    [none] {""}
   *[other] （{ $size }）
}已满：{ $mount ->
    [0] {""}
   *[other] { $mount } 个 Pod 出现 FailedMount "No space left on device"
}{ $app ->
    [none] {""}
   *[other] { $mount ->
        [0] {""}
       *[other] ；
    }{ $app } 写入失败
}

## logs：容器日志中的已知故障。
logs-where = { $workloads } 的{ $which ->
    [previous-one] 上次日志
    [previous-many] 上次日志
    [current-one] 日志
   *[current-many] 日志
}
finding-log = { $of }中{ $pattern ->
    [oom] 出现 java.lang.OutOfMemoryError{ $detail ->
        [none] {""}
       *[other] : { $detail }
    }
    [nospace] 出现 No space left on device{ $detail ->
        [none] {""}
       *[other] （写入 { $detail } 时）
    }
    [dns] { $detail ->
        [none] 域名解析失败
       *[other] {" "}{ $detail } 解析失败（UnknownHostException）
    }
    [refused] 连接被拒绝（Connection refused）
    [timeout] 连接超时
   *[startup] 应用启动失败（"Application run failed"）
}

## probes：应用还没启动完成就把容器杀掉的 liveness 探针。
finding-probe-startup = { $workload } 的 startupProbe 在 { $limit } 后就判定失败，但应用需要 { $start } 才能启动
finding-probe-early = { $workload } 的 livenessProbe 在容器启动 { $delay } 后开始探测，但应用需要 { $start } 才能启动，且未配置 startupProbe
finding-probe-failing = { $workload } 的 livenessProbe 失败 ×{ $unhealthy }，容器因此被杀死 ×{ $killed }（initialDelaySeconds 为 { $delay }，未配置 startupProbe）

## resources：内存用量接近 limit，JVM 堆大小没有按 limit 设置。
finding-memory-near = { $workload } 的 { $pods } 个 Pod 内存用量达到 { $limit } limit 的 { $percent }% 以上（最高 { $max }%）
finding-jvm-unsized = { $workload } 的 JVM 未设置 -XX:MaxRAMPercentage，内存 limit 为 { $limit }

## replicas：副本数不足的 Deployment 和 StatefulSet。
finding-replicas = { $kind } { $name }：{ $desired } 个副本中只有 { $good } 个{ $kind ->
    [Deployment] 可用
   *[other] 就绪
}{ $state ->
    [create-failing] ，Pod 无法创建
    [missing] （目前只有 { $current } 个 Pod）
   *[created] {""}
}

## changes：最近的 rollout，以及超过进度期限仍未完成的 rollout。
before-snapshot = { $unit ->
    [just] 快照前不久
    [min] 快照前 { $count } 分钟
    [h] 快照前 { $count } 小时
   *[days] 快照前 { $count } 天
}
finding-rollout = { $workload } { $dated ->
    [yes] 于{ $when }
   *[no] {""}
}发布了 revision { $revision }{ $changed ->
    [0] {""}
   *[other] ：镜像 { $images }
}{ $caused ->
    [yes] （change-cause：{ $cause }）
   *[no] {""}
}
finding-rollout-stalled = { $workload } 的 rollout 停滞（ProgressDeadlineExceeded）：{ $replicas } 个副本中只有 { $available } 个可用

## verdict：诊断报告的首行结论，依据读到了什么、发现了什么、哪些没能检查。
verdict-subject = { $name }
verdict-subject-namespace = 命名空间 { $namespace }
verdict-subject-all-namespaces = 所有命名空间
verdict-nothing-checked = 无法诊断 { $subject }：{ $reason }；未检查任何内容
verdict-no-conclusion = 无法诊断 { $subject }：{ $reason }；根据已读取的内容无法判断其健康状况
verdict-not-found = 无法诊断 { $subject }：命名空间 { $namespace } 中找不到该名称（没有带选择器的 Service，没有标签为 app={ $subject } 或 app.kubernetes.io/name={ $subject } 的 Pod，也没有名为 { $subject } 的 Deployment、StatefulSet、DaemonSet、Job、CronJob、Ingress 或 HPA）；请检查名称和命名空间
verdict-not-found-anywhere = 无法诊断 { $subject }：所有命名空间中都找不到该名称（没有带选择器的 Service，没有标签为 app={ $subject } 或 app.kubernetes.io/name={ $subject } 的 Pod，也没有名为 { $subject } 的 Deployment、StatefulSet、DaemonSet、Job、CronJob、Ingress 或 HPA）；请检查名称
verdict-problems = { $subject }：{ $problems }
verdict-clauses = { $head }；{ $tail }
verdict-findings = { $critical ->
    [0] 警告 { $warning } 项
   *[other] { $warning ->
        [0] 严重 { $critical } 项
       *[other] 严重 { $critical } 项，警告 { $warning } 项
    }
}
verdict-not-checked = 未检查：{ $gaps }
verdict-inconclusive = 在已检查的范围内未发现问题；未检查：{ $gaps }
verdict-gap = { $what }（{ $why }）
verdict-gap-read = `{ $verb } { $resource }`（{ $why }）
verdict-does-not-exist = { $kind } { $name } 不存在
verdict-no-pods = { $kind } { $name } 存在，但没有 Pod（期望 { $desired } 个）
verdict-ingress-no-pods = Ingress { $name } 存在，但其后端 Service 没有选中任何 Pod
verdict-hpa-no-pods = HorizontalPodAutoscaler { $name } 存在，但其 { $kind } { $target } 没有 Pod
verdict-service-no-pods = Service { $name } 存在，但没有选中任何 Pod
verdict-pods-unread = 无法读取其 Pod（{ $why }）
verdict-kind-unread = 没有匹配的 Pod，且无法确认是否存在同名的 { $kind }（{ $why }）
verdict-why-not-sent = 请求未发出
verdict-why-nothing-sent = 没有向 API server 发出任何请求
verdict-why-all-forbidden = 所有读取均被拒绝（403）；运行 `warroom check` 查看缺少哪些授权
verdict-why-timeout = API server 在 { $secs } 秒内未响应
verdict-why-deadline = 已超过本次诊断的时限（{ $secs } 秒），API server 仍未响应
verdict-why-unreachable = 无法连接 API server
verdict-why-unauthorized = API server 拒绝了 warroom 的凭据（401）
verdict-why-forbidden = warroom 无权执行 `{ $verb } { $resource }`（403 forbidden）
verdict-why-forbidden-in = warroom 无权在命名空间 { $namespace } 中执行 `{ $verb } { $resource }`（403 forbidden）
verdict-why-not-served = 此 API server 不提供 { $resource }
verdict-why-status = API server 对 `{ $verb } { $resource }` 返回了 { $code }
verdict-why-status-in = API server 对命名空间 { $namespace } 中的 `{ $verb } { $resource }` 返回了 { $code }
verdict-why-decode = 无法解析 API server 对 `{ $verb } { $resource }` 的响应
verdict-why-decode-in = 无法解析 API server 对命名空间 { $namespace } 中 `{ $verb } { $resource }` 的响应
verdict-why-stalled = 日志流在 { $secs } 秒内未结束
verdict-why-refused = 请求在发出前即被拒绝
verdict-what-usage = Pod 和节点用量
verdict-what-node-usage = 节点用量
verdict-what-previous-logs = { $name } 的上次日志
verdict-what-current-log = { $name } 的当前日志
verdict-what-pods = { $name } 的 Pod
verdict-short-forbidden = 无权限
verdict-short-out-of-scope = 超出你的授权范围
verdict-short-budget = 请求配额已用完
verdict-short-lookup-limit = 超出查询数量上限
verdict-short-stopped-answering = 已跳过：API server 不再响应
verdict-short-deadline = 已到诊断时限
verdict-short-deadline-of = 已到 { $secs } 秒的诊断时限
verdict-short-log-stream = 日志流过慢
verdict-short-kubelet = kubelet 未响应
verdict-short-unreachable = 无法连接 API server
verdict-short-credentials = 凭据被拒绝
verdict-short-unreadable = 响应无法解析
verdict-short-list-cut = 列表被截断
verdict-short-metrics-not-served = 未提供 metrics API
verdict-short-metrics-unavailable = metrics API 不可用
verdict-short-no-answer-within = { $secs } 秒内无响应
verdict-short-no-answer = 无响应
verdict-short-error = 错误 { $code }
verdict-short-not-served = 未提供
verdict-short-not-found = 不存在
verdict-short-skipped = 已跳过
verdict-short-stalled = { $secs } 秒后仍未结束
verdict-short-refused = 发出前被拒绝
verdict-summary = { $subject }：{ $parts }
verdict-summary-ready = { $ready }/{ $pods } 就绪
verdict-summary-restarts = { $count ->
    [0] { $hours } 小时内无重启
   *[other] 重启 { $count } 次（最近一次在 { $hours } 小时内）
}
verdict-summary-failing = { $count ->
    [0] 没有失败的 Pod
   *[other] { $count } 个失败的 Pod
}
verdict-summary-events = { $count ->
    [0] { $hours } 小时内无警告事件
   *[other] { $hours } 小时内 { $count } 个警告事件
}
verdict-summary-nodes = { $ready }/{ $nodes } 个节点就绪
