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

use super::Site;
use super::output::{InMemory, Output};
use crate::content::{Guide, LinkTarget};
use crate::diagnostic::Diagnostic;
use crate::model::Exercise;
use crate::render::Renderer;
use crate::render::fields::{Fields, Values};
use crate::render::views::{
    DEPTH_DEPENDENT, ExerciseView, LinkView, Poses, Views, area_url, exercise_url, exercise_views,
    exercise_views_with, family_url, position_url,
};
use crate::seo::PageMeta;

/// One page of the site. Lists name their thing by its place among the
/// views' families, areas or positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Page {
    Index,
    Family(usize),
    Area(usize),
    Position(usize),
    Routine(usize),
    Exercise(usize),
    NotFound,
}

/// Where a page sits, which decides how its links start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Depth {
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
            Page::Family(_) => "family.html",
            Page::Area(_) => "area.html",
            Page::Position(_) => "position.html",
            Page::Routine(_) => "routine.html",
            Page::Exercise(_) => "exercise.html",
            Page::NotFound => "404.html",
        }
    }

    fn depth(self) -> Depth {
        match self {
            Page::Index => Depth::Top,
            Page::NotFound => Depth::NotFound,
            _ => Depth::Nested,
        }
    }
}

const TEMPLATES: [&str; 7] = [
    "index.html",
    "family.html",
    "area.html",
    "position.html",
    "routine.html",
    "exercise.html",
    "404.html",
];

/// The templates that show exercises as cards.
const LIST_TEMPLATES: [&str; 4] = ["index.html", "family.html", "area.html", "position.html"];

/// What the pages of each template see in common, from one render: if it
/// is the same after a change, the change did not reach every page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint(BTreeMap<(&'static str, Depth), Context>);

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
    /// Whether to keep the entries once made, for the next render.
    keep_json: bool,
    /// The list pages' cards of the render before, taken as pages render,
    /// and which exercises' cards are still as they were; and the list
    /// pages' cards of this render, kept for the next (not by
    /// [`Pages::new`]: a single build has no next render).
    lists_before: Option<(Lists, Vec<bool>)>,
    lists: Option<Lists>,
    /// Entries of the guide before, and which of them are still right.
    json_before: Option<(Entries, Vec<bool>)>,
    bases: BTreeMap<(&'static str, Depth), Base>,
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
    lists: Option<Lists>,
}

impl Reusable {
    pub fn fingerprint(&self) -> &Fingerprint {
        &self.fingerprint
    }
}

/// Which exercises of `guide` look exactly as they did in `before`: the
/// same fields, links that go to the same pages and related exercises of
/// the same titles. `None` when none can be reused.
fn unchanged(before: &Guide, guide: &Guide) -> Option<Vec<bool>> {
    let same_links =
        before.config == guide.config
            && before.sources.len() == guide.sources.len()
            && before.sources.iter().zip(&guide.sources).all(|(a, b)| {
                a.exercise.slug == b.exercise.slug && a.content_path == b.content_path
            });
    if !same_links {
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
        let mut pages = Pages::reusing(guide, renderer, None);
        pages.keep_json = false;
        pages.lists = None;
        pages
    }

    /// What [`Reusable`] keeps of these pages. Call it once the pages are
    /// rendered: the lists of pages that were not rendered again are still
    /// those of the render before, as nothing they show changed.
    pub fn reusable(&self) -> Reusable {
        if let (Some(lists), Some((before, _))) = (&self.lists, &self.lists_before) {
            let mut lists = lock(lists);
            for (path, list) in lock(before).drain() {
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
        let kept = before.and_then(|(old, reusable)| {
            let same = unchanged(old, guide)?;
            (reusable.views.len() == same.len()).then_some((same, reusable))
        });
        let keep = |i: usize| kept.as_ref().is_some_and(|(same, _)| same[i]);
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

        let previous = |i: usize| {
            kept.as_ref()
                .filter(|(same, _)| same[i])
                .map(|(_, r)| r.views[i].clone())
        };
        let exercises: Arc<[Arc<ExerciseView>]> =
            exercise_views_with(guide, &links, "../", Poses::Draw, &previous).into();
        let nested = Views::with_exercises(guide, &links, "../", exercises.clone());
        // Pages at other depths share these views unless their templates
        // read HTML whose links depend on where the page is.
        let views_at = |root: &str, template: &str| {
            let own = if reads_depth_html(template) {
                exercise_views(guide, &links, root, Poses::Draw).into()
            } else {
                exercises.clone()
            };
            Views::with_exercises(guide, &links, root, own)
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
            .map(|root| views_at(root, "404.html"));

        let card_fields = LIST_TEMPLATES
            .iter()
            .filter_map(|t| fields.get(t))
            .fold(Fields::only(Default::default()), |a, b| a.union(b));
        let cards_of = |views: &Views, reuse: bool| -> Arc<[Arc<Value>]> {
            views
                .exercises
                .par_iter()
                .enumerate()
                .map(|(i, e)| match &kept {
                    Some((_, r)) if reuse && keep(i) => r.cards[i].clone(),
                    _ => Arc::new(card_fields.value_of(&**e)),
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
            .map(|(i, e)| match &kept {
                Some((_, r)) if keep(i) => r.words[i].clone(),
                _ => super::search::words(e),
            })
            .collect::<Vec<_>>()
            .into();

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
            keep_json: true,
            lists_before: kept
                .as_ref()
                .and_then(|(same, r)| r.lists.as_ref().map(|l| (l.clone(), same.clone()))),
            lists: Some(Lists::default()),
            json_before: kept
                .as_ref()
                .and_then(|(same, r)| r.json.as_ref().map(|json| (json.clone(), same.clone()))),
            bases: BTreeMap::new(),
        };
        for template in TEMPLATES {
            let page_fields = fields.get(template).cloned().unwrap_or_default();
            for depth in [Depth::Top, Depth::Nested, Depth::NotFound] {
                let context = base_context(pages.views(depth), &page_fields);
                pages.bases.insert(
                    (template, depth),
                    Base {
                        context,
                        fields: page_fields.clone(),
                    },
                );
            }
        }
        pages
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
        ];
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
        all.extend(
            v.routines
                .iter()
                .enumerate()
                .map(|(i, r)| (r.url.clone(), Page::Routine(i))),
        );
        all.extend(
            v.exercises
                .iter()
                .enumerate()
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
        let depth = page.depth();
        let Some(base) = self.bases.get(&(template, depth)) else {
            return Err(Diagnostic::error(
                "E0202",
                format!("no context was prepared for template `{template}`"),
            ));
        };
        let fields = &base.fields;
        let views = self.views(depth);
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
        match page {
            Page::Index => {
                values.put(fields, "index_title", &views.index_title);
                values.put(fields, "intro_html", &views.intro_html);
                let all = (0..self.top_cards.len()).collect();
                values.put_value("exercises", self.list(path, all, &self.top_cards));
                values.put(fields, "positions", &views.positions);
                values.put(fields, "kinds", &views.kinds);
            }
            Page::Family(i) => {
                let family = views.families.get(i);
                values.put(fields, "family", &family);
                let slug = family.map(|f| f.slug.as_str());
                self.put_members(path, &mut values, |e| e.family.as_deref() == slug);
            }
            Page::Area(i) => {
                let area = views.areas.get(i);
                values.put(fields, "area", &area);
                let slug = area.map(|a| a.slug.as_str()).unwrap_or_default();
                self.put_members(path, &mut values, |e| e.areas.iter().any(|a| a == slug));
            }
            Page::Position(i) => {
                let position = views.positions.get(i);
                values.put(fields, "position", &position);
                let slug = position.map(|p| p.slug.as_str()).unwrap_or_default();
                self.put_members(path, &mut values, |e| {
                    e.positions.iter().any(|p| p.slug() == slug)
                });
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
            Page::NotFound => {}
        }
        let mut context = base.context.clone();
        // An object of values always makes a context.
        if let Ok(own) = Context::from_value(Value::Object(values.map)) {
            context.extend(own);
        }
        let html = self.renderer.render(template, &context)?;
        self.keep_list(path, page, &mut context);
        Ok(html)
    }

    /// The cards of the exercises numbered `members`, for the list page at
    /// `path`: the list the render before made for the page, with the cards
    /// of the exercises that changed replaced, when it listed the same
    /// exercises; else new copies of every card.
    fn list(&self, path: &str, members: Vec<usize>, cards: &[Arc<Value>]) -> Value {
        let before = self
            .lists_before
            .as_ref()
            .and_then(|(lists, same)| Some((lock(lists).remove(path)?, same)));
        let list = match before {
            Some(((was, mut list), same)) if was == members && list.len() == members.len() => {
                for (card, &i) in list.iter_mut().zip(&members) {
                    if !same.get(i).copied().unwrap_or(false) {
                        *card = Value::clone(&cards[i]);
                    }
                }
                list
            }
            _ => members.iter().map(|&i| Value::clone(&cards[i])).collect(),
        };
        if let Some(lists) = &self.lists {
            lock(lists).insert(path.to_owned(), (members, Vec::new()));
        }
        Value::Array(list)
    }

    /// Keeps a list page's cards for the next render (see [`Pages::list`]).
    fn keep_list(&self, path: &str, page: Page, context: &mut Context) {
        let (Some(lists), Page::Index | Page::Family(_) | Page::Area(_) | Page::Position(_)) =
            (&self.lists, page)
        else {
            return;
        };
        if let Some(Value::Array(list)) = context.remove("exercises") {
            let mut lists = lock(lists);
            if let Some((_, kept)) = lists.get_mut(path) {
                *kept = list;
            }
        }
    }

    /// The cards of the exercises `keep` picks, as `exercises`.
    fn put_members(&self, path: &str, values: &mut Values, keep: impl Fn(&Exercise) -> bool) {
        let members = (0..self.guide.exercises.len())
            .filter(|&i| keep(&self.guide.exercises[i]))
            .collect();
        values.put_value("exercises", self.list(path, members, &self.cards));
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
        let same_shape = before.config == now.config
            && before.index.title == now.index.title
            && before.index.body == now.index.body
            && before.routines == now.routines
            && before.exercises.len() == now.exercises.len()
            && before.sources.iter().zip(&now.sources).all(|(a, b)| {
                a.exercise.slug == b.exercise.slug && a.content_path == b.content_path
            });
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
        for &i in &changed {
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
            if versions().any(|e| e.positions.iter().any(|q| q.slug() == p.slug)) {
                pages.insert(Page::Position(k));
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

    /// Each exercise's entry in the open data ([`crate::export`]). Kept
    /// for [`Pages::reusable`] unless these pages were made by
    /// [`Pages::new`]: a single build has no use for tens of megabytes of
    /// them once the file is made.
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
            .map(|(i, (ex, view))| match &self.json_before {
                Some((json, same)) if same[i] => json[i].clone(),
                _ => crate::export::exercise_json(self.guide, ex, view, &links).into(),
            })
            .collect::<Vec<_>>()
            .into();
        if self.keep_json {
            let _ = self.json.set(entries.clone());
        }
        entries
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

/// What every page made with a template sees, whatever the page.
fn base_context(views: &Views, fields: &Fields) -> Context {
    #[derive(Serialize)]
    struct Common<'a> {
        root: &'a str,
        guide: &'a crate::render::views::GuideView,
        areas: &'a [crate::render::views::AreaView],
        families: &'a [crate::render::views::FamilyView],
        routines: &'a [crate::render::views::RoutineView],
    }
    let common = Common {
        root: &views.root,
        guide: &views.guide,
        areas: &views.areas,
        families: &views.families,
        routines: &views.routines,
    };
    // The names of the context's own variables are not fields: cut down
    // what is inside each.
    let mut value = serde_json::to_value(common).unwrap_or_default();
    if let Value::Object(map) = &mut value {
        map.values_mut().for_each(|v| fields.prune(v));
    }
    // Serializing a plain struct into a context cannot fail.
    Context::from_value(value).unwrap_or_default()
}

/// A lock whose data stays whole even if a thread panicked holding it:
/// entries are inserted or removed whole.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
