//! The interface words of every language: limber's own, bundled in the
//! binary, with a guide's own words over them, and the CLDR plural rules
//! that pick a word's form for a count.
//!
//! Words come in two sets: `page` (what templates show and what limber
//! writes into pages) and `script` (what the browser scripts say). A word
//! is a text, or a table of plural forms keyed by CLDR category.

use std::collections::BTreeMap;
use std::path::Path;

use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::toml_doc::{Seg, TomlRegion};

/// limber's own words: language, then the `page` and `script` files.
pub const BUNDLED: &[(&str, &str, &str)] = &[
    (
        "en",
        include_str!("en/page.toml"),
        include_str!("en/script.toml"),
    ),
    (
        "es",
        include_str!("es/page.toml"),
        include_str!("es/script.toml"),
    ),
    (
        "fr",
        include_str!("fr/page.toml"),
        include_str!("fr/script.toml"),
    ),
    (
        "de",
        include_str!("de/page.toml"),
        include_str!("de/script.toml"),
    ),
    (
        "cy",
        include_str!("cy/page.toml"),
        include_str!("cy/script.toml"),
    ),
    (
        "ar",
        include_str!("ar/page.toml"),
        include_str!("ar/script.toml"),
    ),
];

/// The language whose words stand in for any word a language lacks.
pub const FALLBACK: &str = "en";

/// One interface word.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Word {
    Text(String),
    /// CLDR category (`one`, `other`, …) to form; `{n}` is the count.
    Plural(BTreeMap<String, String>),
}

/// The two sets of words of one language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Words {
    /// The BCP 47 code the words are for, as the guide writes it.
    pub lang: String,
    pub page: BTreeMap<String, Word>,
    pub script: BTreeMap<String, Word>,
}

/// Which set of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    Page,
    Script,
}

impl Set {
    pub fn name(self) -> &'static str {
        match self {
            Set::Page => "page",
            Set::Script => "script",
        }
    }
}

/// `en` of `en-GB`, `zh` of `zh-Hans`: the language without its region or
/// script, lower-cased.
pub fn base_language(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Whether `code` is a well-formed BCP 47 language tag.
pub fn is_language_tag(code: &str) -> bool {
    !code.is_empty() && code.parse::<Locale>().is_ok()
}

/// The bundled words closest to `code`: its own, else its base language's.
fn bundled(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let lower = code.to_ascii_lowercase();
    BUNDLED
        .iter()
        .find(|(c, ..)| *c == lower)
        .or_else(|| BUNDLED.iter().find(|(c, ..)| *c == base_language(code)))
}

/// Whether limber has words of its own for `code` (or its base language).
pub fn is_bundled(code: &str) -> bool {
    bundled(code).is_some()
}

/// The words of a bundled file. They are checked by this crate's tests, so
/// a failure here is limber's own fault, not the guide's.
fn parse_bundled(lang: &str, set: Set, text: &str) -> BTreeMap<String, Word> {
    let name = format!("(built-in) i18n/{lang}/{}.toml", set.name());
    let region = TomlRegion::new(SourceFile::new(name, text), 0..text.len());
    words_of(&region, &[]).unwrap_or_default()
}

/// The interface words for pages in `code`: limber's own for the language
/// (or English where limber has none), with the guide's
/// `i18n/<code>.toml` over them when it has one.
pub fn words_for(root: &Path, code: &str) -> Result<Words, Diagnostic> {
    let (page, script) = bundled_words(code);
    let mut words = Words {
        lang: code.to_owned(),
        page,
        script,
    };
    let path = root.join("i18n").join(format!("{code}.toml"));
    if std::fs::symlink_metadata(&path).is_ok() {
        let file = crate::files::read_source(root, &path)?;
        let len = file.text.len();
        let region = TomlRegion::new(file, 0..len);
        override_with(&mut words, &region)?;
    }
    Ok(words)
}

/// limber's own words for `code`: its language's where limber has them,
/// with English under them for any word missing.
fn bundled_words(code: &str) -> (BTreeMap<String, Word>, BTreeMap<String, Word>) {
    let english = bundled(FALLBACK);
    let mut page = english
        .map(|(l, p, _)| parse_bundled(l, Set::Page, p))
        .unwrap_or_default();
    let mut script = english
        .map(|(l, _, s)| parse_bundled(l, Set::Script, s))
        .unwrap_or_default();
    if let Some((lang, p, s)) = bundled(code).filter(|(l, ..)| *l != FALLBACK) {
        page.extend(parse_bundled(lang, Set::Page, p));
        script.extend(parse_bundled(lang, Set::Script, s));
    }
    (page, script)
}

/// A guide's `i18n/<code>.toml`: `[page]` and `[script]` tables whose keys
/// must be words limber has.
fn override_with(words: &mut Words, region: &TomlRegion) -> Result<(), Diagnostic> {
    let table: toml::Table = region.parse("the interface words")?;
    for (key, _) in table.iter() {
        if key != "page" && key != "script" {
            return Err(Diagnostic::error(
                "E0300",
                format!("`{key}` is not a set of interface words"),
            )
            .at(&region.file, region.key_span_of(&[Seg::Key(key)]))
            .label("expected `[page]` or `[script]`")
            .help("put each word under [page] (words of the pages) or [script] (words of the scripts)"));
        }
    }
    for set in [Set::Page, Set::Script] {
        let known = match set {
            Set::Page => &words.page,
            Set::Script => &words.script,
        };
        let own = words_of(region, &[set.name()])?;
        for (key, word) in &own {
            if !known.contains_key(key) {
                let names: Vec<&str> = known.keys().map(String::as_str).collect();
                let mut d = Diagnostic::error(
                    "E0301",
                    format!("`{key}` is not one of limber's {} words", set.name()),
                )
                .at(
                    &region.file,
                    region.key_span_of(&[Seg::Key(set.name()), Seg::Key(key)]),
                )
                .label("no such word");
                if let Some(near) = crate::suggest::did_you_mean(key, names.iter().copied()) {
                    d = d.help(format!("did you mean `{near}`?"));
                } else {
                    d = d.help(format!(
                        "docs/content-format.md lists the {} words",
                        set.name()
                    ));
                }
                return Err(d);
            }
            check_forms(&words.lang, key, word, known.get(key), region, set)?;
        }
        let target = match set {
            Set::Page => &mut words.page,
            Set::Script => &mut words.script,
        };
        target.extend(own);
    }
    Ok(())
}

/// A guide's word must take the form limber's does: text for text, and for
/// a count the plural forms the language has.
fn check_forms(
    lang: &str,
    key: &str,
    word: &Word,
    limbers: Option<&Word>,
    region: &TomlRegion,
    set: Set,
) -> Result<(), Diagnostic> {
    let at = [Seg::Key(set.name()), Seg::Key(key)];
    match (word, limbers) {
        (Word::Text(_), Some(Word::Plural(_))) => Err(Diagnostic::error(
            "E0302",
            format!("`{key}` is a word with a count: give its plural forms"),
        )
        .at(&region.file, region.span_of(&at))
        .label("expected a table of plural forms")
        .help(format!(
            "write {key} = {{ {} }}, with {{n}} where the count goes",
            categories(lang)
                .iter()
                .map(|c| format!("{c} = \"…\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        (Word::Plural(_), Some(Word::Text(_))) => Err(Diagnostic::error(
            "E0302",
            format!("`{key}` has no count: give it as one text"),
        )
        .at(&region.file, region.span_of(&at))
        .label("expected a string")
        .help(format!("write {key} = \"…\""))),
        (Word::Plural(forms), _) => {
            let want = categories(lang);
            let missing: Vec<&str> = want
                .iter()
                .copied()
                .filter(|c| !forms.contains_key(*c))
                .collect();
            let extra: Vec<&str> = forms
                .keys()
                .map(String::as_str)
                .filter(|c| !want.contains(c))
                .collect();
            if missing.is_empty() && extra.is_empty() {
                return Ok(());
            }
            let mut problem = Vec::new();
            if !missing.is_empty() {
                problem.push(format!("no form for {}", missing.join(", ")));
            }
            if !extra.is_empty() {
                problem.push(format!("{lang} has no {} form", extra.join(", ")));
            }
            Err(
                Diagnostic::error("E0303", format!("`{key}`: {}", problem.join("; ")))
                    .at(&region.file, region.span_of(&at))
                    .label(format!("{lang} needs the forms {}", want.join(", ")))
                    .help("the plural forms are CLDR's for the language"),
            )
        }
        _ => Ok(()),
    }
}

/// The words of the table at `path` of `region`.
fn words_of(region: &TomlRegion, path: &[&str]) -> Result<BTreeMap<String, Word>, Diagnostic> {
    let table: toml::Table = region.parse("the interface words")?;
    let mut table = &table;
    for name in path {
        match table.get(*name) {
            Some(toml::Value::Table(t)) => table = t,
            Some(_) => {
                let segs: Vec<Seg> = path.iter().map(|p| Seg::Key(p)).collect();
                return Err(
                    Diagnostic::error("E0300", format!("`{name}` is not a table"))
                        .at(&region.file, region.span_of(&segs))
                        .label("expected a table of words")
                        .help(format!("write [{name}] with one word = \"text\" per line")),
                );
            }
            None => return Ok(BTreeMap::new()),
        }
    }
    let mut words = BTreeMap::new();
    for (key, value) in table {
        let mut segs: Vec<Seg> = path.iter().map(|p| Seg::Key(p)).collect();
        segs.push(Seg::Key(key));
        let word = match value {
            toml::Value::String(s) => Word::Text(s.clone()),
            toml::Value::Table(forms) => {
                let mut out = BTreeMap::new();
                for (category, form) in forms {
                    let Some(form) = form.as_str() else {
                        let mut at = segs.clone();
                        at.push(Seg::Key(category));
                        return Err(Diagnostic::error(
                            "E0302",
                            format!("`{key}.{category}` is not text"),
                        )
                        .at(&region.file, region.span_of(&at))
                        .label("expected a string")
                        .help(
                            "write each plural form as a string, with {n} where the count goes",
                        ));
                    };
                    if PluralCategory::get_for_cldr_string(category).is_none() {
                        let mut at = segs.clone();
                        at.push(Seg::Key(category));
                        return Err(Diagnostic::error(
                            "E0303",
                            format!("`{category}` is not a plural category"),
                        )
                        .at(&region.file, region.key_span_of(&at))
                        .label("expected zero, one, two, few, many or other")
                        .help("the plural forms are CLDR's: zero, one, two, few, many, other"));
                    }
                    out.insert(category.clone(), form.to_owned());
                }
                Word::Plural(out)
            }
            _ => {
                return Err(Diagnostic::error("E0302", format!("`{key}` is not a word"))
                    .at(&region.file, region.span_of(&segs))
                    .label("expected a string, or a table of plural forms")
                    .help(format!("write {key} = \"text\"")));
            }
        };
        words.insert(key.clone(), word);
    }
    Ok(words)
}

fn rules(lang: &str) -> Option<PluralRules> {
    let locale: Locale = lang.parse().ok()?;
    PluralRules::try_new_cardinal(locale.into()).ok()
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The CLDR plural categories `lang` has for counts, `other` always among
/// them, in CLDR's order.
pub fn categories(lang: &str) -> Vec<&'static str> {
    const ORDER: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
    let have: Vec<&'static str> = rules(lang)
        .map(|r| r.categories().map(category_name).collect())
        .unwrap_or_else(|| vec!["one", "other"]);
    ORDER.into_iter().filter(|c| have.contains(c)).collect()
}

/// The CLDR category of the count `n` in `lang`.
pub fn category_for(lang: &str, n: u64) -> &'static str {
    rules(lang)
        .map(|r| category_name(r.category_for(n)))
        .unwrap_or(if n == 1 { "one" } else { "other" })
}

/// The plural word `forms` for the count `n` in `lang`, `{n}` filled in.
pub fn plural(lang: &str, forms: &BTreeMap<String, String>, n: u64) -> String {
    let category = category_for(lang, n);
    let form = forms
        .get(category)
        .or_else(|| forms.get("other"))
        .map(String::as_str)
        .unwrap_or_default();
    form.replace("{n}", &n.to_string())
}

/// Scripts written right to left, by their ISO 15924 codes.
const RTL_SCRIPTS: [&str; 8] = [
    "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg", "mand",
];
/// Languages written right to left unless their tag names another script.
const RTL_LANGUAGES: [&str; 12] = [
    "ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ku-arab", "syr",
];

/// `rtl` for a language written right to left, else `ltr`.
pub fn direction(code: &str) -> &'static str {
    let lower = code.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split(['-', '_']).collect();
    if let Some(script) = parts.iter().skip(1).find(|p| p.len() == 4) {
        return if RTL_SCRIPTS.contains(script) {
            "rtl"
        } else {
            "ltr"
        };
    }
    if RTL_LANGUAGES.contains(&parts.first().copied().unwrap_or_default()) {
        "rtl"
    } else {
        "ltr"
    }
}

impl Words {
    /// The page words as templates read them: a plural word carries its
    /// language, for the `plural` filter.
    pub fn page_value(&self) -> Value {
        words_value(Some(&self.lang), &self.page)
    }

    /// The script words as the page hands them to its scripts.
    pub fn script_value(&self) -> Value {
        // The browser knows the page's language from <html lang>.
        words_value(None, &self.script)
    }

    /// A page word as text; a plural word gives its `other` form.
    pub fn text(&self, key: &str) -> String {
        match self.page.get(key) {
            Some(Word::Text(t)) => t.clone(),
            Some(Word::Plural(forms)) => forms.get("other").cloned().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// A page word as text, or `default` when there is none.
    pub fn text_or(&self, key: &str, default: &str) -> String {
        match self.page.get(key) {
            Some(Word::Text(t)) if !t.is_empty() => t.clone(),
            _ => default.to_owned(),
        }
    }

    /// A page word with a count.
    pub fn count(&self, key: &str, n: u64) -> String {
        match self.page.get(key) {
            Some(Word::Plural(forms)) => plural(&self.lang, forms, n),
            Some(Word::Text(t)) => t.replace("{n}", &n.to_string()),
            None => String::new(),
        }
    }
}

fn words_value(lang: Option<&str>, words: &BTreeMap<String, Word>) -> Value {
    let map = words
        .iter()
        .map(|(k, w)| {
            let v = match w {
                Word::Text(t) => Value::String(t.clone()),
                Word::Plural(forms) => {
                    let mut m: serde_json::Map<String, Value> = forms
                        .iter()
                        .map(|(c, f)| (c.clone(), Value::String(f.clone())))
                        .collect();
                    if let Some(lang) = lang {
                        m.insert("_lang".to_owned(), Value::String(lang.to_owned()));
                    }
                    Value::Object(m)
                }
            };
            (k.clone(), v)
        })
        .collect();
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_categories_are_cldrs() {
        assert_eq!(categories("en"), ["one", "other"]);
        assert_eq!(categories("en-GB"), ["one", "other"]);
        assert_eq!(
            categories("ar"),
            ["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(
            categories("cy"),
            ["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(categories("de"), ["one", "other"]);
        assert!(categories("es").contains(&"many"), "{:?}", categories("es"));
        assert_eq!(category_for("ar", 3), "few");
        assert_eq!(category_for("ar", 11), "many");
        assert_eq!(category_for("cy", 2), "two");
        assert_eq!(category_for("en", 1), "one");
        assert_eq!(category_for("en", 0), "other");
    }

    #[test]
    fn a_region_uses_its_base_languages_words() {
        assert!(is_bundled("en-GB"));
        assert!(is_bundled("EN"));
        assert_eq!(base_language("zh-Hans"), "zh");
        assert!(!is_bundled("zh-Hans"));
    }

    #[test]
    fn directions() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("ar-EG"), "rtl");
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("en-GB"), "ltr");
        assert_eq!(direction("az-Arab"), "rtl");
        assert_eq!(direction("pa-Arab-PK"), "rtl");
        assert_eq!(direction("ku-Latn"), "ltr");
        assert_eq!(direction("zh-Hans"), "ltr");
    }

    #[test]
    fn every_bundled_file_parses_and_has_exactly_the_english_words() {
        let (en_page, en_script) = (
            parse_bundled("en", Set::Page, BUNDLED[0].1),
            parse_bundled("en", Set::Script, BUNDLED[0].2),
        );
        assert!(!en_page.is_empty() && !en_script.is_empty());
        for (lang, page, script) in BUNDLED {
            for (set, text, english) in [
                (Set::Page, page, &en_page),
                (Set::Script, script, &en_script),
            ] {
                let name = format!("i18n/{lang}/{}.toml", set.name());
                let region = TomlRegion::new(SourceFile::new(name.clone(), *text), 0..text.len());
                let words = match words_of(&region, &[]) {
                    Ok(w) => w,
                    Err(d) => panic!("{name}: {}", d.render(false)),
                };
                let missing: Vec<&String> =
                    english.keys().filter(|k| !words.contains_key(*k)).collect();
                let extra: Vec<&String> =
                    words.keys().filter(|k| !english.contains_key(*k)).collect();
                assert!(missing.is_empty(), "{name} lacks {missing:?}");
                assert!(
                    extra.is_empty(),
                    "{name} has words English lacks: {extra:?}"
                );
                for (key, word) in &words {
                    let same_kind = matches!(
                        (word, &english[key]),
                        (Word::Text(_), Word::Text(_)) | (Word::Plural(_), Word::Plural(_))
                    );
                    assert!(
                        same_kind,
                        "{name}: `{key}` is not of the same kind as in English"
                    );
                    if let Word::Plural(forms) = word {
                        let have: Vec<&str> = forms.keys().map(String::as_str).collect();
                        let mut want = categories(lang);
                        want.sort_unstable();
                        assert_eq!(
                            have, want,
                            "{name}: `{key}` must have CLDR's forms for {lang}"
                        );
                    }
                    let placeholders = |w: &Word| -> Vec<String> {
                        let texts: Vec<&String> = match w {
                            Word::Text(t) => vec![t],
                            Word::Plural(f) => f.values().collect(),
                        };
                        let mut found: Vec<String> = texts
                            .iter()
                            .flat_map(|t| placeholder_names(t))
                            .filter(|p| p != "n")
                            .collect();
                        found.sort();
                        found.dedup();
                        found
                    };
                    assert_eq!(
                        placeholders(word),
                        placeholders(&english[key]),
                        "{name}: `{key}` must keep English's {{placeholders}}"
                    );
                }
            }
        }
    }

    fn placeholder_names(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let after = &rest[start + 1..];
            match after.find('}') {
                Some(end)
                    if after[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && end > 0 =>
                {
                    out.push(after[..end].to_owned());
                    rest = &after[end + 1..];
                }
                _ => rest = after,
            }
        }
        out
    }

    #[test]
    fn plural_fills_the_count() {
        let forms: BTreeMap<String, String> = [("one", "{n} time"), ("other", "{n} times")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        assert_eq!(plural("en", &forms, 1), "1 time");
        assert_eq!(plural("en", &forms, 3), "3 times");
    }
}
