//! Inline suppressions: comments and annotations next to the code that accept a finding.
//!
//! One syntax for HCL (`#`, `//`) and YAML (`#`) comments, written on the line a finding points
//! at or in the contiguous comment lines directly above a block or attribute:
//!
//! ```text
//! # tollgate:ignore TG101,TG102 until=2027-03-31 -- SSH from the VPN range only
//! ```
//!
//! Above a resource block it covers every finding located in the block (and, above a `module`
//! block, every finding of that module call); above or on an attribute, findings on the
//! attribute's lines. Kubernetes objects (and pod templates) may carry the same text in a
//! `tollgate.dev/ignore` annotation (see [`Annotation`]). Checkov's `checkov:skip=ID:reason`
//! (inside the block) and `checkov.io/skip<N>: ID=reason` annotation, and Trivy's
//! `trivy:ignore:ID[:exp:DATE]` / tfsec's `tfsec:ignore:ID` (on or above the line) suppress the
//! rules that declare `ID` as an alias.
//!
//! A suppressed finding stays in the report with its [`Suppression`](tollgate_model::Suppression);
//! what cannot be honoured comes back as [`Problem`]s (expired, unused, malformed) that the
//! pipeline reports as findings of the built-in rules TG004-TG006.
//!
//! ```
//! use tollgate_model::{Catalog, Finding, FindingKind, RuleDescriptor, RuleRef, SourceMap};
//! use tollgate_suppress::{apply, Inputs, Layout, Settings};
//!
//! let mut sources = SourceMap::new();
//! sources.add("main.tf", "# tollgate:ignore TG101 -- VPN only\nresource \"aws_security_group\" \"ssh\" {\n}\n");
//! let mut layout = Layout::default();
//! layout.add_block("main.tf", (2, 3));
//! # let rule = tollgate_model::RuleDescriptor { id: "TG101".into(), slug: "open-port".into(),
//! #     title: String::new(), severity: tollgate_model::Severity::High,
//! #     category: tollgate_model::Category::Network, origin: tollgate_model::RuleOrigin::Native,
//! #     docs: String::new(), aliases: vec![], references: vec![], source: String::new(), can_disable: true };
//! let catalog = Catalog::new([rule]);
//! let mut findings = vec![Finding::new(RuleRef::from(&catalog.rules()[0]), FindingKind::Fail,
//!     "aws_security_group.ssh", "main.tf", (2, 3), "port 22 is open to the internet")];
//! let inputs = Inputs::new(&sources, &layout, &catalog);
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
//! let problems = apply(&mut findings, &inputs, &Settings { today, require_reason: false });
//! assert!(problems.is_empty());
//! assert_eq!(findings[0].suppression.as_ref().unwrap().location, "main.tf:1");
//! ```

mod apply;
pub mod comments;
pub mod directive;
mod locate;

pub use apply::apply;
pub use chrono::NaiveDate;
pub use directive::{Directive, Syntax};

use std::collections::{BTreeMap, HashMap};
use tollgate_model::{Catalog, SourceMap};

/// The annotation key of Kubernetes objects (and pod templates) that suppresses their findings;
/// `tollgate.dev/ignore-<anything>` keys too, for several suppressions with their own reasons.
/// Checkov's `checkov.io/skip<N>: ID=reason` annotations are read as well.
pub const ANNOTATION: &str = "tollgate.dev/ignore";

/// The line ranges of a scan's blocks and attributes, by file: what a comment above line `n`
/// covers is the largest block or attribute starting at line `n`.
#[derive(Debug, Default, Clone)]
pub struct Layout {
    files: HashMap<String, FileLayout>,
}

#[derive(Debug, Default, Clone)]
struct FileLayout {
    /// Resource blocks and Kubernetes objects (Checkov's scope; a block's every finding).
    blocks: Vec<(u32, u32)>,
    /// Attributes, nested blocks and list items.
    items: Vec<(u32, u32)>,
}

impl Layout {
    /// A resource block (or Kubernetes object) of `file` spanning `lines`.
    pub fn add_block(&mut self, file: &str, lines: (u32, u32)) {
        self.files.entry(file.to_string()).or_default().blocks.push(lines);
    }

    /// An attribute, nested block or list item of `file` spanning `lines`.
    pub fn add_item(&mut self, file: &str, lines: (u32, u32)) {
        self.files.entry(file.to_string()).or_default().items.push(lines);
    }

    /// The lines a comment targeting line `line` covers: the largest block or item starting
    /// there, else the line alone.
    fn scope_at(&self, file: &str, line: u32) -> (u32, u32) {
        let Some(layout) = self.files.get(file) else { return (line, line) };
        let end = layout.blocks.iter().chain(&layout.items).filter(|(start, _)| *start == line).map(|(_, end)| *end);
        (line, end.max().unwrap_or(line).max(line))
    }

    /// The smallest block enclosing `line` (where a Checkov skip applies).
    fn block_around(&self, file: &str, line: u32) -> Option<(u32, u32)> {
        let blocks = &self.files.get(file)?.blocks;
        blocks
            .iter()
            .filter(|(start, end)| *start <= line && line <= *end)
            .min_by_key(|(start, end)| end - start)
            .copied()
    }
}

/// An annotation of a Kubernetes object: its key and value, where it is written, and the lines a
/// suppression in it covers (the object, or the pod template it annotates). Keys that are not
/// suppressions are ignored.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Annotation {
    pub file: String,
    pub line: u32,
    pub key: String,
    pub value: String,
    pub scope: (u32, u32),
}

/// What the scan knows that suppressions are matched against.
pub struct Inputs<'a> {
    pub sources: &'a SourceMap,
    pub layout: &'a Layout,
    pub catalog: &'a Catalog,
    pub annotations: Vec<Annotation>,
    /// Rules that must not be suppressed inline, with why (built-in checks whose findings mean
    /// input went unchecked, and the suppression checks themselves).
    pub protected: BTreeMap<String, String>,
    /// Whether a rule ran in this scan: a suppression of a rule that did not run is not unused.
    pub ran: &'a dyn Fn(&str) -> bool,
}

impl<'a> Inputs<'a> {
    /// Inputs with no annotations, no protected rules, and every rule run.
    pub fn new(sources: &'a SourceMap, layout: &'a Layout, catalog: &'a Catalog) -> Self {
        Inputs { sources, layout, catalog, annotations: Vec::new(), protected: BTreeMap::new(), ran: &|_| true }
    }
}

/// How suppressions are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// A suppression whose `until` is before this day has expired.
    pub today: NaiveDate,
    /// `require_reason = true`: a suppression without a reason suppresses nothing.
    pub require_reason: bool,
}

/// A suppression that could not be honoured, reported where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub kind: ProblemKind,
    pub file: String,
    pub line: u32,
    /// What is wrong and what to do.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// Its `until` date has passed: the findings it hid are reported again.
    Expired,
    /// It matched no finding of a rule that ran.
    Unused,
    /// It cannot be read (an unknown rule, a bad date, no reason when one is required).
    Malformed,
}

/// Today's date in UTC, from the system clock (what the CLI compares `until` dates with).
pub fn today_utc() -> NaiveDate {
    chrono::Utc::now().date_naive()
}
