//! Conftest's file formats beyond YAML, JSON and HCL 2, end to end: TOML, INI, Dockerfile,
//! `.env`, XML and properties files given to Conftest-style policies in Conftest's document shapes,
//! `--parser` (flag, `[policy] parser`), and formats Tollgate does not parse, which are an
//! error when named and a skip in a directory walk, never "invalid YAML" or a silent pass.

mod common;

use common::{json, piped, policy_rows, tollgate, write};
use serde_json::Value;
use std::path::Path;

/// One rule per format, each reading the shape Conftest gives that format.
const POLICY: &str = r#"package main

deny_ini contains msg if {
  input.server.debug == true
  msg := "INI: debug is on"
}

deny_toml contains msg if {
  input.database.tls == false
  msg := "TOML: database tls is off"
}

deny_dockerfile contains msg if {
  some i
  input[i].Cmd == "user"
  input[i].Value[0] == "root"
  input[i].Stage == 1
  msg := "Dockerfile: the final stage runs as root"
}

deny_dotenv contains msg if {
  input.DB_PASSWORD
  msg := ".env: a password is committed"
}

deny_xml contains msg if {
  input.project.dependency[_]["-scope"] == "system"
  msg := "XML: a system-scoped dependency"
}

deny_properties contains msg if {
  input["spring.datasource.password"] != ""
  msg := "properties: a datasource password is committed"
}
"#;

fn tree(root: &Path) {
    write(root, "policy/formats.rego", POLICY);
    write(root, "cfg/app.toml", "title = \"shop\"\n\n[database]\nhost = \"db\"\ntls = false\n");
    write(root, "cfg/app.ini", "; shop settings\n[server]\nport = 8080\ndebug = true\n");
    write(root, "cfg/Dockerfile", "FROM golang:1.22 AS build\nRUN go build\n\nFROM alpine:3\nUSER root\n");
    write(root, "cfg/.env", "DB_HOST=db\nDB_PASSWORD=hunter2\n");
    write(
        root,
        "cfg/pom.xml",
        "<project>\n  <dependency scope=\"system\">a</dependency>\n  <dependency>b</dependency>\n</project>\n",
    );
    write(
        root,
        "cfg/application.properties",
        "# shop\nspring.datasource.url = jdbc:pg://db\nspring.datasource.password: s3cret\n",
    );
}

fn scan(root: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let mut all = vec!["scan", "--format", "json"];
    all.extend_from_slice(args);
    let output = tollgate(&all, root);
    (json(&output), output.status.code())
}

/// "file:line message" of the load errors.
fn errors(report: &Value) -> Vec<String> {
    let errors = report["errors"].as_array().expect("errors");
    errors
        .iter()
        .map(|e| {
            format!(
                "{}:{} {}",
                e["file"].as_str().unwrap_or_default(),
                e["line"],
                e["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

fn skipped(report: &Value) -> Vec<String> {
    let skipped = report["skipped"].as_array().expect("skipped");
    skipped
        .iter()
        .map(|s| format!("{}: {}", s["file"].as_str().unwrap_or_default(), s["reason"].as_str().unwrap_or_default()))
        .collect()
}

#[test]
fn a_conftest_policy_denies_on_each_format_at_the_file_and_its_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    tree(dir.path());
    let (report, code) = scan(dir.path(), &["cfg"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        policy_rows(&report),
        [
            "main.deny_dotenv high cfg/.env cfg/.env:1-2",
            "main.deny_dockerfile high cfg/Dockerfile cfg/Dockerfile:1-5",
            "main.deny_ini high cfg/app.ini cfg/app.ini:1-4",
            "main.deny_toml high cfg/app.toml cfg/app.toml:1-5",
            "main.deny_properties high cfg/application.properties cfg/application.properties:1-3",
            "main.deny_xml high cfg/pom.xml cfg/pom.xml:1-4",
        ]
    );
    assert_eq!(report["summary"]["files_scanned"], 6);
    assert!(errors(&report).is_empty(), "{:?}", errors(&report));
}

#[test]
fn without_a_conftest_policy_these_files_cost_nothing_and_a_named_one_is_skipped_not_invalid_yaml() {
    let dir = tempfile::tempdir().expect("tempdir");
    tree(dir.path());
    std::fs::remove_dir_all(dir.path().join("policy")).expect("rm policy");
    write(dir.path(), "cfg/deploy.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    let (walked, _) = scan(dir.path(), &["cfg"]);
    assert_eq!(walked["summary"]["files_scanned"], 1, "only the manifest is read");
    assert!(skipped(&walked).is_empty(), "{:?}", skipped(&walked));

    let (named, code) = scan(dir.path(), &["cfg/Dockerfile", "--allow-empty"]);
    assert_eq!(code, Some(0));
    assert!(errors(&named).is_empty(), "{:?}", errors(&named));
    assert_eq!(
        skipped(&named),
        ["cfg/Dockerfile: Dockerfile file: only Conftest-style policies read it, and none is loaded (--policy)"]
    );
}

#[test]
fn a_file_that_does_not_parse_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    tree(dir.path());
    write(dir.path(), "cfg/app.toml", "[database]\ntls = \n");
    write(dir.path(), "cfg/Dockerfile", "FROM alpine:3\nRUNN make\n");
    let (report, code) = scan(dir.path(), &["cfg"]);
    assert_eq!(code, Some(1), "a file policies could not check fails the gate");
    assert_eq!(
        errors(&report),
        [
            "cfg/Dockerfile:2 invalid Dockerfile: unknown instruction: RUNN",
            "cfg/app.toml:2 invalid TOML: string values must be quoted, expected literal string",
        ]
    );
}

#[test]
fn parser_forces_one_parser_on_every_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    tree(dir.path());
    write(dir.path(), "cfg/settings.cfg", "[server]\ndebug = true\n");
    let (report, _) = scan(dir.path(), &["cfg/settings.cfg", "--parser", "ini"]);
    assert_eq!(policy_rows(&report), ["main.deny_ini high cfg/settings.cfg cfg/settings.cfg:1-2"]);

    write(dir.path(), "tollgate.toml", "[policy]\nparser = \"dockerfile\"\n");
    write(dir.path(), "cfg/build.txt", "FROM a\nFROM b\nUSER root\n");
    let (from_config, _) = scan(dir.path(), &["cfg/build.txt"]);
    assert_eq!(policy_rows(&from_config), ["main.deny_dockerfile high cfg/build.txt cfg/build.txt:1-3"]);

    let output = piped(&["scan", "-", "--format", "json", "--parser", "dotenv"], dir.path(), b"DB_PASSWORD=x\n");
    assert_eq!(policy_rows(&json(&output)), ["main.deny_dotenv high <stdin> <stdin>:1-1"], "standard input too");

    let output = tollgate(&["scan", "cfg", "--parser", "yml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "unknown parser `yml`: valid parsers are dockerfile, dotenv, hcl2, ini, json, properties, toml, xml, yaml"
        ),
        "{stderr}"
    );
}

#[test]
fn a_format_tollgate_does_not_parse_is_an_error_when_named_or_forced_and_a_skip_in_a_walk() {
    let dir = tempfile::tempdir().expect("tempdir");
    tree(dir.path());
    write(dir.path(), "cfg/schema.cue", "package shop\n");
    write(dir.path(), "cfg/app.jsonnet", "{a: 1}\n");
    let (walked, _) = scan(dir.path(), &["cfg"]);
    assert_eq!(
        skipped(&walked),
        [
            "cfg/app.jsonnet: Conftest's `jsonnet` format, which Tollgate does not parse: Conftest-style policies did not see this file",
            "cfg/schema.cue: Conftest's `cue` format, which Tollgate does not parse: Conftest-style policies did not see this file",
        ]
    );

    let (named, code) = scan(dir.path(), &["cfg/schema.cue"]);
    assert_eq!(code, Some(1));
    let named_errors = errors(&named);
    assert_eq!(named_errors.len(), 1);
    assert!(
        named_errors[0].starts_with(
            "cfg/schema.cue:1 Conftest's `cue` format, which Tollgate does not parse: this file was not checked"
        ),
        "{named_errors:?}"
    );
    assert!(!named_errors[0].contains("YAML"), "{named_errors:?}");

    let (forced, _) = scan(dir.path(), &["cfg/app.toml", "--parser", "hocon"]);
    assert!(errors(&forced)[0].starts_with("cfg/app.toml:1 Conftest's `hocon` format"), "{:?}", errors(&forced));
}

/// `parse_config` reads every format the scan reads, through the same parsers; a Conftest
/// parser Tollgate lacks is an error of the rule naming the format, never a silent pass.
#[test]
fn parse_config_reads_every_format_and_names_the_ones_tollgate_lacks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    let policy = r#"package main

deny contains "toml" if parse_config("toml", "[db]\ntls = false\n").db.tls == false
deny contains "ini" if parse_config("ini", "[s]\nport = 80\n").s.port == 80
deny contains "properties" if parse_config("properties", "a.b = c\n")["a.b"] == "c"
deny contains "dockerfile" if parse_config("dockerfile", "FROM alpine\n")[0][0].Cmd == "from"
deny contains "dotenv" if parse_config("dotenv", "A=1\n").A == "1"
deny contains "xml" if parse_config("xml", "<a><b>x</b></a>").a.b == "x"
deny_jenkins contains "groovy" if parse_config("groovy", "pipeline {}")
"#;
    write(root, "policy/p.rego", policy);
    let (report, _) = scan(root, &["k8s"]);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule_id"] == "main.deny")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(messages.len(), 6, "{report}");
    for format in ["toml", "ini", "properties", "dockerfile", "dotenv", "xml"] {
        assert!(messages.iter().any(|m| m.starts_with(format)), "{format}: {messages:?}");
    }
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("Conftest's `groovy` format, which Tollgate does not parse"), "{errors:?}");
}

/// A `.hcl` file (Terragrunt, Packer...) is HCL 2 for Conftest-style policies, as Conftest reads
/// it, in the shape its converter gives; it is not Terraform, so it adds no resource and no
/// bundled rule looks at it. Without such a policy a named one is skipped; a broken one is an error.
#[test]
fn hcl_files_are_hcl2_documents_for_conftest_policies_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let terragrunt = "include \"root\" {\n  path = find_in_parent_folders()\n}\n\n\
                      resource \"aws_s3_bucket\" \"b\" {\n  acl = \"public-read\"\n}\n";
    write(root, "live/terragrunt.hcl", terragrunt);
    let policy = "package main\n\ndeny contains sprintf(\"include path %s\", [input.include.root.path]) if true\n";
    write(root, "policy/hcl.rego", policy);
    let (report, code) = scan(root, &["live"]);
    assert_eq!(code, Some(1));
    assert_eq!(policy_rows(&report), ["main.deny high live/terragrunt.hcl live/terragrunt.hcl:1-7"]);
    assert!(report.to_string().contains("include path ${find_in_parent_folders()}"), "{report}");
    assert_eq!(report["summary"]["resources"], 0, "not Terraform: {report}");
    assert!(errors(&report).is_empty(), "{:?}", errors(&report));

    write(root, "live/broken.hcl", "a = {\n");
    let (broken, _) = scan(root, &["live/broken.hcl"]);
    assert_eq!(errors(&broken).len(), 1, "{:?}", errors(&broken));
    assert!(errors(&broken)[0].starts_with("live/broken.hcl:"), "{:?}", errors(&broken));

    std::fs::remove_dir_all(root.join("policy")).expect("rm policy");
    let (named, _) = scan(root, &["live/terragrunt.hcl", "--allow-empty"]);
    assert_eq!(
        skipped(&named),
        ["live/terragrunt.hcl: HCL 2 file: only Conftest-style policies read it, and none is loaded (--policy)"]
    );
}
