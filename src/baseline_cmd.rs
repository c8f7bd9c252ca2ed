//! `tollgate baseline`: scans as `tollgate scan` does and writes today's findings as the
//! baseline a later `tollgate scan --baseline FILE` leaves out.

use crate::cli::BaselineArgs;
use crate::EXIT_PASS;
use tollgate_pipeline::baseline;

pub fn run(args: &mut BaselineArgs) -> Result<u8, String> {
    if let Some(applied) = &args.scan.baseline {
        return Err(format!(
            "`tollgate baseline` writes a baseline and applies none: name the file to write with --output {}",
            applied.display()
        ));
    }
    // The baseline of today is every finding, whatever baseline the configuration applies.
    args.scan.no_baseline = true;
    let done = tollgate_pipeline::scan(&args.scan, &mut |note| eprintln!("{note}"))?;
    let path = args.output.clone().unwrap_or_else(|| baseline::default_path(&done.config));
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let text = baseline::render(&done.report.findings, &dir);
    crate::output::write_atomically(&path, text.as_bytes())
        .map_err(|e| format!("cannot write the baseline to `{}`: {e}", path.display()))?;
    let accepted = done.report.findings.iter().filter(|f| f.suppression.is_none()).count();
    let noun = if accepted == 1 { "finding" } else { "findings" };
    eprintln!(
        "wrote {accepted} {noun} to {}; `tollgate scan --baseline {}` now reports only new ones",
        path.display(),
        path.display()
    );
    Ok(EXIT_PASS)
}
