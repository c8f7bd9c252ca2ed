use super::*;
use tollgate_model::{FileId, SourceFile};

/// The body of the first block of a Terraform snippet.
fn body(hcl: &str) -> Value {
    let source = SourceFile { path: "main.tf".into(), text: hcl.into() };
    let load = tollgate_terraform::parse_file(FileId(0), &source, ".");
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    load.resources.into_iter().next().expect("one block").body
}

fn json(hcl: &str) -> String {
    let rendered = render_policy_document(&body(hcl));
    rendered.as_str().unwrap_or_else(|| panic!("rendered to {rendered:?}")).to_string()
}

fn minified(hcl: &str) -> String {
    render_minified_policy_document(&body(hcl)).as_str().expect("known").to_string()
}

#[test]
fn a_simple_statement_renders_as_the_provider_does() {
    let hcl = r#"
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket", "s3:GetObject"]
    resources = ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]
  }
}
"#;
    let expected = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:ListBucket",
        "s3:GetObject"
      ],
      "Resource": [
        "arn:aws:s3:::b/*",
        "arn:aws:s3:::b"
      ]
    }
  ]
}"#;
    assert_eq!(json(hcl), expected);
    assert_eq!(
        minified(hcl),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:ListBucket","s3:GetObject"],"Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"]}]}"#
    );
}

#[test]
fn single_values_are_strings_and_fields_keep_the_provider_order() {
    let hcl = r#"
data "aws_iam_policy_document" "trust" {
  version   = "2012-10-17"
  policy_id = "trust"
  statement {
    sid     = "IRSA"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub"
      values   = ["system:serviceaccount:payments:api"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}
"#;
    assert_eq!(
        minified(hcl),
        concat!(
            r#"{"Version":"2012-10-17","Id":"trust","Statement":[{"Sid":"IRSA","Effect":"Allow","#,
            r#""Action":"sts:AssumeRoleWithWebIdentity","Principal":{"Federated":"arn:aws:iam::111122223333:"#,
            r#"oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"},"Condition":{"StringEquals":{"#,
            r#""oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud":"sts.amazonaws.com","#,
            r#""oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:payments:api"}}}]}"#
        )
    );
}

#[test]
fn principals_merge_by_type_and_the_lone_wildcard_is_a_string() {
    let hcl = r#"
data "aws_iam_policy_document" "p" {
  statement {
    actions = ["s3:GetObject"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::777788889999:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["s3:DeleteObject"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
"#;
    assert_eq!(
        minified(hcl),
        concat!(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Principal":{"AWS":"#,
            r#"["arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:root","arn:aws:iam::777788889999:root"],"#,
            r#""Service":"ec2.amazonaws.com"}},{"Effect":"Deny","Action":"s3:DeleteObject","Principal":"*"}]}"#
        )
    );
}

#[test]
fn policy_variables_and_html_characters_are_written_as_go_writes_them() {
    let hcl = r#"
data "aws_iam_policy_document" "home" {
  statement {
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::home/&{aws:username}/*"]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["a<b>&c"]
    }
  }
}
"#;
    assert_eq!(
        minified(hcl),
        concat!(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","#,
            r#""Resource":"arn:aws:s3:::home/${aws:username}/*","#,
            r#""Condition":{"StringLike":{"s3:prefix":"a\u003cb\u003e\u0026c"}}}]}"#
        )
    );
}

#[test]
fn source_and_override_documents_merge_by_sid() {
    let hcl = r#"
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [
    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Keep\",\"Effect\":\"Allow\",\"Action\":\"ec2:Describe*\",\"Resource\":\"*\"},{\"Sid\":\"Replace\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"
  ]
  override_policy_documents = [
    "{\"Statement\":[{\"sid\":\"Own\",\"effect\":\"Deny\",\"action\":[\"iam:*\"],\"resource\":\"*\",\"condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":false}}}]}"
  ]
  statement {
    sid       = "Replace"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Own"
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}
"#;
    assert_eq!(
        minified(hcl),
        concat!(
            r#"{"Version":"2012-10-17","Statement":["#,
            r#"{"Sid":"Keep","Effect":"Allow","Action":"ec2:Describe*","Resource":"*"},"#,
            r#"{"Sid":"Replace","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},"#,
            r#"{"Sid":"Own","Effect":"Deny","Action":["iam:*"],"Resource":"*","#,
            r#""Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}"#
        )
    );
}

#[test]
fn an_unknown_input_makes_the_document_unknown_with_its_reason() {
    let hcl = r#"
data "aws_iam_policy_document" "x" {
  statement {
    actions   = ["s3:GetObject"]
    resources = [aws_s3_bucket.b.arn]
  }
}
"#;
    let rendered = render_policy_document(&body(hcl));
    let unknown = rendered.as_unknown().expect("unknown");
    assert_eq!(unknown.source, "aws_s3_bucket.b.arn");

    let dynamic = r#"
data "aws_iam_policy_document" "x" {
  dynamic "statement" {
    for_each = var.statements
    content {
      actions = statement.value
    }
  }
}
"#;
    assert!(render_policy_document(&body(dynamic)).is_unknown());
}

#[test]
fn invalid_documents_are_unknown_not_a_panic() {
    for hcl in [
        r#"data "aws_iam_policy_document" "x" { source_policy_documents = ["not json"] }"#,
        r#"data "aws_iam_policy_document" "x" { source_policy_documents = ["[1]"] }"#,
        r#"data "aws_iam_policy_document" "x" { override_policy_documents = ["{\"Statement\":{}}"] }"#,
        r#"data "aws_iam_policy_document" "x" { override_policy_documents = ["{\"Statement\":[{\"Principal\":3}]}"] }"#,
        r#"data "aws_iam_policy_document" "x" {
             statement {
               principals {
                 type = "AWS"
               }
             }
           }"#,
        r#"data "aws_iam_policy_document" "x" {
             statement {
               sid = "A"
             }
             statement {
               sid = "A"
             }
           }"#,
    ] {
        let rendered = render_policy_document(&body(hcl));
        let unknown = rendered.as_unknown().unwrap_or_else(|| panic!("{hcl}: {rendered:?}"));
        assert!(unknown.source.starts_with("invalid policy document"), "{}", unknown.source);
    }
}

#[test]
fn an_empty_document_has_only_a_version() {
    assert_eq!(minified(r#"data "aws_iam_policy_document" "x" {}"#), r#"{"Version":"2012-10-17"}"#);
}
