//! Writing an output file whole or not at all: a temporary file in the same directory, synced,
//! then renamed over the target, so a reader (a SARIF upload, a later CI step, `apply --plan`)
//! never sees half a file. The CLI's reports and baselines and `tollgate plan`'s files use it.

use std::io::Write;
use std::path::Path;

/// Who may read the file written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// An ordinary file, readable as the umask allows (like one written with `>`): reports.
    Shared,
    /// The owner only (0600): a Terraform plan and its JSON hold secrets in clear text.
    Private,
}

/// Writes `contents` to `path` whole or not at all; parent directories are created.
pub fn write_whole(path: &Path, contents: &[u8], access: Access) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".tollgate-").suffix(".tmp");
    // A temporary file is created 0600; a shared one gets what the umask allows instead.
    #[cfg(unix)]
    if access == Access::Shared {
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}
