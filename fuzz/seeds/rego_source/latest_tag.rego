package main

images contains image if {
	some container in input.spec.template.spec.containers
	image := container.image
}

deny contains msg if {
	some image in images
	endswith(image, ":latest")
	msg := sprintf("image %q uses the latest tag", [image])
}

deny contains msg if {
	some image in images
	not contains(image, ":")
	msg := sprintf("image %q has no tag", [image])
}
----
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example/api:latest
        - name: sidecar
          image: envoy
