//! Real Helm: found through `TOLLGATE_HELM` or the cache `scripts/fetch-tools.sh` fills (else a loud
//! `SKIP`), run fully offline with its cache, config and data homes in a fresh temporary directory.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

/// The Helm release the expected outputs are taken from.
pub const HELM_VERSION: &str = "v4.1.4";

pub struct Helm {
    binary: PathBuf,
}

/// Helm's outputs within this test run, so the summary and the per-chart tests run each case once.
type OutputCache = Mutex<HashMap<Vec<String>, Arc<OnceLock<HelmOutput>>>>;

fn output_cache() -> &'static OutputCache {
    static CACHE: OnceLock<OutputCache> = OnceLock::new();
    CACHE.get_or_init(OutputCache::default)
}

/// What one `helm template` printed: the manifests, or the error Helm reported.
#[derive(Debug, Clone, PartialEq)]
pub enum HelmOutput {
    Manifests(String),
    Error(String),
}

impl Helm {
    /// Helm from `TOLLGATE_HELM`, else `<repo>/.cache/tools/helm/helm`; `None` after printing a
    /// `SKIP:` line naming the script that fetches it.
    pub fn find_or_skip(what_did_not_run: &str) -> Option<Helm> {
        let binary = match std::env::var_os("TOLLGATE_HELM") {
            Some(path) => PathBuf::from(path),
            None => repository_root().join(".cache/tools/helm/helm"),
        };
        if !binary.is_file() {
            let line = format!(
                "SKIP: helm not found at {} (run scripts/fetch-tools.sh or set TOLLGATE_HELM); {what_did_not_run} did not run",
                binary.display()
            );
            println!("{line}");
            eprintln!("{line}");
            return None;
        }
        let helm = Helm { binary };
        helm.check_version();
        Some(helm)
    }

    /// A different Helm would give different expected outputs: that is a setup error, not a skip.
    fn check_version(&self) {
        let home = tempfile::tempdir().unwrap_or_else(|error| panic!("temporary directory: {error}"));
        let output = self.command(home.path()).args(["version", "--template", "{{.Version}}"]).output();
        let version = match output {
            Ok(output) => String::from_utf8_lossy(&output.stdout).trim().to_string(),
            Err(error) => panic!("{} does not run: {error}", self.binary.display()),
        };
        assert_eq!(
            version,
            HELM_VERSION,
            "{} is Helm {version}; the differential tests compare with Helm {HELM_VERSION} (scripts/fetch-tools.sh)",
            self.binary.display()
        );
    }

    /// `helm template` with `arguments`, offline and independent of the user's Helm setup.
    pub fn template(&self, arguments: &[String]) -> HelmOutput {
        let home = tempfile::tempdir().unwrap_or_else(|error| panic!("temporary directory: {error}"));
        let output = self
            .command(home.path())
            .arg("template")
            .args(arguments)
            .output()
            .unwrap_or_else(|error| panic!("{} does not run: {error}", self.binary.display()));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            HelmOutput::Manifests(stdout)
        } else {
            HelmOutput::Error(error_message(&stderr))
        }
    }

    /// [`Helm::template`] once per distinct `arguments` in this process.
    pub fn template_once(&self, arguments: &[String]) -> HelmOutput {
        let slot = {
            let mut cache = output_cache().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(cache.entry(arguments.to_vec()).or_default())
        };
        slot.get_or_init(|| self.template(arguments)).clone()
    }

    fn command(&self, home: &Path) -> Command {
        let mut command = Command::new(&self.binary);
        command.env_clear().current_dir(home).env("HOME", home);
        for variable in ["HELM_CACHE_HOME", "HELM_CONFIG_HOME", "HELM_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"] {
            command.env(variable, home.join(variable));
        }
        command.env("HELM_CONTENT_CACHE", home.join("content"));
        command.env("KUBECONFIG", home.join("no-kubeconfig"));
        command
    }
}

/// Helm's message from its stderr: what follows `Error: ` up to the end, without the hint lines
/// Helm appends (`Use --debug flag ...`), trailing whitespace trimmed.
pub fn error_message(stderr: &str) -> String {
    let Some(start) = stderr.find("Error: ") else {
        return stderr.trim_end().to_string();
    };
    let message: Vec<&str> =
        stderr[start + "Error: ".len()..].lines().filter(|line| !line.starts_with("Use --debug flag")).collect();
    message.join("\n").trim_end().to_string()
}

/// The repository root: two levels above this crate.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[cfg(test)]
mod tests {
    use super::error_message;

    #[test]
    fn helms_error_line_is_taken_without_prefix_and_hints() {
        let stderr = "walk.go:74: found symbolic link\nError: execution error at (app/templates/a.yaml:1:4): name is required\n\nUse --debug flag to render out invalid YAML\n";
        assert_eq!(error_message(stderr), "execution error at (app/templates/a.yaml:1:4): name is required");
    }

    #[test]
    fn a_multi_line_error_is_kept_whole() {
        let stderr = "Error: values don't meet the specifications of the schema(s):\n- at '/replicas': got string, want integer\n";
        assert_eq!(
            error_message(stderr),
            "values don't meet the specifications of the schema(s):\n- at '/replicas': got string, want integer"
        );
    }
}
