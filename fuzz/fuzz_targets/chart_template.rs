//! Arbitrary text as a chart's template (and, after a `----` line, its values.yaml), rendered as
//! `helm template` renders it: libFuzzer mutates the seeds in `seeds/template_source` and
//! `seeds/chart_template`; the render must end in output or an error, within the renderer's limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tollgate_fuzz::render_chart_template_once(&String::from_utf8_lossy(data));
});
