//! The raw documents of Terraform files (`ParsedFile::raw_document`): HCL converted to JSON as
//! Conftest's HCL 2 parser (`parser/hcl2/convert.go`, adapted from github.com/tmccombs/hcl2json)
//! converts it.
//!
//! The expected JSON is written by hand from the converter's source and tests; each expectation
//! names its source:
//! - [conftest-convert]: Conftest `parser/hcl2/convert.go` (commit 6710ee9): `convertBody`
//!   converts the attributes, then merges each block in; `convertBlock` puts a block's body
//!   under its type and labels as an object, turns a place that already holds a value into
//!   `[current, value]` and appends to a list, and fails ("Unable to convert Block to JSON")
//!   when a label path runs into something that is not an object; `convertExpression` has no
//!   case for unary operators (`-10` is `"${-10}"`); a string literal is its value (`$${` read
//!   as `${`); `wrapExpr` is `"${" + source + "}"`; a template that is one interpolation
//!   (`TemplateWrapExpr`) is its expression converted.
//! - [hcl2json-conversion]: hcl2json TestConversion, whose expression rendering Conftest keeps:
//!   `-x` / `1 + 2` / conditionals / `for` as `"${source}"`, `"${"hi"} there"` as `"hi there"`,
//!   object keys (`a.b.c`, `"${local.x}"`, `3`), `%{if}` / `%{for}` rendering, `<<-` heredocs
//!   losing their indentation, `<<` heredocs keeping it.
//! - [hcl2json-eof]: hcl2json TestEndOfFileExpr: a multi-line expression's source verbatim.
//! - [conftest-example]: Conftest `examples/hcl2/policy` tests and acceptance test: a single
//!   block is an object (`resource.azurerm_managed_disk.sample.encryption_settings.enabled`,
//!   `resource.aws_alb_listener[name].protocol`); `name = setting.key` is `"${setting.key}"`.

use crate::parse_terraform_file;
use serde_json::json;
use std::path::Path;
use tollgate_model::{DocumentFormat, FileId, ParsedFile, SourceFile, Value};

fn raw(path: &str, text: &str) -> ParsedFile {
    let source = SourceFile { path: path.to_string(), text: text.into() };
    let parsed = parse_terraform_file(FileId(3), &source, Path::new(path));
    assert!(parsed.errors.is_empty(), "unexpected errors: {:?}", parsed.errors);
    parsed.raw_document().expect("converts").expect("parsed")
}

fn document(path: &str, text: &str) -> Value {
    let file = raw(path, text);
    assert_eq!(file.documents.len(), 1);
    file.documents.into_iter().next().map(|d| d.value).unwrap_or_else(|| unreachable!())
}

fn at<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    let mut here = value;
    for step in path {
        here = match step.parse::<usize>() {
            Ok(index) => here.items().get(index).unwrap_or_else(|| panic!("no item {step} in {path:?}")),
            Err(_) => &here.entry(step).unwrap_or_else(|| panic!("no key {step} in {path:?}")).value,
        };
    }
    here
}

const MODULE: &str = r#"terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
}

variable "region" {
  type    = string
  default = "eu-central-1"
}

variable "retention_days" {
  type        = number
  description = "Days to keep logs"
  default     = 30
}

variable "tags" {
  type    = map(string)
  default = { team = "payments", "cost-center" = 42 }
}

locals {
  bucket_name = "${var.prefix}-logs"
  is_prod     = var.env == "prod"
}

locals {
  replicas = var.env == "prod" ? 3 : 1
}

resource "aws_s3_bucket" "logs" {
  bucket        = local.bucket_name
  force_destroy = false
  tags          = merge(var.tags, { Name = "logs" })
}

resource "aws_s3_bucket" "assets" {
  bucket = "assets"
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "expire"
    status = "Enabled"
    expiration {
      days = var.retention_days
    }
  }

  rule {
    id     = "abort"
    status = "Enabled"
  }
}

module "network" {
  source     = "./modules/network"
  cidr_block = "10.0.0.0/16"
  azs        = ["eu-central-1a", "eu-central-1b"]
}

output "bucket_arn" {
  value     = aws_s3_bucket.logs.arn
  sensitive = true
}
"#;

#[test]
fn a_module_converts_as_hcl2json_converts_it() {
    let file = raw("main.tf", MODULE);
    assert_eq!(file.format, DocumentFormat::Hcl);
    assert_eq!(file.file, FileId(3));
    let expected = json!({
        // [conftest-convert]: a single block is its body, nested blocks too.
        "terraform": {
            "required_version": ">= 1.5",
            "required_providers": {
                // [hcl2json-conversion]: object constructors are objects of converted items.
                "aws": { "source": "hashicorp/aws", "version": "~> 5.0" }
            }
        },
        // [conftest-convert]: a second block at the same place makes a list of both.
        "provider": {
            "aws": [
                { "region": "${var.region}" },
                { "alias": "replica", "region": "eu-west-1" }
            ]
        },
        // [conftest-example]: no special case for type keywords, so `string` is a reference.
        "variable": {
            "region": { "type": "${string}", "default": "eu-central-1" },
            "retention_days": { "type": "${number}", "description": "Days to keep logs", "default": 30 },
            // [hcl2json-conversion]: quoted object keys are their text.
            "tags": { "type": "${map(string)}", "default": { "team": "payments", "cost-center": 42 } }
        },
        // [conftest-convert]: two `locals` blocks, a list of two.
        "locals": [
            // [conftest-convert]: a string that is only an interpolation is its expression; a
            // longer template keeps its literal text.
            { "bucket_name": "${var.prefix}-logs", "is_prod": "${var.env == \"prod\"}" },
            { "replicas": "${var.env == \"prod\" ? 3 : 1}" }
        ],
        // [conftest-convert]: type, then name, then the body.
        "resource": {
            "aws_s3_bucket": {
                "logs": {
                    "bucket": "${local.bucket_name}",
                    "force_destroy": false,
                    "tags": "${merge(var.tags, { Name = \"logs\" })}"
                },
                "assets": { "bucket": "assets" }
            },
            "aws_s3_bucket_lifecycle_configuration": {
                "logs": {
                    "bucket": "${aws_s3_bucket.logs.id}",
                    // [conftest-convert]: repeated nested blocks collect in a list.
                    "rule": [
                        { "id": "expire", "status": "Enabled", "expiration": { "days": "${var.retention_days}" } },
                        { "id": "abort", "status": "Enabled" }
                    ]
                }
            }
        },
        "module": {
            "network": {
                "source": "./modules/network",
                "cidr_block": "10.0.0.0/16",
                "azs": ["eu-central-1a", "eu-central-1b"]
            }
        },
        "output": {
            "bucket_arn": { "value": "${aws_s3_bucket.logs.arn}", "sensitive": true }
        }
    });
    let document = file.documents.first().expect("one document");
    assert_eq!(document.value.to_json(), expected);
}

#[test]
fn every_node_is_spanned_at_its_source() {
    let file = raw("main.tf", MODULE);
    let document = file.documents.first().expect("one document");
    let lines = |value: &Value| (value.span.start.line, value.span.end.line);
    // The document is the whole file.
    assert_eq!(lines(&document.value), (1, 81));
    assert_eq!(document.span, document.value.span);
    assert_eq!(document.span.file, FileId(3));
    // A block's body spans the block; the list of same-named blocks spans all of them.
    let logs = at(&document.value, &["resource", "aws_s3_bucket", "logs"]);
    assert_eq!(lines(logs), (45, 49));
    assert_eq!(lines(at(&document.value, &["resource", "aws_s3_bucket"])), (45, 53));
    assert_eq!(lines(at(&document.value, &["provider", "aws"])), (11, 18));
    // Attributes: the value spans the expression, the key its name.
    let tags = at(logs, &["tags"]);
    assert_eq!(lines(tags), (48, 48));
    assert_eq!((tags.span.start.col, tags.span.end.col), (19, 52));
    let entry = logs.entry("bucket").expect("bucket");
    assert_eq!((entry.key_span.start.line, entry.key_span.start.col), (46, 3));
    // A label key spans the label.
    let labels = at(&document.value, &["resource", "aws_s3_bucket"]).entry("logs").expect("logs");
    assert_eq!((labels.key_span.start.line, labels.key_span.start.col), (45, 26));
    let rule = at(&document.value, &["resource", "aws_s3_bucket_lifecycle_configuration", "logs", "rule", "1"]);
    assert_eq!(lines(rule), (66, 69));
}

const TEMPLATES: &str = r#"resource "aws_elastic_beanstalk_environment" "web" {
  name = "web-${var.env}"

  setting {
    namespace = "aws:autoscaling:asg"
    name      = "MinSize"
    value     = 2
  }

  dynamic "setting" {
    for_each = var.settings
    content {
      namespace = setting.value.namespace
      name      = setting.key
      value     = "${setting.value.value}"
    }
  }

  dynamic "ingress" {
    for_each = [for port in var.ports : port if port != 22]
    iterator = rule
    content {
      from_port = rule.value
    }
  }
}

locals {
  negative   = -10
  not_true   = !true
  negated    = -var.offset
  grouped    = -(1 + 4)
  sum        = 1 + 2
  only_bool  = "${true}"
  only_text  = "${"hi"} there"
  number_in  = "port ${8080}"
  negative_in = "at ${-1}"
  float_in   = "${1.50}x"
  stripped   = "a ${~ var.x ~} b"
  only_strip = "${~ var.x ~}"
  nested     = "${"${var.a}"}-x"
  cond_part  = "${var.ha ? "multi" : "single"}-az"
  if_text    = "%{ if var.ha }multi%{ else }single%{ endif }-az"
  if_no_else = "%{if var.debug}debug %{endif}run"
  for_text   = "%{ for k, v in var.labels }${k}=${v},%{ endfor }"
  escaped    = "arn:aws:s3:::$${aws:username}/%%{x}"
  list       = [1, "two", var.three, [true, null], { four = 4.5 }]
  names      = [for s in var.subnets : s.name]
  by_name    = { for s in var.subnets : s.name => s.id }
  splat      = aws_instance.web[*].id
  multi_line = merge(
    local.a,
    local.b
  )
  object = {
    bare            = 1
    "quoted"        = 2
    a.b.c           = 3
    "${local.k}"    = 4
    7               = 5
    (local.dynamic) = 6
  }
  policy = <<EOT
{
  "Resource": "arn:aws:s3:::${var.bucket}/*"
}
EOT
  script = <<-EOT
    #!/bin/sh
    echo "${var.message}"
      indented
  EOT
  plain  = <<-EOT
    no interpolation
  EOT
  raw    = <<EOT
keeps \n and $${literal}
EOT
}
"#;

#[test]
fn expressions_templates_and_dynamic_blocks_convert_as_hcl2json_converts_them() {
    let value = document("templates.tf", TEMPLATES);
    let expected_resource = json!({
        "name": "web-${var.env}",
        "setting": { "namespace": "aws:autoscaling:asg", "name": "MinSize", "value": 2 },
        // [conftest-convert]: `dynamic "setting"` nests under `dynamic`, its `content` an
        // object; [conftest-example]: `setting.key` is a reference like any other.
        "dynamic": {
            "setting": {
                "for_each": "${var.settings}",
                "content": {
                    "namespace": "${setting.value.namespace}",
                    "name": "${setting.key}",
                    "value": "${setting.value.value}"
                }
            },
            "ingress": {
                "for_each": "${[for port in var.ports : port if port != 22]}",
                "iterator": "${rule}",
                "content": { "from_port": "${rule.value}" }
            }
        }
    });
    assert_eq!(at(&value, &["resource", "aws_elastic_beanstalk_environment", "web"]).to_json(), expected_resource);
    let expected_locals = json!({
        // [conftest-convert]: no case for unary operators: `-10` and `!true` are wrapped too.
        "negative": "${-10}",
        "not_true": "${!true}",
        "negated": "${-var.offset}",
        "grouped": "${-(1 + 4)}",
        "sum": "${1 + 2}",
        // [hcl2json-source]: one interpolation is its expression: a literal stays a literal.
        "only_bool": true,
        // [hcl2json-conversion]: temp2 = "${"hi"} there" is "hi there".
        "only_text": "hi there",
        "number_in": "port 8080",
        "negative_in": "at ${-1}",
        // [hcl2json-source] convertStringPart: a literal in an interpolation is its text.
        "float_in": "1.5x",
        // Strip markers trim the literal text beside them, as HCL's parser does.
        "stripped": "a${var.x}b",
        "only_strip": "${var.x}",
        "nested": "${var.a}-x",
        // [hcl2json-source] convertStringPart: a conditional inside a template is rendered as
        // an `%{if}` directive.
        "cond_part": "%{if var.ha}multi%{else}single%{endif}-az",
        // [hcl2json-conversion]: temp / loop: directives rebuilt with their source.
        "if_text": "%{if var.ha}multi%{else}single%{endif}-az",
        "if_no_else": "%{if var.debug}debug %{endif}run",
        "for_text": "%{for k, v in var.labels}${k}=${v},%{endfor}",
        // [conftest-convert]: a literal is its value: `$${` and `%%{` read as `${` and `%{`.
        "escaped": "arn:aws:s3:::${aws:username}/%{x}",
        "list": [1, "two", "${var.three}", [true, null], { "four": 4.5 }],
        // [hcl2json-conversion]: thing = [for x in local.arr: x * 2] is wrapped.
        "names": "${[for s in var.subnets : s.name]}",
        "by_name": "${{ for s in var.subnets : s.name => s.id }}",
        "splat": "${aws_instance.web[*].id}",
        // [hcl2json-eof]: the source verbatim, line breaks included.
        "multi_line": "${merge(\n    local.a,\n    local.b\n  )}",
        // [hcl2json-conversion]: keys `a.b.c`, `"${local.test3}"`, `3`.
        "object": {
            "bare": 1,
            "quoted": 2,
            "a.b.c": 3,
            "${local.k}": 4,
            "7": 5,
            "${(local.dynamic)}": 6
        },
        // [hcl2json-conversion]: heredoc2 keeps its indentation and interpolations' source.
        "policy": "{\n  \"Resource\": \"arn:aws:s3:::${var.bucket}/*\"\n}\n",
        // [hcl2json-conversion]: heredoc (`<<-`) loses the indentation its lines share.
        "script": "#!/bin/sh\necho \"${var.message}\"\n  indented\n",
        "plain": "no interpolation\n",
        // [hcl2json-conversion]: heredoc2 keeps `\n` as written (heredocs have no escapes);
        // [conftest-convert]: `$${` read as `${`.
        "raw": "keeps \\n and ${literal}\n"
    });
    assert_eq!(at(&value, &["locals"]).to_json(), expected_locals);
}

#[test]
fn variable_definitions_files_are_hcl_documents() {
    let file = raw(
        "prod.tfvars",
        "region = \"eu-west-1\"\ncount  = 3\nzones  = [\"a\", \"b\"]\ntags   = { env = \"prod\" }\n",
    );
    assert_eq!(file.format, DocumentFormat::Hcl);
    let value = &file.documents.first().expect("document").value;
    let expected = json!({ "region": "eu-west-1", "count": 3, "zones": ["a", "b"], "tags": { "env": "prod" } });
    assert_eq!(value.to_json(), expected);
    assert_eq!((value.span.start.line, value.span.end.line), (1, 4));
}

#[test]
fn json_configuration_files_are_json_documents() {
    let text = "{\n  \"resource\": {\n    \"aws_s3_bucket\": { \"b\": { \"bucket\": \"${var.name}\" } }\n  }\n}\n";
    let file = raw("main.tf.json", text);
    assert_eq!(file.format, DocumentFormat::Json);
    let value = &file.documents.first().expect("document").value;
    assert_eq!(value.to_json(), json!({ "resource": { "aws_s3_bucket": { "b": { "bucket": "${var.name}" } } } }));
    let bucket = at(value, &["resource", "aws_s3_bucket", "b", "bucket"]);
    assert_eq!((bucket.span.start.line, bucket.span.start.col), (3, 41));
}

#[test]
fn a_block_after_an_attribute_of_its_name_makes_a_list_of_both() {
    // [conftest-convert]: attributes first, then the block: `[current, value]`.
    let value = document("main.tf", "resource \"x\" \"y\" {\n  tag { k = 1 }\n  tag = \"attr\"\n}\n");
    assert_eq!(at(&value, &["resource", "x", "y"]).to_json(), json!({ "tag": ["attr", { "k": 1 }] }));
}

#[test]
fn blocks_with_fewer_or_more_labels_merge_as_conftest_merges_them() {
    // [conftest-convert]: a labeled block descends into an unlabeled one's body; a block with
    // fewer labels turns the place into a list.
    let cases = [
        ("thing {}\nthing \"a\" { k = 1 }\n", json!({ "thing": { "a": { "k": 1 } } })),
        ("thing \"a\" {}\nthing { k = 1 }\n", json!({ "thing": [{ "a": {} }, { "k": 1 }] })),
        ("a \"b\" \"c\" {}\na \"b\" {}\n", json!({ "a": { "b": [{ "c": {} }, {}] } })),
    ];
    for (text, expected) in cases {
        assert_eq!(document("main.tf", text).to_json(), expected, "{text}");
    }
}

#[test]
fn a_label_path_through_a_list_or_a_value_cannot_be_converted() {
    // [conftest-convert]: "Unable to convert Block to JSON" when a label path runs into a list
    // of repeated blocks or into an attribute's value that is not an object.
    for text in ["thing {}\nthing {}\nthing \"a\" {}\n", "thing = 1\nthing \"a\" {}\n"] {
        let source = SourceFile { path: "main.tf".to_string(), text: text.into() };
        let parsed = parse_terraform_file(FileId(0), &source, Path::new("main.tf"));
        let error = parsed.raw_document().expect_err(text);
        let last_line = text.lines().count() as u32;
        assert_eq!((error.file.as_str(), error.line), ("main.tf", last_line), "{text}");
        assert!(error.message.contains("cannot convert block `thing.a`"), "{}", error.message);
    }
}

#[test]
fn files_that_did_not_parse_have_no_document() {
    let source = SourceFile { path: "main.tf".to_string(), text: "resource \"x\" {\n".into() };
    let parsed = parse_terraform_file(FileId(0), &source, Path::new("main.tf"));
    assert!(!parsed.errors.is_empty());
    assert_eq!(parsed.raw_document(), Ok(None));
}

#[test]
fn deep_nesting_stays_bounded() {
    // 20,000 nested arrays: the parser refuses them (a syntax error, no document), no overflow.
    let deep = format!("x = {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    let source = SourceFile { path: "main.tf".to_string(), text: deep.into() };
    let parsed = parse_terraform_file(FileId(0), &source, Path::new("main.tf"));
    assert!(!parsed.errors.is_empty());
    assert_eq!(parsed.raw_document(), Ok(None));
    // As deep as the parser allows: converted.
    let nested = format!("x = {}1{}\n", "[".repeat(60), "]".repeat(60));
    let value = document("main.tf", &nested);
    let mut here = at(&value, &["x"]);
    let mut depth = 0;
    while let Some(first) = here.items().first() {
        here = first;
        depth += 1;
    }
    assert_eq!((depth, here.as_i64()), (60, Some(1)));
}

#[test]
fn large_files_convert_in_reasonable_time() {
    let mut text = String::from("locals {\n  big = {\n");
    for i in 0..20_000 {
        text.push_str(&format!("    key{i} = \"value{i}\"\n"));
    }
    text.push_str("  }\n}\n");
    for i in 0..3_000 {
        text.push_str(&format!("resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b{i}\"\n}}\n"));
    }
    let started = std::time::Instant::now();
    let value = document("big.tf", &text);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    assert_eq!(at(&value, &["locals", "0", "big"]).as_map().map(<[_]>::len), Some(20_000));
    assert_eq!(at(&value, &["resource", "aws_s3_bucket"]).as_map().map(<[_]>::len), Some(3_000));
}
