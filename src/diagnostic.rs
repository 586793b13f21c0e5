//! Problems found in a guide, and how they are shown to an author.
//!
//! Every problem carries the file it is in and, wherever the parser can know
//! it, the byte span of the offending text, so that the report can name the
//! line and column and draw the source line with a caret under the spot.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something worth knowing that needs no change, such as a check that
    /// cannot run for the guide's language. It has no code.
    Note,
}

/// A source file's text, shared by all the problems found in it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the guide's root, with `/` separators, as shown to authors.
    pub name: String,
    pub text: Arc<str>,
    /// Made the first time a problem in the file needs a line number, and
    /// shared by all its problems: a file with thousands of them is scanned
    /// once, not once for each.
    lines: Arc<OnceLock<LineIndex>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            lines: Arc::default(),
        }
    }
}

/// Where each line of a text starts, and how many characters come before
/// every [`LineIndex::BLOCK`] bytes, so that a line and column are found
/// without reading the text from its start.
#[derive(Debug, Default)]
struct LineIndex {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
    /// Characters before byte `i * BLOCK`, for each block.
    chars_before_block: Vec<usize>,
}

impl LineIndex {
    const BLOCK: usize = 4096;

    fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let starts = std::iter::once(0)
            .chain(newlines(bytes).map(|i| i + 1))
            .collect();
        let mut chars_before_block = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut chars = 0;
        for block in bytes.chunks(Self::BLOCK) {
            chars_before_block.push(chars);
            chars += count_chars(block);
        }
        chars_before_block.push(chars);
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// 0-based line of `offset`, and the byte where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        (line, self.starts.get(line).copied().unwrap_or(0))
    }

    /// Byte offset just past the line `line` (0-based), its newline included.
    fn line_end(&self, line: usize, len: usize) -> usize {
        self.starts.get(line + 1).copied().unwrap_or(len)
    }

    /// How many characters come before byte `offset` of `text`.
    fn chars_before(&self, text: &[u8], offset: usize) -> usize {
        let block = offset / Self::BLOCK;
        let from = block * Self::BLOCK;
        self.chars_before_block.get(block).copied().unwrap_or(0)
            + count_chars(text.get(from..offset).unwrap_or_default())
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, start) = self.line_of(offset);
        let bytes = text.as_bytes();
        let column = self.chars_before(bytes, offset) - self.chars_before(bytes, start) + 1;
        (line + 1, column)
    }
}

fn newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
}

/// The characters in a run of UTF-8 bytes that may start or end inside a
/// character: every byte but a continuation byte starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// The most lines of a span that a report shows: a span over a whole file
/// is drawn by its first lines, not reprinted whole for each problem.
const MAX_SNIPPET_LINES: usize = 20;

/// Formats a path relative to `root` the way problems name files.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every warning limber gives, for `[check] allow` in guide.toml.
pub const WARNING_CODES: &[&str] = &[
    "W0001", "W0002", "W0003", "W0004", "W0010", "W0011", "W0012", "W0013", "W0014", "W0015",
    "W0016", "W0017", "W0018", "W0019", "W0020", "W0021", "W0022", "W0023", "W0190",
];

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier, such as `E0102`, for searching and for editors.
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    source: Option<(Arc<str>, Arc<OnceLock<LineIndex>>)>,
    span: Option<Range<usize>>,
    /// Shown under the caret.
    pub label: Option<String>,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: shorten(message.into()),
            file: None,
            source: None,
            span: None,
            label: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error("", message)
        }
    }

    /// Names a file without pointing into it (for files that cannot be read).
    pub fn in_file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self
    }

    /// Points at `span` (byte offsets) of `file`.
    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Self {
        let len = file.text.len();
        let start = floor_char_boundary(&file.text, span.start.min(len));
        let end = floor_char_boundary(&file.text, span.end.clamp(start, len));
        self.file = Some(file.name.clone());
        self.source = Some((file.text.clone(), file.lines.clone()));
        self.span = Some(start..end);
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(shorten(label.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(shorten(help.into()));
        self
    }

    /// The byte span pointed at, if any.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let ((text, lines), span) = (self.source.as_ref()?, self.span.as_ref()?);
        let index = lines.get_or_init(|| LineIndex::new(text));
        Some(index.line_column(text, span.start))
    }

    /// `file:line:column`, or as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match self.line_column() {
            Some((line, col)) => format!("{file}:{line}:{col}"),
            None => file.clone(),
        })
    }

    /// The rustc-style report: code, message, `--> file:line:col`, the source
    /// line with a caret, and the help line.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut title = level.primary_title(&self.message);
        if !self.code.is_empty() {
            title = title.id(self.code);
        }
        let mut group = Group::with_title(title);
        match (&self.file, &self.source, &self.span) {
            (Some(file), Some((text, lines)), Some(span)) => {
                // Only the lines the span is on go to the renderer, which
                // would otherwise read the whole file for every problem.
                let index = lines.get_or_init(|| LineIndex::new(text));
                let (first, from) = index.line_of(span.start);
                let (last, _) = index.line_of(span.end.saturating_sub(1).max(span.start));
                let last = last.min(first + MAX_SNIPPET_LINES - 1);
                let to = index.line_end(last, text.len());
                let excerpt = text.get(from..to).unwrap_or_default();
                let local = span.start - from..span.end.min(to).max(span.start) - from;
                let mut annotation = AnnotationKind::Primary.span(local);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label);
                }
                group = group.element(
                    Snippet::source(excerpt)
                        .line_start(first + 1)
                        .path(file.as_str())
                        .fold(true)
                        .annotation(annotation),
                );
            }
            (Some(file), _, _) => {
                // A problem with the file as a whole (too large, a symlink,
                // missing): name it the same way, with no line to show.
                group = group.element(Origin::path(file.as_str()));
            }
            _ => {}
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help));
        }
        renderer.render(&[group])
    }

    /// One JSON object: for editors and CI.
    pub fn to_json(&self) -> serde_json::Value {
        let (line, column) = self.line_column().unzip();
        serde_json::json!({
            "file": self.file,
            "line": line,
            "column": column,
            "severity": self.severity,
            "code": (!self.code.is_empty()).then_some(self.code),
            "message": self.message,
            "help": self.help,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Longest name or value quoted whole in a message, in characters.
const MAX_QUOTED: usize = 80;
/// Longest message, label or help, in characters.
const MAX_TEXT: usize = 2000;

/// `text` with every `` `…` `` longer than [`MAX_QUOTED`] cut to its start
/// and an ellipsis, and the whole cut at [`MAX_TEXT`]: messages quote what
/// an author wrote, which may be a 5 MB key, and a report should stay a
/// few lines whatever the input.
fn shorten(text: String) -> String {
    let cut = |s: &str, max: usize| -> Option<String> {
        let (end, _) = s.char_indices().nth(max)?;
        Some(format!("{}…", &s[..end]))
    };
    if text.chars().count() <= MAX_QUOTED {
        return text;
    }
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let quoted = i % 2 == 1;
        match cut(part, MAX_QUOTED * 3 / 4).filter(|_| quoted && part.chars().count() > MAX_QUOTED)
        {
            Some(short) => out.push_str(&short),
            None => out.push_str(part),
        }
    }
    cut(&out, MAX_TEXT).unwrap_or(out)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
/// For one lookup; the problems of a file share an index instead.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// All the problems of one run, errors first in file order.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(ds);
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Drops the warnings whose codes are in `allow`; errors always stay.
    pub fn allow(&mut self, allow: &[String]) {
        if !allow.is_empty() {
            self.diagnostics
                .retain(|d| d.severity != Severity::Warning || !allow.iter().any(|a| a == d.code));
        }
    }

    /// Orders problems by file and position so output is stable run to run.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (
                &a.file,
                a.span.as_ref().map(|s| s.start),
                a.code,
                &a.message,
            )
                .cmp(&(
                    &b.file,
                    b.span.as_ref().map(|s| s.start),
                    b.code,
                    &b.message,
                ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nb = \"é\" x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_column(text, x), (2, 9));
    }

    #[test]
    fn long_names_and_values_are_cut() {
        let key = "k".repeat(5_000_000);
        let d = Diagnostic::error("E0110", format!("unknown field `{key}` in an exercise"))
            .label(format!("`{key}`"))
            .help(format!("write {key}"));
        let short = format!("unknown field `{}…` in an exercise", "k".repeat(60));
        assert_eq!(d.message, short);
        assert_eq!(
            d.label.as_deref(),
            Some(format!("`{}…`", "k".repeat(60)).as_str())
        );
        let help = d.help.unwrap_or_default();
        assert_eq!(help.chars().count(), MAX_TEXT + 1);
        assert!(help.ends_with('…'), "{help}");
        let keep = "unknown field `sumary` in an exercise, with `a` and `b` and more text after it to pass eighty characters";
        assert_eq!(Diagnostic::error("E0110", keep).message, keep);
        let wide = format!("`{}` is not a valid slug", "é".repeat(100));
        assert_eq!(
            Diagnostic::error("E0130", wide).message,
            format!("`{}…` is not a valid slug", "é".repeat(60))
        );
    }

    #[test]
    fn the_shared_index_agrees_with_counting_from_the_start() {
        // Multi-byte characters on both sides of block boundaries, long
        // lines and empty ones.
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(["é", "a", "日本", "\n", "", "xyz"][i % 6]);
            if i % 7 == 0 {
                text.push_str(&"b".repeat(i % 5000));
            }
        }
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).step_by(997).chain([text.len()]) {
            assert_eq!(
                index.line_column(&text, offset),
                line_column(&text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn render_shows_only_the_lines_of_the_span() {
        let text = format!("{}bad = 1\nnext\n", "line\n".repeat(5000));
        let file = SourceFile::new("content/exercises/a.toml", text.as_str());
        let at = text.find("bad").unwrap();
        let d = Diagnostic::error("E0110", "unknown key").at(&file, at..at + 3);
        let out = d.render(false);
        assert!(out.contains("--> content/exercises/a.toml:5001:1"), "{out}");
        assert!(out.contains("5001 | bad = 1"), "{out}");
        assert!(!out.contains("next"), "{out}");
        // A span to the end of the file is drawn by its first lines only.
        let d = Diagnostic::error("E0110", "x").at(&file, 0..text.len());
        assert!(
            d.render(false).lines().count() < 2 * MAX_SNIPPET_LINES,
            "{}",
            d.render(false)
        );
    }

    #[test]
    fn render_shows_location_caret_and_help() {
        let file = SourceFile::new("content/exercises/a.md", "+++\ntitle = 1\n+++\n");
        let d = Diagnostic::error("E0100", "wrong type")
            .at(&file, 12..13)
            .label("expected a string")
            .help("write title = \"Cat-cow\"");
        let out = d.render(false);
        assert!(out.contains("error[E0100]: wrong type"), "{out}");
        assert!(out.contains("--> content/exercises/a.md:2:9"), "{out}");
        assert!(out.contains("title = 1"), "{out}");
        assert!(out.contains('^'), "{out}");
        assert!(out.contains("help: write title"), "{out}");
    }
}
