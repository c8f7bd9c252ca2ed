//! Every failure of a Cost Explorer call is an error of its own with a message a CI user can act
//! on, never an empty or zero result.
#![cfg(feature = "aws")]

mod support;

use std::net::TcpListener;
use std::time::Duration;

use support::{api_error, MockServer, Reply};
use tollgate_costexplorer::{Date, Error, Settings, Spend};

fn settings(server: &MockServer, max_attempts: u32) -> Settings {
    support::isolate_environment(true, None);
    Settings {
        endpoint_url: Some(server.url.clone()),
        timeout: Duration::from_secs(5),
        max_attempts,
        today: Some(Date::parse("2026-12-06").unwrap()),
        ..Settings::default()
    }
}

const DENIED: &str = "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ce:GetCostAndUsage on \
                      resource: arn:aws:ce:us-east-1:123456789012:/GetCostAndUsage";

#[test]
fn access_denied_names_the_permission_the_role_needs() {
    let server = MockServer::start(vec![api_error("AccessDeniedException", DENIED)]);
    let error = Spend::month_to_date(&settings(&server, 3)).unwrap_err();
    assert_eq!(error, Error::AccessDenied { operation: "GetCostAndUsage", message: DENIED.into() });
    assert_eq!(
        error.to_string(),
        format!("Cost Explorer: AccessDeniedException: {DENIED} (the role needs ce:GetCostAndUsage)")
    );
    assert_eq!(server.requests().len(), 1, "a denial is not retried");
}

#[test]
fn access_denied_on_the_forecast_names_its_own_permission() {
    let server = MockServer::start(vec![api_error("AccessDeniedException", "not authorized")]);
    let error = Spend::forecast(&settings(&server, 1)).unwrap_err();
    assert!(error.to_string().ends_with("(the role needs ce:GetCostForecast)"), "{error}");
}

#[test]
fn throttling_is_retried_then_reported() {
    let server = MockServer::start(vec![api_error("LimitExceededException", "Rate exceeded")]);
    let error = Spend::month_to_date(&settings(&server, 2)).unwrap_err();
    assert_eq!(server.requests().len(), 2, "the SDK retries throttling up to max_attempts");
    assert!(matches!(&error, Error::Throttled { code, .. } if code == "LimitExceededException"), "{error:?}");
    assert!(error.to_string().starts_with("Cost Explorer: LimitExceededException: Rate exceeded"), "{error}");
}

#[test]
fn data_not_yet_available_is_its_own_error() {
    let message = "Data is not available. Please try to adjust the time period.";
    let server = MockServer::start(vec![api_error("DataUnavailableException", message)]);
    let error = Spend::forecast(&settings(&server, 1)).unwrap_err();
    assert_eq!(error, Error::DataUnavailable { operation: "GetCostForecast", message: message.into() });
}

#[test]
fn other_api_errors_keep_their_code_without_the_namespace() {
    let body = serde_json::json!({
        "__type": "com.amazonaws.awsinsightsindexservice#ValidationException",
        "message": "Start date (and hour) should be before end date (and hour)",
    });
    let server = MockServer::start(vec![Reply::Json(400, body.to_string())]);
    let error = Spend::month_to_date(&settings(&server, 1)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Cost Explorer: ValidationException: Start date (and hour) should be before end date (and hour) (GetCostAndUsage)"
    );
}

#[test]
fn an_amount_that_is_not_a_number_is_a_malformed_response() {
    let body = r#"{"ResultsByTime":[{"Groups":[{"Keys":["Amazon EC2"],"Metrics":{"UnblendedCost":{"Amount":"12,50","Unit":"USD"}}}]}]}"#;
    let server = MockServer::start(vec![Reply::Json(200, body.into())]);
    let error = Spend::month_to_date(&settings(&server, 1)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Cost Explorer: GetCostAndUsage returned a malformed response: UnblendedCost of \"Amazon EC2\" Amount \"12,50\" \
         is not a decimal number"
    );
}

#[test]
fn a_group_without_its_metric_or_currency_is_a_malformed_response() {
    for (group, missing) in [
        (r#"{"Keys":["Amazon EC2"],"Metrics":{}}"#, "UnblendedCost of \"Amazon EC2\" is missing"),
        (r#"{"Keys":["Amazon EC2"],"Metrics":{"UnblendedCost":{"Amount":"1"}}}"#, "has no Unit (currency)"),
        (r#"{"Keys":[],"Metrics":{"UnblendedCost":{"Amount":"1","Unit":"USD"}}}"#, "a group without a SERVICE key"),
    ] {
        let body = format!(r#"{{"ResultsByTime":[{{"Groups":[{group}]}}]}}"#);
        let server = MockServer::start(vec![Reply::Json(200, body)]);
        let error = Spend::month_to_date(&settings(&server, 1)).unwrap_err();
        assert!(matches!(error, Error::MalformedResponse { .. }), "{error:?}");
        assert!(error.to_string().contains(missing), "{error}");
    }
}

#[test]
fn a_forecast_without_a_total_is_a_malformed_response() {
    let server = MockServer::start(vec![Reply::Json(200, r#"{"ForecastResultsByTime":[]}"#.into())]);
    let error = Spend::forecast(&settings(&server, 1)).unwrap_err();
    assert_eq!(error.to_string(), "Cost Explorer: GetCostForecast returned a malformed response: Total is missing");
}

#[test]
fn a_body_that_is_not_json_is_a_malformed_response() {
    let server = MockServer::start(vec![Reply::Json(200, r#"{"ResultsByTime": [{"Groups": "#.into())]);
    let error = Spend::month_to_date(&settings(&server, 1)).unwrap_err();
    assert!(matches!(error, Error::MalformedResponse { operation: "GetCostAndUsage", .. }), "{error:?}");
    assert!(error.to_string().starts_with("Cost Explorer: GetCostAndUsage returned a malformed response: "), "{error}");
}

#[test]
fn a_server_error_without_a_code_reports_the_http_status() {
    let server = MockServer::start(vec![Reply::Json(500, "<html>Internal Server Error</html>".into())]);
    let error = Spend::month_to_date(&settings(&server, 1)).unwrap_err();
    assert_eq!(error.to_string(), "Cost Explorer: HTTP 500: (no message) (GetCostAndUsage)");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = MockServer::start(vec![Reply::Silent]);
    let quick = Settings { timeout: Duration::from_millis(300), ..settings(&server, 1) };
    let error = Spend::month_to_date(&quick).unwrap_err();
    assert_eq!(error, Error::Timeout { operation: "GetCostAndUsage", after: Duration::from_millis(300) });
    assert_eq!(error.to_string(), "Cost Explorer: GetCostAndUsage got no answer within 0.3 s (the timeout)");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn a_closed_connection_is_retried_then_reported() {
    let server = MockServer::start(vec![Reply::Close]);
    let error = Spend::forecast(&settings(&server, 2)).unwrap_err();
    assert!(matches!(error, Error::Connection { operation: "GetCostForecast", .. }), "{error:?}");
    assert_eq!(server.connections(), 2, "a dropped connection is transient and retried");
}

#[test]
fn nothing_listening_is_a_connection_error() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    support::isolate_environment(true, None);
    let nowhere = Settings {
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        max_attempts: 1,
        timeout: Duration::from_secs(5),
        ..Settings::default()
    };
    let error = Spend::month_to_date(&nowhere).unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(error.to_string().starts_with("Cost Explorer: GetCostAndUsage could not reach the endpoint: "), "{error}");
}

#[test]
fn an_endpoint_that_is_not_a_url_is_refused_before_any_request() {
    support::isolate_environment(true, None);
    for url in ["not a url", "ftp://127.0.0.1", "http://", "127.0.0.1:8080", "http://host/ path"] {
        let settings = Settings { endpoint_url: Some(url.into()), ..Settings::default() };
        let error = Spend::forecast(&settings).unwrap_err();
        assert_eq!(error, Error::InvalidEndpoint(url.into()));
        assert_eq!(
            error.to_string(),
            format!("Cost Explorer: the endpoint URL {url:?} is not an http:// or https:// URL with a host")
        );
    }
}
