//! The resource graph every loader produces and every rule reads.
//!
//! This crate owns the shared vocabulary of Tollgate: where text came from ([`SourceMap`],
//! [`Span`]), what a value is ([`Value`], which may be *unknown*), what a resource is
//! ([`Resource`], one type for Terraform, plans, Kubernetes and Helm alike), how resources are
//! linked ([`Graph`], [`EdgeKind`]) and what a check reports ([`Finding`]). It knows no rule and
//! parses nothing but JSON: [`json`] is the span-keeping reader the Terraform loader (`.tf.json`)
//! and the rules (policies written in strings) share.
//!
//! The `go_*` modules hold the few pieces of Go's standard library that Terraform and Helm both
//! follow to the letter (`path`, `time` names and calendar, `url.QueryEscape`, case mapping), so the
//! Terraform functions and the template engines share one copy.

pub mod baseline;
pub mod document;
pub mod finding;
pub mod go_path;
pub mod go_strings;
pub mod go_time;
pub mod go_url;
pub mod graph;
pub mod json;
pub mod kube;
pub mod lines;
pub mod load;
pub mod notice;
pub mod report;
pub mod resource;
pub mod rule;
pub mod sensitive;
pub mod source;
pub mod value;

pub use baseline::{BaselineEntry, BaselineOutcome};
pub use document::{DocumentFormat, ParsedDocument, ParsedFile};
pub use finding::{
    Category, Finding, FindingCallSite, FindingKind, LoadError, RuleRef, Severity, Suppression, SuppressionKind,
};
pub use graph::{Edge, EdgeKind, Graph, GraphBuilder};
pub use load::{FileLoad, Skip};
pub use notice::{Notice, NoticeKind};
pub use report::{Gate, ScanReport};
pub use resource::{
    CallSite, HelmOrigin, KubeOrigin, Origin, ProviderRegion, ProviderUse, Reference, Resource, ResourceId, TfBlock,
    TfOrigin,
};
pub use rule::{Catalog, RuleDescriptor, RuleOrigin};
pub use sensitive::{path_text, PathStep, Sensitive};
pub use source::{FileId, Pos, SourceFile, SourceMap, Span};
pub use value::{Lookup, MapEntry, Number, Unknown, UnknownReason, Value, ValueKind};
