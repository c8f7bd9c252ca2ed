//! Arbitrary text as a policy (and, after a `\n----\n` line, as the YAML document it reads):
//! libFuzzer mutates the seed policies in `seeds/rego_source` byte by byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (policy, document) = tollgate_fuzz::split_case(&text);
    tollgate_fuzz::scan_once(policy, document);
});
