//! Problems found in a guide, and how they are shown to an author.
//!
//! Every problem carries the file it is in and, wherever the parser can know
//! it, the byte span of the offending text, so that the report can name the
//! line and column and draw the source line with a caret under the spot.

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A source file's text, shared by all the problems found in it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the guide's root, with `/` separators, as shown to authors.
    pub name: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Formats a path relative to `root` the way problems name files.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every warning limber gives, for `[check] allow` in guide.toml.
pub const WARNING_CODES: &[&str] = &["W0001", "W0002", "W0003", "W0190"];

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier, such as `E0102`, for searching and for editors.
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    source: Option<Arc<str>>,
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
        self.source = Some(file.text.clone());
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

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the span's start.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let (text, span) = (self.source.as_ref()?, self.span.as_ref()?);
        Some(line_column(text, span.start))
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
        };
        let mut group = Group::with_title(level.primary_title(&self.message).id(self.code));
        match (&self.file, &self.source, &self.span) {
            (Some(file), Some(text), Some(span)) => {
                let mut annotation = AnnotationKind::Primary.span(span.clone());
                if let Some(label) = &self.label {
                    annotation = annotation.label(label);
                }
                group = group.element(
                    Snippet::source(&**text)
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
            "code": self.code,
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

    /// Drops the warnings whose codes are in `allow`; errors always stay.
    pub fn allow(&mut self, allow: &[String]) {
        if !allow.is_empty() {
            self.diagnostics
                .retain(|d| d.is_error() || !allow.iter().any(|a| a == d.code));
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
