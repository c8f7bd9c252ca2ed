//! `tollgate init [DIR]`: writes a commented starter `tollgate.toml` for the repository in DIR,
//! after checking that a scan with it runs.

use crate::cli::InitArgs;
use crate::EXIT_PASS;
use std::io::Write;
use tollgate_pipeline::config::FILE_NAME;
use tollgate_pipeline::{init, init_template, ScanOptions};

pub fn run(args: &InitArgs) -> Result<u8, String> {
    let dir = &args.dir;
    if !dir.is_dir() {
        return Err(format!("`{}` is not a directory", dir.display()));
    }
    let target = dir.join(FILE_NAME);
    if target.exists() && !args.force {
        return Err(format!("`{}` exists: edit it, or write a new one over it with --force", target.display()));
    }
    let detected = init::detect(dir)?;
    let text = init_template::render(&detected);
    // The file is scanned with before it takes the name: a configuration that cannot run is
    // never left behind.
    let mut candidate = tempfile::Builder::new()
        .prefix(".tollgate-init-")
        .suffix(".toml")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot write in `{}`: {e}", dir.display()))?;
    candidate.write_all(text.as_bytes()).map_err(|e| format!("cannot write the configuration: {e}"))?;
    let mut options = ScanOptions { allow_empty: true, ..ScanOptions::default() };
    options.load.paths = vec![dir.clone()];
    options.load.config = vec![candidate.path().to_path_buf()];
    let done = tollgate_pipeline::scan(&options, &mut |_| {})
        .map_err(|e| format!("the configuration `tollgate init` made does not run ({e}); please report it"))?;
    candidate.persist(&target).map_err(|e| format!("cannot write `{}`: {}", target.display(), e.error))?;
    eprintln!("wrote {}: {}", target.display(), described(&detected));
    let blocking = done.report.findings.iter().filter(|f| done.report.gate.blocks(f)).count();
    eprintln!(
        "a scan with it: {} findings ({blocking} blocking), {} errors; review the file, then commit it",
        done.report.findings.len(),
        done.report.errors.len()
    );
    Ok(EXIT_PASS)
}

/// `2 Terraform roots (1 with environments: dev, prod), Kubernetes manifests in 3 directories`.
fn described(detected: &init::Detected) -> String {
    let environments: std::collections::BTreeSet<&str> =
        detected.roots.iter().flat_map(|root| root.environments.iter().map(|(name, _)| name.as_str())).collect();
    let with = detected.roots.iter().filter(|root| !root.environments.is_empty()).count();
    let mut parts = vec![format!("{} Terraform root(s)", detected.roots.len())];
    if with > 0 {
        parts[0].push_str(&format!(
            " ({with} with environments: {})",
            environments.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !detected.kubernetes_dirs.is_empty() {
        parts.push(format!("Kubernetes manifests in {} directories", detected.kubernetes_dirs.len()));
    }
    if !detected.policy_dirs.is_empty() {
        parts.push(format!("Rego files in {}", detected.policy_dirs.join(", ")));
    }
    parts.join(", ")
}
