//! The guide as open data: `exercises.json`, every exercise with all its
//! typed fields and page addresses, described by a JSON Schema
//! (`exercises.schema.json`, kept in `docs/` and copied into every build).
//!
//! `limber export` prints the same bytes the build writes.

use serde::Serialize;

use crate::content::{Guide, LinkTarget, safe_relative};
use crate::date::{Date, PageDates};
use crate::model::{Count, Kind, Level, Position, Sides};
use crate::render::views::{Poses, Views, dose_view, exercise_views};
use crate::seo::absolute_url;

/// Raised when a change would break a reader of the file; additions (new
/// keys, routines filled in) keep it.
pub const FORMAT_VERSION: u32 = 1;

pub const FILE_NAME: &str = "exercises.json";
pub const SCHEMA_FILE_NAME: &str = "exercises.schema.json";

/// The JSON Schema of [`FILE_NAME`].
pub const SCHEMA: &str = include_str!("../docs/exercises.schema.json");

#[derive(Serialize)]
struct OpenData {
    version: u32,
    guide: GuideData,
    families: Vec<FamilyData>,
    areas: Vec<AreaData>,
    exercises: Vec<ExerciseData>,
    routines: Vec<RoutineData>,
}

#[derive(Serialize)]
struct RoutineData {
    slug: String,
    title: String,
    summary: String,
    order: Option<i64>,
    rest_seconds: i64,
    /// The estimate the routine's page shows, from the same timed plan the
    /// player runs.
    total_seconds: i64,
    items: Vec<RoutineItemData>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct RoutineItemData {
    exercise: String,
    /// The exercise's dose with the routine's override applied.
    dose: DoseData,
    rep_seconds: Option<i64>,
}

/// A Markdown text as written, and as the HTML of the page.
#[derive(Serialize)]
struct Text {
    markdown: String,
    html: String,
}

/// Where something is in the site: `url` from the site's top folder, and
/// the full address when the guide has a base URL.
#[derive(Serialize)]
struct Location {
    url: String,
    absolute_url: Option<String>,
}

#[derive(Serialize)]
struct GuideData {
    title: String,
    description: String,
    language: String,
    author: String,
    disclaimer: Text,
    base_url: Option<String>,
    updated: Option<Date>,
    reviewed_by: Option<String>,
    reviewed_on: Option<Date>,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct FamilyData {
    slug: String,
    title: String,
    description: Option<Text>,
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

#[derive(Serialize)]
struct SourceData {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct ExerciseData {
    slug: String,
    title: String,
    summary: String,
    aliases: Vec<String>,
    family: Option<String>,
    order: Option<i64>,
    kind: Kind,
    level: Level,
    areas: Vec<String>,
    positions: Vec<Position>,
    equipment: Vec<String>,
    dose: DoseData,
    introduction: Text,
    steps: Vec<Text>,
    tips: Vec<Text>,
    cautions: Vec<Text>,
    easier: Option<Text>,
    harder: Option<Text>,
    related: Vec<String>,
    image: Option<ImageData>,
    sources: Vec<SourceData>,
    /// As shown on the page: the exercise's own, or else the guide's.
    updated: Option<Date>,
    reviewed_by: Option<String>,
    reviewed_on: Option<Date>,
    #[serde(flatten)]
    location: Location,
}

/// `exercises.json`, pretty-printed, with a final newline.
pub fn to_json(guide: &Guide) -> String {
    let data = open_data(guide);
    // Plain structs of strings and numbers always serialize.
    let mut json = serde_json::to_string_pretty(&data).unwrap_or_default();
    json.push('\n');
    json
}

fn open_data(guide: &Guide) -> OpenData {
    let config = &guide.config;
    let base = config.base_url.as_deref();
    let at = |path: &str| Location {
        url: path.to_owned(),
        absolute_url: base.map(|b| absolute_url(b, path)),
    };
    // Links inside the HTML go from the site's top folder, or are absolute
    // when the guide has an address: the way a reader of the file needs them.
    let links = LinkTarget::new(&guide.sources);
    // Drawings are not part of the data: skip them.
    let root = base.unwrap_or("");
    let views = Views::with_exercises(
        guide,
        &links,
        root,
        exercise_views(guide, &links, root, Poses::Skip).into(),
    );
    let text = |markdown: &str, html: &str| Text {
        markdown: markdown.to_owned(),
        html: html.to_owned(),
    };

    let exercises = guide
        .exercises
        .iter()
        .zip(views.exercises.iter())
        .map(|(ex, view)| {
            let dates = PageDates::of_exercise(config, ex);
            ExerciseData {
                slug: ex.slug.clone(),
                title: ex.title.clone(),
                summary: ex.summary.clone(),
                aliases: ex.aliases.clone(),
                family: ex.family.clone(),
                order: ex.order,
                kind: ex.kind,
                level: ex.level,
                areas: ex.areas.clone(),
                positions: ex.positions.clone(),
                equipment: ex.equipment.clone(),
                dose: dose(&ex.dose),
                introduction: text(&ex.introduction, &view.intro_html),
                steps: zip_text(&ex.steps, &view.steps_html),
                tips: zip_text(&ex.tips, &view.tips_html),
                cautions: zip_text(&ex.cautions, &view.cautions_html),
                easier: ex
                    .easier
                    .as_deref()
                    .zip(view.easier_html.as_deref())
                    .map(|(m, h)| text(m, h)),
                harder: ex
                    .harder
                    .as_deref()
                    .zip(view.harder_html.as_deref())
                    .map(|(m, h)| text(m, h)),
                related: ex.related.clone(),
                image: ex.image.as_ref().and_then(|img| {
                    safe_relative(&img.src).map(|src| ImageData {
                        alt: img.alt.clone(),
                        location: at(&src),
                    })
                }),
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
                location: at(&view.url),
            }
        })
        .collect();

    OpenData {
        version: FORMAT_VERSION,
        guide: GuideData {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            author: config.author.clone(),
            disclaimer: text(config.disclaimer_markdown(), &views.guide.disclaimer_html),
            base_url: config.base_url.clone(),
            updated: config.updated,
            reviewed_by: config.reviewed_by.clone(),
            reviewed_on: config.reviewed_on,
            location: at("index.html"),
        },
        families: views
            .families
            .iter()
            .map(|f| FamilyData {
                slug: f.slug.clone(),
                title: f.title.clone(),
                description: config
                    .families
                    .get(&f.slug)
                    .and_then(|fam| fam.description.as_deref())
                    .map(|m| text(m, &f.description_html)),
                location: at(&f.url),
            })
            .collect(),
        areas: views
            .areas
            .iter()
            .map(|a| AreaData {
                slug: a.slug.clone(),
                name: a.name.clone(),
                location: at(&a.url),
            })
            .collect(),
        exercises,
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
                        dose: dose(&i.dose),
                        rep_seconds: i.rep_seconds,
                    })
                    .collect(),
                location: at(&crate::render::views::routine_url(&r.slug)),
            })
            .collect(),
    }
}

fn zip_text(markdown: &[String], html: &[String]) -> Vec<Text> {
    markdown
        .iter()
        .zip(html)
        .map(|(m, h)| Text {
            markdown: m.clone(),
            html: h.clone(),
        })
        .collect()
}

fn dose(d: &crate::model::Dose) -> DoseData {
    DoseData {
        reps: d.reps.map(Range::from),
        sets: d.sets.map(Range::from),
        hold_seconds: d.hold_seconds.map(Range::from),
        sides: d.sides,
        per_day: d.per_day.map(Range::from),
        note: d.note.clone(),
        summary: dose_view(d).summary,
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
