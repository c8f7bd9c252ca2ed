//! Provider `default_tags` merged into each taggable AWS resource's effective tags, stored as the
//! resource's `tags_all` (the attribute the provider computes): the provider's default tags,
//! overridden key by key by the resource's own `tags`.
//!
//! Which provider configuration a resource uses: the one its `provider` meta-argument names
//! (`provider = aws.west`), else the default (unaliased) `aws` provider, looked up in the
//! resource's own module instance first. A child module without its own configuration gets it
//! from its caller: through the call's `providers = { aws = aws.west }` map when there is one
//! (an entry missing from that map means no configuration), else the caller's default provider,
//! as Terraform passes default providers down implicitly. A resource with no configuration found
//! has no default tags.
//!
//! Which resources are taggable: without the provider schema this is a heuristic. An `aws_*`
//! resource is taggable when it writes `tags` (the provider would reject the argument on a type
//! without it) or its type is in [`TAGGABLE`], a list of common types whose documentation lists
//! `tags` and `tags_all`; never the types in [`NO_DEFAULT_TAGS`]. A resource whose `tags_all` is
//! already present (from a plan) keeps it.

use crate::scope;
use std::collections::BTreeMap;
use tollgate_model::{GraphBuilder, Lookup, MapEntry, Resource, Span, TfBlock, UnknownReason, Value, ValueKind};

/// Common resource types that support `tags` (and so `tags_all`) without writing them.
pub const TAGGABLE: &[&str] = &[
    "aws_acm_certificate",
    "aws_alb",
    "aws_alb_target_group",
    "aws_ami",
    "aws_api_gateway_rest_api",
    "aws_api_gateway_stage",
    "aws_apigatewayv2_api",
    "aws_apigatewayv2_stage",
    "aws_athena_workgroup",
    "aws_backup_plan",
    "aws_backup_vault",
    "aws_cloudfront_distribution",
    "aws_cloudtrail",
    "aws_cloudwatch_event_bus",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_codebuild_project",
    "aws_codepipeline",
    "aws_cognito_user_pool",
    "aws_customer_gateway",
    "aws_db_instance",
    "aws_db_option_group",
    "aws_db_parameter_group",
    "aws_db_proxy",
    "aws_db_subnet_group",
    "aws_default_security_group",
    "aws_default_vpc",
    "aws_docdb_cluster",
    "aws_dynamodb_table",
    "aws_ebs_snapshot",
    "aws_ebs_volume",
    "aws_ec2_transit_gateway",
    "aws_ecr_repository",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_ecs_task_definition",
    "aws_efs_file_system",
    "aws_egress_only_internet_gateway",
    "aws_eip",
    "aws_eks_addon",
    "aws_eks_cluster",
    "aws_eks_fargate_profile",
    "aws_eks_node_group",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_elasticache_subnet_group",
    "aws_elasticsearch_domain",
    "aws_emr_cluster",
    "aws_flow_log",
    "aws_glue_job",
    "aws_iam_instance_profile",
    "aws_iam_openid_connect_provider",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_user",
    "aws_instance",
    "aws_internet_gateway",
    "aws_key_pair",
    "aws_kinesis_firehose_delivery_stream",
    "aws_kinesis_stream",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_launch_template",
    "aws_lb",
    "aws_lb_listener",
    "aws_lb_listener_rule",
    "aws_lb_target_group",
    "aws_mq_broker",
    "aws_msk_cluster",
    "aws_nat_gateway",
    "aws_neptune_cluster",
    "aws_network_acl",
    "aws_network_interface",
    "aws_opensearch_domain",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_redshift_cluster",
    "aws_route53_health_check",
    "aws_route53_zone",
    "aws_route_table",
    "aws_s3_bucket",
    "aws_s3_object",
    "aws_sagemaker_notebook_instance",
    "aws_secretsmanager_secret",
    "aws_security_group",
    "aws_sfn_state_machine",
    "aws_sns_topic",
    "aws_sqs_queue",
    "aws_ssm_document",
    "aws_ssm_parameter",
    "aws_subnet",
    "aws_vpc",
    "aws_vpc_endpoint",
    "aws_vpc_peering_connection",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpn_connection",
    "aws_vpn_gateway",
    "aws_wafv2_ip_set",
    "aws_wafv2_web_acl",
];

/// Types that take tags their own way and do not receive default tags (Auto Scaling groups
/// propagate `tag` blocks to instances; the provider documents them as the exception).
pub const NO_DEFAULT_TAGS: &[&str] = &["aws_autoscaling_group"];

/// Whether a resource takes tags (see the module documentation for the heuristic).
pub fn is_taggable(resource: &Resource) -> bool {
    let type_name = resource.type_name.as_str();
    resource.terraform().is_some_and(|o| o.block == TfBlock::Resource)
        && type_name.starts_with("aws_")
        && !NO_DEFAULT_TAGS.contains(&type_name)
        && (!resource.body.get("tags").is_absent() || TAGGABLE.binary_search(&type_name).is_ok())
}

/// Adds `tags_all` to every taggable AWS resource that has none.
pub(crate) fn apply_default_tags(builder: &mut GraphBuilder) {
    let providers = scope::aws_providers(builder);
    let mut updates: Vec<(usize, Value)> = Vec::new();
    for (index, resource) in builder.resources.iter().enumerate() {
        if !is_taggable(resource) || !resource.body.get("tags_all").is_absent() {
            continue;
        }
        let defaults = scope::provider_for(builder, &providers, resource)
            .map(|provider| default_tags(&builder.resources[provider].body))
            .unwrap_or(Defaults::None);
        updates.push((index, tags_all(resource, defaults)));
    }
    for (index, value) in updates {
        if let Some(resource) = builder.resources.get_mut(index) {
            push_entry(&mut resource.body, "tags_all", value);
        }
    }
}

/// A provider configuration's default tags.
pub(crate) enum Defaults<'a> {
    None,
    Known(&'a [MapEntry]),
    Unknown(&'a Value),
}

/// The default tags of a provider configuration's body.
pub(crate) fn default_tags(provider: &Value) -> Defaults<'_> {
    let block = match provider.get("default_tags") {
        Lookup::Absent => return Defaults::None,
        Lookup::Unknown(v) => return Defaults::Unknown(v),
        Lookup::Known(v) => v,
    };
    // One block: a list of one map in HCL, a map in `.tf.json`.
    let Some(block) = block.items().first() else { return Defaults::None };
    if block.is_unknown() {
        return Defaults::Unknown(block);
    }
    match block.get("tags") {
        Lookup::Absent => Defaults::None,
        Lookup::Unknown(v) => Defaults::Unknown(v),
        Lookup::Known(v) if v.is_null() => Defaults::None,
        Lookup::Known(v) => match v.as_map() {
            Some(entries) => Defaults::Known(entries),
            None => Defaults::Unknown(v),
        },
    }
}

/// The effective tags: defaults, then the resource's own tags over them (a tag whose value is
/// null is not set), keys sorted as Terraform shows a map. Unknown when either side is unknown
/// as a whole.
fn tags_all(resource: &Resource, defaults: Defaults<'_>) -> Value {
    let own = resource.body.get("tags");
    let span = own.value().map_or(resource.span, |v| v.span);
    let mut merged: BTreeMap<String, MapEntry> = BTreeMap::new();
    match defaults {
        Defaults::None => {}
        Defaults::Unknown(v) => return unknown_like(v, span),
        Defaults::Known(entries) => {
            for entry in entries.iter().filter(|e| !e.value.is_null()) {
                merged.insert(entry.key.clone(), entry.clone());
            }
        }
    }
    match own {
        Lookup::Absent => {}
        Lookup::Unknown(v) => return unknown_like(v, span),
        Lookup::Known(v) if v.is_null() => {}
        Lookup::Known(v) => match v.as_map() {
            Some(entries) => {
                for entry in entries.iter().filter(|e| !e.value.is_null()) {
                    merged.insert(entry.key.clone(), entry.clone());
                }
            }
            None => return unknown_like(v, span),
        },
    }
    Value::new(ValueKind::Map(merged.into_values().collect()), span)
}

/// An unknown `tags_all` located at `span`, for the same reason as `cause`.
fn unknown_like(cause: &Value, span: Span) -> Value {
    match cause.as_unknown() {
        Some(u) => u.at(span),
        None => Value::unknown(UnknownReason::Expression, cause.display(), span),
    }
}

/// Adds `key` to a map body (a body that is not a map is left alone).
pub(crate) fn push_entry(body: &mut Value, key: &str, value: Value) {
    if let ValueKind::Map(entries) = &mut body.kind {
        entries.retain(|e| e.key != key);
        entries.push(MapEntry { key: key.to_string(), key_span: value.span, value });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_taggable_list_is_sorted_for_binary_search() {
        assert!(TAGGABLE.windows(2).all(|w| w[0] < w[1]));
    }
}
