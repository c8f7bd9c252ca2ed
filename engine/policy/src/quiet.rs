//! regorus writes some diagnostics straight to stderr (a future keyword read as a name while
//! parsing Rego v0, a redundant `import input`, statements it could not schedule). A scan's
//! stderr belongs to Tollgate: while the engine loads and runs, stderr is captured, and what the
//! engine wrote comes back as notes (file, line, message) for the report.

use std::io::Read;
use tollgate_model::LoadError;

/// Runs `f` with stderr captured; returns its result and what was written, as notes. When
/// capturing is impossible (another capture is active), `f` runs as is.
pub(crate) fn capturing_stderr<T>(f: impl FnOnce() -> T) -> (T, Vec<LoadError>) {
    let Ok(mut redirect) = gag::BufferRedirect::stderr() else { return (f(), Vec::new()) };
    let value = f();
    let mut text = String::new();
    // What cannot be read back is lost, as it would be on a closed terminal; never an error.
    let _ = redirect.read_to_string(&mut text);
    drop(redirect);
    (value, engine_notes(&text))
}

/// The diagnostics of `text`: each `--> file:line:col` block ending in `warning: message`,
/// and any other line on its own; duplicates dropped.
pub(crate) fn engine_notes(text: &str) -> Vec<LoadError> {
    let mut notes: Vec<LoadError> = Vec::new();
    let mut location: Option<(String, u32, u32)> = None;
    for line in text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()) {
        if let Some(at) = line.trim().strip_prefix("--> ") {
            location = parse_location(at);
            continue;
        }
        if location.is_some() && (line.trim_start().starts_with('|') || is_snippet_line(line)) {
            continue;
        }
        let (file, line_no, column) = location.take().unwrap_or_default();
        let message = format!("the Rego engine says: {}", line.trim());
        let note = LoadError { file, line: line_no, column, message };
        if !notes.contains(&note) {
            notes.push(note);
        }
    }
    notes
}

/// `policy/a.rego:3:8` -> (file, line, column).
fn parse_location(at: &str) -> Option<(String, u32, u32)> {
    let mut parts = at.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
}

/// `3 | import input`: a numbered line of the quoted source.
fn is_snippet_line(line: &str) -> bool {
    line.split_once('|').is_some_and(|(number, _)| number.trim().chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_diagnostics_become_located_notes() {
        let text = "--> policy/a.rego:3:8\n  |\n3 | import input\n  |        ^\nwarning: redundant import of `input`\n\n--> policy/a.rego:3:8\n  |\n3 | import input\n  |        ^\nwarning: redundant import of `input`\ncould not schedule all statements [0, 1]\n";
        let notes: Vec<String> =
            engine_notes(text).iter().map(|n| format!("{}:{}:{} {}", n.file, n.line, n.column, n.message)).collect();
        assert_eq!(
            notes,
            vec![
                "policy/a.rego:3:8 the Rego engine says: warning: redundant import of `input`",
                ":0:0 the Rego engine says: could not schedule all statements [0, 1]",
            ]
        );
    }
}
