//! Plain-text tables with aligned columns.

/// How a column aligns its cells.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Rows under a header, each cell padded to its column's widest cell.
pub struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Table {
        Table { columns: columns.iter().map(|(name, align)| (name.to_string(), *align)).collect(), rows: Vec::new() }
    }

    /// A row; missing trailing cells are empty.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self, out: &mut String) {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|at| {
                let cells = self.rows.iter().filter_map(|row| row.get(at));
                cells.chain([&self.columns[at].0]).map(|cell| cell.chars().count()).max().unwrap_or(0)
            })
            .collect();
        let header: Vec<String> = self.columns.iter().map(|(name, _)| name.clone()).collect();
        for row in [&header].into_iter().chain(&self.rows) {
            let mut line = String::new();
            for (at, (_, align)) in self.columns.iter().enumerate() {
                let cell = row.get(at).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(widths[at].saturating_sub(cell.chars().count()));
                if at > 0 {
                    line.push_str("  ");
                }
                match align {
                    Align::Left => line.extend([cell, &pad]),
                    Align::Right => line.extend([&pad, cell]),
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}
