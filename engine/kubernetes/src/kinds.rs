//! What Tollgate knows about kinds without their CRDs: which are cluster-scoped, and which are
//! files for tools rather than objects applied to a cluster. From the Kubernetes API reference
//! and the documentation of the tools named.

/// True for kinds that live outside any namespace. Unknown kinds (CRDs not listed here) are
/// treated as namespaced: their address then follows what the manifest says.
pub(crate) fn is_cluster_scoped(group: &str, kind: &str) -> bool {
    matches!(
        (group, kind),
        ("", "Namespace" | "Node" | "PersistentVolume" | "ComponentStatus")
            | ("rbac.authorization.k8s.io", "ClusterRole" | "ClusterRoleBinding")
            | (
                "storage.k8s.io",
                "StorageClass" | "CSIDriver" | "CSINode" | "VolumeAttachment" | "VolumeAttributesClass"
            )
            | ("apiextensions.k8s.io", "CustomResourceDefinition")
            | (
                "admissionregistration.k8s.io",
                "MutatingWebhookConfiguration"
                    | "ValidatingWebhookConfiguration"
                    | "ValidatingAdmissionPolicy"
                    | "ValidatingAdmissionPolicyBinding"
                    | "MutatingAdmissionPolicy"
                    | "MutatingAdmissionPolicyBinding"
            )
            | ("apiregistration.k8s.io", "APIService")
            | ("scheduling.k8s.io", "PriorityClass")
            | ("node.k8s.io", "RuntimeClass")
            | ("policy" | "extensions", "PodSecurityPolicy")
            | ("certificates.k8s.io", "CertificateSigningRequest" | "ClusterTrustBundle")
            | ("flowcontrol.apiserver.k8s.io", "FlowSchema" | "PriorityLevelConfiguration")
            | ("networking.k8s.io", "IngressClass" | "IPAddress" | "ServiceCIDR")
            | ("resource.k8s.io", "DeviceClass" | "ResourceSlice")
            | ("storagemigration.k8s.io", "StorageVersionMigration")
            | ("internal.apiserver.k8s.io", "StorageVersion")
            // Widely used CRDs whose scope is fixed by their projects.
            | ("cert-manager.io", "ClusterIssuer")
            | ("gateway.networking.k8s.io", "GatewayClass")
            | ("kyverno.io", "ClusterPolicy" | "ClusterCleanupPolicy")
            | ("wgpolicyk8s.io", "ClusterPolicyReport")
            | ("templates.gatekeeper.sh", "ConstraintTemplate")
            | ("constraints.gatekeeper.sh", _)
            | ("policy.networking.k8s.io", "AdminNetworkPolicy" | "BaselineAdminNetworkPolicy")
            | ("snapshot.storage.k8s.io", "VolumeSnapshotClass" | "VolumeSnapshotContent")
            | ("crd.projectcalico.org" | "projectcalico.org", "GlobalNetworkPolicy" | "GlobalNetworkSet")
            | ("cilium.io", "CiliumClusterwideNetworkPolicy")
            | ("karpenter.sh", "NodePool" | "NodeClaim")
    )
}

/// Why a document with `apiVersion` and `kind` is still not an object applied to a cluster, when
/// it is one of the client-side files or request-only kinds Tollgate knows.
pub(crate) fn not_a_cluster_object(group: &str, kind: &str) -> Option<String> {
    let tool = match group {
        "kustomize.config.k8s.io" => return Some(format!("kustomize {kind}: a build file, not a cluster object")),
        "" if kind == "Config" => {
            return Some("kubeconfig (kind: Config): client settings, not a cluster object".into())
        }
        "authentication.k8s.io" | "authorization.k8s.io" | "admission.k8s.io" if kind.ends_with("Review") => {
            return Some(format!("{kind} is an API request, not an object stored in the cluster"));
        }
        "kubeadm.k8s.io" => "kubeadm",
        "audit.k8s.io" => "the API server's audit policy",
        "client.authentication.k8s.io" => "a client credential plugin",
        "config.kubernetes.io" => "a kpt/kustomize function",
        "kpt.dev" => "kpt",
        "kind.x-k8s.io" => "kind (local clusters)",
        "k3d.io" => "k3d (local clusters)",
        "ctlptl.dev" => "ctlptl (local clusters)",
        "skaffold" => "Skaffold",
        "builtin" => "a kustomize built-in plugin",
        // kubelet, kube-proxy, kube-scheduler, controller manager, API server, kubectl, admission plugins.
        g if g.ends_with(".config.k8s.io") || g.ends_with(".admission.k8s.io") => "a Kubernetes component",
        _ => return None,
    };
    Some(format!("{kind} ({group}) is configuration for {tool}, not a cluster object"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_client_side_kinds() {
        assert!(is_cluster_scoped("", "Namespace"));
        assert!(is_cluster_scoped("rbac.authorization.k8s.io", "ClusterRole"));
        assert!(!is_cluster_scoped("rbac.authorization.k8s.io", "Role"));
        assert!(!is_cluster_scoped("example.com", "Namespace"));
        assert!(not_a_cluster_object("kustomize.config.k8s.io", "Kustomization").is_some());
        assert!(not_a_cluster_object("kustomize.config.k8s.io", "Component").is_some());
        assert!(not_a_cluster_object("kubelet.config.k8s.io", "KubeletConfiguration").is_some());
        assert!(not_a_cluster_object("", "Config").is_some());
        assert!(not_a_cluster_object("authorization.k8s.io", "SubjectAccessReview").is_some());
        // Flux's Kustomization is a real in-cluster object.
        assert!(not_a_cluster_object("kustomize.toolkit.fluxcd.io", "Kustomization").is_none());
        assert!(not_a_cluster_object("apps", "Deployment").is_none());
    }
}
