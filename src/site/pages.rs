//! Every page of the site: what each page is, and rendering any of them.
//!
//! What pages share is made once: the exercises' views (their Markdown and
//! drawings), each exercise as a card for the list pages, and each
//! template's common context. Every value is cut down to the fields its
//! template can read ([`Fields`]), which keeps list pages of thousands of
//! exercises cheap.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use tera::Context;

use super::output::{InMemory, Output};
use super::{Site, lock};
use crate::diagnostic::Diagnostic;
use crate::model::{Exercise, Guide, LinkTarget, VocabularyName};
use crate::render::Renderer;
use crate::render::fields::{Fields, Values};
use crate::render::views::{
    DEPTH_DEPENDENT, ExerciseView, LinkView, PaginationView, Poses, TermView, Views,
    VocabularyView, area_url, exercise_url, exercise_views, exercise_views_with, family_url,
    index_page_url, position_url,
};
use crate::seo::PageMeta;

/// One page of the site. Lists name their thing by its place among the
/// views' families, areas or positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Page {
    Index,
    /// Page `n` (from 2) of the home page's list of exercises, for guides
    /// with more exercises than `[index] page_size`.
    IndexPage(usize),
    Family(usize),
    Area(usize),
    Position(usize),
    /// A kind, level or piece of equipment the guide declares: its
    /// vocabulary and its place among that vocabulary's views.
    Term(VocabularyName, usize),
    Routine(usize),
    Exercise(usize),
    /// The reader's own plan, made in the browser.
    Plan,
    NotFound,
}

/// Where a page sits, which decides how its links start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Depth {
    /// index.html
    Top,
    /// exercises/…, areas/… and the other folders.
    Nested,
    /// 404.html, which a host serves at any depth.
    NotFound,
}

impl Page {
    fn template(self) -> &'static str {
        match self {
            Page::Index => "index.html",
            Page::IndexPage(_) => "page.html",
            Page::Family(_) => "family.html",
            Page::Area(_) => "area.html",
            Page::Position(_) => "position.html",
            Page::Term(..) => "term.html",
            Page::Routine(_) => "routine.html",
            Page::Exercise(_) => "exercise.html",
            Page::Plan => "plan.html",
            Page::NotFound => "404.html",
        }
    }
}

/// Where the pages made with `template` sit: each template makes pages of
/// one depth.
fn depth_of(template: &str) -> Depth {
    match template {
        "index.html" | "plan.html" => Depth::Top,
        "404.html" => Depth::NotFound,
        _ => Depth::Nested,
    }
}

const TEMPLATES: [&str; 10] = [
    "index.html",
    "plan.html",
    "page.html",
    "family.html",
    "area.html",
    "position.html",
    "term.html",
    "routine.html",
    "exercise.html",
    "404.html",
];

/// The templates that show exercises as cards.
const LIST_TEMPLATES: [&str; 6] = [
    "index.html",
    "page.html",
    "family.html",
    "area.html",
    "position.html",
    "term.html",
];

/// What the pages of each template see in common, from one render: if it
/// is the same after a change, the change did not reach every page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint(BTreeMap<&'static str, Context>);

/// A template's context before the page's own values, and what the
/// template can read.
struct Base {
    context: Context,
    fields: Fields,
}

/// Everything prepared to render any page of a guide.
pub struct Pages<'g> {
    guide: &'g Guide,
    renderer: &'g Renderer,
    top: Views,
    nested: Views,
    /// Only with a base URL: 404.html then links with absolute addresses.
    not_found: Option<Views>,
    /// Each exercise as a list page shows it, for pages one folder down and
    /// (when they differ) for the index.
    cards: Arc<[Arc<Value>]>,
    top_cards: Arc<[Arc<Value>]>,
    /// The words search looks in, for each exercise.
    words: Arc<[String]>,
    /// Each exercise's entry in the open data, made when first asked for.
    json: OnceLock<Entries>,
    /// The render these pages follow, and which of its exercises are
    /// unchanged: what they made for those is taken as it is.
    before: Option<(Vec<bool>, Reusable)>,
    /// Whether what these pages make is kept for a next render (`serve`);
    /// not by [`Pages::new`]: a single build has no next render, and the
    /// list pages' cards and the open-data entries are tens of megabytes.
    keep: bool,
    /// The list pages' cards of this render, when kept.
    lists: Lists,
    /// Each template's shared context.
    bases: BTreeMap<&'static str, Base>,
    /// The exercises of each family and of each area, by number in order:
    /// found once, not by reading every exercise for every list page.
    by_family: HashMap<String, Vec<usize>>,
    by_area: HashMap<String, Vec<usize>>,
}

/// Each exercise's entry in the open data, in order.
type Entries = Arc<[Arc<str>]>;

/// The cards of list pages as last rendered, by page path: which exercises
/// the page listed, and their cards.
type Lists = Arc<Mutex<HashMap<String, (Vec<usize>, Vec<Value>)>>>;

/// What one render of a guide's pages was made from, for the next render
/// after a change to reuse where the change did not reach.
#[derive(Debug, Clone)]
pub struct Reusable {
    fingerprint: Fingerprint,
    views: Arc<[Arc<ExerciseView>]>,
    cards: Arc<[Arc<Value>]>,
    words: Arc<[String]>,
    json: Option<Entries>,
    lists: Lists,
}

impl Reusable {
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }
}

/// Whether two guides have the same settings and the same exercise files
/// with the same slugs, in the same order: the same pages, and every link
/// goes where it went.
fn same_pages(before: &Guide, guide: &Guide) -> bool {
    before.config == guide.config
        && before.sources.len() == guide.sources.len()
        && before
            .sources
            .iter()
            .zip(&guide.sources)
            .all(|(a, b)| a.exercise.slug == b.exercise.slug && a.content_path == b.content_path)
}

/// Which exercises of `guide` look exactly as they did in `before`: the
/// same fields, links that go to the same pages and related exercises of
/// the same titles. `None` when none can be reused.
fn unchanged(before: &Guide, guide: &Guide) -> Option<Vec<bool>> {
    if !same_pages(before, guide) {
        return None;
    }
    let renamed: Vec<&str> = before
        .exercises
        .iter()
        .zip(&guide.exercises)
        .filter(|(a, b)| a.title != b.title)
        .map(|(_, b)| b.slug.as_str())
        .collect();
    Some(
        before
            .exercises
            .iter()
            .zip(&guide.exercises)
            .map(|(a, b)| a == b && !b.related.iter().any(|r| renamed.contains(&r.as_str())))
            .collect(),
    )
}

impl<'g> Pages<'g> {
    pub fn new(guide: &'g Guide, renderer: &'g Renderer) -> Pages<'g> {
        Pages::make(guide, renderer, None, false)
    }

    /// What [`Reusable`] keeps of these pages. Call it once the pages are
    /// rendered: the lists of pages that were not rendered again are still
    /// those of the render before, as nothing they show changed.
    pub fn reusable(&self) -> Reusable {
        if let Some((_, before)) = &self.before {
            let mut lists = lock(&self.lists);
            for (path, list) in lock(&before.lists).drain() {
                lists.entry(path).or_insert(list);
            }
        }
        Reusable {
            fingerprint: self.fingerprint(),
            views: self.nested.exercises.clone(),
            cards: self.cards.clone(),
            words: self.words.clone(),
            json: self.json.get().cloned(),
            lists: self.lists.clone(),
        }
    }

    /// The pages of `guide`, reusing what was made for the guide `before`
    /// where an exercise is unchanged: the same as [`Pages::new`] makes,
    /// sooner. `before` must have been rendered with the same templates.
    pub fn reusing(
        guide: &'g Guide,
        renderer: &'g Renderer,
        before: Option<(&Guide, &Reusable)>,
    ) -> Pages<'g> {
        Pages::make(guide, renderer, before, true)
    }

    fn make(
        guide: &'g Guide,
        renderer: &'g Renderer,
        before: Option<(&Guide, &Reusable)>,
        keep: bool,
    ) -> Pages<'g> {
        let kept = before.and_then(|(old, reusable)| {
            let same = unchanged(old, guide)?;
            (reusable.views.len() == same.len()).then(|| (same, reusable.clone()))
        });
        let reuse = |i: usize| kept.as_ref().filter(|(same, _)| same[i]).map(|(_, r)| r);
        let links = LinkTarget::new(&guide.sources);
        let fields: BTreeMap<&str, Fields> = TEMPLATES
            .iter()
            .map(|t| (*t, renderer.fields_of(t)))
            .collect();
        let reads_depth_html = |t: &str| {
            fields
                .get(t)
                .is_none_or(|f| f.may_read_any(&DEPTH_DEPENDENT))
        };

        let previous = |i: usize| reuse(i).map(|r| r.views[i].clone());
        let exercises: Arc<[Arc<ExerciseView>]> =
            exercise_views_with(guide, &links, "../", Poses::Draw, &previous).into();
        let nested = Views::new(guide, &links, "../", exercises.clone());
        // Pages at other depths share these views unless their templates
        // read HTML whose links depend on where the page is.
        let views_at = |root: &str, template: &str| {
            let own = if reads_depth_html(template) {
                exercise_views(guide, &links, root, Poses::Draw).into()
            } else {
                exercises.clone()
            };
            Views::new(guide, &links, root, own)
        };
        let top = views_at("", "index.html");
        // A host serves 404.html at whatever depth the missing page was
        // asked for, so relative links would break there; use the absolute
        // base URL when the guide has one.
        let not_found = guide
            .config
            .base_url
            .as_deref()
            .filter(|u| !u.is_empty())
            // A language's 404 page links into the language's folder.
            .map(|root| views_at(&format!("{root}{}", guide.lang.prefix), "404.html"));

        let card_fields = LIST_TEMPLATES
            .iter()
            .filter_map(|t| fields.get(t))
            .fold(Fields::only(Default::default()), |a, b| a.union(b));
        let cards_of = |views: &Views, may_reuse: bool| -> Arc<[Arc<Value>]> {
            views
                .exercises
                .par_iter()
                .enumerate()
                .map(|(i, e)| match reuse(i).filter(|_| may_reuse) {
                    Some(r) => r.cards[i].clone(),
                    None => Arc::new(card_fields.value_of(&**e)),
                })
                .collect::<Vec<_>>()
                .into()
        };
        let cards = cards_of(&nested, true);
        let top_cards = if Arc::ptr_eq(&top.exercises, &nested.exercises) {
            cards.clone()
        } else {
            cards_of(&top, false)
        };
        let words: Arc<[String]> = guide
            .exercises
            .par_iter()
            .enumerate()
            .map(|(i, e)| match reuse(i) {
                Some(r) => r.words[i].clone(),
                None => super::search::words(e),
            })
            .collect::<Vec<_>>()
            .into();

        let mut by_family: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_area: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in guide.exercises.iter().enumerate() {
            if let Some(f) = &e.family {
                by_family.entry(f.clone()).or_default().push(i);
            }
            for a in &e.areas {
                let list = by_area.entry(a.clone()).or_default();
                // An area written twice lists its exercise once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }

        let mut pages = Pages {
            guide,
            renderer,
            top,
            nested,
            not_found,
            cards,
            top_cards,
            words,
            json: OnceLock::new(),
            before: kept,
            keep,
            lists: Lists::default(),
            bases: BTreeMap::new(),
            by_family,
            by_area,
        };
        for template in TEMPLATES {
            let fields = fields.get(template).cloned().unwrap_or_default();
            let uses = |word: &str| renderer.may_mention(template, word);
            let context = base_context(pages.views(depth_of(template)), &guide.lang, &fields, uses);
            pages.bases.insert(template, Base { context, fields });
        }
        pages
    }

    /// The switcher's links from the page at `path` (`assets` away from the
    /// site's root) to the same page in every language, and the alternates
    /// a search engine reads: only the languages the page exists in.
    fn languages_of(&self, path: &str, page: Page, assets: &str) -> (Vec<Value>, Vec<Value>) {
        let guide = self.guide;
        let slug_of_exercise = |i: usize| guide.exercises.get(i).map(|e| e.slug.as_str());
        let slug_of_routine = |i: usize| guide.routines.get(i).map(|r| r.slug.as_str());
        let base = guide.config.base_url.as_deref().filter(|u| !u.is_empty());
        let mut languages = Vec::new();
        let mut alternates = Vec::new();
        for l in &guide.lang.all {
            let exists = match page {
                Page::Exercise(i) => {
                    slug_of_exercise(i).is_none_or(|s| !l.untranslated_exercises.contains(s))
                }
                Page::Routine(i) => {
                    slug_of_routine(i).is_none_or(|s| !l.untranslated_routines.contains(s))
                }
                _ => true,
            };
            let target = if exists { path } else { "index.html" };
            let current = l.code == guide.lang.code;
            languages.push(serde_json::json!({
                "code": l.code,
                "name": l.name,
                // The 404 page is served at any depth: its links go from the
                // site's address, even to itself.
                "url": if current && page != Page::NotFound {
                    page_name(path)
                } else {
                    format!("{assets}{}{target}", l.prefix)
                },
                "current": current,
            }));
            if exists && page != Page::NotFound {
                let url = match base {
                    Some(b) => crate::seo::absolute_url(b, &format!("{}{path}", l.prefix)),
                    None => format!("{assets}{}{path}", l.prefix),
                };
                alternates.push(serde_json::json!({ "code": l.code, "url": url }));
            }
        }
        if let Some(url) = alternates.first().and_then(|a| a.get("url")).cloned() {
            alternates.push(serde_json::json!({ "code": "x-default", "url": url }));
        }
        (languages, alternates)
    }

    /// The guide these pages show.
    pub fn guide(&self) -> &'g Guide {
        self.guide
    }

    fn views(&self, depth: Depth) -> &Views {
        match depth {
            Depth::Top => &self.top,
            Depth::Nested => &self.nested,
            Depth::NotFound => self.not_found.as_ref().unwrap_or(&self.top),
        }
    }

    /// Every page with its path under the output folder, in path order.
    pub fn all(&self) -> Vec<(String, Page)> {
        let v = &self.nested;
        let mut all = vec![
            ("index.html".to_owned(), Page::Index),
            ("404.html".to_owned(), Page::NotFound),
            ("plan.html".to_owned(), Page::Plan),
        ];
        all.extend((2..=self.index_pages()).map(|k| (index_page_url(k), Page::IndexPage(k))));
        all.extend(
            v.families
                .iter()
                .enumerate()
                .map(|(i, f)| (family_url(&f.slug), Page::Family(i))),
        );
        all.extend(
            v.areas
                .iter()
                .enumerate()
                .map(|(i, a)| (area_url(&a.slug), Page::Area(i))),
        );
        all.extend(
            v.positions
                .iter()
                .enumerate()
                .map(|(i, p)| (position_url(&p.slug), Page::Position(i))),
        );
        // Terms have pages only where the guide declares them (their url).
        for name in TERM_PAGES {
            all.extend(
                term_views(v, name)
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !t.url.is_empty())
                    .map(|(i, t)| (t.url.clone(), Page::Term(name, i))),
            );
        }
        // What is not yet in this language has its page in the default
        // language only.
        let g = self.guide;
        all.extend(
            v.routines
                .iter()
                .enumerate()
                .filter(|(i, _)| !g.routines.get(*i).is_some_and(|r| r.text.untranslated))
                .map(|(i, r)| (r.url.clone(), Page::Routine(i))),
        );
        all.extend(
            v.exercises
                .iter()
                .enumerate()
                .filter(|(i, _)| !g.exercises.get(*i).is_some_and(|e| e.text.untranslated))
                .map(|(i, e)| (exercise_url(&e.slug), Page::Exercise(i))),
        );
        all.sort();
        all
    }

    /// Renders every page, in parallel, into memory.
    pub fn render_all(&self) -> Result<Site, Vec<Diagnostic>> {
        self.render_some(self.all())
    }

    /// Renders `pages`, each under its path, into memory.
    pub fn render_some(&self, pages: Vec<(String, Page)>) -> Result<Site, Vec<Diagnostic>> {
        let out = InMemory::default();
        self.render_each(pages, &out)?;
        Ok(out.into_site())
    }

    /// Renders `pages` in parallel, handing each to `out` as soon as it is
    /// rendered. Every page is tried; the errors come back in path order,
    /// so they are the same on any number of threads.
    pub fn render_each(
        &self,
        pages: Vec<(String, Page)>,
        out: &dyn Output,
    ) -> Result<(), Vec<Diagnostic>> {
        let mut errors: Vec<(String, Diagnostic)> = pages
            .into_par_iter()
            .filter_map(|(path, page)| {
                let written = self.render(&path, page).and_then(|html| {
                    out.put(&path, html.into_bytes())
                        .map_err(|e| super::cannot_write(&path, &e))
                });
                written.err().map(|d| (path, d))
            })
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        errors.sort_by(|a, b| a.0.cmp(&b.0));
        let mut errors: Vec<Diagnostic> = errors.into_iter().map(|(_, d)| d).collect();
        // One broken template fails every page that uses it; say it once.
        errors.dedup_by(|a, b| a.code == b.code && a.message == b.message);
        Err(errors)
    }

    /// The page at `path`.
    pub fn render(&self, path: &str, page: Page) -> Result<String, Diagnostic> {
        let template = page.template();
        let Some(base) = self.bases.get(template) else {
            return Err(Diagnostic::error(
                "E0202",
                format!("no context was prepared for template `{template}`"),
            ));
        };
        let fields = &base.fields;
        let views = self.views(depth_of(template));
        let guide = self.guide;
        let mut values = Values::default();
        values.put(fields, "page_path", &path);
        let meta = match page {
            Page::Exercise(i) => match guide.exercises.get(i) {
                Some(ex) => PageMeta::of_exercise(guide, ex),
                None => PageMeta::new(guide, path),
            },
            _ => PageMeta::new(guide, path),
        };
        values.put(fields, "meta", &meta);
        if !guide.lang.all.is_empty() {
            let (languages, alternates) = self.languages_of(path, page, &views.assets);
            values.put(fields, "languages", &languages);
            values.put(fields, "alternates", &alternates);
        }
        // The exercises a list page shows, by number.
        let mut listed: Option<Vec<usize>> = None;
        match page {
            Page::Index => {
                values.put(fields, "index_title", &views.index_title);
                values.put(fields, "intro_html", &views.intro_html);
                values.put(fields, "intro_more_html", &views.intro_more_html);
                values.put(fields, "positions", &views.positions);
                values.put(fields, "kinds", &views.kinds);
                values.put(fields, "levels", &views.levels);
                values.put(fields, "equipment", &views.equipment);
                values.put(fields, "pagination", &self.pagination(1));
                listed = Some(self.on_index_page(1).collect());
            }
            Page::IndexPage(k) => {
                values.put(fields, "pagination", &self.pagination(k));
                listed = Some(self.on_index_page(k).collect());
            }
            Page::Family(i) => {
                let family = views.families.get(i);
                values.put(fields, "family", &family);
                listed = Some(
                    family
                        .and_then(|f| self.by_family.get(&f.slug))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            Page::Area(i) => {
                let area = views.areas.get(i);
                values.put(fields, "area", &area);
                listed = Some(
                    area.and_then(|a| self.by_area.get(&a.slug))
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            Page::Position(i) => {
                let position = views.positions.get(i);
                values.put(fields, "position", &position);
                let slug = position.map(|p| p.slug.as_str()).unwrap_or_default();
                listed = Some(self.members(|e| e.positions.iter().any(|p| p == slug)));
            }
            Page::Term(name, i) => {
                let term = term_views(views, name).get(i);
                values.put(fields, "term", &term);
                values.put(
                    fields,
                    "vocabulary",
                    &vocabulary_view(name, &self.guide.lang.words),
                );
                let slug = term.map(|t| t.slug.as_str()).unwrap_or_default();
                listed = Some(self.members(|e| e.uses_term(name, slug)));
            }
            Page::Routine(i) => values.put(fields, "routine", &views.routines.get(i)),
            Page::Exercise(i) => {
                let link = |j: usize| {
                    views.exercises.get(j).map(|e| LinkView {
                        slug: e.slug.clone(),
                        title: e.title.clone(),
                        url: e.url.clone(),
                    })
                };
                values.put(fields, "ex", &views.exercises.get(i).map(|e| &**e));
                values.put(fields, "prev", &i.checked_sub(1).and_then(link));
                values.put(fields, "next", &link(i + 1));
            }
            Page::Plan | Page::NotFound => {}
        }
        if let Some(members) = &listed {
            let cards = if page == Page::Index {
                &self.top_cards
            } else {
                &self.cards
            };
            values.put_value("exercises", self.list(path, members, cards));
        }
        let mut context = base.context.clone();
        // An object of values always makes a context.
        if let Ok(own) = Context::from_value(Value::Object(values.map)) {
            context.extend(own);
        }
        let html = self.renderer.render(template, &context)?;
        // A list page's cards, kept for the next render (see `list`).
        if let (Some(members), true) = (listed, self.keep)
            && let Some(Value::Array(list)) = context.remove("exercises")
        {
            lock(&self.lists).insert(path.to_owned(), (members, list));
        }
        Ok(html)
    }

    /// The cards of the exercises numbered `members`, for the list page at
    /// `path`: the list the render before made for the page, with the cards
    /// of the exercises that changed replaced, when it listed the same
    /// exercises; else new copies of every card.
    fn list(&self, path: &str, members: &[usize], cards: &[Arc<Value>]) -> Value {
        let before = self
            .before
            .as_ref()
            .and_then(|(same, r)| Some((lock(&r.lists).remove(path)?, same)));
        let list = match before {
            Some(((was, mut list), same)) if was == members && list.len() == members.len() => {
                for (card, &i) in list.iter_mut().zip(members) {
                    if !same[i] {
                        *card = Value::clone(&cards[i]);
                    }
                }
                list
            }
            _ => members.iter().map(|&i| Value::clone(&cards[i])).collect(),
        };
        Value::Array(list)
    }

    /// How many pages the home page's list takes.
    pub fn index_pages(&self) -> usize {
        self.guide.config.index.pages(self.guide.exercises.len())
    }

    /// The numbers of the exercises on page `k` (from 1) of the home
    /// page's list.
    fn on_index_page(&self, k: usize) -> std::ops::Range<usize> {
        let size = self.guide.config.index.size();
        let n = self.guide.exercises.len();
        let start = k.saturating_sub(1).saturating_mul(size).min(n);
        start..start.saturating_add(size).min(n)
    }

    /// Where page `k` of the home page's list is among the others; `None`
    /// when the list fits on the home page.
    fn pagination(&self, k: usize) -> Option<PaginationView> {
        let count = self.index_pages();
        (count > 1).then(|| {
            PaginationView::new(k, count, self.on_index_page(k), self.guide.exercises.len())
        })
    }

    /// The numbers of the exercises `keep` picks, in order.
    fn members(&self, keep: impl Fn(&Exercise) -> bool) -> Vec<usize> {
        (0..self.guide.exercises.len())
            .filter(|&i| keep(&self.guide.exercises[i]))
            .collect()
    }

    /// What every page of each template sees in common, to tell later
    /// whether a change reached every page.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint(
            self.bases
                .iter()
                .map(|(key, base)| (*key, base.context.clone()))
                .collect(),
        )
    }

    /// The pages that may differ from those made from `before`, the guide
    /// this one replaces, whose pages had `fingerprint`: when only the
    /// contents of exercises changed, the pages of those exercises, of
    /// their neighbours and of the exercises that name them as related,
    /// and the index, lists and routines that show them. `None` when any
    /// page may differ (settings, routines, the set or order of exercises,
    /// or what every page shows changed): then render them all.
    pub fn affected_since(
        &self,
        before: &Guide,
        fingerprint: &Fingerprint,
    ) -> Option<Vec<(String, Page)>> {
        let now = self.guide;
        let same_shape = same_pages(before, now)
            && before.index.title == now.index.title
            && before.index.body == now.index.body
            && before.routines == now.routines;
        if !same_shape || *fingerprint != self.fingerprint() {
            return None;
        }
        let changed: Vec<usize> = (0..now.exercises.len())
            .filter(|&i| before.exercises[i] != now.exercises[i])
            .collect();
        let slugs: Vec<&str> = changed
            .iter()
            .map(|&i| now.exercises[i].slug.as_str())
            .collect();
        // Either version of a changed exercise: a list it left shows it no more.
        let versions = || {
            changed
                .iter()
                .flat_map(|&i| [&before.exercises[i], &now.exercises[i]])
        };
        let mut pages: BTreeSet<Page> = BTreeSet::from([Page::Index]);
        let size = now.config.index.size();
        for &i in &changed {
            if i >= size {
                pages.insert(Page::IndexPage(i / size + 1));
            }
            // Neighbours link to it by title.
            pages.extend(
                [i.checked_sub(1), Some(i), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .map(Page::Exercise),
            );
        }
        for (j, e) in now.exercises.iter().enumerate() {
            if e.related.iter().any(|r| slugs.contains(&r.as_str())) {
                pages.insert(Page::Exercise(j));
            }
        }
        let v = &self.nested;
        for (k, f) in v.families.iter().enumerate() {
            if versions().any(|e| e.family.as_deref() == Some(f.slug.as_str())) {
                pages.insert(Page::Family(k));
            }
        }
        for (k, a) in v.areas.iter().enumerate() {
            if versions().any(|e| e.areas.contains(&a.slug)) {
                pages.insert(Page::Area(k));
            }
        }
        for (k, p) in v.positions.iter().enumerate() {
            if versions().any(|e| e.positions.contains(&p.slug)) {
                pages.insert(Page::Position(k));
            }
        }
        for name in TERM_PAGES {
            for (k, t) in term_views(v, name).iter().enumerate() {
                if versions().any(|e| e.uses_term(name, &t.slug)) {
                    pages.insert(Page::Term(name, k));
                }
            }
        }
        for (k, r) in now.routines.iter().enumerate() {
            if r.items.iter().any(|i| slugs.contains(&i.exercise.as_str())) {
                pages.insert(Page::Routine(k));
            }
        }
        Some(
            self.all()
                .into_iter()
                .filter(|(_, page)| pages.contains(page))
                .collect(),
        )
    }

    /// Each exercise's entry in the open data ([`crate::export`]), kept for
    /// [`Pages::reusable`] when these pages keep what they make.
    pub fn exercises_json(&self) -> Entries {
        if let Some(json) = self.json.get() {
            return json.clone();
        }
        let links = LinkTarget::new(&self.guide.sources);
        let entries: Entries = self
            .guide
            .exercises
            .par_iter()
            .zip(self.nested.exercises.par_iter())
            .enumerate()
            .map(|(i, (ex, view))| match &self.before {
                Some((
                    same,
                    Reusable {
                        json: Some(json), ..
                    },
                )) if same[i] => json[i].clone(),
                _ => crate::export::exercise_json(self.guide, ex, view, &links).into(),
            })
            .collect::<Vec<_>>()
            .into();
        if self.keep {
            let _ = self.json.set(entries.clone());
        }
        entries
    }

    /// The data of the home page's filters, for a list in pages.
    pub fn filter_index(&self) -> Vec<u8> {
        super::filters::filter_index(&self.top.exercises)
    }

    /// The plan page's script for each exercise, from the views of the top.
    pub fn plan_data(&self) -> Vec<(String, Vec<u8>)> {
        super::plan::plan_data(self.guide, &self.top.exercises)
    }

    /// The search index, from the views already made.
    pub fn search_index(&self) -> Vec<u8> {
        super::search::search_index(
            self.guide,
            &self.top.exercises,
            &self.words,
            &self.top.routines,
        )
    }
}

/// The vocabularies whose terms may have pages of their own (areas and
/// positions have pages of their own kind).
const TERM_PAGES: [VocabularyName; 3] = [
    VocabularyName::Kinds,
    VocabularyName::Levels,
    VocabularyName::Equipment,
];

/// The views of the terms of `name`, in the vocabulary's order.
fn term_views(views: &Views, name: VocabularyName) -> &[TermView] {
    match name {
        VocabularyName::Kinds => &views.kinds,
        VocabularyName::Levels => &views.levels,
        VocabularyName::Equipment => &views.equipment,
        VocabularyName::Areas | VocabularyName::Positions => &[],
    }
}

/// What a term page calls the vocabulary its term is from.
fn vocabulary_view(name: VocabularyName, words: &crate::i18n::Words) -> VocabularyView {
    VocabularyView {
        key: name.key().to_owned(),
        name: words.text(&format!("vocabulary_{}", name.key())),
    }
}

/// The page's own file name: a link to itself from itself.
fn page_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// What every page made with a template sees, whatever the page. The lists
/// of every area, family and routine are left out of the pages whose
/// templates never name them: each page's context is a copy of this one,
/// and a guide of thousands of families would otherwise copy them all onto
/// every page.
fn base_context(
    views: &Views,
    lang: &crate::model::PageLanguage,
    fields: &Fields,
    uses: impl Fn(&str) -> bool,
) -> Context {
    #[derive(Serialize)]
    struct Common<'a> {
        root: &'a str,
        assets: &'a str,
        lang: &'a str,
        dir: &'a str,
        t: Value,
        words_json: String,
        guide: &'a crate::render::views::GuideView,
        areas: &'a [crate::render::views::AreaView],
        families: &'a [crate::render::views::FamilyView],
        routines: &'a [crate::render::views::RoutineView],
    }
    const LISTS: [&str; 3] = ["areas", "families", "routines"];
    let common = Common {
        root: &views.root,
        assets: &views.assets,
        lang: &lang.code,
        dir: lang.dir,
        t: lang.words.page_value(),
        words_json: if uses("words_json") {
            crate::seo::jsonld::script_safe(&lang.words.script_value().to_string())
        } else {
            String::new()
        },
        guide: &views.guide,
        areas: &views.areas,
        families: &views.families,
        routines: &views.routines,
    };
    // The names of the context's own variables are not fields: cut down
    // what is inside each. The words are cut down to those named, but not
    // inside: a plural word's forms are read by the `plural` filter, not
    // by name.
    let mut value = serde_json::to_value(common).unwrap_or_default();
    if let Value::Object(map) = &mut value {
        map.retain(|name, _| !LISTS.contains(&name.as_str()) || uses(name));
        for (name, v) in map.iter_mut() {
            match (name.as_str(), v) {
                ("t", Value::Object(words)) => words.retain(|key, _| fields.may_read(key)),
                (_, v) => fields.prune(v),
            }
        }
    }
    // Serializing a plain struct into a context cannot fail.
    Context::from_value(value).unwrap_or_default()
}
