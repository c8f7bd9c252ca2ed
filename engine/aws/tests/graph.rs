//! `enrich` on graphs loaded from real Terraform and Kubernetes text: default tags, S3
//! sub-resource links, IAM policy links, IRSA and rendered policy documents.

use tollgate_model::{EdgeKind, FileId, Graph, GraphBuilder, Lookup, Origin, SourceFile, SourceMap, Value};

/// Loads `(path, text, module_path)` files (`.tf` through the Terraform loader with the file's
/// directory as module directory, others through the Kubernetes loader), links and enriches.
fn graph(files: &[(&str, &str, &str)]) -> Graph {
    let mut sources = SourceMap::new();
    let mut resources = Vec::new();
    for (path, text, module_path) in files {
        let file = FileId(sources.len() as u32);
        let source = SourceFile { path: path.to_string(), text: (*text).into() };
        let load = if path.ends_with(".tf") {
            let dir = path.rsplit_once('/').map_or(".", |(dir, _)| dir);
            tollgate_terraform::parse_file(file, &source, dir)
        } else {
            tollgate_kubernetes::parse_file(file, &source)
        };
        assert!(load.errors.is_empty(), "{path}: {:?}", load.errors);
        sources.add(*path, *text);
        for mut resource in load.resources {
            if let Origin::Terraform(origin) = &mut resource.origin {
                origin.module_path = module_path.to_string();
                if !module_path.is_empty() {
                    resource.address = format!("{module_path}.{}", resource.address);
                }
            }
            resources.push(resource);
        }
    }
    let mut builder = GraphBuilder::new(resources);
    tollgate_terraform::link(&mut builder);
    tollgate_kubernetes::link(&mut builder);
    tollgate_aws::enrich(&mut builder);
    builder.build(sources)
}

fn find<'g>(graph: &'g Graph, address: &str) -> (tollgate_model::ResourceId, &'g tollgate_model::Resource) {
    graph.resources().find(|(_, r)| r.address == address).unwrap_or_else(|| panic!("no {address}"))
}

/// `tags_all` as sorted `key=value` pairs (`key=?` for an unknown value); `None` when absent,
/// `Some(["<unknown>"])` when unknown.
fn tags_all(graph: &Graph, address: &str) -> Option<Vec<String>> {
    match find(graph, address).1.body.get("tags_all") {
        Lookup::Absent => None,
        Lookup::Unknown(_) => Some(vec!["<unknown>".to_string()]),
        Lookup::Known(v) => Some(
            v.as_map()
                .expect("a map")
                .iter()
                .map(|e| format!("{}={}", e.key, if e.value.is_unknown() { "?".into() } else { e.value.display() }))
                .collect(),
        ),
    }
}

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}

fn targets(graph: &Graph, address: &str, kind: EdgeKind) -> Vec<String> {
    let (id, _) = find(graph, address);
    let mut out: Vec<String> = graph.outgoing(id, kind).map(|(_, r)| r.address.clone()).collect();
    out.sort();
    out
}

const PROVIDERS: &str = r#"
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      owner       = "platform"
      environment = "prod"
      unset       = null
    }
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
  default_tags {
    tags = {
      owner = "edge"
    }
  }
}

provider "aws" {
  alias  = "bare"
  region = "us-east-1"
}
"#;

#[test]
fn default_tags_merge_under_resource_tags_per_provider() {
    let main = r#"
resource "aws_s3_bucket" "tagged" {
  bucket = "acme-tagged"
  tags = {
    owner         = "payments"
    "cost-center" = "cc-42"
    team          = var.team
  }
}

resource "aws_sqs_queue" "untagged" {
  name = "jobs"
}

resource "aws_sqs_queue" "west" {
  provider = aws.west
  name     = "west-jobs"
}

resource "aws_sqs_queue" "bare" {
  provider = aws.bare
  name     = "bare-jobs"
}

resource "aws_sqs_queue" "computed" {
  name = "computed"
  tags = merge(var.tags, { a = "b" })
}

resource "aws_s3_bucket_versioning" "not_taggable" {
  bucket = aws_s3_bucket.tagged.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_autoscaling_group" "asg" {
  max_size = 1
  min_size = 1
}

resource "aws_made_up_service_thing" "written" {
  tags = { owner = "x" }
}

data "aws_s3_bucket" "data_source" {
  bucket = "acme"
}
"#;
    let graph = graph(&[("providers.tf", PROVIDERS, ""), ("main.tf", main, "")]);
    assert_eq!(
        tags_all(&graph, "aws_s3_bucket.tagged"),
        strings(&["cost-center=cc-42", "environment=prod", "owner=payments", "team=?"])
    );
    assert_eq!(tags_all(&graph, "aws_sqs_queue.untagged"), strings(&["environment=prod", "owner=platform"]));
    assert_eq!(tags_all(&graph, "aws_sqs_queue.west"), strings(&["owner=edge"]));
    assert_eq!(tags_all(&graph, "aws_sqs_queue.bare"), strings(&[]));
    assert_eq!(tags_all(&graph, "aws_sqs_queue.computed"), strings(&["<unknown>"]));
    assert_eq!(tags_all(&graph, "aws_s3_bucket_versioning.not_taggable"), None);
    assert_eq!(tags_all(&graph, "aws_autoscaling_group.asg"), None);
    assert_eq!(tags_all(&graph, "aws_made_up_service_thing.written"), strings(&["environment=prod", "owner=x"]));
    assert_eq!(tags_all(&graph, "data.aws_s3_bucket.data_source"), None);

    // A merged default keeps the span of the provider file; the map is located at `tags`.
    let (_, bucket) = find(&graph, "aws_s3_bucket.tagged");
    let merged = bucket.body.get("tags_all").known().expect("known");
    assert_eq!(merged.span, bucket.body.get("tags").known().expect("tags").span);
    let environment = merged.entry("environment").expect("environment");
    assert_eq!(graph.sources().path(environment.value.span.file), "providers.tf");
}

#[test]
fn unknown_default_tags_make_tags_all_unknown() {
    let providers = r#"
provider "aws" {
  default_tags {
    tags = var.default_tags
  }
}
"#;
    let main = r#"
resource "aws_sns_topic" "alerts" {
  name = "alerts"
  tags = { owner = "sre" }
}
"#;
    let graph = graph(&[("envs/prod/providers.tf", providers, ""), ("envs/prod/main.tf", main, "")]);
    let (_, topic) = find(&graph, "aws_sns_topic.alerts");
    let unknown = topic.body.get("tags_all");
    assert!(unknown.is_unknown(), "{unknown:?}");
    assert_eq!(unknown.value().and_then(Value::as_unknown).map(|u| u.source.as_str()), Some("var.default_tags"));
}

#[test]
fn modules_inherit_the_default_provider_or_get_the_one_passed() {
    let root = r#"
module "app" {
  source = "./modules/app"
}

module "app_west" {
  source    = "./modules/app"
  providers = { aws = aws.west }
}

module "app_none" {
  source    = "./modules/app"
  providers = { google = google }
}
"#;
    let module = r#"
resource "aws_sqs_queue" "q" {
  name = "q"
}
"#;
    let graph = graph(&[
        ("providers.tf", PROVIDERS, ""),
        ("main.tf", root, ""),
        ("modules/app/main.tf", module, "module.app"),
        ("modules/app/main.tf", module, "module.app_west"),
        ("modules/app/main.tf", module, "module.app_none"),
    ]);
    assert_eq!(tags_all(&graph, "module.app.aws_sqs_queue.q"), strings(&["environment=prod", "owner=platform"]));
    assert_eq!(tags_all(&graph, "module.app_west.aws_sqs_queue.q"), strings(&["owner=edge"]));
    assert_eq!(tags_all(&graph, "module.app_none.aws_sqs_queue.q"), strings(&[]));
}

#[test]
fn s3_subresources_configure_their_bucket_by_reference_or_literal_name() {
    let main = r#"
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket = aws_s3_bucket.logs.id
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = "acme-data"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/"
}

resource "aws_s3_bucket_policy" "elsewhere" {
  bucket = "someone-elses-bucket"
  policy = "{}"
}
"#;
    let graph = graph(&[("main.tf", main, "")]);
    let configures = |a| targets(&graph, a, EdgeKind::Configures);
    assert_eq!(configures("aws_s3_bucket_public_access_block.logs"), ["aws_s3_bucket.logs"]);
    assert_eq!(configures("aws_s3_bucket_versioning.data"), ["aws_s3_bucket.data"]);
    assert_eq!(configures("aws_s3_bucket_logging.data"), ["aws_s3_bucket.data"]);
    assert!(configures("aws_s3_bucket_policy.elsewhere").is_empty());
}

#[test]
fn iam_policies_link_to_roles_and_managed_policies() {
    let main = r#"
resource "aws_iam_role" "app" {
  name                = "app"
  assume_role_policy  = "{}"
  managed_policy_arns = [aws_iam_policy.extra.arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"]
}

resource "aws_iam_policy" "deploy" {
  name   = "deploy"
  path   = "/ci/"
  policy = "{}"
}

resource "aws_iam_policy" "extra" {
  name   = "extra"
  policy = "{}"
}

resource "aws_iam_role_policy" "inline" {
  role   = aws_iam_role.app.name
  policy = "{}"
}

resource "aws_iam_role_policy_attachment" "by_name" {
  role       = "app"
  policy_arn = "arn:aws:iam::111122223333:policy/ci/deploy"
}

resource "aws_iam_role_policy_attachment" "managed" {
  role       = aws_iam_role.app.id
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "wrong_path" {
  role       = "other"
  policy_arn = "arn:aws:iam::111122223333:policy/deploy"
}

resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = ["app"]
  policy_arn = aws_iam_policy.extra.arn
}
"#;
    let graph = graph(&[("iam.tf", main, "")]);
    let attached = |a| targets(&graph, a, EdgeKind::AttachedTo);
    let attaches = |a| targets(&graph, a, EdgeKind::AttachesPolicy);
    assert_eq!(attached("aws_iam_role_policy.inline"), ["aws_iam_role.app"]);
    assert_eq!(attached("aws_iam_role_policy_attachment.by_name"), ["aws_iam_role.app"]);
    assert_eq!(attaches("aws_iam_role_policy_attachment.by_name"), ["aws_iam_policy.deploy"]);
    assert_eq!(attached("aws_iam_role_policy_attachment.managed"), ["aws_iam_role.app"]);
    assert!(attaches("aws_iam_role_policy_attachment.managed").is_empty());
    assert!(attached("aws_iam_role_policy_attachment.wrong_path").is_empty());
    assert!(attaches("aws_iam_role_policy_attachment.wrong_path").is_empty());
    assert_eq!(attached("aws_iam_policy_attachment.shared"), ["aws_iam_role.app"]);
    assert_eq!(attaches("aws_iam_policy_attachment.shared"), ["aws_iam_policy.extra"]);
    assert_eq!(attaches("aws_iam_role.app"), ["aws_iam_policy.extra"]);
}

#[test]
fn service_accounts_assume_the_roles_they_name() {
    let iam = r#"
resource "aws_iam_role" "payments" {
  name               = "payments-api"
  path               = "/workloads/"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = "{}"
}

resource "aws_eks_pod_identity_association" "worker" {
  cluster_name    = "main"
  namespace       = "jobs"
  service_account = "worker"
  role_arn        = aws_iam_role.worker.arn
}
"#;
    let manifests = r#"
apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: payments
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/workloads/payments-api
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: wrong-path
  namespace: payments
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: worker
  namespace: jobs
"#;
    let graph = graph(&[("iam.tf", iam, ""), ("k8s/accounts.yaml", manifests, "")]);
    let assumes = |a| targets(&graph, a, EdgeKind::AssumesRole);
    assert_eq!(assumes("ServiceAccount/payments/api"), ["aws_iam_role.payments"]);
    assert!(assumes("ServiceAccount/payments/wrong-path").is_empty());
    assert_eq!(assumes("ServiceAccount/jobs/worker"), ["aws_iam_role.worker"]);
}

#[test]
fn policy_documents_get_their_json() {
    let main = r#"
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme/*"]
  }
}

data "aws_iam_policy_document" "later" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}
"#;
    let graph = graph(&[("main.tf", main, "")]);
    let (_, read) = find(&graph, "data.aws_iam_policy_document.read");
    assert_eq!(
        read.body.get("minified_json").known().and_then(Value::as_str),
        Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme/*"}]}"#
        )
    );
    assert!(read.body.get("json").known().and_then(Value::as_str).is_some_and(|j| j.starts_with("{\n  \"Version\"")));
    let (_, later) = find(&graph, "data.aws_iam_policy_document.later");
    assert!(later.body.get("json").is_unknown());
}
