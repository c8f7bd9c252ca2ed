//! `.Files` and `.Values` keep the Go types Helm gives them: `.Files` (and each `Glob`) is a map of the
//! chart's files whose methods are no entries; `.Values` is `common.Values`, which `dig` refuses. Every
//! expected text is what `helm template` 4.1.4 printed for the same chart.

use std::path::Path;

use tollgate_helm::{render, HelmError, Rendered, TemplateRequest};

const SUBCHART_TEMPLATE: &str = "# sub {{ printf \"%T\" .Values }} {{ dig \"t\" \"none\" .Values.s }}\n";

const PARENT_TEMPLATE: &str = r#"# len {{ len .Files }} {{ len (.Files.Glob "x/*") }} {{ len (.Files.Glob "none/*") }}
# range{{ range $k, $v := .Files }} {{ $k }}{{ end }}
# get {{ .Files.Get "Get" | trim }} {{ index .Files "Get" | toString | trim }}
# types {{ printf "%T" .Files }} {{ printf "%T" (.Files.Glob "x/*") }} {{ printf "%T" .Values }} {{ printf "%T" $.Values }} {{ printf "%T" .Values.a }}
# yaml {{ toYaml (.Files.Glob "x/*") | replace "\n" ";" }}
# empty {{ toYaml (.Files.Glob "none/*") }}
# dig {{ dig "b" "c" "none" .Values.a }} {{ dig "a" "b" "c" "none" (dict "a" .Values.a) }}
# bool {{ if .Files }}files{{ end }} {{ if (.Files.Glob "none/*") }}some{{ else }}none{{ end }}
# hasKey {{ hasKey .Values "a" }} {{ keys .Values | sortAlpha }}
"#;

/// A parent chart with two files under `x/`, a file named like a method (`Get`) and a subchart; `extra`
/// is one more parent template.
fn chart(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        ("Chart.yaml", "apiVersion: v2\nname: f\nversion: 0.1.0\n"),
        ("values.yaml", "a:\n  b:\n    c: deep\nsub:\n  s:\n    t: parent\n"),
        ("x/a.txt", "hi\n"),
        ("x/b.txt", "yo"),
        ("Get", "Get: shadowed\n"),
        ("templates/t.yaml", PARENT_TEMPLATE),
        ("templates/u.yaml", extra),
        ("charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n"),
        ("charts/sub/values.yaml", "s:\n  t: 1\n"),
        ("charts/sub/templates/t.yaml", SUBCHART_TEMPLATE),
    ];
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn rendered(extra: &str) -> Result<Rendered, HelmError> {
    let dir = chart(extra);
    render(&TemplateRequest { chart: dir.path().to_path_buf(), ..TemplateRequest::default() })
}

fn error_of(extra: &str) -> String {
    rendered(extra).expect_err("helm fails here too").message
}

#[test]
fn files_count_range_and_encode_the_files_alone() {
    let rendered = rendered("").expect("renders");
    let texts: Vec<&str> = rendered.documents.iter().map(|document| document.text.as_str()).collect();
    assert_eq!(texts[0], "# sub common.Values parent");
    assert_eq!(
        texts[1],
        "# len 3 2 0\n\
         # range Get x/a.txt x/b.txt\n\
         # get Get: shadowed Get: shadowed\n\
         # types engine.files engine.files common.Values common.Values map[string]interface {}\n\
         # yaml x/a.txt: aGkK;x/b.txt: eW8=\n\
         # empty {}\n\
         # dig deep deep\n\
         # bool files none\n\
         # hasKey true [a sub]"
    );
}

#[test]
fn dig_refuses_values_itself_wherever_it_is_reached() {
    let refused = |type_name: &str| {
        format!("error calling dig: interface conversion: interface {{}} is {type_name}, not map[string]interface {{}}")
    };
    for template in [r#"# {{ dig "a" "none" $.Values }}"#, r#"# {{ dig "a" "b" "none" .Values }}"#] {
        let message = error_of(template);
        assert!(message.ends_with(&refused("common.Values")), "{template}: {message}");
    }
    let through_include =
        error_of("# {{ include \"x\" .Values }}\n{{- define \"x\" }}{{ dig \"a\" \"none\" . }}{{ end }}");
    assert!(through_include.ends_with(&refused("common.Values")), "{through_include}");
    let message = error_of(r#"# {{ dig "a" "none" .Files }}"#);
    assert!(message.ends_with(&refused("engine.files")), "{message}");
}

#[test]
fn dict_functions_refuse_files() {
    for template in [r#"# {{ keys .Files }}"#, r#"# {{ hasKey .Files "Get" }}"#] {
        let message = error_of(template);
        assert!(
            message.ends_with("wrong type for value; expected map[string]interface {}; got engine.files"),
            "{template}: {message}"
        );
    }
}

#[test]
fn values_methods_as_map_yaml_and_table() {
    let template = r#"# {{ dig "a" "b" "c" "none" (.Values.AsMap) }} {{ printf "%T" (.Values.AsMap) }} {{ len .Values }}
# {{ .Values.YAML | replace "\n" ";" }}
# {{ (.Values.Table "a.b").c }} {{ printf "%T" (.Values.Table "a") }} {{ (.Values.Table "sub").s.t }} {{ .Values.Table "a" }}"#;
    let rendered = rendered(template).expect("renders");
    let document = rendered.documents.iter().find(|document| document.source == "f/templates/u.yaml").expect("u.yaml");
    assert_eq!(
        document.text,
        "# deep map[string]interface {} 2\n\
         # a:;  b:;    c: deep;sub:;  global: {};  s:;    t: parent;\n\
         # deep common.Values parent map[b:map[c:deep]]"
    );
    let cases = [
        (r#"# {{ .Values.Table "nope" }}"#, r#"error calling Table: "nope" is not a table"#),
        (r#"# {{ .Values.Table "a.b.c" }}"#, r#"error calling Table: "c" is not a table"#),
        (r#"# {{ .Values.Table "a..b" }}"#, r#"error calling Table: "" is not a table"#),
        (r#"# {{ .Values.Table }}"#, "wrong number of args for Table: want 1 got 0"),
    ];
    for (template, expected) in cases {
        let message = error_of(template);
        assert!(message.ends_with(expected), "{template}: {message}");
    }
}
