//! What templates see: the model turned into display-ready values (labels,
//! URLs, HTML from Markdown, the dose in words), built once per build.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::i18n::{Word, Words};
use crate::markdown::{inline_html, to_html, to_html_split_at_heading};
use crate::model::{
    Count, Dose, DoseKey, Exercise, Guide, GuideConfig, Image, LinkTarget, Picture, PictureCopy,
    Routine, RoutineItem, Sides, Switch, Video, Vocabulary,
};
use crate::timing;

#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub author: String,
    pub disclaimer_html: String,
    pub base_url: Option<String>,
    /// The manifest's colour, when the guide is a web app; else empty.
    pub theme_color: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub count: usize,
    /// From `description` in guide.toml; empty when there is none.
    pub description_html: String,
}

/// A kind, level or piece of equipment of the guide, with its exercises.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub slug: String,
    pub name: String,
    /// Its list page; empty when the guide makes none (see
    /// [`Views::term_pages`]).
    pub url: String,
    pub count: usize,
    pub description_html: String,
}

/// A vocabulary whose terms each get a list page, as its page names it.
#[derive(Debug, Clone, Serialize)]
pub struct VocabularyView {
    /// `kinds`: the folder of its pages.
    pub key: String,
    /// "Type", "Level", "Equipment".
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FamilyView {
    pub slug: String,
    pub title: String,
    pub description_html: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PositionView {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub count: usize,
    /// Floor work (by default lying, on all fours or kneeling): what "no
    /// floor work" leaves out.
    pub floor: bool,
    pub description_html: String,
}

/// A routine for its own page and for lists.
#[derive(Debug, Clone, Serialize)]
pub struct RoutineView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub rest_seconds: i64,
    pub total_seconds: i64,
    /// "About 5 minutes".
    pub duration: String,
    /// "5:05".
    pub clock: String,
    pub items: Vec<RoutineItemView>,
    /// Positions any item uses, in the usual order.
    pub positions: Vec<NamedView>,
    /// What the guided player runs, as JSON safe to put in a `<script>`.
    pub player_json: String,
    /// The moving figures the player shows, one per exercise that has one
    /// (an exercise done twice is drawn once: its HTML has ids).
    pub figures: Vec<RoutineFigure>,
    /// The pictures the player shows, one set per exercise that has any.
    pub pictures: Vec<RoutinePictures>,
    /// Not yet in the page's language: its text's language and that
    /// language's name; else empty.
    pub untranslated: bool,
    pub text_lang: String,
    pub text_lang_name: String,
    /// The fields a translation left out, each with the language shown.
    pub fallback: std::collections::BTreeMap<String, String>,
}

/// An exercise's pictures on a routine page, for the player.
#[derive(Debug, Clone, Serialize)]
pub struct RoutinePictures {
    pub slug: String,
    pub images: Vec<ImageView>,
}

/// An exercise's animated figure (its `pose_stage`) on a routine page.
#[derive(Debug, Clone, Serialize)]
pub struct RoutineFigure {
    pub slug: String,
    pub stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoutineItemView {
    pub number: usize,
    pub slug: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub dose: DoseView,
    /// Says which numbers the routine chose where the exercise gives none;
    /// empty when it chose none.
    pub choice: String,
    pub steps_html: Vec<String>,
    pub cautions_html: Vec<String>,
    pub positions: Vec<NamedView>,
    pub seconds: i64,
    pub duration: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub slug: String,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedView {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaRef {
    pub slug: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoseView {
    /// "Repeat 5 times · hold 3–5 seconds"; empty when the dose has no numbers.
    pub summary: String,
    pub parts: Vec<String>,
    pub note: Option<String>,
}

/// A picture as templates show it. Paths are relative to the site's root.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// For `<img src>`: the widest copy in the picture's own format (or
    /// the file itself, for a picture the build has not read).
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub licence: Option<String>,
    /// The size of `src`, for `width` and `height` (0 when unknown).
    pub width: u32,
    pub height: u32,
    /// WebP copies for a `<source type="image/webp">`; empty when the
    /// picture is WebP itself (its copies are then in `srcset`).
    pub webp: Vec<CopyView>,
    /// Copies in the picture's own format, for the `<img srcset>`.
    pub srcset: Vec<CopyView>,
}

/// One resized copy, for a `srcset` entry (`path width w`).
#[derive(Debug, Clone, Serialize)]
pub struct CopyView {
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// A small picture of an exercise for cards: its first picture's smallest
/// copy.
#[derive(Debug, Clone, Serialize)]
pub struct ThumbView {
    pub src: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct VideoView {
    pub src: String,
    /// `video/mp4` or `video/webm`.
    pub mime: String,
    /// The poster's widest copy, or the file itself.
    pub poster: Option<String>,
    /// The poster's size, which is the video's size as far as the page
    /// knows before it plays (0 when there is no poster).
    pub width: u32,
    pub height: u32,
    /// A `data:` address holding the captions (a path from the site's root
    /// before the build has read them).
    pub captions: Option<String>,
    /// The language of the captions: the guide's.
    pub language: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
}

/// One pose, drawn: `svg` is inline SVG, ready to place in the page.
#[derive(Debug, Clone, Serialize)]
pub struct PoseView {
    pub label: String,
    pub alt: String,
    pub svg: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExerciseView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub aliases: Vec<String>,
    pub family: Option<LinkView>,
    pub kind: String,
    pub kind_label: String,
    pub level: String,
    pub level_label: String,
    pub areas: Vec<AreaRef>,
    pub positions: Vec<NamedView>,
    pub equipment: Vec<String>,
    pub dose: DoseView,
    pub intro_html: String,
    pub steps_html: Vec<String>,
    pub tips_html: Vec<String>,
    pub cautions_html: Vec<String>,
    pub easier_html: Option<String>,
    pub harder_html: Option<String>,
    pub related: Vec<LinkView>,
    /// The first of `images`, for templates written for one picture.
    pub image: Option<ImageView>,
    pub images: Vec<ImageView>,
    pub video: Option<VideoView>,
    pub thumb: Option<ThumbView>,
    pub sources: Vec<SourceView>,
    /// Every position is on the floor: hidden by "no floor work". False
    /// when the exercise names no position.
    pub floor_only: bool,
    /// Slugs joined by spaces, for the index's filters.
    pub filter_areas: String,
    pub filter_positions: String,
    /// The level, when the index filters by level; else empty.
    pub filter_level: String,
    /// The equipment's slugs, when the guide declares its equipment; else
    /// empty.
    pub filter_equipment: String,
    /// Pictures of the poses; empty when there are none or `image` is given.
    pub poses: Vec<PoseView>,
    /// The animated figure (HTML, for `static/poses.js`); empty when there
    /// is nothing to animate.
    pub pose_stage: String,
    /// Not yet in the page's language: its text's language and that
    /// language's name; else empty.
    pub untranslated: bool,
    pub text_lang: String,
    pub text_lang_name: String,
    /// The fields a translation left out, each with the language shown.
    pub fallback: std::collections::BTreeMap<String, String>,
}

/// Everything templates may show, for pages at one depth: links in the HTML
/// are relative to `root`.
#[derive(Debug, Clone)]
pub struct Views {
    pub root: String,
    /// From these pages to the site's root, where the assets and pictures
    /// are: `root` itself unless the pages are a language's own folder.
    pub assets: String,
    pub guide: GuideView,
    pub areas: Vec<AreaView>,
    pub families: Vec<FamilyView>,
    pub positions: Vec<PositionView>,
    /// The kinds in use, in the guide's order.
    pub kinds: Vec<TermView>,
    /// The levels in use, easiest first.
    pub levels: Vec<TermView>,
    /// The declared equipment in use; empty when equipment is free words.
    pub equipment: Vec<TermView>,
    pub exercises: Arc<[Arc<ExerciseView>]>,
    pub routines: Vec<RoutineView>,
    pub index_title: String,
    /// The front page's text before its first heading, shown at the top.
    pub intro_html: String,
    /// The rest of it, shown after the lists, so that on a phone the
    /// safety note and the exercises come before the longer advice.
    pub intro_more_html: String,
}

/// An area's name when the guide gives none: made from its slug.
pub fn area_name(slug: &str) -> String {
    crate::model::title_from_slug(slug)
}

pub fn exercise_url(slug: &str) -> String {
    format!("exercises/{slug}.html")
}

pub fn area_url(slug: &str) -> String {
    format!("areas/{slug}.html")
}

pub fn family_url(slug: &str) -> String {
    format!("families/{slug}.html")
}

pub fn position_url(slug: &str) -> String {
    format!("positions/{slug}.html")
}

/// Page `number` (from 1) of the home page's list: the first is the home
/// page itself.
pub fn index_page_url(number: usize) -> String {
    if number <= 1 {
        "index.html".to_owned()
    } else {
        format!("page/{number}.html")
    }
}

/// Where a page of the home page's list is among the others, for its
/// links to them.
#[derive(Debug, Clone, Serialize)]
pub struct PaginationView {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are.
    pub count: usize,
    /// How many exercises all the pages list.
    pub total: usize,
    /// The place of this page's first and last exercise among them, from 1.
    pub first: usize,
    pub last: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The pages to link to: the first, the last and the two on each side
    /// of this one, with a `gap` where numbers are left out between them,
    /// so a list of hundreds of pages stays a line.
    pub pages: Vec<PageLinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLinkView {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Pages are left out just before this one.
    pub gap: bool,
}

impl PaginationView {
    /// Page `number` of `count`, which lists the exercises `on_page` of
    /// `total` (numbered from 0).
    pub fn new(
        number: usize,
        count: usize,
        on_page: std::ops::Range<usize>,
        total: usize,
    ) -> PaginationView {
        let near = |k: usize| k == 1 || k == count || k.abs_diff(number) <= 2;
        let mut pages = Vec::new();
        let mut last_shown = 0;
        for k in (1..=count).filter(|&k| near(k)) {
            pages.push(PageLinkView {
                number: k,
                url: index_page_url(k),
                current: k == number,
                gap: k > last_shown + 1,
            });
            last_shown = k;
        }
        PaginationView {
            number,
            count,
            total,
            first: on_page.start.saturating_add(1).min(total),
            last: on_page.end,
            prev: (number > 1).then(|| index_page_url(number - 1)),
            next: (number < count).then(|| index_page_url(number + 1)),
            pages,
        }
    }
}

pub fn routine_url(slug: &str) -> String {
    format!("routines/{slug}.html")
}

/// `kinds/stretch.html`, `levels/novice.html`, `equipment/mat.html`.
pub fn term_url(vocabulary: &str, slug: &str) -> String {
    format!("{vocabulary}/{slug}.html")
}

/// Whether the kinds, levels and equipment get a list page per term: when
/// the guide declares them. The built-in kinds and levels are few, and a
/// guide that keeps them keeps the pages it always had.
pub fn term_pages(vocab: &Vocabulary) -> bool {
    vocab.declared
}

/// Whether the index filters by level: when exercises are at more than one.
fn filters_levels(guide: &Guide) -> bool {
    let mut levels = guide.exercises.iter().map(|e| e.level.as_str());
    levels
        .next()
        .is_some_and(|first| levels.any(|l| l != first))
}

/// The view of each term of `vocab` that an exercise uses, in the
/// vocabulary's order, with how many exercises `uses` it.
fn term_views<'g>(
    vocab: &Vocabulary,
    key: &str,
    guide: &'g Guide,
    md: &dyn Fn(&str) -> String,
    uses: impl Fn(&'g Exercise) -> Vec<&'g str>,
) -> Vec<TermView> {
    let counts = counts(guide, uses);
    vocab
        .terms()
        .iter()
        .filter_map(|t| {
            Some(TermView {
                count: *counts.get(t.slug.as_str())?,
                slug: t.slug.clone(),
                name: t.title.clone(),
                url: if term_pages(vocab) {
                    term_url(key, &t.slug)
                } else {
                    String::new()
                },
                description_html: t.description.as_deref().map(md).unwrap_or_default(),
            })
        })
        .collect()
}

/// How many exercises use each slug `uses` gives: one pass over the
/// exercises, however long the vocabulary.
fn counts<'g>(
    guide: &'g Guide,
    uses: impl Fn(&'g Exercise) -> Vec<&'g str>,
) -> HashMap<&'g str, usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in &guide.exercises {
        let mut slugs = uses(e);
        // An exercise that names a term twice is one exercise.
        slugs.sort_unstable();
        slugs.dedup();
        for slug in slugs {
            *counts.entry(slug).or_default() += 1;
        }
    }
    counts
}

fn strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// Whether an exercise's views come with its poses drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poses {
    Draw,
    Skip,
}

/// Exercise fields holding HTML whose links are relative to the page: the
/// only ones that differ between pages at different depths.
pub const DEPTH_DEPENDENT: [&str; 6] = [
    "intro_html",
    "steps_html",
    "tips_html",
    "cautions_html",
    "easier_html",
    "harder_html",
];

/// Every exercise's view, for pages whose links are relative to `root`.
pub fn exercise_views(
    guide: &Guide,
    links: &LinkTarget,
    root: &str,
    poses: Poses,
) -> Vec<Arc<ExerciseView>> {
    exercise_views_with(guide, links, root, poses, &|_| None)
}

/// [`exercise_views`], taking the view of the `i`th exercise from
/// `previous(i)` where it gives one: the caller knows which are unchanged.
pub fn exercise_views_with(
    guide: &Guide,
    links: &LinkTarget,
    root: &str,
    poses: Poses,
    previous: &(dyn Fn(usize) -> Option<Arc<ExerciseView>> + Sync),
) -> Vec<Arc<ExerciseView>> {
    let titles: HashMap<&str, (&str, &str)> = guide
        .exercises
        .iter()
        .map(|e| (e.slug.as_str(), (e.title.as_str(), e.text.away())))
        .collect();
    let by_level = filters_levels(guide);
    // Each exercise's view is independent, and its Markdown and pose
    // drawings are most of the work: build them in parallel.
    guide
        .exercises
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            previous(i).unwrap_or_else(|| {
                Arc::new(exercise_view(
                    e, guide, links, root, &titles, poses, by_level,
                ))
            })
        })
        .collect()
}

fn exercise_view(
    e: &Exercise,
    guide: &Guide,
    links: &LinkTarget,
    root: &str,
    titles: &HashMap<&str, (&str, &str)>,
    poses: Poses,
    by_level: bool,
) -> ExerciseView {
    let config: &GuideConfig = &guide.config;
    let md = |s: &str| to_html(s, links, root);
    let inline = |s: &str| inline_html(s, links, root);
    let (poses, pose_stage) = match poses {
        Poses::Draw => pose_views(e, &guide.lang.words),
        Poses::Skip => (Vec::new(), String::new()),
    };
    ExerciseView {
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        url: format!("{}{}", e.text.away(), exercise_url(&e.slug)),
        aliases: e.aliases.clone(),
        family: e.family.as_ref().map(|slug| LinkView {
            slug: slug.clone(),
            title: guide
                .config
                .families
                .get(slug)
                .map(|f| f.title.clone())
                .unwrap_or_default(),
            url: family_url(slug),
        }),
        kind: e.kind.clone(),
        kind_label: config.kinds.title(&e.kind),
        level: e.level.clone(),
        level_label: config.levels.title(&e.level),
        areas: e
            .areas
            .iter()
            .map(|a| AreaRef {
                slug: a.clone(),
                name: config.areas.title(a),
                url: area_url(a),
            })
            .collect(),
        positions: e
            .positions
            .iter()
            .map(|p| NamedView {
                slug: p.clone(),
                name: config.positions.title(p),
            })
            .collect(),
        // Declared equipment is shown by its titles; free words as written.
        equipment: match &config.equipment {
            Some(v) => e.equipment.iter().map(|q| v.title(q)).collect(),
            None => e.equipment.clone(),
        },
        dose: dose_view(&e.dose, &guide.lang.words),
        intro_html: md(&e.introduction),
        steps_html: e.steps.iter().map(|s| inline(s)).collect(),
        tips_html: e.tips.iter().map(|s| inline(s)).collect(),
        cautions_html: e.cautions.iter().map(|s| inline(s)).collect(),
        easier_html: e.easier.as_deref().map(inline),
        harder_html: e.harder.as_deref().map(inline),
        related: e
            .related
            .iter()
            .map(|slug| LinkView {
                slug: slug.clone(),
                title: titles
                    .get(slug.as_str())
                    .map(|(t, _)| *t)
                    .unwrap_or_default()
                    .to_owned(),
                url: format!(
                    "{}{}",
                    titles
                        .get(slug.as_str())
                        .map(|(_, a)| *a)
                        .unwrap_or_default(),
                    exercise_url(slug)
                ),
            })
            .collect(),
        image: e.images.first().map(image_view),
        images: e.images.iter().map(image_view).collect(),
        video: e.video.as_ref().map(|v| video_view(v, config)),
        thumb: e
            .images
            .first()
            .and_then(|i| i.picture.as_ref()?.smallest())
            .map(|c| ThumbView {
                src: c.path.clone(),
                width: c.width,
                height: c.height,
            }),
        sources: e
            .sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect(),
        floor_only: config.floor_only(&e.positions),
        filter_areas: e.areas.join(" "),
        filter_positions: e.positions.join(" "),
        filter_level: if by_level {
            e.level.clone()
        } else {
            String::new()
        },
        filter_equipment: if config.equipment.is_some() {
            e.equipment.join(" ")
        } else {
            String::new()
        },
        poses,
        pose_stage,
        untranslated: e.text.untranslated,
        text_lang: text_lang(&e.text),
        text_lang_name: text_lang_name(guide, &e.text),
        fallback: fallback(&e.text),
    }
}

/// The language of a text not in the page's, for its `lang`.
fn text_lang(text: &crate::model::TextLanguage) -> String {
    if text.untranslated {
        text.original_lang.clone()
    } else {
        String::new()
    }
}

/// What the switcher calls the language of a text not in the page's.
fn text_lang_name(guide: &Guide, text: &crate::model::TextLanguage) -> String {
    if !text.untranslated {
        return String::new();
    }
    guide
        .lang
        .all
        .iter()
        .find(|l| l.code == text.original_lang)
        .map_or_else(|| text.original_lang.clone(), |l| l.name.clone())
}

fn fallback(text: &crate::model::TextLanguage) -> std::collections::BTreeMap<String, String> {
    text.fallback
        .iter()
        .map(|f| (f.clone(), text.original_lang.clone()))
        .collect()
}

impl Views {
    /// The views for pages whose links are relative to `root`, sharing
    /// exercise views already made: the caller knows whether the pages read
    /// any field whose links depend on the depth ([`DEPTH_DEPENDENT`]).
    pub fn new(
        guide: &Guide,
        links: &LinkTarget,
        root: &str,
        exercises: Arc<[Arc<ExerciseView>]>,
    ) -> Views {
        let config = &guide.config;
        let md = |s: &str| to_html(s, links, root);
        // Counted in one pass each: a guide may have thousands of families
        // or areas as well as thousands of exercises.
        let per_family = counts(guide, |e| e.family.as_deref().into_iter().collect());
        let area_counts = counts(guide, |e| strs(&e.areas));
        let areas = config
            .areas
            .terms()
            .iter()
            .filter_map(|t| {
                Some(AreaView {
                    count: *area_counts.get(t.slug.as_str())?,
                    slug: t.slug.clone(),
                    name: t.title.clone(),
                    url: area_url(&t.slug),
                    description_html: t.description.as_deref().map(md).unwrap_or_default(),
                })
            })
            .collect();
        let families = config
            .families
            .iter()
            .map(|(slug, f)| FamilyView {
                slug: slug.clone(),
                title: f.title.clone(),
                description_html: f.description.as_deref().map(md).unwrap_or_default(),
                url: family_url(slug),
                count: per_family.get(slug.as_str()).copied().unwrap_or(0),
            })
            .filter(|f| f.count > 0)
            .collect();

        let position_counts = counts(guide, |e| strs(&e.positions));
        let positions = config
            .positions
            .terms()
            .iter()
            .filter_map(|t| {
                Some(PositionView {
                    count: *position_counts.get(t.slug.as_str())?,
                    slug: t.slug.clone(),
                    name: t.title.clone(),
                    url: position_url(&t.slug),
                    floor: t.is_floor(),
                    description_html: t.description.as_deref().map(md).unwrap_or_default(),
                })
            })
            .collect();
        let by_slug: HashMap<&str, usize> = guide
            .exercises
            .iter()
            .enumerate()
            // The first of two exercises with one slug wins, as in a search.
            .rev()
            .map(|(i, e)| (e.slug.as_str(), i))
            .collect();
        let kinds = term_views(&config.kinds, "kinds", guide, &md, |e| {
            vec![e.kind.as_str()]
        });
        let levels = term_views(&config.levels, "levels", guide, &md, |e| {
            vec![e.level.as_str()]
        });
        let equipment = config
            .equipment
            .as_ref()
            .map(|v| term_views(v, "equipment", guide, &md, |e| strs(&e.equipment)))
            .unwrap_or_default();
        let routines = guide
            .routines
            .iter()
            .map(|r| routine_view(r, guide, &by_slug, &exercises, root))
            .collect();

        let (intro_html, intro_more_html) =
            to_html_split_at_heading(&guide.index.body, links, root);
        Views {
            root: root.to_owned(),
            assets: guide.lang.assets_from(root),
            guide: GuideView {
                title: config.title.clone(),
                description: config.description.clone(),
                language: config.language.clone(),
                author: config.author.clone(),
                disclaimer_html: md(&config.disclaimer_markdown_in(Some(&guide.lang.words))),
                base_url: config.base_url.clone(),
                theme_color: config
                    .web_app
                    .resolved
                    .as_ref()
                    .map(|app| app.theme_color.clone())
                    .unwrap_or_default(),
            },
            areas,
            families,
            positions,
            kinds,
            levels,
            equipment,
            exercises,
            routines,
            index_title: guide.index.title.clone(),
            intro_html,
            intro_more_html,
        }
    }
}

fn routine_view(
    routine: &Routine,
    guide: &Guide,
    by_slug: &HashMap<&str, usize>,
    exercises: &[Arc<ExerciseView>],
    root: &str,
) -> RoutineView {
    let words = &guide.lang.words;
    let phases = timing::plan(routine);
    let total = timing::total_seconds(&phases);
    let mut used: Vec<&str> = Vec::new();
    let mut figures: Vec<RoutineFigure> = Vec::new();
    let mut pictures: Vec<RoutinePictures> = Vec::new();
    let items: Vec<RoutineItemView> = routine
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            // Loading checked every slug; an item without its exercise is
            // left out rather than shown half-empty.
            let at = *by_slug.get(item.exercise.as_str())?;
            let (model, view) = (guide.exercises.get(at)?, exercises.get(at)?);
            used.extend(model.positions.iter().map(String::as_str));
            if !view.pose_stage.is_empty() && figures.iter().all(|f| f.slug != view.slug) {
                figures.push(RoutineFigure {
                    slug: view.slug.clone(),
                    stage: view.pose_stage.clone(),
                });
            }
            if !view.images.is_empty() && pictures.iter().all(|p| p.slug != view.slug) {
                pictures.push(RoutinePictures {
                    slug: view.slug.clone(),
                    images: view.images.clone(),
                });
            }
            let seconds =
                timing::total_seconds(&timing::item_phases(item, i, routine.rest_seconds));
            Some(RoutineItemView {
                number: i + 1,
                slug: view.slug.clone(),
                title: view.title.clone(),
                url: view.url.clone(),
                summary: view.summary.clone(),
                dose: dose_view(&item.dose, words),
                choice: choice_words(item, words),
                steps_html: view.steps_html.clone(),
                cautions_html: view.cautions_html.clone(),
                positions: view.positions.clone(),
                seconds,
                duration: duration_words(seconds, words),
            })
        })
        .collect();
    let positions = guide
        .config
        .positions
        .terms()
        .iter()
        .filter(|t| used.contains(&t.slug.as_str()))
        .map(|t| NamedView {
            slug: t.slug.clone(),
            name: t.title.clone(),
        })
        .collect();

    #[derive(Serialize)]
    struct PlayerItem<'a> {
        slug: &'a str,
        title: &'a str,
        url: String,
        /// What changes between the sides: "Switch arms" rather than sides.
        switch: Switch,
    }
    #[derive(Serialize)]
    struct PlayerData<'a> {
        slug: &'a str,
        title: &'a str,
        total: i64,
        items: Vec<PlayerItem<'a>>,
        phases: &'a [timing::Phase],
    }
    let data = PlayerData {
        slug: &routine.slug,
        title: &routine.title,
        total,
        items: items
            .iter()
            .map(|i| PlayerItem {
                slug: &i.slug,
                title: &i.title,
                url: format!("{root}{}", i.url),
                switch: routine
                    .items
                    .get(i.number - 1)
                    .map_or(Switch::Sides, |r| r.setting.switch),
            })
            .collect(),
        phases: &phases,
    };
    let player_json = script_json(&data);
    RoutineView {
        slug: routine.slug.clone(),
        title: routine.title.clone(),
        summary: routine.summary.clone(),
        url: format!("{}{}", routine.text.away(), routine_url(&routine.slug)),
        rest_seconds: routine.rest_seconds,
        total_seconds: total,
        duration: duration_words(total, words),
        clock: timing::clock(total),
        items,
        positions,
        player_json,
        figures,
        pictures,
        untranslated: routine.text.untranslated,
        text_lang: text_lang(&routine.text),
        text_lang_name: text_lang_name(guide, &routine.text),
        fallback: fallback(&routine.text),
    }
}

fn image_view(i: &Image) -> ImageView {
    let copies = |list: &[PictureCopy]| -> Vec<CopyView> {
        list.iter()
            .map(|c| CopyView {
                path: c.path.clone(),
                width: c.width,
                height: c.height,
            })
            .collect()
    };
    let file = crate::model::safe_relative(&i.src).unwrap_or_default();
    let (src, width, height, webp, srcset) = match &i.picture {
        Some(p) => {
            let fallback = p.fallback();
            let is_webp = p.original.first().is_some_and(|c| c.mime == "image/webp");
            (
                fallback.map_or(file, |c| c.path.clone()),
                fallback.map_or(p.width, |c| c.width),
                fallback.map_or(p.height, |c| c.height),
                if is_webp { Vec::new() } else { copies(&p.webp) },
                copies(&p.original),
            )
        }
        None => (file, 0, 0, Vec::new(), Vec::new()),
    };
    ImageView {
        src,
        alt: i.alt.clone(),
        caption: i.caption.clone(),
        credit: i.credit.clone(),
        licence: i.licence.clone(),
        width,
        height,
        webp,
        srcset,
    }
}

fn video_view(v: &Video, config: &GuideConfig) -> VideoView {
    let rel = |s: &str| crate::model::safe_relative(s).unwrap_or_default();
    let src = rel(&v.src);
    let poster = v.poster_picture.as_ref().and_then(Picture::fallback);
    VideoView {
        mime: if src.to_ascii_lowercase().ends_with(".webm") {
            "video/webm"
        } else {
            "video/mp4"
        }
        .to_owned(),
        src,
        poster: match poster {
            Some(c) => Some(c.path.clone()),
            None => v.poster.as_deref().map(rel),
        },
        width: poster.map_or(0, |c| c.width),
        height: poster.map_or(0, |c| c.height),
        captions: match &v.captions_text {
            Some(text) => Some(format!(
                "data:text/vtt;charset=utf-8,{}",
                percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
            )),
            None => v.captions.as_deref().map(rel),
        },
        language: config.language.clone(),
    }
}

/// JSON that can sit inside `<script type="application/json">`: `<` is
/// written as `\u003c` so no text can close the element or open a comment.
pub fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_owned())
        .replace('<', "\\u003c")
}

/// The exercise's poses, drawn, unless the author's own picture replaces them.
fn pose_views(e: &Exercise, words: &Words) -> (Vec<PoseView>, String) {
    if !e.images.is_empty() {
        return (Vec::new(), String::new());
    }
    let animation = words.text_or("pose_animation", crate::pose::Wording::ENGLISH.animation);
    let then = words.text_or("pose_then", crate::pose::Wording::ENGLISH.then);
    let wording = crate::pose::Wording {
        describe: crate::i18n::base_language(&words.lang) == "en",
        animation: &animation,
        then: &then,
    };
    let drawing = crate::pose::draw_exercise_worded(&e.slug, &e.poses, wording);
    let frames = drawing
        .frames
        .into_iter()
        .map(|f| PoseView {
            label: f.label,
            alt: f.alt,
            svg: f.svg,
        })
        .collect();
    (frames, drawing.stage.unwrap_or_default())
}

/// The page word `key` for a count, in the form for its largest number,
/// with `{n}` the count as written ("3–5").
fn count_word(words: &Words, key: &str, c: Count) -> String {
    let n = u64::try_from(c.max()).unwrap_or(0);
    let form = match words.page.get(key) {
        Some(Word::Plural(forms)) => forms
            .get(crate::i18n::category_for(&words.lang, n))
            .or_else(|| forms.get("other"))
            .cloned()
            .unwrap_or_default(),
        Some(Word::Text(t)) => t.clone(),
        None => String::new(),
    };
    // A range must show both its numbers: a form that leaves the count out
    // ("twice", Arabic's dual) gives way to the general one.
    let form = match (c, words.page.get(key)) {
        (Count::Range(..), Some(Word::Plural(forms))) if !form.contains("{n}") => {
            forms.get("other").cloned().unwrap_or(form)
        }
        _ => form,
    };
    form.replace("{n}", &c.words())
}

fn times(c: Count, words: &Words) -> String {
    if c == Count::Exact(1) {
        words.text("dose_once")
    } else {
        count_word(words, "dose_times", c)
    }
}

fn seconds(c: Count, words: &Words) -> String {
    count_word(words, "dose_seconds", c)
}

/// "Repeat 5 times", with the sides: `key` is `dose_repeat` or `dose_hold`.
fn dose_phrase(key: &str, sides: Option<Sides>, count: &str, words: &Words) -> String {
    let key = match sides {
        Some(Sides::Each) => format!("{key}_each_side"),
        Some(Sides::Alternating) => format!("{key}_alternating"),
        None => key.to_owned(),
    };
    words.text(&key).replace("{count}", count)
}

/// "Hold 5 seconds: this routine's choice. The exercise does not say how
/// long." for each number the routine chose where the exercise gives none.
pub fn choice_words(item: &RoutineItem, words: &Words) -> String {
    let dose = &item.dose;
    // Says each side, not how: the exercise's own dose says that.
    let sides = dose.sides.map(|_| Sides::Each);
    item.chosen
        .iter()
        .filter_map(|&key| {
            let n = key.of(dose)?;
            let (what, sentence) = match key {
                DoseKey::Reps => (
                    dose_phrase("dose_repeat", sides, &times(n, words), words),
                    "dose_choice_reps",
                ),
                DoseKey::HoldSeconds => (
                    dose_phrase("dose_hold", None, &seconds(n, words), words),
                    "dose_choice_hold",
                ),
                DoseKey::Sets => (count_word(words, "dose_sets", n), "dose_choice_sets"),
            };
            Some(words.text(sentence).replace("{dose}", &what))
        })
        .collect::<Vec<_>>()
        .join(&words.text("sentence_separator"))
}

/// The dose as short phrases a reader takes in at a glance.
pub fn dose_view(dose: &Dose, words: &Words) -> DoseView {
    let mut parts = Vec::new();
    match (dose.reps, dose.hold_seconds) {
        (Some(reps), hold) => {
            parts.push(dose_phrase(
                "dose_repeat",
                dose.sides,
                &times(reps, words),
                words,
            ));
            if let Some(h) = hold {
                parts.push(
                    words
                        .text("dose_and_hold")
                        .replace("{count}", &seconds(h, words)),
                );
            }
        }
        (None, Some(h)) => parts.push(dose_phrase(
            "dose_hold",
            dose.sides,
            &seconds(h, words),
            words,
        )),
        (None, None) => {}
    }
    if let Some(s) = dose.sets {
        parts.push(count_word(words, "dose_sets", s));
    }
    if let Some(d) = dose.per_day {
        parts.push(if d == Count::Exact(1) {
            words.text("dose_once_a_day")
        } else {
            count_word(words, "dose_times_a_day", d)
        });
    }
    let summary = capitalise(&parts.join(&words.text("dose_separator")));
    DoseView {
        summary,
        parts,
        note: dose.note.clone(),
    }
}

/// The text with its first letter a capital: a phrase that starts lower
/// case in a list ("once a day") starts the summary.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "About 5 minutes", "About 1 minute", "40 seconds": to the nearest
/// minute once a routine is a minute or longer.
pub fn duration_words(seconds: i64, words: &Words) -> String {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    if seconds < 60 {
        return words.count("duration_seconds", n(seconds));
    }
    words.count("duration_minutes", n(seconds.saturating_add(30) / 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_the_ends_and_the_neighbours() {
        let p = PaginationView::new(10, 20, 450..500, 1000);
        let shown: Vec<(usize, bool)> = p.pages.iter().map(|l| (l.number, l.gap)).collect();
        assert_eq!(
            shown,
            [
                (1, false),
                (8, true),
                (9, false),
                (10, false),
                (11, false),
                (12, false),
                (20, true)
            ]
        );
        assert_eq!((p.first, p.last), (451, 500));
        assert_eq!(p.prev.as_deref(), Some("page/9.html"));
        assert_eq!(p.next.as_deref(), Some("page/11.html"));
        let first = PaginationView::new(1, 3, 0..50, 120);
        assert_eq!(
            (first.prev, first.next.as_deref()),
            (None, Some("page/2.html"))
        );
        assert_eq!(first.pages.len(), 3);
        let last = PaginationView::new(3, 3, 100..120, 120);
        assert_eq!((last.first, last.last, last.next), (101, 120, None));
        assert_eq!(last.prev.as_deref(), Some("page/2.html"));
    }

    #[test]
    fn doses_read_as_words() {
        let en = &english();
        let d = Dose {
            reps: Some(Count::Exact(5)),
            hold_seconds: Some(Count::Range(3, 5)),
            ..Dose::default()
        };
        assert_eq!(
            dose_view(&d, en).summary,
            "Repeat 5 times \u{b7} hold 3\u{2013}5 seconds"
        );
        let d = Dose {
            reps: Some(Count::Range(10, 15)),
            sides: Some(Sides::Each),
            sets: Some(Count::Range(2, 3)),
            ..Dose::default()
        };
        assert_eq!(
            dose_view(&d, en).summary,
            "Repeat 10\u{2013}15 times on each side \u{b7} 2\u{2013}3 sets"
        );
        let d = Dose {
            hold_seconds: Some(Count::Exact(1)),
            per_day: Some(Count::Exact(1)),
            ..Dose::default()
        };
        assert_eq!(dose_view(&d, en).summary, "Hold 1 second \u{b7} once a day");
        assert_eq!(dose_view(&Dose::default(), en).summary, "");
        let d = Dose {
            hold_seconds: Some(Count::Exact(30)),
            sides: Some(Sides::Alternating),
            per_day: Some(Count::Range(2, 3)),
            ..Dose::default()
        };
        assert_eq!(
            dose_view(&d, en).summary,
            "Hold 30 seconds on each side, switching sides each time \u{b7} 2\u{2013}3 times a day"
        );
        assert_eq!(duration_words(40, en), "40 seconds");
        assert_eq!(duration_words(89, en), "About 1 minute");
        assert_eq!(duration_words(300, en), "About 5 minutes");
    }

    fn english() -> Words {
        crate::i18n::words_for(std::path::Path::new("/nonexistent"), "en")
            .expect("limber's own English words")
    }

    #[test]
    fn a_range_takes_the_form_of_its_largest_number() {
        let forms = |pairs: &[(&str, &str)]| {
            Word::Plural(
                pairs
                    .iter()
                    .map(|(c, f)| ((*c).to_owned(), (*f).to_owned()))
                    .collect(),
            )
        };
        let mut cy = Words {
            lang: "cy".to_owned(),
            ..Words::default()
        };
        cy.page.insert(
            "dose_sets".to_owned(),
            forms(&[
                ("one", "{n} set"),
                ("two", "{n} DWY"),
                ("other", "{n} o setiau"),
            ]),
        );
        assert_eq!(
            count_word(&cy, "dose_sets", Count::Range(1, 2)),
            "1\u{2013}2 DWY"
        );
        assert_eq!(count_word(&cy, "dose_sets", Count::Exact(1)), "1 set");
        assert_eq!(count_word(&cy, "dose_sets", Count::Exact(7)), "7 o setiau");
    }

    #[test]
    fn area_names() {
        assert_eq!(area_name("upper-back"), "Upper back");
    }
}
