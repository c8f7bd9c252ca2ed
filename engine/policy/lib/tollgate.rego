# Helpers for policies that read Tollgate's resource input (`input` = one resource, the graph as
# `data.tollgate`). Loaded with every policy set as `data.tollgate.lib`:
#
#     import data.tollgate.lib
#     some bucket in lib.outgoing(input.id, "references")
package tollgate.lib

import rego.v1

# The resource with this id, shaped like an `input`.
resource(id) := data.tollgate.resources[id]

# The resources of type `type` (`aws_s3_bucket_logging`, `Deployment`), from the graph's index:
# use this rather than scanning `data.tollgate.resources`, which is every resource of the scan.
resources_of_type(type) := [data.tollgate.resources[id] | some id in data.tollgate.by_type[type]]

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

# True when `value` is Tollgate's marker of a value that cannot be known before apply (or that a
# data source reads from its provider during plan, or that rests on an unset variable or an
# unresolved module): `{"__unknown__": reason, "source": text}`, plus `"provider": name` for a
# data source's value.
is_unknown(value) if {
	is_object(value)
	value.__unknown__
}

kind_matches(_, "*") := true

kind_matches(kind, wanted) if {
	wanted != "*"
	kind == wanted
}

# --- Terraform ------------------------------------------------------------------------------

# True when `r` (an `input`, or an entry of `data.tollgate.resources`) is a Terraform managed
# resource (a `resource` block, not a data source) of type `type` (`aws_db_instance`).
is_terraform_resource(r, type) if {
	r.origin.kind == "terraform"
	r.origin.block == "resource"
	r.type == type
}

# The resources that resource `id` refers to in its attribute `attribute`
# (`vpc_security_group_ids = [aws_security_group.db.id]`: the security group).
references(id, attribute) := {r |
	some edge in data.tollgate.outgoing[id]
	edge.kind == "reference"
	edge.via == attribute
	r := data.tollgate.resources[edge.to]
}

# The resources of type `type` that refer to resource `id` in their attribute `attribute`
# (`aws_secretsmanager_secret_rotation` whose `secret_id` is the secret).
referenced_by(id, type, attribute) := {r |
	some edge in data.tollgate.incoming[id]
	edge.kind == "reference"
	edge.via == attribute
	r := data.tollgate.resources[edge.from]
	r.type == type
}

# The resources of type `type` that configure resource `id` (the provider v4+ sub-resources of an
# S3 bucket: `aws_s3_bucket_logging`, `aws_s3_bucket_versioning`, ...).
configured_by(id, type) := {r |
	some r in incoming(id, "configures")
	r.type == type
}

# "yes" when a value is `true`, "unknown" when it is unknown; undefined otherwise. (Rules that
# must tell "set to true" from "not known yet" branch on this.)
truth(value) := "yes" if value == true

truth(value) := "unknown" if is_unknown(value)

# Why an unknown value is unknown, worded as the built-in rules word it: "the value
# `aws_kms_key.main.arn` is only known after apply", "the value `data.aws_ami.web.id` is read from
# the AWS provider during plan; Tollgate does not call providers".
explain_unknown(value) := sprintf("the value `%s` %s", [object.get(value, "source", "?"), reason_phrase(value)])

reason_phrase(value) := "is only known after apply" if {
	value.__unknown__ == "after-apply"
} else := sprintf("is read from %s provider during plan; Tollgate does not call providers", [provider_title(value)]) if {
	value.__unknown__ == "read-during-plan"
} else := "comes from a variable with no value" if {
	value.__unknown__ == "unset-variable"
} else := "comes from a module that could not be read" if {
	value.__unknown__ == "unresolved-module"
} else := "reads outside the scan root; pass --allow-outside-root to allow" if {
	value.__unknown__ == "outside-scan-root"
} else := "is an expression Tollgate does not evaluate yet" if {
	value.__unknown__ == "expression"
} else := "is unknown"

provider_title(value) := "the AWS" if {
	value.provider == "aws"
} else := sprintf("the `%s`", [value.provider]) if {
	is_string(value.provider)
} else := "its"

# --- Kubernetes -----------------------------------------------------------------------------

# True when `r` is a Kubernetes object of kind `kind` (`Service`, `Deployment`).
is_kubernetes(r, kind) if {
	r.origin.kind == "kubernetes"
	r.origin.object_kind == kind
}

# Where the pod template of a workload is, as a path into its `values`.
pod_spec_path(r) := ["spec"] if is_kubernetes(r, "Pod")

pod_spec_path(r) := ["spec", "jobTemplate", "spec", "template", "spec"] if is_kubernetes(r, "CronJob")

pod_spec_path(r) := ["spec", "template", "spec"] if {
	r.origin.kind == "kubernetes"
	r.origin.object_kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}
}

# The pod spec of a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
# ReplicationController, Job, CronJob); undefined for other objects.
pod_spec(r) := spec if {
	spec := object.get(r.values, pod_spec_path(r), null)
	is_object(spec)
}

# Every container of a workload — regular, init and ephemeral — as
# `{"container": {...}, "path": [keys into values], "what": "container \"app\""}`.
containers(r) := {c |
	some field in ["containers", "initContainers", "ephemeralContainers"]
	some index, container in object.get(pod_spec(r), field, [])
	is_object(container)
	c := {
		"container": container,
		"path": array.concat(pod_spec_path(r), [field, index]),
		"what": sprintf("%s %q", [container_word[field], object.get(container, "name", sprintf("#%d", [index]))]),
	}
}

container_word := {"containers": "container", "initContainers": "init container", "ephemeralContainers": "ephemeral container"}
