//! A Markdown file with `+++` TOML front matter: finding the front matter,
//! and lifting the `## Steps`, `## Tips` and `## Cautions` lists out of the
//! body so that they can be typed fields like those of a `.toml` file.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::toml_doc::TomlRegion;

pub struct MarkdownFile {
    pub front: TomlRegion,
    pub body: Range<usize>,
}

const FENCE: &str = "+++";

/// Splits `file` into its front matter and its body.
pub fn split(file: &SourceFile) -> Result<MarkdownFile, Diagnostic> {
    let text = &*file.text;
    if text.trim().is_empty() {
        return Err(Diagnostic::error("E0005", format!("{} is empty", file.name))
            .at(file, 0..0)
            .label("the file has nothing in it")
            .help("start the file with a line `+++`, the TOML front matter (title = \"…\" and the other fields), and another line `+++`"));
    }
    let mut lines = line_spans(text);
    let (first_start, first_end) = lines.next().unwrap_or((0, 0));
    if text[first_start..first_end].trim_end() != FENCE {
        return Err(
            Diagnostic::error("E0006", "the file must start with front matter")
                .at(file, first_start..first_end)
                .label("expected a line with only `+++`")
                .help("put a line `+++` first, then the TOML fields, then another line `+++`, then the Markdown body"),
        );
    }
    let front_start = next_line_start(text, first_end);
    for (start, end) in lines {
        if text[start..end].trim_end() == FENCE {
            return Ok(MarkdownFile {
                front: TomlRegion::new(file.clone(), front_start..start),
                body: next_line_start(text, end)..text.len(),
            });
        }
    }
    Err(
        Diagnostic::error("E0007", "the front matter is never closed")
            .at(file, first_start..first_end)
            .label("front matter opened here")
            .help("add a line with only `+++` after the last field, before the Markdown body"),
    )
}

/// Byte ranges of each line's content, without its line ending.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        pos = end + 1;
        let content_end = if text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some((start, content_end))
    })
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    match text[line_end..].find('\n') {
        Some(i) => line_end + i + 1,
        None => text.len(),
    }
}

/// Refuses Markdown in `range` of `file` that nests block quotes or lists
/// deeper than [`crate::markdown::MAX_NESTING`], before it is parsed.
pub fn check_nesting(file: &SourceFile, range: Range<usize>) -> Result<(), Diagnostic> {
    match crate::markdown::too_deep(&file.text[range.clone()]) {
        Some(at) => Err(nesting_error().at(file, range.start + at..range.start + at + 1)),
        None => Ok(()),
    }
}

/// The problem of Markdown that nests too deep; the caller says where.
pub fn nesting_error() -> Diagnostic {
    let max = crate::markdown::MAX_NESTING;
    Diagnostic::error(
        "E0127",
        format!("the Markdown nests block quotes or lists more than {max} deep"),
    )
    .label(format!("level {} starts here", max + 1))
    .help(format!(
        "write at most {max} `>` or list markers at the start of a line; readable text rarely needs more than three"
    ))
}

/// A list lifted out of the body, and where its heading is.
#[derive(Debug, Clone)]
pub struct BodyList {
    pub items: Vec<String>,
    pub heading: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Body {
    pub steps: Option<BodyList>,
    pub tips: Option<BodyList>,
    pub cautions: Option<BodyList>,
    /// The body less the lifted sections.
    pub introduction: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Which {
    Steps,
    Tips,
    Cautions,
}

impl Which {
    fn from_heading(text: &str) -> Option<Which> {
        match text.trim().to_ascii_lowercase().as_str() {
            "steps" => Some(Which::Steps),
            "tips" => Some(Which::Tips),
            "cautions" => Some(Which::Cautions),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Which::Steps => "Steps",
            Which::Tips => "Tips",
            Which::Cautions => "Cautions",
        }
    }
}

/// Splits the body of an exercise file into its list sections and the
/// introduction that remains.
pub fn body_sections(file: &SourceFile, body: Range<usize>) -> Result<Body, Vec<Diagnostic>> {
    check_nesting(file, body.clone()).map_err(|d| vec![d])?;
    let base = body.start;
    let text = &file.text[body];
    let events: Vec<(Event, Range<usize>)> = Parser::new(text).into_offset_iter().collect();

    // Top-level h1/h2 headings bound sections; find them first.
    let mut headings = Vec::new(); // (level, title, range)
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Heading { level, .. }), range) = &events[i] {
            let mut title = String::new();
            i += 1;
            while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[i].0 {
                    title.push_str(t);
                }
                i += 1;
            }
            headings.push((*level, title, range.clone()));
        }
        i += 1;
    }

    let mut out = Body::default();
    let mut errors = Vec::new();
    let mut removed: Vec<Range<usize>> = Vec::new();
    for (n, (level, title, range)) in headings.iter().enumerate() {
        let Some(which) = (*level == HeadingLevel::H2)
            .then(|| Which::from_heading(title))
            .flatten()
        else {
            continue;
        };
        let end = headings[n + 1..]
            .iter()
            .find(|(l, _, _)| *l <= HeadingLevel::H2)
            .map_or(text.len(), |(_, _, r)| r.start);
        // Without the blank line after it, so the caret stays on one line.
        let heading_len = text[range.clone()].trim_end().len();
        let heading_span = base + range.start..base + range.start + heading_len;
        let section = range.end..end;
        match lift_list(text, &events, section.clone()) {
            Ok(items) if !items.is_empty() => {
                let slot = match which {
                    Which::Steps => &mut out.steps,
                    Which::Tips => &mut out.tips,
                    Which::Cautions => &mut out.cautions,
                };
                if slot.is_some() {
                    errors.push(
                        Diagnostic::error("E0122", format!("a second `## {}` section", which.name()))
                            .at(file, heading_span)
                            .label("given again here")
                            .help("merge the two lists under one heading"),
                    );
                } else {
                    *slot = Some(BodyList { items, heading: heading_span });
                }
                removed.push(range.start..end);
            }
            Ok(_) => errors.push(
                Diagnostic::error("E0123", format!("the `## {}` section has no list", which.name()))
                    .at(file, heading_span)
                    .label("expected a list under this heading")
                    .help(if which == Which::Steps {
                        "write the steps as a numbered list: `1. First step`, `2. Next step`, …"
                    } else {
                        "write a bulleted list: `- First point`, `- Next point`, …"
                    }),
            ),
            Err(stray) => errors.push(
                Diagnostic::error(
                    "E0124",
                    format!("only a list may stand under `## {}`", which.name()),
                )
                .at(file, base + stray.start..base + stray.end)
                .label("this is not part of the list")
                .help("move this text above the heading, into the introduction, or make it a list item"),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut intro = String::new();
    let mut pos = 0;
    for r in &removed {
        intro.push_str(&text[pos..r.start]);
        pos = r.end;
    }
    intro.push_str(&text[pos..]);
    out.introduction = intro.trim().to_owned();
    Ok(out)
}

/// The items of the one list in `section`, as Markdown source; `Err` with the
/// span of anything in the section that is not that list.
fn lift_list(
    text: &str,
    events: &[(Event, Range<usize>)],
    section: Range<usize>,
) -> Result<Vec<String>, Range<usize>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut lists_seen = 0;
    for (event, range) in events {
        if range.start < section.start || range.start >= section.end {
            continue;
        }
        match event {
            Event::Start(Tag::List(_)) => {
                if depth == 0 {
                    lists_seen += 1;
                    if lists_seen > 1 {
                        return Err(range.clone());
                    }
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if depth == 1 => items.push(item_source(&text[range.clone()])),
            Event::Start(_) | Event::Text(_) | Event::Html(_) | Event::Code(_) if depth == 0 => {
                return Err(range.clone());
            }
            _ => {}
        }
    }
    Ok(items)
}

/// The Markdown of one list item without its marker, lines joined.
fn item_source(raw: &str) -> String {
    let raw = raw.trim();
    let rest = raw.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = if rest.len() < raw.len() {
        rest.strip_prefix(['.', ')']).unwrap_or(rest)
    } else {
        rest.strip_prefix(['-', '*', '+']).unwrap_or(rest)
    };
    rest.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/exercises/x.md", text)
    }

    #[test]
    fn splits_front_matter_with_crlf() {
        let f = file("+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n");
        let md = split(&f).unwrap();
        assert_eq!(md.front.text(), "title = \"A\"\r\n");
        assert_eq!(&f.text[md.body], "Body\r\n");
    }

    #[test]
    fn unclosed_front_matter_points_at_the_fence() {
        let d = split(&file("+++\ntitle = \"A\"\n")).err().unwrap();
        assert_eq!(d.code, "E0007");
        assert_eq!(d.line_column(), Some((1, 1)));
    }

    #[test]
    fn lifts_steps_tips_and_cautions() {
        let f = file(
            "Intro text.\n\n## Steps\n\n1. Sit **tall**.\n2. Turn\n   slowly.\n\n## Tips\n\n- Breathe.\n\n## More\n\nAfter.\n",
        );
        let b = body_sections(&f, 0..f.text.len()).unwrap();
        assert_eq!(
            b.steps.unwrap().items,
            vec!["Sit **tall**.", "Turn\nslowly."]
        );
        assert_eq!(b.tips.unwrap().items, vec!["Breathe."]);
        assert!(b.cautions.is_none());
        assert_eq!(b.introduction, "Intro text.\n\n## More\n\nAfter.");
    }

    #[test]
    fn nesting_too_deep_is_located() {
        let f = file(&format!("Intro.\n\n{}\n", ">".repeat(9_000_000)));
        let e = body_sections(&f, 0..f.text.len()).unwrap_err();
        assert_eq!(e[0].code, "E0127");
        assert_eq!(e[0].line_column(), Some((3, 33)));
    }

    #[test]
    fn prose_under_steps_is_an_error() {
        let f = file("## Steps\n\nDo this:\n\n1. One\n");
        let e = body_sections(&f, 0..f.text.len()).unwrap_err();
        assert_eq!(e[0].code, "E0124");
        assert_eq!(e[0].line_column(), Some((3, 1)));
    }
}
