//! "Did you mean …?": the nearest allowed word to one an author wrote.
//!
//! Plain edit distance catches typing slips (`sholders`), but authors of
//! exercise guides also write the *other* word for a thing (`sitting` for
//! `seated`, `lumbar` for `lower-back`, `reps` spelt out as `repetitions`).
//! Those are far apart as strings, so a small table of synonyms covers them.

use std::collections::HashMap;

/// Words authors use for the ones limber knows, as (what they wrote, what
/// limber calls it). A synonym is only suggested when its target is among
/// the words allowed at that spot.
const SYNONYMS: &[(&str, &str)] = &[
    // positions
    ("sitting", "seated"),
    ("sit", "seated"),
    ("chair", "seated"),
    ("stand", "standing"),
    ("upright", "standing"),
    ("lie", "lying"),
    ("lying-down", "lying"),
    ("supine", "lying"),
    ("prone", "lying"),
    ("floor", "lying"),
    ("on-your-back", "lying"),
    ("quadruped", "all-fours"),
    ("hands-and-knees", "all-fours"),
    ("four-point", "all-fours"),
    ("tabletop", "all-fours"),
    ("kneel", "kneeling"),
    ("half-kneeling", "kneeling"),
    // kinds
    ("stretching", "stretch"),
    ("strengthening", "strength"),
    ("strengthen", "strength"),
    ("mobilisation", "mobility"),
    ("mobilization", "mobility"),
    ("range-of-motion", "mobility"),
    // levels
    ("easy", "beginner"),
    ("basic", "beginner"),
    ("novice", "beginner"),
    ("gentle", "beginner"),
    ("medium", "intermediate"),
    ("moderate", "intermediate"),
    ("hard", "advanced"),
    ("difficult", "advanced"),
    ("expert", "advanced"),
    // sides
    ("both", "each"),
    ("per-side", "each"),
    ("each-side", "each"),
    ("alternate", "alternating"),
    // areas of the default vocabulary
    ("cervical", "neck"),
    ("shoulder", "shoulders"),
    ("scapula", "shoulders"),
    ("thoracic", "upper-back"),
    ("lumbar", "lower-back"),
    ("low-back", "lower-back"),
    ("abs", "core"),
    ("abdominals", "core"),
    ("abdomen", "core"),
    ("stomach", "core"),
    ("trunk", "core"),
    ("hip", "hips"),
    ("glutes", "hips"),
    // exercise fields
    ("name", "title"),
    ("description", "summary"),
    ("type", "kind"),
    ("category", "kind"),
    ("difficulty", "level"),
    ("area", "areas"),
    ("body-parts", "areas"),
    ("position", "positions"),
    ("alias", "aliases"),
    ("also-called", "aliases"),
    ("step", "steps"),
    ("instructions", "steps"),
    ("tip", "tips"),
    ("hints", "tips"),
    ("caution", "cautions"),
    ("warning", "cautions"),
    ("warnings", "cautions"),
    ("see-also", "related"),
    ("img", "image"),
    ("picture", "image"),
    ("photo", "image"),
    ("source", "sources"),
    ("references", "sources"),
    ("alt-text", "alt"),
    ("path", "src"),
    ("link", "url"),
    // dose fields
    ("repetitions", "reps"),
    ("repeats", "reps"),
    ("times", "reps"),
    ("hold", "hold_seconds"),
    ("seconds", "hold_seconds"),
    ("duration", "hold_seconds"),
    ("rounds", "sets"),
    ("side", "sides"),
    ("times-per-day", "per_day"),
    ("daily", "per_day"),
    ("frequency", "per_day"),
    ("notes", "note"),
];

/// The other words authors (and readers) use for `target`, as written in
/// [`SYNONYMS`]: search finds an exercise tagged `seated` by "sitting".
pub fn synonyms_of(target: &str) -> impl Iterator<Item = &'static str> + '_ {
    SYNONYMS
        .iter()
        .filter(move |(_, t)| *t == target)
        .map(|(s, _)| *s)
}

/// Names for a help line: all of them when there are few, else the first
/// few and how many more, so that a guide of thousands of exercises or
/// areas does not repeat every name in every message.
pub fn some_of<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 20;
    let more = names.len().saturating_sub(SHOWN);
    let shown: Vec<&str> = names.take(SHOWN).collect();
    match more {
        0 => shown.join(", "),
        n => format!("{}, and {n} more", shown.join(", ")),
    }
}

/// Case, `_`, spaces and `-` do not tell words apart for an author.
fn normalize(word: &str) -> String {
    word.trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// slip or a known synonym.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    Nearest::new(candidates).to(word)
}

/// Candidates made ready once for many look-ups: a guide with thousands
/// of broken names asks about each against the same thousands of names.
pub struct Nearest<'a> {
    /// In the order given, which decides between equally near names.
    names: Vec<Name<'a>>,
    /// The first name of each normal form.
    by_normal: HashMap<String, &'a str>,
}

struct Name<'a> {
    name: &'a str,
    normal: String,
    chars: usize,
    bag: Bag,
}

impl<'a> Nearest<'a> {
    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Nearest<'a> {
        let names: Vec<Name<'a>> = candidates
            .into_iter()
            .map(|name| {
                let normal = normalize(name);
                Name {
                    name,
                    chars: normal.chars().count(),
                    bag: Bag::of(&normal),
                    normal,
                }
            })
            .collect();
        let mut by_normal = HashMap::new();
        for n in &names {
            by_normal.entry(n.normal.clone()).or_insert(n.name);
        }
        Nearest { names, by_normal }
    }

    /// The nearest name to `word`, as [`did_you_mean`] finds it.
    pub fn to(&self, word: &str) -> Option<&'a str> {
        let wanted = normalize(word);
        if let Some(&c) = self.by_normal.get(&wanted) {
            return Some(c);
        }
        for (synonym, target) in SYNONYMS {
            if normalize(synonym) == wanted
                && let Some(&c) = self.by_normal.get(&normalize(target))
            {
                return Some(c);
            }
        }
        let wanted_chars = wanted.chars().count();
        let wanted_bag = Bag::of(&wanted);
        self.names
            .iter()
            .filter_map(|n| {
                let most = 2.max(n.name.len() / 3).min(n.name.len().saturating_sub(1));
                // Two cheap lower bounds of the distance first.
                if n.chars.abs_diff(wanted_chars) > most || wanted_bag.distance(&n.bag) > most {
                    return None;
                }
                let d = strsim::damerau_levenshtein(&wanted, &n.normal);
                (d <= most).then_some((d, n.name))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }
}

/// How many of each character a word has, with characters sharing
/// [`Bag::SLOTS`] slots: a word's bag distance to another (the most
/// characters either has that the other lacks) is never more than their
/// edit distance, as one edit adds or takes away at most one character.
struct Bag([u16; Bag::SLOTS]);

impl Bag {
    const SLOTS: usize = 64;

    fn of(word: &str) -> Bag {
        let mut counts = [0u16; Bag::SLOTS];
        for c in word.chars() {
            let slot = c as usize % Bag::SLOTS;
            counts[slot] = counts[slot].saturating_add(1);
        }
        Bag(counts)
    }

    fn distance(&self, other: &Bag) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.0.iter().zip(&other.0) {
            if a > b {
                more += usize::from(a - b);
            } else {
                fewer += usize::from(b - a);
            }
        }
        more.max(fewer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POSITIONS: &[&str] = &["standing", "seated", "lying", "all-fours", "kneeling"];

    #[test]
    fn slips_case_and_separators() {
        assert_eq!(
            did_you_mean("sholders", ["neck", "shoulders"]),
            Some("shoulders")
        );
        assert_eq!(
            did_you_mean("Upper Back", ["upper-back"]),
            Some("upper-back")
        );
        assert_eq!(
            did_you_mean("all_fours", POSITIONS.iter().copied()),
            Some("all-fours")
        );
        assert_eq!(
            did_you_mean("hold-seconds", ["reps", "hold_seconds"]),
            Some("hold_seconds")
        );
    }

    #[test]
    fn synonyms_only_when_the_target_is_allowed() {
        assert_eq!(
            did_you_mean("sitting", POSITIONS.iter().copied()),
            Some("seated")
        );
        assert_eq!(
            did_you_mean("quadruped", POSITIONS.iter().copied()),
            Some("all-fours")
        );
        assert_eq!(
            did_you_mean("lumbar", ["neck", "lower-back"]),
            Some("lower-back")
        );
        assert_eq!(did_you_mean("lumbar", ["neck", "legs"]), None);
        assert_eq!(did_you_mean("repetitions", ["reps", "sets"]), Some("reps"));
    }

    #[test]
    fn a_huge_word_is_near_nothing() {
        let huge = "x".repeat(5_000_000);
        assert_eq!(did_you_mean(&huge, POSITIONS.iter().copied()), None);
        // Lengths near enough are still measured.
        assert_eq!(
            did_you_mean("standin", POSITIONS.iter().copied()),
            Some("standing")
        );
    }

    #[test]
    fn the_quick_bounds_keep_every_near_word() {
        // Transposed, doubled, dropped and changed letters all still match.
        for (typo, want) in [
            ("sohulders", "shoulders"),
            ("shoullders", "shoulders"),
            ("shouldrs", "shoulders"),
            ("shoulderz", "shoulders"),
            ("upper-bakc", "upper-back"),
        ] {
            assert_eq!(
                did_you_mean(typo, ["neck", "upper-back", "shoulders"]),
                Some(want),
                "{typo}"
            );
        }
    }

    #[test]
    fn long_lists_are_cut_short() {
        let names: Vec<String> = (0..25).map(|i| format!("n{i}")).collect();
        let list = some_of(names.iter().map(String::as_str));
        assert!(list.starts_with("n0, n1, "), "{list}");
        assert!(list.ends_with("n19, and 5 more"), "{list}");
        assert_eq!(some_of(["a", "b"].into_iter()), "a, b");
    }

    #[test]
    fn unrelated_words_get_nothing() {
        assert_eq!(did_you_mean("banana", POSITIONS.iter().copied()), None);
    }
}
