//! The cost step's part of each report, rendered once per scan: the text table with every
//! budget's verdict after the findings, the Markdown section, and the JSON `cost` member.

use tollgate_model::SourceMap;
use tollgate_pipeline::cost::CostOutcome;

/// The cost estimate in each format a report embeds it in.
pub struct CostRendering {
    pub text: String,
    pub markdown: String,
    pub json: serde_json::Value,
}

impl CostRendering {
    pub fn of(outcome: &CostOutcome, sources: &SourceMap) -> CostRendering {
        let view = outcome.view(sources);
        let mut text = tollgate_reports::cost::text(&view);
        let checks = outcome.checks();
        if !checks.is_empty() {
            text.push_str("\nBudgets:\n");
            checks.iter().for_each(|line| text.push_str(&format!("  {line}\n")));
        }
        CostRendering { text, markdown: tollgate_reports::cost::markdown(&view), json: outcome.to_json(sources) }
    }
}
