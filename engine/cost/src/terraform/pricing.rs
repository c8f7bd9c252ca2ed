//! What every model needs: the resource and its region, price lookups that keep the reason
//! when there is no figure, and quantities now and at maximum scale.

use crate::region::region_of;
use crate::usage::UsageEntry;
use crate::{Component, CostSettings, Price, Quantity};
use tollgate_model::{Graph, Resource, ResourceId, Span, Value};
use tollgate_pricing::{Decimal, PriceKey, PriceLookup, HOURS_PER_MONTH};

/// One resource instance being priced.
pub(crate) struct Ctx<'a> {
    pub graph: &'a Graph,
    pub settings: &'a CostSettings<'a>,
    pub id: ResourceId,
    pub resource: &'a Resource,
    /// The region its prices are looked up in, or why it has none.
    pub region: Result<String, String>,
    /// The usage file's entry for this instance.
    pub usage: Option<&'a UsageEntry>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        graph: &'a Graph,
        settings: &'a CostSettings<'a>,
        id: ResourceId,
        resource: &'a Resource,
        usage: Option<&'a UsageEntry>,
    ) -> Ctx<'a> {
        let region = region_of(resource, settings);
        Ctx { graph, settings, id, resource, region, usage }
    }

    pub fn body(&self) -> &'a Value {
        &self.resource.body
    }

    /// The unit price of `sku` of a service and resource kind in this resource's region,
    /// checked to be per `unit` (a user price file could give another unit).
    pub fn price(&self, service: &str, resource_kind: &str, sku: &str, unit: &str) -> Price {
        let region = match &self.region {
            Ok(region) => region,
            Err(why) => return Price::Unpriced { reason: why.clone() },
        };
        let key = PriceKey { region, service, resource_kind, sku };
        match self.settings.prices.lookup(&key) {
            PriceLookup::Priced { usd_per_unit, unit: listed, source } if listed == unit => {
                Price::Priced { usd_per_unit, source: source.to_string() }
            }
            PriceLookup::Priced { unit: listed, source, .. } => {
                Price::Unpriced { reason: format!("{source} prices {key} per {listed}, but the model counts {unit}s") }
            }
            PriceLookup::Unpriced { reason } => Price::Unpriced { reason: reason.to_string() },
        }
    }
}

/// How many of something run: now (desired size) and at maximum scale, or why it is not known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Count {
    Known { now: Decimal, at_max: Decimal },
    Unknown(String),
}

impl Count {
    pub fn one() -> Count {
        Count::fixed(Decimal::ONE)
    }

    pub fn fixed(n: Decimal) -> Count {
        Count::Known { now: n, at_max: n }
    }

    /// `per_unit` of something for each one counted (GB per node, hours per instance).
    pub fn quantity(&self, per_unit: &Quantity) -> Quantity {
        match (self, per_unit) {
            (Count::Known { now, at_max }, Quantity::Known { now: unit_now, at_max: unit_max }) => {
                Quantity::Known { now: now.saturating_mul(*unit_now), at_max: at_max.saturating_mul(*unit_max) }
            }
            (Count::Unknown(reason), _) | (_, Quantity::Unknown { reason }) => {
                Quantity::Unknown { reason: reason.clone() }
            }
        }
    }

    /// Instance hours a month: 730 per one counted.
    pub fn hours(&self) -> Quantity {
        self.quantity(&Quantity::fixed(Decimal::from(HOURS_PER_MONTH)))
    }
}

/// A component.
pub(crate) fn component(name: String, unit: &str, quantity: Quantity, price: Price, span: Option<Span>) -> Component {
    Component { name, unit: unit.to_string(), quantity, price, span }
}

/// A component whose price is missing for a reason of the model (not of the table).
pub(crate) fn unpriced(name: String, unit: &str, quantity: Quantity, reason: String, span: Option<Span>) -> Component {
    component(name, unit, quantity, Price::Unpriced { reason }, span)
}
