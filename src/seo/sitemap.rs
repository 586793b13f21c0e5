//! `sitemap.xml` (the sitemaps.org protocol, 0.9) and the `robots.txt` that
//! points at it. Both need absolute URLs, so both exist only when the guide
//! has a base URL.

use std::collections::HashMap;

use super::absolute_url;
use crate::date::Date;
use crate::model::{Exercise, Guide, PageDates};
// HTML's escaping is XML's too: one function serves pages, SVG and XML.
use crate::html::escape_html as xml_escape;
use crate::render::views::exercise_url;

pub const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A sitemap listing `pages` (paths under the site, such as
/// `exercises/cat-cow.html`), in the order given. `None` without a base URL.
pub fn sitemap<'a>(guide: &Guide, pages: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let base = guide.config.base_url.as_deref()?;
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NAMESPACE}\">\n");
    // Each exercise's page by its path, so that a guide of thousands is not
    // searched once per page.
    let exercises: HashMap<String, &Exercise> = guide
        .exercises
        .iter()
        .map(|e| (exercise_url(&e.slug), e))
        .collect();
    for path in pages {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&xml_escape(&absolute_url(base, path)));
        out.push_str("</loc>\n");
        if let Some(date) = last_modified(guide, exercises.get(path).copied()) {
            out.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    Some(out)
}

/// An exercise page changes when the exercise does; other pages go by the
/// guide's own date.
/// When the page of `exercise` (or another page, for `None`) last changed.
fn last_modified(guide: &Guide, exercise: Option<&Exercise>) -> Option<Date> {
    let config = &guide.config;
    match exercise {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(xml_escape("a?b=1&c=<d>"), "a?b=1&amp;c=&lt;d&gt;");
    }
}
