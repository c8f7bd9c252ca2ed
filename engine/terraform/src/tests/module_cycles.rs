//! Modules reading each other's outputs: legal unless values really need themselves (Terraform's
//! graph has a node per variable, local, output and resource, not one per module). The same
//! shapes are planned by the real Terraform in `tests/differential/configs/module_cross_references`
//! and `cycle_*`; these tests need no Terraform.

use super::project_support::*;
use crate::TerraformSettings;
use serde_json::json;
use tollgate_model::NoticeKind;

const ECHO: &str = r#"variable "label" { type = string }
variable "input" { type = any }

output "constant" { value = "constant-${var.label}" }
output "echoed" { value = var.input }

resource "aws_ssm_parameter" "this" {
  name  = var.label
  value = var.input
}
"#;

fn cycles(scan: &Scan) -> Vec<&str> {
    scan.notices(NoticeKind::InvalidConfiguration).iter().map(|n| n.message.as_str()).collect()
}

#[test]
fn modules_reading_each_others_unrelated_outputs_are_evaluated() {
    let dir = tree(&[
        (
            "main.tf",
            r#"module "a" {
  source = "./echo"
  label  = "a"
  input  = module.b.constant
}

module "b" {
  source = "./echo"
  label  = "b"
  input  = module.a.constant
}

module "counted" {
  source = "./echo"
  count  = 2
  label  = "counted-${count.index}"
  input  = module.keyed["x"].constant
}

module "keyed" {
  source   = "./echo"
  for_each = toset(["x"])
  label    = "keyed-${each.key}"
  input    = module.counted[1].constant
}

module "whole" {
  source = "./echo"
  label  = "whole"
  input  = module.reader
}

module "reader" {
  source = "./echo"
  label  = "reader"
  input  = module.whole.constant
}
"#,
        ),
        ("echo/main.tf", ECHO),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert!(scan.notices.is_empty(), "no cycle, no other notice: {:?}", scan.notices);
    assert_eq!(scan.json("module.a.aws_ssm_parameter.this", &["value"]), json!("constant-b"));
    assert_eq!(scan.json("module.b.aws_ssm_parameter.this", &["value"]), json!("constant-a"));
    assert_eq!(scan.json("module.counted[0].aws_ssm_parameter.this", &["value"]), json!("constant-keyed-x"));
    assert_eq!(scan.json(r#"module.keyed["x"].aws_ssm_parameter.this"#, &["value"]), json!("constant-counted-1"));
    assert_eq!(scan.json("module.reader.aws_ssm_parameter.this", &["value"]), json!("constant-whole"));
    assert_eq!(
        scan.json("module.whole.aws_ssm_parameter.this", &["value", "echoed"]),
        json!("constant-whole"),
        "a whole module object holds every output"
    );
}

#[test]
fn a_real_cycle_between_module_values_is_named_value_by_value_once() {
    let dir = tree(&[
        (
            "main.tf",
            r#"module "a" {
  source = "./echo"
  label  = "a"
  input  = module.b.echoed
}

module "b" {
  source = "./echo"
  label  = "b"
  input  = module.a.echoed
}
"#,
        ),
        ("echo/main.tf", ECHO),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let cycles = cycles(&scan);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    for value in ["module.a.var.input", "module.a.output.echoed", "module.b.var.input", "module.b.output.echoed"] {
        assert!(cycles[0].contains(&format!("`{value}`")), "{value} named in {}", cycles[0]);
    }
    assert!(!cycles[0].contains("`module.a`,"), "the calls themselves are not in the cycle: {}", cycles[0]);
    let value = scan.value("module.a.aws_ssm_parameter.this", &["value"]);
    assert!(value.is_unknown(), "values in the cycle are unknown");
    assert_eq!(scan.json("module.a.aws_ssm_parameter.this", &["name"]), json!("a"), "the rest is evaluated");
}

#[test]
fn a_module_whose_count_needs_its_own_outputs_is_a_cycle() {
    let dir = tree(&[
        (
            "main.tf",
            r#"module "a" {
  source = "./echo"
  count  = length(module.b.echoed)
  label  = "a"
  input  = "x"
}

module "b" {
  source = "./echo"
  label  = "b"
  input  = module.a[*].constant
}
"#,
        ),
        ("echo/main.tf", ECHO),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let cycles = cycles(&scan);
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(cycles[0].contains("`module.a`, `module.b.output.echoed`, `module.b.var.input`"), "{}", cycles[0]);
}
