//! CIDR functions: `cidrsubnet`, `cidrsubnets`, `cidrhost`, `cidrnetmask`, computed as Terraform's
//! go-cidr computes them (IPv4 octets may have leading zeros and are decimal, host bits of the
//! prefix are cleared, negative host numbers count from the end of the range).

use crate::support::text;
use crate::{param, Ctx, FunctionError, Spec, P};
use std::net::{Ipv4Addr, Ipv6Addr};
use tollgate_model::{Number, Value};

const PREFIX: crate::Param = param("prefix", P::String);

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("cidrsubnet", &[PREFIX, param("newbits", P::Number), param("netnum", P::Number)], cidrsubnet),
    Spec::variadic("cidrsubnets", &[PREFIX], param("newbits", P::Number), cidrsubnets),
    Spec::new("cidrhost", &[PREFIX, param("hostnum", P::Number)], cidrhost),
    Spec::new("cidrnetmask", &[PREFIX], cidrnetmask),
];

/// A network as Go's `net.ParseCIDR` returns it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Network {
    /// The address bytes as one number (4 or 16 bytes long).
    ip: u128,
    /// 4 or 16.
    bytes: u32,
    prefix: u32,
}

impl Network {
    fn bits(self) -> u32 {
        self.bytes * 8
    }

    /// Whether the 16-byte address is an IPv4-mapped one (`::ffff:a.b.c.d`).
    fn is_mapped(self) -> bool {
        self.bytes == 16 && self.ip >> 32 == 0xffff
    }
}

fn mask(prefix: u32, bits: u32) -> u128 {
    let all = if bits == 128 { u128::MAX } else { (1u128 << bits) - 1 };
    if prefix == 0 {
        0
    } else if prefix >= bits {
        all
    } else {
        all & !(all >> prefix)
    }
}

fn parse_cidr(s: &str) -> Result<Network, String> {
    let invalid = || format!("invalid CIDR address: {s}");
    let (addr, len) = s.split_once('/').ok_or_else(invalid)?;
    let (ip, bytes) = match parse_ipv4(addr) {
        Some(ip) => (ip as u128, 4),
        None if !addr.contains('%') => (u128::from(addr.parse::<Ipv6Addr>().map_err(|_| invalid())?), 16),
        None => return Err(invalid()),
    };
    if len.is_empty() || len.len() > 3 || !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let prefix: u32 = len.parse().map_err(|_| invalid())?;
    if prefix > bytes * 8 {
        return Err(invalid());
    }
    Ok(Network { ip: ip & mask(prefix, bytes * 8), bytes, prefix })
}

/// Dotted decimal with optional leading zeros (Go's parser before 1.17, which Terraform keeps).
fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut ip = 0u32;
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let octet: u32 = part.parse().ok()?;
        if octet > 255 {
            return None;
        }
        ip = ip << 8 | octet;
    }
    Some(ip)
}

/// Go's `net.IP.String()`.
fn ip_string(ip: u128, bytes: u32) -> String {
    if bytes == 4 || ip >> 32 == 0xffff {
        Ipv4Addr::from(ip as u32).to_string()
    } else {
        Ipv6Addr::from(ip).to_string()
    }
}

/// Go's `net.IPNet.String()`: an IPv4-mapped network prints as IPv4.
fn network_string(n: Network) -> String {
    let prefix = if n.is_mapped() { n.prefix.saturating_sub(96) } else { n.prefix };
    format!("{}/{prefix}", ip_string(n.ip, n.bytes))
}

/// A whole number argument as a big integer.
fn whole(n: Number) -> Option<i128> {
    match n {
        Number::Int(i) => Some(i as i128),
        Number::Float(f) if f.fract() == 0.0 && f.abs() < 1.7e38 => Some(f as i128),
        Number::Float(_) => None,
    }
}

fn number_arg(ctx: &Ctx, v: &Value) -> Result<i128, FunctionError> {
    v.as_number().and_then(whole).ok_or_else(|| ctx.fail("value must be a whole number"))
}

/// go-cidr's `insertNumIntoIP`: ORs `num << (total bits - prefix)` into the address as big integers
/// do (a negative number in two's complement, the result's magnitude kept).
fn insert(ctx: &Ctx, ip: u128, bytes: u32, num: i128, prefix: i64) -> Result<u128, FunctionError> {
    let too_large = || ctx.fail("the resulting address does not fit in the address family");
    let shift = (bytes * 8) as i64 - prefix;
    if !(0..128).contains(&shift) {
        return Err(too_large());
    }
    let magnitude = num.unsigned_abs();
    if magnitude != 0 && (magnitude.leading_zeros() as i64) < shift {
        return Err(too_large());
    }
    let shifted = magnitude << shift;
    let result = if num < 0 { (shifted.wrapping_neg() | ip).wrapping_neg() } else { shifted | ip };
    if bytes == 4 && result > u32::MAX as u128 {
        return Err(too_large());
    }
    Ok(result)
}

fn cidrsubnet(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let newbits = number_arg(ctx, &args[1])?;
    let netnum = number_arg(ctx, &args[2])?;
    let network = parse_cidr(text(&args[0])).map_err(|e| ctx.fail(format!("invalid CIDR expression: {e}")))?;
    let new_prefix = network.prefix as i128 + newbits;
    if new_prefix > network.bits() as i128 {
        return Err(ctx.fail(format!("insufficient address space to extend prefix of {} by {newbits}", network.prefix)));
    }
    // go-cidr compares the low 64 bits of |netnum| with 2^newbits - 1 in uint64 arithmetic.
    let max = if (0..64).contains(&newbits) { (1u64 << newbits) - 1 } else { u64::MAX };
    if (netnum.unsigned_abs() as u64) > max {
        return Err(ctx.fail(format!("prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")));
    }
    if new_prefix < 0 {
        return Err(ctx.fail(format!("cannot shorten prefix of {} by {}", network.prefix, -newbits)));
    }
    let ip = insert(ctx, network.ip, network.bytes, netnum, new_prefix as i64)?;
    let subnet = Network { ip, bytes: network.bytes, prefix: new_prefix as u32 };
    Ok(ctx.string(network_string(subnet)))
}

fn cidrhost(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let mut hostnum = number_arg(ctx, &args[1])?;
    let network = parse_cidr(text(&args[0])).map_err(|e| ctx.fail(format!("invalid CIDR expression: {e}")))?;
    let host_bits = network.bits() - network.prefix;
    let max: i128 = if host_bits >= 127 { i128::MAX } else { (1i128 << host_bits) - 1 };
    let mut magnitude = hostnum;
    if hostnum < 0 {
        magnitude = -hostnum - 1;
        hostnum = max - magnitude;
    }
    if magnitude > max {
        return Err(ctx.fail(format!("prefix of {} does not accommodate a host numbered {hostnum}", network.prefix)));
    }
    // go-cidr inserts at 32 bits for IPv4 (mapped included, shifting a mapped address's host number
    // into the upper bits exactly as Terraform does).
    let width: i64 = if network.bytes == 4 || network.is_mapped() { 32 } else { 128 };
    let ip = insert(ctx, network.ip, network.bytes, hostnum, width)?;
    Ok(ctx.string(ip_string(ip, network.bytes)))
}

fn cidrnetmask(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let prefix = text(&args[0]);
    let network = parse_cidr(prefix).map_err(|e| ctx.fail(format!("invalid CIDR expression: {e}")))?;
    if network.bytes == 16 {
        return Err(ctx.fail(format!("IPv6 addresses cannot have a netmask: {prefix}")));
    }
    Ok(ctx.string(ip_string(mask(network.prefix, 32), 4)))
}

fn cidrsubnets(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let network = parse_cidr(text(&args[0])).map_err(|e| ctx.arg_fail(0, format!("invalid CIDR expression: {e}")))?;
    let lengths = &args[1..];
    let Some(first) = lengths.first() else {
        return Ok(ctx.list(vec![]));
    };
    let bits = network.bits();
    let all = mask(bits, bits);
    let first_len = (number_arg(ctx, first)? + network.prefix as i128).clamp(0, bits as i128) as u32;
    // The subnet just before the base network's start, of the first requested size.
    let mut current =
        Network { ip: network.ip.wrapping_sub(1) & all & mask(first_len, bits), prefix: first_len, ..network };
    let mut out = Vec::with_capacity(lengths.len());
    for (i, length) in lengths.iter().enumerate() {
        let newbits = number_arg(ctx, length).map_err(|e| ctx.arg_fail(i + 1, e.message))?;
        if newbits < 1 {
            return Err(ctx.arg_fail(i + 1, "must extend prefix by at least one bit"));
        }
        if newbits > 32 {
            return Err(ctx.arg_fail(i + 1, "may not extend prefix by more than 32 bits"));
        }
        let length = newbits as u32 + network.prefix;
        if length > bits {
            let family = if bits == 32 { "IPv4" } else { "IPv6" };
            return Err(ctx.arg_fail(
                i + 1,
                format!("would extend prefix to {length} bits, which is too long for an {family} address"),
            ));
        }
        let current_last = current.ip | (all & !mask(current.prefix, bits));
        let start = current_last & mask(length, bits);
        let last = start | (all & !mask(length, bits));
        let following = last.wrapping_add(1) & all;
        let next = Network { ip: following & mask(length, bits), prefix: length, ..network };
        let rollover = following == 0;
        if rollover || next.ip & mask(network.prefix, bits) != network.ip {
            return Err(ctx.arg_fail(
                i + 1,
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                    network_string(current)
                ),
            ));
        }
        current = next;
        out.push(ctx.string(network_string(current)));
    }
    Ok(ctx.list(out))
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn cidrsubnet_ipv4_and_ipv6() {
        assert_eq!(ok("cidrsubnet", vec![s("10.0.0.0/16"), num(8), num(2)]), s("10.0.2.0/24"));
        assert_eq!(ok("cidrsubnet", vec![s("10.1.2.3/16"), num(8), num(2)]), s("10.1.2.0/24"));
        assert_eq!(ok("cidrsubnet", vec![s("010.0.0.0/8"), num(8), num(2)]), s("10.2.0.0/16"));
        assert_eq!(ok("cidrsubnet", vec![s("10.0.0.0/16"), num(0), num(0)]), s("10.0.0.0/16"));
        assert_eq!(ok("cidrsubnet", vec![s("10.0.0.0/16"), num(4), num(-1)]), s("0.0.16.0/20"));
        assert_eq!(ok("cidrsubnet", vec![s("10.0.0.0/16"), num(-1), num(0)]), s("10.0.0.0/15"));
        assert_eq!(ok("cidrsubnet", vec![s("0.0.0.0/0"), num(1), num(1)]), s("128.0.0.0/1"));
        assert_eq!(
            ok("cidrsubnet", vec![s("fd00:fd12:3456:7890::/56"), num(16), num(162)]),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(ok("cidrsubnet", vec![s("2001:db8::/32"), num(32), num(4294967295)]), s("2001:db8:ffff:ffff::/64"));
        assert_eq!(ok("cidrsubnet", vec![s("::ffff:10.0.0.0/104"), num(8), num(3)]), s("10.3.0.0/16"));
    }

    #[test]
    fn cidrsubnet_errors() {
        assert!(err("cidrsubnet", vec![s("10.0.0.0/16"), num(17), num(0)])
            .contains("insufficient address space to extend prefix of 16 by 17"));
        assert!(err("cidrsubnet", vec![s("10.0.0.0/16"), num(4), num(16)])
            .contains("does not accommodate a subnet numbered 16"));
        assert!(err("cidrsubnet", vec![s("10.0.0.0"), num(8), num(2)]).contains("invalid CIDR address: 10.0.0.0"));
        assert!(err("cidrsubnet", vec![s("10.0.0.0/33"), num(8), num(2)]).contains("invalid CIDR address"));
        assert!(err("cidrsubnet", vec![s("300.0.0.0/8"), num(8), num(2)]).contains("invalid CIDR address"));
        assert!(err("cidrsubnet", vec![s("10.0.0.0/8"), float(1.5), num(2)]).contains("whole number"));
    }

    #[test]
    fn cidrhost_counts_from_either_end() {
        assert_eq!(ok("cidrhost", vec![s("10.12.112.0/20"), num(16)]), s("10.12.112.16"));
        assert_eq!(ok("cidrhost", vec![s("10.12.112.0/20"), num(268)]), s("10.12.113.12"));
        assert_eq!(ok("cidrhost", vec![s("10.12.112.0/20"), num(-1)]), s("10.12.127.255"));
        assert_eq!(ok("cidrhost", vec![s("fd00:fd12:3456:7890:00a2::/72"), num(34)]), s("fd00:fd12:3456:7890::22"));
        assert_eq!(ok("cidrhost", vec![s("2001:db8::/64"), num(0)]), s("2001:db8::"));
        assert_eq!(ok("cidrhost", vec![s("::ffff:10.0.0.0/104"), num(5)]), s("0:5::ffff:a00:0"));
        assert!(err("cidrhost", vec![s("10.12.112.0/20"), num(4096)]).contains("host numbered 4096"));
        assert!(err("cidrhost", vec![s("10.12.112.0/20"), num(-4097)]).contains("host numbered -1"));
    }

    #[test]
    fn netmask() {
        assert_eq!(ok("cidrnetmask", vec![s("172.16.0.0/12")]), s("255.240.0.0"));
        assert_eq!(ok("cidrnetmask", vec![s("10.0.0.0/0")]), s("0.0.0.0"));
        assert!(err("cidrnetmask", vec![s("fd00::/64")]).contains("IPv6 addresses cannot have a netmask"));
    }

    #[test]
    fn cidrsubnets_allocates_in_order() {
        assert_eq!(
            ok("cidrsubnets", vec![s("10.1.0.0/16"), num(4), num(4), num(8), num(4)]),
            strings(&["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])
        );
        assert_eq!(
            ok("cidrsubnets", vec![s("fd00:fd12:3456:7890::/56"), num(16), num(16), num(16), num(32)]),
            strings(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88"
            ])
        );
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/8"), num(4), num(2)]), strings(&["10.0.0.0/12", "10.64.0.0/10"]));
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/8")]), list(vec![]));
        assert!(err("cidrsubnets", vec![s("10.0.0.0/30"), num(1), num(1), num(1)]).contains("after 10.0.0.2/31"));
        assert!(err("cidrsubnets", vec![s("10.0.0.0/8"), num(0)]).contains("at least one bit"));
        assert!(err("cidrsubnets", vec![s("10.0.0.0/8"), num(33)]).contains("more than 32 bits"));
        assert!(err("cidrsubnets", vec![s("10.0.0.0/30"), num(3)]).contains("33 bits, which is too long for an IPv4"));
        assert!(err("cidrsubnets", vec![s("0.0.0.0/0"), num(1), num(1), num(1)]).contains("not enough remaining"));
    }
}
