//! Variables from every source in Terraform's precedence, type constraints, locals.

use super::project_support::*;
use crate::{EnvironmentSettings, RootSettings, TerraformSettings};
use serde_json::json;
use tollgate_model::{NoticeKind, UnknownReason};

const DECLARATIONS: &str = r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "g" { default = "default" }
variable "h" { default = "default" }
variable "i" { default = "default" }
variable "unset" {}
resource "t_r" "x" {
  values = [var.a, var.b, var.c, var.d, var.e, var.f, var.g, var.h, var.i]
  unset  = var.unset
}
"#;

#[test]
fn sources_apply_in_terraforms_order_of_precedence() {
    let dir = tree(&[
        ("main.tf", DECLARATIONS),
        ("terraform.tfvars", "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nf = \"tfvars\"\ng = \"tfvars\"\nh = \"tfvars\"\ni = \"tfvars\"\n"),
        ("terraform.tfvars.json", r#"{"c": "tfvars.json", "d": "tfvars.json", "e": "tfvars.json", "f": "tfvars.json", "g": "tfvars.json", "h": "tfvars.json", "i": "tfvars.json"}"#),
        ("a.auto.tfvars", "d = \"a.auto\"\ne = \"a.auto\"\nf = \"a.auto\"\ng = \"a.auto\"\nh = \"a.auto\"\ni = \"a.auto\"\n"),
        ("b.auto.tfvars.json", r#"{"e": "b.auto", "f": "b.auto", "g": "b.auto", "h": "b.auto", "i": "b.auto"}"#),
        ("common.tfvars", "f = \"common\"\ng = \"common\"\nh = \"common\"\ni = \"common\"\n"),
        ("prod.tfvars", "g = \"prod\"\nh = \"prod\"\ni = \"prod\"\n"),
        ("cli.tfvars", "h = \"cli-file\"\ni = \"cli-file\"\n"),
    ]);
    let root = dir.path();
    let settings = TerraformSettings {
        roots: vec![RootSettings {
            path: root.to_path_buf(),
            environments: vec![EnvironmentSettings {
                name: "prod".into(),
                var_files: vec![root.join("prod.tfvars")],
                vars: Vec::new(),
            }],
        }],
        var_files: vec![root.join("common.tfvars")],
        cli_var_files: vec![root.join("cli.tfvars")],
        cli_vars: vec![("i".into(), "cli-var".into())],
        env_vars: vec![("a".into(), "env".into()), ("b".into(), "env".into())],
        sandbox: None,
    };
    let scan = scan(root, settings);
    assert_eq!(
        scan.json("t_r.x", &["values"]),
        json!(["env", "tfvars", "tfvars.json", "a.auto", "b.auto", "common", "prod", "cli-file", "cli-var"])
    );
    let unset = scan.value("t_r.x", &["unset"]).as_unknown().unwrap();
    assert_eq!((unset.reason, unset.source.as_str()), (UnknownReason::UnsetVariable, "var.unset"));
    assert_eq!(scan.get("t_r.x").terraform().unwrap().environment.as_deref(), Some("prod"));
}

#[test]
fn values_are_located_where_they_are_used_and_variables_show_their_value() {
    let dir = tree(&[
        ("main.tf", "variable \"enc\" { type = bool }\nresource \"t_r\" \"x\" {\n  encrypted = var.enc\n}\n"),
        ("terraform.tfvars", "enc = false\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let value = scan.value("t_r.x", &["encrypted"]);
    assert_eq!(value.as_bool(), Some(false));
    assert_eq!(scan.location(value), ("main.tf".to_string(), 3));
    // The variable's own resource shows the value where it was given.
    let given = scan.value("var.enc", &["value"]);
    assert_eq!(scan.location(given), ("terraform.tfvars".to_string(), 1));
}

#[test]
fn type_constraints_convert_and_fill_optional_attributes() {
    let dir = tree(&[
        (
            "main.tf",
            r#"
variable "port" { type = number }
variable "names" { type = list(string) }
variable "zones" { type = set(string) }
variable "settings" {
  type = object({
    name    = string
    size    = optional(number, 20)
    tags    = optional(map(string), {})
    backup  = optional(object({ enabled = optional(bool, true) }), {})
    comment = optional(string)
  })
}
resource "t_r" "x" {
  port     = var.port
  names    = var.names
  zones    = var.zones
  settings = var.settings
}
"#,
        ),
        (
            "terraform.tfvars",
            "port = \"8080\"\nnames = [1, true]\nzones = [\"b\", \"a\", \"b\"]\nsettings = { name = \"db\", extra = 1 }\n",
        ),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.json("t_r.x", &["port"]), json!(8080));
    assert_eq!(scan.json("t_r.x", &["names"]), json!(["1", "true"]));
    assert_eq!(scan.json("t_r.x", &["zones"]), json!(["a", "b"]));
    assert_eq!(
        scan.json("t_r.x", &["settings"]),
        json!({"name": "db", "size": 20, "tags": {}, "backup": {"enabled": true}, "comment": null})
    );
    assert!(scan.notices.is_empty(), "{:?}", scan.notices);
}

#[test]
fn a_value_of_the_wrong_type_is_reported_at_the_value() {
    let dir = tree(&[
        ("main.tf", "variable \"port\" { type = number }\nresource \"t_r\" \"x\" { port = var.port }\n"),
        ("terraform.tfvars", "\nport = \"eighty\"\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let notices = scan.notices(NoticeKind::InvalidConfiguration);
    assert_eq!(notices.len(), 1, "{:?}", scan.notices);
    assert!(notices[0].message.contains("variable `port`"), "{}", notices[0].message);
    assert_eq!(
        (scan.paths[notices[0].span.file.0 as usize].as_str(), notices[0].span.start.line),
        ("terraform.tfvars", 2)
    );
    assert!(scan.value("t_r.x", &["port"]).is_unknown());
}

#[test]
fn command_line_values_are_strings_or_expressions_by_type() {
    let dir = tree(&[(
        "main.tf",
        "variable \"n\" { type = number }\nvariable \"s\" {}\nvariable \"l\" { type = list(string) }\n\
         resource \"t_r\" \"x\" { v = [var.n, var.s, var.l] }\n",
    )]);
    let settings = TerraformSettings {
        cli_vars: vec![("n".into(), "3".into()), ("s".into(), "[1]".into()), ("l".into(), "[\"a\", 2]".into())],
        ..TerraformSettings::default()
    };
    let scan = scan(dir.path(), settings);
    assert_eq!(scan.json("t_r.x", &["v"]), json!([3, "[1]", ["a", "2"]]));
}

#[test]
fn locals_resolve_in_any_order_across_files() {
    let dir = tree(&[
        (
            "a.tf",
            "locals {\n  name = \"${local.prefix}-${var.env}\"\n}\nresource \"t_r\" \"x\" { name = local.name }\n",
        ),
        ("b.tf", "variable \"env\" { default = \"dev\" }\nlocals {\n  prefix = upper(\"app\")\n}\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.json("local.name", &["value"]), json!("APP-dev"));
    assert_eq!(scan.json("t_r.x", &["name"]), json!("APP-dev"));
}

#[test]
fn a_cycle_of_locals_is_an_error_naming_them() {
    let dir = tree(&[(
        "main.tf",
        "locals {\n  a = local.b\n  b = \"${local.c}-x\"\n  c = local.a\n  ok = 1\n}\nresource \"t_r\" \"x\" { v = local.a }\n",
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let notices = scan.notices(NoticeKind::InvalidConfiguration);
    assert_eq!(notices.len(), 1, "{:?}", scan.notices);
    for name in ["local.a", "local.b", "local.c"] {
        assert!(notices[0].message.contains(name), "{}", notices[0].message);
    }
    assert!(scan.value("t_r.x", &["v"]).is_unknown());
    assert_eq!(scan.json("local.ok", &["value"]), json!(1));
}

#[test]
fn broken_tfvars_is_an_error_with_its_line() {
    let dir = tree(&[
        ("main.tf", "variable \"a\" { default = 1 }\n"),
        ("terraform.tfvars", "a = 1\nb = [\n"),
        ("bad.auto.tfvars", "resource \"x\" \"y\" {}\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let mut found: Vec<(String, u32)> = scan.errors.iter().map(|e| (e.file.clone(), e.line)).collect();
    found.sort();
    assert_eq!(found, vec![("bad.auto.tfvars".to_string(), 1), ("terraform.tfvars".to_string(), 2)]);
}

#[test]
fn sensitive_variables_mark_every_value_derived_from_them() {
    let dir = tree(&[
        (
            "main.tf",
            r#"variable "password" {
  sensitive = true
}
variable "name" { default = "db" }
locals {
  conn  = "postgres://admin:${var.password}@host"
  plain = var.name
}
resource "t_db" "x" {
  name     = local.plain
  password = var.password
  url      = local.conn
}
module "m" {
  source = "./m"
  secret = local.conn
}
"#,
        ),
        ("terraform.tfvars", "password = \"hunter22\"\n"),
        ("m/main.tf", "variable \"secret\" {}\nresource \"t_r\" \"y\" {\n  token = var.secret\n  other = 1\n}\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let mut marked: Vec<(String, String)> = scan.sensitive.iter().map(|(a, p, _)| (a.clone(), p.clone())).collect();
    marked.sort();
    let key = |address: &str, attribute: &str| (address.to_string(), format!("[Key({attribute:?})]"));
    assert_eq!(
        marked,
        vec![
            key("local.conn", "value"),
            key("module.m", "secret"),
            key("module.m.t_r.y", "token"),
            key("module.m.var.secret", "value"),
            key("t_db.x", "password"),
            key("t_db.x", "url"),
            key("var.password", "value"),
        ]
    );
    // Rules still see the value.
    assert_eq!(scan.json("t_db.x", &["password"]), json!("hunter22"));
}

#[test]
fn collections_of_any_take_the_type_their_elements_share() {
    let dir = tree(&[(
        "main.tf",
        r#"
variable "list" {
  type    = list(any)
  default = [1, "a", true]
}
variable "map" {
  type    = map(any)
  default = { a = 1, b = "x" }
}
variable "objects" {
  type    = list(any)
  default = [{ a = 1 }, { a = "x" }]
}
variable "mixed" {
  type    = list(any)
  default = [1, [2]]
}
resource "t_r" "x" {
  values = [var.list, var.map, var.objects]
  mixed  = var.mixed
}
"#,
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(
        scan.json("t_r.x", &["values"]),
        json!([["1", "a", "true"], {"a": "1", "b": "x"}, [{"a": "1"}, {"a": "x"}]])
    );
    // Elements with no common type: Terraform rejects the value.
    assert!(scan.value("t_r.x", &["mixed"]).is_unknown());
    assert!(!scan.notices(NoticeKind::InvalidConfiguration).is_empty(), "{:?}", scan.notices);
}
