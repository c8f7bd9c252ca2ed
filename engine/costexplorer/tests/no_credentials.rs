//! Without credentials anywhere in the chain the call fails before any request, saying so.
#![cfg(feature = "aws")]

mod support;

use std::time::Duration;

use support::{MockServer, Reply};
use tollgate_costexplorer::{Error, Settings, Spend};

#[test]
fn missing_credentials_are_reported_and_nothing_is_sent() {
    support::isolate_environment(false, None);
    let server = MockServer::start(vec![Reply::Json(200, support::recorded("forecast.json"))]);
    let settings =
        Settings { endpoint_url: Some(server.url.clone()), timeout: Duration::from_secs(5), ..Settings::default() };
    let error = Spend::month_to_date(&settings).unwrap_err();
    assert!(matches!(error, Error::MissingCredentials { .. }), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with(
            "Cost Explorer: no AWS credentials found; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        ),
        "{text}"
    );
    // The chain's own account of each source it tried follows, the environment and IMDS among them.
    let tried = text.split_once("The credential chain tried: ").map(|(_, tried)| tried).unwrap_or_default();
    assert!(tried.contains("Environment") && tried.contains("Ec2InstanceMetadata"), "{text}");
    assert_eq!(server.connections(), 0);
}
