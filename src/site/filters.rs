//! The data the home page's filters work on when its list is in pages.
//!
//! A list in pages has only its first page's cards in the home page, so
//! the filters cannot show and hide cards as they do on a short list: they
//! read every exercise from this script and make the cards they find. It
//! is a script rather than JSON because `fetch()` of a local file fails
//! under file://, and it is loaded only when the filters are first used, so
//! a reader who only reads never pays for it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::render::views::{ExerciseView, script_json};

/// The file, at the top of the output.
pub const FILTER_INDEX: &str = "filter-index.js";

/// One exercise: what its card shows and what the filters test, with the
/// names of its terms kept once in [`Names`].
#[derive(Serialize)]
struct Entry<'a> {
    /// Title, page (from the top of the site), summary, dose in words.
    t: &'a str,
    u: &'a str,
    s: &'a str,
    d: &'a str,
    /// Areas, positions, kind and level by slug.
    a: Vec<&'a str>,
    p: Vec<&'a str>,
    k: &'a str,
    l: &'a str,
    /// 1 when every position is on the floor.
    f: u8,
    /// How many pieces of equipment it needs, and their slugs when the
    /// guide declares its equipment (else none).
    q: usize,
    e: Vec<&'a str>,
}

/// Each term's display name, by slug.
#[derive(Serialize, Default)]
struct Names<'a> {
    area: BTreeMap<&'a str, &'a str>,
    position: BTreeMap<&'a str, &'a str>,
    kind: BTreeMap<&'a str, &'a str>,
    level: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct Data<'a> {
    names: Names<'a>,
    exercises: Vec<Entry<'a>>,
}

/// The script, for the exercises as the home page shows them.
pub fn filter_index<'a>(exercises: &'a [Arc<ExerciseView>]) -> Vec<u8> {
    let mut names = Names::default();
    let entries = exercises
        .iter()
        .map(|v| {
            names.kind.insert(&v.kind, &v.kind_label);
            names.level.insert(&v.level, &v.level_label);
            for a in &v.areas {
                names.area.insert(&a.slug, &a.name);
            }
            for p in &v.positions {
                names.position.insert(&p.slug, &p.name);
            }
            let words =
                |s: &'a str| -> Vec<&'a str> { s.split(' ').filter(|w| !w.is_empty()).collect() };
            Entry {
                t: &v.title,
                u: &v.url,
                s: &v.summary,
                d: if v.dose.summary.is_empty() {
                    v.dose.note.as_deref().unwrap_or_default()
                } else {
                    &v.dose.summary
                },
                a: words(&v.filter_areas),
                p: words(&v.filter_positions),
                k: &v.kind,
                l: &v.level,
                f: u8::from(v.floor_only),
                q: v.equipment.len(),
                e: words(&v.filter_equipment),
            }
        })
        .collect();
    let data = Data {
        names,
        exercises: entries,
    };
    format!(
        "/* limber filter data: generated, do not edit. */\nwindow.limberFilters = {};\n",
        script_json(&data)
    )
    .into_bytes()
}
