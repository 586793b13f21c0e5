//! The guide as open data: `exercises.json`, every exercise with all its
//! typed fields and page addresses, described by a JSON Schema
//! (`exercises.schema.json`, kept in `docs/` and copied into every build).
//!
//! `limber export` prints the same bytes the build writes.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use crate::date::Date;
use crate::markdown::{inline_html, may_hold_internal_link, to_html};
use crate::model::{
    Count, Exercise, Guide, LinkTarget, PageDates, Sides, VocabularyName, safe_relative,
};
use crate::render::views::{
    ExerciseView, Poses, area_url, dose_view, exercise_views, family_url, position_url,
    routine_url, term_url,
};
use crate::seo::absolute_url;

/// Raised when a change would break a reader of the file; additions (new
/// keys, routines filled in) keep it.
pub const FORMAT_VERSION: u32 = 1;

pub const FILE_NAME: &str = "exercises.json";
pub const SCHEMA_FILE_NAME: &str = "exercises.schema.json";

/// The JSON Schema of [`FILE_NAME`].
pub const SCHEMA: &str = include_str!("../docs/exercises.schema.json");

#[derive(Serialize)]
struct OpenData<'g> {
    version: u32,
    guide: GuideData<'g>,
    families: Vec<FamilyData<'g>>,
    areas: Vec<AreaData>,
    /// Always empty: the exercises are serialized on their own, in
    /// parallel, and put in its place.
    exercises: [(); 0],
    routines: Vec<RoutineData<'g>>,
    /// The vocabularies guide.toml declares, each with the terms that
    /// exercises use; absent for a vocabulary left to limber's defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    kinds: Option<Vec<TermData<'g>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    levels: Option<Vec<TermData<'g>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    positions: Option<Vec<TermData<'g>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    equipment: Option<Vec<TermData<'g>>>,
}

/// A term of a declared vocabulary, and its list page.
#[derive(Serialize)]
struct TermData<'g> {
    slug: &'g str,
    title: &'g str,
    description: Option<Text<'g>>,
    /// Positions only: whether it is floor work.
    #[serde(skip_serializing_if = "Option::is_none")]
    floor: Option<bool>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct RoutineData<'g> {
    slug: String,
    title: String,
    summary: String,
    order: Option<i64>,
    rest_seconds: i64,
    /// The estimate the routine's page shows, from the same timed plan the
    /// player runs.
    total_seconds: i64,
    items: Vec<RoutineItemData<'g>>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct RoutineItemData<'g> {
    exercise: String,
    /// The exercise's dose with the routine's override applied.
    dose: DoseData,
    rep_seconds: Option<i64>,
    holds: i64,
    chosen: &'g [crate::model::DoseKey],
}

/// A Markdown text as written, and as the HTML of the page.
#[derive(Serialize)]
struct Text<'a> {
    markdown: Cow<'a, str>,
    html: Cow<'a, str>,
}

/// Where something is in the site: `url` from the site's top folder, and
/// the full address when the guide has a base URL.
#[derive(Serialize)]
struct Location {
    url: String,
    absolute_url: Option<String>,
}

#[derive(Serialize)]
struct GuideData<'g> {
    title: String,
    description: String,
    language: String,
    author: String,
    disclaimer: Text<'g>,
    base_url: Option<String>,
    updated: Option<Date>,
    reviewed_by: Option<String>,
    reviewed_on: Option<Date>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct FamilyData<'g> {
    slug: String,
    title: String,
    description: Option<Text<'g>>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct AreaData {
    slug: String,
    name: String,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct Range {
    min: i64,
    max: i64,
}

impl From<Count> for Range {
    fn from(c: Count) -> Range {
        Range {
            min: c.min(),
            max: c.max(),
        }
    }
}

#[derive(Serialize)]
struct DoseData {
    reps: Option<Range>,
    sets: Option<Range>,
    hold_seconds: Option<Range>,
    sides: Option<Sides>,
    per_day: Option<Range>,
    note: Option<String>,
    /// The numbers in words, as on the page ("" when there are none).
    summary: String,
}

#[derive(Serialize)]
struct ImageData {
    alt: String,
    #[serde(flatten)]
    location: Location,
}

/// A picture of `images`: where its file is, its words, and its size.
#[derive(Serialize)]
struct PictureData {
    alt: String,
    #[serde(flatten)]
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    licence: Option<String>,
    /// As shown (EXIF orientation applied); left out for an SVG drawing.
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    height: Option<u32>,
}

#[derive(Serialize)]
struct VideoData {
    #[serde(flatten)]
    location: Location,
    poster: Option<Location>,
    captions: Option<Location>,
}

#[derive(Serialize)]
struct SourceData {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct ExerciseData<'a> {
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    aliases: &'a [String],
    family: Option<&'a str>,
    order: Option<i64>,
    kind: &'a str,
    level: &'a str,
    areas: &'a [String],
    positions: &'a [String],
    equipment: &'a [String],
    dose: DoseData,
    switch: crate::model::Switch,
    introduction: Text<'a>,
    steps: Vec<Text<'a>>,
    tips: Vec<Text<'a>>,
    cautions: Vec<Text<'a>>,
    easier: Option<Text<'a>>,
    harder: Option<Text<'a>>,
    related: &'a [String],
    image: Option<ImageData>,
    /// Added fields, left out when empty so that a guide without pictures
    /// gives the same data as before they existed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    images: Vec<PictureData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<VideoData>,
    /// The smallest copy of the first picture, from the site's top folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    thumb: Option<String>,
    sources: Vec<SourceData>,
    /// As shown on the page: the exercise's own, or else the guide's.
    updated: Option<Date>,
    reviewed_by: Option<String>,
    reviewed_on: Option<Date>,
    #[serde(flatten)]
    location: Location,
}

/// `exercises.json`, pretty-printed, with a final newline, for `limber
/// export`; a build makes the same bytes from the views of its pages
/// ([`exercise_json`], [`assemble`]).
pub fn to_json(guide: &Guide) -> String {
    let links = LinkTarget::new(&guide.sources);
    // Drawings are not part of the data: skip them.
    let views = exercise_views(guide, &links, export_root(guide), Poses::Skip);
    let exercises: Vec<String> = guide
        .exercises
        .par_iter()
        .zip(views.par_iter())
        .map(|(ex, view)| exercise_json(guide, ex, view, &links))
        .collect();
    assemble(guide, &exercises)
}

/// One exercise's entry in [`FILE_NAME`], as it sits in the file. `view`
/// may have been made for pages at any depth: its HTML is used as it is
/// wherever the text has no link whose address depends on the depth.
pub fn exercise_json(
    guide: &Guide,
    ex: &Exercise,
    view: &ExerciseView,
    links: &LinkTarget,
) -> String {
    let data = exercise_data(guide, ex, view, links, export_root(guide));
    // Plain structs of strings and numbers always serialize.
    let json = serde_json::to_string_pretty(&data).unwrap_or_default();
    // Each sits two levels in: inside the top object's array.
    json.replace('\n', "\n    ")
}

/// [`FILE_NAME`] around the entries [`exercise_json`] made, in order.
pub fn assemble(guide: &Guide, exercises: &[impl AsRef<str>]) -> String {
    let links = LinkTarget::new(&guide.sources);
    let root = export_root(guide);
    let top = serde_json::to_string_pretty(&open_data(guide, &links, root)).unwrap_or_default();
    // JSON strings hold no raw line breaks, so this key at this indent is
    // the top object's own.
    const EMPTY: &str = "\n  \"exercises\": [],";
    let mut json = String::with_capacity(
        top.len()
            + exercises
                .iter()
                .map(|e| e.as_ref().len() + 6)
                .sum::<usize>()
            + 16,
    );
    match top.split_once(EMPTY) {
        Some((before, after)) if !exercises.is_empty() => {
            json.push_str(before);
            json.push_str("\n  \"exercises\": [");
            for (i, e) in exercises.iter().enumerate() {
                json.push_str(if i == 0 { "\n    " } else { ",\n    " });
                json.push_str(e.as_ref());
            }
            json.push_str("\n  ],");
            json.push_str(after);
        }
        _ => json.push_str(&top),
    }
    json.push('\n');
    json
}

/// Links inside the HTML go from the site's top folder, or are absolute
/// when the guide has an address: the way a reader of the file needs them.
fn export_root(guide: &Guide) -> &str {
    guide.config.base_url.as_deref().unwrap_or("")
}

/// A page's place: from the file's folder (a language's own), and from
/// the site's address.
fn location(guide: &Guide, path: &str) -> Location {
    let up = guide.lang.assets_from("");
    let from_top = match path.strip_prefix(up.as_str()).filter(|_| !up.is_empty()) {
        // An untranslated exercise's page, in the default language.
        Some(top) => top.to_owned(),
        None => format!("{}{path}", guide.lang.prefix),
    };
    Location {
        url: path.to_owned(),
        absolute_url: guide
            .config
            .base_url
            .as_deref()
            .map(|b| absolute_url(b, &from_top)),
    }
}

/// A file of static/: at the site's top, whatever the language.
fn asset_location(guide: &Guide, path: &str) -> Location {
    Location {
        url: format!("{}{path}", guide.lang.assets_from("")),
        absolute_url: guide
            .config
            .base_url
            .as_deref()
            .map(|b| absolute_url(b, path)),
    }
}

/// `markdown` with its HTML for the file: `html`, made for a page of any
/// depth, unless the text may hold a link whose address depends on it.
fn text<'a>(markdown: &'a str, html: &'a str, render: impl FnOnce(&str) -> String) -> Text<'a> {
    Text {
        markdown: Cow::Borrowed(markdown),
        html: if may_hold_internal_link(markdown) {
            Cow::Owned(render(markdown))
        } else {
            Cow::Borrowed(html)
        },
    }
}

fn exercise_data<'a>(
    guide: &Guide,
    ex: &'a Exercise,
    view: &'a ExerciseView,
    links: &LinkTarget,
    root: &str,
) -> ExerciseData<'a> {
    let dates = PageDates::of_exercise(&guide.config, ex);
    let inline = |m: &str| inline_html(m, links, root);
    let texts = |markdown: &'a [String], html: &'a [String]| -> Vec<Text<'a>> {
        markdown
            .iter()
            .zip(html)
            .map(|(m, h)| text(m, h, inline))
            .collect()
    };
    let optional = |m: &'a Option<String>, h: &'a Option<String>| {
        m.as_deref()
            .zip(h.as_deref())
            .map(|(m, h)| text(m, h, inline))
    };
    ExerciseData {
        slug: &ex.slug,
        title: &ex.title,
        summary: &ex.summary,
        aliases: &ex.aliases,
        family: ex.family.as_deref(),
        order: ex.order,
        kind: &ex.kind,
        level: &ex.level,
        areas: &ex.areas,
        positions: &ex.positions,
        equipment: &ex.equipment,
        switch: ex.switch,
        dose: dose(&ex.dose, &guide.lang.words),
        introduction: text(&ex.introduction, &view.intro_html, |m| {
            to_html(m, links, root)
        }),
        steps: texts(&ex.steps, &view.steps_html),
        tips: texts(&ex.tips, &view.tips_html),
        cautions: texts(&ex.cautions, &view.cautions_html),
        easier: optional(&ex.easier, &view.easier_html),
        harder: optional(&ex.harder, &view.harder_html),
        related: &ex.related,
        image: ex.images.first().and_then(|img| {
            safe_relative(&img.src).map(|src| ImageData {
                alt: img.alt.clone(),
                location: asset_location(guide, &src),
            })
        }),
        images: ex
            .images
            .iter()
            .filter_map(|img| {
                let src = safe_relative(&img.src)?;
                let p = img.picture.as_ref();
                Some(PictureData {
                    alt: img.alt.clone(),
                    location: asset_location(guide, &src),
                    caption: img.caption.clone(),
                    credit: img.credit.clone(),
                    licence: img.licence.clone(),
                    width: p.map(|p| p.width),
                    height: p.map(|p| p.height),
                })
            })
            .collect(),
        video: ex.video.as_ref().and_then(|v| {
            let at = |s: &str| safe_relative(s).map(|s| asset_location(guide, &s));
            Some(VideoData {
                location: at(&v.src)?,
                poster: v.poster.as_deref().and_then(at),
                captions: v.captions.as_deref().and_then(at),
            })
        }),
        thumb: view.thumb.as_ref().map(|t| t.src.clone()),
        sources: ex
            .sources
            .iter()
            .map(|s| SourceData {
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect(),
        updated: dates.updated,
        reviewed_by: dates.reviewed_by,
        reviewed_on: dates.reviewed_on,
        location: location(guide, &view.url),
    }
}

fn open_data<'g>(guide: &'g Guide, links: &LinkTarget, root: &str) -> OpenData<'g> {
    let config = &guide.config;
    let at = |path: &str| location(guide, path);
    let made = |markdown: Cow<'g, str>| Text {
        html: Cow::Owned(to_html(&markdown, links, root)),
        markdown,
    };
    let counted = |n: usize| n > 0;
    let terms = |name: VocabularyName| -> Option<Vec<TermData<'g>>> {
        let vocab = config.vocabulary(name).filter(|v| v.declared)?;
        let used = |slug: &str| {
            guide.exercises.iter().any(|e| match name {
                VocabularyName::Areas => e.areas.iter().any(|a| a == slug),
                VocabularyName::Kinds => e.kind == slug,
                VocabularyName::Levels => e.level == slug,
                VocabularyName::Positions => e.positions.iter().any(|p| p == slug),
                VocabularyName::Equipment => e.equipment.iter().any(|q| q == slug),
            })
        };
        Some(
            vocab
                .terms()
                .iter()
                .filter(|t| used(&t.slug))
                .map(|t| TermData {
                    slug: &t.slug,
                    title: &t.title,
                    description: t.description.as_deref().map(|d| made(Cow::Borrowed(d))),
                    floor: (name == VocabularyName::Positions).then(|| t.is_floor()),
                    location: at(&match name {
                        VocabularyName::Positions => position_url(&t.slug),
                        _ => term_url(name.key(), &t.slug),
                    }),
                })
                .collect(),
        )
    };
    OpenData {
        kinds: terms(VocabularyName::Kinds),
        levels: terms(VocabularyName::Levels),
        positions: terms(VocabularyName::Positions),
        equipment: terms(VocabularyName::Equipment),
        version: FORMAT_VERSION,
        guide: GuideData {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            author: config.author.clone(),
            disclaimer: made(config.disclaimer_markdown_in(Some(&guide.lang.words))),
            base_url: config.base_url.clone(),
            updated: config.updated,
            reviewed_by: config.reviewed_by.clone(),
            reviewed_on: config.reviewed_on,
            location: at("index.html"),
        },
        // As on the pages: only the families and areas that have exercises.
        families: config
            .families
            .iter()
            .filter(|(slug, _)| {
                counted(
                    guide
                        .exercises
                        .iter()
                        .filter(|e| e.family.as_deref() == Some(slug.as_str()))
                        .count(),
                )
            })
            .map(|(slug, f)| FamilyData {
                slug: slug.clone(),
                title: f.title.clone(),
                description: f.description.as_deref().map(|d| made(Cow::Borrowed(d))),
                location: at(&family_url(slug)),
            })
            .collect(),
        areas: config
            .areas
            .terms()
            .iter()
            .filter(|t| {
                counted(
                    guide
                        .exercises
                        .iter()
                        .filter(|e| e.areas.contains(&t.slug))
                        .count(),
                )
            })
            .map(|t| (&t.slug, t))
            .map(|(slug, t)| AreaData {
                slug: slug.clone(),
                name: t.title.clone(),
                location: at(&area_url(slug)),
            })
            .collect(),
        exercises: [],
        routines: guide
            .routines
            .iter()
            .map(|r| RoutineData {
                slug: r.slug.clone(),
                title: r.title.clone(),
                summary: r.summary.clone(),
                order: r.order,
                rest_seconds: r.rest_seconds,
                total_seconds: crate::timing::total_seconds(&crate::timing::plan(r)),
                items: r
                    .items
                    .iter()
                    .map(|i| RoutineItemData {
                        exercise: i.exercise.clone(),
                        dose: dose(&i.dose, &guide.lang.words),
                        rep_seconds: i.rep_seconds,
                        holds: i.holds,
                        chosen: &i.chosen,
                    })
                    .collect(),
                location: at(&routine_url(&r.slug)),
            })
            .collect(),
    }
}

fn dose(d: &crate::model::Dose, words: &crate::i18n::Words) -> DoseData {
    DoseData {
        reps: d.reps.map(Range::from),
        sets: d.sets.map(Range::from),
        hold_seconds: d.hold_seconds.map(Range::from),
        sides: d.sides,
        per_day: d.per_day.map(Range::from),
        note: d.note.clone(),
        summary: dose_view(d, words).summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_json_and_names_the_version() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
        assert_eq!(
            schema["properties"]["version"]["const"],
            serde_json::json!(FORMAT_VERSION)
        );
    }
}
