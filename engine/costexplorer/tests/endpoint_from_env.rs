//! Without an endpoint in the settings, the SDK's own `AWS_ENDPOINT_URL` is honoured.
#![cfg(feature = "aws")]

mod support;

use std::time::Duration;

use support::{recorded, MockServer, Reply};
use tollgate_costexplorer::{Date, Settings, Spend};

#[test]
fn aws_endpoint_url_points_the_client_at_the_stand_in() {
    let server = MockServer::start(vec![Reply::Json(200, recorded("forecast.json"))]);
    support::isolate_environment(true, Some(&server.url));
    let settings = Settings {
        timeout: Duration::from_secs(5),
        max_attempts: 1,
        today: Some(Date::parse("2026-12-06").unwrap()),
        ..Settings::default()
    };
    assert_eq!(settings.endpoint_url, None);
    let forecast = Spend::forecast(&settings).unwrap();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(forecast.total.unwrap().amount.to_string(), "1042.7752301138");
}
