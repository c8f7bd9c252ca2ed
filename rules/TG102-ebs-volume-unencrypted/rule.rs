//! ## What it does
//! Checks that EBS volumes are created encrypted: `aws_ebs_volume`, the `root_block_device` and
//! `ebs_block_device` blocks of `aws_instance` and `aws_launch_configuration`, and the `ebs`
//! blocks of `aws_launch_template` `block_device_mappings`. `encrypted` defaults to false in all of
//! them, so a volume must set `encrypted = true`. An instance or launch configuration without a
//! `root_block_device` block is reported too: its root volume is then encrypted only if the AMI's
//! snapshot happens to be.
//!
//! A volume created from a snapshot (`snapshot_id`) without `encrypted` written is encrypted if
//! the snapshot is (EC2 encrypts every volume made from an encrypted snapshot): its verdict is
//! unknown, as the snapshot is outside the scan. `encrypted = false` still fails.
//!
//! Nothing is reported when the scan turns on EBS encryption by default for the account and Region
//! (`aws_ebs_encryption_by_default`, whose `enabled` defaults to true): EC2 then encrypts every new
//! volume whatever the volume itself says.
//!
//! ## Why is this bad?
//! An unencrypted volume keeps its data, and every snapshot taken from it, in clear text. Snapshots
//! are easily copied and shared between accounts, and an unencrypted snapshot cannot be turned
//! into an encrypted volume without a copy. EBS encryption costs no performance on current
//! instance types and protects data at rest, in snapshots and between the instance and the volume.
//!
//! ## Example
//! ```hcl
//! resource "aws_ebs_volume" "data" {
//!   availability_zone = "eu-west-1a"
//!   size              = 200
//!   type              = "gp3"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_ebs_volume" "data" {
//!   availability_zone = "eu-west-1a"
//!   size              = 200
//!   type              = "gp3"
//!   encrypted         = true
//!   kms_key_id        = aws_kms_key.ebs.arn
//! }
//! ```
//! or turn encryption on for the whole account and Region:
//! ```hcl
//! resource "aws_ebs_encryption_by_default" "this" {
//!   enabled = true
//! }
//! ```
//!
//! ## Limitations
//! Encryption by default applies per Region; the rule assumes the scan configures one account and
//! Region.
//!
//! ## References
//! - [Amazon EBS encryption](https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html)
//! - [Encryption by default](https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html)

use crate::prelude::*;
use crate::support::account::AccountWide;

pub const META: RuleMeta = RuleMeta {
    id: "TG102",
    slug: "ebs-volume-unencrypted",
    title: "EBS volume is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    references: &["CWE-311", "CIS AWS 2.2.1"],
    // Checkov CKV_AWS_3 "Ensure all data stored in the EBS is securely encrypted"; Trivy AVD-AWS-0026
    // (aws-ec2-enable-volume-encryption, "EBS volumes must be encrypted").
    aliases: &["CKV_AWS_3", "AVD-AWS-0026", "aws-ec2-enable-volume-encryption"],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let by_default = AccountWide {
        // `enabled` defaults to true.
        on: AccountWide::read(ctx, "aws_ebs_encryption_by_default", |body| {
            bool_attr(body, &["enabled"]).test(true, |on| on)
        }),
        unless: "`aws_ebs_encryption_by_default` is enabled",
        or: Some("enable `aws_ebs_encryption_by_default` for the account"),
    };
    if by_default.on == Tri::Yes {
        return;
    }
    for (_, volume) in ctx.tf_resources("aws_ebs_volume") {
        check_volume(out, &by_default, volume, &format!("EBS volume `{}`", volume.name), &volume.body);
    }
    for kind in ["aws_instance", "aws_launch_configuration"] {
        for (_, instance) in ctx.tf_resources(kind) {
            let (what, title) = match kind {
                "aws_instance" => ("instance", "Instance"),
                _ => ("launch configuration", "Launch configuration"),
            };
            let root = blocks(&instance.body, "root_block_device");
            for block in &root.known {
                let subject = format!("The root volume of {what} `{}`", instance.name);
                check_volume(out, &by_default, instance, &subject, block);
            }
            if root.known.is_empty() && root.unknown.is_none() {
                let message = format!(
                    "{title} `{}` does not configure `root_block_device`, so its root volume is encrypted only if \
                     the AMI's snapshot is; add `root_block_device {{ encrypted = true }}`",
                    instance.name
                );
                by_default.report(out, instance, instance.span, message);
            }
            let ebs = blocks(&instance.body, "ebs_block_device");
            for block in &ebs.known {
                let device = block.get("device_name").known().and_then(Value::as_str).unwrap_or("?");
                let subject = format!("EBS device `{device}` of {what} `{}`", instance.name);
                check_volume(out, &by_default, instance, &subject, block);
            }
            for dynamic in root.unknown.into_iter().chain(ebs.unknown) {
                dynamic_blocks(out, instance, &format!("The {what} `{}`", instance.name), dynamic);
            }
        }
    }
    for (_, template) in ctx.tf_resources("aws_launch_template") {
        let subject = format!("Launch template `{}`", template.name);
        let mappings = blocks(&template.body, "block_device_mappings");
        for mapping in &mappings.known {
            let device = mapping.get("device_name").known().and_then(Value::as_str).unwrap_or("?");
            let ebs = blocks(mapping, "ebs");
            for block in &ebs.known {
                let subject = format!("EBS device `{device}` of launch template `{}`", template.name);
                check_volume(out, &by_default, template, &subject, block);
            }
            if let Some(dynamic) = ebs.unknown {
                dynamic_blocks(out, template, &subject, dynamic);
            }
        }
        if let Some(dynamic) = mappings.unknown {
            dynamic_blocks(out, template, &subject, dynamic);
        }
    }
}

/// Volumes described by a `dynamic` block: each must set `encrypted = true`.
fn dynamic_blocks(out: &mut Emitter<'_>, resource: &Resource, subject: &str, dynamic: &Value) {
    out.unknown(
        resource,
        dynamic,
        format!("{subject} describes volumes with a `dynamic` block; make sure each sets `encrypted = true`"),
    );
}

/// Reports a volume block whose `encrypted` is not true.
fn check_volume(out: &mut Emitter<'_>, by_default: &AccountWide<'_>, resource: &Resource, subject: &str, block: &Value) {
    let encrypted = bool_attr(block, &["encrypted"]);
    match encrypted {
        Attr::Set(true, _) => {}
        Attr::Unknown(value) => out.unknown(
            resource,
            value,
            format!("{subject} is encrypted only if `encrypted` is true; set `encrypted = true`"),
        ),
        Attr::Set(false, value) => by_default.report(
            out,
            resource,
            value.span,
            format!("{subject} sets `encrypted = false`; set `encrypted = true` (optionally with `kms_key_id`)"),
        ),
        Attr::Unset => match from_snapshot(block) {
            Some((snapshot, name)) => out.unknown(
                resource,
                snapshot,
                format!(
                    "{subject} is created from {name} and is encrypted if that snapshot is (EC2 encrypts a volume \
                     made from an encrypted snapshot), which Tollgate cannot see; set `encrypted = true` to state it"
                ),
            ),
            None => by_default.report(
                out,
                resource,
                block.span,
                format!(
                    "{subject} is not encrypted (`encrypted` defaults to false); set `encrypted = true` (optionally \
                     with `kms_key_id`)"
                ),
            ),
        },
    }
}

/// The `snapshot_id` a volume is created from, if any, and how to name it.
fn from_snapshot(block: &Value) -> Option<(&Value, String)> {
    match block.get("snapshot_id") {
        Lookup::Known(id) if id.is_null() => None,
        Lookup::Known(id) => Some((id, id.as_str().map_or_else(|| "a snapshot".into(), |s| format!("snapshot `{s}`")))),
        Lookup::Unknown(id) => Some((id, "the snapshot `snapshot_id` names (if it names one)".into())),
        Lookup::Absent => None,
    }
}
