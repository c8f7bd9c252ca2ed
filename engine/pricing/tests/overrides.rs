//! A user's price file overrides or adds prices; a bad line is an error naming the file and line.

use tollgate_pricing::{format_usd, monthly, PriceKey, PriceList, PriceLookup};

const HEADER: &str = "service,resource_kind,sku,region,unit,usd_per_unit,source\n";

fn with(file: &str) -> PriceList {
    match PriceList::embedded().with_overrides(&format!("{HEADER}{file}"), "prices.csv") {
        Ok(list) => list,
        Err(error) => panic!("{error}"),
    }
}

fn error_of(text: &str) -> String {
    match PriceList::embedded().with_overrides(text, "prices.csv") {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(error) => error.to_string(),
    }
}

fn key<'a>(region: &'a str, sku: &'a str) -> PriceKey<'a> {
    PriceKey { region, service: "AmazonEC2", resource_kind: "instance_ondemand_linux", sku }
}

#[test]
fn an_override_replaces_the_embedded_price_and_says_so() {
    let list = with("AmazonEC2,instance_ondemand_linux,t3.xlarge,us-east-1,hour,0.12,EDP discount 2026\n");
    let PriceLookup::Priced { usd_per_unit, unit, source } = list.lookup(&key("us-east-1", "t3.xlarge")) else {
        panic!()
    };
    assert_eq!((format_usd(monthly(usd_per_unit, 8)), unit.as_str()), ("$700.80".to_string(), "hour"));
    assert!(source.user_override);
    assert_eq!(source.to_string(), "user price file prices.csv line 2 (EDP discount 2026)");
    // Rows the file does not mention keep their embedded price.
    let PriceLookup::Priced { source, .. } = list.lookup(&key("us-east-1", "t3.large")) else { panic!() };
    assert!(!source.user_override);
}

#[test]
fn an_override_fills_a_missing_price_and_adds_a_region() {
    let list = with(
        "# our negotiated prices\n\
         AmazonEC2,instance_ondemand_linux,m5.large,eu-west-1,hour,0.107,\n\
         AmazonEC2 , nat_gateway_hours , NatGateway-Hours , ap-south-1 , hour , 0.056 , price page 2026-11\n",
    );
    let PriceLookup::Priced { usd_per_unit, source, .. } = list.lookup(&key("eu-west-1", "m5.large")) else { panic!() };
    assert_eq!((usd_per_unit.to_string(), source.line), ("0.107".to_string(), 3));
    // Other EC2 types in eu-west-1 still fall to the table's `missing` row.
    assert!(matches!(list.lookup(&key("eu-west-1", "m5.xlarge")), PriceLookup::Unpriced { .. }));
    let nat = PriceKey {
        region: "ap-south-1",
        service: "AmazonEC2",
        resource_kind: "nat_gateway_hours",
        sku: "NatGateway-Hours",
    };
    let PriceLookup::Priced { usd_per_unit, .. } = list.lookup(&nat) else { panic!() };
    assert_eq!(format_usd(monthly(usd_per_unit, 1)), "$40.88");
    assert!(list.regions().any(|region| region == "ap-south-1"));
    // Both keys are new: m5.large had only the `*` row of its kind, which stays.
    assert_eq!(list.len(), PriceList::embedded().len() + 2);
}

#[test]
fn overrides_layer_in_order() {
    let first = with("AmazonEC2,instance_ondemand_linux,t3.large,us-east-1,hour,0.08,first\n");
    let second = first.with_overrides(
        &format!("{HEADER}AmazonEC2,instance_ondemand_linux,t3.large,us-east-1,hour,0.07,second\n"),
        "team.csv",
    );
    let Ok(second) = second else { panic!() };
    let PriceLookup::Priced { usd_per_unit, source, .. } = second.lookup(&key("us-east-1", "t3.large")) else {
        panic!()
    };
    assert_eq!((usd_per_unit.to_string(), source.file.as_str()), ("0.07".to_string(), "team.csv"));
}

#[test]
fn bad_lines_name_the_file_and_line() {
    let row = |value: &str| format!("{HEADER}AmazonEC2,instance_ondemand_linux,t3.large,us-east-1,hour,{value},x\n");
    assert_eq!(error_of(&row("0,12")), "prices.csv:2: 8 fields, but the header names 7 columns");
    assert_eq!(error_of(&row("cheap")), "prices.csv:2: usd_per_unit `cheap` is neither a decimal number nor `missing`");
    assert_eq!(error_of(&row("-1")), "prices.csv:2: usd_per_unit `-1` is out of range (0 to 1000000000)");
    assert_eq!(
        error_of(&format!("{HEADER}AmazonEC2,instance_ondemand_linux,,us-east-1,hour,0.1,x\n")),
        "prices.csv:2: `sku` is empty"
    );
    assert_eq!(
        error_of("service,resource_kind,sku,region,unit,usd,source\n"),
        "prices.csv:1: unknown column `usd` (the columns are: service,resource_kind,sku,region,unit,usd_per_unit,source)"
    );
    assert_eq!(
        error_of("service,resource_kind,sku,region,unit,usd_per_unit\n"),
        "prices.csv:1: missing column `source` (the columns are: service,resource_kind,sku,region,unit,usd_per_unit,source)"
    );
}

#[test]
fn a_key_repeated_in_one_file_is_an_error() {
    let row = "AmazonEC2,instance_ondemand_linux,t3.large,us-east-1,hour,0.08,x\n";
    assert_eq!(
        error_of(&format!("{HEADER}{row}\n{row}")),
        "prices.csv:4: this price repeats the key of line 2 (service, resource_kind, sku, region)"
    );
}

#[test]
fn a_spreadsheet_export_with_byte_order_mark_and_crlf_reads_the_same() {
    let text = "\u{feff}service,resource_kind,sku,region,unit,usd_per_unit,source\r\n\r\nAmazonEC2,instance_ondemand_linux,t3.large,us-east-1,hour,0.08,x\r\nAmazonEC2,instance_ondemand_linux,t3.large,us-east-1,hour,oops,x\r\n";
    assert_eq!(error_of(text), "prices.csv:4: usd_per_unit `oops` is neither a decimal number nor `missing`");
}

#[test]
fn columns_may_come_in_any_order() {
    let text = "region,service,resource_kind,sku,usd_per_unit,unit,source\nus-east-1,AmazonEKS,cluster_control_plane,cluster,0.2,hour,\n";
    let Ok(list) = PriceList::embedded().with_overrides(text, "prices.csv") else { panic!() };
    let eks =
        PriceKey { region: "us-east-1", service: "AmazonEKS", resource_kind: "cluster_control_plane", sku: "cluster" };
    let PriceLookup::Priced { usd_per_unit, .. } = list.lookup(&eks) else { panic!() };
    assert_eq!(format_usd(monthly(usd_per_unit, 1)), "$146.00");
}
