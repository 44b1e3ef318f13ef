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

## crashloop: pods waiting in CrashLoopBackOff.
finding-crashloop-one = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} in CrashLoopBackOff { $scope }
finding-crashloop-many = { $pods } { $pods ->
    [one] pod
   *[other] pods
} in CrashLoopBackOff { $scope }: { $workloads }

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

## probes: liveness probes that kill containers before the app has started.
finding-probe-startup = { $workload } startupProbe gives up after { $limit } but the app needs { $start } to start
finding-probe-early = { $workload } liveness probe starts at { $delay } but the app needs { $start } to start, and there is no startupProbe
finding-probe-failing = { $workload } liveness probe failed ×{ $unhealthy } and killed containers ×{ $killed } (initialDelaySeconds { $delay }, no startupProbe)

## resources: memory use near the limit, JVM heaps not sized from the limit.
finding-memory-near = { $pods } { $workload } { $pods ->
    [one] pod
   *[other] pods
} at { $percent }% or more of the { $limit } memory limit (max { $max }%)
finding-jvm-unsized = { $workload } runs a JVM without -XX:MaxRAMPercentage under a { $limit } memory limit

## replicas: Deployments and StatefulSets short of the replicas they want.
finding-replicas = { $kind } { $name }: { $good } of { $desired } replicas { $kind ->
    [Deployment] available
   *[other] ready
}{ $state ->
    [create-failing] , pods are not being created
    [missing] {" "}({ $current } pods exist)
   *[created] {""}
}

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
