# Helpers for policies that read Tollgate's resource input (`input` = one resource, the graph as
# `data.tollgate`). Loaded with every policy set as `data.tollgate.lib`:
#
#     import data.tollgate.lib
#     some bucket in lib.outgoing(input.id, "references")
package tollgate.lib

import rego.v1

# The resource with this id, shaped like an `input`.
resource(id) := data.tollgate.resources[id]

# The resources that resource `id` links to by edges of `kind` (an edge kind, or "*" for any).
outgoing(id, kind) := {r |
	some edge in data.tollgate.outgoing[id]
	kind_matches(edge.kind, kind)
	r := data.tollgate.resources[edge.to]
}

# The resources that link to resource `id` by edges of `kind` (an edge kind, or "*" for any).
incoming(id, kind) := {r |
	some edge in data.tollgate.incoming[id]
	kind_matches(edge.kind, kind)
	r := data.tollgate.resources[edge.from]
}

# True when `value` is Tollgate's marker of a value that cannot be known before apply (or that
# rests on an unset variable or an unresolved module): `{"__unknown__": reason, "source": text}`.
is_unknown(value) if {
	is_object(value)
	value.__unknown__
}

kind_matches(_, "*") := true

kind_matches(kind, wanted) if {
	wanted != "*"
	kind == wanted
}
