package main

import rego.v1

is_public(svc) if svc.spec.type == "LoadBalancer"

is_public(svc) if svc.spec.type == "NodePort"

deny contains msg if {
	is_public(input)
	not input.metadata.annotations["internal"]
	msg := sprintf("service %s is public", [input.metadata.name])
}

test_public if {
	count(deny) == 1 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "NodePort"}}
}
----
apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  type: LoadBalancer
