//! Hostile configurations: long reference chains, huge counts, self references. Never a panic,
//! a hang or a stack overflow; what cannot be evaluated is unknown and said so.

use super::project_support::*;
use crate::TerraformSettings;
use serde_json::json;
use tollgate_model::NoticeKind;

/// Runs `f` on a thread with rayon's default 2 MiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(2 * 1024 * 1024).spawn(f).unwrap().join().expect("no panic")
}

#[test]
fn a_long_chain_of_locals_is_cut_not_overflowed() {
    let mut text = String::from("locals {\n");
    for i in 0..3000 {
        text.push_str(&format!("  l{i} = local.l{}\n", i + 1));
    }
    text.push_str("  l3000 = 1\n  short = local.l2990\n}\nresource \"t_r\" \"x\" { v = local.l0 }\n");
    let dir = tree(&[("main.tf", &text)]);
    let root = dir.path().to_path_buf();
    let scan = on_small_stack(move || scan(&root, TerraformSettings::default()));
    assert_eq!(scan.json("local.short", &["value"]), json!(1));
    // Too deep to follow from the top: unknown, not a crash.
    assert!(scan.value("t_r.x", &["v"]).is_unknown());
}

#[test]
fn huge_counts_are_not_expanded() {
    let dir = tree(&[("main.tf", "resource \"t_r\" \"x\" {\n  count = 1000000000\n  i = count.index\n}\n")]);
    let scan = scan(dir.path(), TerraformSettings::default());
    assert_eq!(scan.addresses(), vec!["t_r.x"]);
    let notices = scan.notices(NoticeKind::InvalidConfiguration);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].message.contains("more instances than Tollgate expands"), "{}", notices[0].message);
}

#[test]
fn a_resource_referring_to_itself_is_a_cycle() {
    let dir = tree(&[(
        "main.tf",
        "resource \"t_r\" \"a\" {\n  x = t_r.b.y\n}\nresource \"t_r\" \"b\" {\n  y = t_r.a.x\n  z = 1\n}\n",
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let notices = scan.notices(NoticeKind::InvalidConfiguration);
    assert_eq!(notices.len(), 1, "{:?}", scan.notices);
    assert!(notices[0].message.contains("`t_r.a`") && notices[0].message.contains("`t_r.b`"));
    assert_eq!(scan.json("t_r.b", &["z"]), json!(1));
}

#[test]
fn errors_inside_values_leave_the_rest_known() {
    let dir = tree(&[(
        "main.tf",
        "resource \"t_r\" \"x\" {\n  a = [1, nosuch.thing, 3]\n  b = { ok = true, bad = 1 + \"x\" }\n  c = provider::aws::f(1)\n}\n",
    )]);
    let scan = scan(dir.path(), TerraformSettings::default());
    let a = scan.value("t_r.x", &["a"]).as_list().unwrap();
    assert_eq!((a[0].to_json(), a[1].is_unknown(), a[2].to_json()), (json!(1), true, json!(3)));
    assert_eq!(scan.json("t_r.x", &["b", "ok"]), json!(true));
    assert!(scan.value("t_r.x", &["b", "bad"]).is_unknown());
    assert!(scan.value("t_r.x", &["c"]).is_unknown());
}

#[test]
fn a_single_file_with_a_long_chain_evaluates_on_a_small_stack() {
    let mut text = String::from("locals {\n");
    for i in 0..500 {
        text.push_str(&format!("  l{i} = {{ v = [local.l{}] }}\n", i + 1));
    }
    text.push_str("  l500 = 1\n}\nresource \"t_r\" \"x\" { v = local.l0 }\n");
    let load = on_small_stack(move || super::support::load("main.tf", &text));
    assert!(load.errors.is_empty());
    let x = load.resources.iter().find(|r| r.address == "t_r.x").expect("resource");
    assert!(x.body.get("v").value().is_some_and(|v| v.contains_unknown()));
}
