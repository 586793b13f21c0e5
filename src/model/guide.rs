//! The loaded guide: the checked model of every file, with where each part
//! came from, and the paths and links that tie its pages together.

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::sync::Arc;

use super::{Exercise, GuideConfig, PageLanguage, PictureStats, Routine};
use crate::diagnostic::SourceFile;
use crate::toml_doc::TomlRegion;

/// A loaded guide: everything the renderer needs, already checked.
#[derive(Debug)]
pub struct Guide {
    pub root: PathBuf,
    pub config: GuideConfig,
    pub index: IndexPage,
    /// In index order: `order`, then title, then slug.
    pub exercises: Vec<Exercise>,
    /// The file each exercise came from, in the same order.
    pub sources: Vec<ExerciseSource>,
    /// In index order: `order`, then title, then slug.
    pub routines: Vec<Routine>,
    /// What the build's picture phase did; zero until it has run.
    pub pictures: PictureStats,
    /// The language of these pages, its words and where they go.
    pub lang: Arc<PageLanguage>,
    /// The guide in each of its other languages, in code order; empty in
    /// those guides themselves.
    pub others: Vec<Guide>,
}

impl Guide {
    /// This guide and the guide in each other language, default first.
    pub fn in_every_language(&self) -> impl Iterator<Item = &Guide> {
        std::iter::once(self).chain(self.others.iter())
    }
}

#[derive(Debug, Clone)]
pub struct IndexPage {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Where `_index.md` is, when it exists (for pointing at its links).
    pub file: Option<SourceFile>,
}

/// An exercise and the file it came from, kept for later cross-file checks.
#[derive(Debug, Clone)]
pub struct ExerciseSource {
    pub exercise: Exercise,
    /// Where the TOML fields are: for pointing at `related`, `slug`, …
    pub fields: TomlRegion,
    /// `exercises/cat-cow.md`: what `@/` links name.
    pub content_path: String,
}

impl ExerciseSource {
    pub fn file(&self) -> &SourceFile {
        &self.fields.file
    }
}

/// Content paths (`exercises/cat-cow.md`) to page paths from the site root
/// (`exercises/cat-cow.html`): what an `@/` link turns into.
#[derive(Debug, Clone, Default)]
pub struct LinkTarget {
    pages: BTreeMap<String, String>,
}

pub const INTERNAL_PREFIX: &str = "@/";

impl LinkTarget {
    pub fn new(sources: &[ExerciseSource]) -> Self {
        let mut pages: BTreeMap<String, String> = sources
            .iter()
            .map(|s| {
                // An exercise not yet in this language links to its page
                // in the default language, up from this language's folder.
                let up = if s.exercise.text.untranslated {
                    s.exercise.text.up.as_str()
                } else {
                    ""
                };
                (
                    s.content_path.clone(),
                    format!("{up}exercises/{}.html", s.exercise.slug),
                )
            })
            .collect();
        pages.insert("_index.md".to_owned(), "index.html".to_owned());
        LinkTarget { pages }
    }

    /// Sends links to `content_path` to `page` as well.
    pub fn add(&mut self, content_path: String, page: String) {
        self.pages.insert(content_path, page);
    }

    /// Every content path a link may name, in order.
    pub fn content_paths(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }

    /// The page path for an `@/…` destination, keeping any `#fragment`;
    /// `None` if it names no content file.
    pub fn resolve(&self, dest: &str) -> Option<String> {
        let rest = dest.strip_prefix(INTERNAL_PREFIX)?;
        let (path, fragment) = match rest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (rest, None),
        };
        let page = self.pages.get(path)?;
        Some(match fragment {
            Some(f) => format!("{page}#{f}"),
            None => page.clone(),
        })
    }
}

/// `src` as a clean relative path (`a/b.png`), or `None` if it could escape
/// the folder it is relative to.
pub fn safe_relative(src: &str) -> Option<String> {
    if src.is_empty() || src.contains("://") || src.starts_with('/') || src.contains('\\') {
        return None;
    }
    // A first segment with a `:` is a scheme to a browser (`javascript:x`,
    // `c:`); spaces and control characters around or inside an address
    // are dropped by browsers, so `\tjavascript:` would be one too.
    let first = src.split('/').next().unwrap_or_default();
    if first.contains(':') || src.chars().any(|c| c.is_control()) || src.trim() != src {
        return None;
    }
    let parts: Vec<&str> = src
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_relative_paths() {
        assert_eq!(safe_relative("img/a.png").as_deref(), Some("img/a.png"));
        assert_eq!(safe_relative("./a.png").as_deref(), Some("a.png"));
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../x",
            "https://x/y.png",
            "",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:image/png;base64,AAAA",
            "c:/x.png",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}x.png",
            "x.png ",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }
}
