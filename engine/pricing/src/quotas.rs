//! Default AWS service quotas by service and quota code (`ec2/L-1216C47A`), or by service and
//! name for the quotas the sources give no code (`eks/Clusters`).
//!
//! A default that AWS adjusts per account (the EC2 vCPU quotas) is [`DefaultQuota::VariesByAccount`]
//! and one the sources do not give is [`DefaultQuota::NotSourced`]: neither is ever a number, so a
//! projection against them must ask for the user's real value.

use crate::table::{parse_once, KeyedRows, Record, TableError};
use std::fmt;
use std::sync::OnceLock;

/// The columns of the quota table.
pub const QUOTA_COLUMNS: [&str; 11] = [
    "service",
    "quota_code",
    "name",
    "default_value",
    "scope",
    "source",
    "applies_per",
    "adjustable",
    "licence",
    "data_date",
    "note",
];

const EMBEDDED_FILE: &str = "data/aws/quotas/aws-default-quotas.csv";
const EMBEDDED_TEXT: &str = include_str!("../../../data/aws/quotas/aws-default-quotas.csv");

/// The note the data marks a quota code with when no cited AWS page gives it.
const UNVERIFIED_MARK: &str = "treat as unverified";

/// A quota's default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultQuota {
    Value(u64),
    /// AWS sets it per account and region (`varies` in the table): only the user's value counts.
    VariesByAccount,
    /// The sources give no value (blank in the table): never filled with a guess.
    NotSourced,
}

/// One quota's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    /// Service Quotas' service code: `ec2`, `vpc`, `eks`, `rds`, ...
    pub service: String,
    /// `L-1216C47A`; `None` where the sources give no code.
    pub code: Option<String>,
    pub name: String,
    pub default: DefaultQuota,
    /// `region` or `az`.
    pub scope: String,
    /// What one unit of the quota is counted over: `region`, `VPC`, `security group`, ...
    pub applies_per: String,
    /// `yes`, `yes (up to 16)`, ... as the table gives it.
    pub adjustable: String,
    pub source: String,
    pub licence: String,
    pub data_date: String,
    pub note: String,
    /// Line of the row in `data/aws/quotas/aws-default-quotas.csv`.
    pub line: u64,
}

impl Quota {
    /// The key to look it up and to configure it by: `service/code`, else `service/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.service, self.code.as_deref().unwrap_or(&self.name))
    }

    /// The data marks its quota code as not confirmed by a cited AWS page.
    pub fn code_unverified(&self) -> bool {
        self.note.contains(UNVERIFIED_MARK)
    }
}

/// A key the table does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaNotFound {
    pub key: String,
}

impl fmt::Display for QuotaNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no default quota `{}` in the quota table (keys are `service/quota_code`, or `service/name` for quotas without a code)",
            self.key
        )
    }
}

impl std::error::Error for QuotaNotFound {}

/// Default quotas by key, looked up in constant time.
#[derive(Debug, Clone)]
pub struct Quotas {
    rows: KeyedRows<Quota>,
}

impl Quotas {
    /// The quota table compiled into the binary (`data/aws/quotas/`), parsed on first use.
    pub fn embedded() -> &'static Quotas {
        static QUOTAS: OnceLock<Quotas> = OnceLock::new();
        parse_once(&QUOTAS, || Quotas::parse(EMBEDDED_TEXT, EMBEDDED_FILE))
    }

    /// Parses a quota table; every row must parse and no key may repeat.
    pub fn parse(text: &str, origin: &str) -> Result<Quotas, TableError> {
        Ok(Quotas { rows: KeyedRows::read(text, origin, &QUOTA_COLUMNS, parse_quota, Quota::key)? })
    }

    /// The quota with key `ec2/L-1216C47A` (service and code) or `eks/Clusters` (service and name).
    pub fn get(&self, key: &str) -> Result<&Quota, QuotaNotFound> {
        self.rows.get(key).ok_or_else(|| QuotaNotFound { key: key.to_string() })
    }

    /// Every quota, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &Quota> {
        self.rows.iter()
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn parse_quota(record: &Record, origin: &str) -> Result<Quota, TableError> {
    let error = |message: String| TableError { origin: origin.to_string(), line: record.line, message };
    let [service, code, name, default, scope, source, applies_per, adjustable, licence, data_date, note] =
        std::array::from_fn(|at| record.field(at).to_string());
    if service.is_empty() || name.is_empty() {
        return Err(error("`service` and `name` must not be empty".to_string()));
    }
    let default =
        match default.as_str() {
            "varies" => DefaultQuota::VariesByAccount,
            "" => DefaultQuota::NotSourced,
            value => DefaultQuota::Value(value.parse().map_err(|_| {
                error(format!("`default_value` `{value}` is neither a whole number, `varies` nor blank"))
            })?),
        };
    let code = (!code.is_empty()).then_some(code);
    let line = record.line;
    Ok(Quota { service, code, name, default, scope, applies_per, adjustable, source, licence, data_date, note, line })
}
