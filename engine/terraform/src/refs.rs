//! Finds the references an expression makes to other blocks of its module.
//!
//! A reference is a traversal rooted at `var`, `local`, `module`, `data` or a resource type
//! (`aws_kms_key.main.arn` references `aws_kms_key.main`). Roots that name no block (`each`,
//! `count`, `self`, `path`, `terraform`) and names bound locally (for-expression and template
//! `for` variables, `dynamic` block iterators) are skipped.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;
use std::collections::BTreeSet;
use std::ops::Range;
use tollgate_model::lines::LineIndex;
use tollgate_model::{Reference, Span, TfBlock};

/// Roots that look like traversals but never name a block of the module.
const NON_BLOCK_ROOTS: &[&str] = &["each", "count", "self", "path", "terraform", "ephemeral"];

/// The address a traversal refers to, from its root name and the attribute names that follow
/// it (`["aws_iam_policy_document", "x", "json"]` after `data`).
pub(crate) fn target_of(root: &str, attrs: &[&str]) -> Option<String> {
    if NON_BLOCK_ROOTS.contains(&root) {
        return None;
    }
    match (root, attrs) {
        ("data", [type_name, name, ..]) => Some(format!("data.{type_name}.{name}")),
        ("data", _) => None,
        ("var" | "local" | "module", [name, ..]) => Some(format!("{root}.{name}")),
        ("var" | "local" | "module", _) => None,
        (type_name, [name, ..]) => Some(format!("{type_name}.{name}")),
        _ => None,
    }
}

/// The provider block a `provider = aws.west` meta-argument selects (`provider.aws.west`).
pub(crate) fn provider_target(written: &str) -> Option<String> {
    let parts: Vec<&str> = written.trim().split('.').collect();
    let valid = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (matches!(parts.len(), 1 | 2) && parts.iter().all(|p| valid(p))).then(|| format!("provider.{}", parts.join(".")))
}

/// Where reference spans come from: the file itself (HCL), or one fixed span (an expression
/// parsed out of a JSON string, whose offsets are relative to the string).
#[derive(Clone, Copy)]
pub(crate) enum Spans<'a> {
    File(&'a LineIndex<'a>),
    Fixed(Span),
}

impl Spans<'_> {
    fn of(&self, range: Option<Range<usize>>) -> Span {
        match self {
            Spans::File(lines) => lines.span(range.unwrap_or(0..0)),
            Spans::Fixed(span) => *span,
        }
    }
}

/// Collects references, tracking which names are bound locally.
#[derive(Default)]
pub(crate) struct RefCollector {
    scope: Vec<String>,
    found: Vec<Reference>,
}

impl RefCollector {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// The references found, each (target, attribute) pair once, at its first occurrence.
    pub(crate) fn finish(self) -> Vec<Reference> {
        let mut seen = BTreeSet::new();
        self.found.into_iter().filter(|r| seen.insert((r.target.clone(), r.attribute.clone()))).collect()
    }

    pub(crate) fn push(&mut self, target: String, attribute: &str, span: Span) {
        self.found.push(Reference { target, attribute: attribute.to_string(), span });
    }

    /// Runs `walk` with `names` bound (for-expression variables, dynamic iterators).
    pub(crate) fn scoped<I, S>(&mut self, names: I, walk: impl FnOnce(&mut Self))
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let depth = self.scope.len();
        self.scope.extend(names.into_iter().map(Into::into));
        walk(self);
        self.scope.truncate(depth);
    }

    fn is_bound(&self, name: &str) -> bool {
        self.scope.iter().any(|bound| bound == name)
    }

    /// Walks the attributes and nested blocks of a block body; `prefix` is the path of the
    /// nested block being walked (empty for the top-level block).
    pub(crate) fn body(&mut self, body: &Body, prefix: &str, spans: Spans<'_>) {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => self.expr(&attr.value, &join(prefix, attr.key.as_str()), spans),
                Structure::Block(block) => self.block(block, prefix, spans),
            }
        }
    }

    /// Walks the body of a top-level block, reading the meta-arguments that name providers
    /// (`provider = aws.west` in resources and data sources, `providers = { aws = aws.west }`
    /// in module calls) as references to provider blocks.
    pub(crate) fn top_body(&mut self, body: &Body, block: TfBlock, spans: Spans<'_>) {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => match (block, attr.key.as_str(), &attr.value) {
                    (TfBlock::Resource | TfBlock::Data, "provider", value) => {
                        self.provider_ref(value, "provider", spans)
                    }
                    (TfBlock::Module, "providers", Expression::Object(object)) => {
                        for (_, value) in object.iter() {
                            self.provider_ref(value.expr(), "providers", spans);
                        }
                    }
                    (_, key, value) => self.expr(value, key, spans),
                },
                Structure::Block(inner) => self.block(inner, "", spans),
            }
        }
    }

    fn block(&mut self, block: &Block, prefix: &str, spans: Spans<'_>) {
        match block.ident.as_str() {
            "dynamic" => self.dynamic_block(block, prefix, spans),
            "lifecycle" => {
                let path = join(prefix, "lifecycle");
                for structure in block.body.iter() {
                    match structure {
                        // Names attributes of this resource, not other blocks.
                        Structure::Attribute(attr) if attr.key.as_str() == "ignore_changes" => {}
                        Structure::Attribute(attr) => self.expr(&attr.value, &join(&path, attr.key.as_str()), spans),
                        Structure::Block(inner) => self.block(inner, &path, spans),
                    }
                }
            }
            ident => self.body(&block.body, &join(prefix, ident), spans),
        }
    }

    /// `dynamic "x" { for_each = ..., iterator = it, content { ... } }`: `for_each` is evaluated
    /// outside the iteration, everything else with the iterator (`it`, else `x`) bound.
    fn dynamic_block(&mut self, block: &Block, prefix: &str, spans: Spans<'_>) {
        let Some(label) = block.labels.first() else { return };
        let path = join(prefix, label.as_str());
        let iterator = block
            .body
            .get_attribute("iterator")
            .and_then(|attr| attr.value.as_variable())
            .map(|ident| ident.as_str().to_string())
            .unwrap_or_else(|| label.as_str().to_string());
        if let Some(for_each) = block.body.get_attribute("for_each") {
            self.expr(&for_each.value, &path, spans);
        }
        self.scoped([iterator], |this| {
            for structure in block.body.iter() {
                match structure {
                    Structure::Attribute(attr) if matches!(attr.key.as_str(), "for_each" | "iterator") => {}
                    Structure::Attribute(attr) => this.expr(&attr.value, &path, spans),
                    Structure::Block(inner) if inner.ident.as_str() == "content" => {
                        this.body(&inner.body, &path, spans)
                    }
                    Structure::Block(inner) => this.block(inner, &path, spans),
                }
            }
        });
    }

    /// Records a provider meta-argument (`provider = aws.west`) as a reference to its block.
    pub(crate) fn provider_ref(&mut self, expr: &Expression, attribute: &str, spans: Spans<'_>) {
        let written = match expr {
            Expression::Variable(ident) => Some(ident.as_str().to_string()),
            Expression::Traversal(traversal) => match (&traversal.expr, traversal.operators.as_slice()) {
                (Expression::Variable(root), [op]) => match op.value() {
                    TraversalOperator::GetAttr(alias) => Some(format!("{}.{}", root.as_str(), alias.as_str())),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        match written.as_deref().and_then(provider_target) {
            Some(target) => self.push(target, attribute, spans.of(expr.span())),
            None => self.expr(expr, attribute, spans),
        }
    }

    /// Walks every sub-expression of `expr` for references held by `attribute`.
    pub(crate) fn expr(&mut self, expr: &Expression, attribute: &str, spans: Spans<'_>) {
        match expr {
            Expression::Null(_)
            | Expression::Bool(_)
            | Expression::Number(_)
            | Expression::String(_)
            | Expression::Variable(_) => {}
            Expression::Array(array) => array.iter().for_each(|item| self.expr(item, attribute, spans)),
            Expression::Object(object) => {
                for (key, value) in object.iter() {
                    if let Some(key) = key.as_expr() {
                        self.expr(key, attribute, spans);
                    }
                    self.expr(value.expr(), attribute, spans);
                }
            }
            Expression::StringTemplate(template) => self.template(template, attribute, spans),
            Expression::HeredocTemplate(heredoc) => self.template(&heredoc.template, attribute, spans),
            Expression::Parenthesis(inner) => self.expr(inner.inner(), attribute, spans),
            Expression::Conditional(cond) => {
                for part in [&cond.cond_expr, &cond.true_expr, &cond.false_expr] {
                    self.expr(part, attribute, spans);
                }
            }
            Expression::FuncCall(call) => call.args.iter().for_each(|arg| self.expr(arg, attribute, spans)),
            Expression::Traversal(traversal) => {
                match &traversal.expr {
                    Expression::Variable(root) if !self.is_bound(root.as_str()) => {
                        let attrs: Vec<&str> = traversal
                            .operators
                            .iter()
                            .map_while(|op| match op.value() {
                                TraversalOperator::GetAttr(name) => Some(name.as_str()),
                                _ => None,
                            })
                            .collect();
                        if let Some(target) = target_of(root.as_str(), &attrs) {
                            self.push(target, attribute, spans.of(expr.span()));
                        }
                    }
                    Expression::Variable(_) => {}
                    other => self.expr(other, attribute, spans),
                }
                for op in &traversal.operators {
                    if let TraversalOperator::Index(index) = op.value() {
                        self.expr(index, attribute, spans);
                    }
                }
            }
            Expression::UnaryOp(op) => self.expr(&op.expr, attribute, spans),
            Expression::BinaryOp(op) => {
                self.expr(&op.lhs_expr, attribute, spans);
                self.expr(&op.rhs_expr, attribute, spans);
            }
            Expression::ForExpr(for_expr) => {
                self.expr(&for_expr.intro.collection_expr, attribute, spans);
                let vars = for_expr.intro.key_var.iter().chain([&for_expr.intro.value_var]);
                let names: Vec<String> = vars.map(|v| v.as_str().to_string()).collect();
                self.scoped(names, |this| {
                    if let Some(key) = &for_expr.key_expr {
                        this.expr(key, attribute, spans);
                    }
                    this.expr(&for_expr.value_expr, attribute, spans);
                    if let Some(cond) = &for_expr.cond {
                        this.expr(&cond.expr, attribute, spans);
                    }
                });
            }
        }
    }

    /// Walks the interpolations and directives of a template.
    pub(crate) fn template(&mut self, template: &Template, attribute: &str, spans: Spans<'_>) {
        for element in template.iter() {
            match element {
                Element::Literal(_) => {}
                Element::Interpolation(interpolation) => self.expr(&interpolation.expr, attribute, spans),
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(if_directive) => {
                        self.expr(&if_directive.if_expr.cond_expr, attribute, spans);
                        self.template(&if_directive.if_expr.template, attribute, spans);
                        if let Some(else_expr) = &if_directive.else_expr {
                            self.template(&else_expr.template, attribute, spans);
                        }
                    }
                    Directive::For(for_directive) => {
                        let intro = &for_directive.for_expr;
                        self.expr(&intro.collection_expr, attribute, spans);
                        let vars = intro.key_var.iter().chain([&intro.value_var]);
                        let names: Vec<String> = vars.map(|v| v.as_str().to_string()).collect();
                        self.scoped(names, |this| this.template(&intro.template, attribute, spans));
                    }
                },
            }
        }
    }
}

/// `prefix.name`, or `name` at the top level.
pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}
