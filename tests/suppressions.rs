//! Inline suppressions end to end, through the binary: every syntax (Tollgate comments in HCL and
//! YAML, above a block, above an attribute or on its line; the Kubernetes annotation; Checkov and
//! Trivy/tfsec comments), reasons and `require_reason`, expiry, unused and malformed suppressions,
//! `--no-inline-ignores`, and the gate.

mod common;

use common::{json, tollgate, write};
use serde_json::Value;
use std::path::Path;

/// A security group open to the internet on port 22 (TG101, critical, at its `cidr_blocks` line)
/// after `before` lines, with `attribute` written above `cidr_blocks` and `trailing` after it.
fn open_group(name: &str, before: &str, attribute: &str, trailing: &str) -> String {
    format!(
        "{before}resource \"aws_security_group\" \"{name}\" {{\n  name = \"{name}\"\n  ingress {{\n    from_port   = 22\n    \
         to_port     = 22\n    protocol    = \"tcp\"\n{attribute}    cidr_blocks = [\"0.0.0.0/0\"]{trailing}\n  }}\n  \
         tags = {{ owner = \"a\", environment = \"b\", cost-center = \"c\" }}\n}}\n"
    )
}

/// `rule file:line -> suppression location (reason)` for every finding of the rules in `rules`.
fn rows(report: &Value, rules: &[&str]) -> Vec<String> {
    let findings = report["findings"].as_array().expect("findings");
    findings
        .iter()
        .filter(|f| rules.iter().any(|rule| f["rule_id"] == *rule))
        .map(|f| {
            let suppression = match &f["suppression"] {
                Value::Null => "-".to_string(),
                s => format!(
                    "{} ({})",
                    s["location"].as_str().unwrap_or("?"),
                    s["justification"].as_str().unwrap_or("-")
                ),
            };
            format!(
                "{} {}:{} -> {suppression}",
                f["rule_id"].as_str().unwrap_or("?"),
                f["file"].as_str().unwrap_or("?"),
                f["start_line"]
            )
        })
        .collect()
}

/// The messages of the findings of the rules in `rules`, in report order.
fn messages<'a>(report: &'a Value, rules: &[&str]) -> Vec<&'a str> {
    let findings = report["findings"].as_array().expect("findings");
    findings
        .iter()
        .filter(|f| rules.iter().any(|rule| f["rule_id"] == *rule))
        .map(|f| f["message"].as_str().unwrap_or_default())
        .collect()
}

fn scan(root: &Path, extra: &[&str]) -> (Value, Option<i32>) {
    let mut args = vec!["scan", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let output = tollgate(&args, root);
    (json(&output), output.status.code())
}

#[test]
fn hcl_comments_above_a_block_above_an_attribute_and_on_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = [
        open_group("block", "# tollgate:ignore TG101 until=2999-12-31 -- bastion behind the VPN\n", "", ""),
        open_group("attribute", "", "    // tollgate:ignore security-group-open-admin-port -- reviewed\n", ""),
        open_group("same_line", "", "", " # tollgate:ignore tg101"),
        open_group("open", "", "", ""),
    ]
    .join("\n");
    write(dir.path(), "main.tf", text);
    let (report, code) = scan(dir.path(), &[]);
    assert_eq!(
        rows(&report, &["TG101"]),
        vec![
            "TG101 main.tf:8 -> main.tf:1 (bastion behind the VPN)",
            "TG101 main.tf:20 -> main.tf:19 (reviewed)",
            "TG101 main.tf:31 -> main.tf:31 (-)",
            "TG101 main.tf:42 -> -",
        ]
    );
    assert_eq!(report["findings"][0]["suppression"]["until"], "2999-12-31");
    assert_eq!(report["findings"][0]["suppression"]["kind"], "inSource");
    assert_eq!((report["summary"]["suppressed"].as_u64(), report["summary"]["blocking"].as_u64()), (Some(3), Some(1)));
    assert_eq!(code, Some(1), "the unsuppressed group still fails the gate");
}

#[test]
fn the_gate_passes_when_the_only_blocking_finding_is_suppressed() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "main.tf", open_group("ssh", "# tollgate:ignore TG101 -- bastion\n", "", ""));
    let output = tollgate(&["scan", "."], dir.path());
    let text = common::stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("suppressed: 1 finding accepted by inline suppressions (--verbose lists them)"), "{text}");
    assert!(text.contains("1 of them suppressed"), "{text}");
    let verbose = common::stdout(&tollgate(&["scan", ".", "--verbose"], dir.path()));
    assert!(verbose.contains("suppressed at main.tf:1: bastion"), "{verbose}");
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: agent\n  namespace: ops\n\
                          @OBJECT@spec:\n  selector:\n    matchLabels: {app: agent}\n  template:\n    metadata:\n      \
                          labels: {app: agent}\n@TEMPLATE@    spec:\n      containers:\n        - name: agent\n          \
                          image: registry.example.com/agent:1.0.0\n          securityContext:\n@COMMENT@            \
                          privileged: true\n";

fn deployment(annotations: &str, template_annotations: &str, comment: &str) -> String {
    DEPLOYMENT
        .replace("@OBJECT@", annotations)
        .replace("@TEMPLATE@", template_annotations)
        .replace("@COMMENT@", comment)
}

#[test]
fn yaml_comments_and_kubernetes_annotations_in_tollgate_and_checkov_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let comment = deployment("", "", "            # tollgate:ignore TG201,TG206 -- node agent\n");
    let object = deployment("  annotations:\n    tollgate.dev/ignore: \"TG201 -- whole object\"\n", "", "");
    let template =
        deployment("", "      annotations:\n        tollgate.dev/ignore-privileged: TG201 until=2999-01-01\n", "");
    write(dir.path(), "comment.yaml", comment);
    write(dir.path(), "object.yaml", object);
    write(dir.path(), "template.yaml", template);
    let checkov = deployment("  annotations:\n    checkov.io/skip1: CKV_K8S_20=needs setuid\n", "", "");
    write(dir.path(), "checkov.yaml", checkov);
    let (report, _) = scan(dir.path(), &[]);
    assert_eq!(
        rows(&report, &["TG201", "TG206"]),
        vec![
            "TG201 checkov.yaml:19 -> -",
            "TG206 checkov.yaml:19 -> checkov.yaml:7 (needs setuid)",
            "TG201 comment.yaml:18 -> comment.yaml:17 (node agent)",
            "TG206 comment.yaml:18 -> comment.yaml:17 (node agent)",
            "TG201 object.yaml:19 -> object.yaml:7 (whole object)",
            "TG206 object.yaml:19 -> -",
            "TG201 template.yaml:19 -> template.yaml:13 (-)",
            "TG206 template.yaml:19 -> -",
        ]
    );
}

#[test]
fn checkov_and_trivy_comments_suppress_the_rules_that_declare_their_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = [
        open_group("checkov", "", "    #checkov:skip=CKV_AWS_24:SSH from the office range only\n", ""),
        open_group("trivy", "#trivy:ignore:AVD-AWS-0107\n", "", ""),
        open_group("tfsec", "", "", " #tfsec:ignore:aws-ec2-no-public-ingress-sgr"),
        open_group("other_tool", "#trivy:ignore:AVD-AWS-0999 checkov:skip=CKV_AWS_1\n", "", ""),
    ]
    .join("\n");
    write(dir.path(), "main.tf", text);
    let (report, _) = scan(dir.path(), &[]);
    assert_eq!(
        rows(&report, &["TG101", "TG005", "TG006"]),
        vec![
            "TG101 main.tf:8 -> main.tf:7 (SSH from the office range only)",
            "TG101 main.tf:20 -> main.tf:13 (-)",
            "TG101 main.tf:31 -> main.tf:31 (-)",
            "TG101 main.tf:43 -> -",
        ],
        "ids no rule declares are left to their tool, and never reported"
    );
}

#[test]
fn require_reason_turns_reasonless_suppressions_into_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "tollgate.toml", "require_reason = true\n");
    let text = [
        open_group("reasoned", "# tollgate:ignore TG101 -- bastion\n", "", ""),
        open_group("bare", "# tollgate:ignore TG101\n", "", ""),
        open_group("trivy", "#trivy:ignore:AVD-AWS-0107\n", "", ""),
    ]
    .join("\n");
    write(dir.path(), "main.tf", text);
    let (report, code) = scan(dir.path(), &[]);
    assert_eq!(
        rows(&report, &["TG101", "TG006"]),
        vec![
            "TG101 main.tf:8 -> main.tf:1 (bastion)",
            "TG006 main.tf:13 -> -",
            "TG101 main.tf:20 -> -",
            "TG006 main.tf:25 -> -",
            "TG101 main.tf:32 -> -",
        ]
    );
    let reasonless = messages(&report, &["TG006"]);
    assert!(reasonless.iter().all(|m| m.contains("require_reason = true")), "{reasonless:?}");
    assert_eq!(code, Some(1));
}

#[test]
fn expired_unused_and_malformed_suppressions_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = [
        open_group("expired", "# tollgate:ignore TG101 until=2020-01-31 -- until the VPN\n", "", ""),
        open_group("unused", "# tollgate:ignore TG101,TG102 -- bastion\n", "", ""),
        open_group("typo", "# tollgate:ignore TG1O1 -- bastion\n", "", ""),
    ]
    .join("\n");
    write(dir.path(), "main.tf", text);
    let (report, code) = scan(dir.path(), &[]);
    assert_eq!(
        rows(&report, &["TG101", "TG004", "TG005", "TG006"]),
        vec![
            "TG004 main.tf:1 -> -",
            "TG101 main.tf:8 -> -",
            "TG005 main.tf:13 -> -",
            "TG101 main.tf:20 -> main.tf:13 (bastion)",
            "TG006 main.tf:25 -> -",
            "TG101 main.tf:32 -> -",
        ]
    );
    let reported = messages(&report, &["TG004", "TG005", "TG006"]);
    assert!(reported[0].contains("expired on 2020-01-31"), "{reported:?}");
    assert!(reported[1].contains("TG102 reports no finding"), "{reported:?}");
    assert!(reported[2].contains("names no rule `TG1O1`"), "{reported:?}");
    assert_eq!(code, Some(1), "the expired suppression's finding blocks again");
    let (only_tg102, _) = scan(dir.path(), &["--rule", "TG102"]);
    let unused = messages(&only_tg102, &["TG005"]);
    assert_eq!(unused.len(), 1, "TG101 did not run, so its name is not unused: {unused:?}");
    assert!(unused[0].contains("TG102 reports no finding"), "{unused:?}");
}

#[test]
fn no_inline_ignores_shows_every_finding_as_if_unsuppressed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = [
        open_group("a", "# tollgate:ignore TG101 -- bastion\n", "", ""),
        open_group("b", "# tollgate:ignore TG101 until=2020-01-01\n", "", ""),
    ]
    .join("\n");
    write(dir.path(), "main.tf", text);
    let expected = vec!["TG101 main.tf:8 -> -", "TG101 main.tf:20 -> -"];
    let (flag, code) = scan(dir.path(), &["--no-inline-ignores"]);
    assert_eq!(rows(&flag, &["TG101", "TG004", "TG005", "TG006"]), expected);
    assert_eq!((flag["summary"]["suppressed"].as_u64(), code), (Some(0), Some(1)));
    write(dir.path(), "tollgate.toml", "inline_ignores = false\n");
    let (config, _) = scan(dir.path(), &[]);
    assert_eq!(rows(&config, &["TG101", "TG004", "TG005", "TG006"]), expected);
}
