//! Markdown to HTML for pages: `@/` links become relative page links, raw
//! HTML is shown as text, and a body's `#` headings step down one level so a
//! page keeps its single `h1`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::model::LinkTarget;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// How deep block quotes and lists may nest in one piece of Markdown.
/// Each level is a node the parser keeps: a line of nine million `>` made
/// gigabytes of them. Readable text nests a few levels at most.
pub const MAX_NESTING: usize = 32;

/// Where, in bytes, `markdown` first nests block quotes or lists more than
/// [`MAX_NESTING`] deep on one line, if it does. Only the markers at the
/// start of a line are counted (`> > -` is three levels): nesting by
/// indentation takes two spaces a level, so a file within the size limit
/// cannot nest deep enough that way to matter.
pub fn too_deep(markdown: &str) -> Option<usize> {
    let mut start = 0;
    for line in markdown.split_inclusive('\n') {
        if let Some(at) = line_too_deep(line) {
            return Some(start + at);
        }
        start += line.len();
    }
    None
}

fn line_too_deep(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let blank = |i: usize| b.get(i).is_none_or(|c| c.is_ascii_whitespace());
    let mut i = 0;
    let mut depth = 0;
    loop {
        while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
            i += 1;
        }
        let next = match *b.get(i)? {
            b'>' => i + 1,
            c @ (b'-' | b'+' | b'*') if blank(i + 1) => {
                // `- - -` is a rule, not three lists.
                let rest = &b[i..];
                let marks = rest.iter().filter(|x| **x == c).count();
                if c != b'+'
                    && marks >= 3
                    && rest.iter().all(|x| *x == c || x.is_ascii_whitespace())
                {
                    return None;
                }
                i + 1
            }
            b'0'..=b'9' => {
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = i + digits;
                match b.get(after) {
                    Some(b'.' | b')') if digits <= 9 && blank(after + 1) => after + 1,
                    _ => return None,
                }
            }
            _ => return None,
        };
        depth += 1;
        if depth > MAX_NESTING {
            return Some(i);
        }
        i = next;
    }
}

/// Markdown nested too deep for the parser, shown as the text it is. The
/// loader refuses such text with its place; this keeps any other caller
/// from handing it to the parser.
fn as_text(markdown: &str) -> String {
    format!("<p>{}</p>\n", crate::html::escape_html(markdown))
}

/// Renders block Markdown for a page whose path to the site root is `root`
/// (`""` or `"../"`).
pub fn to_html(markdown: &str, links: &LinkTarget, root: &str) -> String {
    if too_deep(markdown).is_some() {
        return as_text(markdown);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events(markdown, links, root));
    out
}

/// The parsed text with its links made relative to the page.
fn events<'a>(
    markdown: &'a str,
    links: &'a LinkTarget,
    root: &'a str,
) -> impl Iterator<Item = Event<'a>> {
    Parser::new_ext(markdown, options()).map(move |e| rewrite(e, links, root))
}

/// Renders `markdown` in two parts: what comes before its first heading
/// (the lead) and the rest. Links are resolved over the whole text first,
/// so a reference defined in one part still works in the other.
pub fn to_html_split_at_heading(
    markdown: &str,
    links: &LinkTarget,
    root: &str,
) -> (String, String) {
    if too_deep(markdown).is_some() {
        return (as_text(markdown), String::new());
    }
    let events: Vec<Event> = events(markdown, links, root).collect();
    let at = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Heading { .. })))
        .unwrap_or(events.len());
    let (lead, rest) = events.split_at(at);
    let mut first = String::new();
    html::push_html(&mut first, lead.iter().cloned());
    let mut second = String::new();
    html::push_html(&mut second, rest.iter().cloned());
    (first, second)
}

/// Renders one line of inline Markdown (a step, a tip) without the `<p>` a
/// paragraph would get, so it can sit inside an `<li>`.
pub fn inline_html(markdown: &str, links: &LinkTarget, root: &str) -> String {
    let html = to_html(markdown, links, root);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

fn rewrite<'a>(event: Event<'a>, links: &LinkTarget, root: &str) -> Event<'a> {
    match event {
        // Authors write content, not markup: show any HTML as the text it is.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            id,
            classes,
            attrs,
        }),
        Event::End(pulldown_cmark::TagEnd::Heading(HeadingLevel::H1)) => {
            Event::End(pulldown_cmark::TagEnd::Heading(HeadingLevel::H2))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite_url(dest_url, links, root),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite_url(dest_url, links, root),
            title,
            id,
        }),
        other => other,
    }
}

fn rewrite_url<'a>(url: CowStr<'a>, links: &LinkTarget, root: &str) -> CowStr<'a> {
    if let Some(page) = links.resolve(&url) {
        return format!("{root}{page}").into();
    }
    match scheme(&url) {
        Some(s) if !SAFE_SCHEMES.iter().any(|safe| s.eq_ignore_ascii_case(safe)) => "#".into(),
        _ => url,
    }
}

/// The schemes a link may have; any other (`javascript:`, `data:`,
/// `vbscript:`, `file:`, …) could run code or reach the reader's files.
const SAFE_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// The scheme of `url` as a browser reads it, if it has one. Browsers drop
/// tabs and line breaks anywhere in an address, and control characters and
/// spaces around it, so `&#9;java&#10;script:` is `javascript:` to them.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find(':')?;
    let name = &cleaned[..end];
    let mut chars = name.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| name.to_owned())
}

/// The words of some Markdown, without markup, on one line: for places
/// that take plain text, such as a page's description or structured data.
/// Typographic quotes and dashes are kept, as on the page.
pub fn plain_text(markdown: &str) -> String {
    if too_deep(markdown).is_some() {
        return markdown.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            // Blocks end in a space; inline markup (`**`, links) does not,
            // or "**tall**," would read "tall ,".
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::List(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The running text of some Markdown as blocks (paragraphs, list items,
/// quotes, table cells), without markup: what readers read as sentences.
/// Headings, code blocks and pictures' text are left out, as they are not
/// prose; a block never runs into the next, so a list item without a full
/// stop is a sentence of its own.
pub fn prose_blocks(markdown: &str) -> Vec<String> {
    if too_deep(markdown).is_some() {
        return vec![markdown.split_whitespace().collect::<Vec<_>>().join(" ")];
    }
    let mut blocks = Vec::new();
    let mut block = String::new();
    let mut skipped = 0usize;
    let mut flush = |block: &mut String| {
        let text = block.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            blocks.push(text);
        }
        block.clear();
    };
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Image { .. }) => {
                skipped += 1
            }
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Image) => {
                skipped = skipped.saturating_sub(1);
                if skipped == 0 {
                    flush(&mut block);
                }
            }
            _ if skipped > 0 => {}
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => block.push_str(&t),
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::Start(Tag::List(_) | Tag::Item | Tag::Paragraph)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::List(_),
            ) => flush(&mut block),
            _ => {}
        }
    }
    flush(&mut block);
    blocks
}

/// Whether `markdown` may hold an `@/` link at all: only if it has an `@`,
/// or an `&` or `\` that an entity (`&#64;/`) or an escape (`\@/`) in a link
/// destination turns into one. Most text has none, and needs no parsing.
pub fn may_hold_internal_link(markdown: &str) -> bool {
    markdown.contains(['@', '&', '\\'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_is_what_comes_before_the_first_heading() {
        let links = LinkTarget::default();
        let (lead, rest) = to_html_split_at_heading(
            "Hello [there][t].\n\n## How to\n\nSee [t].\n\n[t]: https://example.org/\n",
            &links,
            "",
        );
        assert_eq!(
            lead,
            "<p>Hello <a href=\"https://example.org/\">there</a>.</p>\n"
        );
        assert!(rest.starts_with("<h2>How to</h2>"), "{rest}");
        assert!(
            rest.contains("<a href=\"https://example.org/\">t</a>"),
            "{rest}"
        );
        let (lead, rest) = to_html_split_at_heading("No heading at all.", &links, "");
        assert_eq!(
            (lead.as_str(), rest.as_str()),
            ("<p>No heading at all.</p>\n", "")
        );
        let (lead, rest) = to_html_split_at_heading("# Heading first\n\ntext", &links, "");
        assert_eq!(lead, "");
        assert!(rest.starts_with("<h2>"), "{rest}");
    }

    #[test]
    fn prose_blocks_are_paragraphs_and_items_without_markup() {
        let md = "# Heading\n\nSit **tall**,\nthen turn.\n\n- one\n- two\n  - nested\n\n![alt text](a.png)\n\n```\ncode\n```\n";
        assert_eq!(
            prose_blocks(md),
            ["Sit tall, then turn.", "one", "two", "nested"]
        );
        assert!(prose_blocks("").is_empty());
    }

    #[test]
    fn plain_text_keeps_only_the_words() {
        assert_eq!(
            plain_text("Sit **tall**, see [this](@/x.md).\n\n- one\n- `two`\n"),
            "Sit tall, see this. one two"
        );
        assert_eq!(plain_text("a <b>c</b>"), "a <b>c</b>");
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("Hi <script>alert(1)</script>", &LinkTarget::default(), "");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn nesting_is_counted_at_line_starts() {
        let deep = |n: usize, mark: &str| mark.repeat(n);
        assert_eq!(too_deep(&deep(MAX_NESTING, ">")), None);
        assert_eq!(too_deep(&deep(MAX_NESTING + 1, ">")), Some(MAX_NESTING));
        assert_eq!(too_deep(&deep(9_000_000, ">")), Some(MAX_NESTING));
        let text = format!("Intro.\n\n{}x\n", deep(40, "- "));
        assert_eq!(too_deep(&text), Some(8 + 2 * MAX_NESTING));
        assert!(too_deep(&deep(40, "1. ")).is_some());
        assert!(too_deep(&deep(40, "> * ")).is_some());
        // Rules, emphasis and numbers that are not list markers.
        for fine in [
            deep(100, "- ").trim_end().to_owned(),
            deep(100, "* "),
            deep(100, "-"),
            deep(100, "*a* "),
            deep(100, "1.5 "),
            format!("{}\n", deep(1000, ">\n")),
        ] {
            assert_eq!(too_deep(&fine), None, "{fine}");
        }
    }

    #[test]
    fn too_deep_markdown_is_shown_as_text() {
        let text = format!("{}<b>", ">".repeat(1_000_000));
        let html = to_html(&text, &LinkTarget::default(), "");
        assert!(html.starts_with("<p>&gt;&gt;"), "{}", &html[..20]);
        assert!(html.ends_with("&lt;b&gt;</p>\n"));
        assert_eq!(plain_text(&text), text);
    }

    #[test]
    fn inline_drops_the_paragraph() {
        assert_eq!(
            inline_html("Sit **tall**.", &LinkTarget::default(), ""),
            "Sit <strong>tall</strong>."
        );
    }

    #[test]
    fn h1_steps_down() {
        assert_eq!(to_html("# A", &LinkTarget::default(), ""), "<h2>A</h2>\n");
    }

    #[test]
    fn script_urls_are_dropped() {
        for link in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](java&#9;script:alert(1))",
            "[x](java&#10;script:alert(1))",
            "[x](&#1;javascript:alert(1))",
            "[x](&#32;javascript:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html,hi)",
            "[x](file:///etc/passwd)",
            "[x]\n\n[x]: javascript:alert(1)",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
        ] {
            let html = to_html(link, &LinkTarget::default(), "");
            let targets: Vec<&str> = [" href=\"", " src=\""]
                .iter()
                .flat_map(|attr| html.split(attr).skip(1))
                .filter_map(|rest| rest.split('"').next())
                .collect();
            assert!(!targets.is_empty(), "{link}: {html}");
            assert!(targets.iter().all(|t| *t == "#"), "{link}: {html}");
        }
    }

    #[test]
    fn web_mail_and_relative_links_are_kept() {
        for (link, href) in [
            ("[x](https://example.org/a)", "https://example.org/a"),
            ("[x](HTTP://example.org)", "HTTP://example.org"),
            ("[x](mailto:a@example.org)", "mailto:a@example.org"),
            ("[x](tel:+441234)", "tel:+441234"),
            ("[x](other.html#a:b)", "other.html#a:b"),
            ("[x](#top)", "#top"),
            ("[x](a/b:c)", "a/b:c"),
        ] {
            let html = to_html(link, &LinkTarget::default(), "");
            assert!(html.contains(&format!("href=\"{href}\"")), "{link}: {html}");
        }
    }
}
