//! Resources billed only by use: S3 buckets and Lambda functions, priced from the usage file.

use super::attrs::{self, Read};
use super::pricing::{component, unpriced};
use super::{Ctx, Modelled};
use crate::{Component, Price, Quantity};
use tollgate_pricing::Decimal;

/// S3 Standard's first tier covers 50 TB a month (51,200 GB); the table has no later tier.
const S3_FIRST_TIER_GB: i64 = 51_200;
/// Lambda's first duration tier: 6 billion GB-seconds (x86) and 7.5 billion (arm64) a month.
const LAMBDA_X86_FIRST_TIER: i64 = 6_000_000_000;
const LAMBDA_ARM_FIRST_TIER: i64 = 7_500_000_000;
/// The AWS provider's default `memory_size` of a function, in MB.
const LAMBDA_DEFAULT_MEMORY_MB: i64 = 128;

/// Splits `quantity` at a tier limit: the part the row covers, and the rest, unpriced.
fn tiered(name: &str, unit: &str, quantity: Decimal, limit: i64, price: Price) -> Vec<Component> {
    let limit = Decimal::from(limit);
    if quantity <= limit {
        return vec![component(name.to_string(), unit, Quantity::fixed(quantity), price, None)];
    }
    let above = format!("{name} above the first tier");
    let reason = "the price list has only the first tier's rate".to_string();
    vec![
        component(name.to_string(), unit, Quantity::fixed(limit), price, None),
        unpriced(above, unit, Quantity::fixed(quantity - limit), reason, None),
    ]
}

pub(crate) fn s3_bucket(ctx: &Ctx<'_>) -> Modelled {
    let Some(usage) = ctx.usage else {
        let needed = "`storage_gb` (average GB stored, Standard) and `monthly_tier1_requests` (PUT, COPY, POST, LIST)";
        return Modelled { components: Vec::new(), usage_needed: Some(needed.to_string()) };
    };
    let mut components = Vec::new();
    if let Some(gb) = usage.get("storage_gb") {
        let price = ctx.price("AmazonS3", "storage_standard_first_50TB", "TimedStorage-ByteHrs", "GB-month");
        components.extend(tiered("Storage (Standard)", "GB-month", gb, S3_FIRST_TIER_GB, price));
    }
    if let Some(requests) = usage.get("monthly_tier1_requests") {
        let price = ctx.price("AmazonS3", "requests_tier1_put_copy_post_list", "Requests-Tier1", "1k requests");
        let thousands = Quantity::fixed(requests / Decimal::from(1_000));
        components.push(component("PUT, COPY, POST, LIST requests".into(), "1k requests", thousands, price, None));
    }
    Modelled::priced(components)
}

pub(crate) fn lambda_function(ctx: &Ctx<'_>) -> Modelled {
    let Some(usage) = ctx.usage else {
        let needed = "`monthly_requests` and `average_duration_ms` (memory is read from the function)";
        return Modelled { components: Vec::new(), usage_needed: Some(needed.to_string()) };
    };
    let body = ctx.body();
    let requests = usage.get("monthly_requests").unwrap_or(Decimal::ZERO);
    let price = ctx.price("AWSLambda", "requests", "Request", "1M requests");
    let millions = Quantity::fixed(requests / Decimal::from(1_000_000));
    let mut components = vec![component("Requests".into(), "1M requests", millions, price, None)];
    let Some(duration_ms) = usage.get("average_duration_ms") else {
        return Modelled::priced(components);
    };
    let arm = attrs::texts(body, &["architectures"]).known().is_some_and(|a| a.iter().any(|x| x == "arm64"));
    let (kind, sku, limit) = match arm {
        true => ("duration_arm64_first_7.5B", "Lambda-GB-Second-ARM", LAMBDA_ARM_FIRST_TIER),
        false => ("duration_x86_first_6B", "Lambda-GB-Second", LAMBDA_X86_FIRST_TIER),
    };
    let name = if arm { "Duration (arm64)" } else { "Duration (x86_64)" };
    match attrs::whole_number(body, &["memory_size"]) {
        Read::Unknown(why) => {
            components.push(unpriced(name.into(), "GB-second", Quantity::Unknown { reason: why.clone() }, why, None))
        }
        memory => {
            let mb = memory.known().unwrap_or(Decimal::from(LAMBDA_DEFAULT_MEMORY_MB));
            let seconds = requests.saturating_mul(duration_ms) / Decimal::from(1_000);
            let gb_seconds = seconds.saturating_mul(mb) / Decimal::from(1_024);
            components.extend(tiered(
                name,
                "GB-second",
                gb_seconds,
                limit,
                ctx.price("AWSLambda", kind, sku, "GB-second"),
            ));
        }
    }
    Modelled::priced(components)
}
