//! `.tf` expressions: literals are known, everything else is unknown with its source text.

use super::support::*;
use tollgate_model::{Number, ValueKind};

fn body(attributes: &str) -> tollgate_model::Value {
    let text = format!("resource \"t_x\" \"a\" {{\n{attributes}\n}}\n");
    tf(&text).remove(0).body
}

#[test]
fn literals_become_known_values() {
    let b = body(
        r#"n = null
yes = true
no = false
i = 42
neg = -1
f = 1.5
s = "a \"q\"\n"
list = [1, "two", [true]]
obj = { a = 1, "quoted key" = "v", nested = { b = null } }
paren = ("p")"#,
    );
    assert!(known(&b, &["n"]).is_null());
    assert_eq!(known(&b, &["yes"]).as_bool(), Some(true));
    assert_eq!(known(&b, &["no"]).as_bool(), Some(false));
    assert_eq!(known(&b, &["i"]).as_number(), Some(Number::Int(42)));
    assert_eq!(known(&b, &["neg"]).as_number(), Some(Number::Int(-1)));
    assert_eq!(known(&b, &["f"]).as_number(), Some(Number::Float(1.5)));
    assert_eq!(known(&b, &["s"]).as_str(), Some("a \"q\"\n"));
    assert_eq!(known(&b, &["list"]).to_json(), serde_json::json!([1, "two", [true]]));
    assert_eq!(known(&b, &["obj", "quoted key"]).as_str(), Some("v"));
    assert!(known(&b, &["obj", "nested", "b"]).is_null());
    assert_eq!(known(&b, &["paren"]).as_str(), Some("p"));
}

#[test]
fn templates_without_interpolation_are_strings() {
    let b = body(
        "plain = \"a $${literal} %%{x}\"
heredoc = <<EOT
  line one
    line two
EOT
indented = <<-EOT
    line one
      line two
    EOT",
    );
    assert_eq!(known(&b, &["plain"]).as_str(), Some("a ${literal} %{x}"));
    assert_eq!(known(&b, &["heredoc"]).as_str(), Some("  line one\n    line two\n"));
    assert_eq!(known(&b, &["indented"]).as_str(), Some("line one\n  line two\n"));
    assert_eq!(lines(known(&b, &["heredoc"])), (3, 6));
    assert_eq!(lines(known(&b, &["indented"])), (7, 10));
}

#[test]
fn expressions_that_cannot_be_evaluated_are_unknown_with_their_exact_source() {
    let b = body(
        r#"ref = aws_kms_key.main.arn
var = var.name
call = jsonencode({ a = var.undeclared })
interp = "${var.x}-a"
cond = var.on ? "a" : "b"
for = [for s in var.list : upper(s)]
splat = aws_instance.web[*].id
neg_ref = -var.n
directive = "%{ if var.x }y%{ endif }""#,
    );
    let cases = [
        ("ref", "aws_kms_key.main.arn"),
        ("var", "var.name"),
        // The part that cannot be evaluated is named, not the whole call.
        ("call", "var.undeclared"),
        ("interp", "\"${var.x}-a\""),
        ("cond", "var.on ? \"a\" : \"b\""),
        ("for", "[for s in var.list : upper(s)]"),
        ("splat", "aws_instance.web[*].id"),
        ("neg_ref", "-var.n"),
        ("directive", "\"%{ if var.x }y%{ endif }\""),
    ];
    for (key, source) in cases {
        assert_eq!(unknown_source(&b, &[key]), source, "{key}");
    }
    // Never the interpolation as a string.
    assert!(b.as_map().unwrap().iter().all(|e| e.value.as_str().is_none()));
}

#[test]
fn only_the_non_literal_parts_of_collections_are_unknown() {
    let b = body(
        r#"cidrs = ["10.0.0.0/8", var.extra]
tags = {
  Name  = "web"
  Owner = var.owner
}
keyed = { (var.k) = 1 }"#,
    );
    let cidrs = known(&b, &["cidrs"]).as_list().unwrap();
    assert_eq!(cidrs[0].as_str(), Some("10.0.0.0/8"));
    assert_eq!(cidrs[1].as_unknown().unwrap().source, "var.extra");
    assert_eq!(known(&b, &["tags", "Name"]).as_str(), Some("web"));
    assert_eq!(unknown_source(&b, &["tags", "Owner"]), "var.owner");
    assert_eq!(lines(known(&b, &["tags"])), (3, 6));
    assert_eq!(lines(b.get("tags").value().unwrap().entry("Owner").map(|e| &e.value).unwrap()), (5, 5));
    // A computed key hides which keys exist: the whole object is unknown.
    assert_eq!(unknown_source(&b, &["keyed"]), "{ (var.k) = 1 }");
}

#[test]
fn multi_line_expressions_span_all_their_lines() {
    let b = body(
        r#"policy = jsonencode({
  Version = "2012-10-17"
})
list = [
  "a",
  "b",
]"#,
    );
    assert_eq!(lines(b.get("policy").value().unwrap()), (2, 4));
    assert_eq!(lines(known(&b, &["list"])), (5, 8));
    assert_eq!(b.get("policy").value().unwrap().span.end.col, 2);
}

#[test]
fn false_absent_and_unknown_stay_apart() {
    let b = body("encrypted = false\nkms = var.key");
    assert_eq!(known(&b, &["encrypted"]).as_bool(), Some(false));
    assert!(b.get("missing").is_absent());
    assert!(b.get("kms").is_unknown());
    assert!(matches!(b.kind, ValueKind::Map(_)));
}
