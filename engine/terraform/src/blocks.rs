//! Which top-level blocks become resources, and under what address. Shared by the HCL and the
//! JSON syntax, which spell the same blocks differently.

use tollgate_model::json::{Json, JsonMember};
use tollgate_model::{Origin, Reference, Resource, Span, TfBlock, TfOrigin, Value};

/// One top-level block of a file (or one local value), as parsed: its identity, where it is,
/// its syntax tree and the references written in it. Evaluated later, once per module instance.
#[derive(Debug, Clone)]
pub(crate) struct TopBlock<'a> {
    pub(crate) header: BlockHeader,
    pub(crate) span: Span,
    pub(crate) content: Content<'a>,
    pub(crate) references: Vec<Reference>,
}

/// The syntax of a top-level block.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Content<'a> {
    HclBlock(&'a hcl_edit::structure::Block),
    HclLocal(&'a hcl_edit::structure::Attribute),
    /// A JSON block body (the members of its object).
    JsonBlock(&'a [JsonMember]),
    JsonLocal(&'a JsonMember),
}

/// An expression in either syntax.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ExprRef<'a> {
    Hcl(&'a hcl_edit::expr::Expression),
    Json(&'a Json),
}

impl<'a> Content<'a> {
    /// The expression of a top-level attribute (`count`, `for_each`, `source`, ...).
    pub(crate) fn attribute(&self, name: &str) -> Option<ExprRef<'a>> {
        match self {
            Content::HclBlock(block) => block.body.get_attribute(name).map(|attr| ExprRef::Hcl(&attr.value)),
            Content::JsonBlock(members) => {
                members.iter().rev().find(|m| m.key == name).map(|m| ExprRef::Json(&m.value))
            }
            Content::HclLocal(_) | Content::JsonLocal(_) => None,
        }
    }
}

/// The identity of a block that becomes a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockHeader {
    pub(crate) block: TfBlock,
    pub(crate) type_name: String,
    pub(crate) name: String,
    pub(crate) address: String,
}

/// The top-level block types that hold one block per label set (`locals` is handled apart: it
/// yields one resource per attribute).
pub(crate) fn block_kind(keyword: &str) -> Option<TfBlock> {
    Some(match keyword {
        "resource" => TfBlock::Resource,
        "data" => TfBlock::Data,
        "module" => TfBlock::Module,
        "provider" => TfBlock::Provider,
        "variable" => TfBlock::Variable,
        "output" => TfBlock::Output,
        _ => return None,
    })
}

/// How many labels a block of this kind carries.
pub(crate) fn label_count(block: TfBlock) -> usize {
    match block {
        TfBlock::Resource | TfBlock::Data => 2,
        TfBlock::Locals => 0,
        TfBlock::Module | TfBlock::Provider | TfBlock::Variable | TfBlock::Output => 1,
    }
}

/// The header of a block from its labels; `alias` is a provider's literal `alias` attribute.
/// Errors say what is wrong with the labels.
pub(crate) fn header(block: TfBlock, labels: &[&str], alias: Option<&str>) -> Result<BlockHeader, String> {
    let keyword = block.as_str();
    let expected = label_count(block);
    if labels.len() != expected || labels.iter().any(|l| l.is_empty()) {
        let what = match block {
            TfBlock::Resource | TfBlock::Data => "a type and a name",
            TfBlock::Provider => "the provider name",
            _ => "a name",
        };
        return Err(format!(
            "`{keyword}` block has {} label(s) but needs {expected} ({what}), e.g. {}; fix the block header",
            labels.len(),
            example(block)
        ));
    }
    let header = |type_name: &str, name: &str, address: String| BlockHeader {
        block,
        type_name: type_name.to_string(),
        name: name.to_string(),
        address,
    };
    Ok(match (block, labels) {
        (TfBlock::Resource, [type_name, name]) => header(type_name, name, format!("{type_name}.{name}")),
        (TfBlock::Data, [type_name, name]) => header(type_name, name, format!("data.{type_name}.{name}")),
        (TfBlock::Provider, [name]) => {
            let address = match alias {
                Some(alias) => format!("provider.{name}.{alias}"),
                None => format!("provider.{name}"),
            };
            header("provider", name, address)
        }
        (TfBlock::Module, [name]) => header("module", name, format!("module.{name}")),
        (TfBlock::Variable, [name]) => header("variable", name, format!("var.{name}")),
        (TfBlock::Output, [name]) => header("output", name, format!("output.{name}")),
        _ => return Err(format!("`{keyword}` block is not supported here")),
    })
}

fn example(block: TfBlock) -> &'static str {
    match block {
        TfBlock::Resource => r#"resource "aws_s3_bucket" "logs" { ... }"#,
        TfBlock::Data => r#"data "aws_iam_policy_document" "x" { ... }"#,
        TfBlock::Provider => r#"provider "aws" { ... }"#,
        TfBlock::Module => r#"module "vpc" { ... }"#,
        TfBlock::Variable => r#"variable "region" { ... }"#,
        TfBlock::Output => r#"output "id" { ... }"#,
        TfBlock::Locals => "locals { ... }",
    }
}

/// The header of one local value.
pub(crate) fn local_header(name: &str) -> BlockHeader {
    BlockHeader {
        block: TfBlock::Locals,
        type_name: "locals".to_string(),
        name: name.to_string(),
        address: format!("local.{name}"),
    }
}

/// The body key a local value's expression is stored under (as `output` blocks store theirs).
pub(crate) const LOCAL_VALUE_KEY: &str = "value";

/// The key under which a labeled nested block keeps its label(s).
pub(crate) const LABEL_KEY: &str = "__label__";

pub(crate) fn resource(
    header: BlockHeader,
    module_dir: &str,
    span: Span,
    body: Value,
    references: Vec<Reference>,
) -> Resource {
    Resource {
        address: header.address,
        type_name: header.type_name,
        name: header.name,
        origin: Origin::Terraform(TfOrigin {
            block: header.block,
            module_dir: module_dir.to_string(),
            module_path: String::new(),
            environment: None,
            root: None,
            call_chain: Vec::new(),
            provider: None,
        }),
        span,
        body,
        references,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_follow_terraform() {
        let addr = |kind, labels: &[&str], alias| header(kind, labels, alias).map(|h| h.address);
        assert_eq!(addr(TfBlock::Resource, &["aws_s3_bucket", "logs"], None).as_deref(), Ok("aws_s3_bucket.logs"));
        assert_eq!(addr(TfBlock::Data, &["aws_ami", "x"], None).as_deref(), Ok("data.aws_ami.x"));
        assert_eq!(addr(TfBlock::Provider, &["aws"], Some("west")).as_deref(), Ok("provider.aws.west"));
        assert_eq!(addr(TfBlock::Provider, &["aws"], None).as_deref(), Ok("provider.aws"));
        assert_eq!(addr(TfBlock::Variable, &["v"], None).as_deref(), Ok("var.v"));
        assert!(addr(TfBlock::Resource, &["aws_s3_bucket"], None).unwrap_err().contains("needs 2"));
    }
}
