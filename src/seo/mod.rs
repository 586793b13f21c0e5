//! What search engines and chat apps read from a page: its description,
//! canonical address, Open Graph and Twitter card tags, structured data, and
//! the dates it was updated and reviewed.
//!
//! Every absolute URL here is built from the guide's `base_url`; without one
//! there is none, so a guide opened from disk never points at a web address
//! it does not know.

pub mod jsonld;
pub mod sitemap;

use serde::Serialize;

use crate::date::Date;
use crate::i18n::Words;
use crate::markdown::plain_text;
use crate::model::{Exercise, Guide, PageDates, safe_relative};
use crate::render::views::exercise_url;

/// The `meta` every template sees.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// The page's own name, without the guide's: for share previews, where
    /// the guide's name is shown separately (`og:site_name`).
    pub title: String,
    /// Plain text, for `<meta name="description">` and previews.
    pub description: String,
    /// Open Graph type: `article` for an exercise, `website` otherwise.
    pub og_type: &'static str,
    /// The page's absolute address; only with a base URL.
    pub canonical: Option<String>,
    /// A picture for previews (absolute URL); only with a base URL.
    pub image: Option<MetaImage>,
    /// schema.org JSON-LD, already safe to put inside `<script>`.
    pub json_ld: Option<String>,
    /// Pages search engines should leave out (the 404 page).
    pub noindex: bool,
    pub dates: DatesView,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaImage {
    pub url: String,
    pub alt: String,
}

/// The page's dates, ready to show: `iso` for `<time datetime>`, `text` for
/// people.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DatesView {
    pub updated: Option<DateView>,
    pub reviewed_by: Option<String>,
    pub reviewed_on: Option<DateView>,
    /// When the content is due its next review, for a guide that sets
    /// `review_every_months`.
    pub next_review: Option<DateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

impl DateView {
    fn new(d: Date, words: &Words) -> DateView {
        DateView {
            iso: d.to_string(),
            text: d.written(
                &words.text_or("date_format", "{day} {month} {year}"),
                &words.text_or(&format!("month_{}", d.month), d.month_name()),
            ),
        }
    }
}

impl DatesView {
    fn new(d: &PageDates, words: &Words) -> DatesView {
        let view = |d: Option<Date>| d.map(|d| DateView::new(d, words));
        DatesView {
            updated: view(d.updated),
            reviewed_by: d.reviewed_by.clone(),
            reviewed_on: view(d.reviewed_on),
            next_review: view(d.next_review),
        }
    }
}

/// The absolute address of `path` (a page path such as
/// `exercises/cat-cow.html`) under `base` (which ends in `/`). The home page
/// is the folder itself, the address people share.
/// `neck` for `areas/neck.html` in `folder` `areas`: a vocabulary may be
/// long, so a page finds its term by its slug, not by trying each.
fn slug_in<'p>(path: &'p str, folder: &str) -> Option<&'p str> {
    path.strip_prefix(folder)?
        .strip_prefix('/')?
        .strip_suffix(".html")
}

/// The kind, level or piece of equipment whose list page is at `path`.
fn term_at<'c>(
    config: &'c crate::model::GuideConfig,
    path: &str,
) -> Option<(crate::model::VocabularyName, &'c crate::model::Term)> {
    use crate::model::VocabularyName as V;
    [V::Kinds, V::Levels, V::Equipment]
        .into_iter()
        .find_map(|name| {
            let vocab = config
                .vocabulary(name)
                .filter(|v| crate::render::views::term_pages(v))?;
            let term = vocab.get(slug_in(path, name.key())?)?;
            Some((name, term))
        })
}

pub fn absolute_url(base: &str, path: &str) -> String {
    // A language's home is its folder, as the default language's is the
    // site's address.
    match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') && !folder.contains("/.") => {
            format!("{base}{folder}")
        }
        _ => format!("{base}{path}"),
    }
}

/// A term's title as it reads inside a sentence: lower-cased where the
/// language does that (`terms_in_sentences = "lower"`), as written where
/// it does not (German nouns keep their capital).
fn in_sentence(words: &crate::i18n::Words, title: &str) -> String {
    if words.text("terms_in_sentences") == "lower" {
        title.to_lowercase()
    } else {
        title.to_owned()
    }
}

impl PageMeta {
    /// The meta for the page at `path`, found from the path itself so that
    /// every page, of any kind, gets at least the guide's.
    /// The meta of the page at `path`. For an exercise page whose exercise
    /// the caller already has, [`PageMeta::of_exercise`] skips the search.
    pub fn new(guide: &Guide, path: &str) -> PageMeta {
        if let Some(ex) = path
            .strip_prefix("exercises/")
            .and_then(|p| p.strip_suffix(".html"))
            .and_then(|slug| guide.exercises.iter().find(|e| e.slug == slug))
        {
            return PageMeta::of_exercise(guide, ex);
        }
        PageMeta::of_page(guide, path)
    }

    /// The meta of an exercise's own page.
    pub fn of_exercise(guide: &Guide, ex: &Exercise) -> PageMeta {
        let mut meta = PageMeta::of_page(guide, &exercise_url(&ex.slug));
        meta.exercise(guide, ex);
        meta
    }

    fn of_page(guide: &Guide, path: &str) -> PageMeta {
        let config = &guide.config;
        let words = &guide.lang.words;
        let base = config.base_url.as_deref();
        let mut meta = PageMeta {
            title: config.title.clone(),
            description: config.description.clone(),
            og_type: "website",
            canonical: base.map(|b| absolute_url(b, &format!("{}{path}", guide.lang.prefix))),
            image: None,
            json_ld: None,
            noindex: false,
            dates: DatesView::new(&PageDates::of_guide(config), words),
        };
        if path == "index.html" {
            meta.title = guide.index.title.clone();
        } else if path == "404.html" {
            meta.title = words.text("not_found_title");
            meta.description = words.text("description_not_found");
            meta.canonical = None;
            meta.noindex = true;
        }
        // Each kind of page has a folder of its own: the slug is found from
        // the path, not by trying every family, area and routine on every
        // page, which for thousands of them was most of a build.
        if let Some(family) = slug_in(path, "families").and_then(|slug| config.families.get(slug)) {
            meta.title = family.title.clone();
            if let Some(text) = family.description.as_deref().map(plain_text)
                && !text.is_empty()
            {
                meta.description = text;
            }
        } else if let Some(area) = slug_in(path, "areas").and_then(|s| config.areas.get(s)) {
            let name = area.title.clone();
            meta.description = words
                .text("description_area")
                .replace("{area}", &in_sentence(&guide.lang.words, &name))
                .replace("{description}", &config.description);
            meta.title = name;
        } else if let Some(position) =
            slug_in(path, "positions").and_then(|s| config.positions.get(s))
        {
            meta.title = position.title.clone();
            meta.description = words
                .text("description_position")
                .replace(
                    "{position}",
                    &in_sentence(&guide.lang.words, &position.title),
                )
                .replace("{description}", &config.description);
        } else if let Some((name, term)) = term_at(config, path) {
            meta.title = term.title.clone();
            meta.description = match term.description.as_deref().map(plain_text) {
                Some(text) if !text.is_empty() => text,
                _ => match name {
                    crate::model::VocabularyName::Equipment => words
                        .text("description_equipment")
                        .replace("{term}", &in_sentence(&guide.lang.words, &term.title)),
                    _ => words
                        .text("description_term")
                        .replace("{term}", &term.title),
                }
                .replace("{description}", &config.description),
            };
        } else if let Some(routine) = slug_in(path, "routines")
            .and_then(|slug| guide.routines.iter().find(|r| r.slug == slug))
        {
            meta.title = routine.title.clone();
            meta.description = routine.summary.clone();
        }
        meta
    }

    fn exercise(&mut self, guide: &Guide, ex: &Exercise) {
        let config = &guide.config;
        let dates = PageDates::of_exercise(config, ex);
        self.title = ex.title.clone();
        self.description = ex.summary.clone();
        self.og_type = "article";
        self.image = match (config.base_url.as_deref(), ex.images.first()) {
            (Some(base), Some(img)) => safe_relative(&img.src).map(|src| MetaImage {
                url: format!("{base}{src}"),
                alt: img.alt.clone(),
            }),
            _ => None,
        };
        self.json_ld = Some(jsonld::exercise(guide, ex, &dates));
        self.dates = DatesView::new(&dates, &guide.lang.words);
    }
}
