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

## 发生的时间，以及距快照多久。
snapshot-time = { $stamp }{ $relative ->
    [yes] （{ $ago }）
   *[no] {""}
}

## crashloop：处于 CrashLoopBackOff 的 Pod。
finding-crashloop-one = { $scope } { $workload } 的 { $pods } 个 Pod 处于 CrashLoopBackOff
finding-crashloop-many = { $scope }共 { $pods } 个 Pod 处于 CrashLoopBackOff：{ $workloads }
finding-crashloop-group = { $workload }（{ $kind }）：{ $pods } 个 Pod 处于 CrashLoopBackOff，共重启 { $restarts } 次，{ $placed ->
    [yes] 分布在 { $nodes }
   *[no] 尚未调度到任何节点
}。
finding-crashloop-fix = 查看容器退出的原因（见下方的退出码和上次日志）：{ $command }

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
exit-label = { $exit ->
    [oom] OOMKilled（exit code 137）
    [probe] 被 liveness 探针杀死（exit code 137，SIGKILL）
    [sigkill] 被 SIGKILL 杀死（exit code 137）
    [sigterm] 收到 SIGTERM 后终止（exit code 143）
    [app] 应用错误退出（exit code 1）
    [runtime] 容器运行时错误（exit code 255）
    [noexec] 无法执行启动命令（exit code 126）
    [notfound] 找不到启动命令（exit code 127）
    [segv] 段错误崩溃（exit code 139，SIGSEGV）
   *[other] 以退出码 { $code } 退出
}
finding-exit-detail = { $namespace }/{ $workload } 的容器 { $container } 上次终止：{ $label }，涉及 { $pods } 个 Pod，重启次数最多 { $restarts } 次{ $dated ->
    [yes] ，最近一次在 { $when }
   *[no] {""}
}。
exit-explain = { $exit ->
    [oom] { $limit ->
        [none] 容器被内核的 OOM killer 杀死；它没有设置内存 limit，所以是节点本身的内存耗尽了。
       *[other] 容器内存用到 { $limit } 的 limit 时，被内核的 OOM killer 杀死。
    }
    [probe] liveness 探针失败后，kubelet 杀死了容器（Unhealthy / Killing 事件），并不是内存不足被杀。
    [sigkill] 容器收到了 SIGKILL，但不是 OOM 导致的：可能是驱逐、优雅终止期超时，或者手动 kill。
    [sigterm] 容器被要求停止（rollout、缩容、驱逐或 drain），收到 SIGTERM 后退出。
    [app] 应用以状态码 1 退出，是未处理的错误；具体是什么错误，看上一个容器的日志。
    [runtime] exit code 255 来自容器运行时，或者来自以 -1 退出的 entrypoint。
    [noexec] entrypoint 存在但无法执行（权限问题，或者二进制文件是其他架构的）。
    [notfound] 镜像里没有这个 entrypoint 或命令。
    [segv] 进程在 native 代码中访问了非法内存（SIGSEGV），崩溃退出。
   *[other] 容器以状态码 { $code } 退出。
}
exit-fix-oom-raise = 把容器 { $container } 的 resources.limits.memory 从 { $limit } 提高到 { $doubled }（requests 同步调整），再查清是什么在增长：{ $command }
exit-fix-oom-set = 为容器 { $container } 设置 resources.requests.memory 和 limits.memory，让调度器为它预留所需的内存
exit-fix-probe = 给应用留出启动时间：加一个 startupProbe，或者调大 livenessProbe.initialDelaySeconds 和 failureThreshold
exit-fix-stopped = 查清是谁停掉了容器（Evicted、Killing、rollout、drain）：{ $command }
exit-fix-log = 在上一个容器的日志里查看崩溃原因：{ $command }
exit-fix-runtime = 查看节点上的 kubelet/containerd 日志（journalctl -u kubelet），以及运行时给出的状态：{ $command }
exit-fix-noexec = 让 entrypoint 可执行（在镜像里 chmod +x），并确认镜像的架构与节点一致
exit-fix-notfound = 修正 command/args，或者重新构建镜像：该二进制文件不在镜像的 PATH 里
exit-fix-segv = 排查 native 崩溃：检查 native 库是否与镜像或架构不匹配，并查看上一次的日志

## events：按原因分组的 Warning 事件。
finding-events-title = { $objects } 个{ $kind ->
    [pod] {" "}Pod{" "}
   *[other] 对象
}上出现 Warning 事件 { $reason } ×{ $total }
finding-events-seen = 首次出现于 { $first }，最近一次出现于 { $last }。
finding-events-seen-once = 出现于 { $at }。
finding-events-latest = 最近一条消息（{ $kind ->
    [none] 对象
   *[other] { $kind }
} { $namespace }/{ $name }）：“{ $message }”
events-fix-backoff = 容器在反复崩溃：原因见退出码和上次日志的发现
events-fix-unhealthy = 探针失败：把探针的时间参数和应用的启动耗时对比一下（见探针的发现）
events-fix-mount = 检查存储卷及其 PVC，清理空间或扩容：{ $command }
events-fix-scheduling = 没有节点能容纳这些 Pod：调低 Pod 的 requests，放宽亲和性/污点限制，或者增加节点
events-fix-evicted = 节点资源压力导致 Pod 被驱逐：检查节点状态，并按实际用量设置 requests
events-fix-oom = 节点内存耗尽：为容器设置内存 limits 和 requests
events-fix-sandbox = Pod 网络初始化失败：检查该节点上的 CNI 插件 Pod
events-fix-image = 检查镜像名称、tag 和 imagePullSecrets：kubectl describe pod <pod>

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
    [oom] 出现 { $detail ->
        [none] java.lang.OutOfMemoryError
       *[other] “java.lang.OutOfMemoryError: { $detail }”
    }
    [nospace] 出现 "No space left on device"{ $detail ->
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
finding-log-hit = { $namespace }/{ $pod }（{ $container }{ $previous ->
    [yes] ，上一个实例
   *[no] {""}
}）：“{ $line }”。
finding-log-started = 在此之前，应用已用 { $seconds } 完成启动。
finding-log-startup-note = 与它一起记录的异常才是原因，见其他日志发现。
finding-log-fix-oom = 按容器的 limit 来设置堆大小：在 JAVA_TOOL_OPTIONS 里加上 -XX:MaxRAMPercentage=80；如果堆确实需要更多内存，就提高内存 limit；再加上 -XX:+HeapDumpOnOutOfMemoryError，找出是什么占满了堆
finding-log-fix-nospace = 清理 { $dir } 所在的存储卷，或者为它扩容：{ $command }
finding-log-fix-dns = 检查 NetworkPolicy 是否放行了 DNS 出站流量（UDP/TCP 53），并在该命名空间里测试域名解析：{ $command }
finding-log-fix-connection = 确认目标 Service 有就绪的 endpoints，并且没有 NetworkPolicy 阻断该端口：{ $command }

## log_errors：已就绪的 Pod，当前日志却大多是错误。
finding-log-errors = { $pod }（{ $container }）已就绪，但当前日志大多是错误：{ $lines } 行中有 { $errors } 行{ $http ->
    [0] {""}
   *[other] ，其中 HTTP 5xx ×{ $http }
}
finding-log-errors-latest = 最近一条错误：“{ $line }”
finding-log-errors-fix = readiness 探针一直通过，Pod 却在返回错误：让 readiness 探针检查真正出错的部分，并查看这些错误：{ $command }

## crash_cause：崩溃容器的上一个实例最后记录的异常。
finding-crash-cause = { $pod }（{ $container }）上次崩溃时的异常：“{ $cause }”
finding-crash-cause-detail = { $namespace }/{ $pod } 中容器 { $container } 的上一个实例在退出前，最后记录的就是这个异常。
finding-crash-cause-fix = 先修复异常指出的问题，再观察下一次启动：{ $command }

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
finding-rollout-detail = Deployment { $namespace }/{ $workload }：ReplicaSet { $replicaset }（revision { $revision }）{ $dated ->
    [yes] 创建于 { $when }
   *[no] 创建时间未知
}{ $replacing ->
    [yes] ，替换了 { $previous }（revision { $previous_revision }）
   *[no] {""}
}。{ $replicas } 个副本中有 { $unavailable } 个不可用。
finding-rollout-fix = 如果问题是这次发布引起的，就回滚：{ $command }
finding-rollout-stalled-detail = Deployment { $namespace }/{ $workload } 的 rollout 超过了进度期限：“{ $message }”
finding-rollout-stalled-deadline = Deployment { $namespace }/{ $workload } 的 rollout 超过了进度期限（ProgressDeadlineExceeded）
finding-rollout-stalled-fix = 先查清新 Pod 为什么一直无法就绪（见上面的发现），或者回滚：{ $command }
