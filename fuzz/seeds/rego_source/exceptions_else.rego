package main

import rego.v1

replicas := n if {
	n := input.spec.replicas
} else := 1

deny_single_replica contains msg if {
	input.kind == "Deployment"
	replicas < 2
	msg := sprintf("%s runs %d replica", [input.metadata.name, replicas])
}

exception contains rules if {
	input.metadata.labels.tier == "batch"
	rules := ["single_replica"]
}
----
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  labels:
    tier: web
spec:
  replicas: 1
