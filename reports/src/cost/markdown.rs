//! The cost section of the Markdown PR comment: totals and deltas, the largest lines, and the
//! rest in collapsible details.

use super::cells::{
    component_monthly, component_source, delta, line_monthly, missing_reason, quantity, resource, scope_suffix, signed,
    unit_price,
};
use crate::markdown::cell;
use std::fmt::Write;
use tollgate_cost::{format_usd, CostView, LineView};

/// Lines in the "largest" table.
const TOP_LINES: usize = 5;
/// Lines listed in the details before the rest is left to the JSON report (a PR comment is
/// limited to 65,536 characters).
const DETAIL_LINES: usize = 100;

/// The cost section, starting with a `### Cost estimate` heading and ending with a blank line.
pub fn markdown(view: &CostView<'_>) -> String {
    let mut out = String::from("### Cost estimate\n\n");
    write_totals(&mut out, view);
    let mut largest: Vec<&LineView<'_>> = view.billed_lines().collect();
    largest.sort_by(|a, b| b.at_max.cmp(&a.at_max).then(b.now.cmp(&a.now)));
    if !largest.is_empty() {
        let _ = write!(out, "**Largest lines** (monthly at max scale)\n\n");
        lines_table(&mut out, view, largest.iter().take(TOP_LINES).copied(), false);
        out.push('\n');
    }
    let billed: Vec<&LineView<'_>> = view.billed_lines().collect();
    if !billed.is_empty() {
        open_details(&mut out, &format!("All billed lines ({})", billed.len()));
        lines_table(&mut out, view, billed.iter().take(DETAIL_LINES).copied(), true);
        if billed.len() > DETAIL_LINES {
            let _ = writeln!(out, "\n… {} more lines in the JSON cost report.", billed.len() - DETAIL_LINES);
        }
        out.push_str("\n</details>\n\n");
    }
    write_allocations(&mut out, view);
    write_without_figure(&mut out, view);
    write_removed(&mut out, view);
    out
}

/// An amount in a table cell (`$` escaped: GitHub reads `$...$` as math).
fn usd(amount: tollgate_cost::Money) -> String {
    cell(&format_usd(amount))
}

fn open_details(out: &mut String, summary: &str) {
    let _ = write!(out, "<details><summary>{summary}</summary>\n\n");
}

fn write_totals(out: &mut String, view: &CostView<'_>) {
    let total = &view.billed;
    out.push_str("| USD a month (730 hours) | Now | At max scale |\n|---|---:|---:|\n");
    let _ = writeln!(out, "| **Billed total** | **{}** | **{}** |", usd(total.now), usd(total.at_max));
    if let Some(diff) = view.diff {
        let _ = writeln!(out, "| Baseline | {} | {} |", usd(diff.baseline_now), usd(diff.baseline_at_max));
        let (now, at_max) = (cell(&signed(diff.delta_now())), cell(&signed(diff.delta_at_max())));
        let _ = writeln!(out, "| **Change** | **{now}** | **{at_max}** |");
    }
    let _ = write!(out, "\n{} priced lines", total.lines);
    if total.unpriced > 0 {
        let _ = write!(out, ", **{} not fully priced** (their known part is included)", total.unpriced);
    }
    if !view.usage_based.is_empty() {
        let names: Vec<String> =
            view.usage_based.iter().map(|u| format!("<code>{}</code>", cell(&u.resource.address))).collect();
        let _ = write!(out, " · usage-based, not included: {}", names.join(", "));
    }
    out.push_str(".\n\n");
}

/// A table of lines; with `components`, each line's components beneath it with their quantity
/// and unit price.
fn lines_table<'v, 'a: 'v>(
    out: &mut String,
    view: &CostView<'a>,
    lines: impl Iterator<Item = &'v LineView<'a>>,
    components: bool,
) {
    let change = view.diff.is_some();
    let mut header = vec![("Resource", "---"), ("Type", "---")];
    if components {
        header.extend([("Quantity", "---"), ("Unit price", "---:")]);
    }
    header.extend([("Now", "---:"), ("At max", "---:")]);
    if change {
        header.extend([("Change now", "---:"), ("Change at max", "---:")]);
    }
    header.push(("Source", "---"));
    row(out, &header.iter().map(|(name, _)| name.to_string()).collect::<Vec<_>>());
    row(out, &header.iter().map(|(_, rule)| rule.to_string()).collect::<Vec<_>>());
    for line in lines {
        let mut cells = vec![format!("<code>{}</code>", cell(&resource(line.line))), cell(&line.line.resource_type)];
        if components {
            cells.extend([String::new(), String::new()]);
        }
        cells.extend([cell(&line_monthly(line, false)), cell(&line_monthly(line, true))]);
        if change {
            let delta_of = view.delta_of(line.line);
            cells.extend([cell(&delta(delta_of, false)), cell(&delta(delta_of, true))]);
        }
        cells.push(format!("<code>{}</code>", cell(&line.location.cited())));
        row(out, &cells);
        for component in line.line.components.iter().filter(|_| components) {
            let mut cells = vec![format!("&nbsp;&nbsp;{}", cell(&component.name)), String::new()];
            cells.extend([cell(&quantity(component)), cell(&unit_price(component))]);
            cells.extend([cell(&component_monthly(component, false)), cell(&component_monthly(component, true))]);
            cells.resize(header.len(), String::new());
            row(out, &cells);
        }
    }
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn write_allocations(out: &mut String, view: &CostView<'_>) {
    if view.namespaces.is_empty() {
        return;
    }
    open_details(
        out,
        &format!("Kubernetes allocations by namespace ({}): part of the node cost, not added", view.namespaces.len()),
    );
    out.push_str("| Namespace | Environment | Workloads | Now | At max | Quota cap |\n|---|---|---:|---:|---:|---:|\n");
    for namespace in &view.namespaces {
        let total = &namespace.total;
        let mark = if total.unpriced > 0 { "\\*" } else { "" };
        let cells = [
            cell(&namespace.namespace),
            cell(namespace.environment.as_deref().unwrap_or("-")),
            total.lines.to_string(),
            format!("{}{mark}", usd(total.now)),
            format!("{}{mark}", usd(total.at_max)),
            namespace.quota_cap.map(usd).unwrap_or_else(|| "-".into()),
        ];
        row(out, &cells);
    }
    out.push_str("\n</details>\n\n");
}

fn write_without_figure(out: &mut String, view: &CostView<'_>) {
    let mut entries = Vec::new();
    for line in &view.lines {
        for component in &line.line.components {
            if let Some(reason) = missing_reason(component) {
                let (address, name) = (cell(&resource(line.line)), cell(&component.name));
                let source = cell(&component_source(component, line));
                entries.push(format!("- <code>{address}</code> {name}: {} (<code>{source}</code>)", cell(reason)));
            }
        }
    }
    if entries.is_empty() {
        return;
    }
    open_details(out, &format!("Without a figure ({})", entries.len()));
    entries.iter().for_each(|entry| writeln!(out, "{entry}").unwrap_or_default());
    out.push_str("\n</details>\n\n");
}

fn write_removed(out: &mut String, view: &CostView<'_>) {
    let removed: Vec<_> = view.removed().collect();
    if removed.is_empty() {
        return;
    }
    open_details(out, &format!("Removed since the baseline ({})", removed.len()));
    for line in removed {
        let (now, at_max) = (cell(&signed(line.delta_now())), cell(&signed(line.delta_at_max())));
        let (address, scope) = (cell(&line.address), cell(&scope_suffix(line)));
        let _ = writeln!(out, "- <code>{address}</code>{scope}: {now} now, {at_max} at max");
    }
    out.push_str("\n</details>\n\n");
}
