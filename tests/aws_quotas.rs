//! AWS quota projections end to end: the AWS defaults, the account's values from
//! `[quotas.aws]` in `tollgate.toml` winning over them, the vCPU quota that has no default, and
//! a configuration key that names no quota.

mod common;

use common::tollgate;
use std::fs;
use std::path::Path;

const ESTATE: &str = r#"
provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "tenant" {
  count      = 6
  cidr_block = "10.${count.index}.0.0/16"
}

resource "aws_eks_node_group" "apps" {
  cluster_name    = "main"
  node_group_name = "apps"
  node_role_arn   = "arn:aws:iam::123456789012:role/nodes"
  subnet_ids      = ["subnet-0123456789abcdef0"]
  instance_types  = ["m5.xlarge"]
  scaling_config {
    desired_size = 3
    max_size     = 10
    min_size     = 1
  }
}
"#;

fn estate(config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("main.tf"), ESTATE).expect("write main.tf");
    if let Some(config) = config {
        fs::write(dir.path().join("tollgate.toml"), config).expect("write tollgate.toml");
    }
    dir
}

/// `kind rule address start-end: message` of the quota findings.
fn quota_findings(dir: &Path) -> Vec<(String, String)> {
    let out = tollgate(&["scan", ".", "--format", "json", "--category", "quota"], dir);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let findings = report["findings"].as_array().expect("findings");
    findings
        .iter()
        .map(|f| {
            let row = format!(
                "{} {} {} {}-{}",
                f["kind"].as_str().unwrap_or_default(),
                f["rule_id"].as_str().unwrap_or_default(),
                f["address"].as_str().unwrap_or_default(),
                f["start_line"],
                f["end_line"]
            );
            (row, f["message"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn defaults_apply_and_the_vcpu_quota_asks_for_the_accounts_value() {
    let dir = estate(None);
    let findings = quota_findings(dir.path());
    let rows: Vec<&str> = findings.iter().map(|(row, _)| row.as_str()).collect();
    assert_eq!(rows, ["fail TG410 aws_vpc.tenant[5] 6-9", "unknown TG412 aws_eks_node_group.apps 11-22"]);
    let vpcs = &findings[0].1;
    assert!(vpcs.contains("VPCs per Region (`vpc/L-F678F1CE`) in eu-west-1"), "{vpcs}");
    assert!(vpcs.contains("the quota is 5 (the AWS default"), "{vpcs}");
    assert!(vpcs.contains("this deployment counts 6"), "{vpcs}");
    let vcpus = &findings[1].1;
    assert!(vcpus.contains("needs 12 now and 40 at maximum scale"), "{vcpus}");
    assert!(vcpus.contains("`[quotas.aws] \"ec2/L-1216C47A\" = <your account's value>`"), "{vcpus}");
}

#[test]
fn the_accounts_values_win_over_the_defaults() {
    let config = "[quotas.aws]\n\"vpc/L-F678F1CE\" = 10\n\"ec2/L-1216C47A\" = 32\n";
    let dir = estate(Some(config));
    let findings = quota_findings(dir.path());
    let rows: Vec<&str> = findings.iter().map(|(row, _)| row.as_str()).collect();
    // 6 VPCs fit 10; 12 vCPUs fit 32 now, 40 at max_size do not.
    assert_eq!(rows, ["fail TG413 aws_eks_node_group.apps 11-22"]);
    let message = &findings[0].1;
    assert!(message.contains("the quota is 32 (your value in tollgate.toml `[quotas.aws]`)"), "{message}");
    assert!(message.contains("counts 12 now and 40 at maximum scale"), "{message}");
}

#[test]
fn a_key_that_names_no_quota_is_an_error_listing_the_known_keys() {
    let dir = estate(Some("[quotas.aws]\n\"ec2/vcpus\" = 32\n"));
    let out = tollgate(&["scan", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no AWS quota `ec2/vcpus`"), "{stderr}");
    assert!(stderr.contains("`ec2/L-1216C47A`") && stderr.contains("`rds/DB instances`"), "{stderr}");
}
