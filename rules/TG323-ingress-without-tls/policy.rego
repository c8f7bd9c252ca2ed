# METADATA
# title: Ingress serves its hosts without TLS
# description: |
#   ## What it does
#   Flags an Ingress (`networking.k8s.io`) that has no `spec.tls` section, and each host of its
#   `rules` that none of its `tls` entries covers.
#
#   An Ingress for the AWS Load Balancer Controller (`ingressClassName: alb`, the legacy
#   `kubernetes.io/ingress.class: alb` annotation, or an `alb.ingress.kubernetes.io/listen-ports`
#   or `certificate-arn` annotation) is judged by its ALB's listeners instead, since that
#   controller ignores TLS Secrets: the `listen-ports` annotation, or when it is absent one HTTPS
#   listener if `certificate-arn` is set and one HTTP listener otherwise. An HTTPS listener ends
#   TLS at the ALB, with the `certificate-arn` certificates or, without that annotation, the ACM
#   certificates the controller discovers for the Ingress's `tls` and rule hosts. The Ingress is
#   flagged when a listener is plain HTTP and `alb.ingress.kubernetes.io/ssl-redirect` does not
#   redirect it to HTTPS; a `listen-ports` value that is not a JSON list of listeners is
#   reported as unknown.
#
#   ## Why is this bad?
#   Without TLS the ingress controller serves the hosts over plain HTTP: credentials, session
#   cookies and personal data cross the network readable and alterable by anyone on the path,
#   and browsers mark the site as not secure. The Kubernetes Ingress documentation describes
#   securing an Ingress with a TLS Secret per host.
#
#   ## Example
#   ```yaml
#   apiVersion: networking.k8s.io/v1
#   kind: Ingress
#   metadata: {name: portal, namespace: web}
#   spec:
#     ingressClassName: nginx
#     rules:
#       - host: portal.example.com
#         http:
#           paths:
#             - {path: /, pathType: Prefix, backend: {service: {name: portal, port: {number: 80}}}}
#   ```
#
#   ## Use instead
#   ```yaml
#   spec:
#     ingressClassName: nginx
#     tls:
#       - hosts: [portal.example.com]
#         secretName: portal-tls
#     rules:
#       - host: portal.example.com
#         # ...
#   ```
#   or, behind an ALB, HTTPS listeners only (or `alb.ingress.kubernetes.io/ssl-redirect: '443'`):
#   ```yaml
#   metadata:
#     annotations:
#       alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS": 443}]'
#   spec:
#     ingressClassName: alb
#   ```
# custom:
#   id: TG323
#   slug: ingress-without-tls
#   severity: medium
#   category: encryption
#   resource_types: [Ingress]
#   references: ["CWE-319", "Kubernetes documentation: Ingress (TLS)", "AWS Load Balancer Controller: Ingress annotations (listen-ports, ssl-redirect), Certificate Discovery"]
package tollgate.rules.ingress_without_tls

import data.tollgate.lib
import rego.v1

deny contains result if {
	checked_ingress
	not alb_ingress
	count(object.get(input.values.spec, "tls", [])) == 0
	result := {
		"msg": sprintf(
			"%s serves its hosts over plain HTTP; add a spec.tls entry with the hosts and a TLS Secret (secretName), or terminate TLS at the load balancer.",
			[input.address],
		),
		"path": ["spec"],
	}
}

deny contains result if {
	checked_ingress
	not alb_ingress
	count(object.get(input.values.spec, "tls", [])) > 0
	some index, rule in object.get(input.values.spec, "rules", [])
	is_string(rule.host)
	not covered(rule.host)
	result := {
		"msg": sprintf(
			"%s serves host %s over plain HTTP: no spec.tls entry lists it; add it to the hosts of a tls entry with a certificate for it.",
			[input.address, rule.host],
		),
		"path": ["spec", "rules", index, "host"],
	}
}

# Behind an ALB without listen-ports or a certificate: the controller's default HTTP:80 listener.
deny contains result if {
	checked_ingress
	alb_ingress
	not annotations[listen_ports_key]
	not annotations[certificate_key]
	not redirected
	result := {
		"msg": sprintf(
			"%s serves its hosts over plain HTTP: without alb.ingress.kubernetes.io/listen-ports or certificate-arn its ALB listens on HTTP:80 only; set listen-ports to '[{\"HTTPS\": 443}]' (with certificate-arn, or an ACM certificate for the hosts).",
			[input.address],
		),
		"path": ["spec"],
	}
}

deny contains result if {
	checked_ingress
	alb_ingress
	some listener in listeners
	some protocol, port in listener
	protocol == "HTTP"
	not redirected
	result := {
		"msg": sprintf(
			"%s serves its hosts over plain HTTP: its ALB listens on HTTP:%v (alb.ingress.kubernetes.io/listen-ports) without redirecting to HTTPS; list only HTTPS listeners, or set alb.ingress.kubernetes.io/ssl-redirect to the HTTPS port.",
			[input.address, port],
		),
		"path": ["metadata", "annotations", listen_ports_key],
	}
}

unknown contains result if {
	checked_ingress
	alb_ingress
	raw := annotations[listen_ports_key]
	not listeners
	result := {
		"msg": sprintf(
			"%s: alb.ingress.kubernetes.io/listen-ports (%v) is not a JSON list of listeners such as '[{\"HTTPS\": 443}]', so which protocols its ALB serves is not known; fix the annotation.",
			[input.address, raw],
		),
		"path": ["metadata", "annotations", listen_ports_key],
	}
}

checked_ingress if {
	lib.is_kubernetes(input, "Ingress")
	input.origin.group == "networking.k8s.io"
}

annotations := object.get(input.values, ["metadata", "annotations"], {})

listen_ports_key := "alb.ingress.kubernetes.io/listen-ports"

certificate_key := "alb.ingress.kubernetes.io/certificate-arn"

# Handled by the AWS Load Balancer Controller, which reads its annotations and ignores TLS Secrets.
alb_ingress if input.values.spec.ingressClassName == "alb"

alb_ingress if annotations["kubernetes.io/ingress.class"] == "alb"

alb_ingress if annotations[listen_ports_key]

alb_ingress if annotations[certificate_key]

# The listeners of the listen-ports annotation (`[{"HTTP": 80}, {"HTTPS": 443}]`); undefined when
# it is not such a list.
listeners := parsed if {
	raw := annotations[listen_ports_key]
	is_string(raw)
	json.is_valid(raw)
	parsed := json.unmarshal(raw)
	is_array(parsed)
	count(parsed) > 0
	every listener in parsed {
		is_object(listener)
		every protocol, _ in listener {
			protocol in {"HTTP", "HTTPS"}
		}
	}
}

# The controller turns every HTTP listener into a redirect to this HTTPS port.
redirected if annotations["alb.ingress.kubernetes.io/ssl-redirect"]

covered(host) if {
	some entry in input.values.spec.tls
	some tls_host in object.get(entry, "hosts", [])
	host_matches(tls_host, host)
}

host_matches(pattern, host) if pattern == host

# `*.example.com` covers exactly one label in front of `example.com`.
host_matches(pattern, host) if {
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	not contains(trim_suffix(host, suffix), ".")
}
