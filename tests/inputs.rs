//! End-to-end: what a scan is given (standard input, explicit files, paths named on the command
//! line and in tollgate.toml) and the exit codes that say whether it could run.

mod common;

use common::{json, piped, stdout, tollgate, write, PRIVILEGED};
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `rule file:line` of each finding of a JSON report.
fn finding_files(output: &Output) -> Vec<String> {
    let report = json(output);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let mut rows: Vec<String> = findings
        .iter()
        .map(|f| {
            format!("{} {}:{}", f["rule_id"].as_str().unwrap_or(""), f["file"].as_str().unwrap_or(""), f["start_line"])
        })
        .collect();
    rows.sort();
    rows.dedup();
    rows
}

#[test]
fn a_stream_on_standard_input_is_scanned_and_named_as_told() {
    let dir = tempfile::tempdir().unwrap();
    let out = piped(&["scan", "-", "--format", "json"], dir.path(), PRIVILEGED.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(finding_files(&out).contains(&"TG201 <stdin>:11".to_string()), "{:?}", finding_files(&out));

    let named = piped(
        &["scan", "-", "--stdin-filename", "./rendered/debug.yaml", "--format", "json"],
        dir.path(),
        PRIVILEGED.as_bytes(),
    );
    assert!(finding_files(&named).contains(&"TG201 rendered/debug.yaml:11".to_string()));

    // `-` with a directory: both are scanned, in one report.
    write(dir.path(), "k8s/other.yaml", PRIVILEGED.replace("debug", "other"));
    let both = piped(&["scan", "k8s", "-", "--format", "json"], dir.path(), PRIVILEGED.as_bytes());
    let report = json(&both);
    assert_eq!(report["summary"]["files_scanned"], 2);
    let files = finding_files(&both);
    assert!(files.contains(&"TG201 <stdin>:11".to_string()) && files.contains(&"TG201 k8s/other.yaml:11".to_string()));
}

#[test]
fn standard_input_that_is_empty_too_large_or_misnamed_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = piped(&["scan", "-"], dir.path(), b"");
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("nothing was scanned in standard input"), "{}", stderr(&empty));
    assert_eq!(piped(&["scan", "-", "--allow-empty"], dir.path(), b"").status.code(), Some(0));

    let values = piped(&["scan", "-"], dir.path(), b"replicaCount: 2\n");
    assert_eq!(values.status.code(), Some(2));
    assert!(stderr(&values).contains("not a Kubernetes manifest"), "{}", stderr(&values));

    let huge = vec![b'#'; 32 * 1024 * 1024 + 1];
    let too_large = piped(&["scan", "-"], dir.path(), &huge);
    assert_eq!(too_large.status.code(), Some(2));
    assert!(stderr(&too_large).contains("over the 33554432-byte limit"), "{}", stderr(&too_large));

    write(dir.path(), "pod.yaml", PRIVILEGED);
    let misnamed = tollgate(&["scan", "pod.yaml", "--stdin-filename", "x.yaml"], dir.path());
    assert_eq!(misnamed.status.code(), Some(2));
    assert!(stderr(&misnamed).contains("`-` is not among the scan paths"), "{}", stderr(&misnamed));
}

#[test]
fn a_file_named_explicitly_is_scanned_even_inside_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "chart/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    write(dir.path(), "chart/rendered/debug.yaml", PRIVILEGED);
    let explicit = tollgate(&["scan", "chart/rendered/debug.yaml", "--format", "json"], dir.path());
    assert_eq!(explicit.status.code(), Some(1));
    assert!(finding_files(&explicit).contains(&"TG201 chart/rendered/debug.yaml:11".to_string()));
    // Scanned as a directory, the chart is rendered: its templates are checked, other files in
    // it are not read as manifests.
    write(dir.path(), "chart/templates/pod.yaml", PRIVILEGED);
    let walked = tollgate(&["scan", "chart", "--format", "json"], dir.path());
    assert_eq!(walked.status.code(), Some(1));
    let files = finding_files(&walked);
    assert!(files.contains(&"TG201 chart/templates/pod.yaml:11".to_string()), "{files:?}");
    assert!(!files.iter().any(|f| f.contains("rendered/debug.yaml")), "{files:?}");
}

#[test]
fn paths_named_that_do_not_exist_exit_2_not_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", PRIVILEGED);
    let cases: [(&[&str], &str); 3] = [
        (&["scan", "pod.yaml", "--policy", "policies"], "policy path `policies` does not exist"),
        (&["scan", "pod.yaml", "--data", "data.json"], "data path `data.json` does not exist"),
        (&["scan", "pod.yaml", "--var-file", "prod.tfvars"], "--var-file `prod.tfvars` does not exist"),
    ];
    for (args, message) in cases {
        let out = tollgate(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
    }
    for (config, message) in [
        ("[[terraform.root]]\npath = \"infra\"\n", "`terraform.root` `infra`"),
        ("[terraform]\nvar_files = [\"common.tfvars\"]\n", "`terraform.var_files`: "),
        ("[kubernetes]\nclusters = [\"examples/*\"]\n", "`examples/*` matches no directory"),
        ("[kubernetes]\ncluster = [\"examples\"]\n", "unknown field `cluster`"),
    ] {
        write(dir.path(), "tollgate.toml", config);
        let out = tollgate(&["scan", "."], dir.path());
        assert_eq!(out.status.code(), Some(2), "{config}: {}", stdout(&out));
        assert!(stderr(&out).contains(message), "{config}: {}", stderr(&out));
    }
}

/// Terraform 1.11, checked on a `terraform_data` configuration declaring only `a`:
/// `terraform plan -var b=2` fails (exit 1) with "Error: Value for undeclared variable ... A
/// variable named "b" was assigned on the command line, but the root module does not declare a
/// variable of that name"; the same value in a `-var-file` or `terraform.tfvars` is only a
/// warning; `-var-file=missing.tfvars` fails with "Given variables file missing.tfvars does not
/// exist". Tollgate gives `--var` to every root, so a name is undeclared when no root declares it.
#[test]
fn a_var_no_root_declares_exits_2_as_terraform_rejects_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/main.tf", "variable \"region\" {\n  default = \"eu-west-1\"\n}\n");
    write(dir.path(), "net/main.tf", "variable \"cidr\" {\n  default = \"10.0.0.0/16\"\n}\n");
    let undeclared = tollgate(&["scan", ".", "--var", "regoin=us-east-1"], dir.path());
    assert_eq!(undeclared.status.code(), Some(2));
    let message = stderr(&undeclared);
    assert!(message.contains("--var `regoin`") && message.contains("`app`, `net`"), "{message}");
    // Declared by one of the roots: it is for that root.
    let declared = tollgate(&["scan", ".", "--var", "region=us-east-1", "--var", "cidr=10.1.0.0/16"], dir.path());
    assert_eq!(declared.status.code(), Some(0), "{}", stderr(&declared));
    // A var file only warns in Terraform: a value for an undeclared variable there is no error.
    write(dir.path(), "extra.tfvars", "unrelated = 1\n");
    let var_file = tollgate(&["scan", "app", "--var-file", "extra.tfvars"], dir.path());
    assert_eq!(var_file.status.code(), Some(0), "{}", stderr(&var_file));
    // The `vars` of a tollgate.toml root are that root's `-var`s.
    write(
        dir.path(),
        "tollgate.toml",
        "[[terraform.root]]\npath = \"app\"\n[terraform.root.environments.prod]\nvars = { region = \"x\", cidr = \"y\" }\n",
    );
    let config_var = tollgate(&["scan", "."], dir.path());
    assert_eq!(config_var.status.code(), Some(2));
    assert!(
        stderr(&config_var).contains("`terraform.root` `app` environment `prod`: `vars.cidr`"),
        "{}",
        stderr(&config_var)
    );
    write(dir.path(), "tollgate.toml", "[[terraform.root]]\npath = \"app\"\nvars = { region = \"x\" }\n");
    assert_eq!(tollgate(&["scan", "."], dir.path()).status.code(), Some(0));
}

#[test]
fn a_loaded_policy_does_not_change_what_is_a_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "k8s/pod.yaml", PRIVILEGED.replace("privileged: true", "privileged: false"));
    write(dir.path(), "k8s/empty.json", "");
    write(dir.path(), "web/tsconfig.json", "{\n  // comments\n  \"compilerOptions\": {}\n}\n");
    write(dir.path(), "rego/pods.rego", "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.kind == \"Secret\"\n\tmsg := \"no secrets\"\n}\n");
    let without = tollgate(&["scan", "k8s", "web", "--format", "json"], dir.path());
    let with = tollgate(&["scan", "k8s", "web", "--policy", "rego", "--format", "json"], dir.path());
    assert_eq!(json(&without)["errors"], serde_json::json!([]));
    assert_eq!(json(&with)["errors"], serde_json::json!([]), "{}", stdout(&with));
    assert_eq!(with.status.code(), without.status.code());
    assert!(stdout(&with).contains("Conftest-style policies did not see this file"));
}

#[test]
fn every_path_of_a_report_is_relative_to_the_working_directory() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "far/pod.yaml", PRIVILEGED);
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().join("repo");
    for root in ["a", "b", "c"] {
        write(&cwd, &format!("{root}/pod.yaml"), PRIVILEGED);
    }
    let absolute_c = cwd.join("c");
    let far = outside.path().join("far/pod.yaml");
    let out =
        tollgate(&["scan", "a/", "./b", absolute_c.to_str().unwrap(), far.to_str().unwrap(), "--format", "json"], &cwd);
    let files: Vec<String> = finding_files(&out).into_iter().filter(|row| row.starts_with("TG201 ")).collect();
    let far_shown = files.iter().find(|row| row.contains("far/pod.yaml")).cloned().unwrap_or_default();
    assert_eq!(files.len(), 4, "{files:?}");
    assert!(files.contains(&"TG201 a/pod.yaml:11".to_string()), "{files:?}");
    assert!(files.contains(&"TG201 b/pod.yaml:11".to_string()), "{files:?}");
    assert!(files.contains(&"TG201 c/pod.yaml:11".to_string()), "{files:?}");
    let far_relative = far_shown.trim_start_matches("TG201 ").trim_end_matches(":11");
    assert!(far_relative.starts_with("../"), "{far_shown}");
    assert_eq!(std::fs::canonicalize(cwd.join(far_relative)).unwrap(), std::fs::canonicalize(&far).unwrap());
}

/// One example of a repository of examples: namespace `demo` with a workload, and a
/// ResourceQuota only when `with_quota`.
fn example(with_quota: bool) -> String {
    let mut text = String::from(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: demo}\n---\napiVersion: apps/v1\nkind: Deployment\n\
         metadata: {name: web, namespace: demo}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n\
         \x20     containers: [{name: web, image: nginx:1.27}]\n",
    );
    if with_quota {
        text.push_str("---\napiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: demo}\nspec: {hard: {pods: \"5\"}}\n");
    }
    text
}

#[test]
fn directories_named_as_clusters_are_judged_apart() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "examples/quota/app.yaml", example(true));
    write(dir.path(), "examples/plain/app.yaml", example(false));
    let quota_findings = |out: &Output| -> Vec<String> {
        finding_files(out).into_iter().filter(|row| row.starts_with("TG207 ")).collect()
    };
    // As one cluster, the quota of one example counts for the other's `demo`.
    let one = tollgate(&["scan", ".", "--format", "json"], dir.path());
    assert_eq!(quota_findings(&one), Vec::<String>::new());

    write(dir.path(), "tollgate.toml", "[kubernetes]\nclusters = [\"examples/*\"]\n");
    let apart = tollgate(&["scan", ".", "--format", "json"], dir.path());
    assert_eq!(quota_findings(&apart), ["TG207 examples/plain/app.yaml:1"]);
    let message = stdout(&apart);
    assert!(message.contains("Namespace `demo` of cluster `examples/plain` runs Deployment/demo/web"), "{message}");
    // Tollgate-package policies see the cluster in the resource's origin.
    write(
        dir.path(),
        "rules/cluster.rego",
        "# METADATA\n# title: t\n# custom:\n#   id: ACME-CL\n#   severity: low\npackage tollgate.acme.cluster\n\n\
         import rego.v1\n\ndeny contains msg if {\n\tinput.origin.cluster == \"examples/quota\"\n\t\
         input.type == \"Deployment\"\n\tmsg := \"in quota\"\n}\n",
    );
    let with_policy = tollgate(&["scan", "examples", "--policy", "rules", "--format", "json"], dir.path());
    let policy_rows: Vec<String> =
        finding_files(&with_policy).into_iter().filter(|row| row.starts_with("ACME-CL ")).collect();
    assert_eq!(policy_rows, ["ACME-CL examples/quota/app.yaml:5"], "{}", stderr(&with_policy));
    let inspect = tollgate(&["inspect", ".", "--address", "Namespace/demo"], dir.path());
    let clusters: Vec<String> = json(&inspect)["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| r["origin"]["cluster"].as_str().unwrap_or("-").to_string())
        .collect();
    assert_eq!(clusters, ["examples/plain", "examples/quota"]);
    let text = tollgate(&["inspect", ".", "--address", "Namespace/demo", "--format", "text"], dir.path());
    assert!(stdout(&text).contains("  cluster: examples/plain\n"), "{}", stdout(&text));
}
