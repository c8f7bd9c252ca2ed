//! Documents, spans, scalars and identities of parsed manifests.

mod support;

use support::{at, lines, load, load_ok, pos, resource};
use tollgate_model::{Number, ValueKind};

const THREE_DOCUMENTS: &str = "\
# leading comment
apiVersion: v1
kind: Namespace
metadata:
  name: payments
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: payments

# trailing comment
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  template:
    metadata:
      labels: {app: api,
        tier: web}
    spec:
      containers:
        - name: app
          image: app:1
        - name: sidecar
          image: proxy:2
          securityContext:
            privileged: true
          command:
            - |
              echo hi
              echo bye

...
";

#[test]
fn documents_span_their_first_to_last_content_line() {
    let load = load_ok("app.yaml", THREE_DOCUMENTS);
    let spans: Vec<_> = load.resources.iter().map(|r| (r.address.as_str(), lines(r.span))).collect();
    assert_eq!(
        spans,
        [
            ("Namespace/payments", (2, 5)),
            ("ServiceAccount/payments/api", (7, 11)),
            ("Deployment/payments/api", (15, 36))
        ]
    );
    let docs: Vec<_> = load.resources.iter().map(|r| r.kube().unwrap().doc_index).collect();
    assert_eq!(docs, [0, 1, 2]);
}

#[test]
fn nested_fields_have_exact_positions() {
    let load = load_ok("app.yaml", THREE_DOCUMENTS);
    let deployment = resource(&load, "Deployment/payments/api");
    let containers = at(&deployment.body, &["spec", "template", "spec", "containers"]).as_list().unwrap();
    let sidecar = &containers[1];
    assert_eq!(lines(sidecar.span), (29, 36));
    assert_eq!(sidecar.span.start, pos(29, 11));
    let security = sidecar.entry("securityContext").unwrap();
    assert_eq!(security.key_span.start, pos(31, 11));
    let privileged = security.value.entry("privileged").unwrap();
    assert_eq!(privileged.value.as_bool(), Some(true));
    assert_eq!(privileged.key_span, support_span(32, 13, 32, 22));
    assert_eq!(privileged.value.span, support_span(32, 25, 32, 28));
    // A flow mapping spans its brackets, over two lines here.
    let labels = at(&deployment.body, &["spec", "template", "metadata", "labels"]);
    assert_eq!(labels.span, support_span(23, 15, 24, 18));
    // A block scalar spans from its indicator to its last content line.
    let script = &at(sidecar, &["command"]).as_list().unwrap()[0];
    assert_eq!(script.as_str(), Some("echo hi\necho bye\n"));
    assert_eq!(script.span, support_span(34, 15, 36, 22));
}

fn support_span(l1: u32, c1: u32, l2: u32, c2: u32) -> tollgate_model::Span {
    tollgate_model::Span::new(tollgate_model::FileId(0), pos(l1, c1), pos(l2, c2))
}

#[test]
fn block_scalar_values_start_at_their_indicator() {
    let text = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: scripts}
data:
  plain: |  # a comment with > and |
    one
  folded: &f >-
    two
    three

  late:
    |
    four
  tagged: !!str |+
    five
";
    let load = load_ok("scripts.yaml", text);
    let data = at(&load.resources[0].body, &["data"]);
    let span = |key: &str| at(data, &[key]).span;
    assert_eq!(span("plain"), support_span(5, 10, 6, 7));
    assert_eq!(span("folded"), support_span(7, 14, 9, 9));
    assert_eq!(at(data, &["folded"]).as_str(), Some("two three"));
    assert_eq!(span("late"), support_span(12, 5, 13, 8));
    assert_eq!(span("tagged"), support_span(14, 17, 15, 8));
    assert_eq!(lines(data.span), (5, 15));
}

#[test]
fn identity_group_and_namespace() {
    let text = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader, namespace: ignored}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
---
apiVersion: batch/v1
kind: Job
metadata: {generateName: migrate-, namespace: ops}
";
    let load = load_ok("objects.yaml", text);
    let addresses: Vec<_> = load.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["ClusterRole/reader", "Deployment/web", "ConfigMap/default/settings", "Job/ops/migrate-"]);
    let role = resource(&load, "ClusterRole/reader").kube().unwrap();
    assert_eq!((role.group.as_str(), role.namespace.as_deref()), ("rbac.authorization.k8s.io", None));
    let web = resource(&load, "Deployment/web");
    assert_eq!((web.type_name.as_str(), web.name.as_str()), ("Deployment", "web"));
    let web = web.kube().unwrap();
    assert_eq!((web.group.as_str(), web.api_version.as_str(), web.namespace.as_deref()), ("apps", "apps/v1", None));
    let settings = resource(&load, "ConfigMap/default/settings").kube().unwrap();
    assert_eq!((settings.group.as_str(), settings.namespace.as_deref()), ("", Some("default")));
}

#[test]
fn non_objects_are_skipped_with_reasons() {
    let text = "\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deploy.yaml]
---
replicaCount: 2
image: {repository: nginx}
---
apiVersion: v1
kind: Config
clusters: []
---
apiVersion: apps/v1
kind: Deployment
spec: {}
---
name: ci
on: [push]
---
apiVersion: v2
name: chart
---
- a list
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
";
    let load = load_ok("mixed.yaml", text);
    assert!(load.resources.is_empty());
    let skipped: Vec<_> = load.skipped.iter().map(|s| (s.document, s.reason.as_str())).collect();
    assert_eq!(skipped.len(), 8, "{skipped:#?}");
    let reason = |doc: u32| skipped.iter().find(|(d, _)| *d == Some(doc)).map(|(_, r)| *r).unwrap();
    assert!(reason(0).contains("kustomize Kustomization"), "{}", reason(0));
    assert!(reason(1).contains("no apiVersion or kind"), "{}", reason(1));
    assert!(reason(2).contains("kubeconfig"), "{}", reason(2));
    assert!(reason(3).contains("without metadata.name"), "{}", reason(3));
    assert!(reason(4).contains("no apiVersion or kind"), "{}", reason(4));
    assert!(reason(5).contains("without kind"), "{}", reason(5));
    assert!(reason(6).contains("sequence"), "{}", reason(6));
    assert!(reason(7).contains("Kubernetes component"), "{}", reason(7));
    assert!(load.skipped.iter().all(|s| s.file == "mixed.yaml"));
}

/// kustomize reads `kustomization.yaml` (and `.yml`, `Kustomization`) without apiVersion and kind,
/// as overlays often write it: the skip says it is kustomize's, not a values or CI file.
#[test]
fn kustomization_files_without_type_meta_are_skipped_as_kustomize_files() {
    let overlay = "resources: [../../base]\npatches: [{path: replicas.yaml}]\n";
    for path in ["overlays/prod/kustomization.yaml", "kustomization.yml", "base/Kustomization"] {
        let load = load_ok(path, overlay);
        let reasons: Vec<&str> = load.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            ["kustomize Kustomization (".to_string()
                + path.rsplit('/').next().unwrap()
                + "): a build file, not a cluster object"],
            "{path}"
        );
    }
    let kind_only = load_ok("kustomization.yaml", "kind: Kustomization\nresources: [a.yaml]\n");
    assert!(kind_only.skipped[0].reason.starts_with("kustomize Kustomization"), "{:?}", kind_only.skipped);
    // Elsewhere the same text is just not a manifest, and a real object is still loaded.
    let other = load_ok("values.yaml", overlay);
    assert!(other.skipped[0].reason.contains("no apiVersion or kind"), "{:?}", other.skipped);
    let object = load_ok("kustomization.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    assert_eq!(object.resources.len(), 1);
}

#[test]
fn empty_documents_are_skipped_silently_but_keep_their_index() {
    let text = "---\n---\n# only a comment\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\n";
    let load = load_ok("s.yaml", text);
    assert!(load.skipped.is_empty(), "{:?}", load.skipped);
    assert_eq!(load.resources.len(), 1);
    assert_eq!(load.resources[0].kube().unwrap().doc_index, 2);
    assert_eq!(lines(load.resources[0].span), (5, 7));
    for only_markers in ["", "---\n", "---\n...\n---\n", "\n\n# nothing\n"] {
        let load = load_ok("empty.yaml", only_markers);
        assert!(load.resources.is_empty() && load.skipped.is_empty(), "{only_markers:?}");
    }
}

#[test]
fn lists_are_unpacked_item_by_item() {
    let text = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: first}
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
  - kind: Secret
  - apiVersion: v1
    kind: List
    items: []
---
apiVersion: apps/v1
kind: DeploymentList
items:
  - metadata: {name: listed}
";
    let load = load_ok("list.yaml", text);
    let found: Vec<_> =
        load.resources.iter().map(|r| (r.address.as_str(), r.kube().unwrap().doc_index, lines(r.span))).collect();
    assert_eq!(
        found,
        [
            ("ConfigMap/first", 0, (1, 3)),
            ("Service/shop/web", 1, (8, 10)),
            ("Deployment/shop/web", 1, (11, 15)),
            ("Deployment/listed", 2, (24, 24)),
        ]
    );
    let typed = resource(&load, "Deployment/listed").kube().unwrap();
    assert_eq!((typed.api_version.as_str(), typed.kind.as_str()), ("apps/v1", "Deployment"));
    let skipped: Vec<_> = load.skipped.iter().map(|s| (s.document, s.reason.as_str())).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].1.starts_with("List item 2: kind Secret without apiVersion"), "{skipped:?}");
    assert!(skipped[1].1.starts_with("List item 3: a List inside a List"), "{skipped:?}");
    assert_eq!(skipped[0].0, Some(1));
}

#[test]
fn kubernetes_yaml_1_1_scalars() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  volumes:
    - name: config
      configMap: {name: c, defaultMode: 0644}
    - name: quoted
      secret: {secretName: s, defaultMode: \"0644\"}
  containers:
    - name: c
      env:
        - {name: A, value: yes}
        - {name: B, value: Off}
        - {name: C, value: 'no'}
        - {name: D, value: 1_000}
        - {name: E, value: 0x1F}
        - {name: F, value: 1.5e3}
        - {name: G, value: ~}
        - {name: H, value: 2024-01-01}
";
    let load = load_ok("pod.yaml", text);
    let pod = resource(&load, "Pod/p");
    let volumes = at(&pod.body, &["spec", "volumes"]).as_list().unwrap();
    assert_eq!(at(&volumes[0], &["configMap", "defaultMode"]).kind, ValueKind::Number(Number::Int(420)));
    assert_eq!(at(&volumes[1], &["secret", "defaultMode"]).as_str(), Some("0644"));
    let env = at(&pod.body, &["spec", "containers"]).as_list().unwrap()[0].get("env").known().unwrap();
    let values: Vec<_> = env.items().iter().map(|e| at(e, &["value"]).kind.clone()).collect();
    assert_eq!(
        values,
        [
            ValueKind::Bool(true),
            ValueKind::Bool(false),
            ValueKind::String("no".into()),
            ValueKind::Number(Number::Int(1000)),
            ValueKind::Number(Number::Int(31)),
            ValueKind::Number(Number::Float(1500.0)),
            ValueKind::Null,
            ValueKind::String("2024-01-01".into()),
        ]
    );
}

#[test]
fn merge_keys_and_aliases() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: &labels
    app: api
    team: pay
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels:
        <<: [*labels, {extra: x, app: ignored}]
        team: last
    spec:
      containers:
        - &base {name: a, image: a:1, securityContext: {privileged: false}}
        - <<: *base
          name: b
";
    let load = load_ok("merge.yaml", text);
    let d = resource(&load, "Deployment/api");
    let selector = at(&d.body, &["spec", "selector", "matchLabels"]);
    assert_eq!(selector.to_json(), serde_json_value(r#"{"app":"api","team":"pay"}"#));
    // The alias takes the alias' position; what it copies keeps the anchored text's positions.
    assert_eq!(selector.span.start, pos(10, 18));
    assert_eq!(at(selector, &["app"]).span.start.line, 6);
    let labels = at(&d.body, &["spec", "template", "metadata", "labels"]);
    assert_eq!(labels.to_json(), serde_json_value(r#"{"app":"api","extra":"x","team":"last"}"#));
    assert_eq!(labels.entry("team").unwrap().key_span.start.line, 15);
    let containers = at(&d.body, &["spec", "template", "spec", "containers"]).as_list().unwrap();
    assert_eq!(at(&containers[1], &["name"]).as_str(), Some("b"));
    assert_eq!(at(&containers[1], &["image"]).as_str(), Some("a:1"));
    assert_eq!(at(&containers[1], &["securityContext", "privileged"]).as_bool(), Some(false));
}

fn serde_json_value(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn json_manifests_have_lines_and_escapes() {
    let text = "{\n\t\"apiVersion\": \"v1\",\n\t\"kind\":\"ConfigMap\",\n\t\"metadata\": {\"name\":\"cfg\",\"namespace\": \"ns\"},\n\t\"data\": {\n\t\t\"greeting\": \"h\\u00e9llo \\ud83d\\ude00 \\\"q\\\" \\/ \\n\",\n\t\t\"count\": \"3\"\n\t},\n\t\"binaryData\": null,\n\t\"immutable\": true,\n\t\"x\": [1, -2.5e3, {}]\n}\n";
    let load = load_ok("cfg.json", text);
    let cm = resource(&load, "ConfigMap/ns/cfg");
    assert_eq!(lines(cm.span), (1, 12));
    let greeting = cm.body.lookup(&["data", "greeting"]).known().unwrap();
    assert_eq!(greeting.as_str(), Some("h\u{e9}llo \u{1f600} \"q\" / \n"));
    assert_eq!(greeting.span.start, pos(6, 15));
    assert_eq!(at(&cm.body, &["data"]).span, support_span(5, 10, 8, 2));
    assert_eq!(at(&cm.body, &["immutable"]).as_bool(), Some(true));
    assert!(at(&cm.body, &["binaryData"]).is_null());
    assert_eq!(at(&cm.body, &["x"]).to_json(), serde_json_value("[1, -2500.0, {}]"));
    assert_eq!(at(&cm.body, &["data", "count"]).as_str(), Some("3"));
}

#[test]
fn a_broken_document_does_not_hide_the_others() {
    let text = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: before}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: broken
data: {}
---
apiVersion: v1
kind: ConfigMap
metadata:
\t name: tabbed
---
apiVersion: v1
kind: ConfigMap
metadata: {name: after}
";
    let load = load("broken.yaml", text);
    let names: Vec<_> = load.resources.iter().map(|r| (r.address.as_str(), r.kube().unwrap().doc_index)).collect();
    assert_eq!(names, [("ConfigMap/before", 0), ("ConfigMap/after", 3)]);
    assert_eq!(load.errors.len(), 2, "{:?}", load.errors);
    let first = &load.errors[0];
    assert_eq!(first.file, "broken.yaml");
    assert!((7..=8).contains(&first.line), "{first:?}");
    assert!(first.message.starts_with("invalid YAML: "), "{first:?}");
    assert!(
        first
            .message
            .ends_with("; this document was not checked (the file's other documents were): fix the YAML syntax"),
        "{first:?}"
    );
    assert_eq!((load.errors[1].line, load.errors[1].column), (13, 3), "{:?}", load.errors[1]);
    assert!(load.errors[1].message.contains("tabs"), "{:?}", load.errors[1]);
}

#[test]
fn broken_files_that_are_not_manifests_are_skipped_not_errors() {
    let tsconfig = "{\n  \"compilerOptions\": {\"lib\": [\"es2020\"}\n}\n";
    let skipped = load("tsconfig.json", tsconfig);
    assert!(skipped.errors.is_empty(), "{:?}", skipped.errors);
    assert_eq!(skipped.skipped.len(), 1);
    assert!(skipped.skipped[0].reason.starts_with("not valid JSON (line "), "{:?}", skipped.skipped);
    let manifest = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\"},}\n}";
    let failed = load("pod.json", manifest);
    assert_eq!(failed.errors.len(), 1, "{failed:?}");
    assert!(failed.errors[0].message.starts_with("invalid JSON: "));
}

#[test]
fn many_documents_load() {
    let text: String =
        (0..3000).map(|i| format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n")).collect();
    let load = load_ok("many.yaml", &text);
    assert_eq!(load.resources.len(), 3000);
    assert_eq!(lines(load.resources[2999].span), (4 * 2999 + 2, 4 * 2999 + 4));
}
