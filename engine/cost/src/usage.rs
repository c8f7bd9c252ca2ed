//! The usage file: monthly usage of usage-priced resources (storage, requests, data processed),
//! a TOML file of tables keyed by resource address (format in MODELS.md):
//!
//! ```toml
//! ["aws_s3_bucket.logs"]            # one instance, or the block address for every instance
//! storage_gb = 500
//! ["module.api.aws_lambda_function.handler"]
//! monthly_requests = 1e7
//! average_duration_ms = 120
//! ```
//!
//! Keys are checked against the resource type the address names: an unknown key, a negative or
//! non-numeric value is an error naming the file, line and column.

use std::collections::BTreeMap;
use tollgate_pricing::Decimal;

/// The keys each resource type takes.
const KEYS: &[(&str, &[&str])] = &[
    ("aws_s3_bucket", &["storage_gb", "monthly_tier1_requests"]),
    ("aws_lambda_function", &["monthly_requests", "average_duration_ms"]),
    ("aws_nat_gateway", &["monthly_data_processed_gb"]),
    ("aws_lb", &["average_lcu"]),
    ("aws_alb", &["average_lcu"]),
    ("aws_mq_broker", &["storage_gb"]),
];

/// The largest usage figure accepted; anything above is a mistake, not a workload.
const LARGEST_FIGURE: i64 = 1_000_000_000_000_000;

/// Usage by resource address, read from the repository's usage file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {
    entries: BTreeMap<String, UsageEntry>,
}

/// The usage of one address (an instance, or every instance of a block).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageEntry {
    values: BTreeMap<String, Decimal>,
}

impl UsageEntry {
    /// A figure the entry gives.
    pub fn get(&self, key: &str) -> Option<Decimal> {
        self.values.get(key).copied()
    }
}

type Spanned<T> = toml::Spanned<T>;
type RawUsage = BTreeMap<Spanned<String>, Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>;

impl Usage {
    /// Parses a usage file; `origin` names it in errors (`usage.toml:3:1: ...`).
    pub fn parse(text: &str, origin: &str) -> Result<Usage, String> {
        let at = |span: std::ops::Range<usize>| location(text, origin, span.start);
        let raw: RawUsage = toml::from_str(text).map_err(|e| {
            let message = e.message().trim_end().to_string();
            match e.span() {
                Some(span) => format!("{}: {message}", at(span)),
                None => format!("{origin}: {message}"),
            }
        })?;
        let mut entries = BTreeMap::new();
        for (address, table) in raw {
            let type_name = resource_type(address.get_ref())
                .ok_or_else(|| format!("{}: `{}` is not a resource address", at(address.span()), address.get_ref()))?;
            let keys = KEYS.iter().find(|(t, _)| *t == type_name.as_str()).map(|(_, keys)| *keys).ok_or_else(|| {
                let types: Vec<&str> = KEYS.iter().map(|(t, _)| *t).collect();
                format!("{}: `{type_name}` takes no usage (types that do: {})", at(address.span()), types.join(", "))
            })?;
            let mut values = BTreeMap::new();
            for (key, value) in table.into_inner() {
                if !keys.contains(&key.get_ref().as_str()) {
                    let expected = keys.join(", ");
                    return Err(format!(
                        "{}: unknown key `{}` for {type_name} (expected: {expected})",
                        at(key.span()),
                        key.get_ref()
                    ));
                }
                let figure = figure(value.get_ref())
                    .map_err(|why| format!("{}: `{}` {why}", at(value.span()), key.get_ref()))?;
                values.insert(key.into_inner(), figure);
            }
            entries.insert(address.into_inner(), UsageEntry { values });
        }
        Ok(Usage { entries })
    }

    /// The entry for a resource instance: its exact address, else the address without the
    /// resource's index, else without any index (module instances included).
    pub fn entry_for(&self, address: &str) -> Option<&UsageEntry> {
        if self.entries.is_empty() {
            return None;
        }
        let without_last = strip_trailing_index(address);
        let without_any = strip_indexes(address);
        let found = [address, without_last, without_any.as_str()].into_iter().find_map(|a| self.entries.get(a));
        found
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A non-negative number within reason.
fn figure(value: &toml::Value) -> Result<Decimal, &'static str> {
    let number = match value {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::Float(f) if f.is_finite() => Decimal::try_from(*f).map_err(|_| "is out of range")?,
        _ => return Err("must be a number"),
    };
    if number.is_sign_negative() && !number.is_zero() {
        return Err("must not be negative");
    }
    if number > Decimal::from(LARGEST_FIGURE) {
        return Err("is beyond any real usage");
    }
    Ok(number)
}

/// `file:line:column` of a byte offset (1-based, columns in characters).
fn location(text: &str, origin: &str, offset: usize) -> String {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{origin}:{line}:{column}")
}

/// The resource type of an address (`aws_s3_bucket` of `module.a["x"].aws_s3_bucket.logs[0]`).
fn resource_type(address: &str) -> Option<String> {
    let plain = strip_indexes(address);
    let mut steps = plain.split('.');
    loop {
        match (steps.next()?, steps.next()) {
            ("module", Some(_)) => continue,
            (type_name, Some(name)) if type_name.starts_with("aws_") && !name.is_empty() => {
                return steps.next().is_none().then(|| type_name.to_string());
            }
            _ => return None,
        }
    }
}

/// The byte ranges of an address's top-level `[...]` indexes (keys may hold any character).
fn indexes(address: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let (mut open, mut in_string, mut escaped) = (None, false, false);
    for (at, c) in address.char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (_, false, '"') => in_string = !in_string,
            (false, _, '[') if open.is_none() => open = Some(at),
            (false, _, ']') => found.extend(open.take().map(|start| start..at + 1)),
            _ => {}
        }
    }
    found
}

/// The address without its last `[...]` (the resource's own index).
fn strip_trailing_index(address: &str) -> &str {
    match indexes(address).pop() {
        Some(last) if last.end == address.len() => &address[..last.start],
        _ => address,
    }
}

/// The address without any `[...]`.
fn strip_indexes(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut from = 0;
    for index in indexes(address) {
        out.push_str(&address[from..index.start]);
        from = index.end;
    }
    out.push_str(&address[from..]);
    out
}
