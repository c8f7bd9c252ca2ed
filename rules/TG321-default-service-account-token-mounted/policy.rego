# METADATA
# title: Workload mounts the token of its namespace's default ServiceAccount
# description: |
#   ## What it does
#   Flags a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
#   Job, CronJob) that runs as its namespace's `default` ServiceAccount (`serviceAccountName`
#   unset or `default`) and gets that account's API token mounted: the pod spec does not set
#   `automountServiceAccountToken: false`, and neither does the `default` ServiceAccount, when
#   the scanned files define it (the rule follows the workload's `service-account` edge to it;
#   the pod's setting wins over the account's, as in Kubernetes).
#
#   ## Why is this bad?
#   The `default` ServiceAccount is shared by every pod of the namespace that names no account, so
#   nobody owns its permissions: a binding added for one workload silently extends to all the
#   others. Most applications never call the Kubernetes API, yet Kubernetes mounts a token into
#   each of their pods, where any code execution in the container can use it. The CIS Kubernetes
#   Benchmark (5.1.5, 5.1.6) asks that default ServiceAccounts are not used and that tokens are
#   mounted only where needed.
#
#   ## Example
#   ```yaml
#   apiVersion: apps/v1
#   kind: Deployment
#   metadata: {name: invoices, namespace: billing}
#   spec:
#     selector: {matchLabels: {app: invoices}}
#     template:
#       metadata: {labels: {app: invoices}}
#       spec:
#         containers:
#           - name: app
#             image: registry.example.com/billing/invoices:3.2.0
#   ```
#
#   ## Use instead
#   Turn the token off where the API is not used (in the pod spec, or once on the namespace's
#   `default` ServiceAccount), and give workloads that do use it their own ServiceAccount:
#   ```yaml
#       spec:
#         automountServiceAccountToken: false
#         containers:
#           - name: app
#             image: registry.example.com/billing/invoices:3.2.0
#   ```
# custom:
#   id: TG321
#   slug: default-service-account-token-mounted
#   severity: low
#   category: least-privilege
#   resource_types: [Pod, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job]
#   references: ["CWE-250", "CIS Kubernetes Benchmark 5.1.5, 5.1.6", "Kubernetes documentation: Configure Service Accounts for Pods"]
package tollgate.rules.default_service_account_token_mounted

import data.tollgate.lib
import rego.v1

deny contains result if {
	spec := lib.pod_spec(input)
	object.get(spec, "serviceAccountName", object.get(spec, "serviceAccount", "default")) in {"default", ""}
	# Set in the pod spec, the pod's choice wins over the account's (the second rule handles `true`).
	not "automountServiceAccountToken" in object.keys(spec)
	not default_account_disables_token
	result := {
		"msg": sprintf(
			"%s runs as the namespace's default ServiceAccount with its API token mounted; set automountServiceAccountToken: false in the pod spec (or on the default ServiceAccount), and give the workload its own ServiceAccount if it calls the Kubernetes API.",
			[input.address],
		),
		"path": lib.pod_spec_path(input),
	}
}

deny contains result if {
	spec := lib.pod_spec(input)
	object.get(spec, "serviceAccountName", object.get(spec, "serviceAccount", "default")) in {"default", ""}
	spec.automountServiceAccountToken == true
	result := {
		"msg": sprintf(
			"%s mounts the API token of the namespace's default ServiceAccount (automountServiceAccountToken: true); give the workload its own ServiceAccount with only the permissions it uses, or set it to false.",
			[input.address],
		),
		"path": array.concat(lib.pod_spec_path(input), ["automountServiceAccountToken"]),
	}
}

default_account_disables_token if {
	some account in lib.outgoing(input.id, "service-account")
	account.values.automountServiceAccountToken == false
}
