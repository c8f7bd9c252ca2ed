//! OPA's `net.cidr_intersects`, `net.cidr_merge` and `net.cidr_contains_matches`, which regorus lacks.

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

/// `net.cidr_contains_matches(cidrs, cidrs_or_ips)`: the set of `[key1, key2]` pairs where the
/// CIDR at `key1` of the first argument contains the address or CIDR at `key2` of the second.
/// Each argument is a string (its own key), an array (keys are indexes), a set (keys are its
/// elements) or an object (keys are its keys); an element that is an array stands for its first
/// element, so `["10.0.0.0/8", "office"]` tuples can carry data.
pub(super) fn cidr_contains_matches_builtin(args: &[Value]) -> Result<Value> {
    let cidrs = keyed_entries(argument(args, 0)?)?;
    let targets = keyed_entries(argument(args, 1)?)?;
    let mut matches = BTreeSet::new();
    for (cidr_key, cidr) in &cidrs {
        let outer = parse_net(cidr, false)?;
        for (target_key, target) in &targets {
            if net_contains(outer, parse_address_or_net(target)?) {
                matches.insert(Value::from(vec![cidr_key.clone(), target_key.clone()]));
            }
        }
    }
    Ok(Value::from(matches))
}

fn keyed_entries(value: &Value) -> Result<Vec<(Value, String)>> {
    match value {
        Value::String(text) => Ok(vec![(value.clone(), text.to_string())]),
        Value::Array(items) => {
            items.iter().enumerate().map(|(index, item)| Ok((Value::from(index as u64), entry_text(item)?))).collect()
        }
        Value::Set(items) => items.iter().map(|item| Ok((item.clone(), entry_text(item)?))).collect(),
        Value::Object(fields) => fields.iter().map(|(key, item)| Ok((key.clone(), entry_text(item)?))).collect(),
        other => bail!("expects a string, array, set or object of CIDRs or addresses, got {other}"),
    }
}

/// A collection element: a string, or a tuple whose first element is the string.
fn entry_text(item: &Value) -> Result<String> {
    match item {
        Value::Array(tuple) => string_of(tuple.first().ok_or_else(|| anyhow!("an empty tuple has no CIDR"))?),
        other => string_of(other),
    }
}

/// A CIDR, or a bare IPv4 or IPv6 address as the network of just that address.
fn parse_address_or_net(text: &str) -> Result<Net> {
    match text.parse::<IpAddr>() {
        Ok(IpAddr::V4(_)) => parse_net(&format!("{text}/32"), false),
        Ok(IpAddr::V6(_)) => parse_net(&format!("{text}/128"), false),
        Err(_) => parse_net(text, false),
    }
}

/// Whether every address of `inner` is in `outer` (different families never are).
fn net_contains(outer: Net, inner: Net) -> bool {
    outer.bits == inner.bits && outer.first() <= inner.first() && inner.last() <= outer.last()
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

    fn matches(cidrs: serde_json::Value, targets: serde_json::Value) -> serde_json::Value {
        let value = cidr_contains_matches_builtin(&[Value::from(cidrs), Value::from(targets)]).unwrap();
        serde_json::to_value(&value).unwrap()
    }

    #[test]
    fn cidr_contains_matches_as_opa_documents() {
        use serde_json::json;
        // OPA's documented examples.
        assert_eq!(matches(json!("1.1.1.0/24"), json!("1.1.1.128")), json!([["1.1.1.0/24", "1.1.1.128"]]));
        assert_eq!(matches(json!(["1.1.1.0/24", "1.1.2.0/24"]), json!("1.1.1.128")), json!([[0, "1.1.1.128"]]));
        assert_eq!(
            matches(json!([["1.1.0.0/16", "foo"], "1.1.2.0/24"]), json!(["1.1.1.128", ["1.1.254.254", "bar"]])),
            json!([[0, 0], [0, 1]])
        );
        assert_eq!(
            matches(
                json!({"x": "1.1.1.0/24", "y": ["1.1.2.0/24", "foo"]}),
                json!({"a": "1.1.1.128", "b": ["1.1.2.254", "bar"]})
            ),
            json!([["x", "a"], ["y", "b"]])
        );
        // CIDRs inside CIDRs, IPv6 addresses, no match across families.
        assert_eq!(matches(json!("10.0.0.0/8"), json!(["10.1.0.0/16", "11.0.0.0/16"])), json!([["10.0.0.0/8", 0]]));
        assert_eq!(matches(json!(["2001:db8::/32"]), json!(["2001:db8::1", "10.0.0.1"])), json!([[0, 0]]));
        assert!(cidr_contains_matches_builtin(&[Value::from("10.0.0.1"), Value::from("10.0.0.1")]).is_err());
        assert!(cidr_contains_matches_builtin(&[Value::from(1u64), Value::from("10.0.0.1")]).is_err());
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
