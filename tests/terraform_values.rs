//! End-to-end: Terraform evaluated with values from tollgate.toml environments, `--var-file`,
//! `--var` and `TF_VAR_*`, modules and instances, as a user runs `tollgate scan`.

mod common;

use common::{command, json, write};
use std::path::Path;

/// `tollgate scan . --format json` in `cwd`: the findings of the built-in checks and of TG112
/// (RDS publicly accessible) as `rule kind address file:line environment`.
fn scan(cwd: &Path, extra: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let mut command = command(cwd);
    command.args(["scan", ".", "--format", "json"]).args(extra);
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run tollgate");
    let mut findings: Vec<String> = json(&out)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"].as_str().is_some_and(|id| id.starts_with("TG00") || id == "TG112"))
        .map(|f| {
            format!(
                "{} {} {} {}:{} {}",
                f["rule_id"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
                f["address"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["start_line"],
                f["environment"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    findings.sort();
    findings
}

const DATABASE_MODULE: &str = r#"variable "public" {
  type = bool
}

resource "aws_db_instance" "this" {
  identifier          = "orders"
  storage_encrypted   = true
  publicly_accessible = var.public
}
"#;

#[test]
fn environments_var_files_and_command_line_values_decide_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "infra/main.tf",
        "variable \"public\" {\n  type = bool\n}\n\nmodule \"db\" {\n  source = \"../modules/db\"\n  public = var.public\n}\n",
    );
    write(root, "infra/env/prod.tfvars", "public = true\n");
    write(root, "infra/env/staging.tfvars", "public = false\n");
    write(root, "modules/db/main.tf", DATABASE_MODULE);
    write(
        root,
        "tollgate.toml",
        "[[terraform.root]]\npath = \"infra\"\n[terraform.root.environments.prod]\nvar_files = [\"env/prod.tfvars\"]\n\
         [terraform.root.environments.staging]\nvar_files = [\"env/staging.tfvars\"]\n",
    );
    let findings = scan(root, &[], &[]);
    assert_eq!(
        findings,
        vec!["TG112 fail module.db.aws_db_instance.this modules/db/main.tf:8 prod"],
        "the module is not scanned as a root of its own, and only prod is public"
    );
    // `--var` wins over every var file.
    let findings = scan(root, &["--var", "public=false"], &[]);
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn roots_without_configuration_take_tf_var_and_var_files_and_report_unknowns() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", DATABASE_MODULE);
    write(root, "extra.tfvars", "public = true\n");
    // No value: the verdict is unknown, with the reason.
    let findings = scan(root, &[], &[]);
    assert_eq!(findings, vec!["TG112 unknown aws_db_instance.this main.tf:8 -"]);
    assert_eq!(
        scan(root, &["--tf-env"], &[("TF_VAR_public", "true")]),
        vec!["TG112 fail aws_db_instance.this main.tf:8 -"]
    );
    assert_eq!(scan(root, &["--tf-env", "--var-file", "extra.tfvars"], &[("TF_VAR_public", "false")]).len(), 1);
}

#[test]
fn unknown_instances_unresolved_modules_and_invalid_values_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "main.tf",
        "variable \"n\" {}\nvariable \"size\" {\n  type = number\n}\n\nresource \"aws_instance\" \"web\" {\n  count = var.n\n}\n\n\
         module \"vpc\" {\n  source = \"terraform-aws-modules/vpc/aws\"\n}\n",
    );
    write(root, "terraform.tfvars", "size = \"big\"\n");
    let findings = scan(root, &[], &[]);
    assert_eq!(
        findings,
        vec![
            "TG001 unknown aws_instance.web main.tf:7 -",
            "TG002 unknown module.vpc main.tf:11 -",
            "TG003 fail var.size terraform.tfvars:1 -",
        ]
    );
}

#[test]
fn unknown_findings_say_which_provider_reads_a_data_source_and_in_which_module() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "main.tf",
        "provider \"aws\" {\n  region = \"eu-west-1\"\n}\n\nmodule \"network\" {\n  source = \"./network\"\n}\n",
    );
    write(
        root,
        "network/main.tf",
        "data \"aws_vpc\" \"main\" {\n  default = true\n}\n\ndata \"aws_partition\" \"current\" {}\n\n\
         resource \"aws_security_group\" \"ssh\" {\n  name = \"ssh-${data.aws_partition.current.partition}\"\n\n  ingress {\n    \
         from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [data.aws_vpc.main.cidr_block]\n  }\n}\n",
    );
    let out = command(root).args(["scan", ".", "--format", "json"]).output().expect("run tollgate");
    let report = json(&out);
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule_id"] == "TG101")
        .map(|f| f["message"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(messages.len(), 1, "{report}");
    let why = "(the value `module.network.data.aws_vpc.main.cidr_block` is read from the AWS provider during plan; \
               Tollgate does not call providers)";
    assert!(messages[0].ends_with(why), "{}", messages[0]);
    let inspect = command(root).args(["inspect", ".", "--address", "aws_security_group"]).output().expect("run");
    let name = &json(&inspect)["resources"][0]["values"]["name"];
    assert_eq!(name, "ssh-aws", "aws_partition follows from the provider's region");
}
