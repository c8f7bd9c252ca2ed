//! The cost table for the terminal: billed lines with their components indented beneath, the
//! totals, what is not included, and the Kubernetes allocations by namespace.

use super::cells::{
    component_monthly, component_source, delta, line_monthly, missing_reason, quantity, resource, scope_suffix, signed,
    unit_price,
};
use super::table::{Align, Table};
use std::fmt::Write;
use tollgate_cost::{format_usd, CostView, LineView, NamespaceView};

/// The cost report as plain text, ending with a newline.
pub fn text(view: &CostView<'_>) -> String {
    let mut out = String::from("Cost estimate: USD a month (730 hours), on-demand list prices\n\n");
    let billed: Vec<&LineView<'_>> = view.billed_lines().collect();
    if billed.is_empty() {
        out.push_str("No priced resources.\n");
    } else {
        lines_table(view, &billed).render(&mut out);
    }
    write_totals(&mut out, view);
    write_usage_based(&mut out, view);
    write_removed(&mut out, view);
    write_unpriced(&mut out, view, false);
    write_allocations(&mut out, view);
    if !view.estimate.notes.is_empty() {
        out.push_str("\nNotes:\n");
        view.estimate.notes.iter().for_each(|note| writeln!(out, "  {note}").unwrap_or_default());
    }
    out
}

fn lines_table(view: &CostView<'_>, lines: &[&LineView<'_>]) -> Table {
    let mut columns = vec![
        ("Resource", Align::Left),
        ("Type", Align::Left),
        ("Quantity", Align::Left),
        ("Unit price", Align::Right),
        ("Monthly now", Align::Right),
        ("At max", Align::Right),
    ];
    if view.diff.is_some() {
        columns.extend([("Change now", Align::Right), ("Change at max", Align::Right)]);
    }
    columns.push(("Source", Align::Left));
    let mut table = Table::new(&columns);
    for line in lines {
        let mut cells = vec![resource(line.line), line.line.resource_type.clone(), String::new(), String::new()];
        cells.extend([line_monthly(line, false), line_monthly(line, true)]);
        if view.diff.is_some() {
            let change = view.delta_of(line.line);
            cells.extend([delta(change, false), delta(change, true)]);
        }
        cells.push(line.location.cited());
        table.row(cells);
        for component in &line.line.components {
            let mut cells = vec![format!("  {}", component.name), String::new(), quantity(component)];
            cells.extend([
                unit_price(component),
                component_monthly(component, false),
                component_monthly(component, true),
            ]);
            if view.diff.is_some() {
                cells.extend([String::new(), String::new()]);
            }
            cells.push(
                component.span.map(|span| format!("{}:{}", line.location.file, span.start.line)).unwrap_or_default(),
            );
            table.row(cells);
        }
    }
    table
}

fn write_totals(out: &mut String, view: &CostView<'_>) {
    let total = &view.billed;
    let _ = write!(
        out,
        "\nTotal billed: {} now, {} at max ({} lines",
        format_usd(total.now),
        format_usd(total.at_max),
        total.lines
    );
    match total.unpriced {
        0 => out.push_str(")\n"),
        1 => out.push_str(", 1 not fully priced (*): its known part is included)\n"),
        n => {
            let _ = writeln!(out, ", {n} not fully priced (*): their known part is included)");
        }
    }
    if let Some(diff) = view.diff {
        let _ = writeln!(
            out,
            "Change since the baseline: {} now ({} -> {}), {} at max ({} -> {})",
            signed(diff.delta_now()),
            format_usd(diff.baseline_now),
            format_usd(diff.current_now),
            signed(diff.delta_at_max()),
            format_usd(diff.baseline_at_max),
            format_usd(diff.current_at_max),
        );
    }
}

fn write_removed(out: &mut String, view: &CostView<'_>) {
    let removed: Vec<_> = view.removed().collect();
    if removed.is_empty() {
        return;
    }
    out.push_str("\nRemoved since the baseline:\n");
    for line in removed {
        let _ = writeln!(
            out,
            "  {}{}: {} now, {} at max",
            line.address,
            scope_suffix(line),
            signed(line.delta_now()),
            signed(line.delta_at_max())
        );
    }
}

fn write_usage_based(out: &mut String, view: &CostView<'_>) {
    for usage in &view.usage_based {
        let resource = usage.resource;
        let _ = writeln!(
            out,
            "usage-based, not included: {} ({}) at {}",
            resource.address,
            resource.reason,
            usage.location.cited()
        );
    }
}

/// Every component without a figure and why, allocated lines only when `allocated`.
fn write_unpriced(out: &mut String, view: &CostView<'_>, allocated: bool) {
    let mut entries = Vec::new();
    for line in view.lines.iter().filter(|line| line.line.allocated == allocated) {
        for component in &line.line.components {
            if let Some(reason) = missing_reason(component) {
                let source = component_source(component, line);
                entries.push(format!("  {} {}: {reason} ({source})", resource(line.line), component.name));
            }
        }
    }
    if !entries.is_empty() {
        out.push_str("\n* Without a figure:\n");
        entries.iter().for_each(|entry| writeln!(out, "{entry}").unwrap_or_default());
    }
}

fn write_allocations(out: &mut String, view: &CostView<'_>) {
    if view.namespaces.is_empty() {
        return;
    }
    out.push_str("\nKubernetes allocations by namespace (requests priced from the nodes; part of the node cost, not added to the total)\n\n");
    let mut summary = Table::new(&[
        ("Namespace", Align::Left),
        ("Environment", Align::Left),
        ("Workloads", Align::Right),
        ("Monthly now", Align::Right),
        ("At max", Align::Right),
        ("Quota cap", Align::Right),
    ]);
    for namespace in &view.namespaces {
        summary.row(namespace_row(namespace));
    }
    summary.render(out);
    for namespace in &view.namespaces {
        let _ = writeln!(out, "\n{}", namespace_title(namespace));
        let workloads: Vec<&LineView<'_>> = view.allocations_of(namespace).collect();
        lines_table(view, &workloads).render(out);
    }
    write_unpriced(out, view, true);
}

fn namespace_row(namespace: &NamespaceView) -> Vec<String> {
    let total = &namespace.total;
    let mark = if total.unpriced > 0 { "*" } else { "" };
    vec![
        namespace.namespace.clone(),
        namespace.environment.clone().unwrap_or_else(|| "-".into()),
        total.lines.to_string(),
        format!("{}{mark}", format_usd(total.now)),
        format!("{}{mark}", format_usd(total.at_max)),
        namespace.quota_cap.map(format_usd).unwrap_or_else(|| "-".into()),
    ]
}

fn namespace_title(namespace: &NamespaceView) -> String {
    match &namespace.environment {
        Some(environment) => format!("Namespace {} ({environment}):", namespace.namespace),
        None => format!("Namespace {}:", namespace.namespace),
    }
}
