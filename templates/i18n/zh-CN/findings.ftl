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
