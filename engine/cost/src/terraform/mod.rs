//! Cost models of Terraform resource types (one file per service).

use crate::{CostLine, CostSettings, UsageBased};
use tollgate_model::Graph;

/// One line per priced resource instance; usage-based resources listed apart.
pub(crate) fn lines(graph: &Graph, settings: &CostSettings<'_>) -> (Vec<CostLine>, Vec<UsageBased>) {
    let _ = (graph, settings);
    (Vec::new(), Vec::new())
}
