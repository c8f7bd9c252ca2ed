//! Rules per security group as AWS counts them (Amazon VPC quotas): inbound and outbound
//! separately, IPv4 and IPv6 separately; each CIDR block is one rule, and a rule that references
//! a security group counts once for IPv4 and once for IPv6. A prefix list counts as its maximum
//! number of entries, which the configuration may not say: unknown.

use super::attr::{bool_attr, str_attr, Attr};
use super::aws_counts::{known_blocks, per_instance, referenced, RULES_PER_SECURITY_GROUP};
use super::aws_quota::{Contribution, Units, Unresolved};
use tollgate_evaluate::Context;
use tollgate_model::{Lookup, Resource, ResourceId, Value};

/// Rules of one direction, by IP version.
#[derive(Default)]
struct Tally {
    ipv4: u64,
    ipv6: u64,
    unknown: Option<Unresolved>,
}

impl Tally {
    fn both(&mut self, n: u64) {
        self.ipv4 += n;
        self.ipv6 += n;
    }

    fn unresolved(&mut self, why: Unresolved) {
        self.unknown = self.unknown.take().or(Some(why));
    }

    fn read_cidrs(&mut self, resource: &Resource, body: &Value, v4: &str, v6: &str) {
        for (key, ipv6) in [(v4, false), (v6, true)] {
            match strings_in(resource, body, key) {
                Ok(n) if ipv6 => self.ipv6 += n,
                Ok(n) => self.ipv4 += n,
                Err(why) => self.unresolved(why),
            }
        }
    }

    fn prefix_lists(&mut self, resource: &Resource, written: Option<&Value>) {
        if let Some(v) = written.filter(|v| !v.is_null() && !v.items().is_empty()) {
            let why = format!(
                "{} references a prefix list, which counts as its maximum number of entries, not read here",
                resource.address
            );
            self.unresolved(Unresolved::new(v.span, Some(v), why));
        }
    }
}

/// How many items a list attribute has: each is one rule whatever its value, so only a list
/// whose length is unknown is unresolved.
fn strings_in(resource: &Resource, body: &Value, key: &str) -> Result<u64, Unresolved> {
    match body.get(key) {
        Lookup::Absent => Ok(0),
        Lookup::Unknown(v) => {
            let why = format!("how many items `{key}` of {} has is not known", resource.address);
            Err(Unresolved::new(v.span, Some(v), why))
        }
        Lookup::Known(v) if v.is_null() => Ok(0),
        Lookup::Known(v) => Ok(v.as_list().map_or(1, |items| items.len() as u64)),
    }
}

/// Adds every security group's inline rules and every rule resource attached to a group.
pub fn rules_per_group<'g>(ctx: &Context<'g>, out: &mut Vec<Contribution<'g>>) {
    for (_, group) in ctx.tf_resources("aws_security_group") {
        for (direction, key) in [("inbound", "ingress"), ("outbound", "egress")] {
            let tally = match known_blocks(group, &group.body, key) {
                Ok(found) => inline_rules(group, &found),
                Err(why) => Tally { unknown: Some(why), ..Tally::default() },
            };
            // Each instance of a group holds its own inline rules: how many there are does not matter.
            push(None, out, group, Ok(group.address.clone()), direction, tally);
        }
    }
    for (id, rule) in ctx.tf_resources("aws_security_group_rule") {
        let direction = match str_attr(&rule.body, &["type"]) {
            Attr::Set("ingress", _) => "inbound",
            Attr::Set("egress", _) => "outbound",
            _ => continue,
        };
        let mut tally = Tally::default();
        tally.read_cidrs(rule, &rule.body, "cidr_blocks", "ipv6_cidr_blocks");
        let references_group = !matches!(str_attr(&rule.body, &["source_security_group_id"]), Attr::Unset)
            || matches!(bool_attr(&rule.body, &["self"]), Attr::Set(true, _));
        if references_group {
            tally.both(1);
        }
        tally.prefix_lists(rule, rule.body.get("prefix_list_ids").value());
        push(Some(ctx), out, rule, attached_group(ctx, id, rule), direction, tally);
    }
    for (type_name, direction) in
        [("aws_vpc_security_group_ingress_rule", "inbound"), ("aws_vpc_security_group_egress_rule", "outbound")]
    {
        for (id, rule) in ctx.tf_resources(type_name) {
            let tally = single_rule(rule);
            push(Some(ctx), out, rule, attached_group(ctx, id, rule), direction, tally);
        }
    }
}

fn inline_rules(group: &Resource, rules: &[&Value]) -> Tally {
    let mut tally = Tally::default();
    for rule in rules {
        tally.read_cidrs(group, rule, "cidr_blocks", "ipv6_cidr_blocks");
        match strings_in(group, rule, "security_groups") {
            Ok(n) => tally.both(n),
            Err(why) => tally.unresolved(why),
        }
        if matches!(bool_attr(rule, &["self"]), Attr::Set(true, _)) {
            tally.both(1);
        }
        tally.prefix_lists(group, rule.get("prefix_list_ids").value());
    }
    tally
}

/// `aws_vpc_security_group_{ingress,egress}_rule`: one rule, of the version of its address.
fn single_rule(rule: &Resource) -> Tally {
    let mut tally = Tally::default();
    let set = |key: &str| !matches!(str_attr(&rule.body, &[key]), Attr::Unset);
    if set("cidr_ipv4") {
        tally.ipv4 += 1;
    }
    if set("cidr_ipv6") {
        tally.ipv6 += 1;
    }
    if set("referenced_security_group_id") {
        tally.both(1);
    }
    tally.prefix_lists(rule, rule.body.get("prefix_list_id").value());
    tally
}

/// The security group a rule resource adds to: the `aws_security_group` it references, else
/// the literal group id it names.
fn attached_group(ctx: &Context<'_>, id: ResourceId, rule: &Resource) -> Result<String, Unresolved> {
    if let Some(group) = referenced(ctx, id, &["security_group_id"], &["aws_security_group"]) {
        return Ok(group.address.clone());
    }
    match str_attr(&rule.body, &["security_group_id"]) {
        Attr::Set(group_id, _) => Ok(format!("`{group_id}`")),
        attr => {
            let why = format!("the security group {} adds to is not known", rule.address);
            Err(Unresolved::new(attr.span_or(rule.span), attr.written(), why))
        }
    }
}

/// Adds a resource's tally; `instances_count` (the rule resources') when how many instances it
/// has changes the group's total.
fn push<'g>(
    instances_count: Option<&Context<'g>>,
    out: &mut Vec<Contribution<'g>>,
    resource: &'g Resource,
    group: Result<String, Unresolved>,
    direction: &str,
    tally: Tally,
) {
    let scope = |what: &str| group.clone().map(|g| format!("security group {g} ({direction} {what})"));
    let instances = instances_count.map_or(Units::Known(1), |ctx| per_instance(ctx, resource, 1));
    let unknown = match (instances, tally.unknown) {
        (Units::Unknown(why), _) | (_, Some(why)) => Some(why),
        _ => None,
    };
    if let Some(why) = unknown {
        // Which IP version an unknown part counts on is unknown too: one result, not two.
        out.push(Contribution::counted(resource, RULES_PER_SECURITY_GROUP, Units::Unknown(why)).in_scope(scope("rules")));
        return;
    }
    for (version, n) in [("IPv4", tally.ipv4), ("IPv6", tally.ipv6)].into_iter().filter(|(_, n)| *n > 0) {
        let contribution = Contribution::counted(resource, RULES_PER_SECURITY_GROUP, Units::Known(n));
        out.push(contribution.in_scope(scope(&format!("{version} rules"))));
    }
}
