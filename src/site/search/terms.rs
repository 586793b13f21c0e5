//! The guide's vocabularies as search sees them: each term an exercise is
//! tagged with, under every name a reader may type for it.
//!
//! A reader types "sitting", "on a chair" or "lying down", not the slug
//! `seated`; the synonyms `check` suggests from are the same words, so
//! what an author is told to write and what a reader finds agree.

use std::collections::HashMap;

use crate::model::{Exercise, Guide, VocabularyName};
use crate::suggest::synonyms_of;

/// What an exercise with no equipment is found by, as the index page's
/// "No equipment needed" filter finds it.
const NO_EQUIPMENT: &[&str] = &[
    "No equipment",
    "without equipment",
    "equipment free",
    "no kit",
];

/// The terms in use, each as its label then its other names, and the
/// terms of each exercise, as numbers into that list.
pub struct Terms {
    pub names: Vec<Vec<String>>,
    pub of_exercise: Vec<Vec<u32>>,
}

/// Numbers terms in the order they are first met, keyed by vocabulary.
#[derive(Default)]
struct Numbering {
    names: Vec<Vec<String>>,
    ids: HashMap<(&'static str, String), u32>,
}

impl Numbering {
    fn id(
        &mut self,
        vocabulary: &'static str,
        slug: &str,
        names: impl FnOnce() -> Vec<String>,
    ) -> u32 {
        let key = (vocabulary, slug.to_owned());
        if let Some(&id) = self.ids.get(&key) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(names());
        self.ids.insert(key, id);
        id
    }
}

pub fn terms(guide: &Guide) -> Terms {
    let mut numbering = Numbering::default();
    let of_exercise = guide
        .exercises
        .iter()
        .map(|e| exercise_terms(guide, e, &mut numbering))
        .collect();
    Terms {
        names: numbering.names,
        of_exercise,
    }
}

fn exercise_terms(guide: &Guide, e: &Exercise, numbering: &mut Numbering) -> Vec<u32> {
    let config = &guide.config;
    let mut ids = Vec::new();
    let tagged: [(VocabularyName, &[String]); 5] = [
        (VocabularyName::Areas, &e.areas),
        (VocabularyName::Positions, &e.positions),
        (VocabularyName::Equipment, &e.equipment),
        (VocabularyName::Kinds, std::slice::from_ref(&e.kind)),
        (VocabularyName::Levels, std::slice::from_ref(&e.level)),
    ];
    for (name, slugs) in tagged {
        for slug in slugs {
            // Equipment without a declared vocabulary is free words: the
            // word is its own name.
            let label = config
                .vocabulary(name)
                .map_or_else(|| slug.clone(), |v| v.title(slug));
            ids.push(numbering.id(name.key(), slug, || names(label, slug)));
        }
    }
    if let Some(family) = &e.family {
        let label = config.families.get(family).map_or_else(
            || crate::model::title_from_slug(family),
            |f| f.title.clone(),
        );
        ids.push(numbering.id("families", family, || names(label, family)));
    }
    if e.equipment.is_empty() {
        ids.push(numbering.id("equipment", "", || {
            NO_EQUIPMENT.iter().map(|s| (*s).to_owned()).collect()
        }));
    }
    ids
}

/// The label first, then the slug and the synonyms of the slug, each in
/// words and once.
fn names(label: String, slug: &str) -> Vec<String> {
    let mut seen = vec![plain(&label)];
    let mut out = vec![label];
    let mut candidates = vec![slug];
    for synonym in synonyms_of(slug) {
        candidates.push(synonym);
    }
    for name in candidates {
        let words = name.replace(['-', '_'], " ");
        let key = plain(&words);
        if !seen.contains(&key) {
            seen.push(key);
            out.push(words);
        }
    }
    out
}

/// Lowercase words separated by single spaces, for telling names apart.
fn plain(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_named_by_its_slug_and_synonyms_once_each() {
        assert_eq!(
            names("Seated".to_owned(), "seated"),
            ["Seated", "sitting", "sit", "chair"]
        );
        assert_eq!(
            names("All fours".to_owned(), "all-fours"),
            [
                "All fours",
                "quadruped",
                "hands and knees",
                "four point",
                "tabletop"
            ]
        );
        assert_eq!(
            names("Plyometrics".to_owned(), "plyo"),
            ["Plyometrics", "plyo"]
        );
    }
}
