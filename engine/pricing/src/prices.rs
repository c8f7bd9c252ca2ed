//! The price list: on-demand list prices by region, service, resource kind and SKU, each with
//! its unit and source, and the user's override files layered on top.

use crate::table::{parse_once, read_records, Record, TableError};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// The columns of the embedded price tables and of a user's price file.
pub const PRICE_COLUMNS: [&str; 7] = ["service", "resource_kind", "sku", "region", "unit", "usd_per_unit", "source"];

/// A row whose `sku` is `*` prices (or marks missing) every SKU of its service and resource kind
/// in its region that has no row of its own.
pub const ANY_SKU: &str = "*";

/// The largest unit price a file may give; it keeps every product of price and quantity far
/// from the decimal type's limit, and no AWS unit price comes near it.
const MAX_USD_PER_UNIT: u32 = 1_000_000_000;

const EMBEDDED: [(&str, &str); 3] = [
    ("data/aws/pricing/aws-prices-eu-west-1.csv", include_str!("../../../data/aws/pricing/aws-prices-eu-west-1.csv")),
    ("data/aws/pricing/aws-prices-us-east-1.csv", include_str!("../../../data/aws/pricing/aws-prices-us-east-1.csv")),
    ("data/aws/pricing/aws-prices-us-west-2.csv", include_str!("../../../data/aws/pricing/aws-prices-us-west-2.csv")),
];

/// What to price: `service` and `resource_kind` as the tables name them (`AmazonEC2`,
/// `instance_ondemand_linux`), `sku` the instance type, volume type or usage type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PriceKey<'a> {
    pub region: &'a str,
    pub service: &'a str,
    pub resource_kind: &'a str,
    pub sku: &'a str,
}

impl fmt::Display for PriceKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} `{}` in {}", self.service, self.resource_kind, self.sku, self.region)
    }
}

/// Where a figure was read: the table's file and line, the row's own `source` column, and
/// whether the file was the user's override rather than the embedded list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceSource {
    pub file: String,
    pub line: u64,
    pub citation: String,
    pub user_override: bool,
}

impl fmt::Display for PriceSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let owner = if self.user_override { "user price file" } else { "embedded price list" };
        write!(f, "{owner} {} line {}", self.file, self.line)?;
        if !self.citation.is_empty() {
            write!(f, " ({})", self.citation)?;
        }
        Ok(())
    }
}

/// The answer to a price lookup: a sourced figure, or why there is none. Never a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PriceLookup {
    Priced { usd_per_unit: Decimal, unit: String, source: PriceSource },
    Unpriced { reason: Unpriced },
}

/// Why a lookup found no price; its `Display` names what was looked up and how to supply it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpriced {
    /// The table has the row, but its figure is `missing` (no sourced price); the row's
    /// `source` column (`source.citation`) says why.
    MissingFigure { looked_up: String, source: PriceSource },
    /// No table covers the region at all.
    RegionNotCovered { looked_up: String, region: String, covered: Vec<String> },
    /// The region is covered, but not this service and resource kind.
    KindNotListed { looked_up: String },
    /// The service and resource kind are listed in the region, but not this SKU.
    SkuNotListed { looked_up: String },
}

const HOW_TO_FIX: &str = "supply the price in a price override file";

impl fmt::Display for Unpriced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unpriced::MissingFigure { looked_up, source } => {
                write!(f, "no sourced price for {looked_up}: {} line {} marks it missing", source.file, source.line)?;
                if !source.citation.is_empty() {
                    write!(f, " ({})", source.citation)?;
                }
                write!(f, "; {HOW_TO_FIX}")
            }
            Unpriced::RegionNotCovered { looked_up, region, covered } => write!(
                f,
                "no price for {looked_up}: the price list has no prices for region {region} (it covers {}); {HOW_TO_FIX}",
                covered.join(", ")
            ),
            Unpriced::KindNotListed { looked_up } => {
                write!(f, "no price for {looked_up}: the price list has no rows for this service and kind there; {HOW_TO_FIX}")
            }
            Unpriced::SkuNotListed { looked_up } => {
                write!(f, "no price for {looked_up}: the price list does not list this SKU; {HOW_TO_FIX}")
            }
        }
    }
}

#[derive(Debug, Clone)]
struct PriceRow {
    unit: String,
    usd_per_unit: Option<Decimal>,
    source: PriceSource,
}

/// Prices by key, looked up in constant time. Build it with [`PriceList::embedded`] and layer
/// user files with [`PriceList::with_overrides`].
#[derive(Debug, Clone, Default)]
pub struct PriceList {
    rows: HashMap<String, PriceRow>,
    kinds: HashMap<String, usize>,
    regions: BTreeSet<String>,
}

impl PriceList {
    /// The price list compiled into the binary (`data/aws/pricing/`), parsed on first use.
    pub fn embedded() -> &'static PriceList {
        static LIST: OnceLock<PriceList> = OnceLock::new();
        parse_once(&LIST, PriceList::parse_embedded)
    }

    /// Parses the embedded tables; every row must parse and no key may repeat.
    pub fn parse_embedded() -> Result<PriceList, TableError> {
        let mut list = PriceList::default();
        for (file, text) in EMBEDDED {
            let rows = parse_rows(text, file, false)?;
            list.insert_all(rows, file, false)?;
        }
        Ok(list)
    }

    /// This list with a user's price file (same columns as the embedded tables) layered on top:
    /// its rows replace rows with the same key and add new ones (new regions included). Errors
    /// name `origin` and the line.
    pub fn with_overrides(&self, csv_text: &str, origin: &str) -> Result<PriceList, TableError> {
        let rows = parse_rows(csv_text, origin, true)?;
        let mut list = self.clone();
        list.insert_all(rows, origin, true)?;
        Ok(list)
    }

    /// The price of `key`: its own row, else the `*` row of its service and kind in the region.
    pub fn lookup(&self, key: &PriceKey<'_>) -> PriceLookup {
        let exact = self.rows.get(&row_key(key.region, key.service, key.resource_kind, key.sku));
        let row = exact.or_else(|| self.rows.get(&row_key(key.region, key.service, key.resource_kind, ANY_SKU)));
        let looked_up = key.to_string();
        match row {
            Some(PriceRow { unit, usd_per_unit: Some(price), source }) => {
                PriceLookup::Priced { usd_per_unit: *price, unit: unit.clone(), source: source.clone() }
            }
            Some(PriceRow { source, .. }) => {
                PriceLookup::Unpriced { reason: Unpriced::MissingFigure { looked_up, source: source.clone() } }
            }
            None => PriceLookup::Unpriced { reason: self.why_not_listed(key, looked_up) },
        }
    }

    fn why_not_listed(&self, key: &PriceKey<'_>, looked_up: String) -> Unpriced {
        if !self.regions.contains(key.region) {
            let covered = self.regions.iter().cloned().collect();
            Unpriced::RegionNotCovered { looked_up, region: key.region.to_string(), covered }
        } else if !self.kinds.contains_key(&kind_key(key.region, key.service, key.resource_kind)) {
            Unpriced::KindNotListed { looked_up }
        } else {
            Unpriced::SkuNotListed { looked_up }
        }
    }

    /// Number of rows (priced and missing) across all tables.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The regions some row covers, sorted.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().map(String::as_str)
    }

    fn insert_all(&mut self, rows: Vec<(RowKey, PriceRow)>, file: &str, replace: bool) -> Result<(), TableError> {
        let mut seen_in_file: HashMap<&RowKey, u64> = HashMap::new();
        for (key, row) in &rows {
            if let Some(first) = seen_in_file.insert(key, row.source.line) {
                return Err(duplicate_error(file, row.source.line, &format!("line {first}")));
            }
            if !replace {
                let [region, service, kind, sku] = key;
                if let Some(existing) = self.rows.get(&row_key(region, service, kind, sku)) {
                    let first = format!("{}:{}", existing.source.file, existing.source.line);
                    return Err(duplicate_error(file, row.source.line, &first));
                }
            }
        }
        for (key, row) in rows {
            self.add(key, row);
        }
        Ok(())
    }

    fn add(&mut self, key: RowKey, row: PriceRow) {
        let [region, service, kind, sku] = &key;
        self.regions.insert(region.clone());
        *self.kinds.entry(kind_key(region, service, kind)).or_default() += 1;
        self.rows.insert(row_key(region, service, kind, sku), row);
    }
}

fn duplicate_error(file: &str, line: u64, first: &str) -> TableError {
    let message = format!("this price repeats the key of {first} (service, resource_kind, sku, region)");
    TableError { origin: file.to_string(), line, message }
}

/// region, service, resource kind, sku
type RowKey = [String; 4];

/// Joins key parts with a control character no table field contains.
const SEPARATOR: char = '\u{1f}';

fn row_key(region: &str, service: &str, kind: &str, sku: &str) -> String {
    [region, service, kind, sku].join(&SEPARATOR.to_string())
}

fn kind_key(region: &str, service: &str, kind: &str) -> String {
    [region, service, kind].join(&SEPARATOR.to_string())
}

fn parse_rows(text: &str, origin: &str, user_override: bool) -> Result<Vec<(RowKey, PriceRow)>, TableError> {
    read_records(text, origin, &PRICE_COLUMNS)?
        .into_iter()
        .map(|record| parse_row(&record, origin, user_override))
        .collect()
}

fn parse_row(record: &Record, origin: &str, user_override: bool) -> Result<(RowKey, PriceRow), TableError> {
    let error = |message: String| TableError { origin: origin.to_string(), line: record.line, message };
    for (at, column) in PRICE_COLUMNS.iter().enumerate().take(6) {
        if record.field(at).is_empty() {
            return Err(error(format!("`{column}` is empty")));
        }
    }
    let [service, kind, sku, region, unit, value, citation] = std::array::from_fn(|at| record.field(at));
    let usd_per_unit = parse_usd(value).map_err(error)?;
    let source =
        PriceSource { file: origin.to_string(), line: record.line, citation: citation.to_string(), user_override };
    let key = [region, service, kind, sku].map(str::to_string);
    Ok((key, PriceRow { unit: unit.to_string(), usd_per_unit, source }))
}

/// `missing` (no sourced figure) or a plain non-negative decimal such as `0.0000166667`.
fn parse_usd(value: &str) -> Result<Option<Decimal>, String> {
    if value == "missing" {
        return Ok(None);
    }
    let price = Decimal::from_str(value)
        .map_err(|_| format!("usd_per_unit `{value}` is neither a decimal number nor `missing`"))?;
    if price.is_sign_negative() || price > Decimal::from(MAX_USD_PER_UNIT) {
        return Err(format!("usd_per_unit `{value}` is out of range (0 to {MAX_USD_PER_UNIT})"));
    }
    Ok(Some(price))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_repeated_across_embedded_tables_names_both_files() {
        let row = "AmazonEKS,cluster_control_plane,cluster,us-east-1,hour,0.1,src\n";
        let mut list = PriceList::default();
        let first = parse_rows(&format!("{}\n{row}", PRICE_COLUMNS.join(",")), "a.csv", false);
        let again = parse_rows(&format!("{}\n\n{row}", PRICE_COLUMNS.join(",")), "b.csv", false);
        let (Ok(first), Ok(again)) = (first, again) else { panic!("rows parse") };
        assert_eq!(list.insert_all(first, "a.csv", false), Ok(()));
        assert_eq!(
            list.insert_all(again, "b.csv", false).map_err(|e| e.to_string()),
            Err("b.csv:3: this price repeats the key of a.csv:2 (service, resource_kind, sku, region)".to_string())
        );
    }
}
