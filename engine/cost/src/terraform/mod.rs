//! Cost models of Terraform resource types (one file per service). Each model reads one
//! resource instance and returns its components; the models are documented in `MODELS.md`.

mod attrs;
mod compute;
mod eks;
mod elasticache;
mod mq;
mod network;
mod pricing;
mod rds;
mod scope;
mod storage;
mod usage_based;

use crate::{Component, CostLine, CostScope, CostSettings, LineKind, UsageBased};
use tollgate_model::{Graph, Resource, ResourceId, TfBlock};

pub(crate) use pricing::{Count, Ctx};

/// What a model makes of one resource instance.
pub(crate) struct Modelled {
    /// Billed dimensions; none and no `usage_needed`: the resource is not a cost line.
    pub components: Vec<Component>,
    /// What the usage file would need for the part of the cost that depends on usage, when it
    /// does not give it (the resource is then also listed as usage-based).
    pub usage_needed: Option<String>,
}

impl Modelled {
    pub fn priced(components: Vec<Component>) -> Modelled {
        Modelled { components, usage_needed: None }
    }
}

type Model = fn(&Ctx<'_>) -> Modelled;

/// The model of a resource type, when it has one.
fn model_of(type_name: &str) -> Option<Model> {
    Some(match type_name {
        "aws_instance" => compute::instance,
        "aws_spot_instance_request" => compute::spot_instance_request,
        "aws_autoscaling_group" => compute::autoscaling_group,
        "aws_eks_cluster" => eks::cluster,
        "aws_eks_node_group" => eks::node_group,
        "aws_db_instance" => rds::db_instance,
        "aws_rds_cluster" => rds::cluster,
        "aws_rds_cluster_instance" => rds::cluster_instance,
        "aws_elasticache_cluster" => elasticache::cluster,
        "aws_elasticache_replication_group" => elasticache::replication_group,
        "aws_mq_broker" => mq::broker,
        "aws_nat_gateway" => network::nat_gateway,
        "aws_lb" | "aws_alb" => network::load_balancer,
        "aws_eip" => network::elastic_ip,
        "aws_ebs_volume" => storage::ebs_volume,
        "aws_s3_bucket" => usage_based::s3_bucket,
        "aws_lambda_function" => usage_based::lambda_function,
        _ => return None,
    })
}

/// One line per priced resource instance, in (root, environment, address) order; usage-based
/// resources the usage file does not cover listed apart.
pub(crate) fn lines(graph: &Graph, settings: &CostSettings<'_>) -> (Vec<CostLine>, Vec<UsageBased>) {
    let mut lines = Vec::new();
    let mut usage_based = Vec::new();
    for (id, resource) in graph.resources() {
        let Some(model) =
            resource.terraform().filter(|o| o.block == TfBlock::Resource).and(model_of(&resource.type_name))
        else {
            continue;
        };
        let usage = settings.usage.entry_for(&resource.address);
        let ctx = Ctx::new(graph, settings, id, resource, usage);
        let modelled = model(&ctx);
        if let Some(reason) = modelled.usage_needed {
            usage_based.push(usage_based_entry(id, resource, &ctx, reason));
        }
        if !modelled.components.is_empty() {
            lines.push(cost_line(id, resource, &ctx, modelled.components));
        }
    }
    lines.sort_by(|a, b| line_order(&a.scope, &a.address).cmp(&line_order(&b.scope, &b.address)));
    usage_based.sort_by(|a, b| line_order(&a.scope, &a.address).cmp(&line_order(&b.scope, &b.address)));
    (lines, usage_based)
}

/// Report order: root, environment, address.
fn line_order<'a>(scope: &'a CostScope, address: &'a str) -> (&'a Option<String>, &'a Option<String>, &'a str) {
    (&scope.root, &scope.environment, address)
}

fn cost_line(id: ResourceId, resource: &Resource, ctx: &Ctx<'_>, components: Vec<Component>) -> CostLine {
    CostLine {
        resource: id,
        address: resource.address.clone(),
        resource_type: resource.type_name.clone(),
        kind: LineKind::Terraform,
        span: resource.span,
        scope: scope::of(resource, ctx),
        components,
        allocated: false,
    }
}

fn usage_based_entry(id: ResourceId, resource: &Resource, ctx: &Ctx<'_>, needed: String) -> UsageBased {
    UsageBased {
        resource: id,
        address: resource.address.clone(),
        resource_type: resource.type_name.clone(),
        span: resource.span,
        scope: scope::of(resource, ctx),
        reason: format!("needs {needed} in the usage file"),
    }
}
