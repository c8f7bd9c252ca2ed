//! ## What it does
//! Checks that RDS databases encrypt their storage: `aws_db_instance` and `aws_rds_cluster` must set
//! `storage_encrypted = true`. RDS leaves storage unencrypted unless asked, so an absent
//! `storage_encrypted` fails, with one exception documented by AWS: an `aws_rds_cluster` in
//! `engine_mode = "serverless"` (Aurora Serverless v1) is always encrypted.
//!
//! Instances that do not own their storage settings are skipped: Aurora instances
//! (`engine = "aurora-*"`, whose encryption is the cluster's) and read replicas
//! (`replicate_source_db`, which inherit the source's encryption). A `replicate_source_db` that
//! is unknown (a variable that may be null) may or may not make a replica: without
//! `storage_encrypted = true` the result is unknown.
//!
//! A database restored from a snapshot (`snapshot_identifier`) or to a point in time
//! (`restore_to_point_in_time`) takes the encryption of what it is restored from: RDS's restore
//! APIs have no encryption switch for instances, and an Aurora cluster restored from an encrypted
//! snapshot is encrypted. Without `storage_encrypted` written, its verdict is unknown (the snapshot
//! or source is outside the scan), not a failure.
//!
//! ## Why is this bad?
//! Unencrypted RDS storage leaves the database files, automated backups, read replicas and
//! snapshots readable to anyone who gets hold of the underlying storage or a shared snapshot.
//! Encryption can only be chosen when the database is created: fixing it later means copying a
//! snapshot with encryption and restoring a new database from it, so it is cheapest to get right in
//! the first `terraform apply`.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "orders" {
//!   identifier        = "orders"
//!   engine            = "postgres"
//!   instance_class    = "db.m6g.large"
//!   allocated_storage = 100
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "orders" {
//!   identifier        = "orders"
//!   engine            = "postgres"
//!   instance_class    = "db.m6g.large"
//!   allocated_storage = 100
//!   storage_encrypted = true
//!   kms_key_id        = aws_kms_key.rds.arn
//! }
//! ```
//!
//! ## References
//! - [Encrypting Amazon RDS resources](https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html)
//! - [Encrypting Amazon Aurora resources](https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG103",
    slug: "rds-storage-unencrypted",
    title: "RDS database storage is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    references: &["CWE-311", "CIS AWS 2.3.1"],
    // Checkov CKV_AWS_16 "Ensure all data stored in the RDS is securely encrypted at rest"; Trivy
    // AVD-AWS-0080 (aws-rds-encrypt-instance-storage-data, "Enable encryption for RDS instances").
    aliases: &["CKV_AWS_16", "AVD-AWS-0080", "aws-rds-encrypt-instance-storage-data"],
};

const FIX: &str = "set `storage_encrypted = true` (optionally with `kms_key_id`); an existing database must be \
                   restored from an encrypted snapshot copy";

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, db) in ctx.tf_resources("aws_db_instance") {
        let subject = format!("RDS instance `{}`", db.name);
        match db.body.get("replicate_source_db") {
            Lookup::Unknown(source) if !is_true(&db.body) => {
                out.unknown(
                    db,
                    source,
                    format!(
                        "{subject} does not set `storage_encrypted = true`, which matters unless \
                         `replicate_source_db` makes it a read replica (replicas inherit their source's encryption); \
                         {FIX}"
                    ),
                );
                continue;
            }
            Lookup::Unknown(_) => continue,
            replica if !replica.is_unset() => continue,
            _ => {}
        }
        match str_attr(&db.body, &["engine"]) {
            Attr::Set(engine, _) if engine.starts_with("aurora") => continue,
            Attr::Unknown(engine) if !is_true(&db.body) => {
                out.unknown(
                    db,
                    engine,
                    format!(
                        "{subject} does not set `storage_encrypted = true`, which matters unless the engine is Aurora; \
                         {FIX}"
                    ),
                );
                continue;
            }
            _ => {}
        }
        check_encrypted(out, db, &subject, Tri::No);
    }
    for (_, cluster) in ctx.tf_resources("aws_rds_cluster") {
        let serverless = str_attr(&cluster.body, &["engine_mode"]).test("provisioned", |mode| mode == "serverless");
        check_encrypted(out, cluster, &format!("RDS cluster `{}`", cluster.name), serverless);
    }
}

fn is_true(body: &Value) -> bool {
    matches!(bool_attr(body, &["storage_encrypted"]), Attr::Set(true, _))
}

/// `encrypted_by_default` says whether RDS encrypts when `storage_encrypted` is not written.
fn check_encrypted(out: &mut Emitter<'_>, db: &Resource, subject: &str, encrypted_by_default: Tri<'_>) {
    match bool_attr(&db.body, &["storage_encrypted"]) {
        Attr::Set(true, _) => {}
        Attr::Set(false, value) => {
            out.fail(db, value.span, format!("{subject} sets `storage_encrypted = false`; {FIX}."));
        }
        Attr::Unknown(value) => {
            out.unknown(db, value, format!("{subject} encrypts its storage only if `storage_encrypted` is true; {FIX}"))
        }
        Attr::Unset => match (restored_from(&db.body), encrypted_by_default) {
            (_, Tri::Yes) => {}
            (Some((source, restore)), _) => out.unknown(
                db,
                source,
                format!("{subject} does not set `storage_encrypted`: {restore}; {FIX}"),
            ),
            (None, Tri::No) => out.fail(
                db,
                db.span,
                format!("{subject} does not encrypt its storage (`storage_encrypted` defaults to false); {FIX}."),
            ),
            (None, Tri::Unknown(mode)) => out.unknown(
                db,
                mode,
                format!(
                    "{subject} does not set `storage_encrypted`, which defaults to false unless `engine_mode` is \
                     \"serverless\"; {FIX}"
                ),
            ),
        },
    }
}

/// What a database is restored from, if anything: where it is written, and what that means for
/// its encryption.
fn restored_from(body: &Value) -> Option<(&Value, String)> {
    const TAKES: &str = "and takes its encryption, which Tollgate cannot see";
    match body.get("snapshot_identifier") {
        Lookup::Known(id) if !id.is_null() => {
            let name = id.as_str().map_or_else(|| "a snapshot".to_string(), |id| format!("snapshot `{id}`"));
            return Some((id, format!("it is restored from {name} {TAKES}")));
        }
        Lookup::Unknown(id) => {
            let restore = format!("if `snapshot_identifier` names a snapshot, it is restored from it {TAKES}; if not, \
                                   its storage is not encrypted");
            return Some((id, restore));
        }
        _ => {}
    }
    let restore = blocks(body, "restore_to_point_in_time");
    let block = restore.known.first().copied().or(restore.unknown)?;
    Some((block, format!("it is restored to a point in time of another database (`restore_to_point_in_time`) {TAKES}")))
}
