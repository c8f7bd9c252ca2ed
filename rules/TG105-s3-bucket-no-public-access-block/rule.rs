//! ## What it does
//! Checks that every `aws_s3_bucket` has an `aws_s3_bucket_public_access_block` (linked by
//! `bucket = aws_s3_bucket.<name>.id`, or by the same literal bucket name) that sets all four
//! settings to true: `block_public_acls`, `block_public_policy`, `ignore_public_acls` and
//! `restrict_public_buckets`. Each of them defaults to false in the resource, so a public access
//! block that leaves one out, or sets one to false, is reported on that block.
//!
//! Nothing is reported when the scan configures an `aws_s3_account_public_access_block` with all
//! four settings true: S3 then applies them to every bucket of the account. When a public access
//! block names its bucket with an expression Tollgate cannot evaluate yet (`bucket = each.key`),
//! a bucket without a block of its own is reported as unknown: that block may be the one.
//!
//! ## Why is this bad?
//! Block Public Access is the guard against a bucket policy or ACL that makes objects readable to
//! the whole internet, the cause of many data leaks. S3 turns it on for buckets created since
//! April 2023, but that is a creation-time default: anyone with the right permissions can switch it
//! off later, buckets created earlier may never have had it, and Terraform neither notices nor
//! restores a setting it does not manage. Declaring the block makes the protection part of the
//! configuration, reviewed in pull requests and restored on every apply.
//!
//! ## Example
//! ```hcl
//! resource "aws_s3_bucket" "exports" {
//!   bucket = "acme-exports"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_s3_bucket" "exports" {
//!   bucket = "acme-exports"
//! }
//!
//! resource "aws_s3_bucket_public_access_block" "exports" {
//!   bucket                  = aws_s3_bucket.exports.id
//!   block_public_acls       = true
//!   block_public_policy     = true
//!   ignore_public_acls      = true
//!   restrict_public_buckets = true
//! }
//! ```
//!
//! ## References
//! - [Blocking public access to your Amazon S3 storage](https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html)
//! - [Default settings for new S3 buckets (April 2023)](https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-faq.html)

use crate::prelude::*;
use crate::support::account::AccountWide;

pub const META: RuleMeta = RuleMeta {
    id: "TG105",
    slug: "s3-bucket-no-public-access-block",
    title: "S3 bucket is not covered by a full public access block",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-284", "CIS AWS 2.1.4"],
    aliases: &[],
};

const FLAGS: [&str; 4] = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
const PAB: &str = "aws_s3_bucket_public_access_block";

/// How a public access block sets its four flags.
struct Flags<'a> {
    /// Flags written false, with their values.
    off: Vec<(&'static str, &'a Value)>,
    /// Flags not written (false by default).
    unset: Vec<&'static str>,
    unknown: Option<&'a Value>,
}

fn flags(body: &Value) -> Flags<'_> {
    let mut flags = Flags { off: Vec::new(), unset: Vec::new(), unknown: None };
    for flag in FLAGS {
        match bool_attr(body, &[flag]) {
            Attr::Set(true, _) => {}
            Attr::Set(false, value) => flags.off.push((flag, value)),
            Attr::Unset => flags.unset.push(flag),
            Attr::Unknown(value) => flags.unknown = flags.unknown.or(Some(value)),
        }
    }
    flags
}

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let account = AccountWide {
        on: AccountWide::read(ctx, "aws_s3_account_public_access_block", |body| {
            let f = flags(body);
            if !f.off.is_empty() || !f.unset.is_empty() {
                Tri::No
            } else {
                f.unknown.map_or(Tri::Yes, Tri::Unknown)
            }
        }),
        unless: "the account-wide `aws_s3_account_public_access_block` turns all four on",
        or: None,
    };
    if account.on == Tri::Yes {
        return;
    }

    for (_, block) in ctx.tf_resources(PAB) {
        let f = flags(&block.body);
        let subject = format!("Public access block `{}`", block.name);
        if f.off.is_empty() && f.unset.is_empty() {
            if let Some(value) = f.unknown {
                out.unknown(block, value, format!("{subject} blocks public access only if all four settings are true"));
            }
            continue;
        }
        let mut problems = Vec::new();
        if !f.off.is_empty() {
            let off: Vec<String> = f.off.iter().map(|(flag, _)| format!("`{flag} = false`")).collect();
            problems.push(format!("sets {}", text::join_and(&off)));
        }
        if !f.unset.is_empty() {
            let names: Vec<String> = f.unset.iter().map(|flag| format!("`{flag}`")).collect();
            problems.push(format!("leaves {} unset (default false)", text::join_and(&names)));
        }
        let at = f.off.first().map_or(block.span, |(_, value)| value.span);
        let message = format!(
            "{subject} {}; set all four settings to true so the bucket cannot be made public",
            problems.join(" and ")
        );
        account.report(out, block, at, message);
    }

    // A public access block whose `bucket` is unknown and refers to no bucket of the scan
    // (`bucket = each.key`, a variable) may protect any bucket that has no block of its own.
    let floating = ctx.tf_resources(PAB).find_map(|(pab_id, pab)| match pab.body.get("bucket") {
        Lookup::Unknown(value)
            if !ctx.outgoing(pab_id, EdgeKind::Reference).any(|(_, r)| r.is_tf_resource("aws_s3_bucket")) =>
        {
            Some((pab, value))
        }
        _ => None,
    });

    for (id, bucket) in ctx.tf_resources("aws_s3_bucket") {
        let name = bucket.body.get("bucket").known().and_then(Value::as_str);
        let linked = ctx.incoming(id, EdgeKind::Reference).any(|(_, r)| r.is_tf_resource(PAB))
            || name.is_some_and(|name| {
                ctx.tf_resources(PAB).any(|(_, r)| r.body.get("bucket").known().and_then(Value::as_str) == Some(name))
            });
        if linked {
            continue;
        }
        let message = format!(
            "S3 bucket `{}` has no `{PAB}`, so nothing in this configuration keeps Block Public Access on; add one \
             with `bucket = aws_s3_bucket.{}.id` and `block_public_acls`, `block_public_policy`, \
             `ignore_public_acls` and `restrict_public_buckets` set to true",
            bucket.name, bucket.name
        );
        match floating {
            Some((pab, value)) => out.unknown_at(
                bucket,
                bucket.span,
                value,
                format!(
                    "S3 bucket `{}` has no public access block that refers to it, unless `{}` covers it; refer to \
                     the bucket with `bucket = aws_s3_bucket.{}.id`",
                    bucket.name, pab.address, bucket.name
                ),
            ),
            None => account.report(out, bucket, bucket.span, message),
        }
    }
}
