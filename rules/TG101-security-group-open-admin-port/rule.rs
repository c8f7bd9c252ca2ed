//! ## What it does
//! Checks for security group ingress rules that let the whole internet (`0.0.0.0/0` or `::/0`)
//! reach SSH (TCP port 22), RDP (port 3389) or every port. It reads inline `ingress` blocks of
//! `aws_security_group`, `aws_security_group_rule` resources with `type = "ingress"`, and
//! `aws_vpc_security_group_ingress_rule` resources. A rule with protocol `-1` (all traffic) counts
//! whatever its ports say, and a port range counts when it includes 22 or 3389.
//!
//! ## Why is this bad?
//! Remote administration ports facing the internet are found by scanners within minutes and then
//! attacked with password guessing and exploits for the daemon behind them. AWS recommends that
//! no security group allow unrestricted ingress to port 22 or 3389, and reaching instances through
//! AWS Systems Manager Session Manager needs no inbound port at all. A rule that opens every port
//! exposes whatever happens to listen on the instance, including services meant to stay private.
//!
//! When the source range comes from a variable or another expression (`cidr_blocks =
//! var.admin_cidrs`), Tollgate cannot see whether it includes `0.0.0.0/0` and reports the rule as
//! unknown rather than passing it.
//!
//! ## Example
//! ```hcl
//! resource "aws_security_group" "bastion" {
//!   name   = "bastion"
//!   vpc_id = aws_vpc.main.id
//!
//!   ingress {
//!     description = "SSH"
//!     from_port   = 22
//!     to_port     = 22
//!     protocol    = "tcp"
//!     cidr_blocks = ["0.0.0.0/0"]
//!   }
//! }
//! ```
//!
//! ## Use instead
//! Allow the port only from the networks administrators connect from (or remove the rule and use
//! Session Manager):
//! ```hcl
//! resource "aws_security_group" "bastion" {
//!   name   = "bastion"
//!   vpc_id = aws_vpc.main.id
//!
//!   ingress {
//!     description = "SSH from the office VPN"
//!     from_port   = 22
//!     to_port     = 22
//!     protocol    = "tcp"
//!     cidr_blocks = ["203.0.113.0/24"]
//!   }
//! }
//! ```
//!
//! ## References
//! - [Amazon EC2 security group rules](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-rules.html)
//! - [AWS Systems Manager Session Manager](https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG101",
    slug: "security-group-open-admin-port",
    title: "Security group allows SSH, RDP or all traffic from the internet",
    severity: Severity::Critical,
    category: Category::Network,
    references: &["CWE-284", "CIS AWS 5.2", "CIS AWS 5.3"],
    // Checkov CKV_AWS_24 "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22" and
    // CKV_AWS_25 (the same for port 3389); Trivy AVD-AWS-0107 (aws-ec2-no-public-ingress-sgr, "an
    // ingress security group rule allows traffic from /0"), which every TG101 failure also fails.
    aliases: &["CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr"],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, group) in ctx.tf_resources("aws_security_group") {
        let subject = format!("Security group `{}`", group.name);
        let ingress = blocks(&group.body, "ingress");
        for rule in ingress.known {
            check_ingress(out, group, rule, &subject, Shape::INLINE, Tri::Yes);
        }
        if let Some(dynamic) = ingress.unknown {
            out.unknown(
                group,
                dynamic,
                format!(
                    "{subject} builds ingress rules with a `dynamic` block; make sure none of them opens SSH (22), \
                     RDP (3389) or all ports to 0.0.0.0/0 or ::/0"
                ),
            );
        }
    }
    for (_, rule) in ctx.tf_resources("aws_security_group_rule") {
        let is_ingress = str_attr(&rule.body, &["type"]).test("", |t| t == "ingress");
        let subject = format!("Security group rule `{}`", rule.name);
        check_ingress(out, rule, &rule.body, &subject, Shape::RULE, is_ingress);
    }
    for (_, rule) in ctx.tf_resources("aws_vpc_security_group_ingress_rule") {
        let subject = format!("Ingress rule `{}`", rule.name);
        check_ingress(out, rule, &rule.body, &subject, Shape::VPC_RULE, Tri::Yes);
    }
}

/// The attribute names one kind of ingress rule uses.
struct Shape {
    protocol: &'static str,
    cidrs: &'static [&'static str],
}

impl Shape {
    const INLINE: Shape = Shape { protocol: "protocol", cidrs: &["cidr_blocks", "ipv6_cidr_blocks"] };
    const RULE: Shape = Shape::INLINE;
    const VPC_RULE: Shape = Shape { protocol: "ip_protocol", cidrs: &["cidr_ipv4", "cidr_ipv6"] };
}

/// What an ingress rule opens, when it opens an admin port or everything.
struct Exposure {
    protocol: Protocol,
    range: PortRange,
    admin: Vec<AdminPort>,
}

impl Exposure {
    fn describe(&self) -> String {
        if self.protocol == Protocol::All {
            return "all traffic (protocol -1, every port)".to_string();
        }
        let proto = if self.protocol == Protocol::Udp { "UDP" } else { "TCP" };
        match self.admin.as_slice() {
            [only] if self.range.from == self.range.to => {
                let udp = if self.protocol == Protocol::Udp { "UDP " } else { "" };
                format!("{} ({udp}port {})", only.service, only.port)
            }
            admin => {
                let names: Vec<String> = admin.iter().map(|p| format!("{} on {}", p.service, p.port)).collect();
                format!("{proto} ports {}-{} (including {})", self.range.from, self.range.to, names.join(" and "))
            }
        }
    }

    /// The advice for this exposure, naming the CIDR attribute to change.
    fn fix(&self, attr: &str) -> String {
        if self.protocol == Protocol::All || self.range.is_everything() {
            format!("open only the ports the service needs and restrict `{attr}` to the networks that use it")
        } else if self.range.from != self.range.to {
            format!(
                "narrow `from_port`/`to_port` to the ports the service needs and restrict `{attr}` to known networks"
            )
        } else {
            format!(
                "restrict `{attr}` to your admin network or reach the hosts through AWS Systems Manager Session Manager"
            )
        }
    }
}

/// Whether the rule's protocol and ports expose an admin port (or everything).
fn exposure<'a>(body: &'a Value, shape: &Shape) -> Result<Option<Exposure>, &'a Value> {
    let protocol = match body.get(shape.protocol) {
        Lookup::Unknown(v) => return Err(v),
        Lookup::Known(v) => match protocol_of(v) {
            Some(p) => p,
            None => return Err(v),
        },
        Lookup::Absent => return Ok(None),
    };
    let range = if protocol == Protocol::All {
        PortRange { from: 0, to: 65535 }
    } else {
        match (int_attr(body, &["from_port"]), int_attr(body, &["to_port"])) {
            (Attr::Unknown(v), _) | (_, Attr::Unknown(v)) => return Err(v),
            (Attr::Set(from, _), Attr::Set(to, _)) => PortRange { from, to },
            // A TCP or UDP rule without ports is rejected by AWS: nothing is opened.
            _ => return Ok(None),
        }
    };
    let admin = admin_ports_exposed(protocol, range);
    Ok((!admin.is_empty()).then_some(Exposure { protocol, range, admin }))
}

fn check_ingress(
    out: &mut Emitter<'_>,
    resource: &Resource,
    body: &Value,
    subject: &str,
    shape: Shape,
    applies: Tri<'_>,
) {
    if applies == Tri::No {
        return;
    }
    let ports = exposure(body, &shape);
    if matches!(ports, Ok(None)) {
        return;
    }
    let reach = internet_reach(body, shape.cidrs);
    if reach == Reach::Restricted {
        return;
    }
    match (applies, reach, ports) {
        (Tri::Yes, Reach::Internet { attr, cidr, value }, Ok(Some(exposure))) => {
            let message = format!("{subject} allows {} from {cidr}; {}.", exposure.describe(), exposure.fix(attr));
            out.fail(resource, value.span, message);
        }
        (Tri::Unknown(kind), _, _) => out.unknown(
            resource,
            kind,
            format!(
                "{subject} would open SSH, RDP or all ports to the internet if it is an ingress rule; check `type`"
            ),
        ),
        (_, Reach::Unknown { attr, value }, Ok(Some(exposure))) => out.unknown(
            resource,
            value,
            format!(
                "{subject} allows {} from `{attr}`; if that includes 0.0.0.0/0 or ::/0 it is open to the \
                 internet, so restrict it to known networks",
                exposure.describe()
            ),
        ),
        (_, Reach::Internet { attr, cidr, .. }, Err(unknown)) => out.unknown(
            resource,
            unknown,
            format!(
                "{subject} allows traffic from {cidr} (in `{attr}`) on a protocol or port range Tollgate cannot \
                 read; make sure it does not include SSH (22), RDP (3389) or all ports"
            ),
        ),
        (_, Reach::Unknown { attr, .. }, Err(unknown)) => out.unknown(
            resource,
            unknown,
            format!(
                "{subject} allows traffic from `{attr}` on a protocol or port range Tollgate cannot read; make sure \
                 it does not open SSH (22), RDP (3389) or all ports to 0.0.0.0/0 or ::/0"
            ),
        ),
        _ => {}
    }
}
