//! The search index every page loads: `search-index.js`, read by
//! `static/search.js`.
//!
//! It is small because a reader on a phone loads it the first time they
//! touch the search box: the words of summaries and steps are numbered
//! once in a dictionary (`w`, most used first, one string with a space
//! between words, which JSON writes smaller than a list) and each entry lists the
//! numbers it uses ([`ids`]); the vocabularies' terms are listed once
//! (`t`, see [`terms`]) and each exercise names its own by number. Titles
//! and other names are kept as written, since results show them, and a
//! slug is left out (`0`) when search.js can make it from the title.
//!
//! ```text
//! window.limberSearch = {"w": "word word …", "t": [[label, other name, …], …],
//!   "e": [[title, slug or 0, [alias, …], terms, summary, steps], …],   exercises
//!   "r": [[title, slug or 0, [], "", summary, exercises' titles], …],  routines
//!   "g": [words, …]}   words of one Snowball stem, each group as `ids` writes it
//! ```
//!
//! The dictionary's words are folded and Chinese and Japanese split into
//! pairs of characters ([`text`]); `g` joins the word forms of the page's
//! language.

mod ids;
mod terms;
mod text;

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Exercise, Guide};
use crate::render::views::{ExerciseView, RoutineView, script_json};

/// The search data, as a script: pages load it with a `<script>` tag
/// because a `fetch()` of a local file fails under file://.
pub const SEARCH_INDEX: &str = "search-index.js";

/// The words of an exercise's steps that search looks in, each once.
pub fn words(exercise: &Exercise) -> String {
    distinct_words(
        exercise
            .steps
            .iter()
            .map(|s| crate::markdown::plain_text(s)),
    )
    .join(" ")
}

/// `words` holds [`words`] of each exercise.
pub fn search_index(
    guide: &Guide,
    exercises: &[std::sync::Arc<ExerciseView>],
    words: &[String],
    routines: &[RoutineView],
) -> Vec<u8> {
    let terms = terms::terms(guide);
    let summaries: Vec<Vec<String>> = exercises
        .iter()
        .map(|v| &v.summary)
        .chain(routines.iter().map(|r| &r.summary))
        .map(|s| distinct_words(std::iter::once(s.clone())))
        .collect();
    let steps: Vec<Vec<String>> = words
        .iter()
        .map(|w| {
            w.split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .chain(
            routines
                .iter()
                .map(|r| distinct_words(r.items.iter().map(|i| i.title.clone()))),
        )
        .collect();
    let dictionary = Dictionary::new(summaries.iter().chain(&steps));

    let mut entries: Vec<Entry> = Vec::with_capacity(exercises.len());
    for (i, v) in exercises.iter().enumerate() {
        entries.push(Entry(
            &v.title,
            Slug::of(&v.title, &v.slug),
            &v.aliases,
            ids::encode(terms.of_exercise.get(i).cloned().unwrap_or_default()),
            dictionary.encode(summaries.get(i)),
            dictionary.encode(steps.get(i)),
        ));
    }
    let routine_entries: Vec<Entry> = routines
        .iter()
        .enumerate()
        .map(|(j, r)| {
            let i = exercises.len() + j;
            Entry(
                &r.title,
                Slug::of(&r.title, &r.slug),
                &[],
                String::new(),
                dictionary.encode(summaries.get(i)),
                dictionary.encode(steps.get(i)),
            )
        })
        .collect();
    let groups = text::stem_groups(&guide.lang.code, &dictionary.words)
        .into_iter()
        .map(ids::encode)
        .collect();
    let index = Index {
        w: dictionary.words.join(" "),
        t: &terms.names,
        e: entries,
        r: routine_entries,
        g: groups,
    };
    format!("window.limberSearch={};\n", script_json(&index)).into_bytes()
}

#[derive(Serialize)]
struct Index<'a> {
    /// Never holds a space of its own: [`distinct_words`] splits at them.
    w: String,
    t: &'a [Vec<String>],
    e: Vec<Entry<'a>>,
    r: Vec<Entry<'a>>,
    g: Vec<String>,
}

/// Title, slug, other names, terms, summary, steps: the fields search
/// weighs, most first (the slug only leads to the page).
#[derive(Serialize)]
struct Entry<'a>(&'a str, Slug<'a>, &'a [String], String, String, String);

#[derive(Serialize)]
#[serde(untagged)]
enum Slug<'a> {
    FromTitle(u8),
    Own(&'a str),
}

impl<'a> Slug<'a> {
    /// `0` when search.js's `slug(title)` gives the slug: it makes one only
    /// from ASCII titles, the way `content::slugify` does.
    fn of(title: &str, slug: &'a str) -> Slug<'a> {
        let derivable = title.is_ascii()
            && title.len() <= crate::content::MAX_SLUG_BYTES
            && crate::content::slugify(title) == slug;
        if derivable {
            Slug::FromTitle(0)
        } else {
            Slug::Own(slug)
        }
    }
}

/// Every word of the summaries and steps once, numbered by how many
/// entries use it, most first (then by first use): the common words get
/// the shortest numbers.
struct Dictionary {
    words: Vec<String>,
    number: HashMap<String, u32>,
}

impl Dictionary {
    fn new<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Dictionary {
        let mut count: HashMap<&str, (usize, usize)> = HashMap::new();
        for list in lists {
            for word in list {
                let first = count.len();
                count.entry(word).or_insert((0, first)).0 += 1;
            }
        }
        let mut ranked: Vec<(&str, (usize, usize))> = count.into_iter().collect();
        ranked.sort_by(|(_, (n, a)), (_, (m, b))| m.cmp(n).then(a.cmp(b)));
        let words: Vec<String> = ranked.into_iter().map(|(w, _)| w.to_owned()).collect();
        let number = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Dictionary { words, number }
    }

    fn encode(&self, list: Option<&Vec<String>>) -> String {
        let ids = list
            .into_iter()
            .flatten()
            .filter_map(|w| self.number.get(w).copied())
            .collect();
        ids::encode(ids)
    }
}

/// Each word of `texts` once, folded ([`text::tokens`]), in order of first
/// use: search matches words, so sentences would only make every page's
/// download larger.
fn distinct_words(texts: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        for word in text::tokens(&text) {
            // One- and two-letter words ("a", "up") match too much to help;
            // a pair of Han or kana is a word.
            let long = word.chars().count() > 2 || text::is_unspaced(&word);
            if long && seen.insert(word.clone()) {
                out.push(word);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_get_the_low_numbers() {
        let lists = [
            vec!["slow".to_owned(), "neck".to_owned()],
            vec!["neck".to_owned()],
            vec!["arm".to_owned(), "neck".to_owned(), "slow".to_owned()],
        ];
        let d = Dictionary::new(lists.iter());
        assert_eq!(d.words, ["neck", "slow", "arm"]);
        assert_eq!(d.encode(lists.get(2)), "000");
        assert_eq!(d.encode(None), "");
    }

    #[test]
    fn a_slug_is_left_out_only_when_the_title_makes_it() {
        assert!(matches!(Slug::of("Cat-cow pose", "cat-cow"), Slug::Own(_)));
        assert!(matches!(
            Slug::of("Neck roll", "neck-roll"),
            Slug::FromTitle(0)
        ));
        assert!(matches!(Slug::of("Étirement", "etirement"), Slug::Own(_)));
    }

    #[test]
    fn words_are_lowercase_and_once() {
        assert_eq!(
            distinct_words(["Lift your ARM, then your arm up".to_owned()].into_iter()),
            ["lift", "your", "arm", "then"]
        );
    }

    #[test]
    fn words_fold_accents_and_keep_han_pairs() {
        assert_eq!(
            distinct_words(["Rotación de la espalda; ROTACION".to_owned()].into_iter()),
            ["rotacion", "espalda"]
        );
        assert_eq!(
            distinct_words(["慢慢拉伸肩部。拉伸".to_owned()].into_iter()),
            ["慢慢", "慢拉", "拉伸", "伸肩", "肩部"]
        );
    }
}
