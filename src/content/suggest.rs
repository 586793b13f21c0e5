//! "Did you mean …?": the nearest allowed word to one an author wrote.
//!
//! Plain edit distance catches typing slips (`sholders`), but authors of
//! exercise guides also write the *other* word for a thing (`sitting` for
//! `seated`, `lumbar` for `lower-back`, `reps` spelt out as `repetitions`).
//! Those are far apart as strings, so a small table of synonyms covers them.

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
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let wanted = normalize(word);
    if let Some(c) = candidates.iter().find(|c| normalize(c) == wanted) {
        return Some(c);
    }
    for (synonym, target) in SYNONYMS {
        if normalize(synonym) == wanted
            && let Some(c) = candidates
                .iter()
                .find(|c| normalize(c) == normalize(target))
        {
            return Some(c);
        }
    }
    // The distance is at least the difference in length, so a candidate
    // whose length is too far off need not be measured: measuring a 5 MB
    // word against each would take seconds and gigabytes.
    let len = wanted.chars().count();
    candidates
        .into_iter()
        .filter(|c| len.abs_diff(c.chars().count()) <= 2.max(c.len() / 3))
        .map(|c| (strsim::damerau_levenshtein(&wanted, &normalize(c)), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
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
    fn unrelated_words_get_nothing() {
        assert_eq!(did_you_mean("banana", POSITIONS.iter().copied()), None);
    }
}
