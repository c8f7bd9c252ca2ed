//! The scan's clock for suppressions is injectable: `until` is compared with the day the options
//! give, so expiry is tested on fixed dates.

use tollgate_pipeline::{scan, ScanOptions};
use tollgate_suppress::NaiveDate;

const GROUP: &str =
    "# tollgate:ignore TG101 until=2027-03-31 -- bastion\nresource \"aws_security_group\" \"ssh\" {\n  \
                     ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    \
                     cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n";

/// (rule, suppressed) of every TG101 and TG004 finding when the scan runs on `today`.
fn on(today: (i32, u32, u32)) -> Vec<(String, bool)> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), GROUP).expect("write main.tf");
    let mut options = ScanOptions::default();
    options.load.paths = vec![dir.path().to_path_buf()];
    options.suppress.today = NaiveDate::from_ymd_opt(today.0, today.1, today.2);
    let done = scan(&options, &mut |_| {}).expect("the scan runs");
    done.report
        .findings
        .iter()
        .filter(|f| f.rule_id == "TG101" || f.rule_id == "TG004")
        .map(|f| (f.rule_id.clone(), f.suppression.is_some()))
        .collect()
}

#[test]
fn a_suppression_applies_through_its_last_day_and_expires_the_day_after() {
    assert_eq!(on((2027, 3, 31)), vec![("TG101".to_string(), true)]);
    assert_eq!(on((2027, 4, 1)), vec![("TG004".to_string(), false), ("TG101".to_string(), false)]);
}
