//! Versions and constraints as Helm reads them (the Masterminds semver syntax): chart versions must
//! parse, `--kube-version` gives `.Capabilities.KubeVersion`, a chart's `kubeVersion:` constraint
//! (`>=1.22.0-0`, `~1.30`, `^1.2`, `1.2.x`, `1.20 - 1.30`, `a, b` for and, `||` for or) is checked, and
//! a dependency's `version:` picks its subchart. Helm uses the same library for these as for Sprig's
//! `semver` and `semverCompare`, so this is tollgate-helm-functions' implementation under Helm's names.

use tollgate_helm_functions::semver::Constraints;
pub use tollgate_helm_functions::semver::Version;

/// A version as Masterminds' `NewVersion` reads it: `v` optional, minor and patch optional,
/// `-prerelease` and `+metadata` allowed; nothing around it.
pub fn parse_version(text: &str) -> Option<Version> {
    Version::parse(text).ok()
}

/// Whether `version` satisfies the constraint; a constraint that does not parse is not satisfied (Helm's
/// `IsCompatibleRange` says false too, and a dependency whose `version:` does not parse claims no chart).
pub fn satisfies(constraint: &str, version: &Version) -> bool {
    Constraints::parse(constraint).is_ok_and(|constraints| constraints.check(version))
}

#[cfg(test)]
mod tests {
    use super::{parse_version, satisfies};

    fn holds(constraint: &str, version: &str) -> bool {
        satisfies(constraint, &parse_version(version).expect("test version"))
    }

    #[test]
    fn versions_parse_loosely_as_helm_reads_them() {
        assert_eq!(parse_version("v1.30").map(|v| (v.major, v.minor, v.patch)), Some((1, 30, 0)));
        assert_eq!(parse_version("1.2.3-rc.1+meta").map(|v| v.prerelease), Some("rc.1".to_string()));
        assert!(parse_version("abc").is_none());
        assert!(parse_version("1.2.3.4").is_none());
        // Helm 4.1.4: `chart.metadata.version "1.2.3-01" is invalid`, and so is " 1.2.3" (quoted in YAML).
        assert!(parse_version("1.2.3-01").is_none());
        assert!(parse_version(" 1.2.3").is_none());
    }

    #[test]
    fn constraints_kube_charts_write() {
        assert!(holds(">=1.22.0-0", "v1.35.0"));
        assert!(!holds("<1.22.0-0", "v1.35.0"));
        assert!(holds(">= 1.20, < 1.36", "1.35.0"));
        assert!(!holds(">=1.20 <1.30", "1.35.0"));
        assert!(holds("~1.35", "1.35.4"));
        assert!(!holds("~1.34", "1.35.0"));
        assert!(holds("^1.2", "1.35.0"));
        assert!(holds("1.35.x", "1.35.9"));
        assert!(holds("<1.20 || >=1.30", "1.35.0"));
        assert!(holds("1.20 - 1.35", "1.35.2"));
        assert!(!holds("garbage!", "1.35.0"));
        assert!(!holds("", "1.35.0"));
    }

    /// A wildcard bound compares only the parts written: Helm 4.1.4 refuses a chart with
    /// `kubeVersion: ">1.34"` on `--kube-version 1.34.5` and takes it on 1.35.
    #[test]
    fn a_partial_bound_compares_only_its_written_parts_as_helm_does() {
        assert!(!holds(">1.34", "1.34.5"));
        assert!(holds(">1.34", "1.35"));
        assert!(!holds("!=1.34.x", "1.34.2"));
        assert!(holds("<=1.34", "1.34.9"));
    }
}
