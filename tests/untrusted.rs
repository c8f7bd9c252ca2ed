//! End-to-end: scanning a configuration that tries to read the machine it is scanned on (a
//! stranger's pull request in CI). Nothing outside the scan root, and nothing of the machine's
//! environment, reaches a report unless the command line or the configuration allows it.

mod common;

use common::{command, json, stdout, tollgate, write};
use std::path::Path;
use std::process::Output;

/// What a leak would show: the secret file's contents, and `/etc/passwd`'s first entry.
const MARKER: &str = "TOLLGATE-SECRET-MARKER-7f3a";
const PASSWD_ENTRY: &str = "root:x:0:0";

/// A configuration reaching outside its repository in every way Terraform allows.
const HOSTILE: &str = r#"resource "aws_iam_policy" "absolute" {
  name   = "absolute"
  policy = file("/etc/passwd")
}

resource "aws_iam_policy" "escaping" {
  name   = "escaping"
  policy = file("../../secret")
}

resource "aws_iam_policy" "linked" {
  name   = "linked"
  policy = file("${path.module}/leak.json")
}

locals {
  rendered = templatefile("../../outside/greeting.tmpl", { name = "x" })
  listing  = fileset("../../outside", "*")
  digest   = filesha256("../../secret")
  present  = fileexists("../../secret")
  absent   = fileexists("../../no-such-file")
  cwd      = path.cwd
  absolute = abspath(path.module)
  inner    = templatefile("${path.module}/inner.tmpl", {})
}

module "shared" {
  source = "../../outside/module"
}
"#;

/// `base/secret` and `base/outside/...` beside the repository `base/repo` (a git work tree),
/// whose `infra/` holds [`HOSTILE`] and links out of the repository.
fn hostile_tree(base: &Path) {
    write(base, "secret", format!("{{\"Version\": \"2012-10-17\", \"Statement\": [], \"Id\": \"{MARKER}\"}}\n"));
    write(base, "outside/greeting.tmpl", format!("{MARKER} ${{name}}"));
    write(base, "outside/module/main.tf", format!("output \"leak\" {{ value = \"{MARKER}\" }}\n"));
    write(base, "outside/linked.tf", format!("locals {{ linked = \"{MARKER}\" }}\n"));
    std::fs::create_dir_all(base.join("repo/.git")).unwrap();
    write(base, "repo/infra/main.tf", HOSTILE);
    // A template inside the project whose own call reaches out.
    write(base, "repo/infra/inner.tmpl", "${file(\"../../outside/greeting.tmpl\")}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink("../../secret", base.join("repo/infra/leak.json")).unwrap();
        symlink(base.join("outside/linked.tf"), base.join("repo/infra/linked.tf")).unwrap();
    }
}

fn run(base: &Path, args: &[&str]) -> Output {
    tollgate(args, &base.join("repo"))
}

/// Fails when `output` shows anything of the machine: the secret, `/etc/passwd`, or the
/// temporary directory's absolute path.
fn assert_nothing_leaks(output: &Output, base: &Path) {
    let text = format!("{}{}", stdout(output), String::from_utf8_lossy(&output.stderr));
    assert!(!text.contains(MARKER), "the secret leaked:\n{text}");
    assert!(!text.contains(PASSWD_ENTRY), "/etc/passwd leaked:\n{text}");
    let canonical = std::fs::canonicalize(base).unwrap();
    for absolute in [base.display().to_string(), canonical.display().to_string()] {
        assert!(!text.contains(&absolute), "an absolute path of the machine leaked ({absolute}):\n{text}");
    }
}

/// The unknown markers of `inspect`'s JSON: (address, source) of every value unknown because
/// it reaches outside the scan root.
fn outside_values(inspect: &serde_json::Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for resource in inspect["resources"].as_array().expect("resources") {
        let address = resource["address"].as_str().unwrap_or_default();
        collect_outside(&resource["values"], address, &mut found);
    }
    found.sort();
    found
}

fn collect_outside(value: &serde_json::Value, address: &str, found: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) if map.get("__unknown__").is_some_and(|r| r == "outside-scan-root") => {
            found.push((address.to_string(), map["source"].as_str().unwrap_or_default().to_string()));
        }
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_outside(v, address, found)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_outside(v, address, found)),
        _ => {}
    }
}

#[test]
fn reports_never_show_what_lies_outside_the_scan_root() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    hostile_tree(base);
    for format in ["text", "json", "concise"] {
        let out = run(base, &["scan", "infra", "--format", format, "--verbose", "--unknown-details"]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{format}: {}", stdout(&out));
        assert_nothing_leaks(&out, base);
    }
    let inspect = run(base, &["inspect", "infra"]);
    assert_eq!(inspect.status.code(), Some(0), "{}", String::from_utf8_lossy(&inspect.stderr));
    assert_nothing_leaks(&inspect, base);
    assert_nothing_leaks(&run(base, &["inspect", "infra", "--format", "text"]), base);
}

#[test]
fn values_outside_the_scan_root_are_unknown_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    hostile_tree(base);
    let inspect = json(&run(base, &["inspect", "infra"]));
    let sources: Vec<String> = outside_values(&inspect).into_iter().map(|(_, source)| source).collect();
    let mut expected = vec![
        "file(\"/etc/passwd\")",
        "file(\"../../secret\")",
        "templatefile(\"../../outside/greeting.tmpl\")",
        "fileset(\"../../outside\", \"*\")",
        "filesha256(\"../../secret\")",
        "fileexists(\"../../secret\")",
        "fileexists(\"../../no-such-file\")",
        "path.cwd",
        "abspath(\".\")",
        "file(\"../../outside/greeting.tmpl\")",
    ];
    if cfg!(unix) {
        expected.push("file(\"./leak.json\")");
    }
    for source in &expected {
        assert!(sources.iter().any(|s| s == source), "no outside-scan-root unknown for {source} in {sources:?}");
    }

    // A rule judging such a value says it is unknown, and why.
    let report = json(&run(base, &["scan", "infra", "--format", "json"]));
    let findings = report["findings"].as_array().expect("findings");
    let escaping = findings
        .iter()
        .find(|f| f["rule_id"] == "TG106" && f["address"] == "aws_iam_policy.escaping")
        .unwrap_or_else(|| panic!("no TG106 for the escaping policy in {report}"));
    assert_eq!(escaping["kind"], "unknown", "{escaping}");
    let message = escaping["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`file(\"../../secret\")` reads outside the scan root; pass --allow-outside-root to allow"),
        "{message}"
    );

    // The module outside is not loaded, and says so.
    let module = findings
        .iter()
        .find(|f| f["rule_id"] == "TG002" && f["address"] == "module.shared")
        .unwrap_or_else(|| panic!("no TG002 for the module outside in {report}"));
    let message = module["message"].as_str().unwrap_or_default();
    assert!(message.contains("`../../outside/module` is outside the scan root"), "{message}");
    assert!(message.contains("--allow-outside-root"), "{message}");
}

#[cfg(unix)]
#[test]
fn links_out_of_the_scan_root_are_skipped_not_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    hostile_tree(base);
    let report = json(&run(base, &["scan", "infra", "--format", "json"]));
    let skipped = report["skipped"].as_array().expect("skipped");
    let linked = skipped
        .iter()
        .find(|s| s["file"] == "infra/linked.tf")
        .unwrap_or_else(|| panic!("the linked file is not listed as skipped: {skipped:?}"));
    assert!(linked["reason"].as_str().unwrap_or_default().contains("outside the scan root"), "{linked}");
    let inspect = json(&run(base, &["inspect", "infra"]));
    let addresses: Vec<&str> =
        inspect["resources"].as_array().unwrap().iter().filter_map(|r| r["address"].as_str()).collect();
    assert!(!addresses.contains(&"local.linked"), "{addresses:?}");
}

#[test]
fn allow_outside_root_reads_what_terraform_would_read() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    hostile_tree(base);
    for allow in [&["--allow-outside-root"][..], &[]] {
        if allow.is_empty() {
            write(base, "repo/tollgate.toml", "[terraform]\nallow_outside_root = true\n");
        }
        let out = run(base, &[&["inspect", "infra"][..], allow].concat());
        let text = stdout(&out);
        assert!(text.contains(MARKER), "the file outside is read when allowed ({allow:?}):\n{text}");
        let inspect = json(&out);
        assert_eq!(outside_values(&inspect), vec![], "nothing is unknown for being outside");
        let module_output = inspect["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["address"] == "module.shared.output.leak" && r["values"]["value"] == MARKER);
        assert!(module_output, "the module outside is loaded when allowed");
    }
    // The configuration allowing it is said on stderr: a tollgate.toml under review could.
    let out = run(base, &["scan", "infra"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("allow_outside_root"));
}

#[test]
fn var_files_of_tollgate_toml_outside_the_scan_root_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    hostile_tree(base);
    write(base, "outside/prod.tfvars", format!("name = \"{MARKER}\"\n"));
    let toml = "[terraform]\nvar_files = [\"../outside/prod.tfvars\", \"../outside/none.tfvars\"]\n\n\
                [[terraform.root]]\npath = \"infra\"\nvar_files = [\"../../outside/none.tfvars\"]\n";
    write(base, "repo/tollgate.toml", toml);
    let out = run(base, &["scan", "infra", "--format", "json"]);
    assert_nothing_leaks(&out, base);
    let report = json(&out);
    let mut refused: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "TG000")
        .filter(|f| f["message"].as_str().is_some_and(|m| m.contains("outside the scan root")))
        .filter_map(|f| f["file"].as_str())
        .collect();
    refused.dedup();
    // Present or not, both are refused alike: a missing file outside is no exit 2.
    assert_eq!(refused, vec!["../outside/none.tfvars", "../outside/prod.tfvars"], "{report}");
    // A configured root outside the scanned paths is not probed either: this scan does not reach it.
    write(base, "repo/tollgate.toml", "[[terraform.root]]\npath = \"../no-such-dir\"\n");
    let out = run(base, &["scan", "infra", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("no-such-dir"));
    assert_nothing_leaks(&out, base);
    assert_nothing_leaks(&run(base, &["scan", "infra"]), base);
    // The command line is the operator's own: `--var-file` reads anywhere.
    write(base, "outside/cli.tfvars", "name = \"from-the-operator\"\n");
    write(base, "repo/infra/vars.tf", "variable \"name\" {\n  type = string\n}\n");
    std::fs::remove_file(base.join("repo/tollgate.toml")).unwrap();
    let inspect = json(&run(base, &["inspect", "infra", "--var-file", "../outside/cli.tfvars"]));
    let name = inspect["resources"].as_array().unwrap().iter().find(|r| r["address"] == "var.name").cloned();
    assert_eq!(name.map(|r| r["values"]["value"].clone()), Some(serde_json::json!("from-the-operator")));
}

#[test]
fn tf_var_environment_variables_are_read_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", "variable \"token\" {\n  type    = string\n  default = \"none\"\n}\n");
    let token = |args: &[&str]| {
        let out = command(root).args(["inspect", "."]).args(args).env("TF_VAR_token", MARKER).output().unwrap();
        let inspect = json(&out);
        let var = inspect["resources"].as_array().unwrap().iter().find(|r| r["address"] == "var.token").cloned();
        var.map(|r| r["values"]["value"].clone()).unwrap_or_default()
    };
    assert_eq!(token(&[]), serde_json::json!("none"), "the environment is not read by default");
    assert_eq!(token(&["--tf-env"]), serde_json::json!(MARKER));
    write(root, "tollgate.toml", "[terraform]\nenvironment_variables = true\n");
    assert_eq!(token(&[]), serde_json::json!(MARKER));
}

/// A root module in `infra/envs/prod` calling `../../modules/network`, as repositories lay them out.
fn layered_tree(base: &Path) {
    write(base, "repo/infra/envs/prod/main.tf", "module \"network\" {\n  source = \"../../modules/network\"\n}\n");
    write(base, "repo/infra/modules/network/main.tf", "output \"name\" {\n  value = \"network\"\n}\n");
}

/// Whether `tollgate inspect PATH` run in `cwd` loads the module `network`.
fn loads_the_module(cwd: &Path, path: &str) -> bool {
    let inspect = json(&tollgate(&["inspect", path], cwd));
    inspect["resources"].as_array().unwrap().iter().any(|r| r["address"] == "module.network.output.name")
}

#[test]
fn the_scan_root_is_the_project_a_scanned_path_belongs_to() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    if base.ancestors().any(|d| d.join(".git").exists()) {
        return; // the temporary directory lies in a work tree, which would be the root
    }
    layered_tree(base);
    let repo = base.join("repo");
    let prod = repo.join("infra/envs/prod");
    // The working directory holds the scanned path: it is the root.
    assert!(loads_the_module(&repo, "infra/envs/prod"));
    // Scanned from inside, with nothing marking the project: the path alone is the root.
    assert!(!loads_the_module(&prod, "."));
    // The directory of tollgate.toml marks it, and so does a git work tree.
    write(base, "repo/tollgate.toml", "");
    assert!(loads_the_module(&prod, "."));
    std::fs::remove_file(repo.join("tollgate.toml")).unwrap();
    std::fs::create_dir(repo.join(".git")).unwrap();
    assert!(loads_the_module(&prod, "."));
}

#[cfg(unix)]
#[test]
fn module_files_and_installed_modules_outside_the_scan_root_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    layered_tree(base);
    std::fs::create_dir_all(base.join("repo/.git")).unwrap();
    write(base, "outside/evil.tf", format!("locals {{\n  leak = \"{MARKER}\"\n}}\n"));
    write(base, "outside/remote/main.tf", format!("output \"leak\" {{\n  value = \"{MARKER}\"\n}}\n"));
    // A module the scan reads only because it is called holds a link out of the project.
    std::os::unix::fs::symlink(base.join("outside/evil.tf"), base.join("repo/infra/modules/network/evil.tf")).unwrap();
    // `terraform init` output claiming a module lives outside the project.
    write(base, "repo/infra/envs/prod/registry.tf", "module \"remote\" {\n  source = \"acme/remote/aws\"\n}\n");
    write(
        base,
        "repo/infra/envs/prod/.terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"remote","Source":"acme/remote/aws","Dir":"../../../../outside/remote"}]}"#,
    );
    let out = run(base, &["scan", "infra/envs/prod", "--format", "json"]);
    assert_nothing_leaks(&out, base);
    let report = json(&out);
    let skipped = report["skipped"].as_array().expect("skipped");
    assert!(
        skipped.iter().any(|s| s["file"] == "infra/modules/network/evil.tf"
            && s["reason"].as_str().unwrap_or_default().contains("outside the scan root")),
        "{skipped:?}"
    );
    let remote = report["findings"].as_array().unwrap().iter().find(|f| f["address"] == "module.remote").cloned();
    let message = remote.map(|f| f["message"].as_str().unwrap_or_default().to_string()).unwrap_or_default();
    assert!(message.contains("`acme/remote/aws` is outside the scan root"), "{report}");
    // The module inside the project is loaded all the same.
    assert!(loads_the_module(&base.join("repo"), "infra/envs/prod"));
}

#[test]
fn constants_call_no_functions_so_var_values_and_defaults_read_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    write(base, "secret", MARKER);
    std::fs::create_dir_all(base.join("repo/.git")).unwrap();
    let variables = "variable \"from_tfvars\" {\n  type = string\n}\n\n\
                     variable \"from_toml\" {\n  type = list(string)\n}\n\n\
                     variable \"typed\" {\n  type    = object({ a = optional(string, file(\"../../secret\")) })\n  default = {}\n}\n\n\
                     variable \"defaulted\" {\n  type    = string\n  default = file(\"../../secret\")\n}\n";
    write(base, "repo/infra/main.tf", variables);
    write(base, "repo/infra/terraform.tfvars", "from_tfvars = file(\"../../secret\")\n");
    let toml = "[[terraform.root]]\npath = \"infra\"\nvars = { from_toml = [\"${file(\\\"../../secret\\\")}\"] }\n";
    write(base, "repo/tollgate.toml", toml);
    // Terraform calls no function in these places, so neither does Tollgate, sandbox or not.
    for allow in [&[][..], &["--allow-outside-root"]] {
        let out = run(base, &[&["inspect", "infra"][..], allow].concat());
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!stdout(&out).contains(MARKER), "{allow:?}: {}", stdout(&out));
        let scan = run(base, &[&["scan", "infra", "--format", "json"][..], allow].concat());
        assert!(!stdout(&scan).contains(MARKER), "{allow:?}: {}", stdout(&scan));
    }
}

#[test]
fn a_chart_enclosing_the_scanned_path_is_named_as_given_not_by_its_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    write(base, "repo/charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    write(base, "repo/charts/api/templates/deploy.yaml", "kind: {{ .Values.kind }}\n");
    let out = run(base, &["scan", "charts/api/templates", "--format", "json", "--allow-empty"]);
    assert_nothing_leaks(&out, base);
    let report = json(&out);
    assert_eq!(
        report["skipped"][0]["reason"],
        "inside the Helm chart directory `charts/api` (Chart.yaml): templates are not YAML; scan `charts/api` to render the chart",
        "{report}"
    );
}
