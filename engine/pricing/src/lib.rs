//! What AWS charges, what an instance type is, and what the default service quotas are:
//! answered offline from tables compiled into the binary (`data/aws/`, each row naming its
//! source), parsed once on first use and looked up by key.
//!
//! - [`PriceList`]: on-demand list prices by region, service, resource kind and SKU, in the unit
//!   the table gives (`hour`, `GB-month`, `1M requests`, ...). A figure is [`PriceLookup::Priced`]
//!   with its source, or [`PriceLookup::Unpriced`] with a reason naming what was looked up: a row
//!   marked `missing`, a region or SKU the table lacks. There is no default and no estimate. A
//!   user's price file (same columns) overrides or adds rows: [`PriceList::with_overrides`].
//! - [`InstanceSpecs`]: vCPU, memory (GiB), architecture and GPUs of EC2 types, RDS `db.` classes,
//!   ElastiCache `cache.` node types and MQ `mq.` broker types.
//! - [`Quotas`]: default service quotas by `service/quota_code`; account-dependent defaults are
//!   [`DefaultQuota::VariesByAccount`], never a number.
//! - [`Money`]: exact decimal dollars; [`monthly`] prices hourly resources over
//!   [`HOURS_PER_MONTH`] (730) and [`format_usd`] rounds to the cent only for display.
//!
//! ```
//! use tollgate_pricing::{format_usd, monthly, DefaultQuota, InstanceSpecs, PriceKey, PriceList, PriceLookup, Quotas};
//!
//! let key = PriceKey { region: "us-east-1", service: "AmazonEC2", resource_kind: "instance_ondemand_linux", sku: "t3.xlarge" };
//! let PriceLookup::Priced { usd_per_unit, unit, .. } = PriceList::embedded().lookup(&key) else { panic!("t3.xlarge is priced") };
//! assert_eq!(unit, "hour");
//! assert_eq!(format_usd(monthly(usd_per_unit, 8)), "$971.78");
//!
//! let in_ireland = PriceKey { region: "eu-west-1", ..key };
//! let PriceLookup::Unpriced { reason } = PriceList::embedded().lookup(&in_ireland) else { panic!("not sourced") };
//! assert!(reason.to_string().contains("no sourced price for AmazonEC2 instance_ondemand_linux `t3.xlarge` in eu-west-1"));
//!
//! let spec = InstanceSpecs::embedded().lookup("t3.xlarge").expect("listed");
//! assert_eq!((spec.vcpu, spec.memory_gib.to_string().as_str()), (4, "16"));
//!
//! let vcpu_quota = Quotas::embedded().get("ec2/L-1216C47A").expect("listed");
//! assert_eq!(vcpu_quota.default, DefaultQuota::VariesByAccount);
//! ```

mod money;
mod prices;
mod quotas;
mod specs;
mod table;

pub use money::{format_usd, monthly, Money, HOURS_PER_MONTH};
pub use prices::{PriceKey, PriceList, PriceLookup, PriceSource, Unpriced, ANY_SKU, PRICE_COLUMNS};
pub use quotas::{DefaultQuota, Quota, QuotaNotFound, Quotas, QUOTA_COLUMNS};
pub use rust_decimal::Decimal;
pub use specs::{InstanceSpec, InstanceSpecs, SpecNotFound, SPEC_COLUMNS};
pub use table::TableError;
