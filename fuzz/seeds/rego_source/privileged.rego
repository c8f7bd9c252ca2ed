package main

import rego.v1

deny contains msg if {
	some container in input.spec.containers
	container.securityContext.privileged
	msg := sprintf("container %s is privileged", [container.name])
}

warn contains "no labels" if not input.metadata.labels
----
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
