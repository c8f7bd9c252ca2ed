//! Conftest's parser names and which parser a file's name calls for (its `parser.NewFromPath`).

use crate::Format;
use std::path::Path;

/// What reads a file for Conftest-style policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Parser {
    Yaml,
    Json,
    /// HCL 2, which Tollgate reads as Terraform.
    Hcl2,
    Format(Format),
    /// One of Conftest's parsers Tollgate does not have (its name).
    Unsupported(&'static str),
}

impl Parser {
    pub fn name(self) -> &'static str {
        match self {
            Parser::Yaml => "yaml",
            Parser::Json => "json",
            Parser::Hcl2 => "hcl2",
            Parser::Format(format) => format.parser_name(),
            Parser::Unsupported(name) => name,
        }
    }
}

/// The parser names `--parser` accepts, as Conftest spells them.
pub const SUPPORTED_PARSERS: &[&str] =
    &["dockerfile", "dotenv", "hcl2", "ini", "json", "properties", "toml", "xml", "yaml"];

/// Conftest's other parsers: known names Tollgate cannot parse yet.
pub const UNSUPPORTED_PARSERS: &[&str] = &[
    "cue",
    "cyclonedx",
    "edn",
    "groovy",
    "hcl1",
    "hocon",
    "ignore",
    "jsonc",
    "jsonnet",
    "nginx",
    "spdx",
    "textproto",
    "vcl",
];

/// Why a file Conftest reads with parser `name` (an [`Parser::Unsupported`] name) is not read.
pub fn not_parsed_reason(name: &str) -> String {
    format!("Conftest's `{name}` format, which Tollgate does not parse")
}

/// The parser Conftest calls `name`; `None` for a name Conftest does not know either.
pub fn parser_named(name: &str) -> Option<Parser> {
    let parser = match name {
        "yaml" => Parser::Yaml,
        "json" => Parser::Json,
        "hcl2" => Parser::Hcl2,
        "toml" => Parser::Format(Format::Toml),
        "ini" => Parser::Format(Format::Ini),
        "dockerfile" => Parser::Format(Format::Dockerfile),
        "dotenv" => Parser::Format(Format::Dotenv),
        "xml" => Parser::Format(Format::Xml),
        "properties" => Parser::Format(Format::Properties),
        _ => Parser::Unsupported(UNSUPPORTED_PARSERS.iter().find(|known| **known == name)?),
    };
    Some(parser)
}

/// The parser Conftest picks for a file by its name, for the formats of this crate and the
/// ones Tollgate does not parse: `Dockerfile`, `Dockerfile.*` and `*.dockerfile` (and, beyond
/// Conftest, Podman's `Containerfile` names), `.env`, `.env.*` and `*.env`, `.gitignore` and
/// `.dockerignore`, `.hcl`, and otherwise the extension when it is a parser's name (`.toml`,
/// `.ini`, `.xml`, `.cue`...). `None` for every other name (YAML, JSON and Terraform files are
/// the loader's own business).
pub fn parser_for_path(path: &Path) -> Option<Parser> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let extension = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    let named_like = |base: &str| {
        name.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('.')) || extension == base
    };
    if named_like("dockerfile") || named_like("containerfile") {
        return Some(Parser::Format(Format::Dockerfile));
    }
    if name == ".env" || name.starts_with(".env.") || extension == "env" {
        return Some(Parser::Format(Format::Dotenv));
    }
    match extension {
        "gitignore" | "dockerignore" => Some(Parser::Unsupported("ignore")),
        "hcl" => Some(Parser::Hcl2),
        "textpb" | "txtpb" | "pbtxt" => Some(Parser::Unsupported("textproto")),
        "" | "yaml" | "yml" | "json" | "hcl2" => None,
        other => parser_named(other).filter(|parser| matches!(parser, Parser::Format(_) | Parser::Unsupported(_))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn for_name(name: &str) -> Option<&'static str> {
        parser_for_path(Path::new("dir").join(name).as_path()).map(Parser::name)
    }

    #[test]
    fn file_names_pick_the_parser_conftest_picks() {
        for name in
            ["Dockerfile", "dockerfile", "Dockerfile.debug", "dev.Dockerfile", "Containerfile", "app.containerfile"]
        {
            assert_eq!(for_name(name), Some("dockerfile"), "{name}");
        }
        for name in [".env", ".env.prod", "prod.env"] {
            assert_eq!(for_name(name), Some("dotenv"), "{name}");
        }
        assert_eq!(for_name("Cargo.toml"), Some("toml"));
        assert_eq!(for_name("php.INI"), Some("ini"));
        assert_eq!(for_name("pom.xml"), Some("xml"));
        assert_eq!(for_name("schema.cue"), Some("cue"));
        assert_eq!(for_name("app.properties"), Some("properties"));
        assert_eq!(parser_for_path(Path::new("app.properties")), Some(Parser::Format(Format::Properties)));
        assert_eq!(for_name(".gitignore"), Some("ignore"));
        assert_eq!(for_name("terragrunt.hcl"), Some("hcl2"), "Conftest reads `.hcl` as HCL 2");
        assert_eq!(not_parsed_reason("cue"), "Conftest's `cue` format, which Tollgate does not parse");
        assert_eq!(for_name("config.pbtxt"), Some("textproto"));
        for name in ["main.tf", "deploy.yaml", "plan.json", "README.md", "Makefile", "environment", "dockerfiles"] {
            assert_eq!(for_name(name), None, "{name}");
        }
    }

    #[test]
    fn parser_names_are_conftest_names() {
        for name in SUPPORTED_PARSERS {
            let parser = parser_named(name).expect("supported");
            assert!(!matches!(parser, Parser::Unsupported(_)), "{name}");
            assert_eq!(parser.name(), *name);
        }
        for name in UNSUPPORTED_PARSERS {
            assert_eq!(parser_named(name), Some(Parser::Unsupported(name)));
        }
        assert_eq!(parser_named("yml"), None);
        assert_eq!(parser_named("TOML"), None, "Conftest's names are lower case");
    }
}
