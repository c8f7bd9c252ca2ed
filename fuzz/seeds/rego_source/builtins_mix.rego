package main

import rego.v1

deny contains msg if {
	some container in input.spec.containers
	cpu := units.parse(container.resources.limits.cpu)
	cpu > 2
	msg := sprintf("%s asks for %v CPUs", [container.name, cpu])
}

deny contains msg if {
	some container in input.spec.containers
	not regex.match(`^[a-z0-9.-]+/`, container.image)
	msg := sprintf("%s: image %s is not from a registry", [container.name, container.image])
}

deny contains msg if {
	cidrs := object.get(input.metadata.annotations, "allowed-cidrs", "")
	some cidr in split(cidrs, ",")
	net.cidr_contains("0.0.0.0/0", cidr)
	cidr == "0.0.0.0/0"
	msg := "open to the internet"
}

warn contains msg if {
	semver.compare(trim_prefix(input.metadata.labels.version, "v"), "2.0.0") < 0
	msg := "old version"
}
----
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    version: v1.4.0
  annotations:
    allowed-cidrs: 10.0.0.0/8,0.0.0.0/0
spec:
  containers:
    - name: app
      image: nginx
      resources:
        limits:
          cpu: 4
