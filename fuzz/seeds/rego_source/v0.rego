package main

deny[msg] {
	input.kind == "Pod"
	not input.spec.securityContext.runAsNonRoot
	msg := "runs as root"
}
----
apiVersion: v1
kind: Pod
metadata:
  name: root
spec:
  containers: []
