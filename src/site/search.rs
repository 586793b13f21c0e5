//! The search index every page loads.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Exercise, Guide, GuideConfig, Vocabulary};
use crate::render::views::{ExerciseView, RoutineView, script_json};

/// The search data, as a script: pages load it with a `<script>` tag
/// because a `fetch()` of a local JSON file fails under file://.
pub const SEARCH_INDEX: &str = "search-index.js";

/// The words of an exercise's steps that search looks in, each once, and
/// the names of its terms from the vocabularies the guide declares (a
/// library's "plyometrics" or "barbell"; the built-in terms are not added,
/// so a guide that keeps them keeps its index).
pub fn words(exercise: &Exercise, config: &GuideConfig) -> String {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |vocab: Option<&Vocabulary>, slugs: &[String]| {
        if let Some(v) = vocab.filter(|v| v.declared) {
            terms.extend(slugs.iter().map(|s| v.title(s)));
        }
    };
    add(Some(&config.kinds), std::slice::from_ref(&exercise.kind));
    add(Some(&config.levels), std::slice::from_ref(&exercise.level));
    add(Some(&config.areas), &exercise.areas);
    add(Some(&config.positions), &exercise.positions);
    add(config.equipment.as_ref(), &exercise.equipment);
    distinct_words(
        exercise
            .steps
            .iter()
            .map(|s| crate::markdown::plain_text(s))
            .chain(terms),
    )
}

/// `words` holds [`words`] of each exercise.
pub fn search_index(
    guide: &Guide,
    exercises: &[std::sync::Arc<ExerciseView>],
    words: &[String],
    routines: &[RoutineView],
) -> Vec<u8> {
    #[derive(Serialize)]
    struct Entry<'a> {
        /// Title, aliases, summary, steps: the fields search weighs, in order.
        t: &'a str,
        a: String,
        s: &'a str,
        x: String,
        u: &'a str,
        k: &'static str,
    }
    let mut entries: Vec<Entry> = guide
        .exercises
        .par_iter()
        .zip(exercises)
        .zip(words)
        .map(|((e, v), x)| Entry {
            t: &v.title,
            a: e.aliases.join(" \u{b7} "),
            s: &v.summary,
            x: x.clone(),
            u: &v.url,
            k: "Exercise",
        })
        .collect();
    for r in routines {
        entries.push(Entry {
            t: &r.title,
            a: String::new(),
            s: &r.summary,
            x: r.items
                .iter()
                .map(|i| i.title.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            u: &r.url,
            k: "Routine",
        });
    }
    format!(
        "/* limber search index: generated, do not edit. */\nwindow.limberSearch = {};\n",
        script_json(&entries)
    )
    .into_bytes()
}

/// Each word of `texts` once, lowercased, in order of first use: search
/// matches words, so sentences would only make every page's download larger.
fn distinct_words(texts: impl Iterator<Item = String>) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let word = word.to_lowercase();
            // One- and two-letter words ("a", "up") match too much to help.
            if word.chars().count() > 2 && seen.insert(word.clone()) {
                out.push(word);
            }
        }
    }
    out.join(" ")
}
