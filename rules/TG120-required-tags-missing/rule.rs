//! ## What it does
//! Checks that every taggable AWS resource carries the tag keys your organisation requires,
//! counting the provider's `default_tags` as the AWS provider does: the effective tags
//! (`tags_all`) are the default tags of the resource's provider configuration with the
//! resource's own `tags` over them. The keys come from `tollgate.toml`:
//!
//! ```toml
//! [tags]
//! required = ["owner", "environment", "cost-center"]   # the default
//! ```
//!
//! Tag keys are case-sensitive in AWS, so `Owner` does not satisfy `owner`; a required tag with an
//! empty value is reported too. A resource whose tags (or whose provider's default tags) Tollgate
//! cannot know, such as `tags = var.tags` with no value given, is reported as unknown.
//!
//! Taggable means: an `aws_*` resource that writes `tags`, or whose type is one of the common
//! taggable types (Auto Scaling groups, which tag through `tag` blocks, are left out).
//!
//! ## Why is this bad?
//! Tags are how AWS cost allocation reports, access policies with `aws:ResourceTag` conditions,
//! backup plans and incident response find who owns a resource and what it is for. An untagged
//! resource is paid for by nobody in particular, outlives the project that created it, and cannot
//! be matched by tag-based policies.
//!
//! ## Example
//! ```hcl
//! resource "aws_sqs_queue" "jobs" {
//!   name = "jobs"
//!   tags = {
//!     owner = "payments"
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! provider "aws" {
//!   default_tags {
//!     tags = {
//!       environment   = "prod"
//!       "cost-center" = "cc-1042"
//!     }
//!   }
//! }
//!
//! resource "aws_sqs_queue" "jobs" {
//!   name = "jobs"
//!   tags = {
//!     owner = "payments"
//!   }
//! }
//! ```
//!
//! ## References
//! - [Tagging best practices: building your tagging strategy](https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/building-your-tagging-strategy.html)
//! - [Terraform AWS provider: default tags](https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags-configuration-block)

use crate::prelude::*;
use tollgate_aws::tags::is_taggable;

pub const META: RuleMeta = RuleMeta {
    id: "TG120",
    slug: "required-tags-missing",
    title: "AWS resource lacks required tags",
    severity: Severity::Low,
    category: Category::Tagging,
    references: &["AWS Well-Architected COST03-BP02"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let required = &ctx.settings().required_tags;
    if required.is_empty() {
        return;
    }
    for (_, resource) in ctx.resources().filter(|(_, r)| is_taggable(r)) {
        let own = resource.body.get("tags");
        let at = own.value().map_or(resource.span, |v| v.span);
        // `tags_all` is what the provider will apply; without it (no provider semantics applied)
        // the resource's own tags are all there is.
        let effective = match resource.body.get("tags_all") {
            Lookup::Absent => own,
            effective => effective,
        };
        let subject = format!("`{}`", resource.address);
        let keys = text::join_and(&required.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>());
        // Default tags never remove a key, so complete own tags decide whatever the defaults are.
        if let Some(own_tags) = own.known().and_then(Value::as_map) {
            if problems(own_tags, required).is_empty() {
                continue;
            }
        }
        let tags = match effective {
            Lookup::Absent => &[][..],
            Lookup::Unknown(value) => {
                out.unknown_at(
                    resource,
                    at,
                    value,
                    format!("{subject} must carry the tags {keys}, but its tags are not known"),
                );
                continue;
            }
            Lookup::Known(v) if v.is_null() => &[][..],
            Lookup::Known(v) => match v.as_map() {
                Some(entries) => entries,
                None => {
                    out.unknown_at(
                        resource,
                        at,
                        v,
                        format!("{subject} must carry the tags {keys}, but its tags are not a map"),
                    );
                    continue;
                }
            },
        };
        let problems = problems(tags, required);
        if !problems.is_empty() {
            out.fail(
                resource,
                at,
                format!(
                    "{subject} lacks required tags: {}; add them to its `tags` or to the provider's `default_tags` \
                     (tag keys are case-sensitive).",
                    problems.join(", ")
                ),
            );
        }
    }
}

/// What is wrong with `tags` for each required key: missing (a tag whose value is null is not
/// set) or empty. A tag whose value is unknown is present.
fn problems(tags: &[MapEntry], required: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    for key in required {
        match tags.iter().find(|e| &e.key == key && !e.value.is_null()) {
            Some(e) if e.value.as_str().is_some_and(|v| v.trim().is_empty()) => {
                problems.push(format!("`{key}` is empty"))
            }
            Some(_) => {}
            None => match tags.iter().find(|e| e.key.eq_ignore_ascii_case(key)) {
                Some(near) => problems.push(format!("`{key}` is missing (`{}` differs in case)", near.key)),
                None => problems.push(format!("`{key}` is missing")),
            },
        }
    }
    problems
}
