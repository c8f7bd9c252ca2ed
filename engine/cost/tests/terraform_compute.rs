//! Cost models of EC2 instances, autoscaling groups and EKS, against hand computations from
//! the us-east-1 rows of the embedded price list (730 hours a month).

mod terraform_support;

use terraform_support::{assert_line, describe, estimate_of, line, monthly};
use tollgate_cost::{Price, Quantity};

const PROVIDER: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";

fn estimate(main: &str) -> tollgate_cost::Estimate {
    estimate_of(&[("main.tf", &format!("{PROVIDER}{main}"))], None, "")
}

fn unpriced_reason(line: &tollgate_cost::CostLine, component: usize) -> String {
    match &line.components[component].price {
        Price::Unpriced { reason } => reason.clone(),
        Price::Priced { .. } => panic!("{} is priced", line.components[component].name),
    }
}

#[test]
fn an_instance_is_priced_with_its_root_and_ebs_volumes() {
    let estimate = estimate(
        r#"resource "aws_instance" "app" {
  ami           = "ami-123"
  instance_type = "t3.large"
  root_block_device {
    volume_type = "gp3"
    volume_size = 50
    iops        = 4000
    throughput  = 200
  }
  ebs_block_device {
    device_name = "/dev/sdf"
    volume_type = "io1"
    volume_size = 100
    iops        = 1000
  }
}"#,
    );
    let app = line(&estimate, "aws_instance.app");
    // t3.large 0.0832 x 730 = 60.736; root gp3 50 x 0.08 = 4.00, 1,000 IOPS above 3,000 x 0.005
    // = 5.00, 75 MiB/s above 125 x 0.04 = 3.00; io1 100 x 0.125 = 12.50 and 1,000 IOPS x 0.065
    // = 65.00: 150.236.
    assert_eq!(monthly(app), ("$150.24".into(), "$150.24".into(), 0));
    assert_eq!(app.components[0].name, "Instance usage (Linux, on-demand, t3.large)");
    let names: Vec<&str> = app.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Instance usage (Linux, on-demand, t3.large)",
            "Root volume storage (gp3)",
            "Root volume IOPS above 3,000 (gp3)",
            "Root volume throughput above 125 MiB/s (gp3)",
            "EBS volume /dev/sdf storage (io1)",
            "EBS volume /dev/sdf provisioned IOPS (io1)",
        ]
    );
    assert_eq!(app.scope.region.as_deref(), Some("us-east-1"));
    assert!(app.components[0].span.is_some(), "points at instance_type");
}

#[test]
fn every_counted_instance_is_its_own_line_and_an_unset_root_volume_is_unknown() {
    let estimate = estimate(
        r#"resource "aws_instance" "web" {
  count         = 3
  ami           = "ami-123"
  instance_type = "t3.large"
}"#,
    );
    for index in 0..3 {
        let web = line(&estimate, &format!("aws_instance.web[{index}]"));
        // 0.0832 x 730 = 60.736; the root volume comes from the AMI: not counted, but missing.
        assert_eq!(monthly(web), ("$60.74".into(), "$60.74".into(), 1));
        assert!(matches!(&web.components[1].quantity, Quantity::Unknown { reason } if reason.contains("AMI")));
    }
    assert_eq!(estimate.total(|_| true).unpriced, 3);
    // 3 x 60.736 = 182.208
    assert_eq!(tollgate_cost::format_usd(estimate.total(|_| true).now), "$182.21");
}

#[test]
fn tenancy_spot_and_unknown_types_are_unpriced_with_the_reason() {
    let estimate = estimate(
        r#"variable "size" {
  type = string
}
resource "aws_instance" "dedicated" {
  instance_type = "t3.large"
  tenancy       = "dedicated"
}
resource "aws_instance" "on_host" {
  instance_type = "t3.large"
  tenancy       = "host"
}
resource "aws_instance" "spot" {
  instance_type = "t3.large"
  instance_market_options {
    market_type = "spot"
  }
}
resource "aws_spot_instance_request" "worker" {
  instance_type = "c5.large"
}
resource "aws_instance" "unknown" {
  instance_type = var.size
}
resource "aws_instance" "missing" {
  instance_type = "x9.huge"
}"#,
    );
    let reason = |address: &str| unpriced_reason(line(&estimate, address), 0);
    assert!(reason("aws_instance.dedicated").contains("instance_dedicated_linux `t3.large`"));
    assert!(reason("aws_instance.on_host").contains("billed per host"));
    assert!(reason("aws_instance.spot").contains("instance_spot_linux `t3.large`"));
    assert!(reason("aws_instance.spot").contains("spot is market-priced"));
    assert!(reason("aws_spot_instance_request.worker").contains("instance_spot_linux `c5.large`"));
    assert!(reason("aws_instance.unknown").contains("var.size"), "{}", reason("aws_instance.unknown"));
    assert!(reason("aws_instance.missing").contains("does not list this SKU"));
    assert_eq!(line(&estimate, "aws_instance.spot").components[0].name, "Instance usage (Linux, spot, t3.large)");
}

const LAUNCH_TEMPLATE: &str = r#"resource "aws_launch_template" "app" {
  name_prefix   = "app-"
  image_id      = "ami-123"
  instance_type = "t3.xlarge"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_type = "gp3"
      volume_size = 30
    }
  }
}
"#;

#[test]
fn an_autoscaling_group_is_priced_with_its_launch_template_now_and_at_max() {
    let estimate = estimate(&format!(
        r#"{LAUNCH_TEMPLATE}
resource "aws_autoscaling_group" "app" {{
  desired_capacity = 2
  min_size         = 1
  max_size         = 6
  launch_template {{
    id      = aws_launch_template.app.id
    version = "$Latest"
  }}
}}
resource "aws_autoscaling_group" "floor" {{
  min_size = 1
  max_size = 3
  launch_template {{
    name = aws_launch_template.app.name
  }}
}}"#
    ));
    // now 2 x (0.1664 x 730 + 30 x 0.08) = 2 x 123.872 = 247.744; at max 6 x 123.872 = 743.232
    assert_line(&estimate, "aws_autoscaling_group.app", "$247.74", "$743.23", 0);
    // no desired capacity: min_size (1) now, 3 at max = 371.616
    assert_line(&estimate, "aws_autoscaling_group.floor", "$123.87", "$371.62", 0);
    assert!(estimate.lines.iter().all(|l| l.resource_type != "aws_launch_template"), "the template is no line");
}

#[test]
fn a_mixed_instances_policy_prices_its_first_override_and_its_spot_share_is_unpriced() {
    let estimate = estimate(&format!(
        r#"{LAUNCH_TEMPLATE}
resource "aws_autoscaling_group" "mixed" {{
  desired_capacity = 2
  min_size         = 2
  max_size         = 2
  mixed_instances_policy {{
    launch_template {{
      launch_template_specification {{
        launch_template_id = aws_launch_template.app.id
      }}
      override {{
        instance_type = "m5.large"
      }}
      override {{
        instance_type = "m5.xlarge"
      }}
    }}
  }}
}}
resource "aws_autoscaling_group" "spot" {{
  desired_capacity = 2
  min_size         = 2
  max_size         = 2
  mixed_instances_policy {{
    instances_distribution {{
      on_demand_percentage_above_base_capacity = 25
    }}
    launch_template {{
      launch_template_specification {{
        launch_template_id = aws_launch_template.app.id
      }}
    }}
  }}
}}"#
    ));
    // 2 x (0.096 x 730 + 30 x 0.08) = 2 x 72.48 = 144.96
    assert_line(&estimate, "aws_autoscaling_group.mixed", "$144.96", "$144.96", 0);
    let spot = line(&estimate, "aws_autoscaling_group.spot");
    assert!(unpriced_reason(spot, 0).contains("instance_spot_linux `t3.xlarge`"));
}

#[test]
fn an_autoscaling_group_without_its_template_in_the_configuration_is_unknown() {
    let estimate = estimate(
        r#"resource "aws_autoscaling_group" "elsewhere" {
  desired_capacity = 2
  min_size         = 1
  max_size         = 4
  launch_template {
    id = "lt-0123456789"
  }
}"#,
    );
    let asg = line(&estimate, "aws_autoscaling_group.elsewhere");
    assert!(unpriced_reason(asg, 0).contains("not a resource of this configuration"), "{}", describe(&estimate));
}

#[test]
fn the_eks_control_plane_is_73_dollars() {
    let estimate = estimate("resource \"aws_eks_cluster\" \"main\" {\n  name = \"main\"\n  role_arn = \"arn\"\n}\n");
    // 0.10 x 730 = 73.00
    assert_line(&estimate, "aws_eks_cluster.main", "$73.00", "$73.00", 0);
}

#[test]
fn a_node_group_is_priced_at_desired_size_now_and_max_size_at_max() {
    let estimate = estimate(
        r#"resource "aws_eks_node_group" "general" {
  cluster_name   = "main"
  instance_types = ["t3.large", "m5.large"]
  scaling_config {
    desired_size = 3
    min_size     = 1
    max_size     = 5
  }
}
resource "aws_eks_node_group" "default_type" {
  cluster_name = "main"
  disk_size    = 50
  scaling_config {
    desired_size = 1
    min_size     = 1
    max_size     = 1
  }
}
resource "aws_eks_node_group" "spot" {
  cluster_name   = "main"
  capacity_type  = "SPOT"
  instance_types = ["t3.large"]
  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 2
  }
}"#,
    );
    // first type t3.large: now 3 x (0.0832 x 730 + 20 GiB gp2 x 0.10) = 3 x 62.736 = 188.208;
    // at max 5 x 62.736 = 313.68
    let general = line(&estimate, "aws_eks_node_group.general");
    assert_eq!(monthly(general), ("$188.21".into(), "$313.68".into(), 0));
    assert_eq!(general.components[1].name, "Node disk storage (gp2)");
    // the provider's default type t3.medium: 0.0416 x 730 + 50 x 0.10 = 35.368
    assert_line(&estimate, "aws_eks_node_group.default_type", "$35.37", "$35.37", 0);
    let spot = line(&estimate, "aws_eks_node_group.spot");
    assert!(unpriced_reason(spot, 0).contains("instance_spot_linux `t3.large`"));
    // the disk is still priced: 2 x 20 x 0.10
    assert_eq!(monthly(spot), ("$4.00".into(), "$4.00".into(), 1));
}

#[test]
fn a_node_group_with_a_launch_template_takes_its_type_and_block_devices() {
    let estimate = estimate(&format!(
        r#"{LAUNCH_TEMPLATE}
resource "aws_eks_node_group" "lt" {{
  cluster_name = "main"
  launch_template {{
    id      = aws_launch_template.app.id
    version = aws_launch_template.app.latest_version
  }}
  scaling_config {{
    desired_size = 2
    min_size     = 2
    max_size     = 4
  }}
}}"#
    ));
    // 2 x (0.1664 x 730 + 30 x 0.08) = 247.744; at max 4 x 123.872 = 495.488
    let lt = line(&estimate, "aws_eks_node_group.lt");
    assert_eq!(monthly(lt), ("$247.74".into(), "$495.49".into(), 0));
}

#[test]
fn unknown_and_bad_sizes_are_unknown_quantities_never_a_default() {
    let estimate = estimate(
        r#"variable "desired" {
  type = number
}
resource "aws_eks_node_group" "unknown" {
  cluster_name   = "main"
  instance_types = ["t3.large"]
  scaling_config {
    desired_size = var.desired
    min_size     = 1
    max_size     = 3
  }
}
resource "aws_eks_node_group" "negative" {
  cluster_name   = "main"
  instance_types = ["t3.large"]
  disk_size      = -20
  scaling_config {
    desired_size = 1
    min_size     = 1
    max_size     = 99999999999
  }
}"#,
    );
    let unknown = line(&estimate, "aws_eks_node_group.unknown");
    assert!(matches!(&unknown.components[0].quantity, Quantity::Unknown { reason } if reason.contains("var.desired")));
    let negative = line(&estimate, "aws_eks_node_group.negative");
    let reasons: Vec<String> = negative
        .components
        .iter()
        .filter_map(|c| match &c.quantity {
            Quantity::Unknown { reason } => Some(reason.clone()),
            Quantity::Known { .. } => None,
        })
        .collect();
    assert!(reasons.iter().any(|r| r.contains("beyond any real configuration")), "{reasons:?}");
    assert_eq!(monthly(negative).2, 2);
}
