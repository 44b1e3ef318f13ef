# The text drawn on the pictures: pods.png (a triage's failing pods) and timeline.png (the
# incident's course). THOUSANDS($n) writes 12345 as 12,345.

## pods.png
chart-pods-title = Failing pods · { $subject } · { $where }
chart-pods-failing = { THOUSANDS($pods) } failing { $pods ->
    [one] pod
   *[other] pods
} on { THOUSANDS($nodes) } { $nodes ->
    [one] node
   *[other] nodes
}
chart-pods-pressured = { THOUSANDS($nodes) } under pressure or not ready
chart-pods-pressured-grouped = { THOUSANDS($nodes) } under pressure or not ready ({ THOUSANDS($grouped) } of them grouped)
chart-pods-some-grouped = the busiest shown by name, the rest grouped
chart-pods-pressure-key = node under pressure
chart-pods-by-workload = by workload
chart-pods-by-reason = by reason
chart-pods-other-nodes = { $nodes } other nodes
chart-pods-not-scheduled = not scheduled
chart-pods-row-pressured = { $nodes } under pressure
chart-pods-legend = { $name } ({ THOUSANDS($pods) })
chart-pods-others = others
chart-pods-reason-liveness = liveness kill
chart-pods-reason-exit = exit { $code }
chart-pods-reason-not-ready = not ready

## timeline.png
chart-timeline-title = Incident #{ $id } · { $title } · { $severity }
chart-timeline-no-samples = no pod health samples yet: /triage service:NAME records one
chart-timeline-samples = failing pods (solid) and ready pods (dashed) per service, from { THOUSANDS($samples) } { $samples ->
    [one] sample
   *[other] samples
}
chart-timeline-hidden = { $services } more services not drawn
chart-timeline-no-counts = no pod counts to draw: only the milestones and status updates
chart-timeline-pods = pods
chart-timeline-impact = impact { $at }
chart-timeline-declared = declared { $at }
chart-timeline-mitigated = mitigated { $at }
chart-timeline-resolved = resolved { $at }
chart-timeline-service = { $service } ({ $counts } failing)
chart-timeline-status-update = status update
chart-timeline-impact-window = impact window
chart-timeline-ready-pods = ready pods (dashed)
