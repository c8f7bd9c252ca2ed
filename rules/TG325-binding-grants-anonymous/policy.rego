# METADATA
# title: RBAC binding grants a role to anonymous or to every authenticated user
# description: |
#   ## What it does
#   Flags each subject of a RoleBinding or ClusterRoleBinding that is the user
#   `system:anonymous`, the group `system:unauthenticated` or the group `system:authenticated`.
#   Bindings to the ClusterRoles Kubernetes itself grants these groups
#   (`system:public-info-viewer`, `system:discovery`, `system:basic-user`) are not flagged; a
#   namespace Role that happens to bear one of those names is.
#
#   ## Why is this bad?
#   `system:anonymous` and `system:unauthenticated` are every request that reaches the API server
#   without credentials; `system:authenticated` is every identity the cluster accepts — on EKS,
#   any IAM principal mapped into the cluster, and with some identity providers any account of
#   the provider. A role bound to them is granted to people nobody chose. The Kubernetes RBAC
#   good-practices guide warns against binding to these groups.
#
#   ## Example
#   ```yaml
#   apiVersion: rbac.authorization.k8s.io/v1
#   kind: ClusterRoleBinding
#   metadata: {name: dashboard-viewers}
#   subjects:
#     - kind: Group
#       apiGroup: rbac.authorization.k8s.io
#       name: system:authenticated
#   roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
#   ```
#
#   ## Use instead
#   Bind the role to the group that should have it:
#   ```yaml
#   subjects:
#     - kind: Group
#       apiGroup: rbac.authorization.k8s.io
#       name: platform-oncall
#   ```
# custom:
#   id: TG325
#   slug: binding-grants-anonymous
#   severity: high
#   category: least-privilege
#   resource_types: [RoleBinding, ClusterRoleBinding]
#   references: ["CWE-284", "Kubernetes documentation: Role Based Access Control Good Practices"]
package tollgate.rules.binding_grants_anonymous

import data.tollgate.lib
import rego.v1

everyone := {
	"User": {"system:anonymous": "anonymous requests"},
	"Group": {
		"system:unauthenticated": "anonymous requests",
		"system:authenticated": "every authenticated user",
	},
}

# The roles Kubernetes binds to these groups itself (API discovery, version and health).
default_public_roles := {"system:public-info-viewer", "system:discovery", "system:basic-user"}

# Only the ClusterRoles of those names: a namespace Role may take the same name.
grants_default_public_role if {
	input.values.roleRef.kind == "ClusterRole"
	input.values.roleRef.name in default_public_roles
}

deny contains result if {
	some kind in ["RoleBinding", "ClusterRoleBinding"]
	lib.is_kubernetes(input, kind)
	not grants_default_public_role
	some index, subject in object.get(input.values, "subjects", [])
	who := everyone[subject.kind][subject.name]
	result := {
		"msg": sprintf(
			"%s grants %s %s to %s (%s); bind the role to the users, groups or ServiceAccounts that need it instead.",
			[input.address, input.values.roleRef.kind, input.values.roleRef.name, who, subject.name],
		),
		"path": ["subjects", index],
	}
}
