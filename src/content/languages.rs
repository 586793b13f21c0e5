//! A guide in several languages: `[languages.<code>]` in guide.toml checked,
//! and for each language the guide as its readers see it, made from the
//! default language's guide and the translations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::exercise::FileKind;
use super::translation::{self, Named};
use crate::diagnostic::{Diagnostic, Report, SourceFile, display_path};
use crate::model::{
    ExerciseSource, Guide, GuideConfig, IndexPage, LanguageEntry, LanguageSettings, PageLanguage,
    PictureStats, TextLanguage, VocabularyName,
};
use crate::toml_doc::{Seg, TomlRegion};

/// A content file named for a language, found by the walk.
#[derive(Debug, Clone)]
pub struct TranslationFile {
    pub path: PathBuf,
    pub named: Named,
}

/// The `[languages]` of guide.toml: each code a BCP 47 tag other than the
/// default language, each table's words not empty.
pub fn check_settings(config: &GuideConfig, region: &TomlRegion) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (code, settings) in &config.languages {
        let at = [Seg::Key("languages"), Seg::Key(code)];
        if !crate::i18n::is_language_tag(code) {
            errors.push(
                Diagnostic::error("E0304", format!("`{code}` is not a language code"))
                    .at(&region.file, region.key_span_of(&at))
                    .label("expected a BCP 47 language tag")
                    .help("write the language as BCP 47 does: `es`, `fr`, `cy`, `ar`, `pt-BR`, `zh-Hans`"),
            );
            continue;
        }
        if code.eq_ignore_ascii_case(&config.language) {
            errors.push(
                Diagnostic::error(
                    "E0304",
                    format!("`{code}` is the guide's own `language`"),
                )
                .at(&region.file, region.key_span_of(&at))
                .label("the default language needs no [languages] table")
                .help("[languages] lists the other languages; the default one's words are the guide's own"),
            );
        }
        let texts = [
            ("name", &settings.name),
            ("title", &settings.title),
            ("description", &settings.description),
            ("disclaimer", &settings.disclaimer),
            ("emergency", &settings.emergency),
        ];
        for (key, value) in texts {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                let mut path = at.to_vec();
                path.push(Seg::Key(key));
                errors.push(
                    Diagnostic::error("E0125", format!("`{key}` is empty"))
                        .at(&region.file, region.span_of(&path))
                        .label("write some text here")
                        .help(format!("translate the {key}, or leave the line out")),
                );
            }
        }
        errors.extend(unknown_terms(config, settings, code, region));
    }
    errors
}

/// A translated family or term the guide does not have.
fn unknown_terms(
    config: &GuideConfig,
    settings: &LanguageSettings,
    code: &str,
    region: &TomlRegion,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut check = |what: &'static str, slugs: Vec<&str>, known: &dyn Fn(&str) -> bool| {
        for slug in slugs {
            if known(slug) {
                continue;
            }
            errors.push(
                Diagnostic::error("E0307", format!("the guide has no {what} `{slug}`"))
                    .at(
                        &region.file,
                        region.key_span_of(&[
                            Seg::Key("languages"),
                            Seg::Key(code),
                            Seg::Key(what),
                            Seg::Key(slug),
                        ]),
                    )
                    .label("not in the default language")
                    .help(format!(
                        "translate the {what} guide.toml declares, under the same slug"
                    )),
            );
        }
    };
    check(
        "families",
        settings.families.keys().map(String::as_str).collect(),
        &|s| config.families.contains_key(s),
    );
    for name in VocabularyName::ALL {
        let given = match name {
            VocabularyName::Areas => &settings.areas,
            VocabularyName::Kinds => &settings.kinds,
            VocabularyName::Levels => &settings.levels,
            VocabularyName::Positions => &settings.positions,
            VocabularyName::Equipment => &settings.equipment,
        };
        let vocabulary = config.vocabulary(name);
        check(
            name.key(),
            given.keys().map(String::as_str).collect(),
            &|s| vocabulary.is_some_and(|v| v.get(s).is_some()),
        );
    }
    errors
}

/// The guide in each of its other languages, from the default language's
/// guide and the translation files; problems go into `report`.
pub fn guides(
    root: &Path,
    default: &Guide,
    routine_regions: &BTreeMap<String, TomlRegion>,
    files: &[TranslationFile],
    report: &mut Report,
) -> Vec<Guide> {
    for file in files {
        if !default.config.languages.contains_key(&file.named.lang) {
            report.push(undeclared(root, file, &default.config));
        }
    }
    let mut out = Vec::new();
    for (code, settings) in &default.config.languages {
        let mine: Vec<&TranslationFile> = files.iter().filter(|f| &f.named.lang == code).collect();
        match guide_in(
            root,
            default,
            code,
            settings,
            routine_regions,
            &mine,
            report,
        ) {
            Some(g) => out.push(g),
            None => continue,
        }
    }
    out
}

/// Tells every language's pages of every other: what the switcher and the
/// alternates need.
pub fn introduce(guide: &mut Guide) {
    if guide.others.is_empty() {
        return;
    }
    let entry = |g: &Guide| LanguageEntry {
        code: g.lang.code.clone(),
        name: g.lang.name.clone(),
        prefix: g.lang.prefix.clone(),
        untranslated_exercises: g
            .exercises
            .iter()
            .filter(|e| e.text.untranslated)
            .map(|e| e.slug.clone())
            .collect(),
        untranslated_routines: g
            .routines
            .iter()
            .filter(|r| r.text.untranslated)
            .map(|r| r.slug.clone())
            .collect(),
    };
    let all: Vec<LanguageEntry> = guide.in_every_language().map(entry).collect();
    Arc::make_mut(&mut guide.lang).all = all.clone();
    for other in &mut guide.others {
        Arc::make_mut(&mut other.lang).all = all.clone();
    }
}

fn undeclared(root: &Path, file: &TranslationFile, config: &GuideConfig) -> Diagnostic {
    let name = display_path(root, &file.path);
    let declared: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    let mut d = Diagnostic::error(
        "E0305",
        format!(
            "`{}` in the name {name} is not a language of this guide",
            file.named.lang
        ),
    )
    .in_file(&name);
    // Two-letter codes are all near each other: only the same language
    // written another way (`es-ES` for `es`) is worth suggesting.
    let lang = crate::i18n::base_language(&file.named.lang);
    let near = declared
        .iter()
        .copied()
        .find(|d| crate::i18n::base_language(d) == lang);
    d = match near {
        Some(near) => d.help(format!(
            "did you mean `{near}`? A dot in a content file's name starts its language"
        )),
        None => d.help(format!(
            "declare it in guide.toml as [languages.{}] with its `name` and `title`, or rename the file (a dot in a content file's name starts its language)",
            file.named.lang
        )),
    };
    d
}

fn guide_in(
    root: &Path,
    default: &Guide,
    code: &str,
    settings: &LanguageSettings,
    routine_regions: &BTreeMap<String, TomlRegion>,
    files: &[&TranslationFile],
    report: &mut Report,
) -> Option<Guide> {
    let words = match crate::i18n::words_for(root, code) {
        Ok(w) => w,
        Err(d) => {
            report.push(d);
            return None;
        }
    };
    let default_lang = default.config.language.clone();
    // Built-in terms in the language's words, then the guide's own.
    let mut config = default.config.clone();
    config.title_built_in_terms(&words);
    let mut config = translated_config(&config, settings);
    config.language = code.to_owned();
    let mut failed = false;
    let mut index = IndexPage {
        title: config.title.clone(),
        body: config.description.clone(),
        file: None,
    };
    if default.index.file.is_some() {
        index = default.index.clone();
    }
    let mut exercises: BTreeMap<String, ExerciseSource> = BTreeMap::new();
    let mut routines: BTreeMap<String, crate::model::Routine> = BTreeMap::new();
    for file in files {
        let text = match crate::files::read_source(root, &file.path) {
            Ok(t) => t,
            Err(d) => {
                report.push(d);
                failed = true;
                continue;
            }
        };
        let stem = file.named.stem.as_str();
        if stem == "_index" && file.named.extension == "md" {
            match super::index_page(text, "a translated home page") {
                Ok(page) => index = page,
                Err(d) => {
                    report.push(d);
                    failed = true;
                }
            }
        } else if let Some(slug) = stem.strip_prefix("exercises/") {
            let kind = match file.named.extension.as_str() {
                "md" => FileKind::Markdown,
                "toml" => FileKind::Toml,
                _ => {
                    report.push(not_content(root, file));
                    continue;
                }
            };
            let Some(original) = default
                .sources
                .iter()
                .find(|s| s.content_path.rsplit_once('.').map(|(p, _)| p) == Some(stem))
            else {
                report.push(no_original(root, file, slug));
                failed = true;
                continue;
            };
            match translation::translate_exercise(text, kind, original, &default_lang) {
                Ok(t) => {
                    report.extend(t.warnings);
                    exercises.insert(
                        original.exercise.slug.clone(),
                        ExerciseSource {
                            exercise: t.exercise,
                            fields: t.region,
                            content_path: original.content_path.clone(),
                        },
                    );
                }
                Err(ds) => {
                    report.extend(ds);
                    failed = true;
                }
            }
        } else if let Some(slug) = stem.strip_prefix("routines/")
            && file.named.extension == "toml"
        {
            let found = default.routines.iter().find(|r| r.slug == slug);
            let (Some(original), Some(region)) = (found, routine_regions.get(slug)) else {
                report.push(no_original(root, file, slug));
                failed = true;
                continue;
            };
            match translation::translate_routine(text, original, region, &default_lang) {
                Ok((r, warnings)) => {
                    report.extend(warnings);
                    routines.insert(slug.to_owned(), r);
                }
                Err(ds) => {
                    report.extend(ds);
                    failed = true;
                }
            }
        } else {
            report.push(not_content(root, file));
        }
    }
    if failed {
        return None;
    }
    let up = "../".repeat(code.matches('/').count() + 1);
    let untranslated = |lang: &str| TextLanguage {
        untranslated: true,
        fallback: Vec::new(),
        original_lang: lang.to_owned(),
        up: up.clone(),
    };
    let mut missing = Vec::new();
    let sources: Vec<ExerciseSource> = default
        .sources
        .iter()
        .map(|s| match exercises.remove(&s.exercise.slug) {
            Some(t) => t,
            None => {
                missing.push(s.exercise.slug.clone());
                let mut s = s.clone();
                s.exercise.text = untranslated(&default_lang);
                s
            }
        })
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
        let more = missing.len().saturating_sub(shown.len());
        let list = if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        };
        report.push(
            Diagnostic::warning(
                "W0017",
                format!(
                    "{} of {} exercises have no {code} translation: {list}",
                    missing.len(),
                    default.sources.len()
                ),
            )
            .in_file("content/exercises/")
            .help(format!(
                "the {code} pages list them with their {default_lang} page; add <slug>.{code}.md (or .toml) beside each"
            )),
        );
    }
    let routines: Vec<crate::model::Routine> = default
        .routines
        .iter()
        .map(|r| match routines.remove(&r.slug) {
            Some(t) => t,
            None => {
                let mut r = r.clone();
                r.text = untranslated(&default_lang);
                r
            }
        })
        .collect();
    let exercises = sources.iter().map(|s| s.exercise.clone()).collect();
    let lang = PageLanguage {
        code: code.to_owned(),
        dir: crate::i18n::direction(code),
        prefix: format!("{code}/"),
        name: settings
            .name
            .clone()
            .unwrap_or_else(|| words.text_or("language_name", code)),
        words,
        all: Vec::new(),
    };
    Some(Guide {
        root: default.root.clone(),
        config,
        index,
        exercises,
        sources,
        routines,
        pictures: PictureStats::default(),
        lang: Arc::new(lang),
        others: Vec::new(),
    })
}

/// The plain-language checks of a language's own words: its translations
/// and its home page, each once (what is still the default language's was
/// checked with it). The disclaimer is left to the default language's
/// check, whose places in guide.toml it knows.
pub fn plain_check(other: &Guide, default: &Guide, config_file: &SourceFile) -> Vec<Diagnostic> {
    let mut config = other.config.clone();
    config.disclaimer = None;
    let translated: Vec<ExerciseSource> = other
        .sources
        .iter()
        .filter(|s| !s.exercise.text.untranslated)
        .cloned()
        .collect();
    let own_index =
        other.index.file.as_ref().map(|f| &f.name) != default.index.file.as_ref().map(|f| &f.name);
    let index = if own_index {
        other.index.clone()
    } else {
        IndexPage {
            title: String::new(),
            body: String::new(),
            file: None,
        }
    };
    // The note that only sentence length is checked outside English is
    // the docs' to say, once, not every check's for every language.
    super::plain::check(&config, config_file, &index, &translated, &[])
        .into_iter()
        .filter(|d| !d.code.is_empty())
        .collect()
}

/// The guide's settings with a language's words over them.
fn translated_config(default: &GuideConfig, settings: &LanguageSettings) -> GuideConfig {
    let mut config = default.clone();
    if let Some(t) = &settings.title {
        config.title = t.clone();
    }
    if let Some(d) = &settings.description {
        config.description = d.clone();
    }
    if settings.disclaimer.is_some() {
        config.disclaimer = settings.disclaimer.clone();
    }
    if settings.emergency.is_some() {
        config.emergency = settings.emergency.clone();
    }
    for (slug, words) in &settings.families {
        if let Some(f) = config.families.get_mut(slug) {
            f.title = words.title.clone();
            if let Some(d) = &words.description {
                f.description = Some(d.clone());
            }
        }
    }
    for name in VocabularyName::ALL {
        let given = match name {
            VocabularyName::Areas => &settings.areas,
            VocabularyName::Kinds => &settings.kinds,
            VocabularyName::Levels => &settings.levels,
            VocabularyName::Positions => &settings.positions,
            VocabularyName::Equipment => &settings.equipment,
        };
        if let Some(v) = config.vocabulary_mut(name) {
            for (slug, words) in given {
                v.retitle(slug, &words.title, words.description.as_deref());
            }
        }
    }
    config
}

fn no_original(root: &Path, file: &TranslationFile, slug: &str) -> Diagnostic {
    let name = display_path(root, &file.path);
    Diagnostic::error(
        "E0308",
        format!("{name} translates `{slug}`, which the guide does not have"),
    )
    .in_file(&name)
    .help(format!(
        "a translation sits beside its original: {}.md (or .toml) must exist in the default language",
        file.named.stem
    ))
}

fn not_content(root: &Path, file: &TranslationFile) -> Diagnostic {
    let name = display_path(root, &file.path);
    Diagnostic::warning("W0002", format!("{name} is not used"))
        .in_file(&name)
        .help("translations are <slug>.<language>.md or .toml in content/exercises/, <slug>.<language>.toml in content/routines/, and _index.<language>.md")
}
