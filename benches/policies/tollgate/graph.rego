# A Tollgate resource-mode policy (input = one resource, the graph as data.tollgate) that
# follows edges: every Deployment whose ServiceAccount has no role binding.
package tollgate.bench.graph

import data.tollgate.lib
import rego.v1

deny contains {"msg": msg, "path": ["spec", "template", "spec"]} if {
	input.type == "Deployment"
	some account in lib.outgoing(input.id, "*")
	account.type == "ServiceAccount"
	count(lib.incoming(account.id, "*")) == 1
	msg := sprintf("%s runs as %s, which nothing else uses", [input.address, account.address])
}

warn contains {"msg": msg, "path": ["tags"]} if {
	input.origin.kind == "terraform"
	tags := input.values.tags
	not lib.is_unknown(tags)
	not tags.owner
	msg := sprintf("%s has no owner tag", [input.address])
}
