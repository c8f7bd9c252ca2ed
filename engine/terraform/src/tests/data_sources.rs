//! Data sources: what stays unknown is read by their provider during plan, named with the
//! module path of the block; the hook sees the provider configuration Terraform would use.

use super::project_support::*;
use crate::TerraformSettings;
use serde_json::json;
use tollgate_model::UnknownReason;

/// (reason, source, provider) of the unknown at `path` of `address`.
fn unknown_of(scan: &Scan, address: &str, path: &[&str]) -> (UnknownReason, String, Option<String>) {
    let unknown = scan.value(address, path).as_unknown().cloned().unwrap_or_else(|| panic!("{address} {path:?}"));
    (unknown.reason, unknown.source, unknown.provider)
}

#[test]
fn data_source_attributes_are_read_by_their_provider_during_plan() {
    let dir = tree(&[(
        "main.tf",
        r#"provider "google" {
  alias = "eu"
}

data "aws_ami" "web" {
  owners = ["amazon"]
}

data "aws_ami" "many" {
  count = 2
}

data "http_body" "page" {
  provider = google.eu
}

resource "aws_instance" "web" {
  ami      = data.aws_ami.web.id
  page     = data.http_body.page.body
  subnet   = aws_subnet.a.id
  each_ami = [for ami in data.aws_ami.many : ami.id]
}

resource "aws_subnet" "a" {}

data "aws_subnet" "by_id" {
  id = aws_subnet.a.id
}

resource "aws_route" "r" {
  cidr = data.aws_subnet.by_id.cidr_block
}
"#,
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let read =
        |source: &str, provider: &str| (UnknownReason::ReadDuringPlan, source.to_string(), Some(provider.to_string()));
    assert_eq!(unknown_of(&scan, "aws_instance.web", &["ami"]), read("data.aws_ami.web.id", "aws"));
    // The `provider` argument names the provider, not the type's prefix.
    assert_eq!(unknown_of(&scan, "aws_instance.web", &["page"]), read("data.http_body.page.body", "google"));
    assert_eq!(
        unknown_of(&scan, "aws_instance.web", &["subnet"]),
        (UnknownReason::AfterApply, "aws_subnet.a.id".into(), None)
    );
    // Arguments known only after apply defer the read to apply, as Terraform does.
    let deferred = unknown_of(&scan, "aws_route.r", &["cidr"]);
    assert_eq!(deferred, (UnknownReason::AfterApply, "data.aws_subnet.by_id.cidr_block".into(), None));
    let through_for = scan.value("aws_instance.web", &["each_ami"]);
    let first = through_for.as_list().and_then(|items| items.first()).and_then(|v| v.as_unknown()).unwrap();
    assert_eq!((first.reason, first.source.as_str()), (UnknownReason::ReadDuringPlan, "ami.id"));
}

#[test]
fn unknowns_from_a_module_name_the_module_instance_of_their_block() {
    let dir = tree(&[
        (
            "main.tf",
            r#"module "log_bucket" {
  source = "./bucket"
  count  = 1
}

resource "aws_cloudtrail" "main" {
  s3_bucket_name = module.log_bucket[0].id
  region         = module.log_bucket[0].region
}
"#,
        ),
        (
            "bucket/main.tf",
            r#"resource "aws_s3_bucket" "this" {
  count = 1
}

data "aws_region" "current" {}

output "id" { value = aws_s3_bucket.this[0].id }
output "region" { value = data.aws_region.current.description }
"#,
        ),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let bucket = unknown_of(&scan, "aws_cloudtrail.main", &["s3_bucket_name"]);
    assert_eq!(bucket, (UnknownReason::AfterApply, "module.log_bucket[0].aws_s3_bucket.this[0].id".into(), None));
    let region = unknown_of(&scan, "aws_cloudtrail.main", &["region"]);
    let source = "module.log_bucket[0].data.aws_region.current.description".to_string();
    assert_eq!(region, (UnknownReason::ReadDuringPlan, source, Some("aws".into())));
}

const REGION_MODULE: &str = r#"data "test_region" "default" {}

data "test_region" "west" {
  provider = test.west
}

output "default" { value = data.test_region.default.name }
output "west" { value = data.test_region.west.name }
"#;

#[test]
fn data_sources_see_the_provider_configuration_terraform_passes_them() {
    let dir = tree(&[
        (
            "main.tf",
            r#"variable "region" { default = "eu-west-1" }

provider "test" {
  region = var.region
}

provider "test" {
  alias  = "us"
  region = "us-east-1"
}

data "test_region" "here" {}

module "implicit" {
  source = "./regions"
}

module "explicit" {
  source    = "./regions"
  providers = {
    test      = test.us
    test.west = test.us
  }
}

module "own" {
  source = "./own"
}

resource "test_report" "r" {
  here              = data.test_region.here.name
  implicit          = module.implicit.default
  implicit_west     = module.implicit.west
  explicit          = module.explicit.default
  explicit_west     = module.explicit.west
  own               = module.own.region
}
"#,
        ),
        ("regions/main.tf", REGION_MODULE),
        (
            "own/main.tf",
            r#"provider "test" {
  region = "ap-south-1"
}

data "test_region" "this" {}

output "region" { value = data.test_region.this.name }
"#,
        ),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.json("test_report.r", &["here"]), json!("eu-west-1"));
    // A default configuration is inherited implicitly...
    assert_eq!(scan.json("test_report.r", &["implicit"]), json!("eu-west-1"));
    // ...an aliased one never is: the provider reads it during plan.
    let west = unknown_of(&scan, "test_report.r", &["implicit_west"]);
    assert_eq!(
        west,
        (UnknownReason::ReadDuringPlan, "module.implicit.data.test_region.west.name".into(), Some("test".into()))
    );
    assert_eq!(scan.json("test_report.r", &["explicit"]), json!("us-east-1"));
    assert_eq!(scan.json("test_report.r", &["explicit_west"]), json!("us-east-1"));
    assert_eq!(scan.json("test_report.r", &["own"]), json!("ap-south-1"));
}

#[test]
fn without_a_provider_block_the_hook_has_no_configuration() {
    let dir = tree(&[(
        "main.tf",
        "data \"test_region\" \"x\" {}\n\nresource \"test_report\" \"r\" {\n  region = data.test_region.x.name\n}\n",
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let region = unknown_of(&scan, "test_report.r", &["region"]);
    assert_eq!(region, (UnknownReason::ReadDuringPlan, "data.test_region.x.name".into(), Some("test".into())));
}

/// The region of a resource's provider configuration: by alias, through a module call's
/// `providers` map and implicitly for the default configuration; unknown stays unknown.
#[test]
fn resources_know_their_provider_configuration_and_region() {
    let dir = tree(&[
        (
            "main.tf",
            r#"variable "region" {
  default = "us-east-1"
}
variable "later" {}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "dr"
  region = "us-west-2"
}

provider "aws" {
  alias  = "unset"
  region = var.later
}

resource "aws_instance" "main" {}

resource "aws_instance" "dr" {
  provider = aws.dr
}

resource "aws_instance" "later" {
  provider = aws.unset
}

module "backups" {
  source    = "./backups"
  providers = { aws = aws.dr }
}

module "implicit" {
  source = "./backups"
}
"#,
        ),
        ("backups/main.tf", "resource \"aws_ebs_volume\" \"copy\" {}\n"),
    ]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let region = |address: &str| {
        let provider = scan.get(address).terraform().and_then(|o| o.provider.clone());
        provider.map(|p| (p.address.clone(), p.known_region().map(str::to_string)))
    };
    let set = |address: &str, region: &str| Some((address.to_string(), Some(region.to_string())));
    assert_eq!(region("aws_instance.main"), set("provider.aws", "us-east-1"));
    assert_eq!(region("aws_instance.dr"), set("provider.aws.dr", "us-west-2"));
    assert_eq!(region("module.backups.aws_ebs_volume.copy"), set("provider.aws", "us-west-2"));
    assert_eq!(region("module.implicit.aws_ebs_volume.copy"), set("provider.aws", "us-east-1"));
    let later = scan.get("aws_instance.later").terraform().and_then(|o| o.provider.clone()).expect("declared");
    assert!(matches!(later.region, tollgate_model::ProviderRegion::Unknown { .. }), "{later:?}");
}
