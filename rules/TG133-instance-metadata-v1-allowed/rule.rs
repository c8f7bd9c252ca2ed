//! ## What it does
//! Checks that EC2 instances (`aws_instance`) and launch templates (`aws_launch_template`)
//! require IMDSv2 session tokens for the instance metadata service:
//! `metadata_options { http_tokens = "required" }`, or the metadata service switched off
//! (`http_endpoint = "disabled"`). When `http_tokens` is not set, the instance gets the default of
//! its AMI and of the account; the scan's `aws_ec2_instance_metadata_defaults` with
//! `http_tokens = "required"` satisfies it, otherwise it is reported (AMIs not marked for IMDSv2,
//! and accounts without a default, leave IMDSv1 on).
//!
//! ## Why is this bad?
//! IMDSv1 answers plain GET requests, so a server-side request forgery in any application on the
//! instance (or a misconfigured proxy) lets an attacker read the instance role's credentials from
//! `http://169.254.169.254/`. IMDSv2 requires a session token obtained with a PUT request and a
//! hop limit, which such requests cannot provide.
//!
//! ## Example
//! ```hcl
//! resource "aws_launch_template" "workers" {
//!   name_prefix   = "workers-"
//!   image_id      = data.aws_ami.al2023.id
//!   instance_type = "m7g.large"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_launch_template" "workers" {
//!   name_prefix   = "workers-"
//!   image_id      = data.aws_ami.al2023.id
//!   instance_type = "m7g.large"
//!   metadata_options {
//!     http_tokens                 = "required"
//!     http_put_response_hop_limit = 1
//!   }
//! }
//! ```
//!
//! ## References
//! - [Use IMDSv2](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html)
//! - [Order of precedence for instance metadata options](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html)

use crate::prelude::*;
use crate::support::account::AccountWide;

pub const META: RuleMeta = RuleMeta {
    id: "TG133",
    slug: "instance-metadata-v1-allowed",
    title: "EC2 instance metadata service allows IMDSv1",
    severity: Severity::High,
    category: Category::Workload,
    references: &["CWE-918", "AWS Security Hub EC2.8"],
    // Checkov CKV_AWS_79 "Ensure Instance Metadata Service Version 1 is not enabled"; Trivy
    // AVD-AWS-0028 (aws-ec2-enforce-http-token-imds, "Enable HTTP token requirement for IMDS").
    aliases: &["CKV_AWS_79", "AVD-AWS-0028", "aws-ec2-enforce-http-token-imds"],
};

const FIX: &str = "set `http_tokens = \"required\"` in its `metadata_options` block";

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let account = AccountWide {
        on: AccountWide::read(ctx, "aws_ec2_instance_metadata_defaults", |body| {
            str_attr(body, &["http_tokens"]).test("no-preference", |t| t.eq_ignore_ascii_case("required"))
        }),
        unless: "the account default (`aws_ec2_instance_metadata_defaults`) requires tokens",
        or: Some("set `http_tokens = \"required\"` in `aws_ec2_instance_metadata_defaults` for the account"),
    };
    for (kind, noun) in [("aws_instance", "EC2 instance"), ("aws_launch_template", "Launch template")] {
        for (_, resource) in ctx.tf_resources(kind) {
            let subject = format!("{noun} `{}`", resource.name);
            let body = &resource.body;
            let disabled = match expect::nested(body, &["metadata_options", "http_endpoint"]) {
                Lookup::Known(v) => Tri::from(v.as_str().is_some_and(|e| e.eq_ignore_ascii_case("disabled"))),
                Lookup::Unknown(v) => Tri::Unknown(v),
                Lookup::Absent => Tri::No,
            };
            if disabled == Tri::Yes {
                continue;
            }
            match expect::nested(body, &["metadata_options", "http_tokens"]) {
                Lookup::Known(v) if v.as_str().is_some_and(|t| t.eq_ignore_ascii_case("required")) => {}
                Lookup::Known(v) if !v.is_null() => match disabled {
                    Tri::Unknown(endpoint) => out.unknown(
                        resource,
                        endpoint,
                        format!("{subject} allows IMDSv1 (`http_tokens = \"{}\"`) unless the metadata service is disabled; {FIX}", v.display()),
                    ),
                    _ => out.fail(
                        resource,
                        v.span,
                        format!(
                            "{subject} allows IMDSv1 (`http_tokens = \"{}\"`), so a request forgery can read its role's \
                             credentials; {FIX}.",
                            v.display()
                        ),
                    ),
                },
                Lookup::Unknown(v) => out.unknown(resource, v, format!("{subject} allows IMDSv1 unless `http_tokens` is \"required\"; {FIX}")),
                // Not set: the AMI's and the account's defaults decide.
                _ => {
                    if account.on == Tri::Yes {
                        continue;
                    }
                    if let Tri::Unknown(endpoint) = disabled {
                        out.unknown(
                            resource,
                            endpoint,
                            format!("{subject} may allow IMDSv1 (`http_tokens` is not set) unless the metadata service is disabled; {FIX}"),
                        );
                        continue;
                    }
                    let at = body.get("metadata_options").value().map_or(resource.span, |v| v.span);
                    account.report(
                        out,
                        resource,
                        at,
                        format!(
                            "{subject} does not require IMDSv2: `http_tokens` is not set, so IMDSv1 stays available \
                             unless its AMI requires tokens; {FIX}"
                        ),
                    );
                }
            }
        }
    }
}
