//! The files a web host and other programs read, beside the pages:
//! `.nojekyll` and `CNAME` for GitHub Pages, `sitemap.xml` and `robots.txt`
//! for search engines, and the guide as open data (`exercises.json` and its
//! schema). Also the checks on the settings they are made from.

use crate::content::Guide;
use crate::export;
use crate::seo::sitemap;

/// The publishing files of a site whose pages are `page_paths` (every
/// page but 404.html goes into the sitemap), given each exercise's entry
/// of the open data ([`export::exercise_json`]).
pub fn outputs(
    guide: &Guide,
    page_paths: &[String],
    exercises_json: &[impl AsRef<str>],
) -> Vec<(String, Vec<u8>)> {
    let mut pages: Vec<&str> = page_paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.ends_with(".html") && *p != "404.html")
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

/// Why `url` cannot be a base URL, if it cannot: it must be an absolute
/// `http://` or `https://` address, because pages use it for the addresses
/// search engines and chat apps follow.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with https:// (or http://)")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("has no host name after the //".to_owned());
    }
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '?' | '#' | '\\')
    }) {
        return Err(format!("may not contain {c:?}"));
    }
    Ok(())
}

/// Why `name` cannot be a custom domain, if it cannot: `CNAME` holds a bare
/// host name such as `exercises.example.org`.
pub fn check_cname(name: &str) -> Result<(), String> {
    if name.contains("://") || name.contains('/') {
        return Err("write only the host name, without https:// or a path".to_owned());
    }
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) || name.len() > 253 {
        return Err("is not a host name such as exercises.example.org".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(check_base_url("https://user.github.io/repo/").is_ok());
        assert!(check_base_url("http://127.0.0.1:8000/repo").is_ok());
        assert!(check_base_url("user.github.io/repo").is_err());
        assert!(check_base_url("/repo/").is_err());
        assert!(check_base_url("https:///repo").is_err());
        assert!(check_base_url("https://x.org/a b").is_err());
    }

    #[test]
    fn cnames() {
        assert!(check_cname("exercises.example.org").is_ok());
        assert!(check_cname("www.my-site.co.uk").is_ok());
        for bad in [
            "https://x.org",
            "x.org/guide",
            "localhost",
            "a..b",
            "-a.org",
            "a_b.org",
            "",
        ] {
            assert!(check_cname(bad).is_err(), "{bad}");
        }
    }
}
