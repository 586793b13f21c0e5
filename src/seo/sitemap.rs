//! `sitemap.xml` (the sitemaps.org protocol, 0.9) and the `robots.txt` that
//! points at it. Both need absolute URLs, so both exist only when the guide
//! has a base URL.

use super::absolute_url;
use crate::content::Guide;
use crate::date::{Date, PageDates};
use crate::render::views::exercise_url;

pub const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A sitemap listing `pages` (paths under the site, such as
/// `exercises/cat-cow.html`), in the order given. `None` without a base URL.
pub fn sitemap<'a>(guide: &Guide, pages: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let base = guide.config.base_url.as_deref()?;
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NAMESPACE}\">\n");
    for path in pages {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&xml_escape(&absolute_url(base, path)));
        out.push_str("</loc>\n");
        if let Some(date) = last_modified(guide, path) {
            out.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    Some(out)
}

/// An exercise page changes when the exercise does; other pages go by the
/// guide's own date.
fn last_modified(guide: &Guide, path: &str) -> Option<Date> {
    let config = &guide.config;
    match guide
        .exercises
        .iter()
        .find(|e| exercise_url(&e.slug) == path)
    {
        Some(ex) => PageDates::of_exercise(config, ex).updated,
        None => config.updated,
    }
}

/// Lets every crawler in and names the sitemap. `None` without a base URL.
pub fn robots(guide: &Guide) -> Option<String> {
    let base = guide.config.base_url.as_deref()?;
    Some(format!(
        "# {}: every page may be indexed.\nUser-agent: *\nDisallow:\n\nSitemap: {base}sitemap.xml\n",
        guide.config.title.replace(['\n', '\r'], " ")
    ))
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(xml_escape("a?b=1&c=<d>"), "a?b=1&amp;c=&lt;d&gt;");
    }
}
