# What triage finds: the findings of the analyzers, the ranked hypotheses and their
# confidence. Names, numbers and messages from the cluster are arguments, never translated.

## Lists of names from the cluster.
list-and = { $head } and { $last }
list-and-more = { $shown } and { $rest } more

## How sure a ranked hypothesis is.
confidence-high = high
confidence-medium = medium
confidence-low = low

## nodes: node conditions under the workload's pods.
finding-node-state = { $node } { $condition ->
    [NotReady] NotReady
   *[other] under { $condition }
}
finding-nodes-state = { $count } nodes { $condition ->
    [NotReady] NotReady
   *[other] under { $condition }
}: { $nodes }
finding-nodes-pods = { $nodes } ({ $pods } { $pods ->
    [one] pod
   *[other] pods
} of the snapshot run there{ $ready ->
    [all] , all ready
   *[other] {""}
})
node-fine-there = The workload's pods there are ready and not failing: this is a risk to watch (the kubelet evicts pods if it lasts), not the workload's problem.
node-usage-unread = Usage was not read: metrics.k8s.io is not available.
node-condition-line = { $node }: { $condition } { $status }{ $since } ({ $reason ->
    [none] no reason
   *[other] { $reason }
}{ $said ->
    [yes] : { $message }
   *[no] {""}
}){ $load }.
node-since = {" "}since { $stamp }{ $dated ->
    [yes] {" "}({ $ago })
   *[no] {""}
}
node-load = ; { $usage }
node-usage-memory = memory { $bytes } ({ $percent }% of allocatable)
node-usage-cpu = CPU { $millis }m ({ $percent }%)
node-usage-line = { $node }: { $usage }.
finding-nodes-usage = { $count } { $count ->
    [one] node
   *[other] nodes
} at or above { $percent }% of allocatable memory or CPU: { $nodes }
fix-node-notready = Check the kubelet on { $node }: kubectl describe node { $node }; journalctl -u kubelet on the node
fix-node-memory = Relieve the nodes: find the heaviest pods (kubectl top pods -A --sort-by=memory), set memory requests to real usage so the scheduler stops overcommitting, add nodes, and kubectl cordon { $node } to stop new placements
fix-node-disk = Free node disk: prune unused images (crictl rmi --prune), rotate container logs, or grow the node's disk
fix-node-pid = Find the pod that forks processes and set a pod PID limit (kubelet podPidsLimit)
fix-nodes-usage = Spread the load before the kubelet starts evicting: set requests to real usage, add nodes, or move heavy pods

## Where something was found.
scope-namespace = in { $namespace }
scope-namespaces = across { $count } namespaces

## When something happened: its time, and how long before the snapshot.
snapshot-time = { $stamp }{ $relative ->
    [yes] {" "}({ $ago })
   *[no] {""}
}

## crashloop: pods waiting in CrashLoopBackOff.
finding-crashloop-one = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} in CrashLoopBackOff { $scope }
finding-crashloop-many = { $pods } { $pods ->
    [one] pod
   *[other] pods
} in CrashLoopBackOff { $scope }: { $workloads }
finding-crashloop-group = { $workload } ({ $kind }): { $pods } { $pods ->
    [one] pod
   *[other] pods
} in CrashLoopBackOff, { $restarts } { $restarts ->
    [one] restart
   *[other] restarts
} in total, on { $placed ->
    [yes] { $nodes }
   *[no] no node
}.
finding-crashloop-fix = Read why the containers exit (exit codes and previous logs below): { $command }

## exit_codes: why containers stopped, by exit code.
finding-exit-title = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
}{ $containers ->
    [many] {" "}(container { $container })
   *[one] {""}
} { $exit ->
    [oom] OOMKilled (exit 137){ $limit ->
        [none] {" "}with no memory limit
       *[other] {" "}under a { $limit } memory limit
    }
    [probe] killed by the liveness probe (exit 137, SIGKILL)
    [sigkill] killed by SIGKILL (exit 137)
    [sigterm] terminated by SIGTERM (exit 143)
    [app] exited with an application error (exit 1)
    [runtime] failed with a container runtime error (exit 255)
    [noexec] could not execute the command (exit 126)
    [notfound] could not find the command (exit 127)
    [segv] crashed with a segmentation fault (exit 139, SIGSEGV)
   *[other] exited with code { $code }
}
exit-label = { $exit ->
    [oom] OOMKilled (exit 137)
    [probe] killed by the liveness probe (exit 137, SIGKILL)
    [sigkill] killed by SIGKILL (exit 137)
    [sigterm] terminated by SIGTERM (exit 143)
    [app] exited with an application error (exit 1)
    [runtime] failed with a container runtime error (exit 255)
    [noexec] could not execute the command (exit 126)
    [notfound] could not find the command (exit 127)
    [segv] crashed with a segmentation fault (exit 139, SIGSEGV)
   *[other] exited with code { $code }
}
finding-exit-detail = Last termination of container { $container } in { $namespace }/{ $workload }: { $label } in { $pods } { $pods ->
    [one] pod
   *[other] pods
}, restart count up to { $restarts }{ $dated ->
    [yes] , most recently at { $when }
   *[no] {""}
}.
exit-explain = { $exit ->
    [oom] { $limit ->
        [none] The kernel's OOM killer stopped the container; it has no memory limit, so the node itself ran out of memory.
       *[other] The kernel's OOM killer stopped the container when its memory reached the { $limit } limit.
    }
    [probe] The kubelet killed the container after its liveness probe failed (Unhealthy / Killing events); this was not a memory kill.
    [sigkill] Something sent SIGKILL without an OOM reason: an eviction, a grace period that ran out, or a manual kill.
    [sigterm] The container was asked to stop (rollout, scale-down, eviction or drain) and exited on SIGTERM.
    [app] The application exited with status 1, an unhandled error; the previous container log tells which.
    [runtime] Exit 255 comes from the container runtime or an entrypoint that exited with -1.
    [noexec] The entrypoint exists but cannot be executed (permissions or a binary for another architecture).
    [notfound] The entrypoint or command is not in the image.
    [segv] The process crashed on an invalid memory access (SIGSEGV) in native code.
   *[other] The container exited with status { $code }.
}
exit-fix-oom-raise = Raise resources.limits.memory of container { $container } from { $limit } to { $doubled } (requests to match), then find what grows: { $command }
exit-fix-oom-set = Set resources.requests.memory and limits.memory for container { $container } so the scheduler reserves what it needs
exit-fix-probe = Give the app time to start: add a startupProbe, or raise livenessProbe.initialDelaySeconds and failureThreshold
exit-fix-stopped = See who stopped it (Evicted, Killing, rollouts, drains): { $command }
exit-fix-log = Read the crash in the previous container log: { $command }
exit-fix-runtime = Check the runtime's view: { $command }, and the node's kubelet/containerd logs (journalctl -u kubelet)
exit-fix-noexec = Make the entrypoint executable (chmod +x in the image) and check that the image's architecture matches the node
exit-fix-notfound = Fix command/args or rebuild the image: the binary is not on the image's PATH
exit-fix-segv = Look for a native crash: native libraries that do not match the image or architecture; read the previous log

## events: Warning events grouped by reason.
finding-events-title = Warning events { $reason } ×{ $total } on { $objects } { $kind ->
    [pod] { $objects ->
        [one] pod
       *[other] pods
    }
   *[other] { $objects ->
        [one] object
       *[other] objects
    }
}
finding-events-seen = First seen { $first }, last seen { $last }.
finding-events-seen-once = Seen { $at }.
finding-events-latest = Latest message ({ $kind ->
    [none] object
   *[other] { $kind }
} { $namespace }/{ $name }): { $message }
events-fix-backoff = The containers keep crashing: the exit-code and previous-log findings say why
events-fix-unhealthy = Probes fail: compare the probe timings with the app's start-up time (probe findings)
events-fix-mount = Check the volume and its claim: { $command }; free space or expand it
events-fix-scheduling = No node fits: lower the pods' requests, relax affinity/taints, or add nodes
events-fix-evicted = Node pressure evicted pods: check node conditions and set requests to real usage
events-fix-oom = The node ran out of memory: set memory limits and requests
events-fix-sandbox = Pod networking failed to set up: check the CNI pods on the node
events-fix-image = Check the image name, tag and pull secret: { $command }

## correlate: ranked root-cause hypotheses. A title is its head, then the evidence for it.
hypothesis-title = { $head } — { $evidence }
hyp-memory = { $kind ->
    [heap] Heap
   *[other] Memory
} exhaustion{ $limit ->
    [none] {""}
   *[other] {" "}under a { $limit } memory limit
}
hyp-memory-oom = OOMKilled ×{ $pods }
hyp-storage-full = { $volumes } full
hyp-dns-host = UnknownHostException for { $host } in logs
hyp-dependency-service = Service { $services } has no ready endpoints
hyp-probe = Liveness probe kills containers before start-up completes
hyp-probe-checks-early = Liveness probe checks the app before it has started
hyp-probe-kills = Liveness probe kills containers
hyp-probe-fails = Liveness probe fails
hyp-probe-killed = containers killed after liveness failures (exit 137)
hyp-probe-early = liveness probe begins before the logged start-up time
hyp-probe-failing = liveness failures without a startupProbe
hyp-probe-events = Unhealthy events
hyp-admission = An admission webhook that is down blocks object creation
hyp-admission-webhook = webhook backend missing or without ready endpoints
hyp-admission-create = controllers report FailedCreate
hyp-admission-events = FailedCreate events
hyp-image-auth = the registry refuses the credentials
hyp-image = The image cannot be pulled
hyp-image-events = pull failure events
hyp-containers = Containers cannot be created
hyp-containers-config = a ConfigMap, Secret or key the pods name is missing
hyp-containers-start = the runtime or a lifecycle hook refuses to start containers
hyp-schedule = Pods cannot be scheduled
hyp-schedule-unschedulable = no node fits the pods
hyp-schedule-gated = scheduling gates not lifted
hyp-schedule-pending = pods Pending without a node
hyp-routing-missing = an Ingress points at something that does not exist
hyp-routing = Ingress routing is broken
hyp-jobs = Batch work is failing
hyp-memory-heap = OutOfMemoryError in previous logs
hyp-memory-near = memory use near the limit
hyp-memory-node = node MemoryPressure
hyp-memory-events = OOMKilling events
hyp-memory-jvm = JVM heap not sized from the limit
hyp-storage-unbound = PVC not bound
hyp-storage-mount = FailedMount
hyp-storage = Storage full or unavailable
hyp-storage-logs = "No space left on device" in logs
hyp-storage-node = node DiskPressure
hyp-dns-policy = NetworkPolicy denies egress without port 53
hyp-dns-logs = name lookups fail in logs
hyp-dns-blocked = DNS blocked by NetworkPolicy
hyp-dns = Name resolution failing
hyp-dependency = A dependency is down
hyp-dependency-logs = connections refused or timing out in logs
hyp-rollout-image = new image rolled out recently
hyp-rollout-revision = new revision rolled out recently
hyp-rollout = Bad rollout
hyp-rollout-stalled = rollout stalled
hyp-rollout-crash = pods crash-looping
hyp-node = The pods' nodes are failing
hyp-node-notready = node NotReady
hyp-node-evicted = pods evicted

## network: NetworkPolicies that isolate the pods, Services without ready endpoints.
finding-network-policy = { $count ->
    [one] NetworkPolicy { $policies } { $dns ->
        [yes] blocks DNS egress (UDP 53) for
       *[no] denies all ingress to
    }
   *[other] NetworkPolicies { $policies } { $dns ->
        [yes] block DNS egress (UDP 53) for
       *[no] deny all ingress to
    }
} { $pods } { $pods ->
    [one] pod
   *[other] pods
} in { $namespace } ({ $apps })
finding-network-no-endpoints = Service { $service } (namespace { $namespace }) has no ready endpoints: nothing answers on { $ports ->
    [none] its ports
   *[other] port { $ports }
}
network-selector = { $labels ->
    [none] every pod (empty podSelector)
   *[other] pods with { $labels }
}
network-policy-line = { $policy } selects { $selected }, policyTypes { $types ->
    [unset] unset
   *[other] { $types }
}, { $rules } { $dns ->
    [yes] egress
   *[no] ingress
} { $rules ->
    [one] rule
   *[other] rules
}.
network-dns-blocked = No policy selecting these pods allows port 53, so every name lookup (Services in other namespaces included) times out.
network-ingress-blocked = No policy selecting these pods allows any ingress, so their Services are unreachable.
fix-network-allow-dns =
    Allow DNS egress next to the deny policy (kubectl apply -f):
    { $yaml }
fix-network-allow-ingress = Add a NetworkPolicy in { $namespace } with an ingress rule from the callers (namespaceSelector / podSelector) to port { $port ->
    [none] <port>
   *[other] { $port }
}
network-endpoints-state = Selector { $selector ->
    [none] none
   *[other] { $selector }
}; { $slices } { $slices ->
    [one] EndpointSlice
   *[other] EndpointSlices
} with 0 ready endpoints{ $unready ->
    [0] {""}
   *[other] {" "}and { $unready } not ready
}.
network-endpoints-no-pods = No pod in the snapshot matches the selector: the backing workload is down, scaled to zero or labelled differently.
network-endpoints-not-ready = { $pods ->
    [one] 1 pod matches the selector but it is not ready.
   *[other] { $pods } pods match the selector but none is ready.
}
fix-network-endpoints = Bring the backing pods back: kubectl get pods -n { $namespace }{ $selector ->
    [none] {""}
   *[other] {" "}-l { $selector }
}; check the workload's replicas and readiness probe, and that the selector matches the pods' labels

## storage: the pods' claims, unbound, failing to mount or full.
finding-pvc-unbound = PVC { $claim } in { $namespace } is { $phase }{ $pods ->
    [0] {""}
    [one] : 1 pod cannot start
   *[other] : { $pods } pods cannot start
}
finding-pvc-mount = PVC { $claim }{ $size ->
    [none] {""}
   *[other] {" "}({ $size })
} in { $namespace } fails to mount on { $pods } { $pods ->
    [one] pod
   *[other] pods
}
finding-volume-full = Volume { $claim }{ $size ->
    [none] {""}
   *[other] {" "}({ $size })
} in { $namespace } is full: { $mount ->
    [0] {""}
    [one] FailedMount "No space left on device" on 1 pod
   *[other] FailedMount "No space left on device" on { $mount } pods
}{ $app ->
    [none] {""}
   *[other] { $mount ->
        [0] {""}
       *[other] ;{" "}
    }{ $app } writes fail
}
finding-volume-mount = { $kind ->
    [pvc] PVC
   *[volume] Volume
} { $name } in { $namespace } fails to mount on { $pods } { $pods ->
    [one] pod
   *[other] pods
}{ $full ->
    [yes] : no space left on device
   *[no] {""}
}
pvc-detail = PVC { $claim }: phase { $phase }, capacity { $capacity ->
    [none] unknown
   *[other] { $capacity }
}, storage class { $class ->
    [none] default
   *[other] { $class }
}.
pvc-mounted-by = It is mounted by { $pods } { $pods ->
    [one] pod
   *[other] pods
} of { $workloads }.
mount-events = { $total } FailedMount events on { $pods } { $pods ->
    [one] pod
   *[other] pods
}{ $last ->
    [yes] , last { $when }
   *[no] {""}
}: { $message }.
no-space-logged = { $pod } logged: { $line }
pvc-unbound-fix = See why it does not bind (no matching PV, StorageClass or quota): kubectl describe pvc { $claim } -n { $namespace }
pvc-mount-fix = Read the mount error: { $command }; check the CSI driver's pods
volume-full-fix = Expand the PVC to { $size ->
    [none] a larger size
   *[other] { $size }
}: { $command } (its StorageClass needs allowVolumeExpansion: true), or free space{ $dir ->
    [none] {""}
   *[other] {" "}(old files under { $dir })
}
volume-mount-fix = Read the mount error: kubectl describe pod { $pod } -n { $namespace }

## logs: known failures in the containers' logs.
logs-where = { $which ->
    [previous-one] the previous log
    [previous-many] the previous logs
    [current-one] the log
   *[current-many] the logs
} of { $workloads }
finding-log = { $pattern ->
    [oom] java.lang.OutOfMemoryError{ $detail ->
        [none] {""}
       *[other] : { $detail }
    }
    [nospace] No space left on device{ $detail ->
        [none] {""}
       *[other] {" "}writing { $detail }
    }
    [dns] { $detail ->
        [none] Name lookups failed
       *[other] Name lookup of { $detail } failed (UnknownHostException)
    }
    [refused] Connection refused
    [timeout] Connections timed out
   *[startup] Start-up failed ("Application run failed")
} in { $of }
finding-log-hit = { $namespace }/{ $pod } ({ $container }{ $previous ->
    [yes] , previous instance
   *[no] {""}
}): { $line }.
finding-log-started = It had started in { $seconds } before that.
finding-log-startup-note = The exception logged with it is the cause; see the other log findings.
finding-log-fix-oom = Size the heap from the container limit: add -XX:MaxRAMPercentage=80 to JAVA_TOOL_OPTIONS, raise the memory limit if the heap needs more, and add -XX:+HeapDumpOnOutOfMemoryError to find what fills it
finding-log-fix-oom-dump = Find what fills the heap: add -XX:+HeapDumpOnOutOfMemoryError to JAVA_TOOL_OPTIONS and read the dump the next OutOfMemoryError writes
finding-log-fix-oom-sized = The heap's size is set (-Xmx or -XX:MaxRAMPercentage) and it still ran out: add -XX:+HeapDumpOnOutOfMemoryError to find what fills it, and if the heap needs more, raise its size and the memory limit together
finding-log-fix-nospace = Free or grow the volume behind { $dir }: { $command }
finding-log-fix-dns = Test the lookup from the namespace: { $command }; check NetworkPolicies for DNS egress (UDP/TCP 53)
finding-log-fix-connection = Check that the target Service has ready endpoints ({ $command }) and that no NetworkPolicy blocks the port

## log_errors: a ready pod whose current log is mostly errors.
finding-log-errors = { $pod } ({ $container }) is ready but its current log is mostly errors: { $errors } of { $lines } lines{ $http ->
    [0] {""}
   *[other] , HTTP 5xx ×{ $http }
}
finding-log-errors-latest = Latest error: { $line }
finding-log-errors-fix = The pod serves errors while its readiness probe passes: read them ({ $command }) and make the readiness probe check what fails

## crash_cause: the exception a crashed container's previous instance logged last.
finding-crash-cause = { $pod } ({ $container }) last crashed with: { $cause }
finding-crash-cause-detail = The previous instance of container { $container } in { $namespace }/{ $pod } logged this exception last before it exited.
finding-crash-cause-fix = Fix what the exception names, then watch the next start: { $command }

## probes: liveness probes that kill containers before the app has started.
finding-probe-startup = { $workload } startupProbe gives up after { $limit } but the app needs { $start } to start
finding-probe-early = { $workload } liveness probe starts at { $delay } but the app needs { $start } to start, and there is no startupProbe
finding-probe-failing = { $workload } liveness probe failed ×{ $unhealthy }{ $killed ->
    [0] {""}
   *[other] {" "}and killed containers ×{ $killed }
} (initialDelaySeconds { $delay }, no startupProbe)
probe-detail = Container { $container }: livenessProbe { $handler ->
    [none] no handler
   *[other] { $handler }
}, initialDelaySeconds { $delay }, periodSeconds { $period }, failureThreshold { $threshold }, timeoutSeconds { $timeout }. After the delay, { $threshold } failures × { $period } = { $window } of failures kill the container: the first kill can come { $kill } after it starts.
probe-detail-started = The app's own log says it started in { $start } ("{ $line }").
probe-detail-kills-early = So the probe kills the container before it finishes starting, every time.
probe-detail-events = Events: liveness failed ×{ $unhealthy }{ $killed ->
    [0] , no container killed for it yet.
   *[other] , container killed for it ×{ $killed }.
}
probe-fix =
    Add a startupProbe to container { $container } (covers { $covers } ≥ 1.5 × the start-up time):
    startupProbe:
    { $handler ->
        [yaml] { $yaml }
        [none] {"  "}# same handler as the livenessProbe (no handler)
       *[other] {"  "}# same handler as the livenessProbe ({ $handler })
    }
    {"  "}periodSeconds: { $period }
    {"  "}failureThreshold: { $threshold }
    or set livenessProbe.initialDelaySeconds: { $need }. Then relax the liveness probe: periodSeconds: 10, failureThreshold: 5.

## resources: memory use near the limit, JVM heaps not sized from the limit.
finding-memory-near = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} at { $percent }% or more of the { $limit } memory limit (max { $max }%)
finding-jvm-unsized = { $workload } runs a JVM without -XX:MaxRAMPercentage under a { $limit } memory limit
memory-near-detail = Memory use from metrics.k8s.io against the pods' limits in { $namespace }: the next allocation peak gets them OOMKilled.
memory-near-fix = Raise the memory limit of { $workload } to { $limit } or find what holds the memory (heap dump / profiler) before it is OOMKilled
jvm-unsized-detail = Container { $container } of { $workload } ({ $pods } { $pods ->
    [one] pod
   *[other] pods
}) runs a JVM ("{ $jvm }") with a { $limit } memory limit, but no JAVA_TOOL_OPTIONS, JAVA_OPTS, command or args set -XX:MaxRAMPercentage or -Xmx. The heap then gets the JVM's default share, 25% of the limit ({ $heap ->
    [none] a quarter of the limit
   *[other] { $heap }
}), instead of a budget chosen to fit the limit.
jvm-ran-out = This workload ran out of memory: { $how ->
    [heap] java.lang.OutOfMemoryError in its log.
    [oom] OOMKilled (exit 137).
   *[both] java.lang.OutOfMemoryError in its log; OOMKilled (exit 137).
}
jvm-unsized-fix = Set JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage={ $percent } on container { $container } (heap ≈ { $heap ->
    [none] { $percent }% of the limit
   *[other] { $heap }
} of the { $limit } limit, the rest for metaspace, threads and buffers); raise the limit too if the heap needs more

## replicas: Deployments and StatefulSets short of the replicas they want.
finding-replicas = { $kind } { $name }: { $good } of { $desired } replicas { $kind ->
    [Deployment] available
   *[other] ready
}{ $state ->
    [create-failing] , pods are not being created
    [missing] {" "}({ $current } pods exist)
   *[created] {""}
}
replicas-detail = { $kind } { $namespace }/{ $name } wants { $desired } replicas; { $current } exist and { $good } are { $kind ->
    [Deployment] available
   *[other] ready
}.
replicas-condition = { $type }: { $reason } — { $message }.
replicas-create-fix = The controller cannot create pods (quota, admission webhook, PodSecurity or a missing ServiceAccount): read the message above and { $command }; the ReplicaSet's FailedCreate events say which
replicas-fix = Fix why the pods are not { $kind ->
    [Deployment] available
   *[other] ready
} (the pod findings say which state they are in): { $command }

## changes: recent rollouts and rollouts stuck past their progress deadline.
before-snapshot = { $unit ->
    [just] just before the snapshot
    [min] { $count } min before the snapshot
    [h] { $count } h before the snapshot
   *[days] { $count } days before the snapshot
}
finding-rollout = { $workload } rolled out revision { $revision }{ $dated ->
    [yes] {" "}{ $when }
   *[no] {""}
}{ $changed ->
    [0] {""}
   *[other] : image { $images }
}{ $caused ->
    [yes] {" "}(change-cause: { $cause })
   *[no] {""}
}
finding-rollout-stalled = { $workload } rollout stalled (ProgressDeadlineExceeded): { $available } of { $replicas } replicas available

## hpa: HorizontalPodAutoscalers with no scale target, unreadable metrics, no requests to compute utilization from, or pinned at maxReplicas.
finding-hpa-no-target = HPA { $hpa } scales { $kind } { $target }, which does not exist in { $namespace }
finding-hpa-no-target-detail = scaleTargetRef names { $kind }/{ $target } (apiVersion { $api }); nothing of that kind and name exists, so nothing is autoscaled.
finding-hpa-no-target-fix = Correct scaleTargetRef of HPA { $hpa } (kubectl get deployments,statefulsets -n { $namespace }) or delete the HPA
finding-hpa-inactive = HPA { $hpa } { $metrics ->
    [yes] cannot read its metrics
   *[no] cannot scale { $target }
} ({ $reason })
finding-hpa-inactive-detail = { $condition }: { $message }
finding-hpa-metrics-fix = Make the metrics available: check metrics-server (kubectl get apiservice v1beta1.metrics.k8s.io) or the custom metrics adapter, and that the target's containers have requests for the resources scaled on
finding-hpa-scale-fix = Read why: kubectl describe hpa { $hpa } -n { $namespace }
finding-hpa-no-request = HPA { $hpa } scales on { $resource } utilization but { $kind } { $target } sets no { $resource } request
finding-hpa-no-request-detail = Utilization is usage divided by the request; a container without a { $resource } request makes the HPA unable to compute it.
finding-hpa-no-request-fix = Set resources.requests.{ $resource } on every container of { $kind } { $target }
finding-hpa-pinned = HPA { $hpa } is pinned at maxReplicas { $max }: the load asks for more
finding-hpa-pinned-detail = { $current } of at most { $max } replicas run and the HPA wants { $desired }; until the limit rises every extra request lands on the same pods.
finding-hpa-pinned-fix = Raise maxReplicas ({ $command }) if the cluster has room, or find why load rose

## ingress: Ingresses whose backend Services or IngressClass do not exist.
finding-ingress-no-backend = Ingress { $ingress } routes to { $count ->
    [one] Service
   *[other] Services
} { $services }, which { $count ->
    [one] does
   *[other] do
} not exist in { $namespace }
finding-ingress-no-backend-detail = Requests to { $routes } get 503 from the ingress controller: the backend is missing.
finding-ingress-no-backend-fix = Create the Service or correct backend.service.name in Ingress { $ingress }: kubectl get services -n { $namespace }
finding-ingress-no-class = Ingress { $ingress } asks for IngressClass { $class }, which does not exist: no controller serves it
finding-ingress-no-class-detail = Ingress { $ingress } names class { $class }; the cluster has no IngressClass of that name, so no ingress controller picks the Ingress up and its routes are not served.
finding-ingress-no-class-fix = Set spec.ingressClassName of { $ingress } to an existing class (kubectl get ingressclass), or install the controller for { $class }

## jobs: Jobs that failed, keep retrying or are suspended; CronJobs suspended or with a schedule that does not parse.
job-name = Job { $job }{ $owned ->
    [yes] {" "}(of CronJob { $cronjob })
   *[no] {""}
}
finding-job-failed = { $job } failed ({ $reason })
finding-job-failed-detail = { $told ->
    [yes] { $message }
   *[no] the Job failed
}; { $pods } { $pods ->
    [one] pod
   *[other] pods
} failed.
finding-job-failed-fix = Read why its pods failed ({ $logs }); fix and re-run: { $retry }
finding-job-suspended = { $job } is suspended: its pods do not run
finding-job-suspended-detail = spec.suspend is true; no pods are created until it is resumed.
finding-job-resume-fix = Resume it if it should run: { $command }
finding-job-retrying = { $job } is retrying: { $failed } of at most { $limit } pod failures
finding-job-retrying-detail = The Job has not completed; { $failed } { $failed ->
    [one] pod
   *[other] pods
} failed so far and it fails for good after { $limit }.
finding-job-retrying-fix = Read why its pods fail before the backoff limit is reached: { $logs }
finding-cronjob-suspended = CronJob { $cronjob } is suspended: no Jobs run on its schedule { $schedule }
finding-cronjob-suspended-detail = spec.suspend is true; last scheduled { $scheduled ->
    [yes] { $last }
   *[no] never
}.
finding-cronjob-schedule = CronJob { $cronjob } has a schedule that does not parse: { $schedule }
finding-cronjob-schedule-detail = The schedule is not a five-field cron line or a @ shorthand, so no Job is created.
finding-cronjob-schedule-fix = Fix spec.schedule of CronJob { $cronjob } (five fields: minute hour day month weekday)

## pdb: PodDisruptionBudgets that select no pods or allow no disruption.
pdb-selector = { $selector ->
    [none] <none>
    [all] {"{}"} (every pod)
   *[labels] { $labels }
}
finding-pdb-no-pods = PodDisruptionBudget { $pdb } selects no pods: it protects nothing
finding-pdb-no-pods-detail = Selector { $selector } matches no pod in { $namespace }; the budget does not guard the workload it was written for.
finding-pdb-no-pods-fix = Correct the selector of PodDisruptionBudget { $pdb } to the workload's pod labels (kubectl get pods -n { $namespace } --show-labels)
finding-pdb-blocking = PodDisruptionBudget { $pdb } allows no disruption: drains and evictions of its { $pods } { $pods ->
    [one] pod
   *[other] pods
} are refused
finding-pdb-blocking-detail = { $current } of { $pods } pods are healthy and the budget needs { $desired }; kubectl drain and the cluster autoscaler wait on these pods until more are healthy or the budget is relaxed.
finding-pdb-blocking-fix = Make more pods healthy, or relax the budget (lower minAvailable or raise maxUnavailable of { $pdb }) so that at least one pod may be evicted

## daemonset: DaemonSets with nodes lacking their pod, pods not ready or pods on nodes they should not run on.
finding-daemonset = DaemonSet { $daemonset }: { $problems }
daemonset-unready = { $ready } of { $desired } pods ready
daemonset-unscheduled = { $nodes } { $nodes ->
    [one] node
   *[other] nodes
} without its pod
daemonset-misscheduled = { $pods } { $pods ->
    [one] pod
   *[other] pods
} on nodes it should not run on
finding-daemonset-detail = DaemonSet { $namespace }/{ $daemonset } should run on { $desired } { $desired ->
    [one] node
   *[other] nodes
}: { $scheduled } scheduled, { $ready } ready, { $misscheduled } misscheduled.
finding-daemonset-unscheduled-fix = Some nodes cannot take the pod (taints without tolerations, no room, node selector): kubectl describe daemonset { $daemonset } -n { $namespace } and the pods' FailedScheduling reasons
finding-daemonset-unready-fix = Read why the pods are not ready: { $command }, then their logs
finding-daemonset-misscheduled-fix = The pods' node selector or tolerations no longer match their nodes: check the nodes' labels and taints against DaemonSet { $daemonset }

## statefulset: StatefulSets whose governing Service or StorageClass does not exist.
finding-statefulset-no-service = StatefulSet { $statefulset }'s governing Service { $service } does not exist: its pods get no stable DNS names
finding-statefulset-no-service-detail = spec.serviceName is { $service }, but namespace { $namespace } has no such Service, so { $statefulset }-0.{ $service }.{ $namespace }.svc does not resolve and peers cannot find each other.
finding-statefulset-no-service-fix = Create the headless Service: kubectl create service clusterip { $service } -n { $namespace } --clusterip=None (with the StatefulSet's pod labels as selector)
finding-statefulset-no-class = StatefulSet { $statefulset }'s volume claim { $template } asks for StorageClass { $class }, which does not exist
finding-statefulset-no-class-detail = New pods of { $statefulset } need a claim from template { $template }; with no StorageClass { $class } it stays Pending and so do the pods.
finding-statefulset-no-class-fix = Use an existing class (kubectl get storageclass) in the volumeClaimTemplate of { $statefulset }, or create { $class }
## volumes: claims that cannot bind or lost their volume, volumes Released or Failed.
finding-pvc-missing-class = PVC { $claim } asks for StorageClass { $class }, which does not exist: it cannot bind
pvc-missing-class-detail = Claim { $namespace }/{ $claim } stays { $phase } until class { $class } exists.
pvc-missing-class-fix = Use an existing class (kubectl get storageclass) or create { $class }; the claim's class cannot be changed, so recreate the claim
finding-pvc-lost = PVC { $claim } is Lost: its PersistentVolume is gone
pvc-lost-detail = Claim { $namespace }/{ $claim } was bound to a volume that no longer exists; pods that mount it cannot start.
pvc-lost-fix = Restore the volume from backup or recreate the claim: kubectl describe pvc { $claim } -n { $namespace }
finding-pvc-pending = PVC { $claim } is Pending: no volume was provisioned or bound
pvc-pending-detail = Claim { $namespace }/{ $claim } (StorageClass { $class ->
    [none] <default>
   *[other] { $class }
}) has no volume.
pvc-pending-fix = See why provisioning fails (ProvisioningFailed events, the provisioner's pods): kubectl describe pvc { $claim } -n { $namespace }
finding-pv-released = PersistentVolume { $volume } is Released: its claim { $claim } was deleted and no new claim can bind it
pv-released-fix = If the data is still needed, clear the claimRef to reuse it ({ $command }); otherwise delete the volume
finding-pv-failed = PersistentVolume { $volume } Failed to reclaim: { $known ->
    [yes] { $message }
   *[no] see its events
}
pv-failed-fix = Reclaiming the volume failed (reclaim policy { $policy }): kubectl describe pv { $volume }, then clean it up by hand
pv-detail = Volume { $volume } (claim { $claim }) is { $phase }, reclaim policy { $policy }.

## pod_state: pods that cannot run (image pulls, missing config, scheduling, evictions).
finding-pod-pull = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} cannot pull image { $image ->
    [none] its image
   *[other] { $image }
} ({ $reason }){ $refused ->
    [yes] : the registry refused access and no imagePullSecret is set
   *[no] {""}
}
finding-pod-config = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} cannot create containers (CreateContainerConfigError): { $message }
finding-pod-start = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} cannot start container { $container } ({ $reason }){ $said ->
    [yes] : { $message }
   *[no] {""}
}
finding-pod-creating = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} stuck in ContainerCreating{ $age ->
    [min] {" "}for { $count } min
    [h] {" "}for { $count } h
   *[none] {""}
}
finding-pod-unschedulable = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} cannot be scheduled: { $message }
finding-pod-gated = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} held back by scheduling gates{ $gated ->
    [yes] {" "}{ $gates }
   *[no] {""}
}
finding-pod-pending = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} Pending{ $age ->
    [min] {" "}for { $count } min
    [h] {" "}for { $count } h
   *[none] {""}
} without being scheduled
finding-pod-evicted = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} { $reason ->
    [Evicted] evicted
   *[other] Failed ({ $reason })
}{ $said ->
    [yes] : { $message }
   *[no] {""}
}
pod-trouble = { $pod }{ $named ->
    [yes] {" "}(container { $container })
   *[no] {""}
}: { $reason }{ $said ->
    [yes] {" "}— { $message }
   *[no] {""}
}
pod-trouble-more = … and { $count } more pods
pod-pull-auth-fix = Give the pods registry credentials: { $command }, then add imagePullSecrets: [{"{"}name: regcred{"}"}] to the pod template of { $workload } (or to its ServiceAccount)
pod-pull-secret-fix = The registry refused the pull secret { $secrets }: check it holds valid credentials for this registry (warroom does not read Secrets): kubectl get secret { $secret } -n { $namespace }
pod-pull-fix = Check that { $image ->
    [none] its image
   *[other] { $image }
} exists (repository and tag) and that the nodes reach the registry; then fix the image in the pod template of { $workload } ({ $describe } shows the pull error)
pod-config-secret-fix = Create Secret { $name } in { $namespace } or fix the reference in the pod template of { $workload } (warroom does not read Secrets): kubectl get secret { $name } -n { $namespace }
pod-config-object-fix = Create { $kind } { $name } in { $namespace } or fix the reference in the pod template of { $workload }: { $command }
pod-config-fix = Fix the ConfigMap/Secret reference the message names ({ $describe })
pod-hook-fix = Fix the container's lifecycle hook (it fails, so the kubelet kills the container): { $describe }
pod-start-fix = Fix the container's command, mounts or security context: { $describe }
pod-creating-fix = Volumes or pod networking are not ready: { $describe } (look for FailedMount, FailedAttachVolume or FailedCreatePodSandBox)
pod-unschedulable-fix = No node fits: lower the pods' requests, relax nodeSelector, affinity or tolerations, or add nodes (the message says which constraint fails)
pod-gated-fix = The pods are not scheduled until every gate is removed: find the controller that owns the gate and why it has not lifted it ({ $command })
pod-pending-fix = The scheduler has not placed the pods: check spec.schedulerName and that the scheduler runs (kubectl get pods -n kube-system -l component=kube-scheduler); { $describe }
pod-evicted-fix = The node ran short of a resource and evicted the pods: set requests to real usage and relieve the node (node findings); the Failed pods stay until deleted (kubectl get pods -n { $namespace } --field-selector=status.phase=Failed)
## idle_policies: NetworkPolicies whose podSelector matches no pod.
finding-policy-idle = NetworkPolicy { $policy } selects no pods in { $namespace }: its rules apply to nothing
policy-idle-detail = It selects { $selected }, and no pod of { $namespace } has those labels. The pods it was written for are not isolated by it, and if it was meant to allow traffic to pods that another policy isolates, that traffic is still denied.
fix-policy-idle = Correct the podSelector of NetworkPolicy { $policy } to the labels of the pods it is meant for (kubectl get pods -n { $namespace } --show-labels), or delete it if those pods are gone

## node_conditions: NetworkUnavailable and node-problem-detector conditions on the pods' nodes.
finding-node-condition = { $condition } on { $nodes }{ $pods ->
    [0] {""}
    [one] : 1 pod of this triage runs there
   *[other] : { $pods } pods of this triage run there
}
node-condition-true = { $node }: { $condition }=True{ $reason ->
    [none] {""}
   *[other] {" "}({ $reason })
}{ $said ->
    [yes] {" "}{ $message }
   *[no] {""}
}
fix-node-network = The node's pod network is not set up: check the CNI pods on it (kubectl get pods -n kube-system -o wide --field-selector spec.nodeName={ $node }) and move the pods away (kubectl cordon { $node })
fix-node-kernel = The kernel is stuck: drain and reboot the node (kubectl drain { $node } --ignore-daemonsets --delete-emptydir-data)
fix-node-readonly = The node's filesystem went read-only: drain it (kubectl drain { $node } --ignore-daemonsets) and check its disk
fix-node-restarts = A node daemon keeps restarting ({ $condition }): read its journal on { $node } (journalctl -u kubelet / containerd)
fix-node-condition = Read the condition's message: kubectl describe node { $node }
finding-other-nodes = Elsewhere in the cluster: { $count } { $count ->
    [one] node
   *[other] nodes
} with trouble, running none of these pods: { $nodes }
other-nodes-detail = These nodes run none of the pods triaged here, so their trouble is not ranked as a cause; triage them on their own.
fix-other-nodes = Look at them separately: kubectl describe node { $node }

## webhooks: admission webhooks whose Service is missing or has no ready endpoints.
webhook-rules = { $operations } of { $resources }
finding-webhook-down = { $kind } webhook { $webhook } calls Service { $service }, which { $state ->
    [missing] does not exist
   *[unready] has no ready endpoints
}: { $blocks ->
    [yes] with failurePolicy Fail it blocks every matching request
   *[no] with failurePolicy Ignore its checks are skipped
} ({ $rules })
webhook-detail = { $kind }WebhookConfiguration { $config } sends { $rules } to { $service }{ $path ->
    [none] {""}
   *[other] {" "}path { $path }
}. The API server cannot reach it, so { $blocks ->
    [yes] controllers' creates fail (FailedCreate) and no new pods appear
   *[no] requests pass without the webhook's mutation or validation
}.
fix-webhook-down = Bring the webhook's backend back (kubectl get pods,endpointslices -n { $namespace }); if it is gone for good, remove the configuration: kubectl delete { $resource } { $config }
finding-rollout-detail = Deployment { $namespace }/{ $workload }: ReplicaSet { $replicaset } (revision { $revision }) created { $dated ->
    [yes] { $when }
   *[no] at an unknown time
}{ $replacing ->
    [yes] , replacing { $previous } (revision { $previous_revision })
   *[no] {""}
}. { $unavailable } of { $replicas } replicas unavailable.
finding-rollout-fix = If this revision is the cause, roll back: { $command }
finding-rollout-stalled-detail = Deployment { $namespace }/{ $workload }: { $message }
finding-rollout-stalled-deadline = Deployment { $namespace }/{ $workload }: progress deadline exceeded
finding-rollout-stalled-fix = Fix why the new pods never become ready (the findings above), or roll back: { $command }
## verdict: the headline of a triage report, from what was read, found and not checked.
verdict-subject = { $name }
verdict-subject-namespace = namespace { $namespace }
verdict-subject-all-namespaces = all namespaces
verdict-nothing-checked = Could not diagnose { $subject }: { $reason }; nothing was checked
verdict-no-conclusion = Could not diagnose { $subject }: { $reason }; no conclusion about its health is possible from what was read
verdict-not-found = Could not diagnose { $subject }: nothing of that name was found in namespace { $namespace } (no Service with a selector, no pods labelled app={ $subject } or app.kubernetes.io/name={ $subject }, no Deployment, StatefulSet, DaemonSet, Job, CronJob, Ingress or HPA { $subject }); check the name and the namespace
verdict-not-found-elsewhere = Could not diagnose { $subject }: nothing of that name was found in namespace { $namespace }, but { $count ->
    [one] namespace
   *[other] namespaces
} { $found_in } hold{ $count ->
    [one] s
   *[other] {""}
} something named { $subject }: /triage service:{ $subject } namespace:{ $first }
verdict-not-found-anywhere = Could not diagnose { $subject }: nothing of that name was found in any namespace (no Service with a selector, no pods labelled app={ $subject } or app.kubernetes.io/name={ $subject }, no Deployment, StatefulSet, DaemonSet, Job, CronJob, Ingress or HPA { $subject }); check the name
verdict-problems = { $subject }: { $problems }
verdict-clauses = { $head }; { $tail }
verdict-findings = { $critical ->
    [0] { $warning } warning { $warning ->
        [1] finding
       *[other] findings
    }
   *[other] { $warning ->
        [0] { $critical } critical { $critical ->
            [1] finding
           *[other] findings
        }
       *[other] { $critical } critical and { $warning } warning findings
    }
}
verdict-not-checked = not checked: { $gaps }
verdict-inconclusive = No problems found in what was checked; not checked: { $gaps }
verdict-gap = { $what } ({ $why })
verdict-gap-read = { $verb } { $resource } ({ $why })
verdict-does-not-exist = { $kind } { $name } does not exist
verdict-no-pods = { $kind } { $name } exists but has no pods ({ $desired } desired)
verdict-ingress-no-pods = Ingress { $name } exists but its backend Services select no pods
verdict-hpa-no-pods = HorizontalPodAutoscaler { $name } exists but its { $kind } { $target } has no pods
verdict-service-no-pods = Service { $name } exists but selects no pods
verdict-pods-unread = its pods could not be read ({ $why })
verdict-kind-unread = no pods match it, and whether a { $kind } of that name exists could not be read ({ $why })
verdict-why-not-sent = the request was not sent
verdict-why-nothing-sent = no request was sent to the API server
verdict-why-all-forbidden = every read was forbidden (403); run warroom check to see which grants are missing
verdict-why-timeout = the API server did not answer within { $secs } s
verdict-why-deadline = the triage deadline of { $secs } s passed before the API server answered
verdict-why-unreachable = the API server could not be reached
verdict-why-unauthorized = the API server rejected warroom's credentials (401)
verdict-why-forbidden = warroom may not { $verb } { $resource } (403 forbidden)
verdict-why-forbidden-in = warroom may not { $verb } { $resource } in namespace { $namespace } (403 forbidden)
verdict-why-not-served = { $resource } is not served by this API server
verdict-why-status = the API server answered { $code } to { $verb } { $resource }
verdict-why-status-in = the API server answered { $code } to { $verb } { $resource } in namespace { $namespace }
verdict-why-decode = the API server's answer to { $verb } { $resource } could not be read
verdict-why-decode-in = the API server's answer to { $verb } { $resource } in namespace { $namespace } could not be read
verdict-why-stalled = a log stream did not finish within { $secs } s
verdict-why-refused = the request was refused before it was sent
verdict-short-forbidden = forbidden
verdict-short-secrets = warroom does not read Secrets
verdict-short-out-of-scope = outside your scope
verdict-short-lookup-limit = over the lookup limit
verdict-short-stopped-answering = skipped: the API server stopped answering
verdict-short-deadline = triage deadline reached
verdict-short-deadline-of = triage deadline of { $secs } s reached
verdict-short-log-stream = log stream too slow
verdict-short-kubelet = the kubelet did not answer
verdict-short-unreachable = API server unreachable
verdict-short-credentials = credentials refused
verdict-short-unreadable = unreadable answer
verdict-short-list-cut = list cut short
verdict-short-metrics-not-served = metrics API not served
verdict-short-metrics-unavailable = metrics API unavailable
verdict-short-no-answer-within = no answer within { $secs } s
verdict-short-error = error { $code }
verdict-short-not-served = not served
verdict-short-not-found = not found
verdict-short-stalled = stream unfinished after { $secs } s
verdict-short-refused = refused before sending
verdict-summary = { $subject }: { $parts }
verdict-summary-ready = { $ready }/{ $pods } ready
verdict-summary-restarts = { $count ->
    [0] 0 restarts in { $hours } h
    [1] 1 restart in { $hours } h
   *[other] { $count } restarts, the latest within { $hours } h
}
verdict-summary-failing = { $count ->
    [0] no failing pods
    [1] 1 failing pod
   *[other] { $count } failing pods
}
verdict-summary-events = { $count ->
    [0] no warning events in { $hours } h
    [1] 1 warning event in { $hours } h
   *[other] { $count } warning events in { $hours } h
}
verdict-summary-nodes = { $ready }/{ $nodes } nodes ready

## evidence: the title of each piece of evidence (what was read, of what), under a finding or
## recorded with a watch post or an alert.
evidence-nodes-conditions = Conditions of { $count ->
    [1] 1 node
   *[other] { $count } nodes
}
evidence-node-conditions = Conditions of { $node }
evidence-node-usage = Node usage
evidence-other-nodes = Other nodes with trouble
evidence-liveness-probe = livenessProbe of { $workload } ({ $container })
evidence-start-up-time = Start-up time of { $workload }
evidence-liveness-failures = Liveness failures of { $workload }
evidence-rollout-history = Rollout history of { $deployment }
evidence-rollout-status = Rollout status of { $deployment }
evidence-network-policy = NetworkPolicy { $name }
evidence-endpoint-slices = EndpointSlices of { $service }
evidence-service = Service { $service }
evidence-log-errors = Errors in the current log of { $pod }
evidence-workload-status = Status of { $kind } { $name }
evidence-pvc = PVC { $name }
evidence-no-space-log = No space left in the log of { $pod }
evidence-events = { $reason } events
evidence-webhook = { $kind } webhook { $name }
evidence-crash-looping-pods = { $count } pods of { $workload } in CrashLoopBackOff
evidence-pods-reason = { $count } pods of { $workload } ({ $reason })
evidence-pod-status = Status of { $pod }
evidence-pod-warning-events = Warning events of these pods ({ $count })
evidence-memory-use = Memory use of { $workload }
evidence-container = Container { $container } of { $workload }
evidence-jvm-log = JVM in the log of { $pod }
evidence-last-state = Last state of { $pod }
evidence-exit-codes = Exit codes of { $count } { $workload }
evidence-describe = { $resource } { $name }
evidence-exception-log = Previous log of { $pod } around the exception
evidence-pod-log = { $which ->
    [previous] Previous
   *[current] Current
} log of { $pod } ({ $container })
evidence-watch-pods = pods of { $service }
evidence-alert-labels = alert labels: { $alert }
evidence-alert-annotations = alert annotations: { $alert }
## "Not checked" lines: what a triage could not read, and why. `$scope` is `namespace`, `all`
## or `none` (the short form, for the verdict).
nc-line = { $what }: { $why }
nc-lines = { $head }; { $tail }
nc-detail = { $what } ({ $detail })
nc-rest-of = the rest of { $what }
nc-or = { $head } or { $last }
nc-breadth = DaemonSets, Jobs, CronJobs, Ingresses, HPAs, PDBs, admission webhooks, IngressClasses and StorageClasses
nc-pods = { $scope ->
    [namespace] pods in namespace { $namespace }
    [all] pods in all namespaces
   *[none] pods
}
nc-events = { $scope ->
    [namespace] events in namespace { $namespace }
    [all] events in all namespaces
   *[none] events
}
nc-warning-events = { $scope ->
    [namespace] warning events in namespace { $namespace }
    [all] warning events in all namespaces
   *[none] warning events
}
nc-services = { $scope ->
    [namespace] services in namespace { $namespace }
    [all] services in all namespaces
   *[none] services
}
nc-endpoint-slices = { $scope ->
    [namespace] endpoint slices in namespace { $namespace }
    [all] endpoint slices in all namespaces
   *[none] endpoint slices
}
nc-deployments = { $scope ->
    [namespace] deployments in namespace { $namespace }
    [all] deployments in all namespaces
   *[none] deployments
}
nc-replica-sets = { $scope ->
    [namespace] replica sets in namespace { $namespace }
    [all] replica sets in all namespaces
   *[none] replica sets
}
nc-stateful-sets = { $scope ->
    [namespace] stateful sets in namespace { $namespace }
    [all] stateful sets in all namespaces
   *[none] stateful sets
}
nc-daemon-sets = { $scope ->
    [namespace] daemon sets in namespace { $namespace }
    [all] daemon sets in all namespaces
   *[none] daemon sets
}
nc-jobs = { $scope ->
    [namespace] jobs in namespace { $namespace }
    [all] jobs in all namespaces
   *[none] jobs
}
nc-cron-jobs = { $scope ->
    [namespace] cron jobs in namespace { $namespace }
    [all] cron jobs in all namespaces
   *[none] cron jobs
}
nc-ingresses = { $scope ->
    [namespace] ingresses in namespace { $namespace }
    [all] ingresses in all namespaces
   *[none] ingresses
}
nc-hpas = { $scope ->
    [namespace] horizontal pod autoscalers in namespace { $namespace }
    [all] horizontal pod autoscalers in all namespaces
   *[none] horizontal pod autoscalers
}
nc-pdbs = { $scope ->
    [namespace] pod disruption budgets in namespace { $namespace }
    [all] pod disruption budgets in all namespaces
   *[none] pod disruption budgets
}
nc-network-policies = { $scope ->
    [namespace] network policies in namespace { $namespace }
    [all] network policies in all namespaces
   *[none] network policies
}
nc-pvcs = { $scope ->
    [namespace] persistent volume claims in namespace { $namespace }
    [all] persistent volume claims in all namespaces
   *[none] persistent volume claims
}
nc-nodes = nodes
nc-pvs = persistent volumes
nc-ingress-classes = ingress classes
nc-storage-classes = storage classes
nc-mutating-webhooks = mutating webhook configurations
nc-validating-webhooks = validating webhook configurations
nc-object = { $scope ->
    [namespace] { $kind } { $name } in namespace { $namespace }
   *[none] { $kind } { $name }
}
nc-endpoint-slices-of = { $scope ->
    [namespace] endpoint slices of { $services } in namespace { $namespace }
   *[none] endpoint slices of { $services }
}
nc-pods-of = pods of { $name }
nc-previous-logs-of = previous logs of { $name }
nc-logs-of = logs of { $name }
nc-log-group = container { $container }; { $count } pod(s): { $group }
nc-current-log-of = current log of { $name }
nc-ready-pod-container = container { $container }; a ready pod
nc-current-log-of-ready-pod = current log of a ready pod of { $name }
nc-dependency = dependency { $namespace }/{ $name }
nc-named-by = named by { $name }
nc-service = Service { $namespace }/{ $name }
nc-webhook-service = webhook Service { $namespace }/{ $name }
nc-webhook-service-endpoint-slices = endpoint slices of webhook Service { $namespace }/{ $name }
nc-namespace-labels = labels of namespace { $namespace }
nc-admission-webhook = admission webhook { $name }
nc-policy-pods = pods selected by NetworkPolicy { $namespace }/{ $name }
nc-tls-secret = TLS Secret { $namespace }/{ $secret } of Ingress { $ingress }
nc-usage = pod and node usage
nc-node-usage = node usage
nc-why-counted-first = { $why } (counted the first { $count })
nc-why-ceiling = a triage counts at most { $max } objects of a kind; narrow it with a namespace or a workload
nc-why-skipped-timeout = skipped: the API server did not answer in time
nc-why-skipped-unauthorized = skipped: the API server rejected warroom's credentials
nc-why-skipped-unreachable = skipped: the API server is unreachable
nc-why-dependency-limit = skipped: only { $max } dependencies are looked up per triage
nc-why-policy-limit = skipped: only { $max } NetworkPolicies are checked per triage
nc-why-webhook-limit = skipped: only { $max } webhook Services are read per triage
nc-why-out-of-scope = outside your scope (policy rule #{ $rule } grants namespaces { $allowed })
nc-why-no-service = namespace { $namespace } has no Service { $name }: the host { $name }.{ $namespace } cannot resolve (check the host name in the configuration, or whether the Service was deleted)
nc-short-no-service = namespace { $namespace } has no Service { $name }
nc-why-metrics-not-served = metrics.k8s.io is not served (install metrics-server)
nc-why-metrics-unavailable = metrics.k8s.io is registered but not available (503: { $message }): check the metrics-server pods
nc-why-kubelet = the kubelet did not answer ({ $code }: { $message })
nc-why-secrets = warroom does not read Secrets; the ingress controller's events say whether it loaded the certificate
nc-why-no-ready-pod = none of its pods is ready
nc-why-namespace-labels-unread = its namespaceSelector cannot be evaluated: the labels of namespace { $namespace } could not be read
nc-short-namespace-labels-unread = namespaceSelector not evaluated
nc-why-no-pods = none found in namespace { $namespace }: no pods match { $selectors }, and there is no Deployment, StatefulSet, DaemonSet, Job, CronJob, Ingress or HPA { $name } (check the name and the namespace)
nc-short-no-pods = none found in namespace { $namespace }

## A cluster's answer, as `ClusterError` says it.
cluster-place-namespace = in namespace "{ $namespace }"
cluster-place-all-namespaces = in all namespaces
cluster-place-cluster = at the cluster scope
cluster-why-config = cluster configuration: { $detail }
cluster-why-tail = invalid tail: ask for 1 to { $max } lines (got { $got })
cluster-why-choose-container = invalid container: pod { $pod } has containers { $containers }: choose one with the container option
cluster-why-unknown = unknown cluster "{ $name }": the configured clusters are { $known }
cluster-why-pod-not-found = pod "{ $pod }" in namespace "{ $namespace }" not found: check the name (a pod's name changes when it is recreated) and the namespace; /triage lists a workload's current pods
cluster-why-forbidden = forbidden: warroom's identity may not { $verb } { $resource } { $scope } (grant get, list and watch on { $resource } to it, or ask a cluster admin); the API server said: { $message }
cluster-why-not-served = { $resource } { $scope } not found: the API server answered 404 ({ $message }): the API is not served or the object does not exist
cluster-why-unauthorized = the API server rejected warroom's credentials (401 Unauthorized): refresh the kubeconfig's token or check the ServiceAccount token
cluster-why-unreachable = cannot reach the API server at { $server }: { $reason } (check the cluster's server URL or kubeconfig, and the network path from warroom to the cluster)
cluster-why-timeout = the API server at { $server } did not answer within { $secs } s (it may be overloaded; raise request_timeout_secs for this cluster if it persists)
cluster-why-deadline = this triage's deadline of { $secs } s passed before the API server answered (raise triage_deadline_secs for this cluster, or triage a narrower target)
cluster-why-stalled = the log stream started but did not finish within { $secs } s (the kubelet or the node may be overloaded; read it with kubectl logs)
cluster-why-status = the API server answered { $code } to { $verb } { $resource } { $scope }: { $message }
cluster-why-decode = could not read the API server's answer to { $verb } { $resource } { $scope }: { $message }
