use crate::{parse, Format};
use serde_json::{json, Value as Json};
use tollgate_model::FileId;

/// The instructions of a Dockerfile: the one element of its document.
fn instructions(text: &str) -> Vec<Json> {
    let documents = parse(Format::Dockerfile, FileId(0), text).expect("dockerfile");
    assert_eq!(documents.len(), 1);
    match documents[0].value.to_json() {
        Json::Array(outer) if outer.len() == 1 => outer[0].as_array().cloned().expect("a list of instructions"),
        other => panic!("not [[...]]: {other}"),
    }
}

fn command(cmd: &str, flags: Json, value: Json, json_form: bool, stage: u32) -> Json {
    json!({"Cmd": cmd, "SubCmd": "", "JSON": json_form, "Flags": flags, "Value": value, "Stage": stage})
}

#[test]
fn instructions_in_conftest_shape() {
    let text = "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY --chown=app:app --link . .\n\
                RUN go build -o /app\nFROM alpine:3\nCOPY --from=build /app /app\nEXPOSE 8080 8443/tcp\n\
                USER app\nENTRYPOINT [\"/app\", \"serve\"]\n";
    assert_eq!(
        instructions(text),
        vec![
            command("from", json!([]), json!(["golang:1.22", "AS", "build"]), false, 0),
            command("workdir", json!([]), json!(["/src"]), false, 0),
            command("copy", json!(["--chown=app:app", "--link"]), json!([".", "."]), false, 0),
            command("run", json!([]), json!(["go build -o /app"]), false, 0),
            command("from", json!([]), json!(["alpine:3"]), false, 1),
            command("copy", json!(["--from=build"]), json!(["/app", "/app"]), false, 1),
            command("expose", json!([]), json!(["8080", "8443/tcp"]), false, 1),
            command("user", json!([]), json!(["app"]), false, 1),
            command("entrypoint", json!([]), json!(["/app", "serve"]), true, 1),
        ]
    );
}

#[test]
fn env_label_arg_and_healthcheck_values() {
    let text =
        "FROM scratch\nENV A=1 B=\"two words\"\nENV OLD value with spaces\nLABEL org.opencontainers.image.title=x\n\
                ARG VERSION=1.0 OTHER\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/\nHEALTHCHECK NONE\n";
    let all = instructions(text);
    assert_eq!(all[1]["Value"], json!(["A", "1", "=", "B", "\"two words\"", "="]));
    assert_eq!(all[2]["Value"], json!(["OLD", "value with spaces", ""]));
    assert_eq!(all[3]["Value"], json!(["org.opencontainers.image.title", "x", "="]));
    assert_eq!(all[4]["Value"], json!(["VERSION=1.0", "OTHER"]));
    assert_eq!(
        all[5],
        command("healthcheck", json!(["--interval=5s"]), json!(["CMD", "curl -f http://localhost/"]), false, 0)
    );
    assert_eq!(all[6]["Value"], json!(["NONE"]));
}

#[test]
fn continuation_lines_comments_and_onbuild() {
    let text = "# syntax=docker/dockerfile:1\nFROM alpine:3\n# install\n# tools\nRUN apk add \\\n    curl \\\n\
                # a comment inside is skipped\n    git\n#\n# kept\nONBUILD RUN [\"make\"]\n# trailing comment, dropped\n";
    let all = instructions(text);
    let comment =
        |text: &str| json!({"Cmd": "comment", "SubCmd": "", "JSON": false, "Flags": null, "Value": [text], "Stage": 0});
    assert_eq!(
        all,
        vec![
            command("from", json!([]), json!(["alpine:3"]), false, 0),
            comment("install"),
            comment("tools"),
            command("run", json!([]), json!(["apk add     curl     git"]), false, 0),
            comment("kept"),
            json!({"Cmd": "onbuild", "SubCmd": "run", "JSON": true, "Flags": [], "Value": ["make"], "Stage": 0}),
        ]
    );
}

#[test]
fn escape_directive_and_heredocs() {
    let text =
        "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\nRUN <<EOF\nset -e\napt-get update\nEOF\n\
                COPY <<-\"CONF\" /etc/app.conf\n\tkey=1\n\tCONF\nRUN echo \"a <<b\" ``\nUSER app\n";
    let all = instructions(text);
    assert_eq!(all[0]["Cmd"], json!("from"), "directives are not comments");
    assert_eq!(all[1]["Value"], json!(["dir   c:\\"]));
    assert_eq!(all[2]["Value"], json!(["<<EOF"]));
    assert_eq!(all[3]["Value"], json!(["<<-\"CONF\"", "/etc/app.conf"]));
    assert_eq!(
        all[4]["Value"],
        json!(["echo \"a <<b\" ``"]),
        "a quoted << opens no heredoc; an escaped escape continues nothing"
    );
    assert_eq!(all[5]["Cmd"], json!("user"), "heredoc bodies are not read as instructions");
}

#[test]
fn each_instruction_keeps_its_lines() {
    let documents = parse(Format::Dockerfile, FileId(0), "FROM a\n\nRUN x \\\n  y\nUSER b\n").expect("dockerfile");
    let outer = documents[0].value.as_list().expect("outer");
    let all = outer[0].as_list().expect("instructions");
    let lines: Vec<(u32, u32)> = all.iter().map(|c| (c.span.start.line, c.span.end.line)).collect();
    assert_eq!(lines, vec![(1, 1), (3, 4), (5, 5)]);
}

#[test]
fn errors_name_the_line() {
    let error = parse(Format::Dockerfile, FileId(0), "FROM a\nFORM b\n").expect_err("unknown instruction");
    assert_eq!((error.line, error.message.as_str()), (2, "unknown instruction: FORM"));
    let error = parse(Format::Dockerfile, FileId(0), "FROM a\nRUN\n").expect_err("no arguments");
    assert_eq!(error.line, 2, "{error}");
    let error = parse(Format::Dockerfile, FileId(0), "# only a comment\n\n").expect_err("empty");
    assert_eq!(error.message, "file with no instructions");
    let error = parse(Format::Dockerfile, FileId(0), "FROM a\nRUN <<EOF\necho\n").expect_err("heredoc");
    assert_eq!(error.line, 2, "{error}");
    let error = parse(Format::Dockerfile, FileId(0), "FROM a\nCMD [\"x\", 1]\n").expect_err("json of non-strings");
    assert_eq!(error.line, 2, "{error}");
}
