//! The bundled estates: their findings are recorded as snapshots and reviewed against the
//! mistakes each estate's README lists.

mod common;

use common::tollgate;
use std::path::Path;

fn scan(estate: &str, format: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tollgate(&["scan", &format!("fixtures/{estate}"), "--format", format, "--color", "never"], root);
    assert_eq!(out.status.code(), Some(1), "each estate has real mistakes that fail the gate");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// One test per estate: its JSON and text reports, each a reviewed snapshot.
macro_rules! estate {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(concat!($dir, ".json"), scan($dir, "json"));
            insta::assert_snapshot!(concat!($dir, ".txt"), scan($dir, "text"));
        }
    };
}

estate!(platform_infrastructure, "platform-infrastructure");
estate!(card_platform, "card-platform");
estate!(quanttrader, "quanttrader");
estate!(webhook_delivery, "webhook-delivery");
estate!(suuupra, "suuupra");
