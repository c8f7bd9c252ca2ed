//! Links in the Markdown report: files and lines into the repository on GitHub (or relative
//! links), rule ids to their documentation. Every URL is built from checked parts and
//! percent-encoded, so a file name cannot end a link or inject another.

use super::cell;
use crate::ScanReport;
use tollgate_model::{Finding, RuleOrigin};

/// Where the scanned files live on GitHub: `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and
/// `GITHUB_SHA`, as the CLI read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubContext {
    server_url: String,
    repository: String,
    sha: String,
}

impl GithubContext {
    /// The context, or `None` unless each part looks like what GitHub sets: an `https://` server
    /// URL, `owner/name`, and a hexadecimal commit id.
    pub fn new(server_url: &str, repository: &str, sha: &str) -> Option<Self> {
        let server_url = server_url.trim_end_matches('/');
        let server_ok = safe_url(server_url) && server_url.matches('/').count() == 2;
        let name_ok =
            |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        let repository_ok =
            matches!(repository.split_once('/'), Some((owner, name)) if name_ok(owner) && name_ok(name));
        let sha_ok = (7..=64).contains(&sha.len()) && sha.chars().all(|c| c.is_ascii_hexdigit());
        (server_ok && repository_ok && sha_ok).then(|| GithubContext {
            server_url: server_url.to_string(),
            repository: repository.to_string(),
            sha: sha.to_string(),
        })
    }
}

/// An `https://` URL with nothing that could end a Markdown link or an HTML attribute.
fn safe_url(url: &str) -> bool {
    url.starts_with("https://")
        && url.len() > 8
        && !url.chars().any(|c| c.is_whitespace() || "()<>\"'`\\[]|".contains(c))
}

pub(super) struct Links {
    github: Option<GithubContext>,
    rule_docs: Option<String>,
}

impl Links {
    pub fn new(options: &super::MarkdownOptions) -> Self {
        let rule_docs =
            options.rule_docs.as_deref().filter(|url| safe_url(url)).map(|url| url.trim_end_matches('/').to_string());
        Links { github: options.github.clone(), rule_docs }
    }

    /// `shown` linked to `file` lines `start..=end`; plain text when the path cannot be linked
    /// (absolute, or reaching above the scan with `..`).
    pub fn location(&self, file: &str, start: u32, end: u32, shown: &str) -> String {
        let Some(path) = encoded_path(file) else { return cell(shown) };
        let fragment = match (start, end) {
            (0, _) => String::new(),
            (start, end) if end > start => format!("#L{start}-L{end}"),
            (start, _) => format!("#L{start}"),
        };
        let url = match &self.github {
            Some(github) => format!("{}/{}/blob/{}/{path}{fragment}", github.server_url, github.repository, github.sha),
            None => format!("{path}{fragment}"),
        };
        format!("[{}]({url})", cell(shown))
    }

    /// The rule id (linked to its documentation where one is known) and its slug.
    pub fn rule(&self, report: &ScanReport, finding: &Finding) -> String {
        let id = cell(&finding.rule_id);
        let slug = if finding.slug.is_empty() || finding.slug == finding.rule_id {
            String::new()
        } else {
            format!(" {}", cell(&finding.slug))
        };
        let Some(rule) = report.catalog.find(&finding.rule_id) else { return format!("{id}{slug}") };
        let linked = match rule.origin {
            // The user's policy: its source is a file of the scanned repository.
            RuleOrigin::Policy => {
                let (file, line) = split_line(&rule.source);
                self.location(file, line, line, &finding.rule_id)
            }
            _ => match &self.rule_docs {
                Some(base) => format!("[{id}]({base}/{}.md)", encoded_path(&rule.id).unwrap_or_default()),
                None => id,
            },
        };
        format!("{linked}{slug}")
    }
}

/// `policy/deny.rego:12` as the file and line (0 when there is none).
fn split_line(source: &str) -> (&str, u32) {
    match source.rsplit_once(':') {
        Some((file, line)) => match line.parse() {
            Ok(line) => (file, line),
            Err(_) => (source, 0),
        },
        None => (source, 0),
    }
}

/// `C:/...`: a Windows absolute path.
fn has_drive_letter(path: &str) -> bool {
    let mut chars = path.chars();
    matches!((chars.next(), chars.next()), (Some(letter), Some(':')) if letter.is_ascii_alphabetic())
}

/// A repository-relative path percent-encoded for a URL, or `None` for one that is not
/// relative to the scan (absolute, a drive letter, `..`, backslashes).
fn encoded_path(file: &str) -> Option<String> {
    let relative = file.trim_start_matches("./");
    let unlinkable = relative.is_empty()
        || relative.starts_with('/')
        || relative.contains('\\')
        || has_drive_letter(relative)
        || relative.split('/').any(|segment| segment == "..");
    if unlinkable {
        return None;
    }
    let mut out = String::with_capacity(relative.len());
    for byte in relative.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_and_paths_outside_the_scan_are_not_linked() {
        assert_eq!(encoded_path("./a b/(x)#1.tf").as_deref(), Some("a%20b/%28x%29%231.tf"));
        assert_eq!(encoded_path("/etc/passwd"), None);
        assert_eq!(encoded_path("infra/../../secret.tf"), None);
        assert_eq!(encoded_path("C:/infra/main.tf"), None);
    }

    #[test]
    fn a_context_that_does_not_look_like_githubs_is_refused() {
        assert!(GithubContext::new("https://github.com", "acme/infra", "0123abcd").is_some());
        assert!(GithubContext::new("https://github.com/", "acme/infra", "0123abcd").is_some());
        assert!(GithubContext::new("http://github.com", "acme/infra", "0123abcd").is_none());
        assert!(GithubContext::new("https://github.com", "acme/in fra)", "0123abcd").is_none());
        assert!(GithubContext::new("https://github.com", "acme/infra", "main").is_none());
        assert!(GithubContext::new("https://x.com/a(b", "acme/infra", "0123abcd").is_none());
    }

    #[test]
    fn policy_sources_split_at_their_line() {
        assert_eq!(split_line("policy/deny.rego:12"), ("policy/deny.rego", 12));
        assert_eq!(split_line("policy/deny.rego"), ("policy/deny.rego", 0));
    }
}
