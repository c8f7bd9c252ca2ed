//! The cost report: a text table for the terminal ([`text`]) and a section for the Markdown PR
//! comment ([`markdown`]), both drawn from one [`CostView`] (the JSON cost report is
//! `tollgate_cost::json`). Deterministic: the same view renders to the same bytes.
//!
//! ```
//! use tollgate_cost::{CostView, Estimate};
//! use tollgate_model::SourceMap;
//!
//! let (estimate, sources) = (Estimate::default(), SourceMap::new());
//! let view = CostView::new(&estimate, &sources, None);
//! assert!(tollgate_reports::cost::text(&view).contains("Total billed: $0.00 now, $0.00 at max"));
//! ```

mod cells;
mod markdown;
mod table;
mod text;

pub use markdown::markdown;
pub use text::text;
pub use tollgate_cost::CostView;
