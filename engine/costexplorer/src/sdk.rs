//! The calls themselves, through `aws-sdk-costexplorer` on a current-thread tokio runtime.

mod errors;
mod responses;

use std::future::Future;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_costexplorer::types::{DateInterval, Granularity, GroupDefinition, GroupDefinitionType, Metric};
use aws_sdk_costexplorer::Client;

use crate::{Error, Forecast, Period, Result, ServiceSpend, Settings};

const COST_AND_USAGE: &str = "GetCostAndUsage";
const COST_FORECAST: &str = "GetCostForecast";
/// A bound on `NextPageToken` chains, so a misbehaving endpoint cannot loop forever.
const MAX_PAGES: usize = 1000;

pub(crate) fn cost_and_usage(settings: &Settings, period: Period) -> Result<ServiceSpend> {
    block_on(settings, |client| async move {
        let mut pages = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page = client
                .get_cost_and_usage()
                .time_period(date_interval(period, COST_AND_USAGE)?)
                .granularity(Granularity::Monthly)
                .metrics(responses::UNBLENDED_COST)
                .group_by(GroupDefinition::builder().r#type(GroupDefinitionType::Dimension).key("SERVICE").build())
                .set_next_page_token(token.take())
                .send()
                .await
                .map_err(|error| errors::from_sdk(COST_AND_USAGE, settings, error))?;
            token = page.next_page_token().filter(|token| !token.is_empty()).map(str::to_string);
            pages.push(page);
            if token.is_none() {
                break;
            }
            if pages.len() >= MAX_PAGES {
                let detail = format!("more than {MAX_PAGES} pages of results");
                return Err(Error::MalformedResponse { operation: COST_AND_USAGE, detail });
            }
        }
        responses::service_spend(period, &pages)
    })
}

pub(crate) fn cost_forecast(settings: &Settings, period: Period) -> Result<Forecast> {
    block_on(settings, |client| async move {
        let output = client
            .get_cost_forecast()
            .time_period(date_interval(period, COST_FORECAST)?)
            .granularity(Granularity::Monthly)
            .metric(Metric::UnblendedCost)
            .send()
            .await
            .map_err(|error| errors::from_sdk(COST_FORECAST, settings, error))?;
        responses::forecast(period, &output)
    })
}

/// Runs one call on its own current-thread runtime, with a client whose credentials are already
/// resolved (so a missing credential is reported as such, not as a failed request).
fn block_on<'a, T, F, Fut>(settings: &'a Settings, call: F) -> Result<T>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<T>> + 'a,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Error::Setup { detail: error.to_string() })?;
    runtime.block_on(async {
        let config = load_config(settings).await;
        let credentials = resolve_credentials(settings, &config).await?;
        let client_config =
            aws_sdk_costexplorer::config::Builder::from(&config).credentials_provider(credentials).build();
        call(Client::from_conf(client_config)).await
    })
}

async fn load_config(settings: &Settings) -> SdkConfig {
    let timeouts = TimeoutConfig::builder()
        .operation_timeout(settings.timeout)
        .operation_attempt_timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(settings.region.clone()))
        .timeout_config(timeouts)
        .retry_config(RetryConfig::standard().with_max_attempts(settings.max_attempts.max(1)));
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

async fn resolve_credentials(settings: &Settings, config: &SdkConfig) -> Result<aws_credential_types::Credentials> {
    let Some(provider) = config.credentials_provider() else {
        return Err(Error::MissingCredentials { detail: "no credential provider is configured".into() });
    };
    match tokio::time::timeout(settings.timeout, provider.provide_credentials()).await {
        Ok(Ok(credentials)) => Ok(credentials),
        Ok(Err(error)) => Err(errors::from_credentials(error)),
        Err(_) => Err(Error::Timeout { operation: "loading AWS credentials", after: settings.timeout }),
    }
}

fn date_interval(period: Period, operation: &'static str) -> Result<DateInterval> {
    DateInterval::builder()
        .start(period.start.to_string())
        .end(period.end.to_string())
        .build()
        .map_err(|error| Error::Setup { detail: format!("{operation} time period: {error}") })
}
