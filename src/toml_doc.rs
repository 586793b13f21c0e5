//! TOML inside an author's file: typed parsing with errors that point at the
//! offending key or value, and span look-ups for later validation.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::suggest::did_you_mean;

/// A TOML region of a file: the whole of a `.toml` file, or the front matter
/// of a `.md` file (`offset` is where it starts in the file).
#[derive(Debug, Clone)]
pub struct TomlRegion {
    pub file: SourceFile,
    pub range: Range<usize>,
    /// Where every key and value is, made the first time one is looked
    /// for and shared by the region's copies: an exercise with thousands
    /// of broken `related` entries is parsed for them once, not once each.
    spans: Arc<OnceLock<Option<Spans>>>,
}

/// A key or an index, owned: one step of a path in [`Spans`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

/// The key span and value span of every path in a document, relative to
/// the region. An array item's key span is its own span.
type Spans = HashMap<Vec<Step>, (Range<usize>, Range<usize>)>;

fn index_table(table: &DeTable<'_>, path: &mut Vec<Step>, out: &mut Spans) {
    for (k, v) in table.iter() {
        path.push(Step::Key(k.get_ref().to_string()));
        // The first of two equal keys wins, as a search from the top would.
        out.entry(path.clone()).or_insert((k.span(), v.span()));
        index_value(v, path, out);
        path.pop();
    }
}

fn index_value(v: &Spanned<DeValue<'_>>, path: &mut Vec<Step>, out: &mut Spans) {
    match v.get_ref() {
        DeValue::Table(t) => index_table(t, path, out),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                path.push(Step::Index(i));
                out.entry(path.clone())
                    .or_insert((item.span(), item.span()));
                index_value(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// One step of a path into a TOML document: a key or an array index.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl TomlRegion {
    pub fn new(file: SourceFile, range: Range<usize>) -> TomlRegion {
        TomlRegion {
            file,
            range,
            spans: Arc::default(),
        }
    }

    pub fn text(&self) -> &str {
        &self.file.text[self.range.clone()]
    }

    /// Parses the region into `T`, turning the parser's error into a
    /// diagnostic that names the field and points at it.
    pub fn parse<T: DeserializeOwned>(&self, what: &str) -> Result<T, Diagnostic> {
        toml::from_str(self.text()).map_err(|e| self.error_to_diagnostic(&e, what))
    }

    /// The span (in the whole file) of the value at `path`; of its key when
    /// `key` is true. Falls back to the region's first line.
    pub fn span_of(&self, path: &[Seg<'_>]) -> Range<usize> {
        self.find(path, false).unwrap_or_else(|| self.start_span())
    }

    pub fn key_span_of(&self, path: &[Seg<'_>]) -> Range<usize> {
        self.find(path, true).unwrap_or_else(|| self.start_span())
    }

    /// Whether the region itself has a value at `path` (as opposed to it
    /// coming from somewhere else, such as the body of a Markdown file).
    pub fn has(&self, path: &[Seg<'_>]) -> bool {
        self.find(path, false).is_some()
    }

    /// Where a problem about the whole region points: its first line.
    pub fn start_span(&self) -> Range<usize> {
        let text = self.text();
        let first = text.trim_start();
        let start = self.range.start + (text.len() - first.len());
        let end = start + first.find(['\n', '\r']).unwrap_or(first.len());
        if self.range.is_empty() {
            // Empty front matter: point at the line before it (the fence).
            let fence = self.file.text[..self.range.start]
                .trim_end()
                .rfind('\n')
                .map_or(0, |i| i + 1);
            return fence..self.range.start.saturating_sub(1).max(fence);
        }
        start..end
    }

    fn find(&self, path: &[Seg<'_>], key: bool) -> Option<Range<usize>> {
        // Only a path that starts with a key names anything.
        let Some(Seg::Key(_)) = path.first() else {
            return None;
        };
        let spans = self
            .spans
            .get_or_init(|| {
                let doc = DeTable::parse(self.text()).ok()?;
                let mut out = Spans::new();
                index_table(doc.get_ref(), &mut Vec::new(), &mut out);
                Some(out)
            })
            .as_ref()?;
        let steps: Vec<Step> = path
            .iter()
            .map(|seg| match seg {
                Seg::Key(k) => Step::Key((*k).to_owned()),
                Seg::Index(i) => Step::Index(*i),
            })
            .collect();
        let (key_span, value_span) = spans.get(&steps)?;
        let span = if key { key_span } else { value_span };
        Some(self.range.start + span.start..self.range.start + span.end)
    }

    /// The dotted key whose value contains `offset` (relative to the region).
    fn key_path_at(&self, offset: usize) -> Option<String> {
        let doc = DeTable::parse(self.text()).ok()?;
        let mut path = Vec::new();
        walk(doc.get_ref(), offset, &mut path);
        (!path.is_empty()).then(|| path.join("."))
    }

    fn error_to_diagnostic(&self, e: &toml::de::Error, what: &str) -> Diagnostic {
        let message = e.message().trim().to_owned();
        let span = e
            .span()
            .map(|s| self.range.start + s.start..self.range.start + s.end)
            .unwrap_or_else(|| self.start_span());
        // The parser gives a missing field the span of its table: the
        // `[image]` header or `{ … }`, or nothing for the top level.
        let table_span = e.span().filter(|s| !s.is_empty());
        let field_at = match message.starts_with("missing field") {
            true => table_span.clone(),
            false => e.span(),
        };
        let field = field_at.and_then(|s| self.key_path_at(s.start));
        let d = classify(&message, field.as_deref(), what);
        if d.code == "E0111" && table_span.is_none() {
            // A missing top-level field has no place of its own: point at
            // the start of the file (or front matter).
            d.at(&self.file, self.start_span())
        } else {
            d.at(&self.file, span)
        }
    }
}

/// Pushes onto `path` the keys leading to `offset`; whether it was found.
/// A `[table]`'s own span covers only its header, so tables are searched
/// whatever their span.
fn walk(table: &DeTable<'_>, offset: usize, path: &mut Vec<String>) -> bool {
    for (k, v) in table.iter() {
        if k.span().contains(&offset) {
            path.push(k.get_ref().to_string());
            return true;
        }
        path.push(k.get_ref().to_string());
        let span = v.span();
        if walk_value(v, offset, path) || span.contains(&offset) || span.end == offset {
            return true;
        }
        path.pop();
    }
    false
}

fn walk_value(v: &Spanned<DeValue<'_>>, offset: usize, path: &mut Vec<String>) -> bool {
    match v.get_ref() {
        DeValue::Table(t) => walk(t, offset, path),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                let inside = item.span().contains(&offset);
                if inside || matches!(item.get_ref(), DeValue::Table(_)) {
                    let before = path.len();
                    if let Some(last) = path.last_mut() {
                        last.push_str(&format!("[{i}]"));
                    }
                    if walk_value(item, offset, path) || inside {
                        return true;
                    }
                    path.truncate(before);
                    if let Some(last) = path.last_mut() {
                        let cut = last.len() - format!("[{i}]").len();
                        last.truncate(cut);
                    }
                }
            }
            false
        }
        _ => false,
    }
}

/// Names between backticks in a serde message, in order.
fn backticked(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

fn classify(message: &str, field: Option<&str>, what: &str) -> Diagnostic {
    let names = backticked(message);
    let in_field = |m: &str| match field {
        Some(f) => format!("`{f}`: {m}"),
        None => m.to_owned(),
    };
    if message.starts_with("unknown field") {
        let unknown = names.first().copied().unwrap_or("?");
        let expected: Vec<&str> = names.iter().skip(1).copied().collect();
        let help = match did_you_mean(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the fields {what} can have are: {}", expected.join(", ")),
        };
        let table = field
            .and_then(|f| f.rsplit_once('.'))
            .map(|(parent, _)| format!("`[{parent}]`"))
            .unwrap_or_else(|| what.to_owned());
        Diagnostic::error("E0110", format!("unknown field `{unknown}` in {table}"))
            .label("not a field limber knows")
            .help(help)
    } else if message.starts_with("missing field") {
        let missing = names.first().copied().unwrap_or("?");
        let owner = match field {
            Some(table) => format!("`{table}` in {what}"),
            None => what.to_owned(),
        };
        Diagnostic::error(
            "E0111",
            format!("{owner} is missing the required field `{missing}`"),
        )
        .label(format!("`{missing}` belongs in this table"))
        .help(format!(
            "add a line such as {}",
            example_for(missing, field.unwrap_or(""), what)
        ))
    } else if message.starts_with("unknown variant") {
        let unknown = names.first().copied().unwrap_or("?");
        let expected: Vec<&str> = names.iter().skip(1).copied().collect();
        let mut help = format!("write one of: {}", expected.join(", "));
        if let Some(s) = did_you_mean(unknown, expected.iter().copied()) {
            help = format!("did you mean `{s}`? ({help})");
        }
        Diagnostic::error(
            "E0113",
            in_field(&format!("`{unknown}` is not allowed here")),
        )
        .label(format!("expected one of {}", expected.join(", ")))
        .help(help)
    } else if message.starts_with("invalid type") || message.starts_with("invalid length") {
        let expected = message.split("expected ").nth(1).unwrap_or("another type");
        Diagnostic::error("E0112", in_field(&format!("wrong type: {message}")))
            .label(format!("expected {expected}"))
            .help(match field {
                Some(f) => format!("write `{f}` as {expected}"),
                None => format!("write this value as {expected}"),
            })
    } else if message.contains("a range") || message.contains("whole number") {
        Diagnostic::error("E0112", in_field(message))
            .label("not a whole number or a [min, max] range")
            .help("write a whole number like 5 or a range like [3, 5]")
    } else if let Some(why) = message.strip_prefix(crate::date::NOT_A_DATE) {
        let why = why.trim_start_matches(':').trim();
        Diagnostic::error("E0114", in_field("not a date"))
            .label("expected a date like 2025-05-01")
            .help(why.to_owned())
    } else if message.starts_with("invalid date") || message.starts_with("invalid time") {
        // TOML's own check of a date literal, such as 2025-02-30.
        Diagnostic::error("E0114", in_field(&format!("not a date: {message}")))
            .label("no such day")
            .help("write a day that exists, as year-month-day without quotes, like 2025-05-01")
    } else if message.starts_with("duplicate key") {
        Diagnostic::error("E0101", format!("TOML: {message}"))
            .label("this key was already given above")
            .help("give each key once; delete or rename one of them")
    } else {
        Diagnostic::error("E0100", format!("TOML syntax: {message}"))
            .label("the TOML parser stopped here")
            .help("check quotes, brackets and `key = value` lines (strings need \"double quotes\")")
    }
}

/// A line an author could add for the missing `field` of `table` (empty
/// for the top level) in `what`.
fn example_for(field: &str, table: &str, what: &str) -> String {
    match field {
        "title" if table.starts_with("families") => "`title = \"Dynamic stretching\"`".to_owned(),
        "title"
            if ["areas", "kinds", "levels", "positions", "equipment"]
                .iter()
                .any(|v| table.starts_with(&format!("{v}."))) =>
        {
            "`title = \"The name pages show\"`".to_owned()
        }
        "title" if table.starts_with("sources") => "`title = \"The article or book\"`".to_owned(),
        "title" if what == "guide.toml" => "`title = \"Exercises for upper back pain\"`".to_owned(),
        "title" if what.contains("_index") => "`title = \"Welcome\"`".to_owned(),
        "title" => "`title = \"Cat-cow\"`".to_owned(),
        "summary" => "`summary = \"One sentence on what it does.\"`".to_owned(),
        "kind" => "`kind = \"stretch\"` (or \"strength\", \"mobility\")".to_owned(),
        "areas" => "`areas = [\"upper-back\"]`".to_owned(),
        "positions" => "`positions = [\"seated\"]`".to_owned(),
        "description" => "`description = \"What the guide is for.\"`".to_owned(),
        "author" => "`author = \"Your name\"`".to_owned(),
        "alt" => "`alt = \"What the picture shows\"`".to_owned(),
        "src" => "`src = \"images/pose.png\"`".to_owned(),
        "url" => "`url = \"https://example.org/page\"`".to_owned(),
        other => format!("`{other} = …`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExerciseFields;

    fn region(text: &str) -> TomlRegion {
        TomlRegion::new(SourceFile::new("x.toml", text), 0..text.len())
    }

    #[test]
    fn unknown_field_suggests_the_near_one() {
        let r = region("title = \"A\"\nsumary = \"B\"\n");
        let d = r.parse::<ExerciseFields>("an exercise").unwrap_err();
        assert_eq!(d.code, "E0110");
        assert_eq!(d.line_column(), Some((2, 1)));
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn wrong_type_names_the_field_and_points_at_the_value() {
        let r = region(
            "title = \"A\"\nsummary = \"B\"\nkind = \"stretch\"\nareas = [\"neck\"]\npositions = [\"seated\"]\n[dose]\nreps = \"five\"\n",
        );
        let d = r.parse::<ExerciseFields>("an exercise").unwrap_err();
        assert_eq!(d.code, "E0112", "{d}");
        assert!(d.message.contains("dose.reps"), "{}", d.message);
        assert_eq!(d.line_column(), Some((7, 8)));
    }

    #[test]
    fn span_of_finds_nested_values() {
        let r = region("areas = [\"neck\", \"bak\"]\n[dose]\nreps = 5\n");
        let s = r.span_of(&[Seg::Key("areas"), Seg::Index(1)]);
        assert_eq!(&r.text()[s], "\"bak\"");
        let s = r.span_of(&[Seg::Key("dose"), Seg::Key("reps")]);
        assert_eq!(&r.text()[s], "5");
    }

    #[test]
    fn unknown_field_in_a_table_names_the_table() {
        let r = region("title = \"A\"\n[dose]\nrepz = 5\n");
        let d = r.parse::<ExerciseFields>("an exercise").unwrap_err();
        assert_eq!(d.message, "unknown field `repz` in `[dose]`");
        assert_eq!(d.help.as_deref(), Some("did you mean `reps`?"));
    }

    #[test]
    fn missing_field_points_at_the_table_and_says_what_to_add() {
        let r = region(
            "title = \"A\"\nkind = \"stretch\"\nareas = [\"neck\"]\npositions = [\"seated\"]\n",
        );
        let d = r.parse::<ExerciseFields>("an exercise").unwrap_err();
        assert_eq!(d.code, "E0111");
        assert_eq!(
            d.message,
            "an exercise is missing the required field `summary`"
        );
        assert_eq!(d.line_column(), Some((1, 1)));
        assert!(d.help.as_deref().unwrap_or("").contains("summary = "));
    }

    #[test]
    fn a_quoted_date_is_a_located_date_error() {
        let r = region(
            "title = \"A\"\nsummary = \"B\"\nkind = \"stretch\"\nareas = [\"neck\"]\npositions = [\"seated\"]\nupdated = \"2025-05-01\"\n",
        );
        let d = r.parse::<ExerciseFields>("an exercise").unwrap_err();
        assert_eq!(d.code, "E0114", "{d}");
        assert_eq!(d.message, "`updated`: not a date");
        assert_eq!(d.line_column(), Some((6, 11)));
        assert!(d.help.as_deref().unwrap_or("").contains("without quotes"));
    }
}
