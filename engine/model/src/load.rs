//! What a loader returns for one file.

use crate::finding::LoadError;
use crate::resource::Resource;
use serde::Serialize;

/// Something deliberately not scanned (a chart directory, a document that is not a cluster
/// object): counted and listed, never an error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skip {
    pub file: String,
    /// The YAML document index, when one document of a file was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<u32>,
    pub reason: String,
}

/// The resources one file yields, and what went wrong or was skipped in it.
#[derive(Debug, Default)]
pub struct FileLoad {
    pub resources: Vec<Resource>,
    pub errors: Vec<LoadError>,
    pub skipped: Vec<Skip>,
}
