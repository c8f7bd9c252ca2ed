//! Structure-aware: the fuzzer's bytes choose the productions of the Rego grammar the property
//! test uses (`tests/common/rego_grammar.rs`), so every input is a plausible policy and document.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/rego_grammar.rs"]
mod rego_grammar;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Unstructured::new(data);
    // Once the bytes run out, every choice is the first one: the output stays finite.
    let mut pick = |n: u32| bytes.int_in_range(0..=n.saturating_sub(1)).unwrap_or(0);
    let mut gen = rego_grammar::Gen::new(&mut pick);
    let policy = gen.policy();
    let document = gen.document();
    tollgate_fuzz::scan_once(&policy, &document);
});
