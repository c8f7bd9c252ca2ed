//! Which of the walked files are read for Conftest-style policies, and how: files of the
//! formats only those policies read (TOML, INI, Dockerfile, `.env`, XML, properties, `.hcl`)
//! cost nothing without such a policy, `--parser` forces one parser on every file as Conftest's
//! flag does, and a format Tollgate does not parse is an error when it was named or forced, else
//! a skip.

use crate::walk::{FileKind, Skipped};
use crate::LoadOptions;
use std::path::PathBuf;
use tollgate_formats::Parser;

/// The files to read, and the ones not read with the reason.
pub(crate) fn route(
    files: Vec<(PathBuf, FileKind)>,
    options: &LoadOptions,
) -> (Vec<(PathBuf, FileKind)>, Vec<Skipped>) {
    let named: Vec<&PathBuf> = options.roots.iter().filter(|root| root.is_file()).collect();
    let mut read = Vec::with_capacity(files.len());
    let mut skipped = Vec::new();
    for (path, kind) in files {
        let kind = options.parser.map_or(kind, |parser| forced(parser, kind));
        let explicit = options.parser.is_some() || named.contains(&&path);
        match kind {
            FileKind::Conftest(_) | FileKind::ConftestHcl if !options.keep_documents => {
                if explicit {
                    let title = match kind {
                        FileKind::Conftest(format) => format.title(),
                        _ => "HCL 2",
                    };
                    let reason =
                        format!("{title} file: only Conftest-style policies read it, and none is loaded (--policy)");
                    skipped.push(Skipped { path, reason });
                }
            }
            FileKind::Unsupported(name) if !explicit => {
                if options.keep_documents {
                    skipped.push(Skipped { path, reason: unsupported(name) });
                }
            }
            _ => read.push((path, kind)),
        }
    }
    (read, skipped)
}

/// The kind of a file of `kind` read with `parser` (`--parser`).
pub(crate) fn forced(parser: Parser, kind: FileKind) -> FileKind {
    match parser {
        Parser::Yaml => FileKind::Yaml,
        Parser::Json => FileKind::Json,
        Parser::Hcl2 if matches!(kind, FileKind::TerraformVars | FileKind::TerraformJson | FileKind::ConftestHcl) => {
            kind
        }
        Parser::Hcl2 => FileKind::Terraform,
        Parser::Format(format) => FileKind::Conftest(format),
        Parser::Unsupported(name) => FileKind::Unsupported(name),
    }
}

/// Why a file of Conftest's format `name`, found in a directory, is not read.
fn unsupported(name: &str) -> String {
    format!("{}: Conftest-style policies did not see this file", tollgate_formats::not_parsed_reason(name))
}

/// The error for a file named (or forced with `--parser`) in a format Tollgate does not parse.
pub(crate) fn unsupported_error(name: &str) -> String {
    format!(
        "{}: this file was not checked (the formats Tollgate reads for Conftest-style policies: {})",
        tollgate_formats::not_parsed_reason(name),
        tollgate_formats::SUPPORTED_PARSERS.join(", ")
    )
}
