# Conftest-style Kubernetes checks (package main, input = one YAML document), used by
# benches/policy.sh to measure what user policies cost per 1,000 resources.
package main

import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "Job"}

pod_spec := input.spec.template.spec if workload_kinds[input.kind]

pod_spec := input.spec.jobTemplate.spec.template.spec if input.kind == "CronJob"

pod_spec := input.spec if input.kind == "Pod"

deny contains msg if {
	some container in pod_spec.containers
	not container.securityContext.runAsNonRoot
	not pod_spec.securityContext.runAsNonRoot
	msg := sprintf("%s %s: container %s may run as root", [input.kind, input.metadata.name, container.name])
}

deny_latest contains msg if {
	some container in pod_spec.containers
	endswith(container.image, ":latest")
	msg := sprintf("%s %s: container %s uses a :latest image", [input.kind, input.metadata.name, container.name])
}

warn_labels contains msg if {
	workload_kinds[input.kind]
	not input.metadata.labels["app.kubernetes.io/name"]
	msg := sprintf("%s %s has no app.kubernetes.io/name label", [input.kind, input.metadata.name])
}

violation_limits contains {"msg": msg, "container": container.name} if {
	some container in pod_spec.containers
	not container.resources.limits.memory
	msg := sprintf("%s %s: container %s has no memory limit", [input.kind, input.metadata.name, container.name])
}
