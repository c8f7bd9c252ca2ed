//! What EC2 instances, Auto Scaling groups and EKS managed node groups add to the EC2 vCPU
//! quotas: instances x vCPUs of the type (`tollgate_pricing::InstanceSpecs`), on the quota of
//! the type's family (the quota names list the families by their first letters) and market
//! (On-Demand or Spot).

use super::attr::{str_attr, Attr};
use super::aws_counts::{count_attr, count_attr_in, known_blocks, known_strings, per_instance, referenced};
use super::aws_quota::{Contribution, Units, Unresolved};
use tollgate_evaluate::Context;
use tollgate_model::{Resource, ResourceId};
use tollgate_pricing::InstanceSpecs;

/// The instance families of each vCPU quota, by the letters a type name starts with, as the
/// quota names give them: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances".
/// Families with quotas of their own that share a first letter (Inf, DL, Trn, HPC, Mac) are
/// matched first and have no quota in the table.
const OWN_QUOTA_FAMILIES: &[&str] = &["inf", "dl", "trn", "hpc", "mac"];

/// `(on-demand quota, spot quota)` for a type, or why it has none in the table.
fn family_quotas(instance_type: &str) -> Result<(&'static str, &'static str), String> {
    let family: String = instance_type.chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_lowercase();
    let no_quota = || format!("the vCPU quota of `{instance_type}` instances is not in Tollgate's quota table");
    if OWN_QUOTA_FAMILIES.iter().any(|own| family.starts_with(own)) {
        return Err(no_quota());
    }
    match family.chars().next() {
        Some('a' | 'c' | 'd' | 'h' | 'i' | 'm' | 'r' | 't' | 'z') => Ok(("ec2/L-1216C47A", "ec2/L-34B43A08")),
        Some('g') => Ok(("ec2/L-DB2E81BA", "ec2/L-3819A6DF")),
        Some('v') if family.starts_with("vt") => Ok(("ec2/L-DB2E81BA", "ec2/L-3819A6DF")),
        Some('p') => Ok(("ec2/L-417A185B", "ec2/L-7212CCBC")),
        _ => Err(no_quota()),
    }
}

/// The machines a resource launches: their types (several for a node group that may launch
/// any of them), whether they are Spot, and how many now and at most.
struct Fleet {
    types: Result<Vec<String>, Unresolved>,
    spot: bool,
    now: Result<u64, Unresolved>,
    max: Result<u64, Unresolved>,
}

/// Every vCPU contribution of the configuration.
pub fn vcpus<'g>(ctx: &Context<'g>) -> Vec<Contribution<'g>> {
    let mut out = Vec::new();
    for (id, r) in ctx.tf_resources("aws_instance") {
        contribute(ctx, r, instance(ctx, id, r), &mut out);
    }
    for (id, r) in ctx.tf_resources("aws_autoscaling_group") {
        contribute(ctx, r, autoscaling_group(ctx, id, r), &mut out);
    }
    for (id, r) in ctx.tf_resources("aws_eks_node_group") {
        contribute(ctx, r, node_group(ctx, id, r), &mut out);
    }
    out
}

fn contribute<'g>(ctx: &Context<'_>, resource: &'g Resource, fleet: Fleet, out: &mut Vec<Contribution<'g>>) {
    let per_machine = fleet.types.and_then(|types| machine(resource, &types, fleet.spot));
    let (quota, vcpus, detail) = match per_machine {
        Ok(found) => found,
        Err(why) => {
            // Without a type the quota is not known either: counted on the Standard one, unknown.
            let quota = if fleet.spot { "ec2/L-34B43A08" } else { "ec2/L-1216C47A" };
            out.push(Contribution::counted(resource, quota, Units::Unknown(why)));
            return;
        }
    };
    let units = |count: Result<u64, Unresolved>| match (per_instance(ctx, resource, 1), count) {
        (Units::Unknown(why), _) | (_, Err(why)) => Units::Unknown(why),
        (_, Ok(n)) => Units::Known(n.saturating_mul(vcpus)),
    };
    let (now, max) = (units(fleet.now), units(fleet.max));
    out.push(Contribution { now, max, ..Contribution::one(resource, quota) }.with_detail(detail));
}

/// The quota and vCPUs of one machine: the largest of the types, which must share a quota.
fn machine(resource: &Resource, types: &[String], spot: bool) -> Result<(&'static str, u64, String), Unresolved> {
    let unresolved = |why: String| Unresolved::new(resource.span, None, why);
    let mut found: Option<(&'static str, u64)> = None;
    for instance_type in types {
        let (on_demand, spot_quota) = family_quotas(instance_type).map_err(unresolved)?;
        let quota = if spot { spot_quota } else { on_demand };
        let spec = InstanceSpecs::embedded().lookup(instance_type).map_err(|e| unresolved(e.to_string()))?;
        let vcpus = u64::from(spec.vcpu);
        found = match found {
            Some((q, _)) if q != quota => {
                return Err(unresolved(format!("its instance types {} count on different vCPU quotas", types.join(", "))))
            }
            Some((q, most)) => Some((q, most.max(vcpus))),
            None => Some((quota, vcpus)),
        };
    }
    let (quota, vcpus) = found.ok_or_else(|| unresolved(format!("{} names no instance type", resource.address)))?;
    let market = if spot { "Spot " } else { "" };
    Ok((quota, vcpus, format!("{market}{}, {vcpus} vCPUs each", types.join("/"))))
}

fn instance(ctx: &Context<'_>, id: ResourceId, r: &Resource) -> Fleet {
    let template = referenced(ctx, id, &["launch_template.id", "launch_template.name"], &["aws_launch_template"]);
    let types = match str_attr(&r.body, &["instance_type"]) {
        Attr::Unset => template_type(r, template),
        attr => single_type(r, attr),
    };
    let spot = template_is_spot(r) || template.is_some_and(template_is_spot);
    Fleet { types, spot, now: Ok(1), max: Ok(1) }
}

fn autoscaling_group(ctx: &Context<'_>, id: ResourceId, r: &Resource) -> Fleet {
    let max = count_attr(r, &["max_size"], 0);
    let min = count_attr(r, &["min_size"], 0);
    // Without `desired_capacity` the group starts at `min_size`.
    let now = min.and_then(|min| count_attr(r, &["desired_capacity"], min));
    if !r.body.get("mixed_instances_policy").is_absent() {
        let why = format!("{} launches several instance types (`mixed_instances_policy`), not projected", r.address);
        return Fleet { types: Err(Unresolved::new(r.span, None, why)), spot: false, now, max };
    }
    let template = referenced(ctx, id, &["launch_template.id", "launch_template.name"], &["aws_launch_template"]);
    if let Some(template) = template {
        return Fleet { types: template_type(r, Some(template)), spot: template_is_spot(template), now, max };
    }
    let configuration = referenced(ctx, id, &["launch_configuration"], &["aws_launch_configuration"]);
    match configuration {
        Some(lc) => {
            let spot = !matches!(str_attr(&lc.body, &["spot_price"]), Attr::Unset);
            Fleet { types: single_type(lc, str_attr(&lc.body, &["instance_type"])), spot, now, max }
        }
        None => {
            let why = format!("the launch template of {} is not in the configuration", r.address);
            Fleet { types: Err(Unresolved::new(r.span, None, why)), spot: false, now, max }
        }
    }
}

fn node_group(ctx: &Context<'_>, id: ResourceId, r: &Resource) -> Fleet {
    let spot = matches!(str_attr(&r.body, &["capacity_type"]), Attr::Set("SPOT", _));
    let template = referenced(ctx, id, &["launch_template.id", "launch_template.name"], &["aws_launch_template"]);
    let types = match known_strings(r, &r.body, &["instance_types"]) {
        Ok(types) if !types.is_empty() => Ok(types.iter().map(|t| t.to_string()).collect()),
        // EKS launches t3.medium when neither the node group nor its launch template names a type.
        Ok(_) => match template {
            Some(t) if !matches!(str_attr(&t.body, &["instance_type"]), Attr::Unset) => template_type(r, Some(t)),
            _ => Ok(vec!["t3.medium".to_string()]),
        },
        Err(why) => Err(why),
    };
    let config = known_blocks(r, &r.body, "scaling_config").and_then(|found| {
        let why = format!("{} has no `scaling_config`", r.address);
        found.first().copied().ok_or_else(|| Unresolved::new(r.span, None, why))
    });
    let size = |key: &str| config.clone().and_then(|c| count_attr_in(r, c, key));
    Fleet { types, spot, now: size("desired_size"), max: size("max_size") }
}

fn single_type(owner: &Resource, attr: Attr<'_, &str>) -> Result<Vec<String>, Unresolved> {
    match attr {
        Attr::Set(t, _) => Ok(vec![t.to_string()]),
        _ => {
            let why = format!("the instance type of {} is not known", owner.address);
            Err(Unresolved::new(attr.span_or(owner.span), attr.written(), why))
        }
    }
}

fn template_type(owner: &Resource, template: Option<&Resource>) -> Result<Vec<String>, Unresolved> {
    match template {
        Some(t) => single_type(t, str_attr(&t.body, &["instance_type"])),
        None => single_type(owner, Attr::Unset),
    }
}

/// An instance or launch template asks for Spot capacity (`instance_market_options`).
fn template_is_spot(template: &Resource) -> bool {
    first_block_str(template, "instance_market_options", "market_type") == Some("spot")
}

/// A string attribute of the first nested block `block`.
fn first_block_str<'g>(resource: &'g Resource, block: &str, key: &str) -> Option<&'g str> {
    let first = known_blocks(resource, &resource.body, block).ok()?.first().copied()?;
    match str_attr(first, &[key]) {
        Attr::Set(value, _) => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::family_quotas;

    #[test]
    fn families_follow_the_quota_names() {
        let on_demand = |t: &str| family_quotas(t).map(|(q, _)| q);
        for standard in ["t3.large", "m5.xlarge", "c6g.large", "r6g.large", "i4i.large", "z1d.large", "a1.medium"] {
            assert_eq!(on_demand(standard), Ok("ec2/L-1216C47A"), "{standard}");
        }
        assert_eq!(on_demand("g5.xlarge"), Ok("ec2/L-DB2E81BA"));
        assert_eq!(on_demand("vt1.3xlarge"), Ok("ec2/L-DB2E81BA"));
        assert_eq!(on_demand("p4d.24xlarge"), Ok("ec2/L-417A185B"));
        assert_eq!(family_quotas("m5.large").map(|(_, spot)| spot), Ok("ec2/L-34B43A08"));
        for own in ["inf2.xlarge", "dl1.24xlarge", "trn1.2xlarge", "hpc6a.48xlarge", "mac1.metal", "x2gd.large"] {
            assert!(on_demand(own).is_err(), "{own}");
        }
    }
}
