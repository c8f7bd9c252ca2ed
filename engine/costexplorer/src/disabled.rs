//! The stand-in for the SDK when the crate is built without the `aws` feature.

use crate::{Error, Forecast, Period, Result, ServiceSpend, Settings};

pub(crate) fn cost_and_usage(_settings: &Settings, _period: Period) -> Result<ServiceSpend> {
    Err(Error::FeatureDisabled)
}

pub(crate) fn cost_forecast(_settings: &Settings, _period: Period) -> Result<Forecast> {
    Err(Error::FeatureDisabled)
}
