//! Arbitrary text as a Go template, with the Sprig and Helm functions: libFuzzer mutates the seed
//! templates in `seeds/template_source` byte by byte; parsing and executing must end in output or an
//! error, within the engine's limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tollgate_fuzz::render_template_once(&String::from_utf8_lossy(data));
});
