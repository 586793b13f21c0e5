//! What templates see: the model turned into display-ready values (labels,
//! URLs, HTML from Markdown, the dose in words), built once per build.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::{Guide, LinkTarget, may_hold_internal_link};
use crate::markdown::{inline_html, to_html};
use crate::model::{Count, Dose, Exercise, Sides};

#[derive(Debug, Clone, Serialize)]
pub struct GuideView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub author: String,
    pub disclaimer_html: String,
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub count: usize,
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

#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
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
    pub image: Option<ImageView>,
    pub sources: Vec<SourceView>,
}

/// Adds `$field` of `$view` to `$map` when `$keep` says so, for each field.
macro_rules! fields_kept {
    ($view:ident, $keep:ident, $map:ident; $($field:ident),* $(,)?) => {
        $(
            if $keep(stringify!($field)) {
                $map.insert(
                    stringify!($field).to_owned(),
                    serde_json::to_value(&$view.$field).unwrap_or_default(),
                );
            }
        )*
    };
}

impl ExerciseView {
    /// This view as a template value with only the fields `keep` names: a
    /// list page needs a card's worth of each exercise, and turning the
    /// rest into template values is most of what a large list costs.
    /// With `keep` always true this is exactly the serialized view.
    pub fn to_value_with(&self, keep: &dyn Fn(&str) -> bool) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        // Every field, in declaration order; a test checks none is missing.
        fields_kept!(self, keep, map;
            slug, title, summary, url, aliases, family, kind, kind_label, level,
            level_label, areas, positions, equipment, dose, intro_html, steps_html,
            tips_html, cautions_html, easier_html, harder_html, related, image, sources,
        );
        serde_json::Value::Object(map)
    }
}

/// Everything templates may show, for pages at one depth: links in the HTML
/// are relative to `root`.
#[derive(Debug, Clone, Serialize)]
pub struct Views {
    pub root: String,
    pub guide: GuideView,
    pub areas: Vec<AreaView>,
    pub families: Vec<FamilyView>,
    pub exercises: Vec<ExerciseView>,
    pub index_title: String,
    pub intro_html: String,
}

pub fn area_name(slug: &str) -> String {
    let spaced = slug.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
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

impl Views {
    pub fn new(guide: &Guide, links: &LinkTarget, root: &str) -> Views {
        let mut views = Views::common(guide, links, root);
        let titles = titles_by_slug(guide);
        // Each view is independent, and Markdown is most of the work.
        views.exercises = guide
            .exercises
            .par_iter()
            .map(|e| exercise_view(e, guide, &titles, links, root))
            .collect();
        views
    }

    /// The same views for pages at another depth. Only Markdown with an
    /// `@/` link comes out differently at another `root`, so only the
    /// exercises that may have one are rendered again; the rest are copied.
    pub fn at_root(&self, guide: &Guide, links: &LinkTarget, root: &str) -> Views {
        let mut views = Views::common(guide, links, root);
        views.exercises = self
            .exercises_at_root(guide, links, root)
            .into_iter()
            .map(Cow::into_owned)
            .collect();
        views
    }

    /// The exercises as pages at another `root` see them, without copying:
    /// the views of this depth where they come out the same (no `@/` link),
    /// new ones where they may not.
    pub fn exercises_at_root<'a>(
        &'a self,
        guide: &Guide,
        links: &LinkTarget,
        root: &str,
    ) -> Vec<Cow<'a, ExerciseView>> {
        let titles = titles_by_slug(guide);
        guide
            .exercises
            .par_iter()
            .zip(&self.exercises)
            .map(|(e, view)| {
                if may_link(e) {
                    Cow::Owned(exercise_view(e, guide, &titles, links, root))
                } else {
                    Cow::Borrowed(view)
                }
            })
            .collect()
    }

    /// Everything but the exercises: what the frame of every page needs
    /// (and all that `404.html` gets).
    pub fn common(guide: &Guide, links: &LinkTarget, root: &str) -> Views {
        let config = &guide.config;
        let md = |s: &str| to_html(s, links, root);

        let areas = config
            .areas
            .iter()
            .map(|slug| AreaView {
                slug: slug.clone(),
                name: area_name(slug),
                url: area_url(slug),
                count: guide
                    .exercises
                    .iter()
                    .filter(|e| e.areas.contains(slug))
                    .count(),
            })
            .filter(|a| a.count > 0)
            .collect();
        let families = config
            .families
            .iter()
            .map(|(slug, f)| FamilyView {
                slug: slug.clone(),
                title: f.title.clone(),
                description_html: f.description.as_deref().map(md).unwrap_or_default(),
                url: family_url(slug),
                count: guide
                    .exercises
                    .iter()
                    .filter(|e| e.family.as_deref() == Some(slug))
                    .count(),
            })
            .filter(|f| f.count > 0)
            .collect();

        Views {
            root: root.to_owned(),
            guide: GuideView {
                title: config.title.clone(),
                description: config.description.clone(),
                language: config.language.clone(),
                author: config.author.clone(),
                disclaimer_html: md(config.disclaimer_markdown()),
                base_url: config.base_url.clone(),
            },
            areas,
            families,
            exercises: Vec::new(),
            index_title: guide.index.title.clone(),
            intro_html: md(&guide.index.body),
        }
    }

    pub fn exercises_where(
        &self,
        keep: impl Fn(&Exercise) -> bool,
        model: &[Exercise],
    ) -> Vec<&ExerciseView> {
        model
            .iter()
            .zip(&self.exercises)
            .filter(|(e, _)| keep(e))
            .map(|(_, v)| v)
            .collect()
    }
}

fn titles_by_slug(guide: &Guide) -> HashMap<&str, &str> {
    guide
        .exercises
        .iter()
        .map(|e| (e.slug.as_str(), e.title.as_str()))
        .collect()
}

/// Whether any of the exercise's Markdown may hold an `@/` link, the only
/// thing rendered differently at another depth.
fn may_link(e: &Exercise) -> bool {
    std::iter::once(&e.introduction)
        .chain(&e.steps)
        .chain(&e.tips)
        .chain(&e.cautions)
        .chain(&e.easier)
        .chain(&e.harder)
        .any(|t| may_hold_internal_link(t))
}

/// One exercise for pages whose path to the site root is `root`.
fn exercise_view(
    e: &Exercise,
    guide: &Guide,
    titles: &HashMap<&str, &str>,
    links: &LinkTarget,
    root: &str,
) -> ExerciseView {
    let config = &guide.config;
    let md = |s: &str| to_html(s, links, root);
    let inline = |s: &str| inline_html(s, links, root);
    ExerciseView {
        slug: e.slug.clone(),
        title: e.title.clone(),
        summary: e.summary.clone(),
        url: exercise_url(&e.slug),
        aliases: e.aliases.clone(),
        family: e.family.as_ref().map(|slug| LinkView {
            slug: slug.clone(),
            title: config
                .families
                .get(slug)
                .map(|f| f.title.clone())
                .unwrap_or_default(),
            url: family_url(slug),
        }),
        kind: serde_plain(&e.kind),
        kind_label: e.kind.label().to_owned(),
        level: serde_plain(&e.level),
        level_label: e.level.label().to_owned(),
        areas: e
            .areas
            .iter()
            .map(|a| AreaRef {
                slug: a.clone(),
                name: area_name(a),
                url: area_url(a),
            })
            .collect(),
        positions: e
            .positions
            .iter()
            .map(|p| NamedView {
                slug: p.slug().to_owned(),
                name: p.label().to_owned(),
            })
            .collect(),
        equipment: e.equipment.clone(),
        dose: dose_view(&e.dose),
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
                    .map(|t| (*t).to_owned())
                    .unwrap_or_default(),
                url: exercise_url(slug),
            })
            .collect(),
        image: e.image.as_ref().map(|i| ImageView {
            src: crate::content::safe_relative(&i.src).unwrap_or_default(),
            alt: i.alt.clone(),
        }),
        sources: e
            .sources
            .iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect(),
    }
}

/// The name serde gives a unit enum variant (`all-fours`).
fn serde_plain<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn times(c: Count) -> String {
    if c == Count::Exact(1) {
        "once".to_owned()
    } else {
        format!("{} times", c.words())
    }
}

fn seconds(c: Count) -> String {
    format!("{} second{}", c.words(), if c.is_one() { "" } else { "s" })
}

/// The dose as short phrases a reader takes in at a glance.
pub fn dose_view(dose: &Dose) -> DoseView {
    let mut parts = Vec::new();
    let side_words = match dose.sides {
        Some(Sides::Each) => " on each side",
        Some(Sides::Alternating) => " on each side, switching sides each time",
        None => "",
    };
    match (dose.reps, dose.hold_seconds) {
        (Some(reps), hold) => {
            parts.push(format!("Repeat {}{side_words}", times(reps)));
            if let Some(h) = hold {
                parts.push(format!("hold {}", seconds(h)));
            }
        }
        (None, Some(h)) => parts.push(format!("Hold {}{side_words}", seconds(h))),
        (None, None) => {}
    }
    if let Some(s) = dose.sets {
        parts.push(format!(
            "{} set{}",
            s.words(),
            if s.is_one() { "" } else { "s" }
        ));
    }
    if let Some(d) = dose.per_day {
        parts.push(if d == Count::Exact(1) {
            "once a day".to_owned()
        } else {
            format!("{} a day", times(d))
        });
    }
    let mut summary = parts.join(" \u{b7} ");
    if let Some(first) = summary.get(..1) {
        summary = first.to_uppercase() + &summary[1..];
    }
    DoseView {
        summary,
        parts,
        note: dose.note.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doses_read_as_words() {
        let d = Dose {
            reps: Some(Count::Exact(5)),
            hold_seconds: Some(Count::Range(3, 5)),
            ..Dose::default()
        };
        assert_eq!(
            dose_view(&d).summary,
            "Repeat 5 times \u{b7} hold 3\u{2013}5 seconds"
        );
        let d = Dose {
            reps: Some(Count::Range(10, 15)),
            sides: Some(Sides::Each),
            sets: Some(Count::Range(2, 3)),
            ..Dose::default()
        };
        assert_eq!(
            dose_view(&d).summary,
            "Repeat 10\u{2013}15 times on each side \u{b7} 2\u{2013}3 sets"
        );
        let d = Dose {
            hold_seconds: Some(Count::Exact(1)),
            per_day: Some(Count::Exact(1)),
            ..Dose::default()
        };
        assert_eq!(dose_view(&d).summary, "Hold 1 second \u{b7} once a day");
        assert_eq!(dose_view(&Dose::default()).summary, "");
    }

    #[test]
    fn a_view_with_every_field_kept_is_the_serialized_view() {
        let dir = tempfile::tempdir().expect("temp dir");
        crate::synthetic::write_guide(dir.path(), 4).expect("guide");
        let (guide, _) = crate::content::load(dir.path());
        let guide = guide.expect("loads");
        let views = Views::new(&guide, &LinkTarget::new(&guide.sources), "../");
        for view in &views.exercises {
            assert_eq!(
                view.to_value_with(&|_| true),
                serde_json::to_value(view).expect("json"),
                "ExerciseView::to_value_with must list every field"
            );
        }
        let card = views.exercises[0].to_value_with(&|f| f == "title");
        assert_eq!(card.as_object().map(|m| m.len()), Some(1));
    }

    #[test]
    fn area_names() {
        assert_eq!(area_name("upper-back"), "Upper back");
    }
}
