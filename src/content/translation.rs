//! Translations: `cat-cow.es.md` beside `cat-cow.md`, `_index.es.md`,
//! `routines/desk-break.es.toml`. A translation holds the words that change
//! with the language; everything else comes from the original and may be
//! repeated only as the original has it.

use serde::Deserialize;

use super::exercise::FileKind;
use super::markdown_file;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{Exercise, ExerciseSource, Routine, TextLanguage};
use crate::toml_doc::{Seg, TomlRegion};

/// A content file named for a language: its path as the original's, and
/// the language code. `exercises/cat-cow.es.md` → (`exercises/cat-cow`,
/// `md`, `es`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The path from content/ without extension or language.
    pub stem: String,
    pub extension: String,
    pub lang: String,
}

/// The language in a content file's name, when it has one: a dot in the
/// stem (slugs never have one) starts the language code.
pub fn language_in_name(rel: &str) -> Option<Named> {
    let (dir, name) = match rel.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), rel),
    };
    let (stem, extension) = name.rsplit_once('.')?;
    let (base, lang) = stem.split_once('.')?;
    // Only a language tag makes a translation: `cat..cow` is a bad slug,
    // and is reported as one.
    if base.is_empty() || !crate::i18n::is_language_tag(lang) {
        return None;
    }
    Some(Named {
        stem: format!("{dir}{base}"),
        extension: extension.to_owned(),
        lang: lang.to_owned(),
    })
}

/// The text fields of an exercise a translation may give.
const EXERCISE_WORDS: [&str; 11] = [
    "title",
    "summary",
    "aliases",
    "easier",
    "harder",
    "steps",
    "tips",
    "cautions",
    "updated",
    "reviewed_by",
    "reviewed_on",
];

/// Tables and lists of tables with words inside: the words a translation
/// may give in each; the rest of each must be the original's.
const NESTED_WORDS: [(&str, &[&str]); 4] = [
    ("dose", &["note"]),
    ("image", &["alt", "caption"]),
    ("images", &["alt", "caption"]),
    ("poses", &["label", "alt"]),
];

const ROUTINE_WORDS: [&str; 2] = ["title", "summary"];
const ROUTINE_NESTED: [(&str, &[&str]); 1] = [("items", &["note"])];

#[derive(Debug, Default, Deserialize)]
struct ExerciseWords {
    title: Option<String>,
    summary: Option<String>,
    aliases: Option<Vec<String>>,
    easier: Option<String>,
    harder: Option<String>,
    steps: Option<Vec<String>>,
    tips: Option<Vec<String>>,
    cautions: Option<Vec<String>>,
    updated: Option<Date>,
    reviewed_by: Option<String>,
    reviewed_on: Option<Date>,
    dose: Option<DoseWords>,
    image: Option<PictureWords>,
    images: Option<Vec<PictureWords>>,
    poses: Option<Vec<PoseWords>>,
}

#[derive(Debug, Default, Deserialize)]
struct DoseWords {
    note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PictureWords {
    alt: Option<String>,
    caption: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PoseWords {
    label: Option<String>,
    alt: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct RoutineWords {
    title: Option<String>,
    summary: Option<String>,
}

/// An exercise translated: the original with the translation's words, and
/// which words are still the original's.
pub struct TranslatedExercise {
    pub exercise: Exercise,
    /// The translation's own fields, for pointing at them.
    pub region: TomlRegion,
    pub warnings: Vec<Diagnostic>,
}

/// The fields and body of a translation file.
fn split(
    file: SourceFile,
    kind: FileKind,
) -> Result<(TomlRegion, Option<std::ops::Range<usize>>), Diagnostic> {
    match kind {
        FileKind::Toml => {
            let range = 0..file.text.len();
            Ok((TomlRegion::new(file, range), None))
        }
        FileKind::Markdown => {
            let md = markdown_file::split(&file)?;
            Ok((md.front, Some(md.body)))
        }
    }
}

/// Reads `file` as the `lang` translation of `original`.
pub fn translate_exercise(
    file: SourceFile,
    kind: FileKind,
    original: &ExerciseSource,
    default_lang: &str,
) -> Result<TranslatedExercise, Vec<Diagnostic>> {
    let (region, body) = split(file, kind).map_err(|d| vec![d])?;
    let own: toml::Table = region.parse("a translation").map_err(|d| vec![d])?;
    let theirs: toml::Table = original.fields.parse("an exercise").map_err(|d| vec![d])?;
    let errors = only_words(
        &own,
        &theirs,
        &region,
        &EXERCISE_WORDS,
        &NESTED_WORDS,
        original.file(),
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let words: ExerciseWords = region.parse("a translation").map_err(|d| vec![d])?;
    let sections = match &body {
        Some(range) => {
            markdown_file::check_nesting(&region.file, range.clone()).map_err(|d| vec![d])?;
            Some(markdown_file::body_sections(&region.file, range.clone())?)
        }
        None => None,
    };
    let mut errors = Vec::new();
    for (key, value) in [("title", &words.title), ("summary", &words.summary)] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            errors.push(
                Diagnostic::error("E0125", format!("`{key}` is empty"))
                    .at(&region.file, region.span_of(&[Seg::Key(key)]))
                    .label("write some text here")
                    .help(format!(
                        "translate the {key}, or leave the line out to show the original's"
                    )),
            );
        }
    }
    let mut ex = original.exercise.clone();
    let mut fallback: Vec<&'static str> = Vec::new();
    let mut take = |name: &'static str, given: bool, original_has: bool| {
        if !given && original_has {
            fallback.push(name);
        }
    };
    take("title", words.title.is_some(), true);
    take("summary", words.summary.is_some(), true);
    if let Some(t) = words.title {
        ex.title = t;
    }
    if let Some(s) = words.summary {
        ex.summary = s;
    }
    if let Some(a) = words.aliases {
        ex.aliases = a;
    }
    take("easier", words.easier.is_some(), ex.easier.is_some());
    take("harder", words.harder.is_some(), ex.harder.is_some());
    if words.easier.is_some() {
        ex.easier = words.easier;
    }
    if words.harder.is_some() {
        ex.harder = words.harder;
    }
    let mut list = |name: &'static str,
                    from_fields: Option<Vec<String>>,
                    from_body: Option<Vec<String>>,
                    mine: &mut Vec<String>| {
        let given = from_fields.or(from_body);
        if given.is_none() && !mine.is_empty() {
            fallback.push(name);
        }
        if let Some(v) = given {
            *mine = v;
        }
    };
    let (body_steps, body_tips, body_cautions, intro) = match sections {
        Some(s) => (
            s.steps.map(|l| l.items),
            s.tips.map(|l| l.items),
            s.cautions.map(|l| l.items),
            Some(s.introduction),
        ),
        None => (None, None, None, None),
    };
    list("steps", words.steps, body_steps, &mut ex.steps);
    list("tips", words.tips, body_tips, &mut ex.tips);
    list("cautions", words.cautions, body_cautions, &mut ex.cautions);
    match intro.filter(|i| !i.trim().is_empty()) {
        Some(i) => ex.introduction = i,
        None if !ex.introduction.trim().is_empty() => fallback.push("body_html"),
        None => {}
    }
    match words.dose.and_then(|d| d.note) {
        Some(n) => ex.dose.note = Some(n),
        None if ex.dose.note.is_some() => fallback.push("dose_note"),
        None => {}
    }
    let pictures: Vec<PictureWords> = match (words.image, words.images) {
        (Some(one), _) => vec![one],
        (None, Some(many)) => many,
        (None, None) => Vec::new(),
    };
    for (i, image) in ex.images.iter_mut().enumerate() {
        let mine = pictures.get(i);
        match mine.and_then(|p| p.alt.clone()) {
            Some(alt) => image.alt = alt,
            None => push_once(&mut fallback, "pictures"),
        }
        if let Some(c) = mine.and_then(|p| p.caption.clone()) {
            image.caption = Some(c);
        } else if image.caption.is_some() {
            push_once(&mut fallback, "pictures");
        }
    }
    let labels = words.poses.unwrap_or_default();
    for (i, pose) in ex.poses.iter_mut().enumerate() {
        match labels.get(i).and_then(|p| p.label.clone()) {
            Some(l) => pose.label = l,
            None => push_once(&mut fallback, "poses"),
        }
        // The original's own words would be the wrong language; without
        // its own, the pose is described as its language describes it.
        pose.alt = labels.get(i).and_then(|p| p.alt.clone());
    }
    let own_updated = words.updated;
    if words.updated.is_some() {
        ex.updated = words.updated;
    }
    if words.reviewed_by.is_some() {
        ex.reviewed_by = words.reviewed_by;
    }
    if words.reviewed_on.is_some() {
        ex.reviewed_on = words.reviewed_on;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut warnings: Vec<Diagnostic> = left_out(&region, &fallback, default_lang)
        .into_iter()
        .collect();
    if let (Some(mine), Some(theirs)) = (own_updated, original.exercise.updated)
        && mine < theirs
    {
        warnings.push(
            Diagnostic::warning(
                "W0019",
                format!(
                    "{} is older than {}: updated {mine}, the original {theirs}",
                    region.file.name,
                    original.file().name
                ),
            )
            .at(&region.file, region.span_of(&[Seg::Key("updated")]))
            .label("the original changed after this")
            .help(
                "bring the translation up to date with the original, then set its `updated` date",
            ),
        );
    }
    ex.text = TextLanguage {
        untranslated: false,
        fallback: fallback.iter().map(|f| (*f).to_owned()).collect(),
        original_lang: default_lang.to_owned(),
        up: String::new(),
    };
    Ok(TranslatedExercise {
        exercise: ex,
        region,
        warnings,
    })
}

/// W0018: what a translation left out, shown in the default language.
fn left_out(
    region: &TomlRegion,
    fallback: &[impl AsRef<str>],
    default_lang: &str,
) -> Option<Diagnostic> {
    if fallback.is_empty() {
        return None;
    }
    let names: Vec<&str> = fallback.iter().map(AsRef::as_ref).collect();
    Some(
        Diagnostic::warning(
            "W0018",
            format!(
                "{} leaves out {}: the {default_lang} text is shown in its place",
                region.file.name,
                names.join(", ")
            ),
        )
        .at(&region.file, region.start_span())
        .label("not yet translated")
        .help("translate them here when you can; the page marks the text that is not"),
    )
}

fn push_once(list: &mut Vec<&'static str>, name: &'static str) {
    if !list.contains(&name) {
        list.push(name);
    }
}

/// Reads `file` as the translation of the routine `original`.
pub fn translate_routine(
    file: SourceFile,
    original: &Routine,
    original_region: &TomlRegion,
    default_lang: &str,
) -> Result<(Routine, Vec<Diagnostic>), Vec<Diagnostic>> {
    let range = 0..file.text.len();
    let region = TomlRegion::new(file, range);
    let own: toml::Table = region.parse("a translation").map_err(|d| vec![d])?;
    let theirs: toml::Table = original_region.parse("a routine").map_err(|d| vec![d])?;
    let errors = only_words(
        &own,
        &theirs,
        &region,
        &ROUTINE_WORDS,
        &ROUTINE_NESTED,
        &original_region.file,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let words: RoutineWords = region.parse("a translation").map_err(|d| vec![d])?;
    let mut routine = original.clone();
    let mut fallback = Vec::new();
    match words.title {
        Some(t) if !t.trim().is_empty() => routine.title = t,
        _ => fallback.push("title".to_owned()),
    }
    match words.summary {
        Some(s) if !s.trim().is_empty() => routine.summary = s,
        _ => fallback.push("summary".to_owned()),
    }
    let warnings: Vec<Diagnostic> = left_out(&region, &fallback, default_lang)
        .into_iter()
        .collect();
    routine.text = TextLanguage {
        untranslated: false,
        fallback,
        original_lang: default_lang.to_owned(),
        up: String::new(),
    };
    Ok((routine, warnings))
}

/// Every key of `own` that is not a word must be the original's, as the
/// original has it: a translation cannot change a dose or an area.
fn only_words(
    own: &toml::Table,
    theirs: &toml::Table,
    region: &TomlRegion,
    words: &[&str],
    nested: &[(&str, &[&str])],
    original: &SourceFile,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (key, value) in own {
        if words.contains(&key.as_str()) {
            continue;
        }
        let inner = nested.iter().find(|(k, _)| k == key).map(|(_, w)| *w);
        match (inner, value, theirs.get(key)) {
            (Some(inner), toml::Value::Table(mine), Some(toml::Value::Table(orig))) => {
                differing_in_table(
                    mine,
                    orig,
                    inner,
                    &[Seg::Key(key)],
                    region,
                    original,
                    &mut errors,
                );
            }
            (Some(inner), toml::Value::Array(mine), Some(toml::Value::Array(orig))) => {
                if mine.len() != orig.len() {
                    errors.push(
                        Diagnostic::error(
                            "E0306",
                            format!(
                                "`{key}` has {} entries here and {} in {}",
                                mine.len(),
                                orig.len(),
                                original.name
                            ),
                        )
                        .at(&region.file, region.key_span_of(&[Seg::Key(key)]))
                        .label("a translation gives one for each of the original's, in order")
                        .help(format!(
                            "give `{key}` as many entries as the original, each with only its words"
                        )),
                    );
                    continue;
                }
                for (i, (m, o)) in mine.iter().zip(orig).enumerate() {
                    if let (toml::Value::Table(m), toml::Value::Table(o)) = (m, o) {
                        differing_in_table(
                            m,
                            o,
                            inner,
                            &[Seg::Key(key), Seg::Index(i)],
                            region,
                            original,
                            &mut errors,
                        );
                    } else if m != o {
                        errors.push(not_the_originals(
                            key,
                            region,
                            &[Seg::Key(key), Seg::Index(i)],
                            original,
                        ));
                    }
                }
            }
            (_, mine, Some(orig)) if mine == orig => {}
            _ => errors.push(not_the_originals(key, region, &[Seg::Key(key)], original)),
        }
    }
    errors
}

fn differing_in_table(
    mine: &toml::Table,
    orig: &toml::Table,
    inner: &[&str],
    at: &[Seg<'_>],
    region: &TomlRegion,
    original: &SourceFile,
    errors: &mut Vec<Diagnostic>,
) {
    for (k, v) in mine {
        if inner.contains(&k.as_str()) || orig.get(k) == Some(v) {
            continue;
        }
        let mut path = at.to_vec();
        path.push(Seg::Key(k));
        errors.push(not_the_originals(k, region, &path, original));
    }
}

fn not_the_originals(
    key: &str,
    region: &TomlRegion,
    at: &[Seg<'_>],
    original: &SourceFile,
) -> Diagnostic {
    Diagnostic::error(
        "E0306",
        format!(
            "`{key}` is not as {} has it: a translation holds only words",
            original.name
        ),
    )
    .at(&region.file, region.span_of(at))
    .label(format!("comes from {}", original.name))
    .help(format!(
        "delete it here (the original's is used), or change it in {} for every language",
        original.name
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_language() {
        assert_eq!(
            language_in_name("exercises/cat-cow.es.md"),
            Some(Named {
                stem: "exercises/cat-cow".into(),
                extension: "md".into(),
                lang: "es".into()
            })
        );
        assert_eq!(
            language_in_name("_index.zh-Hans.md").map(|n| n.lang),
            Some("zh-Hans".into())
        );
        assert_eq!(
            language_in_name("routines/desk-break.es.toml").map(|n| n.stem),
            Some("routines/desk-break".into())
        );
        assert_eq!(language_in_name("exercises/cat-cow.md"), None);
        assert_eq!(language_in_name("exercises/.es.md"), None);
        assert_eq!(language_in_name("exercises/cat-cow..md"), None);
    }
}
