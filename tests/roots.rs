//! End-to-end: every Terraform root is its own scan. Several roots (examples, environments,
//! tests) calling one module each get their own findings, naming the root and the `module`
//! blocks from it down; nothing is merged across roots.

mod common;

use common::{json, stdout, tollgate, write};
use serde_json::Value as Json;

const CLUSTER_MODULE: &str = r#"variable "name" { type = string }

resource "aws_eks_cluster" "this" {
  name     = var.name
  role_arn = "arn:aws:iam::123456789012:role/eks"

  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
"#;

/// A repository in the shape of public modules: the module at the top, roots under examples/
/// and tests/, one of them calling it twice and one through a wrapper module.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "modules/cluster/main.tf", CLUSTER_MODULE);
    for example in ["basic", "complete", "karpenter"] {
        let call = format!("module \"eks\" {{\n  source = \"../../modules/cluster\"\n  name   = \"{example}\"\n}}\n");
        write(root, &format!("examples/{example}/main.tf"), call);
    }
    write(
        root,
        "examples/two-clusters/main.tf",
        r#"module "blue" {
  source = "../../modules/cluster"
  name   = "blue"
}

module "green" {
  source = "../../modules/cluster"
  name   = "green"
}
"#,
    );
    write(root, "tests/wrapped/main.tf", "module \"wrapper\" {\n  source = \"./wrapper\"\n}\n");
    write(
        root,
        "tests/wrapped/wrapper/main.tf",
        "\nmodule \"inner\" {\n  source = \"../../../modules/cluster\"\n  name   = \"wrapped\"\n}\n",
    );
    dir
}

fn public_endpoint_findings(report: &Json) -> Vec<&Json> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["rule_id"] == "TG108").collect()
}

#[test]
fn each_root_calling_a_module_gets_its_own_finding_with_root_and_call_chain() {
    let dir = repository();
    let out = tollgate(&["scan", ".", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let report = json(&out);
    let findings = public_endpoint_findings(&report);
    let mut seen: Vec<(String, String, Vec<String>)> = findings
        .iter()
        .map(|f| {
            let chain = f["call_chain"]
                .as_array()
                .unwrap()
                .iter()
                .map(|site| {
                    format!("{} {}:{}", site["address"].as_str().unwrap(), site["file"].as_str().unwrap(), site["line"])
                })
                .collect();
            (f["root"].as_str().unwrap().to_string(), f["address"].as_str().unwrap().to_string(), chain)
        })
        .collect();
    seen.sort();
    let expected = [
        ("examples/basic", "module.eks.aws_eks_cluster.this", vec!["module.eks examples/basic/main.tf:1"]),
        ("examples/complete", "module.eks.aws_eks_cluster.this", vec!["module.eks examples/complete/main.tf:1"]),
        ("examples/karpenter", "module.eks.aws_eks_cluster.this", vec!["module.eks examples/karpenter/main.tf:1"]),
        (
            "examples/two-clusters",
            "module.blue.aws_eks_cluster.this",
            vec!["module.blue examples/two-clusters/main.tf:1"],
        ),
        (
            "examples/two-clusters",
            "module.green.aws_eks_cluster.this",
            vec!["module.green examples/two-clusters/main.tf:6"],
        ),
        (
            "tests/wrapped",
            "module.wrapper.module.inner.aws_eks_cluster.this",
            vec![
                "module.wrapper tests/wrapped/main.tf:1",
                "module.wrapper.module.inner tests/wrapped/wrapper/main.tf:2",
            ],
        ),
    ];
    let expected: Vec<(String, String, Vec<String>)> = expected
        .into_iter()
        .map(|(root, address, chain)| (root.into(), address.into(), chain.into_iter().map(String::from).collect()))
        .collect();
    assert_eq!(seen, expected, "one finding per root and cluster, none merged");
    for finding in &findings {
        assert_eq!(finding["file"], "modules/cluster/main.tf", "located in the module's own file");
        assert_eq!(
            (finding["start_line"].as_u64(), finding["end_line"].as_u64()),
            (Some(7), Some(9)),
            "at `vpc_config`"
        );
    }
}

#[test]
fn the_text_report_groups_the_roots_of_one_finding_and_names_each_caller() {
    let dir = repository();
    let out = tollgate(&["scan", ".", "--format", "text", "--min-severity", "high"], dir.path());
    let text = stdout(&out);
    assert_eq!(text.matches("high[TG108]").count(), 1, "one header for the module's lines: {text}");
    for label in [
        "module.eks.aws_eks_cluster.this (eks-public-endpoint-open) [roots examples/basic, examples/complete, examples/karpenter]",
        "module.blue.aws_eks_cluster.this (eks-public-endpoint-open) [root examples/two-clusters]",
        "module.wrapper.module.inner.aws_eks_cluster.this (eks-public-endpoint-open) [root tests/wrapped]",
        "= called from examples/karpenter/main.tf:1 (module.eks)",
        "= called from examples/two-clusters/main.tf:6 (module.green)",
        "= called from tests/wrapped/main.tf:1 (module.wrapper) -> tests/wrapped/wrapper/main.tf:2 (module.wrapper.module.inner)",
    ] {
        assert!(text.contains(label), "{label} in:\n{text}");
    }
    let concise = stdout(&tollgate(&["scan", ".", "--format", "concise", "--min-severity", "high"], dir.path()));
    assert_eq!(concise.matches("TG108").count(), 6, "one line per root and cluster: {concise}");
    assert!(concise.contains("TG108 module.eks.aws_eks_cluster.this [root examples/complete]:"), "{concise}");
}

#[test]
fn inspect_shows_each_resources_root() {
    let dir = repository();
    let out = tollgate(&["inspect", ".", "--address", "aws_eks_cluster"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let graph = json(&out);
    let mut roots: Vec<&str> =
        graph["resources"].as_array().unwrap().iter().map(|r| r["origin"]["root"].as_str().unwrap()).collect();
    roots.sort();
    assert_eq!(
        roots,
        [
            "examples/basic",
            "examples/complete",
            "examples/karpenter",
            "examples/two-clusters",
            "examples/two-clusters",
            "tests/wrapped"
        ]
    );
}
