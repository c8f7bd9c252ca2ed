//! Sprig's math: integer functions over `cast.ToInt64` of their arguments (`add "3" 1` is 4, `add 1.7 1`
//! is 2; overflow wraps as Go's int64 does; division by zero is Go's runtime error), and the `f` forms
//! in decimal arithmetic as Sprig's `shopspring/decimal` does it (`addf 0.1 0.2` is 0.3; `divf` keeps 16
//! fractional digits), returning float64.

use tollgate_gotemplate::{Functions, Value};

use crate::types::{to_float64, to_int64};

const DIVIDE_BY_ZERO: &str = "runtime error: integer divide by zero";

pub fn register(functions: &mut Functions) {
    register_integer(functions);
    register_float(functions);
}

fn register_integer(functions: &mut Functions) {
    functions.add("add", |args| Ok(Value::Int64(args.iter().map(to_int64).fold(0, i64::wrapping_add))));
    functions.add("add1", |args| Ok(Value::Int64(to_int64(crate::types::arg1("add1", args)?).wrapping_add(1))));
    functions.add("sub", |args| {
        let (a, b) = pair("sub", args)?;
        Ok(Value::Int64(a.wrapping_sub(b)))
    });
    functions.add("mul", |args| {
        let first = to_int64(int_arg("mul", args, 0)?);
        Ok(Value::Int64(args[1..].iter().map(to_int64).fold(first, i64::wrapping_mul)))
    });
    functions.add("div", |args| {
        let (a, b) = pair("div", args)?;
        a.checked_div(b)
            .or_else(|| (b == -1).then_some(a.wrapping_neg()))
            .map(Value::Int64)
            .ok_or(DIVIDE_BY_ZERO.into())
    });
    functions.add("mod", |args| {
        let (a, b) = pair("mod", args)?;
        if b == 0 {
            return Err(DIVIDE_BY_ZERO.to_string());
        }
        Ok(Value::Int64(a.wrapping_rem(b)))
    });
    // `biggest` is Sprig's older name for `max`.
    for name in ["max", "biggest"] {
        functions.add(name, move |args| {
            let first = to_int64(int_arg(name, args, 0)?);
            Ok(Value::Int64(args[1..].iter().map(to_int64).fold(first, i64::max)))
        });
    }
    functions.add("min", |args| {
        let first = to_int64(int_arg("min", args, 0)?);
        Ok(Value::Int64(args[1..].iter().map(to_int64).fold(first, i64::min)))
    });
    functions.add("floor", |args| Ok(Value::Float(to_float64(crate::types::arg1("floor", args)?).floor())));
    functions.add("ceil", |args| Ok(Value::Float(to_float64(crate::types::arg1("ceil", args)?).ceil())));
    functions.add("round", |args| match args {
        [value, places] => Ok(Value::Float(round(to_float64(value), to_int64(places), 0.5))),
        [value, places, round_on] => Ok(Value::Float(round(to_float64(value), to_int64(places), to_float64(round_on)))),
        _ => Err(format!("wrong number of args for round: want at least 2 got {}", args.len())),
    });
}

fn int_arg<'a>(name: &str, args: &'a [Value], index: usize) -> Result<&'a Value, String> {
    args.get(index)
        .ok_or_else(|| format!("wrong number of args for {name}: want at least {} got {}", index + 1, args.len()))
}

fn pair(name: &str, args: &[Value]) -> Result<(i64, i64), String> {
    let (a, b) = crate::types::arg2(name, args)?;
    Ok((to_int64(a), to_int64(b)))
}

/// Sprig's rounding: up when the fraction at `places` reaches `round_on`.
fn round(value: f64, places: i64, round_on: f64) -> f64 {
    let scale = 10f64.powf(places as f64);
    let digits = value * scale;
    let fraction = digits.fract();
    let rounded = if fraction >= round_on { digits.ceil() } else { digits.floor() };
    rounded / scale
}

fn register_float(functions: &mut Functions) {
    functions.add("addf", |args| Ok(Value::Float(fold_decimal(args, Decimal::add).unwrap_or(0.0))));
    functions.add("add1f", |args| {
        let value = Decimal::of(to_float64(crate::types::arg1("add1f", args)?));
        Ok(Value::Float(value.add(&Decimal::of(1.0)).to_f64()))
    });
    functions.add("subf", |args| decimal_chain("subf", args, Decimal::sub));
    functions.add("mulf", |args| decimal_chain("mulf", args, Decimal::mul));
    functions.add("divf", |args| {
        let first = int_arg("divf", args, 0)?;
        let mut result = Decimal::of(to_float64(first));
        for divisor in &args[1..] {
            result = result.div(&Decimal::of(to_float64(divisor))).ok_or("decimal division by 0")?;
        }
        Ok(Value::Float(result.to_f64()))
    });
    functions.add("maxf", |args| {
        let first = to_float64(int_arg("maxf", args, 0)?);
        Ok(Value::Float(args[1..].iter().map(to_float64).fold(first, f64::max)))
    });
    functions.add("minf", |args| {
        let first = to_float64(int_arg("minf", args, 0)?);
        Ok(Value::Float(args[1..].iter().map(to_float64).fold(first, f64::min)))
    });
}

fn fold_decimal(args: &[Value], op: fn(&Decimal, &Decimal) -> Decimal) -> Option<f64> {
    let mut values = args.iter().map(|arg| Decimal::of(to_float64(arg)));
    let first = values.next()?;
    Some(values.fold(first, |total, next| op(&total, &next)).to_f64())
}

fn decimal_chain(name: &str, args: &[Value], op: fn(&Decimal, &Decimal) -> Decimal) -> Result<Value, String> {
    int_arg(name, args, 0)?;
    Ok(Value::Float(fold_decimal(args, op).unwrap_or(0.0)))
}

/// A float's shortest decimal digits as `mantissa * 10^-scale`; falls back to float arithmetic when the
/// digits do not fit (huge or tiny magnitudes), where decimal and binary results agree to print anyway.
#[derive(Clone, Copy)]
enum Decimal {
    Exact { mantissa: i128, scale: u32 },
    Float(f64),
}

/// Fractional digits Sprig's decimal division keeps.
const DIVISION_PRECISION: u32 = 16;

impl Decimal {
    fn of(f: f64) -> Decimal {
        let text = format!("{f}");
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        match format!("{whole}{fraction}").parse::<i128>() {
            Ok(mantissa) if fraction.len() <= 30 && f.is_finite() => {
                Decimal::Exact { mantissa, scale: fraction.len() as u32 }
            }
            _ => Decimal::Float(f),
        }
    }

    fn to_f64(self) -> f64 {
        match self {
            Decimal::Exact { mantissa, scale } => format!("{mantissa}e-{scale}").parse().unwrap_or(f64::NAN),
            Decimal::Float(f) => f,
        }
    }

    fn aligned(&self, other: &Decimal) -> Option<(i128, i128, u32)> {
        let (Decimal::Exact { mantissa: a, scale: sa }, Decimal::Exact { mantissa: b, scale: sb }) = (self, other)
        else {
            return None;
        };
        let scale = (*sa).max(*sb);
        let a = a.checked_mul(10i128.checked_pow(scale - sa)?)?;
        let b = b.checked_mul(10i128.checked_pow(scale - sb)?)?;
        Some((a, b, scale))
    }

    fn add(&self, other: &Decimal) -> Decimal {
        match self.aligned(other).and_then(|(a, b, scale)| Some((a.checked_add(b)?, scale))) {
            Some((mantissa, scale)) => Decimal::Exact { mantissa, scale },
            None => Decimal::Float(self.to_f64() + other.to_f64()),
        }
    }

    fn sub(&self, other: &Decimal) -> Decimal {
        match self.aligned(other).and_then(|(a, b, scale)| Some((a.checked_sub(b)?, scale))) {
            Some((mantissa, scale)) => Decimal::Exact { mantissa, scale },
            None => Decimal::Float(self.to_f64() - other.to_f64()),
        }
    }

    fn mul(&self, other: &Decimal) -> Decimal {
        if let (Decimal::Exact { mantissa: a, scale: sa }, Decimal::Exact { mantissa: b, scale: sb }) = (self, other) {
            if let Some(mantissa) = a.checked_mul(*b) {
                return Decimal::Exact { mantissa, scale: sa + sb };
            }
        }
        Decimal::Float(self.to_f64() * other.to_f64())
    }

    /// `None` when dividing by zero; the quotient rounded half away from zero at 16 fractional digits.
    fn div(&self, other: &Decimal) -> Option<Decimal> {
        if other.to_f64() == 0.0 {
            return None;
        }
        let exact = self.aligned(other).and_then(|(a, b, _)| {
            let numerator = a.checked_mul(10i128.pow(DIVISION_PRECISION))?;
            let (quotient, remainder) = (numerator / b, numerator % b);
            let round_away = remainder.checked_abs()?.checked_mul(2)? >= b.checked_abs()?;
            let sign = if (numerator < 0) != (b < 0) { -1 } else { 1 };
            Some(quotient + if round_away { sign } else { 0 })
        });
        Some(match exact {
            Some(mantissa) => Decimal::Exact { mantissa, scale: DIVISION_PRECISION },
            None => Decimal::Float(self.to_f64() / other.to_f64()),
        })
    }
}
