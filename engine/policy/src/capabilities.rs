//! Which builtins the user's policies may call: Tollgate's defaults (no network, no clock, no
//! randomness: a scan must be deterministic and self-contained), an OPA capabilities file
//! (`--capabilities`, the JSON `opa capabilities` prints and `opa build --capabilities` and
//! Conftest's `--capabilities` read), and `[policy] builtins = { allow, deny }` from tollgate.toml.
//!
//! Decision order for a builtin a policy calls: network builtins are always refused; a `deny`
//! pattern refuses; an `allow` pattern allows; with a capabilities file, only what it lists is
//! allowed (Conftest's and Trivy's own functions excepted, as OPA adds a host's custom functions
//! to any capabilities); without one, everything but the nondeterministic builtins is allowed.
//! Tollgate's bundled rules are not subject to any of this.

use crate::extensions::EXTENSIONS;
use regorus::unstable::BUILTINS;
use serde_json::Value as Json;
use std::collections::BTreeSet;

/// Builtins that reach the network: refused whatever the configuration says (regorus's
/// `http.send` returns undefined without sending anything, so allowing it would silently pass).
const NETWORK: [(&str, &str); 3] = [
    ("http.send", "it sends HTTP requests"),
    ("net.lookup_ip_addr", "it resolves DNS names"),
    ("providers.aws.sign_req", "it signs requests for the network"),
];

/// Builtins refused unless allowed: each gives a different result on each run. `opa.runtime`
/// is not here: regorus's version holds only version strings, no environment variables.
/// (`uuid.rfc4122` needs regorus's `uuid` feature, off in Tollgate's build; listed for when it is on.)
const NONDETERMINISTIC: [(&str, &str); 3] = [
    ("time.now_ns", "it reads the clock, so the same files would pass today and fail tomorrow"),
    ("rand.intn", "it returns a random number, so two scans of the same files could differ"),
    ("uuid.rfc4122", "it returns a random UUID, so two scans of the same files could differ"),
];

/// Conftest's and Trivy's own functions (Tollgate extensions that are not OPA builtins): OPA
/// capabilities files do not list them, and OPA keeps a host's custom functions callable.
const HOST_FUNCTIONS: [&str; 5] =
    ["result.new", "isManaged", "parse_config", "parse_config_file", "parse_combined_config_files"];

/// The builtins an OPA capabilities file lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// The file they were read from, for messages.
    pub file: String,
    pub builtins: BTreeSet<String>,
}

impl Capabilities {
    /// Reads OPA's capabilities JSON: `{"builtins": [{"name": ...}, ...], "allow_net": [...], ...}`.
    /// Other keys (`features`, `future_keywords`, `wasm_abi_versions`) are accepted and ignored;
    /// without `builtins`, no builtin is allowed, as in OPA.
    pub fn parse(file: &str, text: &str) -> Result<Capabilities, String> {
        let json: Json = serde_json::from_str(text).map_err(|e| format!("{file} is not valid JSON: {e}"))?;
        let Json::Object(fields) = json else {
            return Err(format!("{file}: a capabilities file is a JSON object with a `builtins` list"));
        };
        let entries = match fields.get("builtins") {
            None => Vec::new(),
            Some(Json::Array(entries)) => entries.clone(),
            Some(_) => return Err(format!("{file}: `builtins` must be a list of objects with a `name`")),
        };
        let mut builtins = BTreeSet::new();
        for (index, entry) in entries.iter().enumerate() {
            let Some(name) = entry.get("name").and_then(Json::as_str) else {
                return Err(format!("{file}: builtins[{index}] has no string `name`"));
            };
            builtins.insert(name.to_string());
        }
        Ok(Capabilities { file: file.to_string(), builtins })
    }
}

/// Which builtins the user's policies may call (see the module documentation for the order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuiltinPolicy {
    pub capabilities: Option<Capabilities>,
    /// Names or `prefix.*` patterns allowed in addition (`[policy] builtins.allow`).
    pub allow: Vec<String>,
    /// Names or `prefix.*` patterns refused (`[policy] builtins.deny`); deny wins over allow.
    pub deny: Vec<String>,
}

impl BuiltinPolicy {
    /// Checks the `allow` and `deny` patterns: each must name a builtin Tollgate knows (or, as
    /// `prefix.*`, match one), and no network builtin can be allowed.
    pub fn validate(&self) -> Result<(), String> {
        let known = known_builtins();
        let mut problems = Vec::new();
        for (list, patterns) in [("allow", &self.allow), ("deny", &self.deny)] {
            let unknown: Vec<&str> = patterns
                .iter()
                .filter(|p| !known.iter().any(|name| pattern_matches(p, name)))
                .map(String::as_str)
                .collect();
            if !unknown.is_empty() {
                problems.push(format!(
                    "builtins.{list}: {} not a builtin Tollgate knows",
                    quoted_list(&unknown, "is", "are")
                ));
            }
        }
        if !problems.is_empty() {
            problems.push("write OPA's builtin names (`time.now_ns`) or prefix patterns (`regex.*`)".to_string());
        }
        let network: Vec<&str> =
            NETWORK.iter().map(|(name, _)| *name).filter(|name| self.allow.iter().any(|p| p == name)).collect();
        if !network.is_empty() {
            problems.push(format!(
                "builtins.allow: {} cannot be allowed: Tollgate policies have no network access (pass fetched data with --data)",
                quoted_list(&network, "", "")
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }

    /// Why a user policy may not call the builtin `name`, or `None` when it may (also for
    /// names that are not builtins: those are checked elsewhere).
    pub(crate) fn refusal(&self, name: &str) -> Option<String> {
        if let Some((_, why)) = NETWORK.iter().find(|(refused, _)| *refused == name) {
            return Some(format!(
                "the builtin `{name}` is refused: {why}, and Tollgate policies have no network access; remove the call (pass what it fetched through --data instead)"
            ));
        }
        if !known_builtins().contains(name) {
            return None;
        }
        if let Some(pattern) = self.deny.iter().find(|p| pattern_matches(p, name)) {
            return Some(format!(
                "the builtin `{name}` is refused by `builtins.deny` (`{pattern}`) under [policy] in tollgate.toml; remove the call, or the pattern"
            ));
        }
        if self.allow.iter().any(|p| pattern_matches(p, name)) {
            return None;
        }
        if let Some(capabilities) = &self.capabilities {
            let listed = capabilities.builtins.contains(name) || HOST_FUNCTIONS.contains(&name);
            return (!listed).then(|| {
                format!(
                    "the builtin `{name}` is not in the capabilities file {}; list it there, or add it to `builtins.allow` under [policy] in tollgate.toml",
                    capabilities.file
                )
            });
        }
        NONDETERMINISTIC.iter().find(|(refused, _)| *refused == name).map(|(_, why)| {
            format!(
                "the builtin `{name}` is refused by default: {why}; to allow it, add it to `builtins = {{ allow = [\"{name}\"] }}` under [policy] in tollgate.toml, or list it in a --capabilities file"
            )
        })
    }
}

/// Every builtin name a policy can call: regorus's, `print`, Tollgate's extensions and the
/// network builtins Tollgate refuses.
pub fn known_builtins() -> BTreeSet<&'static str> {
    let mut names: BTreeSet<&'static str> = BUILTINS.keys().copied().collect();
    names.extend(EXTENSIONS.iter().copied());
    names.extend(crate::config_files::CONFIG_BUILTINS.iter().copied());
    names.extend(NETWORK.iter().map(|(name, _)| *name));
    names.insert("print");
    names
}

/// `name` is `pattern`, or `pattern` is `prefix.*` and `name` starts with `prefix.`.
fn pattern_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) if prefix.ends_with('.') => name.starts_with(prefix),
        _ => pattern == name,
    }
}

fn quoted_list(names: &[&str], one: &str, many: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let verb = if names.len() == 1 { one } else { many };
    format!("{}{}{verb}", quoted.join(", "), if verb.is_empty() { "" } else { " " })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_refuses_clock_and_randomness_and_allows_the_rest() {
        let policy = BuiltinPolicy::default();
        for name in ["time.now_ns", "rand.intn"] {
            let why = policy.refusal(name).unwrap_or_default();
            assert!(why.contains("refused by default") && why.contains(&format!("allow = [\"{name}\"]")), "{why}");
        }
        for name in ["regex.match", "time.parse_rfc3339_ns", "opa.runtime", "print", "result.new"] {
            assert_eq!(policy.refusal(name), None, "{name}");
        }
        assert!(policy.refusal("http.send").unwrap_or_default().contains("no network access"));
    }

    #[test]
    fn deny_wins_over_allow_and_allow_over_the_default() {
        let policy = BuiltinPolicy {
            allow: vec!["time.now_ns".into(), "regex.match".into()],
            deny: vec!["regex.*".into()],
            capabilities: None,
        };
        assert_eq!(policy.refusal("time.now_ns"), None);
        assert!(policy.refusal("regex.match").unwrap_or_default().contains("`regex.*`"));
        assert!(policy.refusal("regex.split").is_some());
        assert_eq!(policy.refusal("startswith"), None);
        assert_eq!(policy.validate(), Ok(()));
    }

    #[test]
    fn a_capabilities_file_allows_only_what_it_lists() {
        let text = r#"{"builtins": [{"name": "startswith", "decl": {}}, {"name": "time.now_ns"}], "allow_net": []}"#;
        let capabilities = Capabilities::parse("caps.json", text).expect("parses");
        let policy = BuiltinPolicy { capabilities: Some(capabilities), allow: vec!["count".into()], deny: vec![] };
        assert_eq!(policy.refusal("startswith"), None);
        assert_eq!(policy.refusal("time.now_ns"), None, "listed, so allowed");
        assert_eq!(policy.refusal("count"), None, "allowed in tollgate.toml");
        assert_eq!(policy.refusal("result.new"), None, "Trivy's own function");
        let refused = policy.refusal("endswith").unwrap_or_default();
        assert!(refused.contains("not in the capabilities file caps.json"), "{refused}");
        assert!(policy.refusal("print").is_some(), "print is an OPA builtin: a file without it refuses it");
        assert!(policy.refusal("http.send").is_some(), "network stays refused");
    }

    #[test]
    fn malformed_capabilities_and_unknown_names_are_errors() {
        assert!(Capabilities::parse("c.json", "[1]").unwrap_err().contains("JSON object"));
        assert!(Capabilities::parse("c.json", "{").unwrap_err().contains("not valid JSON"));
        assert!(Capabilities::parse("c.json", r#"{"builtins": [{"nom": 1}]}"#).unwrap_err().contains("builtins[0]"));
        assert_eq!(Capabilities::parse("c.json", "{}").map(|c| c.builtins.len()), Ok(0));
        let policy = BuiltinPolicy {
            allow: vec!["time.now".into(), "nosuch.*".into()],
            deny: vec!["regex.*".into(), "http.send".into()],
            capabilities: None,
        };
        let error = policy.validate().unwrap_err();
        assert!(error.contains("builtins.allow: `time.now`, `nosuch.*` are not"), "{error}");
        assert!(!error.contains("builtins.deny"), "{error}");
        let network = BuiltinPolicy { allow: vec!["http.send".into()], ..BuiltinPolicy::default() };
        assert!(network.validate().unwrap_err().contains("`http.send` cannot be allowed"));
    }
}
