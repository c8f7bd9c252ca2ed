//! Finding `.rego` files under the policy directories and compiling them into one engine.

use regorus::utils::limits::ExecutionTimerConfig;
use regorus::Engine;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tollgate_model::LoadError;

/// Tollgate's Rego library (`data.tollgate.lib`: `resource`, `outgoing`, `incoming`, `is_unknown`).
pub const LIBRARY: &str = include_str!("../lib/tollgate.rego");
const LIBRARY_PATH: &str = "<tollgate>/lib/tollgate.rego";

/// How policies are loaded and run.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// Packages whose rules are evaluated (Conftest's `--namespace`); `main` by default.
    pub namespaces: Vec<String>,
    /// Wall-clock limit of one rule evaluation on one input.
    pub time_limit: Duration,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions { namespaces: vec!["main".to_string()], time_limit: Duration::from_secs(5) }
    }
}

/// A Conftest-style rule found in a policy file: `deny`, `violation_*`, `warn_*`...
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PolicyRule {
    /// The package, dotted (`main`, `kubernetes.admission`).
    pub package: String,
    /// The rule name (`deny`, `warn_labels`).
    pub name: String,
    pub effect: Effect,
    /// The policy file that declares it (a rule may be split over files: the first one).
    pub file: String,
}

impl PolicyRule {
    /// The rule id in findings: `<package>.<rule>` (`main.deny`).
    pub fn id(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }
}

/// What a result of a rule means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// `deny`, `violation` and their `_suffix` forms.
    Deny,
    /// `warn` and `warn_suffix`.
    Warn,
}

/// The effect of a rule named `name` under Conftest's naming convention
/// (`^(deny|violation)(_[a-zA-Z0-9]+)*$`, `^warn(_[a-zA-Z0-9]+)*$`), or `None` for other rules.
pub fn rule_effect(name: &str) -> Option<Effect> {
    let (effect, rest) = if let Some(rest) = name.strip_prefix("deny") {
        (Effect::Deny, rest)
    } else if let Some(rest) = name.strip_prefix("violation") {
        (Effect::Deny, rest)
    } else if let Some(rest) = name.strip_prefix("warn") {
        (Effect::Warn, rest)
    } else {
        return None;
    };
    let suffix_ok = rest.is_empty()
        || rest.strip_prefix('_').is_some_and(|parts| {
            parts.split('_').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        });
    suffix_ok.then_some(effect)
}

/// The policies of a run, parsed once; [`crate::evaluate`] clones the engine per thread.
#[derive(Debug, Clone)]
pub struct PolicySet {
    pub(crate) engine: Engine,
    /// Sorted, so findings and errors come out in the same order every run.
    pub rules: Vec<PolicyRule>,
    pub options: PolicyOptions,
}

impl PolicySet {
    /// Loads every `.rego` file under `dirs` (recursively, in path order). A file that does not
    /// parse becomes a [`LoadError`] with its file and line, and the other files still load.
    pub fn load(dirs: &[PathBuf], options: PolicyOptions) -> (PolicySet, Vec<LoadError>) {
        PolicySet::load_with_sources(Vec::new(), dirs, options)
    }

    /// Loads `sources` (`(path, text)` pairs: the bundled Rego rules, embedded in the binary) and
    /// then every `.rego` file under `dirs`.
    pub fn load_with_sources(
        sources: Vec<(String, String)>,
        dirs: &[PathBuf],
        options: PolicyOptions,
    ) -> (PolicySet, Vec<LoadError>) {
        let mut engine = Engine::new();
        // Rego v1 (`if`, `contains`) is the default, as in OPA 1.0 and Conftest 0.56+.
        engine.set_rego_v0(false);
        engine.set_execution_timer_config(ExecutionTimerConfig {
            limit: options.time_limit,
            check_interval: NonZeroU32::MIN,
        });
        let mut errors = Vec::new();
        let mut files = Vec::new();
        for dir in dirs {
            if let Err(e) = collect_rego_files(dir, &mut files) {
                errors.push(LoadError { file: dir.display().to_string(), line: 0, column: 0, message: e });
            }
        }
        files.sort();
        files.dedup();
        // The edge helpers every policy may import as `data.tollgate.lib`.
        let mut texts = vec![(LIBRARY_PATH.to_string(), LIBRARY.to_string())];
        texts.extend(sources);
        for file in &files {
            let path = file.display().to_string();
            match std::fs::read_to_string(file) {
                Ok(text) => texts.push((path, text)),
                Err(e) => errors.push(LoadError {
                    file: path,
                    line: 0,
                    column: 0,
                    message: format!("cannot read policy: {e}; this policy was not run"),
                }),
            }
        }
        let mut rules = Vec::new();
        for (path, text) in texts {
            match engine.add_policy(path.clone(), text.clone()) {
                Ok(package) => {
                    let package = package.strip_prefix("data.").unwrap_or(&package).to_string();
                    if options.namespaces.contains(&package) {
                        rules.extend(declared_rules(&engine, &path, &package, &text));
                    }
                }
                Err(e) => errors.push(policy_error(&path, &e.to_string())),
            }
        }
        rules.sort();
        // A rule split over several files is one rule: keep the first file that declares it.
        rules.dedup_by(|b, a| a.package == b.package && a.name == b.name);
        (PolicySet { engine, rules, options }, errors)
    }

    /// Adds the graph document (`data.tollgate`), once per run, before evaluation clones the engine.
    pub(crate) fn with_data(&self, data: serde_json::Value) -> Result<Engine, String> {
        let mut engine = self.engine.clone();
        engine.add_data(regorus::Value::from(data)).map_err(|e| e.to_string())?;
        Ok(engine)
    }
}

fn collect_rego_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    if dir.is_file() {
        files.push(dir.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read policy directory: {e}"))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rego_files(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "rego") {
            files.push(path);
        }
    }
    Ok(())
}

/// The Conftest-style rules declared in one parsed file. Candidate names come from the rule heads
/// in the text (a name at the start of a line); regorus confirms each one is a declared rule.
fn declared_rules(engine: &Engine, path: &str, package: &str, text: &str) -> Vec<PolicyRule> {
    let mut rules: Vec<PolicyRule> = text
        .lines()
        .filter_map(|line| {
            let name: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let effect = rule_effect(&name)?;
            engine.has_declared_rule_rooted_at(path, &name).ok()?.then(|| PolicyRule {
                package: package.to_string(),
                name,
                effect,
                file: path.to_string(),
            })
        })
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

/// A regorus error (`\n--> file:line:col\n ... \nerror: message`) as a [`LoadError`].
fn policy_error(path: &str, message: &str) -> LoadError {
    let location = message.lines().find_map(|l| l.trim().strip_prefix("--> "));
    let (line, column) = location
        .and_then(|loc| {
            let mut parts = loc.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((line, column))
        })
        .unwrap_or((0, 0));
    let problem = message.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(message).trim();
    let problem = problem.strip_prefix("error: ").unwrap_or(problem);
    LoadError {
        file: path.to_string(),
        line,
        column,
        message: format!("invalid Rego: {problem}; this policy file was not loaded (the others were): fix the syntax"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conftest_rule_names() {
        assert_eq!(rule_effect("deny"), Some(Effect::Deny));
        assert_eq!(rule_effect("violation_no_labels_2"), Some(Effect::Deny));
        assert_eq!(rule_effect("warn_x"), Some(Effect::Warn));
        assert_eq!(rule_effect("denyall"), None);
        assert_eq!(rule_effect("deny_"), None);
        assert_eq!(rule_effect("warn__x"), None);
        assert_eq!(rule_effect("exception"), None);
    }
}
