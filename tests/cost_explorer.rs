//! End-to-end: `--cost-source aws` checks the total budget against Cost Explorer's month (month
//! to date + forecast) plus the change, served by the costexplorer crate's stand-in on the
//! loopback address with its recorded responses. Credentials are dummies in the child's
//! environment; nothing leaves the machine.

mod common;

#[path = "../engine/costexplorer/tests/support/mod.rs"]
mod support;

use common::{json, stdout, write};
use std::path::Path;
use std::process::Output;
use support::{api_error, MockServer, Reply};

fn recorded(name: &str) -> Reply {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("engine/costexplorer/tests/responses").join(name);
    Reply::Json(200, std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The month of the recorded responses: $280.13 to date, $1,042.78 forecast, $1,322.91 in all.
fn month() -> Vec<Reply> {
    vec![recorded("cost_and_usage_page1.json"), recorded("cost_and_usage_page2.json"), recorded("forecast.json")]
}

fn scan(dir: &Path, server: &MockServer, extra: &[&str]) -> Output {
    let mut command = common::command(dir);
    command.args(["scan", ".", "--allow-empty", "--cost-source", "aws", "--aws-endpoint-url", &server.url]).args(extra);
    common::dummy_aws_credentials(&mut command, dir);
    command.output().unwrap()
}

/// Today's month may end today: then nothing is left to forecast and only spend is asked.
fn last_day_of_month() -> bool {
    let server = MockServer::start(month());
    let _ = scan(tempfile::tempdir().unwrap().path(), &server, &["--budget", "1000000"]);
    server.requests().len() == 2
}

#[test]
fn the_total_budget_is_checked_against_the_live_month_plus_the_change() {
    let dir = tempfile::tempdir().unwrap();
    if last_day_of_month() {
        return;
    }
    let server = MockServer::start(month());
    let out = scan(dir.path(), &server, &["--budget", "1000", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report = json(&out);
    let found: Vec<_> = report["findings"].as_array().unwrap().iter().filter(|f| f["rule_id"] == "TG501").collect();
    assert_eq!(found.len(), 1, "{report}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("$1,322.91 a month projected (Cost Explorer's month to date and forecast $1,322.91 plus this change's $0.00) against a ceiling of $1,000.00, $322.91 over"),
        "{message}"
    );
    // Nothing in the scan contributes: the finding points at where the budget was set.
    assert_eq!(found[0]["file"], "<command line>");
    let budget = &report["cost"]["budgets"][0];
    assert_eq!(
        (budget["live_month"]["cents"].as_str(), budget["verdict"].as_str()),
        (Some("1322.91"), Some("exceeded"))
    );

    let server = MockServer::start(month());
    write(dir.path(), "tollgate.toml", "[cost]\nbudget = 1400\n");
    let out = scan(dir.path(), &server, &[]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    // The text report ends with the live month and every budget's verdict.
    let text = stdout(&out);
    assert!(text.contains("Cost Explorer: $1,322.91 this month ($280.13 to date, $1,042.78 forecast)"), "{text}");
    assert!(text.contains("budget `total` (all billed resources) now: $1,322.91 against $1,400.00, within"), "{text}");
}

#[test]
fn a_cost_explorer_error_fails_the_scan_instead_of_passing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tollgate.toml", "[cost]\nbudget = 1000000\n");
    let server = MockServer::start(vec![api_error(
        "AccessDeniedException",
        "User is not authorized to perform ce:GetCostAndUsage",
    )]);
    let out = scan(dir.path(), &server, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--cost-source aws: Cost Explorer could not be read"), "{stderr}");
    assert!(stderr.contains("not authorized"), "{stderr}");
}

#[test]
fn missing_credentials_fail_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let server = MockServer::start(month());
    let mut command = common::command(dir.path());
    command
        .args([
            "scan",
            ".",
            "--allow-empty",
            "--cost-source",
            "aws",
            "--aws-endpoint-url",
            &server.url,
            "--budget",
            "1",
        ])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_WEB_IDENTITY_TOKEN_FILE")
        .env_remove("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        .env_remove("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        .env("AWS_CONFIG_FILE", dir.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true");
    let out = command.output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Cost Explorer could not be read"));
    assert!(server.requests().is_empty(), "no request without credentials");
}
