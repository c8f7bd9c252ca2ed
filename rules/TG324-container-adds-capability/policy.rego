# METADATA
# title: Container adds a Linux capability beyond the baseline set
# description: |
#   ## What it does
#   Flags each entry of `securityContext.capabilities.add` — in regular, init and ephemeral
#   containers of every workload kind — that the Kubernetes Pod Security Standards *baseline*
#   level does not allow. Baseline allows adding only `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`,
#   `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`,
#   `SETUID` and `SYS_CHROOT` (the runtime's defaults); anything else, `ALL` included, is
#   flagged. Names are compared without case and without a `CAP_` prefix.
#
#   ## Why is this bad?
#   Capabilities are the pieces of root's power. `SYS_ADMIN` alone covers mounting file systems,
#   namespaces and much of the kernel's administration interface and is a well-known route out of
#   a container; `SYS_PTRACE` lets a process read other processes' memory; `NET_ADMIN` and
#   `NET_RAW` let it reconfigure or spoof the pod's network traffic; `SYS_MODULE` loads kernel
#   code. A container that adds them is one bug away from the node.
#
#   ## Example
#   ```yaml
#         containers:
#           - name: vpn
#             image: registry.example.com/net/vpn-client:5.1.0
#             securityContext:
#               capabilities:
#                 add: ["NET_ADMIN", "SYS_MODULE"]
#   ```
#
#   ## Use instead
#   Drop everything and add back only what the baseline allows (here, binding a low port):
#   ```yaml
#             securityContext:
#               capabilities:
#                 drop: ["ALL"]
#                 add: ["NET_BIND_SERVICE"]
#   ```
#   A workload that really needs more (a CNI plugin) belongs in a namespace exempted on purpose.
# custom:
#   id: TG324
#   slug: container-adds-capability
#   severity: high
#   category: workload
#   resource_types: [Pod, CronJob, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job]
#   references: ["CWE-250", "Kubernetes Pod Security Standards: baseline (Capabilities)"]
package tollgate.rules.container_adds_capability

import data.tollgate.lib
import rego.v1

baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

deny contains result if {
	some c in lib.containers(input)
	some index, capability in object.get(c.container, ["securityContext", "capabilities", "add"], [])
	is_string(capability)
	name := trim_prefix(upper(capability), "CAP_")
	not name in baseline_capabilities
	result := {
		"msg": sprintf(
			"%s: %s adds the %s capability, beyond what the Pod Security Standards baseline allows; remove it from capabilities.add (drop ALL and add back only baseline capabilities it needs).",
			[input.address, c.what, name],
		),
		"path": array.concat(c.path, ["securityContext", "capabilities", "add", index]),
	}
}
