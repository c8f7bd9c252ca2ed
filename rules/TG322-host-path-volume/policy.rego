# METADATA
# title: Pod mounts a directory of the node (hostPath volume)
# description: |
#   ## What it does
#   Flags every `hostPath` volume in the pod spec of a workload (Pod, Deployment, StatefulSet,
#   DaemonSet, ReplicaSet, ReplicationController, Job, CronJob).
#
#   ## Why is this bad?
#   A `hostPath` volume hands the container a piece of the node's file system. Depending on the
#   path that is the container runtime socket (full control of every container on the node), the
#   kubelet's credentials, other pods' volumes and Secrets under `/var/lib/kubelet`, or `/etc`
#   itself; even a read-only mount leaks credentials, and a writable one is a way out of the
#   container. The Kubernetes Pod Security Standards forbid `hostPath` volumes already at the
#   *baseline* level, and the volume documentation warns against them. Node agents that truly
#   need them (log shippers, CSI drivers) belong in namespaces exempted on purpose.
#
#   ## Example
#   ```yaml
#       spec:
#         containers:
#           - name: app
#             image: registry.example.com/ops/exporter:1.2.0
#             volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]
#         volumes:
#           - name: docker
#             hostPath: {path: /var/run/docker.sock}
#   ```
#
#   ## Use instead
#   Use an `emptyDir` for scratch space, a PersistentVolumeClaim for data, a projected volume for
#   configuration and credentials — or the Kubernetes API instead of the runtime socket:
#   ```yaml
#         volumes:
#           - name: scratch
#             emptyDir: {sizeLimit: 1Gi}
#   ```
# custom:
#   id: TG322
#   slug: host-path-volume
#   severity: high
#   category: workload
#   resource_types: [Pod, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job]
#   references: ["CWE-668", "Kubernetes Pod Security Standards: baseline (HostPath Volumes)"]
package tollgate.rules.host_path_volume

import data.tollgate.lib
import rego.v1

deny contains result if {
	spec := lib.pod_spec(input)
	some index, volume in object.get(spec, "volumes", [])
	volume.hostPath
	result := {
		"msg": sprintf(
			"%s mounts the node's %s into its pods (volume %q); use an emptyDir, a PersistentVolumeClaim or a projected volume instead, or run it in a namespace exempted for node agents.",
			[input.address, object.get(volume.hostPath, "path", "file system"), object.get(volume, "name", "")],
		),
		"path": array.concat(lib.pod_spec_path(input), ["volumes", index, "hostPath"]),
	}
}
