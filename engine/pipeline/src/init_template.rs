//! The starter `tollgate.toml` that `tollgate init` writes: every setting with a comment saying
//! what it does, commented out at its default, and the Terraform roots and environments found in
//! the repository written active.

use crate::init::{Detected, DetectedRoot};
use std::fmt::Write;

/// How many found directories a comment names before it counts the rest.
const MAX_LISTED: usize = 12;

/// The file's text for what was detected.
pub fn render(detected: &Detected) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    out.push_str(GATE_AND_RULES);
    baseline(&mut out, detected);
    out.push_str(SEVERITY_AND_TAGS);
    terraform(&mut out, detected);
    kubernetes(&mut out, detected);
    out.push_str(HELM);
    policy(&mut out, detected);
    out.push_str(IGNORE);
    out
}

const HEADER: &str = "\
# tollgate.toml, written by `tollgate init`. Every setting is listed: those commented out show
# their default. Paths are relative to this file. Reference: the README, \"Configuration\".
";

const GATE_AND_RULES: &str = "
# The gate: findings at or above this severity fail the scan (exit 1).
# info | low | medium | high | critical
# fail_on = \"high\"
# Whether unknown results (values Tollgate cannot know before apply) fail the gate: report | fail.
# unknown = \"report\"
# What the text and concise reports show (the gate and the JSON report count every finding).
# min_severity = \"info\"

# Rules that do not run: ids, slugs or other tools' ids (`tollgate rules list`); --skip-rule
# adds to them. TG000 (parse-error) and TG003 (invalid-configuration) always run.
# disable = []
# Run only these rules; --rule replaces this list (and `categories`).
# rules = []
# Run only rules of these categories; --category replaces this list (and `rules`):
# least-privilege, encryption, network, workload, quota, tagging, observability, cost, policy.
# categories = []
# Inline suppressions (`# tollgate:ignore RULE until=DATE -- reason`, Checkov and Trivy skips):
# false reports every finding as if none were written (--no-inline-ignores), for audits.
# inline_ignores = true
# A suppression without `-- reason` suppresses nothing and is reported (TG006).
# require_reason = false
";

fn baseline(out: &mut String, detected: &Detected) {
    out.push_str(
        "\n# Findings accepted as they are: `tollgate baseline` writes the file, and every scan then reports\n\
         # only findings not in it (--baseline FILE names another; --no-baseline shows all).\n",
    );
    let active = if detected.baseline { "" } else { "# " };
    let _ = writeln!(out, "{active}baseline = \"{}\"", crate::baseline::DEFAULT_FILE_NAME);
}

const SEVERITY_AND_TAGS: &str = "
# Severity overrides, by rule id or slug.
# [severity]
# TG109 = \"high\"

# The tag keys the required-tags rule (TG120) asks of every taggable resource (case-sensitive).
# [tags]
# required = [\"owner\", \"environment\", \"cost-center\"]

# Your account's AWS service quotas (from Service Quotas), by the quota table's key: they replace
# the AWS defaults in TG410-TG413. The EC2 vCPU quotas vary by account and have no default.
# [quotas.aws]
# \"ec2/L-1216C47A\" = 128

# The GitHub code scanning category of the SARIF report (--sarif-category): one per analysis that
# uploads to the same repository [default: tollgate/ and the scanned paths].
# [sarif]
# category = \"tollgate/\"

# Cost projections and budgets (--cost shows the estimate; a budget is always checked, and a
# breach is a finding: TG501 now, TG502 at maximum scale, TG503 over the baseline).
# [cost]
# region = \"us-east-1\"             # for resources whose provider sets none (--region)
# price_file = \"prices.csv\"        # rows that override or add to the embedded price list
# usage_file = \"tollgate-usage.toml\"
# baseline = \"cost-report.json\"    # an earlier JSON report (--cost-baseline)
# budget = 450                     # USD a month for everything billed (--budget)
# budget_at = \"now\"                # now, max or both (--budget-at)
# max_increase = \"15%\"             # or USD (200) over the baseline
# Kubernetes rates (USD per vCPU-hour and GiB-hour) when no node group in the graph gives them.
# [cost.kubernetes]
# vcpu_hour = 0.0416
# gib_hour = 0.0052
# A ceiling per scope, named: exactly one of tag, module (a path prefix), namespace,
# environment (Terraform environment or Helm values set) and root. Repeat for more.
# [[cost.budgets]]
# name = \"dev\"
# tag = \"environment=dev\"
# module = \"module.eks\"
# namespace = \"payments\"
# environment = \"prod\"
# root = \"terraform/prod\"
# monthly = 120
# at = \"both\"
# max_increase = 50
";

fn terraform(out: &mut String, detected: &Detected) {
    out.push_str(
        "\n# Terraform. Var files for every root, like `terraform plan -var-file` (after terraform.tfvars\n\
         # and *.auto.tfvars, which are read as Terraform reads them).\n# [terraform]\n# var_files = []\n\
         # Let Terraform evaluation read the machine's TF_VAR_name variables, as --tf-env does.\n\
         # environment_variables = false\n\
         # Let file(), module sources and var files reach outside the scan root (trusted code only).\n\
         # allow_outside_root = false\n",
    );
    if detected.unresolved_modules > 0 {
        let _ = writeln!(
            out,
            "#\n# {} module call(s) use a registry or git source that is not installed: they are reported as\n\
             # TG002 (unresolved-module) and not checked. Run `terraform init` (or `terraform get`) in their\n\
             # roots before scanning; no setting here can replace it.",
            detected.unresolved_modules
        );
    }
    let (with_environments, plain): (Vec<&DetectedRoot>, Vec<&DetectedRoot>) =
        detected.roots.iter().partition(|root| !root.environments.is_empty());
    out.push_str(
        "\n# Each root is scanned once per environment, with its var files (relative to the root); findings\n\
         # name their environment. Roots are found without being listed here: list one to give it\n\
         # environments, or `vars = { name = \"value\" }` (also per environment).\n",
    );
    for root in with_environments {
        active_root(out, root);
    }
    if plain.is_empty() {
        out.push_str("# For example:\n# [[terraform.root]]\n# path = \"infra\"\n# var_files = []\n# vars = {}\n");
        out.push_str("# [terraform.root.environments.prod]\n# var_files = [\"prod.tfvars\"]\n# vars = {}\n");
    }
    if !plain.is_empty() {
        out.push_str("# Found without var files of their own, evaluated with their defaults and terraform.tfvars:\n");
    }
    for root in plain.iter().take(MAX_LISTED) {
        let _ = writeln!(out, "# [[terraform.root]]\n# path = {}", quoted(&root.path));
    }
    if plain.len() > MAX_LISTED {
        let _ = writeln!(out, "# ... and {} more roots", plain.len() - MAX_LISTED);
    }
}

fn active_root(out: &mut String, root: &DetectedRoot) {
    let _ = writeln!(out, "[[terraform.root]]\npath = {}", quoted(&root.path));
    if !root.shared_var_files.is_empty() {
        let _ = writeln!(out, "var_files = {}", list(&root.shared_var_files));
    }
    for (name, file) in &root.environments {
        let _ = writeln!(out, "[terraform.root.environments.{}]", key(name));
        let _ = writeln!(out, "var_files = {}", list(std::slice::from_ref(file)));
    }
    out.push('\n');
}

const HELM: &str = "
# Helm. Render charts as `helm template` does and scan their objects: each chart with the values
# of the Argo CD Applications and Terraform helm_releases that deploy it, with each values set
# below, or else once with its own values.yaml. Off: chart directories are listed as skipped.
# [helm]
# render = false
# Also render a chart with its own values when something above already renders it.
# always_render_defaults = false
# `helm template --kube-version` [default: Helm's].
# kube_version = \"1.31.0\"
# Values sets per chart directory: each rendered and scanned; findings name the set as their
# environment. Files are relative to the chart; --set and --set-string arguments follow them.
# [helm.charts.\"charts/web\".values.prod]
# files = [\"values-prod.yaml\"]
# set = []
# set_string = []
# release_name = \"web\"
# namespace = \"web\"
";

fn kubernetes(out: &mut String, detected: &Detected) {
    out.push_str(
        "\n# Kubernetes. Directories whose manifests are each applied to a cluster of their own (`*` and\n\
         # `?` match within one path segment), so objects of different clusters are never linked.\n\
         # [kubernetes]\n# clusters = [\"clusters/*\"]\n",
    );
    if !detected.kubernetes_dirs.is_empty() {
        out.push_str(&listed("Manifests were found in:", &detected.kubernetes_dirs));
    }
}

fn policy(out: &mut String, detected: &Detected) {
    out.push_str(POLICY);
    let others: Vec<String> = detected.policy_dirs.iter().filter(|dir| !is_default_policy_dir(dir)).cloned().collect();
    if detected.policy_dirs.iter().any(|dir| is_default_policy_dir(dir)) {
        out.push_str("# policy/ is here and is read by default.\n");
    }
    if !others.is_empty() {
        out.push_str(&listed("Rego files were also found in:", &others));
    }
}

fn is_default_policy_dir(dir: &str) -> bool {
    dir == "policy" || dir.starts_with("policy/")
}

const POLICY: &str = "
# Your Rego policies (Conftest, Trivy or Tollgate style), as the --policy family of flags.
# [policy]
# paths = [\"policy\"]
# namespaces = [\"main\"]
# all_namespaces = false
# data = []
# combine = false
# fail_on_warn = false
# rego_version = \"v1\"
# strict = false
# parser = \"yaml\"
# read_conftest_toml = true
# capabilities = \"capabilities.json\"
# builtins = { allow = [], deny = [] }
";

const IGNORE: &str = "
# Accepted findings by path: findings of `rules` (every rule when left out) in files matching
# `paths` (globs relative to this file; `*` stays within a directory, `**` crosses them) stay in
# the reports as suppressed, with the reason, and do not fail the gate. Repeat for more.
# [[ignore]]
# paths = [\"legacy/**\"]
# rules = [\"TG101\"]
# reason = \"decommissioned in Q3; tracked in INFRA-123\"
";

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A table key: bare when TOML allows it, else quoted.
fn key(name: &str) -> String {
    let bare = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_string()
    } else {
        quoted(name)
    }
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|item| quoted(item)).collect::<Vec<_>>().join(", "))
}

/// `dirs` after `lead`, as comment lines of at most about 100 characters.
fn listed(lead: &str, dirs: &[String]) -> String {
    let mut words: Vec<String> = dirs.iter().take(MAX_LISTED).map(|dir| format!("{dir},")).collect();
    if dirs.len() > MAX_LISTED {
        words.push(format!("and {} more", dirs.len() - MAX_LISTED));
    } else if let Some(last) = words.last_mut() {
        last.pop();
    }
    let mut text = format!("# {lead}");
    let mut line_len = text.len();
    for word in words {
        if line_len + word.len() + 1 > 100 {
            text.push_str("\n#  ");
            line_len = 3;
        }
        text.push(' ');
        text.push_str(&word);
        line_len += word.len() + 1;
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn detected() -> Detected {
        Detected {
            roots: vec![
                DetectedRoot {
                    path: "infra".into(),
                    shared_var_files: vec!["common.tfvars".into()],
                    environments: vec![
                        ("prod".into(), "env/prod.tfvars".into()),
                        ("eu west".into(), "eu.tfvars".into()),
                    ],
                },
                DetectedRoot { path: "tools".into(), ..DetectedRoot::default() },
            ],
            kubernetes_dirs: vec!["k8s".into()],
            policy_dirs: vec!["policy".into(), "checks".into()],
            unresolved_modules: 2,
            baseline: false,
        }
    }

    /// The template with every commented-out setting (`# key = value`, `# [table]`) made active.
    fn uncommented(text: &str) -> String {
        let setting = |line: &str| {
            let rest = line.strip_prefix("# ")?;
            let is_table = rest.starts_with('[') && rest.ends_with(']');
            let is_key = rest
                .split_once(" = ")
                .is_some_and(|(key, _)| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            (is_table || is_key).then(|| rest.to_string())
        };
        text.lines().map(|line| setting(line).unwrap_or_else(|| line.to_string()) + "\n").collect()
    }

    /// The keys a table of the configuration accepts, from serde's "expected one of" message.
    fn accepted_keys(table: &str) -> Vec<String> {
        let probe = format!("{table}\nnot_a_key = 1\n");
        let message = toml::from_str::<Config>(&probe).expect_err("unknown keys are errors").to_string();
        let expected =
            message.split("expected one of").nth(1).unwrap_or_else(|| message.split("expected").last().unwrap_or(""));
        expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
    }

    #[test]
    fn the_template_and_every_setting_it_comments_out_parse() {
        let text = render(&detected());
        let config: Config = toml::from_str(&text).expect("the written file parses");
        assert_eq!(config.terraform.roots.len(), 1, "only roots with environments are active");
        let root = &config.terraform.roots[0];
        assert_eq!(root.var_files, [std::path::PathBuf::from("common.tfvars")]);
        assert!(root.environments.contains_key("eu west") && root.environments.contains_key("prod"));
        assert!(config.baseline.is_none() && config.disable.is_empty() && config.ignores.is_empty());
        let all: Config = toml::from_str(&uncommented(&text)).expect("every commented setting is valid");
        assert_eq!(all.baseline, Some(".tollgate-baseline.json".into()));
        assert_eq!(all.ignores.len(), 1);
        assert!(text.contains("2 module call(s) use a registry or git source"));
        assert!(text.contains("# Rego files were also found in: checks\n"));
        let many: Vec<String> = (0..30).map(|n| format!("k8s/apps/team-{n:02}/overlays")).collect();
        let wrapped = listed("Manifests were found in:", &many);
        assert!(wrapped.lines().all(|line| line.starts_with('#') && line.len() <= 100), "{wrapped}");
        assert!(wrapped.ends_with(" k8s/apps/team-11/overlays, and 18 more\n"), "{wrapped}");
    }

    #[test]
    fn every_key_the_configuration_accepts_is_in_the_template() {
        let text = uncommented(&render(&detected()));
        let tables = [
            "",
            "[terraform]",
            "[[terraform.root]]\npath = \"x\"",
            "[[terraform.root]]\npath = \"x\"\n[terraform.root.environments.x]",
        ];
        let more = ["[policy]", "[policy.builtins]", "[kubernetes]", "[tags]", "[sarif]", "[[ignore]]\npaths = []"];
        let more = more.into_iter().chain(["[helm]", "[helm.charts.x]", "[helm.charts.x.values.y]"]);
        let more = more.chain(["[cost]", "[cost.kubernetes]", "[[cost.budgets]]\nname = \"x\""]);
        for table in tables.into_iter().chain(more) {
            let keys = accepted_keys(table);
            assert!(!keys.is_empty(), "no keys read for `{table}`");
            for key in keys {
                let forms = [
                    format!("{key} = "),
                    format!("[{key}]"),
                    format!("[{key}."),
                    format!(".{key}]"),
                    format!(".{key}."),
                ];
                let listed = text.lines().any(|line| forms.iter().any(|form| line.contains(form.as_str())));
                assert!(listed, "`{key}` of `{table}` is not in the template");
            }
        }
    }
}
