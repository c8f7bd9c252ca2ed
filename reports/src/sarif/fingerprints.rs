//! `partialFingerprints`: Tollgate's own stable identity of each result, so GitHub keeps one alert
//! per problem across runs however the lines move.

use super::paths::repository_path;
use super::SarifOptions;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use tollgate_model::Finding;

/// The key under which the fingerprint is written (version 1 of its definition).
pub const FINGERPRINT_KEY: &str = "tollgate/v1";

/// One fingerprint per finding, in order: sha256 (hex) of [`Finding::stable_key`] with the
/// repository-relative path, so it survives moved lines and another working directory. A rule
/// can fail several times on one resource (two host namespaces, two hostPath volumes): the
/// first keeps the plain key, the n-th in report order adds `#n`, so GitHub keeps each alert and
/// a new failure never renames an old one.
pub fn fingerprints(findings: &[Finding], options: &SarifOptions) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let mut keyed = finding.clone();
            keyed.file = repository_path(&finding.file, options);
            let key = keyed.stable_key();
            let count = seen.entry(key.clone()).or_insert(0);
            *count += 1;
            let identity = if *count == 1 { key } else { format!("{key}#{count}") };
            Sha256::digest(identity.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Category, FindingKind, RuleRef, Severity};

    fn at(lines: (u32, u32), message: &str) -> Finding {
        let rule = RuleRef { id: "TG204", slug: "host", severity: Severity::High, category: Category::Workload };
        Finding::new(rule, FindingKind::Fail, "DaemonSet/x/y", "k8s/ds.yaml", lines, message)
    }

    #[test]
    fn repeated_failures_on_one_resource_get_their_own_fingerprint() {
        let options = SarifOptions::default();
        let both = fingerprints(&[at((20, 20), "hostNetwork"), at((21, 21), "hostPID")], &options);
        assert_ne!(both[0], both[1]);
        let first_alone = fingerprints(&[at((20, 20), "hostNetwork")], &options);
        assert_eq!(first_alone[0], both[0], "a second failure leaves the first one's fingerprint alone");
        let moved = fingerprints(&[at((30, 30), "hostNetwork"), at((31, 31), "hostPID")], &options);
        assert_eq!(moved, both, "lines moved");
    }
}
