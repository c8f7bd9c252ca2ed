# METADATA
# title: Load-balanced workload can read Secrets through its ServiceAccount
# description: |
#   ## What it does
#   Follows each Service of type `LoadBalancer` to the workloads it selects, each workload to its
#   ServiceAccount, and the ServiceAccount to the RoleBindings and ClusterRoleBindings that name
#   it and the Roles and ClusterRoles they bind. It flags the Service when one of those roles lets
#   the account `get`, `list` or `watch` Secrets (resource `secrets` or `*` in the core API group
#   or `*`), without restricting the rule to named Secrets (`resourceNames`).
#   A Service is reported once, naming every binding and role rule that grants the read (and
#   not also as unknown).
#   The built-in ClusterRoles `cluster-admin`, `admin` and `edit` read Secrets (Kubernetes' user-facing
#   roles), so a binding to one of them counts when the scan defines no ClusterRole of that name.
#
#   Only objects in the scanned files are followed: a ServiceAccount, binding or role defined
#   elsewhere is not seen (except those three built-in ClusterRoles). An aggregated ClusterRole
#   (`aggregationRule`) holds the rules of the ClusterRoles its `clusterRoleSelectors` select,
#   not what it writes itself: it is judged by the selected ClusterRoles of the scan, and
#   reported as unknown when none of them reads Secrets (ClusterRoles outside the scan may
#   carry the selected labels).
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

# One finding per Service, however many workloads, bindings and rules grant the read: each grant
# is named in it (an ingress controller often reads Secrets through a Role and a ClusterRole).
deny contains result if {
	count(secret_grants) > 0
	readers := {sprintf("%s, whose ServiceAccount %s can read Secrets (%s)", [workload, account, concat("; ", sort(grants))]) |
		some grant in secret_grants
		workload := grant.workload
		account := grant.account
		grants := [g.text | some g in secret_grants; g.workload == workload; g.account == account]
	}
	result := {
		"msg": sprintf(
			"%s exposes through a load balancer %s; remove Secrets from those roles, or name the few needed with resourceNames.",
			[input.address, concat(", and ", sort(readers))],
		),
		"path": ["spec", "type"],
	}
}

# Each role rule that lets the ServiceAccount of a load-balanced workload read Secrets.
secret_grants contains {"workload": bound.workload.address, "account": bound.account.address, "text": text} if {
	some bound in bound_roles
	some held in held_rules
	held.role_id == bound.role.id
	reads_secrets(held.rule)
	text := sprintf(
		"%s grants %s%s %s on them",
		[bound.binding.address, bound.role.address, through(bound.role, held.source), concat("/", sort([v | some v in held.rule.verbs; v in read_verbs]))],
	)
}

# The built-in user-facing ClusterRoles that read Secrets, when the scan does not define its own
# of that name: `cluster-admin` holds every verb, and the Kubernetes RBAC documentation
# (User-facing roles) states that `admin` and `edit` give read access to Secrets (`view` does not).
builtin_secret_readers := {
	"cluster-admin": "every verb on every resource",
	"admin": "get/list/watch on Secrets",
	"edit": "get/list/watch on Secrets",
}

secret_grants contains {"workload": workload.address, "account": account.address, "text": text} if {
	lib.is_kubernetes(input, "Service")
	input.values.spec.type == "LoadBalancer"
	some workload in lib.outgoing(input.id, "service-selects")
	some account in lib.outgoing(workload.id, "service-account")
	some binding in lib.incoming(account.id, "binds-subject")
	count(lib.outgoing(binding.id, "binds-role")) == 0
	binding.values.roleRef.kind == "ClusterRole"
	grants := builtin_secret_readers[binding.values.roleRef.name]
	text := sprintf("%s grants the built-in ClusterRole `%s`: %s", [binding.address, binding.values.roleRef.name, grants])
}

# Aggregated ClusterRoles none of whose selected ClusterRoles of the scan reads Secrets: others,
# outside the scan, may carry their labels. One result per Service, and none when it already fails.
unknown contains result if {
	count(secret_grants) == 0
	count(doubtful_roles) > 0
	readers := {sprintf("%s, whose ServiceAccount %s is bound to the aggregated %s", [workload, account, concat(" and ", sort(roles))]) |
		some doubtful in doubtful_roles
		workload := doubtful.workload
		account := doubtful.account
		roles := [d.text | some d in doubtful_roles; d.workload == workload; d.account == account]
	}
	result := {
		"msg": sprintf(
			"%s exposes through a load balancer %s, which hold the rules of every ClusterRole their aggregationRule selects by label; ClusterRoles outside the scan may carry those labels, so whether the account can read Secrets is unknown. Make sure none of them grants get/list/watch on Secrets.",
			[input.address, concat(", and ", sort(readers))],
		),
		"path": ["spec", "type"],
	}
}

# Not named `unknown_*`: that prefix makes a rule report unknown results.
doubtful_roles contains {"workload": bound.workload.address, "account": bound.account.address, "text": text} if {
	some bound in bound_roles
	aggregated(bound.role)
	not reads_secrets_through(bound.role.id)
	text := sprintf("%s (%s)", [bound.role.address, bound.binding.address])
}

# The roles bound to the ServiceAccounts of the workloads this load-balanced Service selects.
bound_roles contains {"workload": workload, "account": account, "binding": binding, "role": role} if {
	lib.is_kubernetes(input, "Service")
	input.values.spec.type == "LoadBalancer"
	some workload in lib.outgoing(input.id, "service-selects")
	some account in lib.outgoing(workload.id, "service-account")
	some binding in lib.incoming(account.id, "binds-subject")
	some role in lib.outgoing(binding.id, "binds-role")
}

# The rules each bound role holds: its own, or, for an aggregated ClusterRole, those of the
# ClusterRoles of the scan it selects (the control plane replaces whatever it writes itself).
held_rules contains {"role_id": role.id, "source": role.address, "rule": rule} if {
	some bound in bound_roles
	role := bound.role
	not aggregated(role)
	some rule in object.get(role.values, "rules", [])
}

held_rules contains {"role_id": role.id, "source": source.address, "rule": rule} if {
	some bound in bound_roles
	role := bound.role
	aggregated(role)
	some source in lib.resources_of_type("ClusterRole")
	source.id != role.id
	selects(role, source)
	some rule in object.get(source.values, "rules", [])
}

reads_secrets_through(role_id) if {
	some held in held_rules
	held.role_id == role_id
	reads_secrets(held.rule)
}

aggregated(role) if {
	lib.is_kubernetes(role, "ClusterRole")
	object.get(role.values, "aggregationRule", null) != null
}

# A label selector of the aggregation rule matches the ClusterRole's labels.
selects(role, source) if {
	some selector in object.get(role.values, ["aggregationRule", "clusterRoleSelectors"], [])
	labels := object.get(source.values, ["metadata", "labels"], {})
	every key, value in object.get(selector, "matchLabels", {}) {
		labels[key] == value
	}
	every requirement in object.get(selector, "matchExpressions", []) {
		requirement_holds(requirement, labels)
	}
}

requirement_holds(requirement, labels) if {
	requirement.operator == "In"
	labels[requirement.key] in requirement.values
}

requirement_holds(requirement, labels) if {
	requirement.operator == "NotIn"
	not labels[requirement.key] in requirement.values
}

requirement_holds(requirement, labels) if {
	requirement.operator == "Exists"
	requirement.key in object.keys(labels)
}

requirement_holds(requirement, labels) if {
	requirement.operator == "DoesNotExist"
	not requirement.key in object.keys(labels)
}

through(role, source) := "" if source == role.address

through(role, source) := sprintf(" (through %s, which it aggregates)", [source]) if source != role.address

reads_secrets(rule) if {
	some group in rule.apiGroups
	group in {"", "*"}
	some resource in rule.resources
	resource in {"secrets", "*"}
	some verb in rule.verbs
	verb in read_verbs
	count(object.get(rule, "resourceNames", [])) == 0
}
