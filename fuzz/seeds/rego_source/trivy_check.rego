# METADATA
# title: Root file system is not read-only
# custom:
#   id: USR-KSV-014
#   severity: HIGH
#   input:
#     selector:
#     - type: kubernetes
package user.kubernetes.ID014

import rego.v1

deny contains res if {
	some container in input.spec.containers
	not container.securityContext.readOnlyRootFilesystem
	res := result.new(sprintf("container %s has a writable root file system", [container.name]), container)
}
----
apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
    - name: postgres
      image: postgres:16
