//! Every embedded row parses (counted against the files' lines, so none is skipped silently),
//! and the spec and quota lookups answer with the table's figures and sources.

use tollgate_pricing::{DefaultQuota, InstanceSpecs, PriceList, Quotas};

fn data_rows(text: &str) -> usize {
    text.lines().skip(1).filter(|line| !line.trim().is_empty()).count()
}

#[test]
fn every_embedded_row_parses() {
    let prices = [
        include_str!("../../../data/aws/pricing/aws-prices-eu-west-1.csv"),
        include_str!("../../../data/aws/pricing/aws-prices-us-east-1.csv"),
        include_str!("../../../data/aws/pricing/aws-prices-us-west-2.csv"),
    ];
    let parsed = PriceList::parse_embedded().map(|list| list.len());
    assert_eq!(parsed, Ok(prices.iter().map(|text| data_rows(text)).sum()));
    assert_eq!(PriceList::embedded().len(), 1593 + 141 + 141);
    let specs = include_str!("../../../data/aws/specs/aws-instance-specs.csv");
    assert_eq!(InstanceSpecs::embedded().len(), data_rows(specs));
    assert_eq!(InstanceSpecs::embedded().len(), 1621);
    let quotas = include_str!("../../../data/aws/quotas/aws-default-quotas.csv");
    assert_eq!(Quotas::embedded().len(), data_rows(quotas));
    assert_eq!(Quotas::embedded().len(), 30);
}

#[test]
fn ec2_specs() {
    let specs = InstanceSpecs::embedded();
    let row = |name: &str| specs.lookup(name).map(|s| (s.vcpu, s.memory_gib.to_string(), s.arch.clone(), s.gpus));
    assert_eq!(row("t3.large"), Ok((2, "8".into(), Some("x86_64".into()), 0)));
    assert_eq!(row("r6g.large"), Ok((2, "16".into(), Some("arm64".into()), 0)));
    assert_eq!(row("m5.24xlarge"), Ok((96, "384".into(), Some("x86_64".into()), 0)));
    let Ok(t3) = specs.lookup("t3.xlarge") else { panic!() };
    assert_eq!((t3.service.as_str(), t3.licence.as_str()), ("ec2", "Apache-2.0"));
    assert!(t3.source.starts_with("aws/karpenter-provider-aws@"), "{}", t3.source);
}

#[test]
fn rds_elasticache_and_mq_classes_have_their_own_rows() {
    let specs = InstanceSpecs::embedded();
    let Ok(db) = specs.lookup("db.r6g.large") else { panic!() };
    assert_eq!((db.service.as_str(), db.vcpu, db.memory_gib.to_string()), ("rds", 2, "16".to_string()));
    let Ok(cache) = specs.lookup("cache.r6g.large") else { panic!() };
    // ElastiCache publishes the node's memory, not the host's 16 GiB.
    assert_eq!((cache.service.as_str(), cache.vcpu, cache.memory_gib.to_string()), ("elasticache", 2, "13.073".into()));
    let Ok(broker) = specs.lookup("mq.m5.large") else { panic!() };
    assert_eq!((broker.vcpu, broker.memory_gib.to_string()), (2, "8".to_string()));
}

#[test]
fn an_unlisted_type_is_not_found_and_never_mapped() {
    let specs = InstanceSpecs::embedded();
    let Err(missing) = specs.lookup("db.x99.large") else { panic!() };
    assert_eq!(
        missing.to_string(),
        "RDS DB class `db.x99.large` is not in the instance spec table, so its vCPU and memory are unknown \
         (such classes are listed under their own names and never mapped to an EC2 type)"
    );
    let Err(missing) = specs.lookup("t9.large") else { panic!() };
    assert_eq!(
        missing.to_string(),
        "EC2 instance type `t9.large` is not in the instance spec table, so its vCPU and memory are unknown"
    );
}

#[test]
fn a_fixed_quota_with_its_source() {
    let Ok(vpcs) = Quotas::embedded().get("vpc/L-F678F1CE") else { panic!() };
    assert_eq!(
        (vpcs.name.as_str(), vpcs.default, vpcs.scope.as_str()),
        ("VPCs per Region", DefaultQuota::Value(5), "region")
    );
    assert!(vpcs.source.starts_with("awsdocs/amazon-vpc-user-guide@"));
    assert!(!vpcs.code_unverified());
    let Ok(nat) = Quotas::embedded().get("vpc/L-FE5A380F") else { panic!() };
    assert_eq!((nat.default, nat.scope.as_str()), (DefaultQuota::Value(5), "az"));
}

#[test]
fn the_ec2_vcpu_quota_varies_by_account() {
    let Ok(standard) = Quotas::embedded().get("ec2/L-1216C47A") else { panic!() };
    assert_eq!(standard.default, DefaultQuota::VariesByAccount);
    assert_eq!(standard.applies_per, "account+region");
    assert!(standard.name.starts_with("Running On-Demand Standard"), "{}", standard.name);
    let Ok(gpu) = Quotas::embedded().get("ec2/L-DB2E81BA") else { panic!() };
    assert!(gpu.code_unverified());
}

#[test]
fn quotas_without_a_code_go_by_name_and_a_blank_is_not_sourced() {
    let Ok(clusters) = Quotas::embedded().get("eks/Clusters") else { panic!() };
    assert_eq!((clusters.code.as_deref(), clusters.default), (None, DefaultQuota::Value(100)));
    assert_eq!(clusters.key(), "eks/Clusters");
    let Ok(gp3) = Quotas::embedded().get("ebs/Storage for General Purpose SSD (gp3) volumes, in TiB") else { panic!() };
    assert_eq!(gp3.default, DefaultQuota::NotSourced);
    let Err(unknown) = Quotas::embedded().get("ec2/L-00000000") else { panic!() };
    assert!(unknown.to_string().starts_with("no default quota `ec2/L-00000000` in the quota table"));
}

#[test]
fn a_bad_quota_or_spec_row_names_its_line() {
    let header = tollgate_pricing::QUOTA_COLUMNS.join(",");
    let quota = format!("{header}\nvpc,L-1,VPCs,five,region,src,region,yes,lic,2023,\n");
    assert_eq!(
        Quotas::parse(&quota, "quotas.csv").map(|q| q.len()).map_err(|e| e.to_string()),
        Err("quotas.csv:2: `default_value` `five` is neither a whole number, `varies` nor blank".to_string())
    );
    let header = tollgate_pricing::SPEC_COLUMNS.join(",");
    let spec = format!("{header}\nec2,t3.large,two,8,x86_64,0,src,lic,2026,,\n");
    assert_eq!(
        InstanceSpecs::parse(&spec, "specs.csv").map(|s| s.len()).map_err(|e| e.to_string()),
        Err("specs.csv:2: `vcpu` `two` is not a whole number".to_string())
    );
    let repeated =
        format!("{header}\nec2,t3.large,2,8,x86_64,0,src,lic,2026,,\n\nec2,t3.large,2,8,x86_64,0,src,lic,2026,,\n");
    assert_eq!(
        InstanceSpecs::parse(&repeated, "specs.csv").map(|s| s.len()).map_err(|e| e.to_string()),
        Err("specs.csv:4: `t3.large` repeats line 2".to_string())
    );
}
