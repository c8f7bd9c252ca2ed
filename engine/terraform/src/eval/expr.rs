//! The evaluator: one expression to one value.

use super::ops::{self, first_unknown, primitive_string, to_bool, to_number, type_name, unknown_at};
use super::unify::unify_results;
use super::{functions, literals, Computed, EvalError, EvalResult, Locator, Resolved, Scope, TextRules};
use hcl_edit::expr::{Conditional, Expression, ForExpr, FuncCall, ObjectKey, Traversal, TraversalOperator};
use hcl_edit::Span as _;
use tollgate_model::{MapEntry, Number, Span, UnknownReason, Value, ValueKind};

/// Evaluates expressions in one scope, with the names the expression binds itself (`for`
/// variables, `count`, `each`, dynamic-block iterators) on a stack.
pub(crate) struct Evaluator<'a> {
    pub(crate) scope: &'a dyn Scope,
    pub(crate) loc: Locator<'a>,
    /// Names bound by the expression: name, value, and whether the value is (part of) a
    /// resource object, whose attributes not set in configuration are unknown until apply.
    bound: Vec<(String, Value, Option<Computed>)>,
    /// Configuration mode: an element of a list or object (a literal's or a `for` expression's)
    /// that fails to evaluate is unknown on its own instead of failing the whole collection (Terraform would reject the whole
    /// configuration; Tollgate still checks what it can).
    lenient: bool,
    /// The attribute being evaluated (`rule.kms_master_key_id`), which references are recorded under.
    pub(crate) attribute: String,
    /// References that failed to resolve so far (an undeclared name): Terraform resolves every
    /// reference of an expression before evaluating it, so `try`, `can` and the branch a
    /// conditional does not take cannot hide these errors.
    reference_errors: usize,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(scope: &'a dyn Scope, loc: Locator<'a>) -> Self {
        Evaluator { scope, loc, bound: Vec::new(), lenient: false, attribute: String::new(), reference_errors: 0 }
    }

    /// An evaluator in configuration mode (see `lenient`).
    pub(crate) fn lenient(scope: &'a dyn Scope, loc: Locator<'a>) -> Self {
        Evaluator { scope, loc, bound: Vec::new(), lenient: true, attribute: String::new(), reference_errors: 0 }
    }

    /// An element of a collection literal or `for` expression.
    fn element(&mut self, expr: &Expression) -> EvalResult {
        match self.expr(expr) {
            Err(_) if self.lenient => {
                Ok(Value::unknown(UnknownReason::Expression, self.loc.source(expr.span()), self.span_of(expr)))
            }
            result => result,
        }
    }

    /// Binds `name` until the matching [`Evaluator::unbind`]; inner bindings hide outer ones.
    pub(crate) fn bind(&mut self, name: impl Into<String>, value: Value) {
        self.bound.push((name.into(), value, None));
    }

    /// [`Evaluator::bind`] for a value that may come from a resource object (`open`).
    pub(crate) fn bind_open(&mut self, name: impl Into<String>, value: Value, open: &Option<Computed>) {
        self.bound.push((name.into(), value, open.as_ref().map(Computed::bound)));
    }

    pub(crate) fn unbind(&mut self, count: usize) {
        self.bound.truncate(self.bound.len().saturating_sub(count));
    }

    /// Evaluates with another locator (a template parsed out of a JSON string), same bindings.
    pub(crate) fn with_locator<'b, R>(&mut self, loc: Locator<'b>, f: impl FnOnce(&mut Evaluator<'b>) -> R) -> R
    where
        'a: 'b,
    {
        let mut inner = Evaluator {
            scope: self.scope,
            loc,
            bound: std::mem::take(&mut self.bound),
            lenient: self.lenient,
            attribute: std::mem::take(&mut self.attribute),
            reference_errors: self.reference_errors,
        };
        let result = f(&mut inner);
        self.bound = inner.bound;
        self.attribute = inner.attribute;
        self.reference_errors = inner.reference_errors;
        result
    }

    fn bound(&self, name: &str) -> Option<&Value> {
        self.bound_open(name).map(|(value, _)| value)
    }

    fn bound_open(&self, name: &str) -> Option<(&Value, &Option<Computed>)> {
        self.bound.iter().rev().find(|(n, _, _)| n == name).map(|(_, v, open)| (v, open))
    }

    /// Evaluates an expression, telling whether its value is (part of) a resource object, as a
    /// reference (`aws_instance.web`) or a name bound to one is: what a `for` binds from it is too.
    pub(crate) fn expr_open(&mut self, expr: &Expression) -> Result<(Value, Option<Computed>), EvalError> {
        let span = self.span_of(expr);
        match expr {
            Expression::Traversal(traversal) => self.traversal_open(traversal, span, expr),
            Expression::Parenthesis(inner) => self.expr_open(inner.inner()),
            Expression::Variable(name) => match self.bound_open(name.as_str()) {
                Some((value, open)) => Ok((respan(value.clone(), span), open.clone())),
                None => Ok((self.expr(expr)?, None)),
            },
            _ => Ok((self.expr(expr)?, None)),
        }
    }

    pub(crate) fn span_of(&self, expr: &Expression) -> Span {
        self.loc.span(expr.span())
    }

    pub(crate) fn error(&self, message: impl Into<String>, span: Span) -> EvalError {
        EvalError::new(message, span)
    }

    pub(crate) fn expr(&mut self, expr: &Expression) -> EvalResult {
        let span = self.span_of(expr);
        let literal = |kind| Ok(Value::new(kind, span));
        match expr {
            Expression::Null(_) => literal(ValueKind::Null),
            Expression::Bool(b) => literal(ValueKind::Bool(*b.value())),
            Expression::Number(n) => literal(ValueKind::Number(crate::expr::number(n.value()))),
            Expression::String(s) => literal(ValueKind::String(ops::nfc(s.value().clone()))),
            Expression::Array(array) => {
                let items = array.iter().map(|item| self.element(item)).collect::<Result<Vec<_>, _>>()?;
                literal(ValueKind::List(items))
            }
            Expression::Object(object) => self.object(object, span),
            Expression::StringTemplate(template) => self.template(template, span, TextRules::Quoted),
            Expression::HeredocTemplate(heredoc) => self.heredoc(heredoc, span, expr),
            Expression::Parenthesis(inner) => self.expr(inner.inner()),
            Expression::Variable(name) => match self.bound(name.as_str()) {
                Some(value) => Ok(respan(value.clone(), span)),
                None => self.reference(name.as_str(), &[], span, expr),
            },
            Expression::Conditional(cond) => self.conditional(cond, span),
            Expression::FuncCall(call) => self.call(call, span),
            Expression::Traversal(traversal) => self.traversal(traversal, span, expr),
            Expression::UnaryOp(op) => {
                let operand = self.expr(&op.expr)?;
                ops::unary(*op.operator.value(), &operand, span).map_err(|m| self.error(m, span))
            }
            Expression::BinaryOp(op) => {
                let lhs = self.expr(&op.lhs_expr)?;
                let rhs = self.expr(&op.rhs_expr)?;
                ops::binary(*op.operator.value(), &lhs, &rhs, span).map_err(|m| self.error(m, span))
            }
            Expression::ForExpr(for_expr) => self.for_expr(for_expr, span),
        }
    }

    /// A heredoc; a `<<-` one is evaluated from its source, reparsed without hcl-edit's
    /// indentation removal (see `literals`), its parts located at the heredoc.
    fn heredoc(&mut self, heredoc: &hcl_edit::template::HeredocTemplate, span: Span, expr: &Expression) -> EvalResult {
        let source = self.loc.source(expr.span());
        match literals::raw_flush_heredoc(source) {
            Some((text, raw)) => {
                self.with_locator(Locator::fixed(span, &text), |ev| ev.template(&raw, span, TextRules::FlushHeredoc))
            }
            None => self.template(&heredoc.template, span, TextRules::Lines),
        }
    }

    fn object(&mut self, object: &hcl_edit::expr::Object, span: Span) -> EvalResult {
        let mut entries = crate::expr::MapBuilder::default();
        for (key, value) in object.iter() {
            let key_span = self.loc.span(key.span());
            let name = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                ObjectKey::Expression(key_expr) => {
                    let key_value = match key_expr {
                        // `{ foo = 1 }` and `{ (foo) = 1 }` differ: a bare name is the key itself.
                        Expression::Variable(ident) => Value::string(ident.as_str(), key_span),
                        // `{ var.name = 1 }` could mean either; Terraform refuses to guess.
                        Expression::Traversal(traversal) if is_static_traversal(traversal) => {
                            return Err(self.error(
                                "ambiguous object key: wrap it in parentheses to use its value (`(var.name) = ...`) \
                                 or in quotes for a literal name with periods",
                                key_span,
                            ))
                        }
                        other => self.expr(other)?,
                    };
                    if key_value.is_unknown() {
                        return Ok(unknown_at(&key_value, span));
                    }
                    self.key_string(&key_value, key_span, "object key")?
                }
            };
            let value = self.element(value.expr())?;
            entries.set(MapEntry { key: name, key_span, value });
        }
        Ok(Value::new(ValueKind::Map(entries.finish()), span))
    }

    /// A map key from a value: strings, numbers and bools convert; null and collections are errors.
    pub(crate) fn key_string(&self, key: &Value, span: Span, what: &str) -> Result<String, EvalError> {
        primitive_string(key)
            .ok_or_else(|| self.error(format!("{what} must be a string, but the value is {}", type_name(key)), span))
    }

    fn conditional(&mut self, cond: &Conditional, span: Span) -> EvalResult {
        let condition = self.expr(&cond.cond_expr)?;
        // Both results are evaluated (their types decide the result type); only the selected
        // one's errors count, as in Terraform, except references that do not resolve.
        let (on_true, true_unresolved) = self.counting_reference_errors(|ev| ev.expr(&cond.true_expr));
        let (on_false, false_unresolved) = self.counting_reference_errors(|ev| ev.expr(&cond.false_expr));
        for (result, unresolved) in [(&on_true, true_unresolved), (&on_false, false_unresolved)] {
            if let (Err(err), true) = (result, unresolved) {
                return Err(err.clone());
            }
        }
        if condition.is_unknown() {
            return Ok(match (&on_true, &on_false) {
                // As Terraform: only equal numbers (a refined range) and nulls survive an unknown condition.
                (Ok(t), Ok(f))
                    if (t.is_null() && f.is_null()) || (t.as_number().is_some() && ops::equal(t, f) == Some(true)) =>
                {
                    respan(t.clone(), span)
                }
                _ => unknown_at(&condition, span),
            });
        }
        let chosen = to_bool(&condition).map_err(|m| self.error(format!("condition: {m}"), condition.span))?;
        let (result, other) = if chosen { (on_true?, on_false.ok()) } else { (on_false?, on_true.ok()) };
        unify_results(result, other.as_ref()).map_err(|m| self.error(m, span))
    }

    fn call(&mut self, call: &FuncCall, span: Span) -> EvalResult {
        let name = call.name.name.as_str();
        if call.name.is_namespaced() {
            let namespace: Vec<&str> = call.name.namespace.iter().map(|n| n.as_str()).collect();
            let full = format!("{}::{name}", namespace.join("::"));
            return Err(self.error(format!("provider function `{full}` is not supported by Tollgate"), span));
        }
        if !self.scope.allows_functions() {
            return Err(self.error(
                format!("function calls are not allowed here (`{name}`): Terraform reads this value as a constant"),
                span,
            ));
        }
        match name {
            "try" => return self.try_call(call, span),
            "can" => return self.can_call(call, span),
            _ => {}
        }
        let mut args = Vec::with_capacity(call.args.len());
        for arg in call.args.iter() {
            args.push(self.expr(arg)?);
        }
        if call.args.expand_final() {
            let Some(last) = args.pop() else {
                return Err(self.error("`...` needs a final argument to expand", span));
            };
            match last.kind {
                ValueKind::List(items) => args.extend(items),
                ValueKind::Unknown(_) => return Ok(unknown_at(&last, span)),
                _ => return Err(self.error("the argument before `...` must be a list, set or tuple", last.span)),
            }
        }
        let base_dir = self.scope.base_dir();
        let files = functions::Files { base_dir: base_dir.as_deref(), sandbox: self.scope.sandbox() };
        functions::call(name, args, span, files).map_err(|m| self.error(m, span))
    }

    /// `try(a, b, ...)`: the first argument that evaluates without error; unknown when that
    /// argument is unknown (Terraform cannot tell yet whether it will fail).
    fn try_call(&mut self, call: &FuncCall, span: Span) -> EvalResult {
        let mut last_error = None;
        for arg in call.args.iter() {
            match self.counting_reference_errors(|ev| ev.expr(arg)) {
                (Ok(value), _) => match first_unknown(&value) {
                    Some(unknown) => return Ok(unknown_at(unknown, span)),
                    None => return Ok(value),
                },
                (Err(err), true) => return Err(err),
                (Err(err), false) => last_error = Some(err),
            }
        }
        let detail = last_error.map(|e| format!(": the last one failed with: {}", e.message)).unwrap_or_default();
        Err(self.error(format!("no expression given to `try` succeeded{detail}"), span))
    }

    fn can_call(&mut self, call: &FuncCall, span: Span) -> EvalResult {
        let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
            return Err(self.error("`can` takes exactly one argument", span));
        };
        Ok(match self.counting_reference_errors(|ev| ev.expr(arg)) {
            (Ok(value), _) => match first_unknown(&value) {
                Some(unknown) => unknown_at(unknown, span),
                None => Value::new(ValueKind::Bool(true), span),
            },
            (Err(err), true) => return Err(err),
            (Err(_), false) => Value::new(ValueKind::Bool(false), span),
        })
    }

    /// Runs `f`, telling whether a reference failed to resolve meanwhile.
    fn counting_reference_errors<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> (R, bool) {
        let before = self.reference_errors;
        let result = f(self);
        (result, self.reference_errors > before)
    }

    fn reference(&mut self, root: &str, names: &[&str], span: Span, expr: &Expression) -> EvalResult {
        let resolved = self.resolve(root, names, span, expr)?;
        Ok(resolved.value)
    }

    fn resolve(&mut self, root: &str, names: &[&str], span: Span, expr: &Expression) -> Result<Resolved, EvalError> {
        let source = self.loc.source(expr.span());
        let mut resolved = match self.scope.resolve(root, names, span, source) {
            Ok(resolved) => resolved,
            Err(message) => {
                self.reference_errors += 1;
                return Err(self.error(message, span));
            }
        };
        resolved.value = respan(resolved.value, span);
        resolved.consumed = resolved.consumed.min(names.len());
        Ok(resolved)
    }

    fn traversal(&mut self, traversal: &Traversal, span: Span, whole: &Expression) -> EvalResult {
        self.traversal_open(traversal, span, whole).map(|(value, _)| value)
    }

    fn traversal_open(
        &mut self,
        traversal: &Traversal,
        span: Span,
        whole: &Expression,
    ) -> Result<(Value, Option<Computed>), EvalError> {
        let operators: Vec<&TraversalOperator> = traversal.operators.iter().map(|op| op.value()).collect();
        let (value, open, start) = match &traversal.expr {
            Expression::Variable(root) if self.bound(root.as_str()).is_none() => {
                let names: Vec<&str> = operators
                    .iter()
                    .map_while(|op| match op {
                        TraversalOperator::GetAttr(name) => Some(name.as_str()),
                        _ => None,
                    })
                    .collect();
                // An index right after the names may select one instance of a counted block,
                // which the scope answers without building every instance's value.
                let key_after_names = match operators.get(names.len()) {
                    Some(TraversalOperator::Index(index)) => Some(self.expr(index)?),
                    Some(TraversalOperator::LegacyIndex(n)) => Some(int_value(*n.value(), span)),
                    _ => None,
                };
                let next = match operators.get(names.len() + 1) {
                    Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
                    _ => None,
                };
                let instance = key_after_names
                    .as_ref()
                    .filter(|key| !key.is_unknown())
                    .and_then(|key| self.scope.resolve_instance(root.as_str(), &names, key, next, span));
                let resolved = match instance {
                    Some(result) => {
                        let mut resolved = result.map_err(|m| self.error(m, span))?;
                        resolved.value = respan(resolved.value, span);
                        resolved
                    }
                    None => self.resolve(root.as_str(), &names, span, whole)?,
                };
                if let Some(target) = &resolved.target {
                    let key = match operators.get(resolved.consumed) {
                        Some(TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))
                            if resolved.consumed == names.len() =>
                        {
                            key_after_names.clone()
                        }
                        Some(TraversalOperator::Index(index)) => self.expr(index).ok(),
                        Some(TraversalOperator::LegacyIndex(n)) => Some(int_value(*n.value(), span)),
                        _ => None,
                    };
                    self.scope.record_reference(target, key.as_ref(), &self.attribute);
                }
                let start = resolved.consumed + usize::from(resolved.indexed) + usize::from(resolved.attribute);
                (resolved.value, resolved.open, start)
            }
            other => {
                let (value, open) = self.expr_open(other)?;
                (value, open, 0)
            }
        };
        let source = self.loc.source(whole.span());
        Ok((self.apply(value, operators.get(start..).unwrap_or_default(), &open, span, source)?, open))
    }

    /// Applies traversal operators to a value. `open` objects (resources) answer unknown for
    /// attributes they do not set.
    fn apply(
        &mut self,
        mut value: Value,
        operators: &[&TraversalOperator],
        open: &Option<Computed>,
        span: Span,
        source: &str,
    ) -> EvalResult {
        let mut i = 0;
        while let Some(op) = operators.get(i) {
            if value.is_unknown() {
                return Ok(unknown_at(&value, span));
            }
            match op {
                TraversalOperator::GetAttr(name) => value = self.get_attr(value, name.as_str(), open, span, source)?,
                TraversalOperator::Index(index) => {
                    let key = self.expr(index)?;
                    value = self.index(value, &key, open, span, source)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    value = self.index(value, &int_value(*n.value(), span), open, span, source)?
                }
                TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_) => {
                    let rest = operators.get(i + 1..).unwrap_or_default();
                    // `[*]` applies everything after it to each element; `.*` only the attribute
                    // accesses that directly follow it.
                    let per_element = match op {
                        TraversalOperator::FullSplat(_) => rest.len(),
                        _ => rest.iter().take_while(|op| matches!(op, TraversalOperator::GetAttr(_))).count(),
                    };
                    let elements = match value.kind {
                        ValueKind::Null => Vec::new(),
                        ValueKind::List(items) => items,
                        _ => vec![value],
                    };
                    let mut results = Vec::with_capacity(elements.len());
                    for element in elements {
                        results.push(self.apply(element, &rest[..per_element], open, span, source)?);
                    }
                    value = Value::new(ValueKind::List(results), span);
                    i += 1 + per_element;
                    continue;
                }
            }
            i += 1;
        }
        Ok(value)
    }

    fn get_attr(&self, value: Value, name: &str, open: &Option<Computed>, span: Span, source: &str) -> EvalResult {
        match value.kind {
            ValueKind::Map(mut entries) => match entries.iter().rposition(|e| e.key == name) {
                Some(position) => Ok(entries.swap_remove(position).value),
                None => match open {
                    Some(computed) => Ok(computed.unknown(&entries, source, span)),
                    None => Err(self.error(format!("this object does not have an attribute named \"{name}\""), span)),
                },
            },
            ValueKind::Null => Err(self.error(format!("attempt to get attribute \"{name}\" from a null value"), span)),
            ValueKind::List(_) => Err(self.error(
                format!("cannot access attribute \"{name}\" on a list: use an index (`[0]`) or a splat (`[*].{name}`)"),
                span,
            )),
            _ => Err(self.error(format!("cannot access attribute \"{name}\" on a {} value", type_name(&value)), span)),
        }
    }

    fn index(&self, value: Value, key: &Value, open: &Option<Computed>, span: Span, source: &str) -> EvalResult {
        if key.is_unknown() {
            return Ok(unknown_at(key, span));
        }
        match value.kind {
            ValueKind::List(mut items) => {
                let n = to_number(key).map_err(|m| self.error(format!("invalid index: {m}"), span))?;
                let index = n.as_i64().filter(|i| *i >= 0 && (*i as usize) < items.len());
                match index {
                    Some(i) => Ok(items.swap_remove(i as usize)),
                    None => Err(self.error(
                        format!("invalid index: the collection has {} element(s), no element {}", items.len(), {
                            ops::number_string(n)
                        }),
                        span,
                    )),
                }
            }
            ValueKind::Map(mut entries) => {
                let name = self.key_string(key, span, "a map key")?;
                match entries.iter().rposition(|e| e.key == name) {
                    Some(position) => Ok(entries.swap_remove(position).value),
                    None => {
                        match open {
                            Some(computed) => Ok(computed.unknown(&entries, source, span)),
                            None => Err(self
                                .error(format!("invalid index: the map has no element with the key \"{name}\""), span)),
                        }
                    }
                }
            }
            ValueKind::Null => Err(self.error("cannot index a null value", span)),
            _ => Err(self.error(format!("cannot index a {} value", type_name(&value)), span)),
        }
    }

    fn for_expr(&mut self, for_expr: &ForExpr, span: Span) -> EvalResult {
        let (collection, open) = self.expr_open(&for_expr.intro.collection_expr)?;
        let items = match self.iteration(&collection, span)? {
            Ok(items) => items,
            Err(unknown) => return Ok(unknown),
        };
        let key_var = for_expr.intro.key_var.as_ref().map(|v| v.as_str().to_string());
        let value_var = for_expr.intro.value_var.as_str().to_string();
        let mut list = Vec::new();
        let mut object: Vec<(String, Span, Vec<Value>)> = Vec::new();
        for (key, value) in items {
            let bound = match &key_var {
                Some(name) => {
                    self.bind(name.clone(), key);
                    self.bind_open(value_var.clone(), value, &open);
                    2
                }
                None => {
                    self.bind_open(value_var.clone(), value, &open);
                    1
                }
            };
            let step = self.for_step(for_expr, span);
            self.unbind(bound);
            let (key, value) = match step? {
                Step::Skip => continue,
                Step::Unknown(unknown) => return Ok(unknown),
                Step::Item(key, value) => (key, value),
            };
            match key {
                None => list.push(value),
                Some(key) if key.is_unknown() => return Ok(unknown_at(&key, span)),
                Some(key) => {
                    let name = self.key_string(&key, key.span, "the key of a `for` expression")?;
                    match object.iter_mut().find(|(k, _, _)| *k == name) {
                        Some((_, _, values)) if for_expr.grouping => values.push(value),
                        Some(_) => {
                            return Err(self.error(
                                format!(
                                    "duplicate object key \"{name}\" in this `for` expression; add `...` after the \
                                     value expression to group values by key"
                                ),
                                span,
                            ))
                        }
                        None => object.push((name, key.span, vec![value])),
                    }
                }
            }
        }
        if for_expr.key_expr.is_none() {
            return Ok(Value::new(ValueKind::List(list), span));
        }
        let entries = object
            .into_iter()
            .map(|(key, key_span, mut values)| {
                let value = if for_expr.grouping {
                    Value::new(ValueKind::List(values), span)
                } else {
                    values.pop().unwrap_or_else(|| Value::null(span))
                };
                MapEntry { key, key_span, value }
            })
            .collect();
        Ok(Value::new(ValueKind::Map(entries), span))
    }

    /// One element of a `for` expression.
    fn for_step(&mut self, for_expr: &ForExpr, span: Span) -> Result<Step, EvalError> {
        if let Some(cond) = &for_expr.cond {
            let keep = self.expr(&cond.expr)?;
            if keep.is_unknown() {
                // Which elements exist is unknown, so the whole result is.
                return Ok(Step::Unknown(unknown_at(&keep, span)));
            }
            if !to_bool(&keep).map_err(|m| self.error(format!("`for` condition: {m}"), keep.span))? {
                return Ok(Step::Skip);
            }
        }
        let key = match &for_expr.key_expr {
            Some(key) => Some(self.expr(key)?),
            None => None,
        };
        // An element, like those of a collection literal: in configuration mode one that fails
        // (an attribute of a resource object passed through a module output) is unknown alone.
        let value = self.element(&for_expr.value_expr)?;
        Ok(Step::Item(key, value))
    }

    /// The (key, value) pairs a `for` iterates: list elements with their index, map entries in
    /// key order. `Err(unknown)` when the collection is unknown.
    pub(crate) fn iteration(
        &self,
        collection: &Value,
        span: Span,
    ) -> Result<Result<Vec<(Value, Value)>, Value>, EvalError> {
        Ok(Ok(match &collection.kind {
            ValueKind::Unknown(_) => return Ok(Err(unknown_at(collection, span))),
            ValueKind::List(items) => {
                items.iter().enumerate().map(|(i, item)| (int_value(i as u64, item.span), item.clone())).collect()
            }
            ValueKind::Map(entries) => {
                let mut sorted: Vec<&MapEntry> = entries.iter().collect();
                sorted.sort_by(|a, b| a.key.cmp(&b.key));
                sorted.into_iter().map(|e| (Value::string(e.key.clone(), e.key_span), e.value.clone())).collect()
            }
            ValueKind::Null => return Err(self.error("cannot iterate over a null value", span)),
            _ => return Err(self.error(format!("cannot iterate over a {} value", type_name(collection)), span)),
        }))
    }
}

/// One element of a `for` expression: dropped by its condition, a (key, value) pair (no key for
/// list results), or an unknown condition that makes the whole result unknown.
enum Step {
    Skip,
    Item(Option<Value>, Value),
    Unknown(Value),
}

/// A reference with only names and literal indexes (`var.name`, `local.list[0]`): what HCL
/// parses as one scope traversal.
fn is_static_traversal(traversal: &Traversal) -> bool {
    matches!(traversal.expr, Expression::Variable(_))
        && traversal.operators.iter().all(|op| match op.value() {
            TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_) => true,
            TraversalOperator::Index(index) => matches!(index, Expression::Number(_) | Expression::String(_)),
            TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_) => false,
        })
}

pub(crate) fn int_value(n: u64, span: Span) -> Value {
    let kind = match i64::try_from(n) {
        Ok(i) => ValueKind::Number(Number::Int(i)),
        Err(_) => ValueKind::Number(Number::Float(n as f64)),
    };
    Value::new(kind, span)
}

/// Moves a value and everything in it to `span`: a value reached through a reference is located
/// where it is used, not where it was defined.
pub(crate) fn respan(mut value: Value, span: Span) -> Value {
    fn walk(value: &mut Value, span: Span) {
        value.span = span;
        match &mut value.kind {
            ValueKind::List(items) => items.iter_mut().for_each(|item| walk(item, span)),
            ValueKind::Map(entries) => entries.iter_mut().for_each(|e| {
                e.key_span = span;
                walk(&mut e.value, span)
            }),
            _ => {}
        }
    }
    walk(&mut value, span);
    value
}
