//! Network facts shared by the security-group and endpoint rules: which address ranges mean
//! "the whole internet", which ports a protocol plus port range covers, and the
//! `publicly_accessible` switch of managed services.

use super::attr::{bool_attr, strings, Attr};
use tollgate_evaluate::Emitter;
use tollgate_model::{Resource, Value};

/// True for a CIDR block that matches every address: a `/0` prefix, IPv4 (`0.0.0.0/0`) or IPv6
/// (`::/0`). AWS rejects a `/0` with host bits set, so the prefix length alone decides.
pub fn is_open_cidr(cidr: &str) -> bool {
    cidr.trim().rsplit_once('/').is_some_and(|(addr, len)| !addr.is_empty() && len.trim() == "0")
}

/// Whether the CIDR attributes of a block let the whole internet in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reach<'a> {
    /// `attr` holds `cidr`, written at `value`.
    Internet {
        attr: &'static str,
        cidr: &'a str,
        value: &'a Value,
    },
    /// No known CIDR is open, but `attr` holds the unknown `value`.
    Unknown {
        attr: &'static str,
        value: &'a Value,
    },
    Restricted,
}

/// Looks through the CIDR attributes `attrs` of `body` (lists such as `cidr_blocks`, or single
/// strings such as `cidr_ipv4`) for an address range open to the internet.
pub fn internet_reach<'a>(body: &'a Value, attrs: &[&'static str]) -> Reach<'a> {
    let mut unknown = None;
    for &attr in attrs {
        let cidrs = strings(body, &[attr]);
        if let Some((cidr, value)) = cidrs.find(is_open_cidr) {
            return Reach::Internet { attr, cidr, value };
        }
        if let (None, Some(value)) = (unknown, cidrs.unknown.first()) {
            unknown = Some(Reach::Unknown { attr, value });
        }
    }
    unknown.unwrap_or(Reach::Restricted)
}

/// The transport an ingress rule is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `-1` / `all`: every protocol and every port, whatever the port fields say.
    All,
    Tcp,
    Udp,
    /// ICMP and other protocols without ports.
    Other,
}

impl Protocol {
    /// Reads an AWS protocol: a name (`tcp`, any case) or an IANA number (`6`, `"6"`).
    pub fn parse(text: &str) -> Protocol {
        match text.trim().to_ascii_lowercase().as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            _ => Protocol::Other,
        }
    }
}

/// Reads a protocol written as a string or a number (`protocol = -1`); `None` for anything else.
pub fn protocol_of(value: &Value) -> Option<Protocol> {
    match value.as_str() {
        Some(text) => Some(Protocol::parse(text)),
        None => value.as_i64().map(|n| Protocol::parse(&n.to_string())),
    }
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    pub from: i64,
    pub to: i64,
}

impl PortRange {
    pub fn contains(self, port: i64) -> bool {
        self.from <= port && port <= self.to
    }

    /// Every port (0-65535, or a reversed or out-of-range pair that cannot narrow anything).
    pub fn is_everything(self) -> bool {
        self.from <= 0 && self.to >= 65535
    }
}

/// A port reachable for administration, and what runs on it, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdminPort {
    pub port: i64,
    pub service: &'static str,
    /// Whether the service also listens on UDP (RDP does, SSH does not).
    pub udp: bool,
}

/// Remote-administration ports that must never face the internet.
pub const ADMIN_PORTS: &[AdminPort] =
    &[AdminPort { port: 22, service: "SSH", udp: false }, AdminPort { port: 3389, service: "RDP", udp: true }];

/// The admin ports a protocol and port range expose (every one of them for `All`).
pub fn admin_ports_exposed(protocol: Protocol, range: PortRange) -> Vec<AdminPort> {
    ADMIN_PORTS
        .iter()
        .copied()
        .filter(|p| match protocol {
            Protocol::All => true,
            Protocol::Tcp => range.contains(p.port),
            Protocol::Udp => p.udp && range.contains(p.port),
            Protocol::Other => false,
        })
        .collect()
}

/// Judges the `publicly_accessible` argument of a managed service that defaults to private (RDS
/// instances, MQ brokers): fails where it is written true, reports unknown where it cannot be
/// read. For messages, `effect` says what true does ("giving it a public IP address"), `if_true`
/// says it of the subject ("gets a public IP address"), and `fix` how to keep it private.
pub fn check_publicly_accessible(
    out: &mut Emitter<'_>,
    resource: &Resource,
    subject: &str,
    effect: &str,
    if_true: &str,
    fix: &str,
) {
    match bool_attr(&resource.body, &["publicly_accessible"]) {
        Attr::Set(true, value) => {
            out.fail(resource, value.span, format!("{subject} sets `publicly_accessible = true`, {effect}; {fix}."))
        }
        Attr::Unknown(value) => {
            out.unknown(resource, value, format!("{subject} {if_true} if `publicly_accessible` is true; {fix}"))
        }
        Attr::Set(false, _) | Attr::Unset => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_cidrs_are_the_zero_prefixes() {
        assert!(is_open_cidr("0.0.0.0/0"));
        assert!(is_open_cidr("::/0"));
        assert!(is_open_cidr(" 0.0.0.0/0 "));
        assert!(!is_open_cidr("10.0.0.0/8"));
        assert!(!is_open_cidr("0.0.0.0/1"));
        assert!(!is_open_cidr("/0"));
        assert!(!is_open_cidr("0.0.0.0"));
    }

    #[test]
    fn admin_ports_follow_protocol_and_range() {
        let all = PortRange { from: 0, to: 65535 };
        assert_eq!(admin_ports_exposed(Protocol::All, PortRange { from: 0, to: 0 }).len(), 2);
        assert_eq!(admin_ports_exposed(Protocol::Tcp, all).len(), 2);
        assert_eq!(admin_ports_exposed(Protocol::Udp, all).iter().map(|p| p.port).collect::<Vec<_>>(), vec![3389]);
        assert!(admin_ports_exposed(Protocol::Tcp, PortRange { from: 443, to: 443 }).is_empty());
        assert!(admin_ports_exposed(Protocol::Other, all).is_empty());
        assert_eq!(Protocol::parse("TCP"), Protocol::Tcp);
        assert_eq!(Protocol::parse("6"), Protocol::Tcp);
    }
}
