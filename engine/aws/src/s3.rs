//! The S3 bucket sub-resources of provider v4 and later linked to their bucket with
//! [`EdgeKind::Configures`], by reference (`bucket = aws_s3_bucket.logs.id`) or by the bucket's
//! literal name (`bucket = "acme-logs"` where a bucket sets `bucket = "acme-logs"`).

use crate::scope;
use crate::Links;
use tollgate_model::{EdgeKind, GraphBuilder, Resource, ResourceId, TfBlock, Value};

/// Resource types that configure one aspect of the bucket named by their `bucket` argument.
pub const BUCKET_SUBRESOURCES: &[&str] = &[
    "aws_s3_bucket_accelerate_configuration",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_analytics_configuration",
    "aws_s3_bucket_cors_configuration",
    "aws_s3_bucket_intelligent_tiering_configuration",
    "aws_s3_bucket_inventory",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_logging",
    "aws_s3_bucket_metric",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_object_lock_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_replication_configuration",
    "aws_s3_bucket_request_payment_configuration",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_s3_bucket_website_configuration",
];

pub(crate) fn link_bucket_subresources(builder: &GraphBuilder, links: &mut Links) {
    let is_sub = |t: &str| BUCKET_SUBRESOURCES.contains(&t);
    for edge in builder.edges().iter().filter(|e| e.kind == EdgeKind::Reference && e.via == "bucket") {
        let (Some(from), Some(to)) =
            (builder.resources.get(edge.from.0 as usize), builder.resources.get(edge.to.0 as usize))
        else {
            continue;
        };
        if is_sub(&from.type_name) && to.is_tf_resource("aws_s3_bucket") && scope::same_instance(from, to) {
            links.push(edge.from, edge.to, EdgeKind::Configures, "bucket");
        }
    }
    let buckets: Vec<(ResourceId, &Resource, &str)> = builder
        .resources()
        .filter(|(_, r)| r.is_tf_resource("aws_s3_bucket"))
        .filter_map(|(id, r)| Some((id, r, r.body.get("bucket").known().and_then(Value::as_str)?)))
        .collect();
    for (id, sub) in builder.resources() {
        if !matches!(sub.terraform(), Some(o) if o.block == TfBlock::Resource) || !is_sub(&sub.type_name) {
            continue;
        }
        let Some(name) = sub.body.get("bucket").known().and_then(Value::as_str) else { continue };
        for &(bucket_id, bucket, bucket_name) in &buckets {
            if bucket_name == name && scope::same_environment(sub, bucket) {
                links.push(id, bucket_id, EdgeKind::Configures, "bucket");
            }
        }
    }
}
