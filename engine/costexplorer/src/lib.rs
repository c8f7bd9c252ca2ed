//! Live AWS spend from Cost Explorer: what the account has spent this month, by service, and what
//! Cost Explorer forecasts for the rest of the month. Their sum is the month's projected total,
//! the figure a budget is checked against once a change's cost delta is added.
//!
//! - [`Spend::month_to_date`] calls `GetCostAndUsage` from the first of the month to today
//!   (inclusive), granularity `MONTHLY`, metric `UnblendedCost`, grouped by `SERVICE`, following
//!   every page.
//! - [`Spend::forecast`] calls `GetCostForecast` from tomorrow to the end of the month,
//!   `UNBLENDED_COST`, `MONTHLY`.
//! - [`Spend::projected_month`] does both and adds them.
//!
//! The calls are blocking: each builds a current-thread tokio runtime, because the rest of
//! Tollgate is synchronous. Credentials come from the standard chain (environment, shared
//! config and credentials files, SSO, `credential_process`, web identity, ECS and EC2 instance
//! metadata). The endpoint is `Settings::endpoint_url`, else `AWS_ENDPOINT_URL` (read by the SDK),
//! else Cost Explorer's own endpoint in `Settings::region` (`us-east-1`).
//!
//! Amounts are exact decimals parsed from the API's strings, with their currency. Every failure
//! is an [`Error`] variant of its own (missing credentials, access denied, throttling, data not
//! yet available, timeout, connection, malformed response): a caller gating CI must fail on any
//! of them, never treat it as zero spend.
//!
//! The SDK is behind the default-on `aws` cargo feature. Built without it, the crate still
//! compiles and every call returns [`Error::FeatureDisabled`].

mod dates;
#[cfg(not(feature = "aws"))]
mod disabled;
mod error;
mod money;
#[cfg(feature = "aws")]
mod sdk;

#[cfg(not(feature = "aws"))]
use disabled as backend;
#[cfg(feature = "aws")]
use sdk as backend;

use std::time::Duration;

pub use dates::{Date, Period};
pub use error::{Error, Result};
pub use money::{add_amounts, parse_amount, Money};
pub use rust_decimal::Decimal;

/// Cost Explorer's API is served from one region only.
pub const COST_EXPLORER_REGION: &str = "us-east-1";

/// How a Cost Explorer call is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The signing region; Cost Explorer's endpoint is in `us-east-1`.
    pub region: String,
    /// An endpoint to call instead of AWS (a flag); `None` lets the SDK read `AWS_ENDPOINT_URL`.
    pub endpoint_url: Option<String>,
    /// The limit on one attempt and on the whole call, retries included.
    pub timeout: Duration,
    /// Attempts per call, the first included; throttling and connection failures are retried.
    pub max_attempts: u32,
    /// The day the month is measured from; `None` is today in UTC (Cost Explorer's day).
    pub today: Option<Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            region: COST_EXPLORER_REGION.to_string(),
            endpoint_url: None,
            timeout: Duration::from_secs(20),
            max_attempts: 3,
            today: None,
        }
    }
}

impl Settings {
    /// Checks what the SDK would only reject mid-request, with a long dump of the request.
    fn check(&self) -> Result<()> {
        let Some(url) = &self.endpoint_url else { return Ok(()) };
        let scheme = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        let host = scheme.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
        let usable =
            host.is_some_and(|host| !host.is_empty()) && !url.contains(|c: char| c.is_whitespace() || c.is_control());
        if usable {
            Ok(())
        } else {
            Err(Error::InvalidEndpoint(url.clone()))
        }
    }

    /// The day the month is measured from.
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today_utc)
    }
}

/// One service's unblended cost over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAmount {
    /// Cost Explorer's SERVICE dimension value, e.g. "Amazon Elastic Compute Cloud - Compute".
    pub service: String,
    pub amount: Money,
    /// Cost Explorer marks figures for a period that is not closed yet as estimated.
    pub estimated: bool,
}

/// Month-to-date spend, by service, largest first (ties by name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpend {
    pub period: Period,
    pub services: Vec<ServiceAmount>,
    /// The sum of the services; `None` when no service has any cost yet (no currency to name).
    pub total: Option<Money>,
}

/// Cost Explorer's forecast for the rest of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    /// From tomorrow to the end of the month (end exclusive).
    pub period: Period,
    /// The mean forecast; `None` when today is the month's last day and nothing is left to forecast.
    pub total: Option<Money>,
}

/// Month-to-date plus forecast: the month's projected total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthProjection {
    pub month_to_date: ServiceSpend,
    pub forecast: Forecast,
    /// `None` only when there is neither spend nor anything left to forecast.
    pub total: Option<Money>,
}

/// Entry points: each call is one blocking request sequence to Cost Explorer.
pub struct Spend;

impl Spend {
    /// This month's unblended cost by service, from the 1st to today inclusive.
    pub fn month_to_date(settings: &Settings) -> Result<ServiceSpend> {
        settings.check()?;
        backend::cost_and_usage(settings, Period::month_to_date(settings.today()))
    }

    /// Cost Explorer's forecast of unblended cost from tomorrow to the end of the month.
    pub fn forecast(settings: &Settings) -> Result<Forecast> {
        settings.check()?;
        let period = Period::rest_of_month(settings.today());
        if period.is_empty() {
            // The month's last day: nothing is left to forecast, and Cost Explorer rejects an empty period.
            return Ok(Forecast { period, total: None });
        }
        backend::cost_forecast(settings, period)
    }

    /// Month-to-date plus forecast, both from the same `today`.
    pub fn projected_month(settings: &Settings) -> Result<MonthProjection> {
        let settings = Settings { today: Some(settings.today()), ..settings.clone() };
        let month_to_date = Self::month_to_date(&settings)?;
        let forecast = Self::forecast(&settings)?;
        let total = add_amounts(month_to_date.total.as_ref(), forecast.total.as_ref())?;
        Ok(MonthProjection { month_to_date, forecast, total })
    }
}
