//! AWS service quota projections: what each Terraform resource instance adds to a quota
//! ([`Contribution`], made by `aws_counts` and `aws_vcpus`), summed per deployment (root and
//! environment), region and scope (an availability zone, a security group, a cluster), and
//! judged against the quota in force: the user's `[quotas.aws]` value, else the AWS default of
//! the quota table. A default that AWS sets per account is never assumed.

use super::text::join_and;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use tollgate_evaluate::{Context, Emitter};
use tollgate_model::{ProviderRegion, Resource, Span, Value};
use tollgate_pricing::{DefaultQuota, Quota, Quotas};

/// How many counted resources a message names before counting the rest.
const NAMED: usize = 4;

/// What is projected: the configuration as it deploys now (desired sizes) or at maximum scale
/// (autoscaling groups' and node groups' `max_size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Now,
    AtMax,
}

/// A figure that may not be known: the unknown one says why, where, and carries the value.
#[derive(Debug, Clone)]
pub enum Units {
    Known(u64),
    Unknown(Unresolved),
}

/// Why a figure (or where it is counted) is unknown.
#[derive(Debug, Clone)]
pub struct Unresolved {
    pub at: Span,
    /// The unknown value (its expression is quoted in the message), or a null at `at`.
    pub value: Box<Value>,
    pub why: String,
    /// The most it can add, when that is known (a load balancer of unknown type adds at most
    /// one to each load balancer quota).
    pub at_most: Option<u64>,
}

impl Unresolved {
    pub fn new(at: Span, value: Option<&Value>, why: impl Into<String>) -> Unresolved {
        let value = Box::new(value.cloned().unwrap_or_else(|| Value::null(at)));
        Unresolved { at, value, why: why.into(), at_most: None }
    }

    pub fn at_most(mut self, bound: u64) -> Unresolved {
        self.at_most = Some(bound);
        self
    }
}

/// What one resource instance adds to one quota.
#[derive(Debug, Clone)]
pub struct Contribution<'g> {
    pub resource: &'g Resource,
    /// The quota table's key (`vpc/L-F678F1CE`).
    pub quota: &'static str,
    /// The scope within the region the quota counts over (`availability zone eu-west-1a`,
    /// `security group aws_security_group.web (inbound IPv4 rules)`); empty for per-region
    /// quotas; unknown when it cannot be told (a NAT gateway whose subnet's zone is unknown).
    pub scope: Result<String, Unresolved>,
    pub now: Units,
    pub max: Units,
    /// What it adds, for the message (`m5.xlarge x 3`); empty when it adds one.
    pub detail: String,
}

impl<'g> Contribution<'g> {
    /// One unit now and at max, in the region-wide scope.
    pub fn one(resource: &'g Resource, quota: &'static str) -> Self {
        Contribution::counted(resource, quota, Units::Known(1))
    }

    /// The same figure now and at max, in the region-wide scope.
    pub fn counted(resource: &'g Resource, quota: &'static str, units: Units) -> Self {
        Contribution { resource, quota, scope: Ok(String::new()), now: units.clone(), max: units, detail: String::new() }
    }

    pub fn in_scope(mut self, scope: Result<String, Unresolved>) -> Self {
        self.scope = scope;
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    fn units(&self, scale: Scale) -> &Units {
        match scale {
            Scale::Now => &self.now,
            Scale::AtMax => &self.max,
        }
    }

    fn known(&self, scale: Scale) -> Option<u64> {
        match self.units(scale) {
            Units::Known(n) => Some(*n),
            Units::Unknown(_) => None,
        }
    }

    fn label(&self, scale: Scale) -> String {
        let units = self.known(scale).map(|n| n.to_string()).unwrap_or_else(|| "?".to_string());
        match (self.detail.is_empty(), units.as_str()) {
            (true, "1") => self.resource.address.clone(),
            (true, _) => format!("{} ({units})", self.resource.address),
            (false, _) => format!("{} ({}: {units})", self.resource.address, self.detail),
        }
    }
}

/// The quota in force and where its value comes from.
struct Limit<'q> {
    quota: &'q Quota,
    value: Option<u64>,
    from_user: bool,
}

impl<'q> Limit<'q> {
    fn of(ctx: &Context<'_>, quota: &'q Quota) -> Limit<'q> {
        match ctx.settings().aws_quotas.get(&quota.key()) {
            Some(value) => Limit { quota, value: Some(*value), from_user: true },
            None => {
                let value = match quota.default {
                    DefaultQuota::Value(n) => Some(n),
                    DefaultQuota::VariesByAccount | DefaultQuota::NotSourced => None,
                };
                Limit { quota, value, from_user: false }
            }
        }
    }

    /// "VPCs per Region (`vpc/L-F678F1CE`)".
    fn name(&self) -> String {
        format!("{} (`{}`)", self.quota.name, self.quota.key())
    }

    /// "5 (the AWS default, ...)", or why there is no value.
    fn describe(&self) -> String {
        match (self.value, self.from_user) {
            (Some(value), true) => format!("{value} (your value in tollgate.toml `[quotas.aws]`)"),
            (Some(value), false) => format!(
                "{value} (the AWS default, data/aws/quotas/aws-default-quotas.csv line {})",
                self.quota.line
            ),
            (None, _) if self.quota.default == DefaultQuota::VariesByAccount => {
                "set by AWS per account (Tollgate assumes no default)".to_string()
            }
            (None, _) => "not given by Tollgate's sources (Tollgate assumes no default)".to_string(),
        }
    }

    fn set_hint(&self, figure: u64) -> String {
        format!(
            "set `[quotas.aws] \"{}\" = <your account's value>` in tollgate.toml (Service Quotas shows it) to check \
             it; the configuration needs at least {figure}",
            self.quota.key()
        )
    }
}

/// The region a resource is created in, as its provider configuration says.
fn region(resource: &Resource) -> Result<String, Unresolved> {
    let provider = resource.terraform().and_then(|t| t.provider.as_ref());
    match provider.map(|p| (&p.address, &p.region)) {
        Some((_, ProviderRegion::Set { name, .. })) => Ok(name.clone()),
        Some((address, ProviderRegion::Unknown { source, span })) => Err(Unresolved::new(
            *span,
            None,
            format!("the region of `{address}` (`{source}`) is not known, so the region it counts in is not known"),
        )),
        Some((_, ProviderRegion::NotSet)) | None => Ok(DEFAULT_REGION.to_string()),
    }
}

/// The group of resources whose provider sets no region: they go wherever `AWS_REGION` or the
/// profile points, all of them to the same region.
const DEFAULT_REGION: &str = "the provider's default region (no `region` argument: AWS_REGION or the profile decides)";

type DeploymentKey = (Option<String>, Option<String>);

/// The contributions to one quota in one deployment, by region and scope, and those that
/// cannot be placed.
#[derive(Default)]
struct Deployment<'g> {
    groups: BTreeMap<(String, String), Vec<Contribution<'g>>>,
    unplaced: Vec<(Contribution<'g>, Unresolved)>,
}

/// Judges every quota of `contributions` at `scale`: at [`Scale::Now`] a quota the deployment
/// exceeds as written, or whose total cannot be known; at [`Scale::AtMax`] one it fits now but
/// exceeds at maximum scale.
pub fn report(ctx: &Context<'_>, out: &mut Emitter<'_>, scale: Scale, contributions: Vec<Contribution<'_>>) {
    let mut by_quota: BTreeMap<(&'static str, DeploymentKey), Deployment<'_>> = BTreeMap::new();
    for c in contributions {
        let origin = c.resource.terraform();
        let deployment = (origin.and_then(|o| o.root.clone()), origin.and_then(|o| o.environment.clone()));
        let entry = by_quota.entry((c.quota, deployment)).or_default();
        match region(c.resource).and_then(|r| c.scope.clone().map(|s| (r, s))) {
            Ok(key) => entry.groups.entry(key).or_default().push(c),
            Err(why) => entry.unplaced.push((c, why)),
        }
    }
    for ((key, _), mut deployment) in by_quota {
        let Ok(quota) = Quotas::embedded().get(key) else { continue };
        let limit = Limit::of(ctx, quota);
        for ((region, scope), group) in &mut deployment.groups {
            group.sort_by(|a, b| natural_cmp(&a.resource.address, &b.resource.address));
            let place = Place { region, scope };
            judge_group(out, &limit, &place, group, scale);
        }
        deployment.unplaced.sort_by(|a, b| natural_cmp(&a.0.resource.address, &b.0.resource.address));
        judge_unplaced(out, &limit, &deployment, scale);
    }
}

struct Place<'a> {
    region: &'a str,
    scope: &'a str,
}

impl Place<'_> {
    fn describe(&self) -> String {
        match self.scope.is_empty() {
            true => format!("in {}", self.region),
            false => format!("for {} in {}", self.scope, self.region),
        }
    }
}

/// The sum of the known figures and the first contribution whose figure is unknown.
fn total<'c, 'g>(group: impl IntoIterator<Item = &'c Contribution<'g>>, scale: Scale) -> (u64, Option<&'c Contribution<'g>>)
where
    'g: 'c,
{
    let mut sum = 0u64;
    let mut unknown = None;
    for c in group {
        match c.units(scale) {
            Units::Known(n) => sum = sum.saturating_add(*n),
            Units::Unknown(_) => unknown = unknown.or(Some(c)),
        }
    }
    (sum, unknown)
}

/// The most a group can count: `None` when some unknown figure has no bound.
fn upper_bound<'c, 'g: 'c>(group: impl IntoIterator<Item = &'c Contribution<'g>>, scale: Scale) -> Option<u64> {
    group.into_iter().try_fold(0u64, |sum, c| match c.units(scale) {
        Units::Known(n) => Some(sum.saturating_add(*n)),
        Units::Unknown(why) => why.at_most.map(|bound| sum.saturating_add(bound)),
    })
}

fn judge_group(out: &mut Emitter<'_>, limit: &Limit<'_>, place: &Place<'_>, group: &[Contribution<'_>], scale: Scale) {
    let (now, now_unknown) = total(group, Scale::Now);
    let (max, max_unknown) = total(group, Scale::AtMax);
    let Some(value) = limit.value else {
        if scale == Scale::Now && (max > 0 || max_unknown.is_some()) {
            if let Some(first) = group.first() {
                let message = format!(
                    "this deployment needs {} of {} {} {}; the quota is {}, so the result is unknown: {}.",
                    figures(now, now_unknown.is_some(), max, max_unknown.is_some()),
                    limit.name(),
                    place.describe(),
                    counted_noun(group, scale),
                    limit.describe(),
                    limit.set_hint(max)
                );
                out.unknown_at(first.resource, first.resource.span, &Value::null(first.resource.span), message);
            }
        }
        return;
    };
    // An unknown part that cannot take the total past the quota leaves it known to hold.
    let holds = |scale: Scale| upper_bound(group, scale).is_some_and(|most| most <= value);
    let fits_now = now <= value && (now_unknown.is_none() || holds(Scale::Now));
    match scale {
        Scale::Now if now > value => fail(out, limit, value, place, group, Scale::Now, (now, max)),
        Scale::Now => {
            if let Some(c) = now_unknown.filter(|_| !holds(Scale::Now)) {
                unknown(out, limit, place, c, now, Scale::Now);
            }
        }
        Scale::AtMax if fits_now && max > value => fail(out, limit, value, place, group, Scale::AtMax, (now, max)),
        Scale::AtMax if fits_now => {
            if let Some(c) = max_unknown.filter(|_| !holds(Scale::AtMax)) {
                unknown(out, limit, place, c, max, Scale::AtMax);
            }
        }
        Scale::AtMax => {}
    }
}

/// "3 now, 5 at maximum scale" (with "at least" where some figure is unknown).
fn figures(now: u64, now_partial: bool, max: u64, max_partial: bool) -> String {
    let at_least = |partial: bool| if partial { "at least " } else { "" };
    if now == max && now_partial == max_partial {
        return format!("{}{now}", at_least(now_partial));
    }
    format!("{}{now} now and {}{max} at maximum scale", at_least(now_partial), at_least(max_partial))
}

fn counted_noun(group: &[Contribution<'_>], scale: Scale) -> String {
    let labels: Vec<String> = group.iter().map(|c| c.label(scale)).collect();
    let shown = labels.len().min(NAMED);
    let mut named = labels[..shown].to_vec();
    if labels.len() > shown {
        named.push(format!("{} more", labels.len() - shown));
    }
    format!("({})", join_and(&named))
}

fn fail(
    out: &mut Emitter<'_>,
    limit: &Limit<'_>,
    value: u64,
    place: &Place<'_>,
    group: &[Contribution<'_>],
    scale: Scale,
    (now, max): (u64, u64),
) {
    let mut running = 0u64;
    let Some(crossing) = group.iter().find(|c| {
        running = running.saturating_add(c.known(scale).unwrap_or(0));
        running > value
    }) else {
        return;
    };
    let when = match scale {
        Scale::Now => "AWS refuses it on the first apply".to_string(),
        Scale::AtMax => format!("the deployment fits now ({now}) but AWS refuses capacity beyond it when scaling out"),
    };
    let message = format!(
        "{} goes past {} {}: the quota is {} and this deployment counts {} {}; {when}. Request an increase in \
         Service Quotas and set the granted value in tollgate.toml `[quotas.aws] \"{}\"`, or reduce what this deployment creates.",
        crossing.resource.address,
        limit.name(),
        place.describe(),
        limit.describe(),
        figures(now, false, max, false),
        counted_noun(group, scale),
        limit.quota.key()
    );
    out.fail(crossing.resource, crossing.resource.span, message);
}

fn unknown(
    out: &mut Emitter<'_>,
    limit: &Limit<'_>,
    place: &Place<'_>,
    first: &Contribution<'_>,
    known: u64,
    scale: Scale,
) {
    let Units::Unknown(why) = first.units(scale) else { return };
    let at = match scale {
        Scale::Now => "",
        Scale::AtMax => " at maximum scale",
    };
    let message = format!(
        "{} {} is {}; the known resources count {known}{at}, but what {} adds is unknown: {}; whether the quota \
         holds cannot be told.",
        limit.name(),
        place.describe(),
        limit.describe(),
        first.resource.address,
        why.why
    );
    out.unknown_at(first.resource, why.at, &why.value, message);
}

/// Resources whose region or scope is unknown could count in any group: reported once per quota
/// and deployment, unless even the fullest group with all of them added stays within the quota.
fn judge_unplaced(out: &mut Emitter<'_>, limit: &Limit<'_>, deployment: &Deployment<'_>, scale: Scale) {
    let Some((first, why)) = deployment.unplaced.first() else { return };
    let worst = |scale: Scale| {
        let fullest = deployment.groups.values().map(|g| total(g, scale).0).max().unwrap_or(0);
        let (sum, unknown) = total(deployment.unplaced.iter().map(|(c, _)| c), scale);
        (fullest.saturating_add(sum), unknown.is_some())
    };
    let (now, now_unknown) = worst(Scale::Now);
    let (max, max_unknown) = worst(Scale::AtMax);
    let exceeds = |total: u64, unknown: bool| limit.value.is_none_or(|v| unknown || total > v);
    let report = match scale {
        Scale::Now => exceeds(now, now_unknown),
        Scale::AtMax => limit.value.is_some() && !exceeds(now, now_unknown) && exceeds(max, max_unknown),
    };
    if !report {
        return;
    }
    let others = deployment.unplaced.len() - 1;
    let message = format!(
        "{} is {}: {} cannot be counted where it belongs{}: {}. With it, the fullest region or scope of this \
         deployment could count {}, so whether the quota holds cannot be told.",
        limit.name(),
        limit.describe(),
        first.resource.address,
        if others > 0 { format!(" (nor can {others} more)") } else { String::new() },
        why.why,
        figures(now, now_unknown, max, max_unknown),
    );
    out.unknown_at(first.resource, why.at, &why.value, message);
}

/// Address order with numbers compared as numbers (`x[2]` before `x[10]`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (na, ra) = split_digits(a);
                let (nb, rb) = split_digits(b);
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) if x != y => return x.cmp(&y),
            (Some(x), Some(_)) => (a, b) = (&a[x.len_utf8()..], &b[x.len_utf8()..]),
        }
    }
}

/// The leading digits (without leading zeros) and the rest.
fn split_digits(text: &str) -> (&str, &str) {
    let end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let digits = text[..end].trim_start_matches('0');
    (digits, &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_sort_with_numbers_as_numbers() {
        let mut addresses = vec!["a.x[10]", "a.x[2]", "a.x[1]", "a.w", "a.x[\"b\"]"];
        addresses.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(addresses, ["a.w", "a.x[\"b\"]", "a.x[1]", "a.x[2]", "a.x[10]"]);
    }

    #[test]
    fn figures_say_at_least_where_a_part_is_unknown() {
        assert_eq!(figures(3, false, 3, false), "3");
        assert_eq!(figures(3, false, 5, false), "3 now and 5 at maximum scale");
        assert_eq!(figures(3, true, 3, false), "at least 3 now and 3 at maximum scale");
    }
}
