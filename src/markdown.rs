//! Markdown to HTML for pages: `@/` links become relative page links, raw
//! HTML is shown as text, and a body's `#` headings step down one level so a
//! page keeps its single `h1`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, html};

use crate::content::LinkTarget;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders block Markdown for a page whose path to the site root is `root`
/// (`""` or `"../"`).
pub fn to_html(markdown: &str, links: &LinkTarget, root: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|e| rewrite(e, links, root));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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
    let lower = url.trim().to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return "#".into();
    }
    url
}

/// The words of some Markdown without its markup, for the search index.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.ends_with(' ') && !out.is_empty() =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html("Hi <script>alert(1)</script>", &LinkTarget::default(), "");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
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
        let html = to_html("[x](javascript:alert(1))", &LinkTarget::default(), "");
        assert!(html.contains("href=\"#\""), "{html}");
    }
}
