//! Words as search compares them, in any language the guide is written in.
//!
//! A reader types `rotacion` for "Rotación" and `espalda` for "Espalda", so
//! words are folded: lowercased, decomposed (NFD) and stripped of their
//! marks, then composed again (NFC) so that Hangul and kana come back whole.
//! Only marks go: Arabic letters stay letters, with tatweel (a stretching
//! stroke) dropped and alef wasla read as alef; alef with hamza or madda
//! folds to alef through NFD like any accented letter. Kana keep their
//! voicing marks (か and が are different words). `static/search.js` folds
//! the reader's query the same way (`fold` there): the two must agree.
//!
//! Chinese and Japanese are written without spaces, so a run of Han, kana
//! or both is indexed as its overlapping pairs of characters (肩部拉伸 as
//! 肩部, 部拉, 拉伸): any word of two characters or more that a reader types
//! is then found by its own pairs, with no dictionary of words. A
//! segmenter's words would be better units, but the query side would need
//! the same segmenter, and its dictionary is larger than the whole budget of
//! a first search.
//!
//! Word forms: the build groups the dictionary's words by their Snowball
//! stem (`rust-stemmers`, for the languages Snowball has); see [`stem_groups`].

use std::collections::BTreeMap;

use icu_normalizer::{ComposingNormalizerBorrowed, DecomposingNormalizerBorrowed};
use icu_properties::CodePointMapData;
use icu_properties::props::{GeneralCategory, GeneralCategoryGroup, Script};
use rust_stemmers::{Algorithm, Stemmer};

/// Kana voicing marks, kept: without them different words fold together.
const KANA_MARKS: [char; 2] = ['\u{3099}', '\u{309a}'];
const TATWEEL: char = '\u{640}';

/// `s` lowercased and without marks (see the module's notes).
pub fn fold(s: &str) -> String {
    let lower = s.to_lowercase();
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(&lower);
    let category = CodePointMapData::<GeneralCategory>::new();
    let mut bare = String::with_capacity(decomposed.len());
    for c in decomposed.chars() {
        let mark = GeneralCategoryGroup::Mark.contains(category.get(c));
        if (mark && !KANA_MARKS.contains(&c)) || c == TATWEEL {
            continue;
        }
        match c {
            'ß' => bare.push_str("ss"),
            'ٱ' => bare.push('ا'),
            _ => bare.push(c),
        }
    }
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(&bare)
        .into_owned()
}

/// Whether `c` is written without spaces between words: Han, Hiragana,
/// Katakana, and the long-vowel mark that kana words use (Unicode gives it
/// no script of its own).
fn unspaced(c: char) -> bool {
    let script = CodePointMapData::<Script>::new().get(c);
    matches!(script, Script::Han | Script::Hiragana | Script::Katakana)
        || c == '\u{30fc}'
        || c == '\u{ff70}'
}

/// The words of `text`, folded, in order (a word may come more than once):
/// letters and digits between anything else, and a run of Han or kana as
/// its pairs of characters (one character alone as itself).
pub fn tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let category = CodePointMapData::<GeneralCategory>::new();
    let word_char = |c: char| {
        let g = category.get(c);
        GeneralCategoryGroup::Letter.contains(g) || GeneralCategoryGroup::Number.contains(g)
    };
    let mut out = Vec::new();
    for word in folded
        .split(|c: char| !word_char(c))
        .filter(|w| !w.is_empty())
    {
        let chars: Vec<char> = word.chars().collect();
        let mut start = 0;
        while let Some(&first) = chars.get(start) {
            let kind = unspaced(first);
            let len = chars
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&c| unspaced(c) == kind)
                .count();
            let run = chars.get(start..start + len).unwrap_or_default();
            if kind && run.len() > 1 {
                out.extend(run.windows(2).map(|pair| pair.iter().collect::<String>()));
            } else {
                out.push(run.iter().collect());
            }
            start += len;
        }
    }
    out
}

/// Whether `word` is a pair (or one) of Han or kana characters, which is a
/// whole word of the index however short.
pub fn is_unspaced(word: &str) -> bool {
    word.chars().next().is_some_and(unspaced)
}

/// Snowball's stemmer for a BCP 47 language code, when Snowball has one.
fn stemmer(code: &str) -> Option<Stemmer> {
    let algorithm = match crate::i18n::base_language(code).as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The dictionary's words that Snowball's stemmer for `code` gives one stem,
/// as groups of their numbers in `words` (only groups of two or more, in
/// order of their first word). The stemmer is too large to send, so the
/// build sends what it found among the guide's own words: search.js joins
/// each group, and strips the plural and gender endings of the page's
/// language from a query's word to reach a word of the guide (its `stem`).
pub fn stem_groups(code: &str, words: &[String]) -> Vec<Vec<u32>> {
    let Some(stemmer) = stemmer(code) else {
        return Vec::new();
    };
    let mut groups: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, word) in words.iter().enumerate() {
        // Digits and Han have no word forms.
        if word.chars().any(|c| c.is_numeric()) || is_unspaced(word) {
            continue;
        }
        let Ok(id) = u32::try_from(i) else { break };
        groups
            .entry(stemmer.stem(word).into_owned())
            .or_default()
            .push(id);
    }
    let mut out: Vec<Vec<u32>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_accents_fold() {
        assert_eq!(fold("Rotación"), "rotacion");
        assert_eq!(fold("ROTACIÓN"), "rotacion");
        assert_eq!(fold("Espalda"), "espalda");
        assert_eq!(fold("Épaule GENOUX"), "epaule genoux");
        assert_eq!(fold("Übung Straße"), "ubung strasse");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn arabic_keeps_its_letters_and_loses_its_marks() {
        // Vowel marks (harakat) go; hamza and madda on alef fold to alef.
        assert_eq!(fold("تَمْرِين"), "تمرين");
        assert_eq!(fold("أكتاف"), "اكتاف");
        assert_eq!(fold("إطالة"), "اطالة");
        assert_eq!(fold("آمن"), "امن");
        assert_eq!(fold("ٱلظهر"), "الظهر");
        // Tatweel only stretches a word on the page.
        assert_eq!(fold("تمـــرين"), "تمرين");
        assert_eq!(tokens("تمارين الظَّهر"), ["تمارين", "الظهر"]);
    }

    #[test]
    fn hangul_and_kana_stay_whole() {
        assert_eq!(fold("스트레칭"), "스트레칭");
        assert_eq!(fold("ダンベル"), "ダンベル");
        assert_ne!(fold("が"), fold("か"));
    }

    #[test]
    fn han_and_kana_index_by_pairs() {
        assert_eq!(tokens("肩部拉伸"), ["肩部", "部拉", "拉伸"]);
        assert_eq!(tokens("肩部 拉伸。"), ["肩部", "拉伸"]);
        assert_eq!(tokens("伸"), ["伸"]);
        // Kana and Han together are one run; Latin letters beside them a word.
        assert_eq!(
            tokens("肩のストレッチ"),
            ["肩の", "のス", "スト", "トレ", "レッ", "ッチ"]
        );
        assert_eq!(tokens("做10次Yoga"), ["做", "10", "次", "yoga"]);
        assert!(is_unspaced("拉伸") && !is_unspaced("yoga"));
    }

    #[test]
    fn words_split_at_anything_but_letters_and_digits() {
        assert_eq!(
            tokens("Gira el cuello: ¡despacio!"),
            ["gira", "el", "cuello", "despacio"]
        );
    }

    #[test]
    fn snowball_groups_word_forms_of_the_guides_language() {
        let words = |ws: &[&str]| ws.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        let es = words(&[
            "estiramiento",
            "hombro",
            "estiramientos",
            "hombros",
            "rotar",
            "rotacion",
        ]);
        assert_eq!(stem_groups("es", &es), [vec![0, 2], vec![1, 3]]);
        let de = words(&["schulter", "arm", "schultern", "arme"]);
        assert_eq!(stem_groups("de", &de), [vec![0, 2], vec![1, 3]]);
        let fr = words(&["epaule", "epaules", "genou"]);
        assert_eq!(stem_groups("fr-CA", &fr), [vec![0, 1]]);
        let en = words(&["stretch", "stretches", "stretching", "neck", "12"]);
        assert_eq!(stem_groups("en-GB", &en), [vec![0, 1, 2]]);
        // No Snowball stemmer: no groups.
        assert!(stem_groups("zh-Hans", &words(&["拉伸", "拉伸"])).is_empty());
        assert!(stem_groups("cy", &es).is_empty());
    }
}
