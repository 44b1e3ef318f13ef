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
node-fine-there = 该工作负载在这些节点上的 Pod 均已就绪、运行正常：这是需要盯住的风险（持续下去 kubelet 会驱逐 Pod），不是该工作负载本身的问题。
node-usage-unread = 未读取资源用量：metrics.k8s.io 不可用。
node-condition-line = { $node }：{ $condition } 为 { $status }（{ $reason ->
    [none] 无 reason
   *[other] { $reason }
}{ $said ->
    [yes] ："{ $message }"
   *[no] {""}
}）{ $since }{ $load }。
node-since = ，始于 { $stamp }{ $dated ->
    [yes] （{ $ago }）
   *[no] {""}
}
node-load = ；{ $usage }
node-usage-memory = 内存 { $bytes }（占 allocatable 的 { $percent }%）
node-usage-cpu = CPU { $millis }m（{ $percent }%）
node-usage-line = { $node }：{ $usage }。
finding-nodes-usage = { $count } 个节点的内存或 CPU 用量达到 allocatable 的 { $percent }% 以上：{ $nodes }
fix-node-notready = 检查 { $node } 上的 kubelet：kubectl describe node { $node }；再登录节点执行 journalctl -u kubelet
fix-node-memory = 给节点减负：找出内存占用最高的 Pod（kubectl top pods -A --sort-by=memory），把内存 requests 调到实际用量，避免调度器超卖；扩容节点；执行 kubectl cordon { $node } 停止往该节点调度新 Pod
fix-node-disk = 释放节点磁盘：清理无用镜像（`crictl rmi --prune`）、轮转容器日志，或者扩容节点磁盘
fix-node-pid = 找出不断 fork 进程的 Pod，并设置 Pod 的 PID 上限（kubelet 的 podPidsLimit）
fix-nodes-usage = 趁 kubelet 还没开始驱逐 Pod，先分散负载：把 requests 调到实际用量、扩容节点，或者迁走占用高的 Pod

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
events-fix-image = 检查镜像名称、tag 和 imagePullSecrets：{ $command }

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
hyp-probe-checks-early = liveness 探针在应用启动完成前就开始检测
hyp-probe-kills = liveness 探针杀死容器
hyp-probe-fails = liveness 探针探测失败
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
network-selector = { $labels ->
    [none] 所有 Pod（podSelector 为空）
   *[other] 标签匹配 { $labels } 的 Pod
}
network-policy-line = { $policy } 选中{ $selected }，policyTypes 为 { $types ->
    [unset] 未设置
   *[other] { $types }
}，共 { $rules } 条 { $dns ->
    [yes] egress
   *[no] ingress
} 规则。
network-dns-blocked = 选中这些 Pod 的策略都没有放行 53 端口，所有域名解析（包括访问其他命名空间的 Service）都会超时。
network-ingress-blocked = 选中这些 Pod 的策略都没有放行任何入站流量，它们的 Service 无法访问。
fix-network-allow-dns =
    在 deny 策略之外再加一条放行 DNS 出站流量的 NetworkPolicy（kubectl apply -f）：
    { $yaml }
fix-network-allow-ingress = 在命名空间 { $namespace } 中添加一条 NetworkPolicy，放行调用方（namespaceSelector / podSelector）访问端口 { $port ->
    [none] <端口>
   *[other] { $port }
} 的入站流量
network-endpoints-state = Selector { $selector ->
    [none] 未设置
   *[other] 为 { $selector }
}；{ $slices } 个 EndpointSlice，就绪的 endpoints 为 0{ $unready ->
    [0] {""}
   *[other] ，另有 { $unready } 个未就绪
}。
network-endpoints-no-pods = 快照中没有 Pod 匹配该 selector：后端工作负载已停止、缩容到 0，或者标签对不上。
network-endpoints-not-ready = { $pods } 个 Pod 匹配该 selector，但{ $pods ->
    [one] 它未就绪
   *[other] 没有一个就绪
}。
fix-network-endpoints = 先把后端 Pod 恢复起来：检查工作负载的副本数和 readinessProbe，并确认 selector 与 Pod 的标签一致（kubectl get pods -n { $namespace }{ $selector ->
    [none] {""}
   *[other] {" "}-l { $selector }
}）

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
finding-volume-mount = 命名空间 { $namespace } 中的{ $kind ->
    [pvc] {" "}PVC
   *[volume] 存储卷
} { $name } 在 { $pods } 个 Pod 上挂载失败{ $full ->
    [yes] ：磁盘空间已满
   *[no] {""}
}
pvc-detail = PVC { $claim }：状态 { $phase }，容量 { $capacity ->
    [none] 未知
   *[other] { $capacity }
}，StorageClass { $class ->
    [none] 为默认
   *[other] { $class }
}。
pvc-mounted-by = { $workloads } 的 { $pods } 个 Pod 挂载了它。
mount-events = { $pods } 个 Pod 上共有 { $total } 次 FailedMount 事件{ $last ->
    [yes] ，最近一次在 { $when }
   *[no] {""}
}：「{ $message }」。
no-space-logged = { $pod } 的日志：「{ $line }」。
pvc-unbound-fix = 查一下它为什么没有绑定（没有匹配的 PV、StorageClass 或 quota）：kubectl describe pvc { $claim } -n { $namespace }
pvc-mount-fix = 看挂载报错，并检查 CSI driver 的 Pod：{ $command }
volume-full-fix = 清理空间{ $dir ->
    [none] {""}
   *[other] （{ $dir } 下的旧文件）
}，或者把 PVC 扩容到 { $size ->
    [none] 更大的容量
   *[other] { $size }
}（StorageClass 需要开启 allowVolumeExpansion: true）：{ $command }
volume-mount-fix = 看挂载报错：kubectl describe pod { $pod } -n { $namespace }

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
finding-log-fix-oom-dump = 找出是什么占满了堆：在 JAVA_TOOL_OPTIONS 里加上 -XX:+HeapDumpOnOutOfMemoryError，再读下一次 OutOfMemoryError 写出的堆转储
finding-log-fix-oom-sized = 堆大小已经设置（-Xmx 或 -XX:MaxRAMPercentage），堆仍被占满：加上 -XX:+HeapDumpOnOutOfMemoryError 找出是什么占满了堆；如果堆确实需要更多内存，就同时调大堆大小和内存 limit
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
finding-probe-failing = { $workload } 的 livenessProbe 失败 ×{ $unhealthy }{ $killed ->
    [0] {""}
   *[other] ，容器因此被杀死 ×{ $killed }
}（initialDelaySeconds 为 { $delay }，未配置 startupProbe）
probe-detail = 容器 { $container }：livenessProbe { $handler ->
    [none] 未配置探测方式
   *[other] `{ $handler }`
}，initialDelaySeconds { $delay }，periodSeconds { $period }，failureThreshold { $threshold }，timeoutSeconds { $timeout }。过了初始延迟后，连续失败 { $threshold } 次 × { $period } = { $window } 就会杀掉容器：容器启动后最早 { $kill } 就可能被杀。
probe-detail-started = 应用自己的日志显示启动耗时 { $start }（「{ $line }」）。
probe-detail-kills-early = 所以容器每次还没启动完，就被探针杀掉了。
probe-detail-events = 事件：liveness 探测失败 ×{ $unhealthy }{ $killed ->
    [0] ，容器尚未因此被杀。
   *[other] ，容器因此被杀 ×{ $killed }。
}
probe-fix =
    给容器 { $container } 加上 startupProbe（覆盖 { $covers }，不少于启动耗时的 1.5 倍）：
    startupProbe:
    { $handler ->
        [yaml] { $yaml }
        [none] {"  "}# 与 livenessProbe 的探测方式相同（未配置）
       *[other] {"  "}# 与 livenessProbe 的探测方式相同（`{ $handler }`）
    }
    {"  "}periodSeconds: { $period }
    {"  "}failureThreshold: { $threshold }
    或者设置 livenessProbe.initialDelaySeconds: { $need }。然后放宽 liveness 探针：periodSeconds: 10，failureThreshold: 5。

## resources：内存用量接近 limit，JVM 堆大小没有按 limit 设置。
finding-memory-near = { $workload } 的 { $pods } 个 Pod 内存用量达到 { $limit } limit 的 { $percent }% 以上（最高 { $max }%）
finding-jvm-unsized = { $workload } 的 JVM 未设置 -XX:MaxRAMPercentage，内存 limit 为 { $limit }
memory-near-detail = 按 metrics.k8s.io 的数据，命名空间 { $namespace } 中这些 Pod 的内存用量已逼近 limit：下一次内存分配高峰就会被 OOMKilled。
memory-near-fix = 趁 { $workload } 还没被 OOMKilled，把内存 limit 提高到 { $limit }，或者查清是什么占着内存（导出堆转储或用 profiler 分析）
jvm-unsized-detail = { $workload } 的容器 { $container }（{ $pods } 个 Pod）运行着 JVM（「{ $jvm }」），内存 limit 为 { $limit }，但 JAVA_TOOL_OPTIONS、JAVA_OPTS、command 和 args 都没有设置 -XX:MaxRAMPercentage 或 -Xmx。这样堆内存只能拿到 JVM 默认的份额，即 limit 的 25%（{ $heap ->
    [none] limit 的四分之一
   *[other] { $heap }
}），而不是按 limit 规划好的大小。
jvm-ran-out = 这个工作负载已经出现过内存耗尽：{ $how ->
    [heap] 日志中有 java.lang.OutOfMemoryError。
    [oom] 容器被 OOMKilled（exit code 137）。
   *[both] 日志中有 java.lang.OutOfMemoryError；容器被 OOMKilled（exit code 137）。
}
jvm-unsized-fix = 在容器 { $container } 上设置 JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage={ $percent }（堆内存约为 { $limit } limit 中的 { $heap ->
    [none] { $percent }%
   *[other] { $heap }
}，其余留给 metaspace、线程和缓冲区）；如果堆内存确实不够，再同时提高 limit

## replicas：副本数不足的 Deployment 和 StatefulSet。
finding-replicas = { $kind } { $name }：{ $desired } 个副本中只有 { $good } 个{ $kind ->
    [Deployment] 可用
   *[other] 就绪
}{ $state ->
    [create-failing] ，Pod 无法创建
    [missing] （目前只有 { $current } 个 Pod）
   *[created] {""}
}
replicas-detail = { $kind } { $namespace }/{ $name } 期望 { $desired } 个副本，现有 { $current } 个，其中 { $good } 个{ $kind ->
    [Deployment] 可用
   *[other] 就绪
}。
replicas-condition = { $type }：{ $reason }——「{ $message }」。
replicas-create-fix = 控制器无法创建 Pod（quota、准入 webhook、PodSecurity 或 ServiceAccount 不存在）：先看上面的报错信息，ReplicaSet 的 FailedCreate 事件会说明是哪一种：{ $command }
replicas-fix = 先查清 Pod 为什么不{ $kind ->
    [Deployment] 可用
   *[other] 就绪
}（Pod 相关的发现会说明它们处于什么状态）：{ $command }

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

## hpa：扩缩容目标不存在、读不到指标、缺少计算使用率所需的 requests，或已顶到 maxReplicas 的 HPA。
finding-hpa-no-target = HPA { $hpa } 的扩缩容目标 { $kind } { $target } 在命名空间 { $namespace } 中不存在
finding-hpa-no-target-detail = scaleTargetRef 指向 { $kind }/{ $target }（apiVersion { $api }），但集群中没有这个类型和名称的对象，所以没有任何工作负载被自动扩缩容。
finding-hpa-no-target-fix = 修正 HPA { $hpa } 的 scaleTargetRef（kubectl get deployments,statefulsets -n { $namespace }），或删除这个 HPA
finding-hpa-inactive = HPA { $hpa } { $metrics ->
    [yes] 读取不到指标
   *[no] 无法扩缩 { $target }
}（{ $reason }）
finding-hpa-inactive-detail = { $condition } 为 False：“{ $message }”
finding-hpa-metrics-fix = 先让指标可用：检查 metrics-server（kubectl get apiservice v1beta1.metrics.k8s.io）或自定义指标适配器，并确认目标工作负载的每个容器都为用来扩缩容的资源设置了 requests
finding-hpa-scale-fix = 查看原因：kubectl describe hpa { $hpa } -n { $namespace }
finding-hpa-no-request = HPA { $hpa } 按 { $resource } 使用率扩缩容，但 { $kind } { $target } 没有设置 requests.{ $resource }
finding-hpa-no-request-detail = 使用率 = 实际用量 ÷ request；只要有一个容器没有设置 requests.{ $resource }，HPA 就无法计算使用率。
finding-hpa-no-request-fix = 为 { $kind } { $target } 的每个容器设置 resources.requests.{ $resource }
finding-hpa-pinned = HPA { $hpa } 已顶到 maxReplicas { $max }：负载还需要更多副本
finding-hpa-pinned-detail = 当前运行 { $current } 个副本（上限 { $max } 个），HPA 期望 { $desired } 个；在调高上限之前，新增的请求都只能落在现有这些 Pod 上。
finding-hpa-pinned-fix = 集群资源还有余量的话，调高 maxReplicas（{ $command }）；或者查明负载为什么上涨

## ingress：后端 Service 或 IngressClass 不存在的 Ingress。
finding-ingress-no-backend = Ingress { $ingress } 路由到的 Service 在命名空间 { $namespace } 中{ $count ->
    [1] 不存在
   *[other] 都不存在
}：{ $services }
finding-ingress-no-backend-detail = 后端不存在，以下路由的请求都会收到 Ingress 控制器返回的 503：{ $routes }。
finding-ingress-no-backend-fix = 创建对应的 Service，或修正 Ingress { $ingress } 中的 backend.service.name：kubectl get services -n { $namespace }
finding-ingress-no-class = Ingress { $ingress } 指定的 IngressClass { $class } 不存在：没有 Ingress 控制器处理它
finding-ingress-no-class-detail = Ingress { $ingress } 指定了 class { $class }，但集群中没有这个名称的 IngressClass，所以没有 Ingress 控制器会接管它，它的路由都不会生效。
finding-ingress-no-class-fix = 把 { $ingress } 的 spec.ingressClassName 改成已存在的 IngressClass（kubectl get ingressclass），或为 { $class } 安装对应的 Ingress 控制器

## jobs：失败、反复重试或已暂停的 Job；已暂停或调度表达式无法解析的 CronJob。
job-name = { $owned ->
    [yes] CronJob { $cronjob } 的{" "}
   *[no] {""}
}Job { $job }
finding-job-failed = { $job } 失败（{ $reason }）
finding-job-failed-detail = { $told ->
    [yes] Job 报告：“{ $message }”
   *[no] Job 已失败
}；共有 { $pods } 个 Pod 失败。
finding-job-failed-fix = 先查清 Pod 失败的原因（{ $logs }），修复后重新运行：{ $retry }
finding-job-suspended = { $job } 已暂停：它的 Pod 不会运行
finding-job-suspended-detail = spec.suspend 为 true；恢复之前不会创建任何 Pod。
finding-job-resume-fix = 如需运行，先恢复它：{ $command }
finding-job-retrying = { $job } 正在重试：Pod 已失败 { $failed } 次，最多允许 { $limit } 次
finding-job-retrying-detail = Job 尚未完成；目前已有 { $failed } 个 Pod 失败，失败达到 { $limit } 次后 Job 将彻底失败。
finding-job-retrying-fix = 在达到 backoffLimit 之前查清 Pod 失败的原因：{ $logs }
finding-cronjob-suspended = CronJob { $cronjob } 已暂停：不会按调度 { $schedule } 运行任何 Job
finding-cronjob-suspended-detail = spec.suspend 为 true；{ $scheduled ->
    [yes] 上次调度时间为 { $last }
   *[no] 从未被调度过
}。
finding-cronjob-schedule = CronJob { $cronjob } 的调度表达式无法解析：{ $schedule }
finding-cronjob-schedule-detail = 调度表达式既不是五个字段的 cron 表达式，也不是以 @ 开头的简写，所以不会创建任何 Job。
finding-cronjob-schedule-fix = 修正 CronJob { $cronjob } 的 spec.schedule（五个字段：分 时 日 月 星期）

## pdb：没有选中任何 Pod，或不允许任何中断的 PodDisruptionBudget。
pdb-selector = { $selector ->
    [none] <none>（未设置）
    [all] {"{}"}（选中所有 Pod）
   *[labels] { $labels }
}
finding-pdb-no-pods = PodDisruptionBudget { $pdb } 没有选中任何 Pod：它什么也保护不了
finding-pdb-no-pods-detail = 选择器在命名空间 { $namespace } 中匹配不到任何 Pod：{ $selector }；这个 PDB 保护不了它本该保护的工作负载。
finding-pdb-no-pods-fix = 把 PodDisruptionBudget { $pdb } 的 selector 改成工作负载 Pod 的实际标签（kubectl get pods -n { $namespace } --show-labels）
finding-pdb-blocking = PodDisruptionBudget { $pdb } 不允许任何中断：对其 { $pods } 个 Pod 的 drain 和驱逐都会被拒绝
finding-pdb-blocking-detail = { $pods } 个 Pod 中有 { $current } 个健康，而这个 PDB 要求至少 { $desired } 个；在更多 Pod 恢复健康或放宽 PDB 之前，kubectl drain 和 Cluster Autoscaler 都会卡在这些 Pod 上。
finding-pdb-blocking-fix = 让更多 Pod 恢复健康，或放宽 PDB（调低 { $pdb } 的 minAvailable 或调高 maxUnavailable），使至少有一个 Pod 可以被驱逐

## daemonset：有节点缺少 Pod、Pod 未就绪，或 Pod 跑在不该运行的节点上的 DaemonSet。
finding-daemonset = DaemonSet { $daemonset }：{ $problems }
daemonset-unready = { $desired } 个 Pod 中只有 { $ready } 个就绪
daemonset-unscheduled = { $nodes } 个节点上没有它的 Pod
daemonset-misscheduled = { $pods } 个 Pod 运行在不该运行的节点上
finding-daemonset-detail = DaemonSet { $namespace }/{ $daemonset } 应在 { $desired } 个节点上运行：已调度 { $scheduled } 个，就绪 { $ready } 个，调度到错误节点（misscheduled）{ $misscheduled } 个。
finding-daemonset-unscheduled-fix = 有些节点无法运行这个 Pod（有 taint 但没有对应的 toleration、资源不足或 nodeSelector 不匹配）：查看 Pod 的 FailedScheduling 原因，以及 kubectl describe daemonset { $daemonset } -n { $namespace }
finding-daemonset-unready-fix = 查看 Pod 为什么没有就绪：{ $command }，再看它们的日志
finding-daemonset-misscheduled-fix = Pod 的 nodeSelector 或 toleration 已和所在节点不再匹配：对照 DaemonSet { $daemonset } 检查节点的 labels 和 taints

## statefulset：governing Service 或 StorageClass 不存在的 StatefulSet。
finding-statefulset-no-service = StatefulSet { $statefulset } 的 headless Service { $service } 不存在：它的 Pod 没有稳定的 DNS 名称
finding-statefulset-no-service-detail = spec.serviceName 为 { $service }，但命名空间 { $namespace } 中没有这个 Service，所以 { $statefulset }-0.{ $service }.{ $namespace }.svc 无法解析，各副本之间互相找不到。
finding-statefulset-no-service-fix = 创建 headless Service（selector 使用该 StatefulSet 的 Pod 标签）：kubectl create service clusterip { $service } -n { $namespace } --clusterip=None
finding-statefulset-no-class = StatefulSet { $statefulset } 的 volumeClaimTemplate { $template } 请求的 StorageClass { $class } 不存在
finding-statefulset-no-class-detail = { $statefulset } 的新 Pod 需要由模板 { $template } 创建 PVC；StorageClass { $class } 不存在，PVC 会一直 Pending，Pod 也随之 Pending。
finding-statefulset-no-class-fix = 在 { $statefulset } 的 volumeClaimTemplate 中改用已存在的 StorageClass（kubectl get storageclass），或创建 { $class }
## volumes：无法绑定或丢了卷的 PVC，处于 Released 或 Failed 的 PersistentVolume。
finding-pvc-missing-class = PVC { $claim } 指定的 StorageClass { $class } 不存在，无法绑定
pvc-missing-class-detail = StorageClass { $class } 创建之前，PVC { $namespace }/{ $claim } 会一直处于 { $phase } 状态。
pvc-missing-class-fix = 创建 StorageClass { $class }；或者改用已有的 StorageClass，但 PVC 的 StorageClass 创建后不能修改，只能重建 PVC。已有的 StorageClass：kubectl get storageclass
finding-pvc-lost = PVC { $claim } 处于 Lost 状态：它绑定的 PersistentVolume 已经不存在
pvc-lost-detail = PVC { $namespace }/{ $claim } 绑定的卷已经不存在，挂载它的 Pod 都无法启动。
pvc-lost-fix = 从备份恢复这个卷，或者重建 PVC：kubectl describe pvc { $claim } -n { $namespace }
finding-pvc-pending = PVC { $claim } 处于 Pending 状态：没有创建或绑定任何卷
pvc-pending-detail = PVC { $namespace }/{ $claim }（StorageClass { $class ->
    [none] 为默认
   *[other] { $class }
}）还没有卷。
pvc-pending-fix = 查一下卷为什么创建失败（ProvisioningFailed 事件、provisioner 的 Pod）：kubectl describe pvc { $claim } -n { $namespace }
finding-pv-released = PersistentVolume { $volume } 处于 Released 状态：它的 PVC { $claim } 已被删除，新的 PVC 也无法绑定它
pv-released-fix = 数据不再需要就直接删除这个卷；还需要的话，清除 claimRef 后可以重新使用：{ $command }
finding-pv-failed = PersistentVolume { $volume } 回收失败：{ $known ->
    [yes] 「{ $message }」
   *[no] 详见它的事件
}
pv-failed-fix = 卷回收失败（回收策略 { $policy }），需要手动清理，先看原因：kubectl describe pv { $volume }
pv-detail = 卷 { $volume }（PVC { $claim }）处于 { $phase } 状态，回收策略为 { $policy }。

## pod_state：无法运行的 Pod（镜像拉取、配置缺失、调度、驱逐）。
finding-pod-pull = { $workload } 的 { $pods } 个 Pod 无法拉取镜像{ $image ->
    [none] {""}
   *[other] {" "}{ $image }
}（{ $reason }）{ $refused ->
    [yes] ：镜像仓库拒绝访问，且没有设置 imagePullSecret
   *[no] {""}
}
finding-pod-config = { $workload } 的 { $pods } 个 Pod 无法创建容器（CreateContainerConfigError）：「{ $message }」
finding-pod-start = { $workload } 的 { $pods } 个 Pod 无法启动容器 { $container }（{ $reason }）{ $said ->
    [yes] ：「{ $message }」
   *[no] {""}
}
finding-pod-creating = { $workload } 的 { $pods } 个 Pod 卡在 ContainerCreating{ $age ->
    [min] {" "}已 { $count } 分钟
    [h] {" "}已 { $count } 小时
   *[none] {""}
}
finding-pod-unschedulable = { $workload } 的 { $pods } 个 Pod 无法调度：「{ $message }」
finding-pod-gated = { $workload } 的 { $pods } 个 Pod 被调度门控{ $gated ->
    [yes] {" "}{ $gates }{" "}
   *[no] {""}
}挡住，还没有被调度
finding-pod-pending = { $workload } 的 { $pods } 个 Pod 处于 Pending{ $age ->
    [min] {" "}已 { $count } 分钟
    [h] {" "}已 { $count } 小时
   *[none] {""}
}，一直没有被调度
finding-pod-evicted = { $workload } 的 { $pods } 个 Pod { $reason ->
    [Evicted] 被驱逐
   *[other] 处于 Failed 状态（{ $reason }）
}{ $said ->
    [yes] ：「{ $message }」
   *[no] {""}
}
pod-trouble = { $pod }{ $named ->
    [yes] （容器 { $container }）
   *[no] {""}
}：{ $reason }{ $said ->
    [yes] ——「{ $message }」
   *[no] {""}
}
pod-trouble-more = …… 另外还有 { $count } 个 Pod
pod-pull-auth-fix = 给 Pod 配上镜像仓库凭据：在 { $workload } 的 Pod 模板（或其 ServiceAccount）中加上 `imagePullSecrets: [{"{"}name: regcred{"}"}]`，Secret 这样创建：{ $command }
pod-pull-secret-fix = 镜像仓库不接受拉取凭据 { $secrets }：确认其中是这个仓库的有效凭据（warroom 不读取 Secret）：kubectl get secret { $secret } -n { $namespace }
pod-pull-fix = 确认镜像{ $image ->
    [none] {""}
   *[other] {" "}{ $image }{" "}
}存在（仓库和 tag 都对得上），并且节点能访问镜像仓库；然后修正 { $workload } Pod 模板中的镜像（拉取报错见 { $describe }）
pod-config-secret-fix = 在命名空间 { $namespace } 中创建 Secret { $name }，或者修正 { $workload } Pod 模板中的引用（warroom 不读取 Secret）：kubectl get secret { $name } -n { $namespace }
pod-config-object-fix = 在命名空间 { $namespace } 中创建 { $kind } { $name }，或者修正 { $workload } Pod 模板中的引用：{ $command }
pod-config-fix = 修正报错信息里提到的 ConfigMap/Secret 引用（{ $describe }）
pod-hook-fix = 修复容器的生命周期钩子（钩子一失败，kubelet 就会杀掉容器）：{ $describe }
pod-start-fix = 检查并修正容器的 command、挂载或 securityContext：{ $describe }
pod-creating-fix = 存储卷或 Pod 网络没有就绪，重点看 FailedMount、FailedAttachVolume 或 FailedCreatePodSandBox 事件：{ $describe }
pod-unschedulable-fix = 没有节点放得下这些 Pod：调低 Pod 的 requests，放宽 nodeSelector、affinity 或 tolerations，或者加节点（报错信息会说明是哪个约束不满足）
pod-gated-fix = 所有调度门控都移除之前，Pod 不会被调度：找到负责该门控的控制器，查明它为什么还没移除（{ $command }）
pod-pending-fix = 调度器没有给这些 Pod 分配节点：检查 spec.schedulerName，确认调度器在运行（kubectl get pods -n kube-system -l component=kube-scheduler）；{ $describe }
pod-evicted-fix = 节点资源不足，驱逐了这些 Pod：按实际用量设置 requests，并缓解节点压力（见节点相关的发现）；Failed 状态的 Pod 删除前会一直保留（kubectl get pods -n { $namespace } --field-selector=status.phase=Failed）
## idle_policies：podSelector 没有匹配任何 Pod 的 NetworkPolicy。
finding-policy-idle = NetworkPolicy { $policy } 在命名空间 { $namespace } 中没有选中任何 Pod：它的规则不作用于任何对象
policy-idle-detail = 它选中的是{ $selected }，但命名空间 { $namespace } 中没有 Pod 带这些标签。它本该隔离的 Pod 并没有被隔离；如果它是用来给被其他策略隔离的 Pod 放行流量的，这些流量仍然会被拒绝。
fix-policy-idle = 把 NetworkPolicy { $policy } 的 podSelector 改成目标 Pod 的标签（kubectl get pods -n { $namespace } --show-labels）；如果这些 Pod 已经不存在，就删除这条策略

## node_conditions：Pod 所在节点上的 NetworkUnavailable 和 node-problem-detector 上报的 condition。
finding-node-condition = 节点 { $nodes } 出现 { $condition }{ $pods ->
    [0] {""}
   *[other] ：本次诊断的 { $pods } 个 Pod 运行在其上
}
node-condition-true = { $node }：{ $condition }=True{ $reason ->
    [none] {""}
   *[other] （{ $reason }）
}{ $said ->
    [yes] ，消息："{ $message }"
   *[no] {""}
}
fix-node-network = 该节点的 Pod 网络没有就绪：检查节点上的 CNI Pod（kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={ $node }），并把 Pod 迁走（kubectl cordon { $node }）
fix-node-kernel = 内核卡死：驱逐节点上的 Pod 后重启节点（kubectl drain { $node } --ignore-daemonsets --delete-emptydir-data）
fix-node-readonly = 节点文件系统变成了只读：先驱逐节点上的 Pod（kubectl drain { $node } --ignore-daemonsets），再检查磁盘
fix-node-restarts = 节点上的守护进程反复重启（{ $condition }）：到 { $node } 上查看它的日志（`journalctl -u kubelet` 或 `journalctl -u containerd`）
fix-node-condition = 查看该 condition 的消息：kubectl describe node { $node }
finding-other-nodes = 集群中另有 { $count } 个节点异常，但没有运行本次诊断的 Pod：{ $nodes }
other-nodes-detail = 这些节点上没有运行本次诊断的 Pod，它们的问题不参与根因排序；需要的话请单独排查。
fix-other-nodes = 单独查看这些节点：kubectl describe node { $node }

## webhooks：Service 不存在或没有就绪 endpoints 的准入 webhook。
webhook-rules = 对 { $resources } 的 { $operations }
finding-webhook-down = { $kind } webhook { $webhook } 调用的 Service { $service } { $state ->
    [missing] 不存在
   *[unready] 没有就绪的 endpoints
}：{ $blocks ->
    [yes] failurePolicy 为 Fail，所有匹配的请求（{ $rules }）都会被拒绝
   *[no] failurePolicy 为 Ignore，它的校验会被跳过（{ $rules }）
}
webhook-detail = { $kind }WebhookConfiguration { $config } 会把{ $rules } 请求发往 { $service }{ $path ->
    [none] {""}
   *[other] {" "}的 { $path } 路径
}。API server 访问不到它，{ $blocks ->
    [yes] 因此控制器创建对象失败（FailedCreate），不会有新的 Pod 出现
   *[no] 因此请求会直接放行，不经过该 webhook 的修改或校验
}。
fix-webhook-down = 先恢复 webhook 的后端（kubectl get pods,endpointslices -n { $namespace }）；如果后端已经永久下线，就删除这个配置：kubectl delete { $resource } { $config }
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
## verdict：诊断报告的首行结论，依据读到了什么、发现了什么、哪些没能检查。
verdict-subject = { $name }
verdict-subject-namespace = 命名空间 { $namespace }
verdict-subject-all-namespaces = 所有命名空间
verdict-nothing-checked = 无法诊断 { $subject }：{ $reason }；未检查任何内容
verdict-no-conclusion = 无法诊断 { $subject }：{ $reason }；根据已读取的内容无法判断其健康状况
verdict-not-found = 无法诊断 { $subject }：命名空间 { $namespace } 中找不到该名称（没有带选择器的 Service，没有标签为 app={ $subject } 或 app.kubernetes.io/name={ $subject } 的 Pod，也没有名为 { $subject } 的 Deployment、StatefulSet、DaemonSet、Job、CronJob、Ingress 或 HPA）；请检查名称和命名空间
verdict-not-found-elsewhere = 无法诊断 { $subject }：命名空间 { $namespace } 中找不到该名称，但另外 { $count } 个命名空间（{ $found_in }）中有名为 { $subject } 的对象：/triage service:{ $subject } namespace:{ $first }
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
verdict-short-forbidden = 无权限
verdict-short-secrets = warroom 不读取 Secret
verdict-short-out-of-scope = 超出你的授权范围
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
verdict-short-error = 错误 { $code }
verdict-short-not-served = 未提供
verdict-short-not-found = 不存在
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

## evidence: the title of each piece of evidence (what was read, of what), under a finding or
## recorded with a watch post or an alert.
evidence-nodes-conditions = { $count } 个节点的状况
evidence-node-conditions = 节点 { $node } 的状况
evidence-node-usage = 节点资源用量
evidence-other-nodes = 其他有问题的节点
evidence-liveness-probe = { $workload }（{ $container }）的 livenessProbe
evidence-start-up-time = { $workload } 的启动耗时
evidence-liveness-failures = { $workload } 的 liveness 探针失败记录
evidence-rollout-history = { $deployment } 的 rollout 历史
evidence-rollout-status = { $deployment } 的 rollout 状态
evidence-network-policy = NetworkPolicy { $name }
evidence-endpoint-slices = { $service } 的 EndpointSlice
evidence-service = Service { $service }
evidence-log-errors = { $pod } 当前日志中的错误
evidence-workload-status = { $kind } { $name } 的状态
evidence-pvc = PVC { $name }
evidence-no-space-log = { $pod } 日志中的磁盘空间不足报错
evidence-events = { $reason } 事件
evidence-webhook = { $kind } webhook { $name }
evidence-crash-looping-pods = { $workload } 中处于 CrashLoopBackOff 的 { $count } 个 Pod
evidence-pods-reason = { $workload } 的 { $count } 个 Pod（{ $reason }）
evidence-pod-status = { $pod } 的状态
evidence-pod-warning-events = 这些 Pod 的 Warning 事件（{ $count } 条）
evidence-memory-use = { $workload } 的内存用量
evidence-container = { $workload } 的容器 { $container }
evidence-jvm-log = { $pod } 日志中的 JVM 信息
evidence-last-state = { $pod } 的上一次状态
evidence-exit-codes = { $count } 个 { $workload } Pod 的 exit code
evidence-describe = { $resource ->
    [statefulset] StatefulSet
    [job] Job
    [cronjob] CronJob
    [pdb] PDB
    [hpa] HPA
    [networkpolicy] NetworkPolicy
    [ingress] Ingress
    [pvc] PVC
    [pv] PV
   *[other] { $resource }
} { $name }
evidence-exception-log = { $pod } 上一个实例日志中异常前后的内容
evidence-pod-log = { $pod }（{ $container }）的{ $which ->
    [previous] 上一个实例日志
   *[current] 当前日志
}
evidence-watch-pods = { $service } 的 Pod
evidence-alert-labels = 告警 { $alert } 的标签
evidence-alert-annotations = 告警 { $alert } 的注解
## “未检查”行：诊断未能读取的内容及原因。`$scope` 为 `namespace`、`all` 或 `none`（简写，用于结论）。
nc-line = { $what }：{ $why }
nc-lines = { $head }；{ $tail }
nc-detail = { $what }（{ $detail }）
nc-rest-of = { $what }（其余部分）
nc-or = { $head } 或 { $last }
nc-breadth = DaemonSet、Job、CronJob、Ingress、HPA、PDB、准入 webhook、IngressClass 和 StorageClass
nc-pods = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 Pod
    [all] 所有命名空间中的 Pod
   *[none] Pod
}
nc-events = { $scope ->
    [namespace] 命名空间 { $namespace } 中的事件
    [all] 所有命名空间中的事件
   *[none] 事件
}
nc-warning-events = { $scope ->
    [namespace] 命名空间 { $namespace } 中的警告事件
    [all] 所有命名空间中的警告事件
   *[none] 警告事件
}
nc-services = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 Service
    [all] 所有命名空间中的 Service
   *[none] Service
}
nc-endpoint-slices = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 EndpointSlice
    [all] 所有命名空间中的 EndpointSlice
   *[none] EndpointSlice
}
nc-deployments = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 Deployment
    [all] 所有命名空间中的 Deployment
   *[none] Deployment
}
nc-replica-sets = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 ReplicaSet
    [all] 所有命名空间中的 ReplicaSet
   *[none] ReplicaSet
}
nc-stateful-sets = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 StatefulSet
    [all] 所有命名空间中的 StatefulSet
   *[none] StatefulSet
}
nc-daemon-sets = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 DaemonSet
    [all] 所有命名空间中的 DaemonSet
   *[none] DaemonSet
}
nc-jobs = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 Job
    [all] 所有命名空间中的 Job
   *[none] Job
}
nc-cron-jobs = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 CronJob
    [all] 所有命名空间中的 CronJob
   *[none] CronJob
}
nc-ingresses = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 Ingress
    [all] 所有命名空间中的 Ingress
   *[none] Ingress
}
nc-hpas = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 HPA
    [all] 所有命名空间中的 HPA
   *[none] HPA
}
nc-pdbs = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 PodDisruptionBudget
    [all] 所有命名空间中的 PodDisruptionBudget
   *[none] PodDisruptionBudget
}
nc-network-policies = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 NetworkPolicy
    [all] 所有命名空间中的 NetworkPolicy
   *[none] NetworkPolicy
}
nc-pvcs = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 PVC
    [all] 所有命名空间中的 PVC
   *[none] PVC
}
nc-nodes = 节点
nc-pvs = PersistentVolume
nc-ingress-classes = IngressClass
nc-storage-classes = StorageClass
nc-mutating-webhooks = MutatingWebhookConfiguration
nc-validating-webhooks = ValidatingWebhookConfiguration
nc-object = { $scope ->
    [namespace] 命名空间 { $namespace } 中的 { $kind } { $name }
   *[none] { $kind } { $name }
}
nc-endpoint-slices-of = { $scope ->
    [namespace] 命名空间 { $namespace } 中 { $services } 的 EndpointSlice
   *[none] { $services } 的 EndpointSlice
}
nc-pods-of = { $name } 的 Pod
nc-previous-logs-of = { $name } 的上次日志
nc-logs-of = { $name } 的日志
nc-log-group = 容器 { $container }；{ $count } 个 Pod：{ $group }
nc-current-log-of = { $name } 的当前日志
nc-ready-pod-container = 容器 { $container }；一个就绪的 Pod
nc-current-log-of-ready-pod = { $name } 的就绪 Pod 的当前日志
nc-dependency = 依赖 { $namespace }/{ $name }
nc-named-by = { $name } 提到
nc-service = Service { $namespace }/{ $name }
nc-webhook-service = webhook Service { $namespace }/{ $name }
nc-webhook-service-endpoint-slices = webhook Service { $namespace }/{ $name } 的 EndpointSlice
nc-namespace-labels = 命名空间 { $namespace } 的标签
nc-admission-webhook = 准入 webhook { $name }
nc-policy-pods = NetworkPolicy { $namespace }/{ $name } 选中的 Pod
nc-tls-secret = Ingress { $ingress } 的 TLS Secret { $namespace }/{ $secret }
nc-usage = 节点和 Pod 的资源用量
nc-node-usage = 节点的资源用量
nc-why-counted-first = { $why }（只统计了前 { $count } 个）
nc-why-ceiling = 每次诊断每种对象最多统计 { $max } 个；请指定命名空间或工作负载来缩小范围
nc-why-skipped-timeout = 已跳过：API server 未及时响应
nc-why-skipped-unauthorized = 已跳过：API server 拒绝了 warroom 的凭据
nc-why-skipped-unreachable = 已跳过：无法连接 API server
nc-why-dependency-limit = 已跳过：每次诊断最多查找 { $max } 个依赖
nc-why-policy-limit = 已跳过：每次诊断最多检查 { $max } 个 NetworkPolicy
nc-why-webhook-limit = 已跳过：每次诊断最多读取 { $max } 个 webhook Service
nc-why-out-of-scope = 超出你的授权范围（策略规则 #{ $rule } 授权的命名空间：{ $allowed }）
nc-why-no-service = 命名空间 { $namespace } 中没有 Service { $name }：主机名 { $name }.{ $namespace } 无法解析（检查配置中的主机名，或该 Service 是否被删除）
nc-short-no-service = 命名空间 { $namespace } 中没有 Service { $name }
nc-why-metrics-not-served = metrics.k8s.io 未提供（请安装 metrics-server）
nc-why-metrics-unavailable = metrics.k8s.io 已注册但不可用（503：「{ $message }」）：请检查 metrics-server 的 Pod
nc-why-kubelet = kubelet 未响应（{ $code }：「{ $message }」）
nc-why-secrets = warroom 不读取 Secret；Ingress controller 的事件会说明它是否加载了证书
nc-why-no-ready-pod = 它的 Pod 都未就绪
nc-why-namespace-labels-unread = 无法判断它的 namespaceSelector：未能读取命名空间 { $namespace } 的标签
nc-short-namespace-labels-unread = 无法判断 namespaceSelector
nc-why-no-pods = 命名空间 { $namespace } 中没有找到：没有 Pod 匹配 { $selectors }，也没有名为 { $name } 的 Deployment、StatefulSet、DaemonSet、Job、CronJob、Ingress 或 HPA（请检查名称和命名空间）
nc-short-no-pods = 命名空间 { $namespace } 中没有找到

## 集群的响应（`ClusterError`）。
cluster-place-namespace = 在命名空间 { $namespace } 中
cluster-place-all-namespaces = 在所有命名空间中
cluster-place-cluster = 在集群范围内
cluster-why-config = 集群配置有误：「{ $detail }」
cluster-why-tail = tail 无效：请指定 1 到 { $max } 行（实际是 { $got }）
cluster-why-choose-container = container 无效：Pod { $pod } 有多个容器（{ $containers }），请用 container 选项指定一个
cluster-why-unknown = 未知集群「{ $name }」：已配置的集群有 { $known }
cluster-why-pod-not-found = 命名空间 { $namespace } 中没有 Pod「{ $pod }」：请检查名称（Pod 重建后名称会变）和命名空间；/triage 会列出工作负载当前的 Pod
cluster-why-forbidden = 无权限：warroom 的身份无权{ $scope }执行 `{ $verb } { $resource }`（请为它授予 { $resource } 的 get、list 和 watch 权限，或联系集群管理员）；API server 返回：「{ $message }」
cluster-why-not-served = { $scope }找不到 { $resource }：API server 返回 404（「{ $message }」）：该 API 未提供，或对象不存在
cluster-why-unauthorized = API server 拒绝了 warroom 的凭据（401 Unauthorized）：请刷新 kubeconfig 中的 token，或检查 ServiceAccount token
cluster-why-unreachable = 无法连接 { $server } 上的 API server：「{ $reason }」（请检查集群的 server URL 或 kubeconfig，以及 warroom 到集群的网络路径）
cluster-why-timeout = { $server } 上的 API server 在 { $secs } 秒内没有响应（可能过载；如果持续出现，请调大该集群的 request_timeout_secs）
cluster-why-deadline = API server 响应之前，本次诊断 { $secs } 秒的时限已到（请调大该集群的 triage_deadline_secs，或缩小诊断范围）
cluster-why-stalled = 日志流已开始，但 { $secs } 秒内没有结束（kubelet 或节点可能过载；请用 kubectl logs 读取）
cluster-why-status = { $scope }执行 `{ $verb } { $resource }` 时，API server 返回 { $code }：「{ $message }」
cluster-why-decode = { $scope }执行 `{ $verb } { $resource }` 时，API server 的响应无法解析：「{ $message }」
