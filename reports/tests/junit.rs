//! The JUnit XML report: golden files, and its contract: well-formed XML whose count attributes
//! equal the elements they count, only blocking findings as failures, load errors as errors,
//! and no text that can break out of an attribute or element.

#[path = "common/ci.rs"]
mod ci;
mod common;

use ci::{hostile_report, with_suppressions, HOSTILE};
use common::{empty_report, report};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;
use tollgate_model::Severity;
use tollgate_reports::{render_junit, Gate, ScanReport};

/// An element of the parsed report: its attributes, children and text.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attributes: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|child| child.name == name).collect()
    }

    fn attribute(&self, name: &str) -> &str {
        self.attributes.get(name).map(String::as_str).unwrap_or_else(|| panic!("<{}> has no {name}", self.name))
    }

    fn count(&self, name: &str) -> usize {
        self.attribute(name).parse().expect("a count")
    }
}

fn element(start: &BytesStart) -> Node {
    let name = start.name().as_ref().to_string();
    let attributes = start
        .attributes()
        .map(|attribute| {
            let attribute = attribute.expect("well-formed attribute");
            let key = attribute.key.as_ref().to_string();
            (key, attribute.normalized_value(XmlVersion::Implicit1_0).expect("escaped value").into_owned())
        })
        .collect();
    Node { name, attributes, ..Node::default() }
}

/// Parses the report as an XML reader would, failing on anything malformed.
fn parse(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => stack.last_mut().expect("open").children.push(element(&start)),
            Event::End(_) => {
                let done = stack.pop().expect("open element");
                stack.last_mut().expect("a parent").children.push(done);
            }
            Event::Text(text) => stack.last_mut().expect("open").text.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().expect("valid reference") {
                    Some(c) => c,
                    None => match reference.xml10_content().as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("undeclared entity &{other};"),
                    },
                };
                stack.last_mut().expect("open").text.push(resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut document = stack.pop().expect("document");
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.remove(0)
}

/// Checks the counts of every suite and of the whole report against the cases; returns the
/// root and its (tests, failures, errors, skipped).
fn checked(report: &ScanReport) -> (Node, [usize; 4]) {
    let xml = render_junit(report);
    assert!(xml.chars().all(|c| c == '\n' || !c.is_control()), "a control character in:\n{xml}");
    let root = parse(&xml);
    assert_eq!(root.name, "testsuites");
    let mut total = [0; 4];
    for suite in root.all("testsuite") {
        let cases = suite.all("testcase");
        let with = |outcome: &str| cases.iter().filter(|case| !case.all(outcome).is_empty()).count();
        let counts = [cases.len(), with("failure"), with("error"), with("skipped")];
        let declared = ["tests", "failures", "errors", "skipped"].map(|name| suite.count(name));
        assert_eq!(counts, declared, "suite {}", suite.attribute("name"));
        for case in &cases {
            assert!(!case.attribute("classname").is_empty() && !case.attribute("name").is_empty());
            let outcomes = ["failure", "error", "skipped"].iter().map(|o| case.all(o).len()).sum::<usize>();
            assert!(outcomes <= 1, "one outcome per case: {case:?}");
        }
        (0..4).for_each(|i| total[i] += counts[i]);
    }
    assert_eq!(total, ["tests", "failures", "errors", "skipped"].map(|name| root.count(name)));
    (root, total)
}

fn suite<'a>(root: &'a Node, name: &str) -> &'a Node {
    root.all("testsuite").into_iter().find(|s| s.attribute("name") == name).unwrap_or_else(|| panic!("no suite {name}"))
}

#[test]
fn junit_report_golden() {
    insta::assert_snapshot!(render_junit(&report()));
}

#[test]
fn junit_report_with_suppressions_and_a_catalog_golden() {
    insta::assert_snapshot!(render_junit(&with_suppressions()));
}

#[test]
fn counts_equal_the_elements_they_count() {
    // 11 cases (TG130 has three: a bucket and one module resource in each of two roots):
    // 3 blocking (TG201 critical, TG101 high, the policy warn rule under --fail-on-warn),
    // 1 unknown skipped, 2 load errors, the rest below the gate.
    assert_eq!(checked(&report()).1, [11, 3, 2, 1]);
    assert_eq!(checked(&empty_report()).1, [0, 0, 0, 0]);
    // + a suppressed TG101 case, a suppressed TG130 case (skipped) and the clean TG150 rule.
    assert_eq!(checked(&with_suppressions()).1, [14, 3, 2, 3]);
}

#[test]
fn only_blocking_findings_are_failures() {
    let strict =
        ScanReport { gate: Gate { fail_on: Severity::Info, unknown_fails: true, ..Gate::default() }, ..report() };
    // Every finding fails now, the unknown one too; the two load errors stay errors.
    assert_eq!(checked(&strict).1, [11, 9, 2, 0]);
    let (root, _) = checked(&report());
    let low = suite(&root, "TG120 s3-public-acl").all("testcase")[0];
    assert!(low.all("failure").is_empty(), "a low finding under --fail-on high passes: {low:?}");
    assert!(low.all("system-out")[0].text.starts_with("below the gate (--fail-on high): network/main.tf:14-14"));
}

#[test]
fn failures_carry_the_file_lines_and_message() {
    let (root, _) = checked(&report());
    let case = suite(&root, "TG101 security-group-open-admin-port").all("testcase")[0];
    assert_eq!(case.attribute("name"), "aws_security_group.ssh");
    assert_eq!((case.attribute("file"), case.attribute("line")), ("network/main.tf", "4"));
    let failure = case.all("failure")[0];
    assert_eq!(failure.attribute("type"), "high");
    assert!(failure.attribute("message").starts_with("ingress allows port 22"));
    assert!(failure.text.starts_with("network/main.tf:4-9: [high] ingress allows port 22"), "{}", failure.text);
}

#[test]
fn load_errors_are_error_cases_of_the_tollgate_suite() {
    let (root, _) = checked(&report());
    let errors = suite(&root, "tollgate").all("testcase");
    assert_eq!(errors.len(), 2);
    let broken = errors.iter().find(|case| case.attribute("name") == "network/broken.tf").expect("broken.tf");
    let error = broken.all("error")[0];
    assert_eq!(
        error.attribute("message"),
        "expected `=` or `{` after attribute name\n  hint: check for a missing quote"
    );
    assert!(error.text.starts_with("network/broken.tf:3:7: expected"));
}

#[test]
fn suppressed_findings_are_skipped_with_their_reason() {
    let (root, _) = checked(&with_suppressions());
    let cases = suite(&root, "TG101 security-group-open-admin-port").all("testcase");
    let bastion = cases.iter().find(|c| c.attribute("name") == "aws_security_group.bastion").expect("bastion");
    assert_eq!(
        bastion.all("skipped")[0].attribute("message"),
        "suppressed at network/main.tf:29 until 2027-03-31: bastion, reviewed in SEC-12: network/main.tf:30-36: \
         [critical] ingress allows port 22 from 0.0.0.0/0; restrict `cidr_blocks`"
    );
    let legacy = suite(&root, "TG130 missing-tags").all("testcase");
    let legacy = legacy.iter().find(|c| c.attribute("name") == "aws_s3_bucket.legacy").expect("legacy");
    assert!(legacy.all("skipped")[0].attribute("message").starts_with("suppressed at tollgate.toml (no reason given)"));
    let clean = suite(&root, "TG150 never-found");
    assert_eq!(clean.all("testcase")[0].attribute("name"), "no findings");
}

#[test]
fn hostile_text_stays_inside_its_attribute_or_element() {
    let (root, counts) = checked(&hostile_report());
    assert_eq!(counts, [1, 1, 0, 0], "one resource: one case, failing, the others in its output");
    let expected: String = HOSTILE.chars().filter(|c| !matches!(c, '\u{1}' | '\u{1b}')).collect();
    let cases = suite(&root, "TG101 security-group-open-admin-port").all("testcase");
    let failing = cases.iter().find(|case| !case.all("failure").is_empty()).expect("the failing case");
    assert_eq!(failing.all("failure")[0].attribute("message"), expected, "the message round-trips");
    assert_eq!(failing.attribute("file"), "dir, with: comma/main.tf");
    assert!(failing.attribute("name").contains(&expected));
    let output = &failing.all("system-out")[0].text;
    assert_eq!(output.matches(&expected).count(), 3, "the unknown's message, the reason and the message: {output}");
    assert!(output.starts_with("unknown: dir, with: comma/main.tf:8-8: [critical] evil | cell"), "{output}");
}

#[test]
fn junit_is_identical_across_renders() {
    assert_eq!(render_junit(&with_suppressions()), render_junit(&with_suppressions()));
}
