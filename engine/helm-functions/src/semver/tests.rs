//! Every expected value here is what helm 4.1.4 printed for the same call (`helm template` on a scratch
//! chart).

use std::cmp::Ordering;

use tollgate_gotemplate::{Templates, Value};

use super::{semver_compare, Version};

/// `semverCompare CONSTRAINT VERSION` and Helm's answer.
const COMPARISONS: [(&str, &str, bool); 72] = [
    (">=1.21-0", "v1.21.0-eks-1234", true),
    (">=1.21", "v1.21.0-eks-1234", false),
    (">=1.21-0", "1.20.15", false),
    (">= 1.19.0-0", "v1.19.16+k3s1", true),
    ("<1.22-0", "v1.21.14-gke.700", true),
    ("<1.22", "v1.22.0-rc.1", false),
    ("^1.2", "1.9.0", true),
    ("^1.2", "2.0.0", false),
    ("^1.2.3", "1.2.2", false),
    ("^0.2.3", "0.2.9", true),
    ("^0.2.3", "0.3.0", false),
    ("^0.0.3", "0.0.3", true),
    ("^0.0.3", "0.0.4", false),
    ("^0.0", "0.0.9", true),
    ("^0.0", "0.1.0", false),
    ("^0", "0.9.9", true),
    ("^0", "1.0.0", false),
    ("^1.x", "1.5.0", true),
    ("~1.2.3", "1.2.9", true),
    ("~1.2.3", "1.3.0", false),
    ("~1.2", "1.2.0", true),
    ("~1", "1.9.9", true),
    ("~1", "2.0.0", false),
    ("~>1.2", "1.2.7", true),
    ("~0.0.0", "5.0.0", true),
    ("1.2.x", "1.2.9", true),
    ("1.2.x", "1.3.0", false),
    ("1.x", "1.99.0", true),
    ("*", "0.0.1", true),
    ("*", "1.0.0-alpha", false),
    ("x", "3.0.0", true),
    ("1.2", "1.2.5", true),
    ("=1.2.3", "1.2.3", true),
    ("1.2.3", "v1.2.3", true),
    ("!=1.2.3", "1.2.4", true),
    ("!=1.2.3", "1.2.3", false),
    ("!=1.2.x", "1.2.4", false),
    ("!=1.x", "1.5.0", false),
    ("!=1.x", "2.0.0", true),
    (">1.2", "1.2.9", false),
    (">1.2", "1.3.0", true),
    (">1", "1.9.0", false),
    (">1", "2.0.0", true),
    (">1.2.3", "1.2.4", true),
    ("<=1.2", "1.2.9", true),
    ("<=1.2", "1.3.0", false),
    ("<=1.2.3", "1.2.3", true),
    ("<=1", "1.9.9", true),
    ("=<1.2.3", "1.2.2", true),
    ("=>1.2", "1.2.0", true),
    (">=1.2 <2", "1.9.0", true),
    (">=1.2 <2", "2.0.0", false),
    (">=1.2, <2", "1.5.0", true),
    (">=1.2,<2", "2.1.0", false),
    ("<1.2 || >=2.0", "1.5.0", false),
    ("<1.2 || >=2.0", "2.3.0", true),
    ("<1.2 || >=2.0-0", "2.0.0-beta", true),
    ("1.2 - 1.4", "1.4.9", true),
    ("1.2 - 1.4.0", "1.4.1", false),
    ("1.2.3 - 2", "2.9.0", true),
    (">=1.0.0-alpha", "1.0.0-beta", true),
    (">=1.0.0-beta.2", "1.0.0-beta.11", true),
    (">1.0.0-alpha.1", "1.0.0-alpha", false),
    (">=1.0.0-rc.1", "1.0.0", true),
    ("<1.0.0-rc.1", "1.0.0-beta", true),
    (">=x", "1.2.3", true),
    (">=1.2.3-alpha, <1.2.3", "1.2.3-beta", true),
    ("1.2.3-0 - 1.2.4", "1.2.4-alpha", true),
    (">=1.20.0-0 <1.25.0-0", "v1.24.8-eks-ffeb93d", true),
    ("v1.2", "1.2.0", true),
    (">= 1.2", "1.2.1", true),
    (">=01.2", "1.2.0", true),
];

#[test]
fn semver_compare_answers_as_helm_does() {
    for (constraint, version, expected) in COMPARISONS {
        assert_eq!(semver_compare(constraint, version), Ok(expected), "semverCompare {constraint:?} {version:?}");
    }
}

#[test]
fn errors_are_worded_as_helm_shows_them() {
    let cases = [
        ("", "1.2.3", "improper constraint: "),
        ("1.2 - ", "1.2.3", "improper constraint: 1.2 - "),
        (">=1.2.3-01", "1.2.3", "constraint parser error"),
        (">=1.2", "nope", "invalid semantic version"),
        (">=1.2", "1.2.3.4", "invalid semantic version"),
        (">=1.2", "1.2.3-01", "version segment starts with 0"),
        ("<1 ||", "1.0.0", "improper constraint: "),
    ];
    for (constraint, version, expected) in cases {
        assert_eq!(
            semver_compare(constraint, version),
            Err(expected.to_string()),
            "semverCompare {constraint:?} {version:?}"
        );
    }
}

#[test]
fn versions_parse_leniently_and_order_prereleases_by_identifier() {
    let version = Version::parse("v1.2.3-beta.1+build.5").unwrap();
    assert_eq!((version.major, version.minor, version.patch), (1, 2, 3));
    assert_eq!((version.prerelease.as_str(), version.metadata.as_str()), ("beta.1", "build.5"));
    assert_eq!(version.canonical(), "1.2.3-beta.1+build.5");
    assert_eq!(Version::parse("1").unwrap().canonical(), "1.0.0");
    assert_eq!(Version::parse("01.2.3").unwrap().canonical(), "1.2.3");
    assert_eq!(Version::parse("").unwrap_err(), "invalid semantic version");
    assert!(Version::parse("99999999999999999999").unwrap_err().starts_with("error parsing version segment"));
    let order =
        ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0"];
    for pair in order.windows(2) {
        let (low, high) = (Version::parse(pair[0]).unwrap(), Version::parse(pair[1]).unwrap());
        assert_eq!(low.compare(&high), Ordering::Less, "{} < {}", pair[0], pair[1]);
    }
}

fn render(template: &str) -> Result<String, String> {
    let mut functions = tollgate_gotemplate::Functions::new();
    super::register(&mut functions);
    let mut set = Templates::with_functions(functions);
    set.parse("t", template).map_err(|e| e.to_string())?;
    set.execute("t", &Value::Nil).map_err(|e| e.to_string())
}

#[test]
fn semver_objects_have_helms_fields_and_methods() {
    let fields = "{{ $v := semver \"v1.2.3-beta.1+build.5\" }}{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }} {{ $v.String }}";
    assert_eq!(render(fields).unwrap(), "1 2 3 beta.1 build.5 v1.2.3-beta.1+build.5 1.2.3-beta.1+build.5");
    let methods = "{{ (semver \"1.2.3\").Compare (semver \"1.3.0\") }} {{ (semver \"1.2.3\").LessThan (semver \"1.3.0\") }} {{ (semver \"1.2.3\").GreaterThan (semver \"1.3.0\") }} {{ (semver \"1.2.3\").Equal (semver \"1.2.3\") }}";
    assert_eq!(render(methods).unwrap(), "-1 true false true");
    assert_eq!(render("{{ (semver \"1.2\").String }} {{ (semver \"1\").String }}").unwrap(), "1.2.0 1.0.0");
}

#[test]
fn template_errors_name_the_function() {
    let error = render("{{ semver \"x\" }}").unwrap_err();
    assert!(error.ends_with("error calling semver: invalid semantic version"), "{error}");
    let error = render("{{ semverCompare \">=1.2\" \"nope\" }}").unwrap_err();
    assert!(error.ends_with("error calling semverCompare: invalid semantic version"), "{error}");
    let error = render("{{ semverCompare \">=1.2\" 1 }}").unwrap_err();
    assert!(error.contains("expected string; got int"), "{error}");
    assert_eq!(render("{{ semverCompare \">=1.21-0\" \"v1.21.0-eks-1234\" }}").unwrap(), "true");
}
