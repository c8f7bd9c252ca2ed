//! The AWS region a resource is priced in: its provider configuration's `region`, else the
//! configured default (`[cost] region`, `--region`). Never guessed: without either, the resource
//! is unpriced and the reason says what to set.

use crate::CostSettings;
use tollgate_model::{ProviderRegion, Resource};

/// The region of `resource`, or why it has none.
pub fn region_of(resource: &Resource, settings: &CostSettings<'_>) -> Result<String, String> {
    let provider = resource.terraform().and_then(|origin| origin.provider.as_ref());
    let fallback = |why: String| match &settings.default_region {
        Some(region) => Ok(region.clone()),
        None => Err(format!("{why}; set `[cost] region` in tollgate.toml or pass --region")),
    };
    match provider.map(|p| (&p.address, &p.region)) {
        Some((_, ProviderRegion::Set { name, .. })) => Ok(name.clone()),
        Some((address, ProviderRegion::Unknown { source, .. })) => {
            Err(format!("the region of {address} is unknown until apply ({source})"))
        }
        Some((address, ProviderRegion::NotSet)) => fallback(format!("{address} sets no region")),
        None => fallback("no provider block sets its region".to_string()),
    }
}
