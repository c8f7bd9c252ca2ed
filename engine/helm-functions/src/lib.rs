//! The functions Helm charts call, ours: Sprig's (strings, lists, dicts, math, encoding, regex, semver,
//! types, dates, hashes, random) and Helm's pure ones (`toYaml`, `fromYaml`, `toJson`, `toToml`, ...),
//! as [`tollgate_gotemplate::Functions`] over [`tollgate_gotemplate::Value`]s.
//!
//! Helm's functions that need the chart or the engine (`include`, `tpl`, `required`, `lookup`) belong to
//! the renderer (`tollgate-helm`).
//!
//! Randomness: Helm makes `randAlphaNum`, `uuidv4`, `genPrivateKey`, ... random. Here they are
//! deterministic per `seed` (the renderer passes one per release), so reports are stable, and every
//! value they produce is recorded in [`Generated`] so rules can tell generated data from the user's.
//!
//! Time: `now` is the render time in [`Options::now`] ([`functions`] reads the wall clock), so the
//! date functions are reproducible too; `Local` is UTC.

mod args_strings;
mod convert;
mod defaults;
mod dicts;
mod encoding;
mod lists;
mod math;
mod network;
mod random;
mod regex;
mod strings;
mod types;
mod yaml;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use tollgate_gotemplate::time::Time;
use tollgate_gotemplate::Functions;

mod crypto;
pub mod semver;
mod time;

pub use dicts::FILES_TYPE;

/// The values random and generating functions produced during rendering (shared by the functions).
#[derive(Clone, Debug, Default)]
pub struct Generated(Arc<Mutex<BTreeSet<String>>>);

impl Generated {
    /// Records a produced value.
    pub fn record(&self, value: &str) {
        if let Ok(mut values) = self.0.lock() {
            values.insert(value.to_string());
        }
    }

    /// Whether `value` was produced by a generating function.
    pub fn contains(&self, value: &str) -> bool {
        self.0.lock().map(|values| values.contains(value)).unwrap_or(false)
    }

    /// Every recorded value, sorted.
    pub fn values(&self) -> Vec<String> {
        self.0.lock().map(|values| values.iter().cloned().collect()).unwrap_or_default()
    }
}

/// What a render's functions depend on: the seed of the random ones, and the render time `now` returns.
#[derive(Clone, Debug)]
pub struct Options {
    pub seed: String,
    pub now: Time,
}

impl Options {
    /// `seed`, with `now` read from the wall clock.
    pub fn new(seed: &str) -> Options {
        Options { seed: seed.to_string(), now: time::system_now() }
    }
}

/// Sprig's and Helm's pure functions, with random ones seeded by `seed` and recording into the returned
/// [`Generated`]; `now` is the wall clock.
pub fn functions(seed: &str) -> (Functions, Generated) {
    functions_with(&Options::new(seed))
}

/// [`functions`] with a given render time, for reproducible renders.
pub fn functions_with(options: &Options) -> (Functions, Generated) {
    let generated = Generated::default();
    let mut functions = Functions::new();
    register_all(&mut functions, &options.seed, &generated);
    time::register(&mut functions, &options.now);
    crypto::register(&mut functions, &options.seed, &options.now, &generated);
    (functions, generated)
}

fn register_all(functions: &mut Functions, seed: &str, generated: &Generated) {
    semver::register(functions);
    lists::register(functions);
    dicts::register(functions);
    math::register(functions);
    types::register(functions);
    defaults::register(functions);
    convert::register(functions);
    network::register(functions);
    strings::register(functions);
    regex::register(functions);
    encoding::register(functions);
    random::register(functions, seed, generated);
    encoding::register_crypto(functions, seed, generated);
}
