//! Reading the CSV tables: a header naming the columns, then one record per line, each kept with
//! its line number so that an error or a figure can say where it came from.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// A table that could not be read: the file, the line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The file's name as the user gave it (or the embedded table's path in the repository).
    pub origin: String,
    /// 1-based line of the problem (1 for the header).
    pub line: u64,
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.origin, self.line, self.message)
    }
}

impl std::error::Error for TableError {}

/// One data line: its fields in the order of the columns the reader asked for.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub line: u64,
    pub fields: Vec<String>,
}

impl Record {
    pub fn field(&self, index: usize) -> &str {
        self.fields.get(index).map_or("", String::as_str)
    }
}

/// Reads `text` whose header must name exactly `columns` (in any order). Fields are trimmed,
/// blank lines and lines starting with `#` are skipped (user files may carry comments).
pub(crate) fn read_records(text: &str, origin: &str, columns: &[&str]) -> Result<Vec<Record>, TableError> {
    let error = |line: u64, message: String| TableError { origin: origin.to_string(), line, message };
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).comment(Some(b'#')).from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| error(1, format!("cannot read the header: {e}")))?.clone();
    let header_line = header.position().map_or(1, csv::Position::line);
    let positions = column_positions(&header, columns).map_err(|message| error(header_line, message))?;
    let mut records = Vec::new();
    let mut lines = LineCounter::new(text);
    for result in reader.records() {
        let record = result.map_err(|e| error(e.position().map_or(0, |at| lines.line_at(at.byte())), e.to_string()))?;
        let line = record.position().map_or(0, |at| lines.line_at(at.byte()));
        if record.len() != header.len() {
            return Err(error(line, format!("{} fields, but the header names {} columns", record.len(), header.len())));
        }
        let fields = positions.iter().map(|&at| record.get(at).unwrap_or_default().to_string()).collect();
        records.push(Record { line, fields });
    }
    Ok(records)
}

/// Where each wanted column sits in the header; an unknown, repeated or absent column is an error.
fn column_positions(header: &csv::StringRecord, columns: &[&str]) -> Result<Vec<usize>, String> {
    let expected = columns.join(",");
    for (at, name) in header.iter().enumerate() {
        if !columns.contains(&name) {
            return Err(format!("unknown column `{name}` (the columns are: {expected})"));
        }
        if header.iter().take(at).any(|earlier| earlier == name) {
            return Err(format!("column `{name}` appears twice"));
        }
    }
    columns
        .iter()
        .map(|wanted| {
            header
                .iter()
                .position(|name| name == *wanted)
                .ok_or_else(|| format!("missing column `{wanted}` (the columns are: {expected})"))
        })
        .collect()
}

/// Line numbers from byte offsets. The reader's own line count leaves out the blank and comment
/// lines it skips, and a record's offset is where those skipped lines start, so lines are counted
/// in the text past any skipped ones; offsets come in increasing order.
struct LineCounter<'a> {
    text: &'a str,
    counted_to: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text, counted_to: 0, line: 1 }
    }

    fn line_at(&mut self, byte: u64) -> u64 {
        let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(self.text.len());
        if byte < self.counted_to {
            *self = LineCounter::new(self.text);
        }
        let newlines = self.text.as_bytes()[self.counted_to..byte].iter().filter(|&&b| b == b'\n').count();
        self.line += newlines as u64;
        self.counted_to = byte;
        self.skip_ignored_lines();
        self.line
    }

    fn skip_ignored_lines(&mut self) {
        while let Some((current, rest)) = self.text[self.counted_to..].split_once('\n') {
            if !(current.trim().is_empty() || current.starts_with('#')) {
                break;
            }
            self.counted_to = self.text.len() - rest.len();
            self.line += 1;
        }
    }
}

/// Rows of a table by a unique key, in table order.
#[derive(Debug, Clone)]
pub(crate) struct KeyedRows<T> {
    rows: Vec<(u64, T)>,
    by_key: HashMap<String, usize>,
}

impl<T> KeyedRows<T> {
    /// Reads every record of `text` with `parse`; a key that repeats is an error naming both lines.
    pub fn read(
        text: &str,
        origin: &str,
        columns: &[&str],
        parse: impl Fn(&Record, &str) -> Result<T, TableError>,
        key_of: impl Fn(&T) -> String,
    ) -> Result<Self, TableError> {
        let mut table = KeyedRows { rows: Vec::new(), by_key: HashMap::new() };
        for record in read_records(text, origin, columns)? {
            let row = parse(&record, origin)?;
            let key = key_of(&row);
            if let Some(&first) = table.by_key.get(&key) {
                let message = format!("`{key}` repeats line {}", table.rows[first].0);
                return Err(TableError { origin: origin.to_string(), line: record.line, message });
            }
            table.by_key.insert(key, table.rows.len());
            table.rows.push((record.line, row));
        }
        Ok(table)
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.by_key.get(key).and_then(|&at| self.rows.get(at)).map(|(_, row)| row)
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.rows.iter().map(|(_, row)| row)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

/// An embedded table, parsed on first use. It is compiled in and a test parses every row, so
/// the failure branch cannot be reached by any input.
pub(crate) fn parse_once<T>(cell: &'static OnceLock<T>, parse: impl FnOnce() -> Result<T, TableError>) -> &'static T {
    cell.get_or_init(|| match parse() {
        Ok(table) => table,
        Err(error) => panic!("embedded table is invalid: {error}"),
    })
}
