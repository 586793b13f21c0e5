//! The files a web host and other programs read, beside the pages:
//! `.nojekyll` and `CNAME` for GitHub Pages, `sitemap.xml` and `robots.txt`
//! for search engines, and the guide as open data (`exercises.json` and its
//! schema). Also the checks on the settings they are made from.

use crate::export;
use crate::model::Guide;
use crate::seo::sitemap;

/// The publishing files of a site whose pages are `page_paths` (every
/// page but 404.html goes into the sitemap), given each exercise's entry
/// of the open data ([`export::exercise_json`]).
/// A language's 404 page, which is no page of its own to index.
fn is_not_found_page(guide: &Guide, path: &str) -> bool {
    path == "404.html"
        || guide
            .lang
            .all
            .iter()
            .any(|l| path.strip_prefix(l.prefix.as_str()) == Some("404.html"))
}

pub fn outputs(
    guide: &Guide,
    page_paths: &[String],
    exercises_json: &[impl AsRef<str>],
) -> Vec<(String, Vec<u8>)> {
    let mut pages: Vec<&str> = page_paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && !is_not_found_page(guide, p))
        .collect();
    // The home page first, the way a reader (or a crawler) arrives.
    pages.sort_by_key(|p| (*p != "index.html", *p));
    let mut files = Vec::new();
    let mut add = |path: &str, text: String| files.push((path.to_owned(), text.into_bytes()));
    // GitHub Pages runs Jekyll on a site unless told not to, and Jekyll
    // drops files whose names start with `_` or `.`.
    add(".nojekyll", String::new());
    if let Some(domain) = &guide.config.cname {
        add("CNAME", format!("{}\n", domain.trim()));
    }
    if let Some(xml) = sitemap::sitemap(guide, pages.iter().copied()) {
        add("sitemap.xml", xml);
    }
    if let Some(text) = sitemap::robots(guide) {
        add("robots.txt", text);
    }
    add(export::FILE_NAME, export::assemble(guide, exercises_json));
    add(export::SCHEMA_FILE_NAME, export::SCHEMA.to_owned());
    files
}
