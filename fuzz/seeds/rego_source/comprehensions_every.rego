package main

import rego.v1

required := {"app", "owner"}

deny contains msg if {
	provided := {label | some label, _ in input.metadata.labels}
	missing := required - provided
	count(missing) > 0
	msg := sprintf("missing labels: %v", [sort(missing)])
}

deny contains msg if {
	ports := [p.containerPort | some c in input.spec.containers; some p in c.ports]
	not every port in ports { port > 1024 }
	msg := sprintf("privileged ports in %v", [ports])
}
----
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 80
        - containerPort: 8443
