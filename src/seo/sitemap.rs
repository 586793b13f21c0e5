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
    let pages: Vec<&str> = pages.into_iter().collect();
    let alternates = Alternates::new(guide, &pages);
    let mut out = if alternates.is_some() {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NAMESPACE}\" xmlns:xhtml=\"{XHTML}\">\n"
        )
    } else {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{NAMESPACE}\">\n")
    };
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
        let (_, rest) = split_language(guide, path);
        let exercise = exercises.get(rest).copied();
        if let Some(date) = last_modified(guide, exercise) {
            out.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        if let Some(a) = &alternates {
            for (code, href) in a.of(base, path) {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    xml_escape(code),
                    xml_escape(&href)
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    Some(out)
}

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// The language folder a page is in (its prefix, "" for the default
/// language) and its path within that language.
fn split_language<'p>(guide: &'p Guide, path: &'p str) -> (&'p str, &'p str) {
    guide
        .lang
        .all
        .iter()
        .filter(|l| !l.prefix.is_empty())
        .find_map(|l| Some((l.prefix.as_str(), path.strip_prefix(l.prefix.as_str())?)))
        .unwrap_or(("", path))
}

/// Which languages each page exists in, for a guide of several.
struct Alternates<'g> {
    guide: &'g Guide,
    pages: std::collections::HashSet<&'g str>,
}

impl<'g> Alternates<'g> {
    fn new(guide: &'g Guide, pages: &[&'g str]) -> Option<Alternates<'g>> {
        if guide.lang.all.len() < 2 {
            return None;
        }
        Some(Alternates {
            guide,
            pages: pages.iter().copied().collect(),
        })
    }

    /// Every language's address of the page at `path`, itself included,
    /// and the default language's as `x-default`.
    fn of(&self, base: &str, path: &str) -> Vec<(&'g str, String)> {
        let (_, rest) = split_language(self.guide, path);
        let mut out: Vec<(&'g str, String)> = Vec::new();
        for l in &self.guide.lang.all {
            let there = format!("{}{rest}", l.prefix);
            if self.pages.contains(there.as_str()) {
                out.push((l.code.as_str(), absolute_url(base, &there)));
            }
        }
        if out.len() < 2 {
            return Vec::new();
        }
        if let Some((_, first)) = out.first().cloned() {
            out.push(("x-default", first));
        }
        out
    }
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
