//! Edges between Kubernetes resources.

mod support;

use std::collections::BTreeSet;

use support::load_ok;
use tollgate_model::{EdgeKind, GraphBuilder, Origin, Resource, SourceMap, Span, TfBlock, TfOrigin, Value};

const MANIFESTS: &str = "\
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: shop}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api, tier: web}}
    spec: {serviceAccountName: api, containers: [{name: c, image: i}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: worker, namespace: shop}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: worker}}
        spec: {serviceAccount: '', containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: loose, labels: {app: api}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: api}}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: typed, namespace: shop}
spec: {selector: {app: 1}}
---
apiVersion: v1
kind: Service
metadata: {name: unnamespaced}
spec: {selector: {app: api}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: workers, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: app, operator: In, values: [worker]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-tier, namespace: shop}
spec: {podSelector: {matchLabels: {tier: web}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-selector, namespace: shop}
spec: {policyTypes: [Ingress]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: calico, namespace: shop}
spec: {selector: all()}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: admin}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: ServiceAccount, name: api}
  - {kind: User, name: default}
  - {kind: ServiceAccount, name: default, namespace: other}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admins}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects:
  - {kind: ServiceAccount, name: default, namespace: shop}
  - {kind: ServiceAccount, name: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: wrong-ref}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
";

fn edges(kind: EdgeKind) -> BTreeSet<(String, String, String)> {
    let load = load_ok("all.yaml", MANIFESTS);
    let mut builder = GraphBuilder::new(load.resources);
    tollgate_kubernetes::link(&mut builder);
    let graph = builder.build(SourceMap::new());
    graph
        .edges()
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| (graph.resource(e.from).address.clone(), graph.resource(e.to).address.clone(), e.via.clone()))
        .collect()
}

fn set(items: &[(&str, &str, &str)]) -> BTreeSet<(String, String, String)> {
    items.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
}

#[test]
fn workloads_run_as_their_service_account() {
    assert_eq!(
        edges(EdgeKind::ServiceAccount),
        set(&[
            ("Deployment/shop/api", "ServiceAccount/shop/api", "spec.template.spec.serviceAccountName"),
            (
                "CronJob/shop/worker",
                "ServiceAccount/shop/default",
                "spec.jobTemplate.spec.template.spec.serviceAccountName (unset: default)"
            ),
            // No namespace on either side: the same (unspecified) namespace.
            ("Pod/loose", "ServiceAccount/default", "spec.serviceAccountName (unset: default)"),
        ])
    );
}

#[test]
fn services_select_workloads_in_their_namespace() {
    assert_eq!(
        edges(EdgeKind::ServiceSelects),
        set(&[
            ("Service/shop/web", "Deployment/shop/api", "spec.selector"),
            ("Service/unnamespaced", "Pod/loose", "spec.selector"),
        ])
    );
}

#[test]
fn network_policies_select_workloads() {
    assert_eq!(
        edges(EdgeKind::PolicySelects),
        set(&[
            ("NetworkPolicy/shop/deny-all", "Deployment/shop/api", "spec.podSelector"),
            ("NetworkPolicy/shop/deny-all", "CronJob/shop/worker", "spec.podSelector"),
            ("NetworkPolicy/shop/workers", "CronJob/shop/worker", "spec.podSelector"),
            ("NetworkPolicy/shop/web-tier", "Deployment/shop/api", "spec.podSelector"),
        ])
    );
}

#[test]
fn namespaced_objects_point_to_their_namespace() {
    let edges = edges(EdgeKind::InNamespace);
    assert_eq!(edges.len(), 14, "{edges:#?}");
    assert!(edges.iter().all(|(_, to, via)| to == "Namespace/shop" && via == "metadata.namespace"));
    assert!(edges.iter().any(|(from, _, _)| from == "NetworkPolicy/shop/calico"));
    assert!(!edges.iter().any(|(from, _, _)| from == "Pod/loose" || from.starts_with("ClusterRole")));
}

#[test]
fn bindings_point_to_roles_and_service_accounts() {
    assert_eq!(
        edges(EdgeKind::BindsRole),
        set(&[
            ("RoleBinding/shop/read", "Role/shop/reader", "roleRef"),
            ("ClusterRoleBinding/admins", "ClusterRole/admin", "roleRef"),
        ])
    );
    assert_eq!(
        edges(EdgeKind::BindsSubject),
        set(&[
            ("RoleBinding/shop/read", "ServiceAccount/shop/api", "subjects[0]"),
            ("ClusterRoleBinding/admins", "ServiceAccount/shop/default", "subjects[0]"),
            ("ClusterRoleBinding/admins", "ServiceAccount/default", "subjects[1]"),
        ])
    );
}

#[test]
fn terraform_resources_are_left_alone() {
    let terraform = Resource {
        address: "kubernetes_namespace.shop".into(),
        type_name: "Namespace".into(),
        name: "shop".into(),
        origin: Origin::Terraform(TfOrigin {
            block: TfBlock::Resource,
            module_dir: ".".into(),
            module_path: String::new(),
            environment: None,
            root: Some(".".into()),
            call_chain: Vec::new(),
            provider: None,
        }),
        span: Span::default(),
        body: Value::null(Span::default()),
        references: Vec::new(),
    };
    let mut resources =
        load_ok("one.yaml", "{apiVersion: v1, kind: Secret, metadata: {name: s, namespace: shop}}").resources;
    resources.push(terraform);
    let mut builder = GraphBuilder::new(resources);
    tollgate_kubernetes::link(&mut builder);
    assert!(builder.build(SourceMap::new()).edges().is_empty());
}

/// One estate: a Namespace-less Service, Deployment, ServiceAccount and RoleBinding.
fn estate(namespace: &str) -> String {
    format!(
        "\
apiVersion: v1
kind: ServiceAccount
metadata: {{name: api, namespace: {namespace}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: api, namespace: {namespace}}}
spec:
  template:
    metadata: {{labels: {{app: api}}}}
    spec: {{serviceAccountName: api, containers: [{{name: c, image: i}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: api, namespace: {namespace}}}
spec: {{selector: {{app: api}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {{name: api, namespace: {namespace}}}
spec: {{podSelector: {{matchExpressions: [{{key: app, operator: Exists}}]}}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {{name: api, namespace: {namespace}}}
roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: api}}
subjects: [{{kind: ServiceAccount, name: api}}]
"
    )
}

fn edge_counts(files: &[String]) -> Vec<(EdgeKind, usize)> {
    let resources = files.iter().enumerate().flat_map(|(i, text)| load_ok(&format!("{i}.yaml"), text).resources);
    let mut builder = GraphBuilder::new(resources.collect());
    tollgate_kubernetes::link(&mut builder);
    let graph = builder.build(SourceMap::new());
    let kinds = [EdgeKind::ServiceAccount, EdgeKind::ServiceSelects, EdgeKind::PolicySelects, EdgeKind::BindsSubject];
    kinds.into_iter().map(|kind| (kind, graph.edges().iter().filter(|e| e.kind == kind).count())).collect()
}

#[test]
fn estates_in_separate_namespaces_link_only_within_their_namespace() {
    let files: Vec<String> = (0..300).map(|i| estate(&format!("team-{i}"))).collect();
    assert_eq!(
        edge_counts(&files),
        [
            (EdgeKind::ServiceAccount, 300),
            (EdgeKind::ServiceSelects, 300),
            (EdgeKind::PolicySelects, 300),
            (EdgeKind::BindsSubject, 300)
        ]
    );
}

/// Copies of one estate in one namespace share their identities: each copy may be the one
/// applied, so each links to every copy (N copies, N * N edges of each kind).
#[test]
fn copies_in_one_namespace_link_to_every_copy() {
    let files: Vec<String> = (0..40).map(|_| estate("shop")).collect();
    assert_eq!(
        edge_counts(&files),
        [
            (EdgeKind::ServiceAccount, 1600),
            (EdgeKind::ServiceSelects, 1600),
            (EdgeKind::PolicySelects, 1600),
            (EdgeKind::BindsSubject, 1600)
        ]
    );
}

/// The estate with a Namespace object, as each example of an examples repository brings it.
fn estate_with_namespace(namespace: &str) -> String {
    format!("apiVersion: v1\nkind: Namespace\nmetadata: {{name: {namespace}}}\n---\n{}", estate(namespace))
}

/// Copies of one estate that the user says are separate clusters link only within their own
/// cluster (one set of edges each); in the default cluster they would link across copies.
#[test]
fn copies_in_separate_clusters_link_only_within_their_cluster() {
    let files: Vec<String> = (0..3).map(|_| estate_with_namespace("demo")).collect();
    let load = |clusters: [Option<&str>; 3]| {
        let mut resources = Vec::new();
        for ((i, text), cluster) in files.iter().enumerate().zip(clusters) {
            for mut resource in load_ok(&format!("{i}.yaml"), text).resources {
                if let Origin::Kubernetes(origin) = &mut resource.origin {
                    origin.cluster = cluster.map(str::to_string);
                }
                resources.push(resource);
            }
        }
        let mut builder = GraphBuilder::new(resources);
        tollgate_kubernetes::link(&mut builder);
        let graph = builder.build(SourceMap::new());
        let kinds = [
            EdgeKind::InNamespace,
            EdgeKind::ServiceAccount,
            EdgeKind::ServiceSelects,
            EdgeKind::PolicySelects,
            EdgeKind::BindsSubject,
        ];
        let counts: Vec<usize> =
            kinds.iter().map(|kind| graph.edges().iter().filter(|e| e.kind == *kind).count()).collect();
        let crossing =
            graph.edges().iter().filter(|e| graph.resource(e.from).cluster() != graph.resource(e.to).cluster()).count();
        (counts, crossing)
    };
    // Five namespaced objects per estate, each pointing at its Namespace.
    assert_eq!(load([Some("examples/a"), Some("examples/b"), Some("examples/c")]), (vec![15, 3, 3, 3, 3], 0));
    // Two estates in one named cluster link with each other, the default cluster's stays apart.
    assert_eq!(load([Some("examples/a"), Some("examples/a"), None]), (vec![25, 5, 5, 5, 5], 0));
    assert_eq!(load([None, None, None]), (vec![45, 9, 9, 9, 9], 0));
}
