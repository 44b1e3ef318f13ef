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
events-fix-image = Check the image name, tag and pull secret: kubectl describe pod <pod>

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
finding-log-hit = { $namespace }/{ $pod } ({ $container }{ $previous ->
    [yes] , previous instance
   *[no] {""}
}): { $line }.
finding-log-started = It had started in { $seconds } before that.
finding-log-startup-note = The exception logged with it is the cause; see the other log findings.
finding-log-fix-oom = Size the heap from the container limit: add -XX:MaxRAMPercentage=80 to JAVA_TOOL_OPTIONS, raise the memory limit if the heap needs more, and add -XX:+HeapDumpOnOutOfMemoryError to find what fills it
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
