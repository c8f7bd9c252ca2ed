//! Builds one document's [`Value`] tree from parser events: a span on every node, anchors and
//! aliases, merge keys, duplicate keys, and the [`Limits`].
//!
//! Duplicate keys: Kubernetes' YAML decoding rejects a mapping that writes one key twice
//! (kubectl: `mapping key "x" already defined at line N`), so the first duplicate of a document
//! is recorded ([`DuplicateKey`]) and the loader reports the document instead of loading it.
//! The tree is still built (the last occurrence kept, as Go's lenient YAML decoding keeps it) to
//! tell objects from other documents and for the raw documents policies read.
//!
//! Spans: a scalar spans from its first to its last non-blank character (a block scalar from
//! its `|` or `>` indicator to its last content line); a flow
//! collection from its opening to its closing bracket; a block collection from its first
//! entry to the end of its last entry, so trailing blank lines and comments are not part of it.
//! A value copied by an alias takes the alias' span; the nodes inside it keep the spans of the
//! anchored text they were copied from (that is where their text is written).

use std::collections::{HashMap, HashSet};

use serde_saphyr::granit_parser::{Marker, ScalarStyle, Span as ParserSpan, Tag};
use tollgate_model::{FileId, MapEntry, Pos, Span, Value, ValueKind};

use crate::limits::Limits;
use crate::scalar;

const YAML_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Turns parser positions into model positions.
pub(crate) struct Locator<'a> {
    pub file: FileId,
    pub text: &'a str,
}

impl Locator<'_> {
    /// The parser counts lines from 1 and columns from 0 (in characters).
    pub(crate) fn pos(&self, marker: &Marker) -> Pos {
        Pos::new(to_u32(marker.line()).max(1), to_u32(marker.col()).saturating_add(1))
    }

    /// From the start of `span` to its last non-blank character.
    pub(crate) fn span(&self, span: &ParserSpan) -> Span {
        let start = self.pos(&span.start);
        let end = self.last_char(span).filter(|end| *end >= start).unwrap_or(start);
        Span::new(self.file, start, end)
    }

    /// Works from the start marker and the span's own text only, so a minified one-line JSON
    /// file costs no more than a pretty-printed one.
    fn last_char(&self, span: &ParserSpan) -> Option<Pos> {
        let from = span.start.byte_offset()?;
        let to = span.end.byte_offset()?;
        let content = self.text.get(from..to)?.trim_end();
        if content.is_empty() {
            return None;
        }
        let (line, col) = match content.rfind('\n') {
            Some(i) => (span.start.line() + content.matches('\n').count(), content.get(i + 1..)?.chars().count()),
            None => (span.start.line(), span.start.col() + content.chars().count()),
        };
        Some(Pos::new(to_u32(line).max(1), to_u32(col)))
    }
}

impl Locator<'_> {
    /// Where the `|` or `>` of a block scalar stands: between the end of the previous event
    /// (`prev`, the key or the `-`) and the start of the content, before any comment.
    fn block_indicator(&self, prev: &Marker, content: &Marker) -> Option<Pos> {
        let between = self.text.get(prev.byte_offset()?..content.byte_offset()?)?;
        let mut before_char: Option<char> = None;
        for (i, c) in between.char_indices() {
            let separated = before_char.is_none_or(|p| p.is_whitespace() || p == ':' || p == '-');
            if c == '#' && separated {
                return None;
            }
            if (c == '|' || c == '>') && separated {
                let before = between.get(..i)?;
                let (line, col) = match before.rfind('\n') {
                    Some(nl) => (prev.line() + before.matches('\n').count(), before.get(nl + 1..)?.chars().count()),
                    None => (prev.line(), prev.col() + before.chars().count()),
                };
                return Some(Pos::new(to_u32(line).max(1), to_u32(col).saturating_add(1)));
            }
            before_char = Some(c);
        }
        None
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A limit breached while building: the document is abandoned, the message says which limit.
#[derive(Debug)]
pub(crate) struct LimitError {
    pub pos: Pos,
    pub message: String,
}

/// A mapping key written a second time in one mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DuplicateKey {
    pub key: String,
    /// Where the second occurrence's key stands.
    pub pos: Pos,
    /// The line of the first occurrence.
    pub first_line: u32,
}

/// Counters that run over a whole file.
#[derive(Debug, Default)]
pub(crate) struct FileCounters {
    aliases: usize,
    alias_nodes: usize,
    anchor_nodes: usize,
}

struct Anchored {
    value: Value,
    size: Size,
}

/// The cost of copying a subtree.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
    /// Nested collections: 0 for a scalar.
    depth: usize,
}

struct Key {
    text: String,
    span: Span,
    merge: bool,
}

/// A mapping entry as written, or the entries a merge key (`<<`) brings in.
enum Pending {
    Entry(MapEntry),
    Merge(Vec<MapEntry>),
}

enum Items {
    Seq(Vec<Value>),
    /// `written`: where each key written in the mapping (not merged into it) first stands.
    Map {
        entries: Vec<Pending>,
        key: Option<Key>,
        written: HashMap<String, Pos>,
        merge_key: Option<Pos>,
    },
}

struct Frame {
    items: Items,
    start: Pos,
    /// The end of the last child, which is where a block collection ends.
    last_end: Pos,
    flow: bool,
    anchor: usize,
}

/// Builds the tree of one document.
pub(crate) struct DocumentBuilder<'a> {
    loc: &'a Locator<'a>,
    limits: &'a Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    nodes: usize,
    scalar_bytes: usize,
    root: Option<Value>,
    /// Where the previous event ended, to find block scalar indicators.
    prev_end: Option<Marker>,
    duplicate: Option<DuplicateKey>,
}

impl<'a> DocumentBuilder<'a> {
    pub(crate) fn new(loc: &'a Locator<'a>, limits: &'a Limits) -> Self {
        DocumentBuilder {
            loc,
            limits,
            stack: Vec::new(),
            anchors: HashMap::new(),
            nodes: 0,
            scalar_bytes: 0,
            root: None,
            prev_end: None,
            duplicate: None,
        }
    }

    /// Called after every event of the document (the document start included).
    pub(crate) fn event_ended(&mut self, span: &ParserSpan) {
        self.prev_end = Some(span.end);
    }

    /// The document's root, when it has one, and its first duplicate key.
    pub(crate) fn finish(self) -> Option<(Value, Option<DuplicateKey>)> {
        Some((self.root?, self.duplicate))
    }

    pub(crate) fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: &ParserSpan,
        file: &mut FileCounters,
    ) -> Result<(), LimitError> {
        let mut parsed_span = self.loc.span(span);
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            if let Some(start) = self.prev_end.and_then(|prev| self.loc.block_indicator(&prev, &span.start)) {
                parsed_span.start = start;
            }
        }
        let span = parsed_span;
        self.count(Size { nodes: 1, bytes: text.len(), depth: 0 }, span.start, "")?;
        let yaml_tag = tag.and_then(|t| t.suffix_in_namespace(YAML_TAG_PREFIX));
        let plain = style == ScalarStyle::Plain;
        let merge = (plain && tag.is_none() && text == "<<") || yaml_tag.as_deref() == Some("merge");
        let kind = scalar::resolve(text, plain, yaml_tag.as_deref(), tag.is_some() && yaml_tag.is_none());
        let value = Value::new(kind, span);
        self.define(anchor, &value, file)?;
        self.push(value, merge)
    }

    pub(crate) fn start(&mut self, map: bool, flow: bool, anchor: usize, span: &ParserSpan) -> Result<(), LimitError> {
        let start = self.loc.pos(&span.start);
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.too_deep(start));
        }
        self.count(Size { nodes: 1, bytes: 0, depth: 1 }, start, "")?;
        let items = if map {
            Items::Map { entries: Vec::new(), key: None, written: HashMap::new(), merge_key: None }
        } else {
            Items::Seq(Vec::new())
        };
        self.stack.push(Frame { items, start, last_end: start, flow, anchor });
        Ok(())
    }

    pub(crate) fn end(&mut self, span: &ParserSpan, file: &mut FileCounters) -> Result<(), LimitError> {
        let Some(frame) = self.stack.pop() else { return Ok(()) };
        let end = if frame.flow { self.loc.span(span).end } else { frame.last_end };
        let kind = match frame.items {
            Items::Seq(items) => ValueKind::List(items),
            Items::Map { entries, written, .. } => ValueKind::Map(finish_map(entries, &written)),
        };
        let value = Value::new(kind, Span::new(self.loc.file, frame.start, end.max(frame.start)));
        self.define(frame.anchor, &value, file)?;
        self.push(value, false)
    }

    pub(crate) fn alias(&mut self, id: usize, span: &ParserSpan, file: &mut FileCounters) -> Result<(), LimitError> {
        let span = self.loc.span(span);
        let at = span.start;
        file.aliases += 1;
        if file.aliases > self.limits.max_aliases {
            return Err(LimitError {
                pos: at,
                message: format!("more than {} YAML aliases in one file (limit)", self.limits.max_aliases),
            });
        }
        let Some(size) = self.anchors.get(&id).map(|a| a.size) else {
            return Err(LimitError {
                pos: at,
                message: "alias to an anchor that contains it (recursive alias)".into(),
            });
        };
        if self.stack.len() + size.depth > self.limits.max_depth {
            return Err(self.too_deep(at));
        }
        file.alias_nodes = file.alias_nodes.saturating_add(size.nodes);
        if file.alias_nodes > self.limits.max_alias_nodes {
            return Err(LimitError {
                pos: at,
                message: format!(
                    "YAML aliases in this file expand to more than {} nodes (alias limit), which looks like an \
                     alias bomb (\"billion laughs\")",
                    self.limits.max_alias_nodes
                ),
            });
        }
        self.count(size, at, ", which looks like an alias bomb (\"billion laughs\")")?;
        let Some(mut value) = self.anchors.get(&id).map(|a| a.value.clone()) else { return Ok(()) };
        value.span = span;
        self.push(value, false)
    }

    fn too_deep(&self, pos: Pos) -> LimitError {
        LimitError { pos, message: crate::yaml::too_deep(self.limits) }
    }

    /// Counts new nodes, including copies made by aliases, against the document's limits; `why`
    /// ends the message.
    fn count(&mut self, size: Size, pos: Pos, why: &str) -> Result<(), LimitError> {
        self.nodes = self.nodes.saturating_add(size.nodes);
        self.scalar_bytes = self.scalar_bytes.saturating_add(size.bytes);
        if self.nodes > self.limits.max_nodes {
            let message = format!("document has more than {} nodes (node limit){why}", self.limits.max_nodes);
            return Err(LimitError { pos, message });
        }
        if self.scalar_bytes > self.limits.max_scalar_bytes {
            let message =
                format!("document holds more than {} bytes of text (size limit){why}", self.limits.max_scalar_bytes);
            return Err(LimitError { pos, message });
        }
        Ok(())
    }

    /// Keeps a copy of an anchored node for the aliases that follow.
    fn define(&mut self, anchor: usize, value: &Value, file: &mut FileCounters) -> Result<(), LimitError> {
        if anchor == 0 {
            return Ok(());
        }
        let size = measure(value);
        file.anchor_nodes = file.anchor_nodes.saturating_add(size.nodes);
        if file.anchor_nodes > self.limits.max_anchor_nodes {
            return Err(LimitError {
                pos: value.span.start,
                message: format!(
                    "YAML anchors in this file hold more than {} nodes (anchor limit)",
                    self.limits.max_anchor_nodes
                ),
            });
        }
        self.anchors.insert(anchor, Anchored { value: value.clone(), size });
        Ok(())
    }

    fn push(&mut self, value: Value, merge_key: bool) -> Result<(), LimitError> {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        frame.last_end = frame.last_end.max(value.span.end);
        let (entries, key, written, merge_at) = match &mut frame.items {
            Items::Seq(items) => {
                items.push(value);
                return Ok(());
            }
            Items::Map { entries, key, written, merge_key } => (entries, key, written, merge_key),
        };
        let Some(k) = key.take() else {
            *key = Some(Key { text: scalar::key_text(&value), span: value.span, merge: merge_key });
            return Ok(());
        };
        let first = if k.merge { *merge_at } else { written.get(&k.text).copied() };
        if let Some(first) = first {
            // Only the first duplicate of a document is reported. The value written last wins, as
            // in Go's YAML decoding when it does not reject duplicates (Conftest, Helm values):
            // the raw document policies read must hold what those tools read.
            if !k.merge {
                let earlier = entries.iter_mut().rev().find_map(|pending| match pending {
                    Pending::Entry(entry) if entry.key == k.text => Some(entry),
                    _ => None,
                });
                if let Some(entry) = earlier {
                    entry.value = value;
                    entry.key_span = k.span;
                }
            }
            let key = if k.merge { "<<".to_string() } else { k.text };
            self.duplicate.get_or_insert(DuplicateKey { key, pos: k.span.start, first_line: first.line });
            return Ok(());
        }
        if k.merge {
            *merge_at = Some(k.span.start);
            entries.push(Pending::Merge(merged_entries(value)?));
        } else {
            written.insert(k.text.clone(), k.span.start);
            entries.push(Pending::Entry(MapEntry { key: k.text, key_span: k.span, value }));
        }
        Ok(())
    }
}

/// The entries a merge key brings in: from a mapping, or from a list of mappings where earlier
/// ones take precedence (YAML 1.1 merge key semantics).
fn merged_entries(value: Value) -> Result<Vec<MapEntry>, LimitError> {
    let pos = value.span.start;
    let invalid = || LimitError { pos, message: "a merge key (<<) needs a mapping or a list of mappings".into() };
    match value.kind {
        ValueKind::Map(entries) => Ok(entries),
        ValueKind::List(items) => {
            let mut all = Vec::new();
            for item in items {
                match item.kind {
                    ValueKind::Map(entries) => all.extend(entries),
                    _ => return Err(invalid()),
                }
            }
            Ok(all)
        }
        _ => Err(invalid()),
    }
}

/// Resolves merged keys (written keys are unique by now, see [`DuplicateKey`]): keys written in
/// the mapping override merged ones wherever the merge key stands, and of merged keys the first
/// wins (YAML 1.1 merge key semantics).
fn finish_map(pending: Vec<Pending>, written: &HashMap<String, Pos>) -> Vec<MapEntry> {
    let mut merged_seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(pending.len());
    for p in pending {
        match p {
            Pending::Entry(e) => out.push(e),
            Pending::Merge(entries) => {
                for e in entries {
                    if !written.contains_key(&e.key) && merged_seen.insert(e.key.clone()) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

fn measure(value: &Value) -> Size {
    match &value.kind {
        ValueKind::String(s) => Size { nodes: 1, bytes: s.len(), depth: 0 },
        ValueKind::List(items) => combine(items.iter().map(|v| (0, measure(v)))),
        ValueKind::Map(entries) => combine(entries.iter().map(|e| (e.key.len(), measure(&e.value)))),
        _ => Size { nodes: 1, bytes: 0, depth: 0 },
    }
}

/// A collection's size from its children's `(key bytes, size)`; keys count as nodes.
fn combine(children: impl Iterator<Item = (usize, Size)>) -> Size {
    let mut total = Size { nodes: 1, bytes: 0, depth: 0 };
    for (key_bytes, child) in children {
        let key_nodes = usize::from(key_bytes > 0);
        total.nodes = total.nodes.saturating_add(child.nodes + key_nodes);
        total.bytes = total.bytes.saturating_add(child.bytes + key_bytes);
        total.depth = total.depth.max(child.depth);
    }
    total.depth += 1;
    total
}
