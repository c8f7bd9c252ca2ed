# METADATA
# title: Load-balanced workload can read Secrets through its ServiceAccount
# description: |
#   ## What it does
#   Follows each Service of type `LoadBalancer` to the workloads it selects, each workload to its
#   ServiceAccount, and the ServiceAccount to the RoleBindings and ClusterRoleBindings that name
#   it and the Roles and ClusterRoles they bind. It flags the Service when one of those roles lets
#   the account `get`, `list` or `watch` Secrets (resource `secrets` or `*` in the core API group
#   or `*`), without restricting the rule to named Secrets (`resourceNames`).
#
#   Only objects in the scanned files are followed: a ServiceAccount, binding or role defined
#   elsewhere is not seen.
#
#   ## Why is this bad?
#   A `LoadBalancer` Service puts the workload in front of traffic from outside the cluster;
#   it is the part of the system most likely to be compromised. Every pod of it carries its
#   ServiceAccount's token, so whoever runs code in the pod can call the API with that account.
#   With read access to Secrets they collect database passwords, API keys, TLS keys and the
#   tokens of other ServiceAccounts — often enough to take over the namespace or the cluster.
#   The Kubernetes RBAC good-practices guide singles out Secrets read access as a privilege
#   escalation path.
#
#   ## Example
#   ```yaml
#   apiVersion: rbac.authorization.k8s.io/v1
#   kind: Role
#   metadata: {name: storefront, namespace: shop}
#   rules:
#     - apiGroups: [""]
#       resources: ["secrets", "configmaps"]
#       verbs: ["get", "list"]
#   ```
#   bound to the ServiceAccount of a Deployment that a `type: LoadBalancer` Service selects.
#
#   ## Use instead
#   Mount the Secrets the workload needs as volumes or environment variables (the kubelet reads
#   them, the pod's account does not need to), and drop Secrets from the role — or, if the
#   program must read one through the API, name it:
#   ```yaml
#   rules:
#     - apiGroups: [""]
#       resources: ["configmaps"]
#       verbs: ["get", "list"]
#     - apiGroups: [""]
#       resources: ["secrets"]
#       resourceNames: ["storefront-payment-keys"]
#       verbs: ["get"]
#   ```
# custom:
#   id: TG320
#   slug: load-balancer-workload-reads-secrets
#   severity: high
#   category: least-privilege
#   resource_types: [Service]
#   references: ["CWE-522", "Kubernetes documentation: Role Based Access Control Good Practices"]
package tollgate.rules.load_balancer_workload_reads_secrets

import data.tollgate.lib
import rego.v1

read_verbs := {"get", "list", "watch", "*"}

deny contains result if {
	lib.is_kubernetes(input, "Service")
	input.values.spec.type == "LoadBalancer"
	some workload in lib.outgoing(input.id, "service-selects")
	some account in lib.outgoing(workload.id, "service-account")
	some binding in lib.incoming(account.id, "binds-subject")
	some role in lib.outgoing(binding.id, "binds-role")
	some rule in object.get(role.values, "rules", [])
	reads_secrets(rule)
	result := {
		"msg": sprintf(
			"%s exposes %s through a load balancer, and its ServiceAccount %s can read Secrets (%s grants %s %s on them); remove Secrets from that role, or name the few it needs with resourceNames.",
			[input.address, workload.address, account.address, binding.address, role.address, concat("/", sort([v | some v in rule.verbs; v in read_verbs]))],
		),
		"path": ["spec", "type"],
	}
}

reads_secrets(rule) if {
	some group in rule.apiGroups
	group in {"", "*"}
	some resource in rule.resources
	resource in {"secrets", "*"}
	some verb in rule.verbs
	verb in read_verbs
	count(object.get(rule, "resourceNames", [])) == 0
}
