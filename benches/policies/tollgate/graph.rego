# Tollgate resource-mode policies (input = one resource, the graph as data.tollgate): one follows
# an edge (a workload's ServiceAccount must name its owner), one reads a Terraform value.
package tollgate.bench.graph

import data.tollgate.lib
import rego.v1

deny contains {"msg": msg, "path": ["spec", "template", "spec"]} if {
	input.type in {"Deployment", "StatefulSet", "DaemonSet"}
	some account in lib.outgoing(input.id, "service-account")
	not account.values.metadata.annotations.owner
	msg := sprintf("%s runs as %s, which has no owner annotation", [input.address, account.address])
}

warn contains {"msg": msg, "path": ["tags"]} if {
	input.origin.kind == "terraform"
	tags := input.values.tags
	not lib.is_unknown(tags)
	not tags.owner
	msg := sprintf("%s has no owner tag", [input.address])
}
