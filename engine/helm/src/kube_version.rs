//! Versions and constraints as Helm reads them (the Masterminds semver syntax): chart versions must
//! parse, `--kube-version` gives `.Capabilities.KubeVersion`, and a chart's `kubeVersion:` constraint
//! (`>=1.22.0-0`, `~1.30`, `^1.2`, `1.2.x`, `1.20 - 1.30`, `a, b` for and, `||` for or) is checked.

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub prerelease: String,
    /// How many of major, minor, patch were written (`1.30` has 2).
    pub parts: usize,
}

impl Version {
    fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version { major, minor, patch, prerelease: String::new(), parts: 3 }
    }

    fn cmp_release(&self, other: &Version) -> Ordering {
        (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch)).then_with(|| {
            match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.prerelease, &other.prerelease),
            }
        })
    }
}

fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// A version as Masterminds' `NewVersion` reads it: `v` optional, minor and patch optional,
/// `-prerelease` and `+metadata` allowed.
pub fn parse_version(text: &str) -> Option<Version> {
    let text = text.trim();
    let text = text.strip_prefix('v').unwrap_or(text);
    let (text, _metadata) = text.split_once('+').unwrap_or((text, ""));
    let (core, prerelease) = text.split_once('-').unwrap_or((text, ""));
    let numbers: Vec<&str> = core.split('.').collect();
    if numbers.is_empty()
        || numbers.len() > 3
        || numbers.iter().any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let number = |i: usize| numbers.get(i).map_or(Some(0), |n| n.parse::<u64>().ok());
    Some(Version {
        major: number(0)?,
        minor: number(1)?,
        patch: number(2)?,
        prerelease: prerelease.to_string(),
        parts: numbers.len(),
    })
}

/// Whether `version` satisfies the constraint; a constraint that does not parse is not satisfied (Helm's
/// `IsCompatibleRange` says false too).
pub fn satisfies(constraint: &str, version: &Version) -> bool {
    constraint.split("||").any(|alternative| all_hold(alternative, version).unwrap_or(false))
}

fn all_hold(alternative: &str, version: &Version) -> Option<bool> {
    let alternative = alternative.replace(" - ", " HYPHEN ");
    let tokens: Vec<String> = split_terms(&alternative);
    if tokens.is_empty() {
        return None;
    }
    let mut index = 0;
    let mut holds = true;
    while index < tokens.len() {
        if tokens.get(index + 1).map(String::as_str) == Some("HYPHEN") {
            let low = parse_version(tokens.get(index)?)?;
            let high = parse_version(tokens.get(index + 2)?)?;
            holds &= version.cmp_release(&low) != Ordering::Less && upper_allows(&high, version);
            index += 3;
        } else {
            holds &= term_holds(&tokens[index], version)?;
            index += 1;
        }
    }
    Some(holds)
}

/// Terms separated by commas or spaces, an operator joined to the version after it (`>= 1.2`).
fn split_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in text.split([',', ' ']).filter(|w| !w.is_empty()) {
        match terms.last_mut() {
            Some(last) if last.chars().all(|c| "<>=!~^".contains(c)) => last.push_str(word),
            _ => terms.push(word.to_string()),
        }
    }
    terms
}

fn upper_allows(high: &Version, version: &Version) -> bool {
    match high.parts {
        1 => version.major <= high.major,
        2 => (version.major, version.minor) <= (high.major, high.minor),
        _ => version.cmp_release(high) != Ordering::Greater,
    }
}

fn term_holds(term: &str, version: &Version) -> Option<bool> {
    let split = term.find(|c: char| c.is_ascii_alphanumeric() || c == '*').unwrap_or(term.len());
    let (operator, text) = term.split_at(split);
    let wildcard_parts = text.split('.').position(|p| matches!(p, "x" | "X" | "*"));
    let text = text.split('.').take(wildcard_parts.unwrap_or(3)).collect::<Vec<_>>().join(".");
    let bound = if text.is_empty() { Version { parts: 0, ..Version::new(0, 0, 0) } } else { parse_version(&text)? };
    let order = version.cmp_release(&bound);
    // A version with a prerelease only satisfies constraints that name one (Masterminds' rule).
    if !version.prerelease.is_empty() && bound.prerelease.is_empty() {
        return Some(false);
    }
    Some(match operator {
        "" | "=" if bound.parts < 3 => within_prefix(&bound, version),
        "" | "=" => order == Ordering::Equal,
        "!=" => order != Ordering::Equal,
        ">" => order == Ordering::Greater,
        ">=" | "=>" => order != Ordering::Less,
        "<" => order == Ordering::Less,
        "<=" | "=<" => order != Ordering::Greater || within_prefix(&bound, version),
        "~" | "~>" => order != Ordering::Less && tilde_upper(&bound, version),
        "^" => order != Ordering::Less && caret_upper(&bound, version),
        _ => return None,
    })
}

fn within_prefix(bound: &Version, version: &Version) -> bool {
    match bound.parts {
        0 => true,
        1 => version.major == bound.major,
        2 => version.major == bound.major && version.minor == bound.minor,
        _ => version.cmp_release(bound) == Ordering::Equal,
    }
}

fn tilde_upper(bound: &Version, version: &Version) -> bool {
    if bound.parts == 1 {
        version.major == bound.major
    } else {
        version.major == bound.major && version.minor == bound.minor
    }
}

fn caret_upper(bound: &Version, version: &Version) -> bool {
    match (bound.major, bound.minor) {
        (0, 0) if bound.parts == 3 => version.major == 0 && version.minor == 0 && version.patch == bound.patch,
        (0, minor) if bound.parts >= 2 => version.major == 0 && version.minor == minor,
        (major, _) => version.major == major,
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_version, satisfies};

    fn holds(constraint: &str, version: &str) -> bool {
        satisfies(constraint, &parse_version(version).expect("test version"))
    }

    #[test]
    fn versions_parse_loosely_as_helm_reads_them() {
        assert_eq!(parse_version("v1.30").map(|v| (v.major, v.minor, v.patch, v.parts)), Some((1, 30, 0, 2)));
        assert_eq!(parse_version("1.2.3-rc.1+meta").map(|v| v.prerelease), Some("rc.1".to_string()));
        assert!(parse_version("abc").is_none());
        assert!(parse_version("1.2.3.4").is_none());
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
    }
}
