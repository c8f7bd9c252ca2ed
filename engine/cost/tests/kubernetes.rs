//! Kubernetes workloads priced from the node groups of the same graph: rates, workload lines,
//! autoscalers, DaemonSets, init containers, LimitRange defaults, quotas, configured rates and
//! Helm renders, each checked to the cent against the arithmetic written beside it.
//!
//! Prices (embedded list, us-east-1, on-demand Linux) and specs used below:
//! t3.large 2 vCPU 8 GiB $0.0832/h; r6g.large 2 vCPU 16 GiB $0.1008/h; m5.large 2 vCPU 8 GiB
//! $0.096/h; t3.xlarge 4 vCPU 16 GiB $0.1664/h.

use std::path::Path;
use tollgate_cost::{
    estimate, Amount, CostLine, CostSettings, Decimal, Estimate, KubernetesRates, Money, Price, Quantity,
};
use tollgate_load::helm::{ChartValuesSets, ValuesSet};
use tollgate_load::{load, LoadOptions};
use tollgate_load::{EnvironmentSettings, RootSettings};

fn write(root: &Path, path: &str, text: &str) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("a file has a parent")).expect("mkdir");
    std::fs::write(full, text).expect("write");
}

fn node_group(name: &str, instance_type: &str, desired: u32, max: u32) -> String {
    format!(
        "resource \"aws_eks_node_group\" \"{name}\" {{\n  cluster_name    = aws_eks_cluster.main.name\n  node_group_name \
         = \"{name}\"\n  node_role_arn   = \"arn:aws:iam::123456789012:role/nodes\"\n  subnet_ids      = [\"subnet-a\"]\n  \
         instance_types  = [\"{instance_type}\"]\n  scaling_config {{\n    desired_size = {desired}\n    max_size     = \
         {max}\n    min_size     = 1\n  }}\n}}\n"
    )
}

const CLUSTER: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n\nresource \"aws_eks_cluster\" \"main\" {\n  \
                       name     = \"shop\"\n  role_arn = \"arn:aws:iam::123456789012:role/eks\"\n  vpc_config {\n    \
                       subnet_ids = [\"subnet-a\"]\n  }\n}\n";

/// 3 x t3.large (max 6) and 2 x r6g.large (max 4): an exact fit, since the two types have
/// different vCPU:GiB ratios. 2a + 8b = 0.0832 and 2a + 16b = 0.1008 give b = 0.0176 / 8 =
/// 0.0022 per GiB-hour and a = (0.0832 - 0.0176) / 2 = 0.0328 per vCPU-hour.
fn two_node_groups(root: &Path) {
    let groups = node_group("general", "t3.large", 3, 6) + &node_group("memory", "r6g.large", 2, 4);
    write(root, "infra/main.tf", &format!("{CLUSTER}\n{groups}"));
}

const API: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\n  labels:\n    \
                   team: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: app\n          \
                   image: api:1.0\n          resources:\n            requests:\n              cpu: 500m\n              \
                   memory: 1Gi\n";

const API_HPA: &str =
    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\n  namespace: \
                       shop\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n  \
                       minReplicas: 2\n  maxReplicas: 6\n";

fn settings() -> CostSettings<'static> {
    CostSettings::default()
}

fn estimate_of(root: &Path, settings: &CostSettings<'_>) -> Estimate {
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).expect("tree loads");
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    estimate(&loaded.graph, settings)
}

fn line<'e>(estimate: &'e Estimate, address: &str) -> &'e CostLine {
    let addresses: Vec<&str> = estimate.lines.iter().map(|l| l.address.as_str()).collect();
    estimate.lines.iter().find(|l| l.address == address).unwrap_or_else(|| panic!("no line {address} in {addresses:?}"))
}

/// The line's monthly cost now and at max, rounded to the cent.
fn cents(line: &CostLine) -> (String, String) {
    let (now, missing_now) = line.monthly(false);
    let (max, missing_max) = line.monthly(true);
    assert_eq!((missing_now, missing_max), (0, 0), "{line:#?}");
    (now.to_string(), max.to_string())
}

fn d(text: &str) -> Decimal {
    text.parse().expect("a decimal")
}

fn unit_price(line: &CostLine, unit: &str) -> Decimal {
    match &line.components.iter().find(|c| c.unit == unit).expect("component").price {
        Price::Priced { usd_per_unit, .. } => *usd_per_unit,
        Price::Unpriced { reason } => panic!("unpriced: {reason}"),
    }
}

fn unpriced_reason(line: &CostLine, unit: &str) -> String {
    match &line.components.iter().find(|c| c.unit == unit).expect("component").price {
        Price::Unpriced { reason } => reason.clone(),
        Price::Priced { .. } => panic!("priced: {line:#?}"),
    }
}

fn unknown_quantity(line: &CostLine, unit: &str) -> String {
    match &line.components.iter().find(|c| c.unit == unit).expect("component").quantity {
        Quantity::Unknown { reason } => reason.clone(),
        known => panic!("known: {known:?}"),
    }
}

#[test]
fn rates_come_from_the_node_groups_and_price_each_workload() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    write(dir.path(), "k8s/api.yaml", API);
    let estimate = estimate_of(dir.path(), &settings());
    let api = line(&estimate, "Deployment/shop/api");
    assert!(api.allocated && api.kind == tollgate_cost::LineKind::Kubernetes);
    assert_eq!((unit_price(api, "vCPU-hour"), unit_price(api, "GiB-hour")), (d("0.0328"), d("0.0022")));
    // vCPU: 0.5 x 3 pods x 730 h = 1095 vCPU-hours x $0.0328 = $35.916
    // memory: 1 GiB x 3 pods x 730 h = 2190 GiB-hours x $0.0022 = $4.818; total $40.734
    assert_eq!(cents(api), ("$40.73".to_string(), "$40.73".to_string()));
    assert_eq!(api.components[0].name, "vCPU requests (500m per pod)");
    assert_eq!(api.components[1].name, "Memory requests (1Gi per pod)");
    assert_eq!(api.scope.region.as_deref(), Some("us-east-1"));
    assert_eq!(api.scope.namespace.as_deref(), Some("shop"));
    assert_eq!(api.scope.tags.get("team").map(String::as_str), Some("web"));
    assert_eq!((api.span.start.line, api.span.end.line), (1, 18));
    // Allocations are never added to the billed total.
    assert_eq!(estimate.total(|l| l.kind == tollgate_cost::LineKind::Kubernetes).lines, 0);
    let [note] = estimate.notes.as_slice() else { panic!("{:?}", estimate.notes) };
    assert!(
        note.contains("aws_eks_node_group.general (3 x t3.large), aws_eks_node_group.memory (2 x r6g.large)"),
        "{note}"
    );
    assert!(note.contains("$0.0328 per vCPU-hour and $0.0022 per GiB-hour"), "{note}");
}

#[test]
fn the_rates_reproduce_the_node_groups_price_when_all_capacity_is_requested() {
    // Three types: least squares cannot fit all three prices, so the fit is scaled to their total.
    // 3 x t3.large + 2 x r6g.large + 1 x m5.large = 12 vCPU and 3x8 + 2x16 + 8 = 64 GiB, costing
    // 3 x 0.0832 + 2 x 0.1008 + 0.096 = $0.5472/h x 730 = $399.456 a month.
    let dir = tempfile::tempdir().expect("tempdir");
    let groups = node_group("general", "t3.large", 3, 3)
        + &node_group("memory", "r6g.large", 2, 2)
        + &node_group("compute", "m5.large", 1, 1);
    write(dir.path(), "infra/main.tf", &format!("{CLUSTER}\n{groups}"));
    let everything = API.replace("replicas: 3", "replicas: 1").replace("500m", "\"12\"").replace("1Gi", "64Gi");
    write(dir.path(), "k8s/all.yaml", &everything);
    let estimate = estimate_of(dir.path(), &settings());
    assert_eq!(cents(line(&estimate, "Deployment/shop/api")).0, "$399.46");
}

#[test]
fn types_of_one_ratio_widen_the_fit_to_their_family_and_still_reproduce_the_total() {
    // t3.large (2:8) and t3.xlarge (4:16) are both 1 vCPU : 4 GiB: the fit uses the t3 rows of
    // the price list. Full capacity, 3 x 2 + 3 x 4 = 18 vCPU and 3 x 8 + 3 x 16 = 72 GiB, costs
    // 3 x 0.0832 + 3 x 0.1664 = $0.7488/h x 730 = $546.624.
    let dir = tempfile::tempdir().expect("tempdir");
    let groups = node_group("small", "t3.large", 3, 3) + &node_group("large", "t3.xlarge", 3, 3);
    write(dir.path(), "infra/main.tf", &format!("{CLUSTER}\n{groups}"));
    let everything = API.replace("replicas: 3", "replicas: 1").replace("500m", "\"18\"").replace("1Gi", "72Gi");
    write(dir.path(), "k8s/all.yaml", &everything);
    let estimate = estimate_of(dir.path(), &settings());
    assert_eq!(cents(line(&estimate, "Deployment/shop/api")).0, "$546.62");
    let [note] = estimate.notes.as_slice() else { panic!("{:?}", estimate.notes) };
    assert!(note.contains("the price list's types of the same families (t3 in us-east-1:"), "{note}");
}

#[test]
fn a_family_of_one_ratio_widens_the_fit_to_its_compute_and_memory_siblings() {
    // Every m5 type is 1 vCPU : 4 GiB, so the m5 rows cannot split a node's price either: the fit
    // takes c5 (1:2), m5 and r5 (1:8) of us-east-1. Full capacity of 2 x m5.large, 4 vCPU and
    // 16 GiB, still costs exactly 2 x 0.096 = $0.192/h x 730 = $140.16.
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "infra/main.tf", &format!("{CLUSTER}\n{}", node_group("general", "m5.large", 2, 2)));
    let everything = API.replace("replicas: 3", "replicas: 1").replace("500m", "\"4\"").replace("1Gi", "16Gi");
    write(dir.path(), "k8s/all.yaml", &everything);
    let estimate = estimate_of(dir.path(), &settings());
    assert_eq!(cents(line(&estimate, "Deployment/shop/api")).0, "$140.16");
    let [note] = estimate.notes.as_slice() else { panic!("{:?}", estimate.notes) };
    assert!(note.contains("(c5 in us-east-1:") && note.contains("r5 in us-east-1:"), "{note}");
    // Memory is cheaper per GiB than a vCPU, and both are priced.
    let (vcpu, gib) = (
        unit_price(line(&estimate, "Deployment/shop/api"), "vCPU-hour"),
        unit_price(line(&estimate, "Deployment/shop/api"), "GiB-hour"),
    );
    assert!(gib > Decimal::ZERO && vcpu > gib, "{vcpu} {gib}");
}

#[test]
fn an_autoscaler_gives_the_ceiling_and_keeps_the_count_now_within_its_bounds() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    write(dir.path(), "k8s/api.yaml", &format!("{API}---\n{API_HPA}"));
    let estimate = estimate_of(dir.path(), &settings());
    // Now: 3 replicas (within [2, 6]): $40.734 as above. At max, 6 replicas:
    // 0.5 x 6 x 730 = 2190 x 0.0328 = $71.832; 6 x 730 = 4380 x 0.0022 = $9.636; total $81.468.
    assert_eq!(cents(line(&estimate, "Deployment/shop/api")), ("$40.73".to_string(), "$81.47".to_string()));
    // 9 replicas declared: the autoscaler brings them down to its maxReplicas 6.
    write(dir.path(), "k8s/api.yaml", &format!("{}---\n{API_HPA}", API.replace("replicas: 3", "replicas: 9")));
    let estimate = estimate_of(dir.path(), &settings());
    assert_eq!(cents(line(&estimate, "Deployment/shop/api")), ("$81.47".to_string(), "$81.47".to_string()));
}

#[test]
fn a_daemon_set_runs_one_pod_per_node_of_the_node_groups() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    let agent = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\n  namespace: ops\nspec:\n  template:\n    \
                 spec:\n      containers:\n        - name: agent\n          image: agent:1\n          resources:\n            \
                 requests:\n              cpu: 100m\n              memory: 200Mi\n";
    write(dir.path(), "k8s/agent.yaml", agent);
    let estimate = estimate_of(dir.path(), &settings());
    // Nodes now 3 + 2 = 5: 0.1 x 5 x 730 = 365 x 0.0328 = $11.972; 200/1024 GiB x 5 x 730 =
    // 712.890625 x 0.0022 = $1.568359375; total $13.540359375. At max 6 + 4 = 10 nodes: twice that.
    assert_eq!(cents(line(&estimate, "DaemonSet/ops/agent")), ("$13.54".to_string(), "$27.08".to_string()));
}

#[test]
fn init_containers_and_sidecars_count_as_the_api_server_counts_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    let worker = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: shop\nspec:\n  template:\n    \
                  spec:\n      initContainers:\n        - name: proxy\n          image: proxy:1\n          restartPolicy: \
                  Always\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n        - name: migrate\n          \
                  image: migrate:1\n          resources:\n            requests: {cpu: \"1\", memory: 2Gi}\n      containers:\n        \
                  - name: app\n          image: app:1\n          resources:\n            requests: {cpu: 250m, memory: 512Mi}\n";
    write(dir.path(), "k8s/worker.yaml", worker);
    let estimate = estimate_of(dir.path(), &settings());
    // CPU: max(migrate 1 + sidecar 0.1, app 0.25 + sidecar 0.1) = 1.1: 1.1 x 730 = 803 x 0.0328 = $26.3384.
    // Memory: max(2Gi + 128Mi, 512Mi + 128Mi) = 2.125 GiB: 2.125 x 730 = 1551.25 x 0.0022 = $3.41275.
    // Total $29.75115.
    let worker = line(&estimate, "Deployment/shop/worker");
    assert_eq!(cents(worker), ("$29.75".to_string(), "$29.75".to_string()));
    assert_eq!(worker.components[0].name, "vCPU requests (1100m per pod)");
}

#[test]
fn limit_range_defaults_fill_requests_a_container_leaves_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    let batch = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: batch\nspec:\n  limits:\n    - \
                 type: Container\n      defaultRequest:\n        cpu: 200m\n        memory: 256Mi\n---\napiVersion: batch/v1\n\
                 kind: Job\nmetadata:\n  name: report\n  namespace: batch\nspec:\n  parallelism: 2\n  template:\n    spec:\n      \
                 restartPolicy: Never\n      containers:\n        - name: report\n          image: report:1\n";
    write(dir.path(), "k8s/batch.yaml", batch);
    let estimate = estimate_of(dir.path(), &settings());
    // 2 pods of 200m and 256Mi: 0.2 x 2 x 730 = 292 x 0.0328 = $9.5776; 0.25 x 2 x 730 = 365 x
    // 0.0022 = $0.803; total $10.3806.
    assert_eq!(cents(line(&estimate, "Job/batch/report")), ("$10.38".to_string(), "$10.38".to_string()));
}

#[test]
fn a_container_without_requests_leaves_its_quantity_unknown_with_the_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    let bare = API.replace(
        "          resources:\n            requests:\n              cpu: 500m\n              memory: 1Gi\n",
        "",
    );
    write(dir.path(), "k8s/api.yaml", &bare);
    let estimate = estimate_of(dir.path(), &settings());
    let reason = unknown_quantity(line(&estimate, "Deployment/shop/api"), "vCPU-hour");
    assert!(reason.contains("container(s) app of Deployment/shop/api request no cpu"), "{reason}");
    assert!(reason.contains("set `resources.requests.cpu`"), "{reason}");
}

#[test]
fn a_quota_prices_what_the_namespace_can_reserve_and_caps_the_ceiling() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    let quota =
        "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: shop\nspec:\n  hard:\n    \
                 requests.cpu: \"2\"\n    requests.memory: 8Gi\n";
    write(dir.path(), "k8s/api.yaml", &format!("{API}---\n{API_HPA}---\n{quota}"));
    let estimate = estimate_of(dir.path(), &settings());
    let [shop] = estimate.namespaces.as_slice() else { panic!("{:?}", estimate.namespaces) };
    assert_eq!(
        (shop.namespace.as_deref(), shop.cluster.as_deref(), shop.values_set.as_deref()),
        (Some("shop"), None, None)
    );
    assert_eq!((shop.allocated.now.to_string(), shop.allocated.at_max.to_string()), ("$40.73".into(), "$81.47".into()));
    let quota = shop.quota.as_ref().expect("a quota");
    assert_eq!(
        (quota.address.as_str(), quota.cpu_cores, quota.memory_gib),
        ("ResourceQuota/shop/compute", Some(d("2")), Some(d("8")))
    );
    // Hard requests: 2 x 730 = 1460 vCPU-hours x 0.0328 = $47.888; 8 x 730 = 5840 GiB-hours x
    // 0.0022 = $12.848; the most the namespace can reserve is $60.736.
    assert_eq!(quota.monthly, Amount::Known(Money::usd(d("60.736"))));
    // At max 3 vCPU > 2: capped at $47.888; memory 6 GiB < 8: $9.636 as requested. $57.524.
    assert!(quota.capped_at_max);
    assert_eq!(quota.at_max_within_quota, Amount::Known(Money::usd(d("57.524"))));
}

#[test]
fn without_node_groups_configured_rates_price_the_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "k8s/api.yaml", API);
    let rates = KubernetesRates { vcpu_hour: Some(d("0.04")), gib_hour: Some(d("0.005")) };
    let estimate = estimate_of(dir.path(), &CostSettings { kubernetes: rates, ..settings() });
    // 1095 vCPU-hours x $0.04 = $43.80; 2190 GiB-hours x $0.005 = $10.95; total $54.75.
    let api = line(&estimate, "Deployment/shop/api");
    assert_eq!(cents(api), ("$54.75".to_string(), "$54.75".to_string()));
    match &api.components[0].price {
        Price::Priced { source, .. } => assert_eq!(source, "`[cost.kubernetes] vcpu_hour` in tollgate.toml"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_node_groups_or_rates_requests_are_unpriced_with_what_to_configure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let agent = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  template:\n    spec:\n      \
                 containers:\n        - name: agent\n          image: agent:1\n          resources:\n            requests: \
                 {cpu: 100m, memory: 64Mi}\n";
    write(dir.path(), "k8s/api.yaml", &format!("{API}---\n{agent}"));
    let rates = KubernetesRates { vcpu_hour: Some(d("0.04")), gib_hour: None };
    let estimate = estimate_of(dir.path(), &CostSettings { kubernetes: rates, ..settings() });
    let api = line(&estimate, "Deployment/shop/api");
    assert_eq!(unit_price(api, "vCPU-hour"), d("0.04"));
    let reason = unpriced_reason(api, "GiB-hour");
    assert!(reason.contains("no EKS node group") && reason.contains("set `[cost.kubernetes] gib_hour`"), "{reason}");
    let estimate = estimate_of(dir.path(), &settings());
    let reason = unpriced_reason(line(&estimate, "Deployment/shop/api"), "vCPU-hour");
    assert!(reason.contains("set `[cost.kubernetes] vcpu_hour`"), "{reason}");
    let nodes = unknown_quantity(line(&estimate, "DaemonSet/agent"), "vCPU-hour");
    assert!(nodes.contains("runs one pod per node, and the graph has no EKS node group"), "{nodes}");
}

#[test]
fn a_helm_rendered_workload_is_priced_with_its_values_set_as_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    write(dir.path(), "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    write(dir.path(), "charts/web/values.yaml", "replicas: 2\ncpu: 250m\n");
    let template = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: {{ \
                    .Values.replicas }}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: \
                    web:1\n          resources:\n            requests:\n              cpu: {{ .Values.cpu }}\n              \
                    memory: 512Mi\n";
    write(dir.path(), "charts/web/templates/deployment.yaml", template);
    let estimate = estimate_of(dir.path(), &settings());
    // 0.25 x 2 x 730 = 365 x 0.0328 = $11.972; 0.5 x 2 x 730 = 730 x 0.0022 = $1.606; $13.578.
    let web = line(&estimate, "Deployment/shop/web@default");
    assert_eq!(cents(web), ("$13.58".to_string(), "$13.58".to_string()));
    assert_eq!(web.scope.environment.as_deref(), Some("default"));
    let [shop] = estimate.namespaces.as_slice() else { panic!("{:?}", estimate.namespaces) };
    assert_eq!(shop.values_set.as_deref(), Some("default"));
}

#[test]
fn several_clusters_and_nothing_to_choose_leave_the_workload_unpriced() {
    // One root evaluated for two environments: two clusters, and a plain manifest names neither.
    let dir = tempfile::tempdir().expect("tempdir");
    two_node_groups(dir.path());
    write(dir.path(), "k8s/api.yaml", API);
    let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    let environment = |name: &str| EnvironmentSettings { name: name.to_string(), ..Default::default() };
    options.terraform.roots = vec![RootSettings {
        path: dir.path().join("infra"),
        environments: vec![environment("dev"), environment("prod")],
    }];
    let loaded = load(&options).expect("tree loads");
    let estimate = estimate(&loaded.graph, &settings());
    let reason = unpriced_reason(line(&estimate, "Deployment/shop/api"), "vCPU-hour");
    assert!(
        reason.contains(
            "node groups of several EKS clusters (infra/shop (environment dev); infra/shop (environment prod))"
        ),
        "{reason}"
    );
}

#[test]
fn a_values_set_named_like_an_environment_is_priced_by_that_environments_node_groups() {
    // dev: 3 x t3.large + 2 x r6g.large, rates $0.0328 and $0.0022 as above. prod: 3 x m5.large
    // + 2 x r6g.large: 2a + 8b = 0.096 and 2a + 16b = 0.1008 give b = 0.0048 / 8 = 0.0006 and
    // a = (0.096 - 0.0048) / 2 = 0.0456.
    let dir = tempfile::tempdir().expect("tempdir");
    let groups = node_group("general", "GENERAL", 3, 6).replace("\"GENERAL\"", "var.general_type")
        + &node_group("memory", "r6g.large", 2, 4);
    let variable = "variable \"general_type\" {\n  default = \"t3.large\"\n}\n";
    write(dir.path(), "infra/main.tf", &format!("{CLUSTER}\n{variable}\n{groups}"));
    write(dir.path(), "charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
    let template = API.replace("name: api", "name: web");
    write(dir.path(), "charts/web/templates/deployment.yaml", &template);
    let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    let environment = |name: &str, vars: Vec<(String, String)>| EnvironmentSettings {
        name: name.to_string(),
        vars,
        ..Default::default()
    };
    let prod_vars = vec![("general_type".to_string(), "m5.large".to_string())];
    options.terraform.roots = vec![RootSettings {
        path: dir.path().join("infra"),
        environments: vec![environment("dev", Vec::new()), environment("prod", prod_vars)],
    }];
    let set = |name: &str| ValuesSet { name: name.to_string(), ..Default::default() };
    options.helm.charts =
        vec![ChartValuesSets { dir: dir.path().join("charts/web"), sets: vec![set("dev"), set("prod")] }];
    let loaded = load(&options).expect("tree loads");
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let estimate = estimate(&loaded.graph, &settings());
    let rates = |address: &str| {
        let web = line(&estimate, address);
        (unit_price(web, "vCPU-hour"), unit_price(web, "GiB-hour"))
    };
    assert_eq!(rates("Deployment/shop/web@dev"), (d("0.0328"), d("0.0022")));
    assert_eq!(rates("Deployment/shop/web@prod"), (d("0.0456"), d("0.0006")));
    // prod: 1095 vCPU-hours x $0.0456 = $49.932; 2190 GiB-hours x $0.0006 = $1.314; $51.246.
    assert_eq!(cents(line(&estimate, "Deployment/shop/web@prod")).0, "$51.25");
    assert_eq!(estimate.namespaces.len(), 2);
}
