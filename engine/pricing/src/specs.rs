//! Instance specs: vCPU, memory and architecture of EC2 instance types, RDS DB classes
//! (`db.`), ElastiCache node types (`cache.`) and Amazon MQ broker types (`mq.`).
//!
//! The table lists RDS, ElastiCache and MQ types under their own names with their own figures
//! (ElastiCache memory is the node memory ElastiCache publishes, not the host's RAM), so a class
//! is never mapped to its EC2 counterpart: a type the table lacks is not found, with the reason.

use crate::table::{parse_once, KeyedRows, Record, TableError};
use rust_decimal::Decimal;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

/// The columns of the spec table.
pub const SPEC_COLUMNS: [&str; 11] =
    ["service", "type", "vcpu", "memory_gib", "arch", "gpu", "source", "licence", "data_date", "gpu_model", "notes"];

const EMBEDDED_FILE: &str = "data/aws/specs/aws-instance-specs.csv";
const EMBEDDED_TEXT: &str = include_str!("../../../data/aws/specs/aws-instance-specs.csv");

/// One instance type's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceSpec {
    /// `ec2`, `rds`, `elasticache` or `mq`.
    pub service: String,
    pub instance_type: String,
    pub vcpu: u32,
    pub memory_gib: Decimal,
    /// `x86_64` or `arm64`; `None` where the table does not say.
    pub arch: Option<String>,
    pub gpus: u32,
    pub gpu_model: Option<String>,
    /// Where the figures were read, with the licence the attribution must keep.
    pub source: String,
    pub licence: String,
    pub data_date: String,
    pub notes: String,
    /// Line of the row in `data/aws/specs/aws-instance-specs.csv`.
    pub line: u64,
}

/// A type the table does not list; `Display` says what was looked up and why it is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecNotFound {
    pub instance_type: String,
}

impl fmt::Display for SpecNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.instance_type;
        let kind = match name.split('.').next() {
            Some("db") => "RDS DB class",
            Some("cache") => "ElastiCache node type",
            Some("mq") => "Amazon MQ broker type",
            _ => "EC2 instance type",
        };
        write!(f, "{kind} `{name}` is not in the instance spec table, so its vCPU and memory are unknown")?;
        if kind != "EC2 instance type" {
            write!(f, " (such classes are listed under their own names and never mapped to an EC2 type)")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecNotFound {}

/// Specs by instance type, looked up in constant time.
#[derive(Debug, Clone)]
pub struct InstanceSpecs {
    by_type: KeyedRows<InstanceSpec>,
}

impl InstanceSpecs {
    /// The spec table compiled into the binary (`data/aws/specs/`), parsed on first use.
    pub fn embedded() -> &'static InstanceSpecs {
        static SPECS: OnceLock<InstanceSpecs> = OnceLock::new();
        parse_once(&SPECS, || InstanceSpecs::parse(EMBEDDED_TEXT, EMBEDDED_FILE))
    }

    /// Parses a spec table; every row must parse and no type may repeat.
    pub fn parse(text: &str, origin: &str) -> Result<InstanceSpecs, TableError> {
        let type_of = |spec: &InstanceSpec| spec.instance_type.clone();
        Ok(InstanceSpecs { by_type: KeyedRows::read(text, origin, &SPEC_COLUMNS, parse_spec, type_of)? })
    }

    /// The spec of `instance_type` (`t3.large`, `db.r6g.large`, `cache.r6g.large`, `mq.m5.large`).
    pub fn lookup(&self, instance_type: &str) -> Result<&InstanceSpec, SpecNotFound> {
        self.by_type.get(instance_type).ok_or_else(|| SpecNotFound { instance_type: instance_type.to_string() })
    }

    /// Every spec, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &InstanceSpec> {
        self.by_type.iter()
    }

    pub fn len(&self) -> usize {
        self.by_type.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn parse_spec(record: &Record, origin: &str) -> Result<InstanceSpec, TableError> {
    let error = |message: String| TableError { origin: origin.to_string(), line: record.line, message };
    let [service, instance_type, vcpu, memory, arch, gpus, source, licence, data_date, gpu_model, notes] =
        std::array::from_fn(|at| record.field(at));
    if service.is_empty() || instance_type.is_empty() {
        return Err(error("`service` and `type` must not be empty".to_string()));
    }
    let count = |column: &str, value: &str| {
        value.parse::<u32>().map_err(|_| error(format!("`{column}` `{value}` is not a whole number")))
    };
    let memory_gib = Decimal::from_str(memory)
        .ok()
        .filter(|gib| !gib.is_sign_negative())
        .ok_or_else(|| error(format!("`memory_gib` `{memory}` is not a non-negative decimal number")))?;
    let optional = |value: &str| (!value.is_empty()).then(|| value.to_string());
    Ok(InstanceSpec {
        service: service.to_string(),
        instance_type: instance_type.to_string(),
        vcpu: count("vcpu", vcpu)?,
        memory_gib,
        arch: optional(arch),
        gpus: count("gpu", gpus)?,
        gpu_model: optional(gpu_model),
        source: source.to_string(),
        licence: licence.to_string(),
        data_date: data_date.to_string(),
        notes: notes.to_string(),
        line: record.line,
    })
}
