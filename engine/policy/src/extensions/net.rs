//! OPA's `net.cidr_intersects` and `net.cidr_merge`, which regorus lacks.

use super::{argument, string_of};
use anyhow::{anyhow, bail, Result};
use regorus::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `net.cidr_intersects(cidr1, cidr2)`.
pub(super) fn cidr_intersects_builtin(args: &[Value]) -> Result<Value> {
    let (a, b) = (string_of(argument(args, 0)?)?, string_of(argument(args, 1)?)?);
    Ok(Value::from(cidr_intersects(&a, &b)?))
}

/// `net.cidr_merge(addrs)`: an array or set of strings.
pub(super) fn cidr_merge_builtin(args: &[Value]) -> Result<Value> {
    let items: Vec<String> = match argument(args, 0)? {
        Value::Array(items) => items.iter().map(string_of).collect::<Result<_>>()?,
        Value::Set(items) => items.iter().map(string_of).collect::<Result<_>>()?,
        other => bail!("expects an array or set of strings, got {other}"),
    };
    Ok(Value::from(cidr_merge(&items)?.into_iter().map(Value::from).collect::<BTreeSet<Value>>()))
}

/// A network: address as a number (host bits cleared), prefix length, and family width (32 or 128).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Net {
    bits: u32,
    addr: u128,
    prefix: u32,
}

impl Net {
    fn first(self) -> u128 {
        self.addr
    }

    fn last(self) -> u128 {
        self.addr | host_mask(self.bits, self.prefix)
    }
}

fn host_mask(bits: u32, prefix: u32) -> u128 {
    let host_bits = bits.saturating_sub(prefix);
    if host_bits >= 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    }
}

/// Parses `a.b.c.d/n`, `x:y::/n`, or (when `allow_bare_v4`) a bare IPv4 address as a /32.
fn parse_net(text: &str, allow_bare_v4: bool) -> Result<Net> {
    let (addr, prefix) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    let ip: IpAddr = addr.parse().map_err(|_| anyhow!("invalid CIDR `{text}`"))?;
    let (bits, value) = match ip {
        IpAddr::V4(v4) => (32, u32::from(v4) as u128),
        IpAddr::V6(v6) => (128, u128::from(v6)),
    };
    let prefix = match prefix {
        Some(p) => p.parse::<u32>().ok().filter(|p| *p <= bits).ok_or_else(|| anyhow!("invalid CIDR `{text}`"))?,
        None if allow_bare_v4 && bits == 32 => 32,
        None => bail!("invalid CIDR `{text}` (a prefix length is required)"),
    };
    Ok(Net { bits, addr: value & !host_mask(bits, prefix), prefix })
}

/// OPA's `net.cidr_intersects`: whether two CIDRs share an address (different families never do).
fn cidr_intersects(a: &str, b: &str) -> Result<bool> {
    let (a, b) = (parse_net(a, false)?, parse_net(b, false)?);
    Ok(a.bits == b.bits && a.first() <= b.last() && b.first() <= a.last())
}

/// OPA's `net.cidr_merge`: the smallest set of CIDRs covering the same addresses (duplicates and
/// contained networks removed, adjacent ones merged). Bare IPv4 addresses count as /32.
fn cidr_merge(items: &[String]) -> Result<Vec<String>> {
    let mut by_family: BTreeMap<u32, Vec<(u128, u128)>> = BTreeMap::new();
    for item in items {
        let net = parse_net(item, true)?;
        by_family.entry(net.bits).or_default().push((net.first(), net.last()));
    }
    let mut out = Vec::new();
    for (bits, mut ranges) in by_family {
        ranges.sort();
        let mut merged: Vec<(u128, u128)> = Vec::new();
        for (start, end) in ranges {
            match merged.last_mut() {
                Some(last) if start <= last.1.saturating_add(1) || last.1 == u128::MAX => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        for (start, end) in merged {
            out.extend(range_to_cidrs(bits, start, end).into_iter().map(format_net));
        }
    }
    Ok(out)
}

/// The fewest aligned networks exactly covering `start..=end`.
fn range_to_cidrs(bits: u32, mut start: u128, end: u128) -> Vec<Net> {
    let mut nets = Vec::new();
    loop {
        // The largest block aligned at `start` that does not pass `end`.
        let mut prefix = if start == 0 { 0 } else { bits - start.trailing_zeros().min(bits) };
        while prefix < bits && start | host_mask(bits, prefix) > end {
            prefix += 1;
        }
        let net = Net { bits, addr: start, prefix };
        nets.push(net);
        let last = net.last();
        if last >= end {
            break;
        }
        start = last + 1;
    }
    nets
}

fn format_net(net: Net) -> String {
    if net.bits == 32 {
        format!("{}/{}", Ipv4Addr::from(net.addr as u32), net.prefix)
    } else {
        format!("{}/{}", Ipv6Addr::from(net.addr), net.prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(items: &[&str]) -> Vec<String> {
        let items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        let mut out = cidr_merge(&items).unwrap();
        out.sort();
        out
    }

    #[test]
    fn cidr_intersects_as_opa_documents() {
        // OPA's documented example: 192.168.0.0/16 overlaps with 192.168.1.0/24.
        assert!(cidr_intersects("192.168.0.0/16", "192.168.1.0/24").unwrap());
        assert!(!cidr_intersects("192.168.0.0/24", "192.168.1.0/24").unwrap());
        assert!(cidr_intersects("10.0.0.0/8", "10.255.255.255/32").unwrap());
        assert!(cidr_intersects("fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddc:1111::/72").unwrap());
        assert!(!cidr_intersects("fd1e:5bfe:8af3:9ddc::/64", "fd1e:5bfe:8af3:9ddd::/64").unwrap());
        assert!(!cidr_intersects("0.0.0.0/0", "::/0").unwrap());
        assert!(cidr_intersects("not a cidr", "10.0.0.0/8").is_err());
        assert!(cidr_intersects("10.0.0.0/33", "10.0.0.0/8").is_err());
    }

    #[test]
    fn cidr_merge_as_opa_documents() {
        // OPA's documented example: ["192.0.128.0/24", "192.0.129.0/24"] -> {"192.0.128.0/23"}.
        assert_eq!(merge(&["192.0.128.0/24", "192.0.129.0/24"]), vec!["192.0.128.0/23"]);
        // Contained networks and duplicates disappear; non-aligned neighbours stay apart.
        assert_eq!(merge(&["10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8"]), vec!["10.0.0.0/8"]);
        assert_eq!(merge(&["192.0.1.0/24", "192.0.2.0/24"]), vec!["192.0.1.0/24", "192.0.2.0/24"]);
        // Bare IPv4 addresses are /32; host bits are cleared.
        assert_eq!(merge(&["10.0.0.0", "10.0.0.1"]), vec!["10.0.0.0/31"]);
        assert_eq!(merge(&["10.0.0.77/24"]), vec!["10.0.0.0/24"]);
        assert_eq!(merge(&["0.0.0.0/1", "128.0.0.0/1"]), vec!["0.0.0.0/0"]);
        // IPv6 needs a prefix length.
        assert_eq!(merge(&["2001:db8::/33", "2001:db8:8000::/33"]), vec!["2001:db8::/32"]);
        assert!(cidr_merge(&["2001:db8::1".to_string()]).is_err());
        assert_eq!(merge(&["::/1", "8000::/1", "10.0.0.0/8"]), vec!["10.0.0.0/8", "::/0"]);
    }
}
