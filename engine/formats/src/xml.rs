//! XML as Conftest reads it (basgys/goxml2json, no plugins): the document is an object holding
//! the root element under its name. An element with neither attributes nor child elements is
//! its text, trimmed (`""` when empty); any other element is an object: each attribute as
//! `-name`, each child element under its name (a list when the name repeats), and its text,
//! when not empty, as `#content`. Every value is a string. Names are local names (`x:item` is
//! `item`, `xmlns:x` is `-x`). As in goxml2json, an element's text is its last run of text
//! (the text after its last child, when there is any), and comments, processing instructions
//! and the doctype are left out.
//!
//! goxml2json stops silently at malformed XML and gives what it read so far; Tollgate reports
//! the error with its line instead, so a broken file never passes unseen.

use crate::FormatError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use tollgate_model::json::MAX_DEPTH;
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Span, Value, ValueKind};

/// An element being read: its children by name (in first-seen order), its last run of text
/// (text and entity references up to the next tag, comment or CDATA section, as Go's XML
/// reader gives one run), where it starts.
struct Element {
    name: String,
    children: Vec<(String, Vec<Value>)>,
    text: String,
    in_run: bool,
    start: usize,
}

impl Element {
    fn new(name: String, start: usize) -> Self {
        Element { name, children: Vec::new(), text: String::new(), in_run: false, start }
    }

    /// Text or a resolved reference: continues the current run, or starts a new one.
    fn push_text(&mut self, text: &str) {
        if !self.in_run {
            self.text.clear();
            self.in_run = true;
        }
        self.text.push_str(text);
    }

    fn add(&mut self, name: String, value: Value) {
        match self.children.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, values)) => values.push(value),
            None => self.children.push((name, vec![value])),
        }
    }

    /// goxml2json's encoding of the element.
    fn into_value(self, span: Span) -> Value {
        let text = trimmed(&self.text).to_string();
        if self.children.is_empty() {
            return Value::string(text, span);
        }
        let mut entries = Vec::with_capacity(self.children.len() + 1);
        if !text.is_empty() {
            entries.push(MapEntry { key: "#content".into(), key_span: span, value: Value::string(text, span) });
        }
        for (name, mut values) in self.children {
            let value = match values.len() {
                1 => values.remove(0),
                _ => Value::new(ValueKind::List(values), span),
            };
            entries.push(MapEntry { key: name, key_span: value.span, value });
        }
        Value::new(ValueKind::Map(entries), span)
    }
}

pub(crate) fn parse(lines: &LineIndex, start: usize) -> Result<Value, FormatError> {
    let text = &lines.text()[start..];
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    // The document node: its one child is the root element.
    let mut stack = vec![Element::new(String::new(), 0)];
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|error| {
            FormatError::at_offset(lines, start + reader.error_position() as usize, error.to_string())
        })?;
        let end = reader.buffer_position() as usize;
        let error = |message: String| FormatError::at_offset(lines, start + before, message);
        if !matches!(event, Event::Text(_) | Event::GeneralRef(_)) {
            if let Some(element) = stack.last_mut() {
                element.in_run = false;
            }
        }
        match event {
            Event::Start(tag) => {
                // The document node is not a level; deeper documents would overflow later recursion.
                if stack.len() > MAX_DEPTH {
                    return Err(error(format!("XML nested more than {MAX_DEPTH} elements deep")));
                }
                stack.push(open(&tag, start + before, lines).map_err(error)?)
            }
            Event::Empty(tag) => {
                let element = open(&tag, start + before, lines).map_err(error)?;
                close(&mut stack, element, lines, start + end);
            }
            Event::End(_) => {
                let element =
                    stack.pop().filter(|_| !stack.is_empty()).ok_or_else(|| error("unexpected end tag".into()))?;
                close(&mut stack, element, lines, start + end);
            }
            Event::Text(content) => push_text(&mut stack, &content.xml10_content()),
            Event::CData(content) => push_text(&mut stack, &content.xml10_content()),
            Event::GeneralRef(reference) => push_text(&mut stack, &resolve_reference(&reference).map_err(error)?),
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map_or(0, |element| element.start);
        return Err(FormatError::at_offset(lines, open, "element is not closed"));
    }
    let document = stack.pop().map(|root| root.into_value(crate::whole(lines)));
    document.ok_or_else(|| FormatError::at_line(1, "no XML document"))
}

/// A new element with its attributes as `-name` children.
fn open(tag: &BytesStart, at: usize, lines: &LineIndex) -> Result<Element, String> {
    let mut element = Element::new(tag.local_name().into_inner().to_string(), at);
    let span = lines.span(at..at + 1);
    for attribute in tag.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let value = attribute.normalized_value(XmlVersion::Implicit1_0).map_err(|e| e.to_string())?;
        let name = format!("-{}", attribute.key.local_name().into_inner());
        element.add(name, Value::string(value.into_owned(), span));
    }
    Ok(element)
}

/// Adds a finished element (ending at byte `end`) to its parent.
fn close(stack: &mut [Element], element: Element, lines: &LineIndex, end: usize) {
    let span = lines.span(element.start..end);
    let name = element.name.clone();
    if let Some(parent) = stack.last_mut() {
        parent.add(name, element.into_value(span));
        // Text read before this child no longer counts: goxml2json keeps the last run.
        parent.text.clear();
        parent.in_run = false;
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(element) = stack.last_mut() {
        element.push_text(text);
    }
}

/// Without leading and trailing spaces and non-graphic characters (goxml2json's `trimNonGraphic`).
fn trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c.is_control())
}

fn resolve_reference(reference: &quick_xml::events::BytesRef) -> Result<String, String> {
    if let Some(c) = reference.resolve_char_ref().map_err(|e| e.to_string())? {
        return Ok(c.to_string());
    }
    let name = reference.xml10_content();
    let predefined = match name.as_ref() {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        other => return Err(format!("unknown entity `&{other};`")),
    };
    Ok(predefined.to_string())
}

#[cfg(test)]
mod tests {
    use crate::{parse, Format};
    use serde_json::json;
    use tollgate_model::FileId;

    fn xml(text: &str) -> serde_json::Value {
        crate::json_of(Format::Xml, text)
    }

    #[test]
    fn elements_attributes_text_and_repeats_in_goxml2json_shape() {
        let text = "<?xml version=\"1.0\"?>\n<!-- settings -->\n<project xmlns=\"urn:x\" version=\"2\">\n\
                    <name>shop</name>\n<empty/>\n<dep scope=\"test\">junit</dep>\n<dep>guava</dep>\n\
                    <x:tag xmlns:x=\"urn:y\">a &amp; b &#65;</x:tag>\n<data><![CDATA[<raw>]]></data>\n</project>\n";
        assert_eq!(
            xml(text),
            json!({"project": {
                "-xmlns": "urn:x", "-version": "2", "name": "shop", "empty": "",
                "dep": [{"-scope": "test", "#content": "junit"}, "guava"],
                "tag": {"-x": "urn:y", "#content": "a & b A"},
                "data": "<raw>",
            }})
        );
    }

    #[test]
    fn elements_keep_their_lines() {
        let documents = parse(Format::Xml, FileId(0), "<a>\n  <b>1</b>\n  <c>\n    <d/>\n  </c>\n</a>\n").expect("xml");
        let a = documents[0].value.entry("a").expect("a");
        let c = a.value.entry("c").expect("c");
        assert_eq!((c.value.span.start.line, c.value.span.end.line), (3, 5));
    }

    #[test]
    fn documents_nested_too_deep_are_errors_not_crashes() {
        let depth = tollgate_model::json::MAX_DEPTH;
        let ok = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        assert!(parse(Format::Xml, FileId(0), &ok).is_ok());
        let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        let error = parse(Format::Xml, FileId(0), &deep).expect_err("too deep");
        assert!(error.message.contains("nested more than"), "{error}");
    }

    #[test]
    fn malformed_xml_is_an_error_with_its_line() {
        let error = parse(Format::Xml, FileId(0), "<a>\n  <b>\n</a>\n").expect_err("mismatched");
        assert_eq!(error.line, 3, "{error}");
        let error = parse(Format::Xml, FileId(0), "<a>\n  <b>text</b>\n").expect_err("unclosed");
        assert_eq!(error.line, 1, "{error}");
    }
}
