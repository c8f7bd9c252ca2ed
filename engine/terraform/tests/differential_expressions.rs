//! Differential test of the expression evaluator: every expression of
//! `tests/differential/expressions.txt` is evaluated by Tollgate ([`evaluate_expression_with_locals`])
//! and by the real `terraform console` (as `jsonencode(expr)`), with the variables and locals of
//! `tests/differential/expressions.tf` in scope on both sides. The results must agree: the same
//! JSON value (numbers compared numerically), both an error, or both unknown. Entries marked
//! `#! mismatch: <reason>` are known differences and must still differ.
//!
//! Tollgate gets the variables' and locals' values by evaluating that same file as a root
//! module (through `tollgate_load::load`), so type constraints, `optional()` defaults, heredocs
//! and locals built on resources are Tollgate's own evaluation too.
//!
//! Runs when `terraform` is on the PATH and prints `SKIP: terraform not found` otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;
use tollgate_model::{TfBlock, Value};
use tollgate_terraform::evaluate_expression_with_locals;
use tollgate_terraform_differential::{
    compare_corpus, parallel, read_corpus, rerun_unexpected, threads, Outcome, Terraform,
};

fn differential_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential")
}

/// A scratch directory holding the declarations as `main.tf`.
fn scratch_with_declarations() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("scratch directory");
    std::fs::copy(differential_dir().join("expressions.tf"), dir.path().join("main.tf")).expect("copy declarations");
    dir
}

/// The variables and locals of the declarations as Tollgate evaluates them.
fn tollgate_names() -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
    let dir = scratch_with_declarations();
    let loaded = tollgate_load::load(&tollgate_load::LoadOptions::new(vec![dir.path().to_path_buf()]))
        .expect("load the declarations");
    assert!(loaded.errors.is_empty(), "the declarations must load without errors: {:?}", loaded.errors);
    let (mut vars, mut locals) = (BTreeMap::new(), BTreeMap::new());
    for (_, resource) in loaded.graph.resources() {
        let Some(origin) = resource.terraform() else { continue };
        let table = match origin.block {
            TfBlock::Variable => &mut vars,
            TfBlock::Locals => &mut locals,
            _ => continue,
        };
        let value = resource.body.entry("value").map(|e| e.value.clone()).expect("variables and locals have a value");
        table.insert(resource.name.clone(), value);
    }
    (vars, locals)
}

#[test]
fn expressions_agree_with_terraform_console() {
    let Some(terraform) = Terraform::find_or_skip("the differential expression corpus") else { return };
    let corpus = read_corpus(&differential_dir().join("expressions.txt"));
    assert!(corpus.len() >= 200, "the corpus must hold at least 200 expressions, has {}", corpus.len());

    let started = Instant::now();
    let (vars, locals) = tollgate_names();
    let ours: Vec<Outcome> =
        corpus.iter().map(|entry| Outcome::of(evaluate_expression_with_locals(&entry.expr, &vars, &locals))).collect();
    // One console per directory at a time: each thread has its own copy of the declarations.
    let theirs = parallel(&corpus, threads(), scratch_with_declarations, |dir, entry| {
        terraform.console(dir.path(), &entry.expr)
    });
    let theirs = rerun_unexpected(&corpus, &ours, theirs, scratch_with_declarations, |dir, entry| {
        terraform.console(dir.path(), &entry.expr)
    });
    let problems = compare_corpus("expressions.txt", &corpus, &ours, &theirs);
    let known = corpus.iter().filter(|e| e.expected_mismatch.is_some()).count();
    println!(
        "{} expressions compared with terraform console in {:.1?} ({known} known mismatches)",
        corpus.len(),
        started.elapsed()
    );
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
