//! The usage file: addresses, keys checked against the resource type, errors with file, line
//! and column.

use tollgate_cost::Usage;

#[test]
fn entries_match_an_instance_or_every_instance_of_a_block() {
    let usage = Usage::parse(
        r#"["aws_s3_bucket.logs"]
storage_gb = 500

["aws_s3_bucket.logs[\"audit\"]"]
storage_gb = 20

["module.data[\"eu\"].aws_lambda_function.api"]
monthly_requests = 1e7
average_duration_ms = 120.5
"#,
        "usage.toml",
    )
    .expect("valid");
    let storage = |address: &str| usage.entry_for(address).and_then(|e| e.get("storage_gb")).map(|d| d.to_string());
    assert_eq!(storage("aws_s3_bucket.logs[\"audit\"]").as_deref(), Some("20"));
    assert_eq!(storage("aws_s3_bucket.logs[\"web\"]").as_deref(), Some("500"));
    assert_eq!(storage("aws_s3_bucket.logs"), Some("500".to_string()));
    assert_eq!(storage("aws_s3_bucket.other"), None);
    let api = usage.entry_for("module.data[\"eu\"].aws_lambda_function.api").expect("exact");
    assert_eq!(api.get("monthly_requests").map(|d| d.to_string()).as_deref(), Some("10000000"));
    assert_eq!(api.get("average_duration_ms").map(|d| d.to_string()).as_deref(), Some("120.5"));
    assert!(usage.entry_for("module.data[\"us\"].aws_lambda_function.api").is_none());
}

fn error(text: &str) -> String {
    Usage::parse(text, "usage.toml").expect_err("invalid")
}

#[test]
fn unknown_keys_types_and_bad_values_are_errors_with_their_position() {
    let unknown_key = error("[\"aws_s3_bucket.logs\"]\nstorage_gb = 1\nstorage_tb = 2\n");
    assert!(unknown_key.starts_with("usage.toml:3:1: unknown key `storage_tb` for aws_s3_bucket"), "{unknown_key}");
    let no_usage = error("[\"aws_instance.web\"]\nhours = 1\n");
    assert!(no_usage.starts_with("usage.toml:1:2: `aws_instance` takes no usage"), "{no_usage}");
    let negative = error("[\"aws_nat_gateway.a\"]\nmonthly_data_processed_gb = -5\n");
    assert_eq!(negative, "usage.toml:2:29: `monthly_data_processed_gb` must not be negative");
    let text = error("[\"aws_lb.a\"]\naverage_lcu = \"two\"\n");
    assert_eq!(text, "usage.toml:2:15: `average_lcu` must be a number");
    let absurd = error("[\"aws_lb.a\"]\naverage_lcu = 1e300\n");
    assert!(absurd.contains("beyond any real usage") || absurd.contains("out of range"), "{absurd}");
    let not_address = error("[\"logs\"]\nstorage_gb = 1\n");
    assert!(not_address.contains("is not a resource address"), "{not_address}");
    let syntax = error("[\"aws_lb.a\"]\naverage_lcu = \n");
    assert!(syntax.starts_with("usage.toml:2:"), "{syntax}");
}

#[test]
fn an_empty_file_is_no_usage() {
    assert!(Usage::parse("# nothing measured yet\n", "usage.toml").expect("valid").is_empty());
}
