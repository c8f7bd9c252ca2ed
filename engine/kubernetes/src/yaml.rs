//! Reads a YAML stream (JSON being a subset of YAML) into documents, one tree per document.
//!
//! The event parser of serde-saphyr (`granit_parser`) gives every event its exact source range
//! and can resume at the next document after a syntax error, so one broken document does not
//! hide the others. serde-saphyr's deserializer is not used: it keeps only start positions, drops
//! empty documents (which would shift document indexes) and fails a whole stream on one error.

use serde_saphyr::granit_parser::{ErrorKind, Event, Options, Parser, StructureStyle};
use tollgate_model::{FileId, Pos, Value};

use crate::limits::Limits;
use crate::tree::{DocumentBuilder, DuplicateKey, FileCounters, LimitError, Locator};

/// One document of a stream; `root` is null for an empty document.
#[derive(Debug)]
pub(crate) struct Document {
    /// 0-based position of the document in its file, counting empty and broken documents.
    pub index: u32,
    /// Where the document starts: its `---` marker, or its first token.
    pub start: Pos,
    pub root: Value,
    /// The first key written twice in one mapping of the document.
    pub duplicate: Option<DuplicateKey>,
}

/// Why a document could not be read.
#[derive(Debug)]
pub(crate) struct DocumentError {
    pub index: u32,
    pub pos: Pos,
    pub message: String,
    pub kind: Failure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The document is not valid YAML.
    Syntax,
    /// The document breaches a limit (nesting, nodes, aliases, text).
    Limit,
    /// The file holds more documents than the limit: this one and the rest were not read.
    TooManyDocuments,
}

#[derive(Debug, Default)]
pub(crate) struct Stream {
    pub documents: Vec<Document>,
    pub errors: Vec<DocumentError>,
    /// Documents seen, counting empty and broken ones.
    pub count: u32,
}

/// Parses every document of `text`; a document that fails is reported and skipped.
pub(crate) fn parse_stream(file: FileId, text: &str, limits: &Limits) -> Stream {
    let loc = Locator { file, text };
    let mut options = Options::default();
    options.set_emit_comments(false);
    // libyaml, and so Kubernetes' go-yaml, adds no line feed to a block scalar ending the file.
    options.block_scalar_eof_without_line_feed = true;
    // One more than our own limit, so that the builder's message usually speaks first.
    options.flow_nesting_limit = limits.max_depth + 1;
    options.block_nesting_limit = limits.max_depth + 1;
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut stream = Stream::default();
    let mut counters = FileCounters::default();
    let mut next_index: u32 = 0;
    let mut open: Option<(u32, Pos, DocumentBuilder)> = None;

    while let Some(item) = parser.next_event() {
        let failure = match item {
            Err(error) => {
                let pos = loc.pos(error.marker());
                Some(if matches!(error.kind(), ErrorKind::RecursionLimitExceeded) {
                    DocumentError { index: 0, pos, message: too_deep(limits), kind: Failure::Limit }
                } else {
                    let info = error.info();
                    let message = if info.is_empty() { "syntax error".to_string() } else { info };
                    DocumentError { index: 0, pos, message, kind: Failure::Syntax }
                })
            }
            Ok((Event::DocumentStart(..), span)) => {
                if next_index as usize >= limits.max_documents {
                    stream.errors.push(DocumentError {
                        index: next_index,
                        pos: loc.pos(&span.start),
                        message: format!("more than {} YAML documents in one file (limit)", limits.max_documents),
                        kind: Failure::TooManyDocuments,
                    });
                    next_index += 1;
                    break;
                }
                let mut builder = DocumentBuilder::new(&loc, limits);
                builder.event_ended(&span);
                open = Some((next_index, loc.pos(&span.start), builder));
                next_index += 1;
                None
            }
            Ok((Event::DocumentEnd, _)) => {
                if let Some((index, start, builder)) = open.take() {
                    if let Some((root, duplicate)) = builder.finish() {
                        stream.documents.push(Document { index, start, root, duplicate });
                    }
                }
                None
            }
            Ok((event, span)) => {
                let Some((_, _, builder)) = open.as_mut() else { continue };
                let result = match event {
                    Event::Scalar(text, style, anchor, tag) => {
                        builder.scalar(&text, style, anchor, tag.as_deref(), &span, &mut counters)
                    }
                    Event::SequenceStart(style, anchor, _) => {
                        builder.start(false, style == StructureStyle::Flow, anchor, &span)
                    }
                    Event::MappingStart(style, anchor, _) => {
                        builder.start(true, style == StructureStyle::Flow, anchor, &span)
                    }
                    Event::SequenceEnd | Event::MappingEnd => builder.end(&span, &mut counters),
                    Event::Alias(id) => builder.alias(id, &span, &mut counters),
                    _ => Ok(()),
                };
                builder.event_ended(&span);
                result.err().map(|LimitError { pos, message }| DocumentError {
                    index: 0,
                    pos,
                    message,
                    kind: Failure::Limit,
                })
            }
        };
        let Some(mut failure) = failure else { continue };
        // The failed document keeps its index; an error outside any document takes a new one.
        failure.index = match open.take() {
            Some((index, _, _)) => index,
            None => {
                next_index += 1;
                next_index - 1
            }
        };
        stream.errors.push(failure);
        if next_index as usize > limits.max_documents || !matches!(parser.proceed_next_document(), Ok(true)) {
            break;
        }
    }
    stream.count = next_index;
    stream
}

/// The message for a document nested deeper than the limit, from the parser or the builder.
pub(crate) fn too_deep(limits: &Limits) -> String {
    format!("mappings and sequences nested deeper than {} levels (nesting limit)", limits.max_depth)
}
