//! Focused scans (`--only-files`): a named file is checked with its neighbours (the roots
//! calling its module, the manifests of its namespaces) and nothing else is loaded; only what
//! is located in the named files is reported. Loads are measured by counting the files read,
//! on a project where every unrelated directory would report findings of its own.

use std::path::{Path, PathBuf};
use tollgate_model::{FindingKind, ScanReport};
use tollgate_pipeline::{scan, ScanOptions};

const UNRELATED: usize = 30;

/// A security group letting `cidr` (an HCL expression) reach SSH.
fn ssh_group(name: &str, cidr: &str) -> String {
    format!(
        "resource \"aws_security_group\" \"{name}\" {{\n  name = \"{name}\"\n  ingress {{\n    from_port   = 22\n    \
         to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [{cidr}]\n  }}\n}}\n"
    )
}

const PRIVILEGED: &str = "
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: NS
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0.0
          securityContext:
            privileged: true
";

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the directory");
    std::fs::write(path, text).expect("write the file");
}

/// A project (a git work tree) with one root calling a module, one namespace with its quota
/// elsewhere, a cluster role, and many unrelated modules and namespaces full of findings.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).expect("a .git directory");
    let call = "module \"app\" {\n  source     = \"../modules/app\"\n  admin_cidr = \"0.0.0.0/0\"\n}\n";
    write(root, "live/main.tf", &format!("{call}{}", ssh_group("open", "\"0.0.0.0/0\"")));
    let module = format!("variable \"admin_cidr\" {{\n  type = string\n}}\n{}", ssh_group("admin", "var.admin_cidr"));
    write(root, "modules/app/main.tf", &module);
    write(root, "modules/app/outputs.tf", "output \"group\" {\n  value = aws_security_group.admin.id\n}\n");
    let namespace = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: alpha\n";
    write(root, "k8s/alpha/app.yaml", &format!("{namespace}{}", PRIVILEGED.replace("NS", "alpha")));
    let quota = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: quota\n  namespace: alpha\nspec:\n  hard:\n    pods: \"10\"\n";
    write(root, "k8s/quotas/alpha.yaml", quota);
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n";
    write(root, "k8s/cluster/roles.yaml", role);
    for n in 0..UNRELATED {
        write(root, &format!("unrelated/m{n}/main.tf"), &ssh_group("open", "\"0.0.0.0/0\""));
        let name = format!("team{n}");
        let namespace = format!("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n");
        write(root, &format!("k8s/teams/{name}.yaml"), &format!("{namespace}{}", PRIVILEGED.replace("NS", &name)));
    }
    dir
}

fn focused(files: &[PathBuf]) -> ScanReport {
    let mut options = ScanOptions::default();
    options.load.paths = files.to_vec();
    options.only_files = true;
    // The project's resources carry no tags; what is checked here is where findings are.
    options.select.skip_rules = vec!["required-tags-missing".to_string()];
    scan(&options, &mut |_| {}).expect("the focused scan runs").report
}

/// `(rule, file name, kind)` of every finding.
fn findings(report: &ScanReport) -> Vec<(String, String, FindingKind)> {
    let name =
        |file: &str| file.rsplit('/').take(2).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("/");
    report.findings.iter().map(|f| (f.rule_id.clone(), name(&f.file), f.kind)).collect()
}

#[test]
fn a_module_file_is_checked_with_the_root_calling_it_and_nothing_else() {
    let project = project();
    let report = focused(&[project.path().join("modules/app/main.tf")]);
    // The named file, the other file of its module, and the root calling it.
    assert_eq!(report.files_scanned, 3, "{:?}", report.findings);
    // The root gives the module its CIDR: a verdict, not an unknown; the root's own open
    // group (live/main.tf) and the unrelated modules are not reported.
    assert_eq!(findings(&report), [("TG101".to_string(), "app/main.tf".to_string(), FindingKind::Fail)]);
    assert!(!report.passed());
}

#[test]
fn a_manifest_is_checked_with_the_manifests_of_its_namespace_and_those_naming_none() {
    let project = project();
    let report = focused(&[project.path().join("k8s/alpha/app.yaml")]);
    // The named file, the quota of its namespace (another directory), the cluster role.
    assert_eq!(report.files_scanned, 3);
    let rules: Vec<String> = findings(&report).into_iter().map(|(rule, _, _)| rule).collect();
    assert!(rules.contains(&"TG201".to_string()), "{rules:?}");
    assert!(!rules.contains(&"TG207".to_string()), "the quota in k8s/quotas applies to alpha: {rules:?}");
    assert!(findings(&report).iter().all(|(_, file, _)| file == "alpha/app.yaml"));
}

#[test]
fn the_whole_project_has_the_findings_a_focused_scan_leaves_out() {
    let project = project();
    let mut options = ScanOptions::default();
    options.load.paths = vec![project.path().to_path_buf()];
    let report = scan(&options, &mut |_| {}).expect("the scan runs").report;
    assert_eq!(report.files_scanned, 3 + 3 + 2 * UNRELATED);
    let open_groups = findings(&report).iter().filter(|(rule, _, _)| rule == "TG101").count();
    assert_eq!(open_groups, 2 + UNRELATED);
}

#[test]
fn named_files_that_are_not_scanned_are_listed_as_skipped() {
    let project = project();
    write(project.path(), "README.md", "# infra\n");
    write(project.path(), ".tollgateignore", "legacy/\n");
    write(project.path(), "legacy/old.tf", &ssh_group("open", "\"0.0.0.0/0\""));
    let files = [project.path().join("README.md"), project.path().join("legacy/old.tf")];
    let mut options = ScanOptions::default();
    options.load.paths = files.to_vec();
    options.only_files = true;
    let error = scan(&options, &mut |_| {}).expect_err("nothing to scan is an error without --allow-empty");
    assert!(error.contains("not a Terraform, plan or Kubernetes file"), "{error}");
    options.allow_empty = true;
    let report = scan(&options, &mut |_| {}).expect("an empty focused scan runs").report;
    let reasons: Vec<&str> = report.skipped.iter().map(|skip| skip.reason.as_str()).collect();
    assert_eq!(report.files_scanned, 0);
    assert!(reasons.contains(&"excluded by an ignore file (.gitignore or .tollgateignore)"), "{reasons:?}");
    assert!(report.passed());
}

#[test]
fn directories_and_standard_input_are_not_files_to_focus_on() {
    let project = project();
    let mut options = ScanOptions { only_files: true, ..ScanOptions::default() };
    options.load.paths = vec![project.path().join("modules/app")];
    assert!(scan(&options, &mut |_| {}).expect_err("a directory").contains("is a directory"));
    options.load.paths = vec!["-".into()];
    assert!(scan(&options, &mut |_| {}).expect_err("standard input").contains("standard input"));
}

/// Every file of a seed estate, scanned alone with `--only-files`, gets exactly the findings the
/// scan of the whole estate locates in it: the neighbours loaded are all its findings need.
#[test]
fn each_file_of_an_estate_alone_has_the_findings_of_the_whole_scan() {
    for estate in ["platform-infrastructure", "webhook-delivery", "quanttrader"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(estate);
        assert_each_file_alone_as_in_the_whole(&tollgate_model::source::normalize_path(&dir));
    }
}

/// The same in the synthetic project, where a quota naming no namespace makes every
/// Namespace's quota verdict unknown: a file focused on alone must see that quota too.
#[test]
fn a_quota_naming_no_namespace_is_a_neighbour_of_every_namespace() {
    let project = project();
    let quota = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: shared\nspec:\n  hard:\n    pods: \"10\"\n";
    write(project.path(), "k8s/shared/quota.yaml", quota);
    let team = focused(&[project.path().join("k8s/teams/team3.yaml")]);
    let quota_verdicts: Vec<FindingKind> =
        team.findings.iter().filter(|f| f.rule_id == "TG207").map(|f| f.kind).collect();
    assert_eq!(quota_verdicts, [FindingKind::Unknown]);
    assert_each_file_alone_as_in_the_whole(project.path());
}

fn assert_each_file_alone_as_in_the_whole(dir: &Path) {
    let mut options = ScanOptions::default();
    options.load.paths = vec![dir.to_path_buf()];
    let whole = scan(&options, &mut |_| {}).expect("the whole scans").report;
    for (file, _) in tollgate_load::scannable_files(dir, true) {
        let mut options = ScanOptions { only_files: true, allow_empty: true, ..ScanOptions::default() };
        options.load.paths = vec![file.clone()];
        let alone = scan(&options, &mut |_| {}).expect("the file scans").report;
        let name = file.to_string_lossy();
        let located_here = |report: &ScanReport| -> Vec<String> {
            let here = report.findings.iter().filter(|f| name.ends_with(f.file.trim_start_matches("../")));
            here.map(|f| {
                let lines = format!("{}:{}-{}", f.file, f.start_line, f.end_line);
                format!("{} {:?} {lines} {:?} {}", f.rule_id, f.kind, f.environment, f.message)
            })
            .collect()
        };
        assert_eq!(located_here(&alone), located_here(&whole), "{name}");
        assert_eq!(alone.findings.len(), located_here(&alone).len(), "only the findings of {name}");
    }
}

/// A kustomize patch is a partial object: focused on alone, it is still recognised as a patch
/// through the kustomization (in another directory) that names it, and judged by nothing.
#[test]
fn a_patch_is_known_by_the_kustomization_naming_it_from_elsewhere() {
    let project = project();
    let patch =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: gamma\nspec:\n  replicas: 5\n";
    write(project.path(), "k8s/patches/replicas.yaml", patch);
    // Without `apiVersion` and `kind`, as kustomize allows: no object, so no namespace neighbour.
    let kustomization = "resources:\n  - ../../alpha\npatches:\n  - path: ../../patches/replicas.yaml\n";
    write(project.path(), "k8s/overlays/prod/kustomization.yaml", kustomization);
    let report = focused(&[project.path().join("k8s/patches/replicas.yaml")]);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(report.skipped.iter().any(|skip| skip.reason.starts_with("kustomize patch of")), "{:?}", report.skipped);
}

/// A baseline compared with a focused scan may judge only the named files: the neighbours were
/// read, but their findings were not reported, so none of their entries is "fixed".
#[test]
fn only_the_named_files_are_sources_a_comparison_may_judge() {
    let project = project();
    let mut options = ScanOptions { only_files: true, ..ScanOptions::default() };
    options.load.paths = vec![project.path().join("modules/app/main.tf")];
    let done = scan(&options, &mut |_| {}).expect("the focused scan runs");
    let mut config = tollgate_pipeline::config::Config::default();
    let focus = tollgate_pipeline::focus::plan(&options, &mut config).expect("a plan").expect("a focus");
    assert_eq!(done.sources.len(), 3, "the named file and its neighbours were read");
    let named: Vec<&str> = done.sources.iter().map(|(_, f)| f.path.as_str()).filter(|f| focus.is_named(f)).collect();
    assert_eq!(named.len(), 1);
    assert!(named[0].ends_with("modules/app/main.tf"), "{named:?}");
}
