//! Findings for people and for tools: compiler-style diagnostics drawn by
//! `annotate-snippets` (the line, a caret under the span, the kind, the
//! explanation, the evidence as notes and the suggested readings as help),
//! and the JSON report of `chronicler check --format json`.
//!
//! Whether to colour is the caller's decision (the CLI colours when
//! standard output is a terminal); this module never looks at the terminal.

use super::{Finding, Severity};
use crate::{Document, DocumentInfo};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// Renders `findings` of the text `text` (read from `origin`, a path or
/// `<stdin>`) as diagnostics, one after another, each ending with a blank
/// line. `color` adds ANSI colours.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let text = "The Air Force fired a missile on Wednesday, April 3rd.";
/// let doc = extract(text, &Options::with_published(Published::given(d))).unwrap();
/// let out = chronicler::check::render(&doc.findings, text, "seed.txt", false);
/// assert!(out.starts_with("warning[weekday_mismatch]: Wednesday, April 3rd: April 3, 2017 was a Monday"));
/// assert!(out.contains("seed.txt:1:34"));
/// ```
pub fn render(findings: &[Finding], text: &str, origin: &str, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let start = f.bytes.start.min(text.len());
        let end = f.bytes.end.clamp(start, text.len());
        let (start, end) = if text.is_char_boundary(start) && text.is_char_boundary(end) {
            (start, end)
        } else {
            (0, 0)
        };
        let label = f
            .evidence
            .facts
            .first()
            .cloned()
            .unwrap_or_else(|| f.kind.as_str().to_string());
        let mut main = level
            .primary_title(f.message.as_str())
            .id(f.kind.as_str())
            .element(
                Snippet::source(text)
                    .path(origin)
                    .annotation(AnnotationKind::Primary.span(start..end).label(label)),
            );
        for fact in f.evidence.facts.iter().skip(1) {
            main = main.element(Level::NOTE.message(fact.as_str()));
        }
        let mut report = vec![main];
        if !f.suggestions.is_empty() {
            let mut help: Group = Group::with_title(
                Level::HELP
                    .secondary_title("readings that would be consistent, most plausible first"),
            );
            for (i, s) in f.suggestions.iter().enumerate() {
                help = help.element(Level::HELP.no_name().message(format!(
                    "{}. {} ({}): {}",
                    i + 1,
                    s.text,
                    s.value,
                    s.reason
                )));
            }
            report.push(help);
        }
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    out
}

/// One document's findings, as `chronicler check --format json` writes them.
///
/// # Example
/// ```
/// use chronicler::{extract, Options, Published};
/// use chronicler::check::render::Report;
/// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
/// let doc = extract("It rained on April 31.", &Options::with_published(Published::given(d))).unwrap();
/// let v = serde_json::to_value(Report::of(&doc)).unwrap();
/// assert_eq!(v["findings"][0]["kind"], "invalid_date");
/// assert_eq!(v["document"]["published"], "2017-05-05");
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct Report<'a> {
    /// Id and publication date of the document.
    pub document: &'a DocumentInfo,
    /// Its findings, in text order.
    pub findings: &'a [Finding],
}

impl<'a> Report<'a> {
    /// The report of one extracted document.
    ///
    /// # Example
    /// ```
    /// use chronicler::{extract, Options, Published};
    /// use chronicler::check::render::Report;
    /// let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 5).unwrap();
    /// let doc = extract("Nothing happened.", &Options::with_published(Published::given(d))).unwrap();
    /// assert!(Report::of(&doc).findings.is_empty());
    /// ```
    pub fn of(doc: &'a Document) -> Report<'a> {
        Report {
            document: &doc.document,
            findings: &doc.findings,
        }
    }
}
