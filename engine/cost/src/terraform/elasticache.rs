//! ElastiCache: clusters (`node_type` x `num_cache_nodes`) and replication groups.

use super::attrs::{self, Read};
use super::pricing::{component, unpriced};
use super::{Count, Ctx, Modelled};
use crate::Component;
use tollgate_pricing::Decimal;

/// Node hours of `count` nodes of the resource's `node_type` running `engine`.
fn node_hours(ctx: &Ctx<'_>, engine: &str, count: &Count) -> Component {
    let node_type = attrs::text(ctx.body(), &["node_type"]);
    let hours = count.hours();
    match &node_type {
        Read::Known(node_type, span) => {
            let price = ctx.price("AmazonElastiCache", &format!("node_ondemand_{engine}"), node_type, "hour");
            component(format!("Cache nodes ({engine}, {node_type})"), "hour", hours, price, Some(*span))
        }
        Read::Absent => {
            unpriced(format!("Cache nodes ({engine})"), "hour", hours, "`node_type` is not set".into(), None)
        }
        Read::Unknown(why) => unpriced(format!("Cache nodes ({engine})"), "hour", hours, why.clone(), None),
    }
}

fn known_count(read: Read<Decimal>) -> Option<Result<Decimal, String>> {
    match read {
        Read::Known(n, _) => Some(Ok(n)),
        Read::Unknown(why) => Some(Err(why)),
        Read::Absent => None,
    }
}

/// `aws_elasticache_cluster`: `num_cache_nodes` nodes (a member of a replication group,
/// `replication_group_id`, is one node of that group's type).
pub(crate) fn cluster(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let in_group = !matches!(attrs::text(body, &["replication_group_id"]), Read::Absent);
    let count = match known_count(attrs::whole_number(body, &["num_cache_nodes"])) {
        Some(Ok(n)) => Count::fixed(n),
        Some(Err(why)) => Count::Unknown(why),
        None if in_group => Count::one(),
        None => Count::Unknown("`num_cache_nodes` is not set".into()),
    };
    let engine = match attrs::text(body, &["engine"]) {
        Read::Known(engine, _) => Ok(engine.to_lowercase()),
        Read::Absent if in_group => Err("the engine is its replication group's".to_string()),
        Read::Absent => Err("`engine` is not set".to_string()),
        Read::Unknown(why) => Err(why),
    };
    Modelled::priced(vec![cache_nodes(ctx, engine, &count)])
}

fn cache_nodes(ctx: &Ctx<'_>, engine: Result<String, String>, count: &Count) -> Component {
    match engine {
        Ok(engine) => node_hours(ctx, &engine, count),
        Err(why) => unpriced("Cache nodes".into(), "hour", count.hours(), why, None),
    }
}

/// `aws_elasticache_replication_group`: `num_cache_clusters` nodes, or in cluster mode
/// `num_node_groups` x (`replicas_per_node_group` + 1). `engine` defaults to redis (AWS
/// provider documentation).
pub(crate) fn replication_group(ctx: &Ctx<'_>) -> Modelled {
    let body = ctx.body();
    let clusters = known_count(attrs::whole_number(body, &["num_cache_clusters"]))
        .or_else(|| known_count(attrs::whole_number(body, &["number_cache_clusters"])));
    let shards = known_count(attrs::whole_number(body, &["num_node_groups"]));
    let replicas = known_count(attrs::whole_number(body, &["replicas_per_node_group"])).unwrap_or(Ok(Decimal::ZERO));
    let count = match (clusters, shards) {
        (Some(Ok(n)), _) => Count::fixed(n),
        (Some(Err(why)), _) => Count::Unknown(why),
        (None, Some(Ok(shards))) => match replicas {
            Ok(replicas) => Count::fixed(shards.saturating_mul(replicas + Decimal::ONE)),
            Err(why) => Count::Unknown(why),
        },
        (None, Some(Err(why))) => Count::Unknown(why),
        (None, None) => Count::Unknown("neither `num_cache_clusters` nor `num_node_groups` is set".into()),
    };
    let engine = attrs::text(body, &["engine"]).or_else(Ok("redis".to_string()));
    let engine = engine.map(|(engine, _)| engine.to_lowercase());
    Modelled::priced(vec![cache_nodes(ctx, engine, &count)])
}
