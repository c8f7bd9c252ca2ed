//! Cost Explorer calls against a local stand-in speaking its JSON 1.1 protocol, with responses
//! written from the API reference (GetCostAndUsage, GetCostForecast, their errors).
#![cfg(feature = "aws")]

mod support;

use std::time::Duration;

use support::{recorded, MockServer, Reply};
use tollgate_costexplorer::{Date, Decimal, Settings, Spend};

const TODAY: &str = "2026-12-06";

fn settings(server: &MockServer) -> Settings {
    support::isolate_environment(true, None);
    Settings {
        endpoint_url: Some(server.url.clone()),
        timeout: Duration::from_secs(5),
        max_attempts: 1,
        today: Some(Date::parse(TODAY).unwrap()),
        ..Settings::default()
    }
}

fn decimal(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

fn month_to_date_pages() -> Vec<Reply> {
    vec![
        Reply::Json(200, recorded("cost_and_usage_page1.json")),
        Reply::Json(200, recorded("cost_and_usage_page2.json")),
    ]
}

#[test]
fn month_to_date_sends_the_documented_request_and_follows_every_page() {
    let server = MockServer::start(month_to_date_pages());
    Spend::month_to_date(&settings(&server)).unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(first.target, "AWSInsightsIndexService.GetCostAndUsage");
    assert_eq!(first.content_type, "application/x-amz-json-1.1");
    assert!(
        first.authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTESTTOLLGATE/")
            && first.authorization.contains("/us-east-1/ce/aws4_request"),
        "{}",
        first.authorization
    );
    let expected = serde_json::json!({
        "TimePeriod": { "Start": "2026-12-01", "End": "2026-12-07" },
        "Granularity": "MONTHLY",
        "Metrics": ["UnblendedCost"],
        "GroupBy": [{ "Type": "DIMENSION", "Key": "SERVICE" }],
    });
    assert_eq!(first.body, expected);
    let mut second = expected.clone();
    second["NextPageToken"] = "c2VydmljZXMtcGFnZS0y".into();
    assert_eq!(requests[1].body, second);
}

#[test]
fn month_to_date_is_exact_by_service_and_largest_first() {
    let server = MockServer::start(month_to_date_pages());
    let spend = Spend::month_to_date(&settings(&server)).unwrap();
    assert_eq!(
        (spend.period.start.to_string(), spend.period.end.to_string()),
        ("2026-12-01".into(), "2026-12-07".into())
    );
    let services: Vec<(&str, String, &str, bool)> = spend
        .services
        .iter()
        .map(|line| {
            (line.service.as_str(), line.amount.amount.to_string(), line.amount.currency.as_str(), line.estimated)
        })
        .collect();
    assert_eq!(
        services,
        [
            ("Amazon Elastic Compute Cloud - Compute", "184.3312467791".into(), "USD", true),
            ("Amazon Relational Database Service", "61.2".into(), "USD", true),
            ("EC2 - Other", "20.0000000001".into(), "USD", true),
            ("Amazon Elastic Container Service for Kubernetes", "14.6".into(), "USD", true),
            ("Amazon Simple Storage Service", "0.0000004".into(), "USD", true),
            ("AWS Key Management Service", "0.00000012".into(), "USD", true),
            ("Tax", "0".into(), "USD", true),
        ]
    );
    let total = spend.total.unwrap();
    assert_eq!((total.amount, total.currency.as_str()), (decimal("280.1312472992"), "USD"));
}

#[test]
fn a_month_without_spend_has_no_total_rather_than_a_guessed_zero() {
    let server = MockServer::start(vec![Reply::Json(200, recorded("cost_and_usage_empty.json"))]);
    let spend = Spend::month_to_date(&settings(&server)).unwrap();
    assert!(spend.services.is_empty());
    assert_eq!(spend.total, None);
}

#[test]
fn forecast_asks_from_tomorrow_to_the_end_of_the_month() {
    let server = MockServer::start(vec![Reply::Json(200, recorded("forecast.json"))]);
    let forecast = Spend::forecast(&settings(&server)).unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "AWSInsightsIndexService.GetCostForecast");
    let expected = serde_json::json!({
        "TimePeriod": { "Start": "2026-12-07", "End": "2027-01-01" },
        "Metric": "UNBLENDED_COST",
        "Granularity": "MONTHLY",
    });
    assert_eq!(requests[0].body, expected);
    let total = forecast.total.unwrap();
    assert_eq!((total.amount, total.currency.as_str()), (decimal("1042.7752301138"), "USD"));
}

#[test]
fn on_the_months_last_day_nothing_is_left_to_forecast_and_nothing_is_asked() {
    let server = MockServer::start(vec![Reply::Json(200, recorded("forecast.json"))]);
    let last_day = Settings { today: Some(Date::parse("2026-12-31").unwrap()), ..settings(&server) };
    let forecast = Spend::forecast(&last_day).unwrap();
    assert_eq!(forecast.total, None);
    assert!(forecast.period.is_empty());
    assert_eq!(server.connections(), 0);
}

#[test]
fn the_projected_month_is_month_to_date_plus_forecast() {
    let mut replies = month_to_date_pages();
    replies.push(Reply::Json(200, recorded("forecast.json")));
    let server = MockServer::start(replies);
    let projection = Spend::projected_month(&settings(&server)).unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(
        targets,
        [
            "AWSInsightsIndexService.GetCostAndUsage",
            "AWSInsightsIndexService.GetCostAndUsage",
            "AWSInsightsIndexService.GetCostForecast"
        ]
    );
    assert_eq!(projection.total.unwrap().amount, decimal("1322.906477413"));
    assert_eq!(projection.month_to_date.period.end, projection.forecast.period.start);
}
