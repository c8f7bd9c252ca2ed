//! Built without the `aws` feature (`cargo test -p tollgate-costexplorer --no-default-features`),
//! every call says so instead of answering.
#![cfg(not(feature = "aws"))]

use tollgate_costexplorer::{Date, Error, Settings, Spend};

#[test]
fn every_call_reports_the_missing_feature() {
    let settings = Settings { today: Some(Date::parse("2026-12-06").unwrap()), ..Settings::default() };
    assert_eq!(Spend::month_to_date(&settings).unwrap_err(), Error::FeatureDisabled);
    assert_eq!(Spend::forecast(&settings).unwrap_err(), Error::FeatureDisabled);
    let error = Spend::projected_month(&settings).unwrap_err();
    assert!(error.to_string().contains("built without the `aws` feature"), "{error}");
}
