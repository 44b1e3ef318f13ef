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

## verdict: the headline of a triage report, from what was read, found and not checked.
verdict-subject = { $name }
verdict-subject-namespace = namespace { $namespace }
verdict-subject-all-namespaces = all namespaces
verdict-nothing-checked = Could not diagnose { $subject }: { $reason }; nothing was checked
verdict-no-conclusion = Could not diagnose { $subject }: { $reason }; no conclusion about its health is possible from what was read
verdict-not-found = Could not diagnose { $subject }: nothing of that name was found in namespace { $namespace } (no Service with a selector, no pods labelled app={ $subject } or app.kubernetes.io/name={ $subject }, no Deployment, StatefulSet, DaemonSet, Job, CronJob, Ingress or HPA { $subject }); check the name and the namespace
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
verdict-what-usage = pod and node usage
verdict-what-node-usage = node usage
verdict-what-previous-logs = previous logs of { $name }
verdict-what-current-log = current log of { $name }
verdict-what-pods = pods of { $name }
verdict-short-forbidden = forbidden
verdict-short-out-of-scope = outside your scope
verdict-short-budget = request budget used up
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
verdict-short-no-answer = no answer
verdict-short-error = error { $code }
verdict-short-not-served = not served
verdict-short-not-found = not found
verdict-short-skipped = skipped
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
