//! Property test: random policies (from the grammar in `common/rego_grammar.rs`) on random
//! Kubernetes documents never take `tollgate scan` down: every run ends with a JSON report and
//! exit code 0 or 1 (the setup is valid, so 2 would be a bug too), and nothing panics.
//! `cargo test --test policy_fuzz -- --ignored` runs the heavier setting; the fuzz targets
//! under `fuzz/` (run by `benches/fuzz.sh`) go further.

mod common;
#[path = "common/rego_grammar.rs"]
mod rego_grammar;

use common::{tollgate, write};
use rego_grammar::Gen;

/// A small deterministic generator (xorshift64*), so a failing case is the same on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32 % n.max(1)
    }
}

/// Runs `cases` scans from `seed`, each with two generated policy files and one document.
fn scans_always_report(seed: u64, cases: usize) {
    let mut rng = Seeded(seed);
    let mut pick = |n: u32| rng.next(n);
    let mut gen = Gen::new(&mut pick);
    // How many runs had a policy finding: the generator must reach evaluation, not only errors.
    let mut with_findings = 0;
    for case in 0..cases {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let policies = [gen.policy(), gen.policy()];
        write(root, "policy/a.rego", &policies[0]);
        write(root, "policy/b.rego", &policies[1]);
        write(root, "k8s/doc.yaml", gen.document());
        let output = tollgate(&["scan", "k8s", "--format", "json", "--all-namespaces"], root);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let context = || {
            format!(
                "case {case} (seed {seed})\n--- a.rego\n{}\n--- b.rego\n{}\n--- stderr\n{stderr}",
                policies[0], policies[1]
            )
        };
        assert!(matches!(output.status.code(), Some(0 | 1)), "exit {:?}: {}", output.status.code(), context());
        assert!(!stderr.contains("panicked"), "{}", context());
        let report: serde_json::Value =
            serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("no JSON report ({e}): {}", context()));
        assert!(report["findings"].is_array() && report["errors"].is_array(), "{}", context());
        let policy_finding = |f: &serde_json::Value| f["category"] == "policy";
        with_findings += usize::from(report["findings"].as_array().is_some_and(|f| f.iter().any(policy_finding)));
    }
    eprintln!("{cases} scans, {with_findings} with policy findings");
    assert!(with_findings * 20 >= cases, "only {with_findings} of {cases} scans reached a policy finding");
}

#[test]
fn random_policies_always_end_with_a_report() {
    scans_always_report(0x7011_6a7e, 64);
}

#[test]
#[ignore = "heavier: 1,000 scans (a minute or two); run with --ignored"]
fn random_policies_always_end_with_a_report_heavy() {
    scans_always_report(0x5eed_0002, 1000);
}
