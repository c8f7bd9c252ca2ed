//! What a loader reports about the configuration itself rather than a rule's verdict on a
//! resource: instances that cannot be known, a module that could not be read, a configuration
//! Terraform would reject. The runner turns each into a built-in finding.

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoticeKind {
    /// A `count` or `for_each` that cannot be known before apply: the block was checked once,
    /// without an instance key, with the values that depend on it unknown.
    UnknownInstances,
    /// A module whose source could not be read: nothing inside it was checked and its outputs
    /// are unknown.
    UnresolvedModule,
    /// Terraform would reject this configuration (values that depend on each other in a cycle,
    /// a variable value of the wrong type, a module that calls itself, ...).
    InvalidConfiguration,
}

/// One notice, located at the construct it is about (the `count` line, the `source` line).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The address of the block it concerns (`module.vpc`, `aws_instance.web`).
    pub address: String,
    pub span: Span,
    /// What is wrong and what to do about it.
    pub message: String,
    /// The environment the configuration was evaluated for.
    pub environment: Option<String>,
    /// The root module evaluated (see [`TfOrigin::root`](crate::TfOrigin::root)).
    pub root: Option<String>,
}
