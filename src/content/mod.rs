//! Loading a guide folder into the typed model, with every problem found
//! along the way.

mod exercise;
mod languages;
mod links;
mod markdown_file;
mod media;
mod plain;
mod pose;
mod review;
mod routine;
mod routine_dose;
mod translation;
mod urgent;
mod web_address;
mod web_app;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use exercise::{FileKind, MAX_SLUG_BYTES, PLACEHOLDER, is_valid_slug, parse_exercise, slugify};
pub use links::internal_links;
pub use media::{
    MediaRef, PICTURE_EXTENSIONS, Slot, check_files as check_media_files, refs as media_refs,
};
pub use routine::{MAX_ROUTINE_SECONDS, RoutineSource};
pub use web_address::check_base_url;

use crate::diagnostic::{Diagnostic, Report, SourceFile, display_path};
use crate::files::{content_dir, static_dir};
use crate::model::{
    ExerciseSource, Guide, GuideConfig, IndexFrontMatter, IndexPage, PageLanguage, PictureStats,
    VocabularyName,
};
use crate::toml_doc::{Seg, TomlRegion};

pub const CONFIG_FILE: &str = "guide.toml";

/// What parsing one exercise file gave: the exercise and its warnings, or
/// the errors that kept its fields from being read.
type Parsed = Result<(ExerciseSource, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Exercise files as last parsed, kept between loads by `serve`: a file
/// whose text is the same is not parsed again. Parsing depends on the
/// guide's settings and on static/ (an exercise's picture must exist), so
/// the cache empties itself when the settings change and must be emptied
/// ([`ParseCache::clear`]) when static/ does.
#[derive(Debug, Default)]
pub struct ParseCache {
    config: Option<GuideConfig>,
    files: HashMap<String, Cached>,
}

#[derive(Debug, Clone)]
struct Cached {
    text: Arc<str>,
    parsed: Arc<Parsed>,
    /// The file's size and time of change when it was read, and when that
    /// was: a file that still has them need not be read again.
    stamp: Option<(u64, SystemTime)>,
    read_at: SystemTime,
}

/// How long after a file's time of change its stamp can be trusted. File
/// times are kept to a clock tick of a few milliseconds, so a file written
/// twice within one tick, the same size both times, keeps its stamp; a file
/// read while its stamp was that recent is read again next time (the rule
/// git uses for its index).
const SETTLED: Duration = Duration::from_secs(2);

impl ParseCache {
    pub fn clear(&mut self) {
        self.files.clear();
    }

    /// Parsing depends on the guide's settings: new ones empty the cache.
    fn settings_are(&mut self, config: &GuideConfig) {
        if self.config.as_ref() != Some(config) {
            self.files.clear();
            self.config = Some(config.clone());
        }
    }

    /// What the file parsed to, if its text is `text`.
    fn same_text(&self, rel: &str, text: &Arc<str>) -> Option<Arc<Parsed>> {
        let cached = self.files.get(rel)?;
        (cached.text == *text).then(|| cached.parsed.clone())
    }

    /// The file as last read, if it cannot have changed since: the same
    /// size and time of change, which had settled when it was read.
    fn unchanged(&self, rel: &str, stamp: Option<(u64, SystemTime)>) -> Option<Cached> {
        let cached = self.files.get(rel)?;
        let (_, changed) = stamp?;
        let settled = changed
            .checked_add(SETTLED)
            .is_some_and(|t| t < cached.read_at);
        (cached.stamp == stamp && settled).then(|| cached.clone())
    }
}

/// A file's size and time of change, where the system gives them.
fn stamp_of(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Reads and checks the whole guide. Returns the guide when there is no
/// error; the report holds every problem, warnings included, either way.
pub fn load(root: &Path) -> (Option<Guide>, Report) {
    load_with(root, None, Review::Build)
}

/// What a load checks beyond what a page needs to be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Review {
    /// `build` and `serve`: every error and the warnings each file gives.
    #[default]
    Build,
    /// `check`: also the plain-language review (reading grade, long
    /// sentences), which reads every page's text again and would add about
    /// a third to the build of a large guide and to every `serve` rebuild.
    Full,
}

/// [`load`] as `limber check` runs it: with the plain-language review.
pub fn load_reviewed(root: &Path) -> (Option<Guide>, Report) {
    load_with(root, None, Review::Full)
}

/// [`load`], parsing again only the exercise files that changed since
/// `cache` was filled: exactly what `load` gives, sooner.
pub fn load_cached(root: &Path, cache: &mut ParseCache) -> (Option<Guide>, Report) {
    load_with(root, Some(cache), Review::Build)
}

fn load_with(
    root: &Path,
    mut cache: Option<&mut ParseCache>,
    review: Review,
) -> (Option<Guide>, Report) {
    let mut report = Report::default();
    let (mut config, config_file) = match load_config_file(root) {
        Ok(c) => c,
        Err(d) => {
            report.push(d);
            return (None, report);
        }
    };
    report.extend(web_app::resolve(root, &mut config, &config_file));
    let config_region = TomlRegion::new(config_file.clone(), 0..config_file.text.len());
    report.extend(languages::check_settings(&config, &config_region));
    if let Some(cache) = cache.as_deref_mut() {
        cache.settings_are(&config);
    }
    let content = content_dir(root);
    if !content.is_dir() {
        report.push(no_content_folder());
        return (None, report);
    }
    let walked = walk_content(root, &content, &mut report);
    let parsed = read_and_parse(root, &walked.exercise_files, &config, cache.as_deref());
    let parsed = keep_in_cache(&walked.exercise_files, parsed, cache);
    // Files that exist but cannot be read report their own errors: "no
    // exercises" is said only when there is no exercise file at all.
    let no_exercise_files = walked.exercise_files.is_empty();
    let (mut sources, unreadable) = take_parsed(walked.exercise_files, parsed, &mut report);
    sort_in_index_order(&mut sources);
    if no_exercise_files {
        report.push(no_exercises());
    }
    let index = walked.index.unwrap_or_else(|| IndexPage {
        title: config.title.clone(),
        body: config.description.clone(),
        file: None,
    });

    report.extend(links::check_cross_references(
        &config,
        &config_file,
        &index,
        &sources,
        &unreadable,
    ));
    let (routines, routine_errors) =
        routine::resolve(&walked.routine_sources, &sources, &unreadable, &config);
    report.extend(routine_errors);
    report.extend(urgent::check(&config, &config_file));
    if review == Review::Full {
        report.extend(plain::check(
            &config,
            &config_file,
            &index,
            &sources,
            &walked.routine_sources,
        ));
    }
    report.extend(review::check(
        &config,
        &config_file,
        &sources,
        crate::date::Date::today(),
    ));
    report.allow(&config.check.allow);
    report.sort();
    if report.has_errors() {
        return (None, report);
    }
    let walked_regions = walked
        .routine_sources
        .iter()
        .map(|r| (r.slug.clone(), r.region.clone()))
        .collect();
    let translations = walked.translations;
    let words = match crate::i18n::words_for(root, &config.language) {
        Ok(w) => w,
        Err(d) => {
            report.push(d);
            return (None, report);
        }
    };
    config.title_built_in_terms(&words);
    let lang = std::sync::Arc::new(PageLanguage::default_for(&config.language, words));
    let exercises = sources.par_iter().map(|s| s.exercise.clone()).collect();
    let guide = Guide {
        root: root.to_path_buf(),
        config,
        index,
        exercises,
        sources,
        routines,
        pictures: PictureStats::default(),
        lang,
        others: Vec::new(),
    };
    let mut guide = guide;
    let regions: std::collections::BTreeMap<String, crate::toml_doc::TomlRegion> = walked_regions;
    guide.others = languages::guides(root, &guide, &regions, &translations, &mut report);
    languages::introduce(&mut guide);
    if review == Review::Full {
        for other in &guide.others {
            report.extend(languages::plain_check(other, &guide, &config_file));
        }
    }
    report.allow(&guide.config.check.allow);
    report.sort();
    if report.has_errors() {
        return (None, report);
    }
    (Some(guide), report)
}

fn no_content_folder() -> Diagnostic {
    Diagnostic::error("E0010", "the guide has no content/ folder")
        .in_file("content/")
        .help("create content/exercises/ and put one .md or .toml file per exercise in it")
}

fn no_exercises() -> Diagnostic {
    Diagnostic::error("E0011", "the guide has no exercises")
        .in_file("content/exercises/")
        .help("add a file such as content/exercises/cat-cow.md; `limber init` shows a complete example")
}

/// An exercise file found in content/: (path, content path, kind).
type ExerciseFile = (PathBuf, String, FileKind);

/// What the walk of content/ found. Exercise files are parsed after it.
#[derive(Default)]
struct Walked {
    index: Option<IndexPage>,
    exercise_files: Vec<ExerciseFile>,
    routine_sources: Vec<RoutineSource>,
    /// Files named for a language: `cat-cow.es.md`.
    translations: Vec<languages::TranslationFile>,
}

/// Walks content/ in file-name order: reads the front page and the
/// routines, lists the exercise files, and reports what cannot be read or
/// is not used.
fn walk_content(root: &Path, content: &Path, report: &mut Report) -> Walked {
    let mut walked = Walked::default();
    for entry in WalkDir::new(content)
        .sort_by_file_name()
        .follow_links(false)
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let name = e.path().map(|p| display_path(root, p)).unwrap_or_default();
                report.push(crate::files::cannot_read(&name, &e));
                continue;
            }
        };
        let path = entry.path();
        if is_hidden(path) && !entry.path_is_symlink() {
            continue;
        }
        if let Some(problem) = crate::files::entry_problem(root, &entry) {
            report.push(problem);
            continue;
        }
        if entry.file_type().is_file() {
            take_file(root, path, display_path(content, path), &mut walked, report);
        }
    }
    walked
}

/// One regular file of content/, by where it is (`rel`, from content/).
fn take_file(root: &Path, path: &Path, rel: String, walked: &mut Walked, report: &mut Report) {
    if let Some(named) = translation::language_in_name(&rel) {
        walked.translations.push(languages::TranslationFile {
            path: path.to_path_buf(),
            named,
        });
        return;
    }
    match classify(&rel) {
        Some(ContentFile::Index) => match load_index(root, path) {
            Ok(page) => walked.index = Some(page),
            Err(d) => report.push(d),
        },
        Some(ContentFile::Exercise(kind)) => {
            walked.exercise_files.push((path.to_path_buf(), rel, kind))
        }
        Some(ContentFile::Routine) => {
            let parsed = crate::files::read_source(root, path)
                .map_err(|d| vec![d])
                .and_then(|file| routine::parse_routine(file, &rel));
            match parsed {
                Ok(src) => walked.routine_sources.push(src),
                Err(ds) => report.extend(ds),
            }
        }
        None => {
            let name = display_path(root, path);
            report.push(
                Diagnostic::warning("W0002", format!("{name} is not used"))
                    .in_file(&name)
                    .help("exercises go in content/exercises/ as .md or .toml files, routines in content/routines/ as .toml files; pictures go in static/"),
            )
        }
    }
}

/// Reads and parses each exercise file, or takes it from `cache` when it
/// has not changed. Reading and parsing is most of loading and each file is
/// independent: parse in parallel, then take the results in walk order,
/// exactly as a sequential loop would.
fn read_and_parse(
    root: &Path,
    files: &[ExerciseFile],
    config: &GuideConfig,
    cache: Option<&ParseCache>,
) -> Vec<Result<Cached, Diagnostic>> {
    let static_root = static_dir(root);
    files
        .par_iter()
        .map(|(path, rel, kind)| {
            let stamp = cache.and_then(|_| stamp_of(path));
            if let Some(cached) = cache.and_then(|c| c.unchanged(rel, stamp)) {
                return Ok(cached);
            }
            let read_at = SystemTime::now();
            // Outer error: the file could not be read; inner: its fields
            // could not be parsed (then others' references to it are
            // not reported, as the file does exist).
            let file = crate::files::read_source(root, path)?;
            let text = file.text.clone();
            let parsed = match cache.and_then(|c| c.same_text(rel, &text)) {
                Some(p) => p,
                None => Arc::new(exercise::parse_exercise(
                    file,
                    *kind,
                    rel.clone(),
                    config,
                    &static_root,
                )),
            };
            Ok(Cached {
                text,
                parsed,
                stamp,
                read_at,
            })
        })
        .collect()
}

/// What each file parsed to; `cache`, if any, now holds exactly the files
/// read this time.
fn keep_in_cache(
    files: &[ExerciseFile],
    parsed: Vec<Result<Cached, Diagnostic>>,
    cache: Option<&mut ParseCache>,
) -> Vec<Result<Parsed, Diagnostic>> {
    let Some(cache) = cache else {
        // Nothing else holds the results: taken without a copy.
        return parsed
            .into_iter()
            .map(|r| r.map(|cached| Arc::unwrap_or_clone(cached.parsed)))
            .collect();
    };
    let mut kept = HashMap::with_capacity(files.len());
    let parsed = files
        .iter()
        .zip(parsed)
        .map(|((_, rel, _), result)| {
            result.map(|cached| {
                let own = Parsed::clone(&cached.parsed);
                kept.insert(rel.clone(), cached);
                own
            })
        })
        .collect();
    // Files gone since are forgotten.
    cache.files = kept;
    parsed
}

/// The exercises that parsed, in walk order, and the files that exist but
/// whose fields could not be read: (content path, stem). Every file's own
/// problems go into `report`; others' references to an unreadable file are
/// not reported, as its own errors say what to fix.
fn take_parsed(
    files: Vec<ExerciseFile>,
    parsed: Vec<Result<Parsed, Diagnostic>>,
    report: &mut Report,
) -> (Vec<ExerciseSource>, Vec<(String, String)>) {
    let mut sources = Vec::with_capacity(files.len());
    let mut unreadable = Vec::new();
    for ((_, rel, _), result) in files.into_iter().zip(parsed) {
        let problems = match result {
            Ok(Ok((src, problems))) => {
                report.extend(problems);
                sources.push(src);
                continue;
            }
            Err(d) => vec![d],
            Ok(Err(ds)) => ds,
        };
        report.extend(problems);
        let stem = Path::new(&rel)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        unreadable.push((rel, stem));
    }
    (sources, unreadable)
}

/// Index order: `order`, then title, then slug.
fn sort_in_index_order(sources: &mut [ExerciseSource]) {
    sources.sort_by(|a, b| {
        let (a, b) = (&a.exercise, &b.exercise);
        (a.order.unwrap_or(i64::MAX), &a.title, &a.slug).cmp(&(
            b.order.unwrap_or(i64::MAX),
            &b.title,
            &b.slug,
        ))
    });
}

enum ContentFile {
    Index,
    Exercise(FileKind),
    Routine,
}

fn classify(rel: &str) -> Option<ContentFile> {
    if rel == "_index.md" {
        return Some(ContentFile::Index);
    }
    if let Some(name) = rel.strip_prefix("routines/") {
        // Only files directly in routines/: the slug is the file name.
        return (name.ends_with(".toml") && !name.contains('/')).then_some(ContentFile::Routine);
    }
    let rest = rel.strip_prefix("exercises/")?;
    if rest.ends_with(".md") {
        Some(ContentFile::Exercise(FileKind::Markdown))
    } else if rest.ends_with(".toml") {
        Some(ContentFile::Exercise(FileKind::Toml))
    } else {
        None
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

pub fn load_config(root: &Path) -> Result<GuideConfig, Diagnostic> {
    load_config_file(root).map(|(config, _)| config)
}

/// [`load_config`], with the file's text, so that later checks (links in
/// the disclaimer, say) can point into it.
fn load_config_file(root: &Path) -> Result<(GuideConfig, SourceFile), Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.exists() && std::fs::symlink_metadata(&path).is_err() {
        return Err(Diagnostic::error("E0012", format!("no {CONFIG_FILE} in {}", root.display()))
            .in_file(CONFIG_FILE)
            .help("run limber in the guide's folder (or pass --root DIR); `limber init DIR` creates a new guide"));
    }
    let file = crate::files::read_source(root, &path)?;
    let len = file.text.len();
    let region = TomlRegion::new(file, 0..len);
    let config: GuideConfig = region.parse("guide.toml")?;
    for (key, value) in [("title", &config.title), ("author", &config.author)] {
        if value.trim().is_empty() {
            return Err(Diagnostic::error("E0125", format!("`{key}` is empty"))
                .at(&region.file, region.span_of(&[Seg::Key(key)]))
                .label("write some text here")
                .help(format!("give the guide a {key}")));
        }
    }
    if let Some(by) = &config.reviewed_by
        && by.trim().is_empty()
    {
        return Err(Diagnostic::error("E0125", "`reviewed_by` is empty")
            .at(&region.file, region.span_of(&[Seg::Key("reviewed_by")]))
            .label("write some text here")
            .help("name who reviewed the guide, or remove `reviewed_by`"));
    }
    if let Some(emergency) = &config.emergency
        && emergency.trim().is_empty()
    {
        return Err(Diagnostic::error("E0125", "`emergency` is empty")
            .at(&region.file, region.span_of(&[Seg::Key("emergency")]))
            .label("write some text here")
            .help("write the number readers call in an emergency, e.g. emergency = \"999\", or remove the line"));
    }
    let limits = [
        (
            vec![Seg::Key("check"), Seg::Key("max_grade")],
            config.check.max_grade,
        ),
        (
            vec![Seg::Key("check"), Seg::Key("max_sentence_words")],
            config.check.max_sentence_words,
        ),
        (
            vec![Seg::Key("review_every_months")],
            config.review_every_months.unwrap_or(1),
        ),
    ];
    for (path, value) in limits {
        if value == 0 {
            return Err(Diagnostic::error("E0181", "a limit of 0 cannot be met")
                .at(&region.file, region.span_of(&path))
                .label("must be at least 1")
                .help("write a whole number of at least 1, or leave the key out for the default"));
        }
    }
    if let Some(url) = &config.base_url
        && let Err(why) = web_address::check_base_url(url)
    {
        return Err(
            Diagnostic::error("E0170", format!("`base_url` {why}"))
                .at(&region.file, region.span_of(&[Seg::Key("base_url")]))
                .label("not a web address")
                .help("write the full address the site will be published at, e.g. base_url = \"https://example.org/guide/\""),
        );
    }
    if let Some(name) = &config.cname
        && let Err(why) = web_address::check_cname(name)
    {
        return Err(Diagnostic::error("E0171", format!("`cname` {why}"))
            .at(&region.file, region.span_of(&[Seg::Key("cname")]))
            .label("not a host name")
            .help("write the custom domain alone, e.g. cname = \"exercises.example.org\""));
    }
    check_allowed_warnings(&config, &region)?;
    if config.index.page_size == 0 {
        return Err(
            Diagnostic::error("E0180", "`[index] page_size` is 0")
                .at(&region.file, region.span_of(&[Seg::Key("index"), Seg::Key("page_size")]))
                .label("a page must show at least one exercise")
                .help(format!("write a number of exercise cards per page, such as page_size = {}, or leave it out", crate::model::IndexSettings::DEFAULT_PAGE_SIZE)),
        );
    }
    let markdown = std::iter::once((vec![Seg::Key("disclaimer")], &config.disclaimer)).chain(
        config.families.iter().map(|(slug, f)| {
            let path = vec![
                Seg::Key("families"),
                Seg::Key(slug),
                Seg::Key("description"),
            ];
            (path, &f.description)
        }),
    );
    for (path, text) in markdown {
        if text
            .as_deref()
            .and_then(crate::markdown::too_deep)
            .is_some()
        {
            return Err(markdown_file::nesting_error().at(&region.file, region.span_of(&path)));
        }
    }
    for slug in config.families.keys() {
        if !is_valid_slug(slug) {
            let (message, label) =
                exercise::slug_problem("family ", slug, "slugs use only a-z, 0-9 and -");
            return Err(Diagnostic::error("E0130", message)
                .at(
                    &region.file,
                    region.key_span_of(&[Seg::Key("families"), Seg::Key(slug)]),
                )
                .label(label)
                .help(format!("write [families.{}]", slugify(slug))));
        }
    }
    check_vocabularies(&config, &region)?;
    Ok((config, region.file))
}

/// Each declared vocabulary: valid, distinct slugs, titles with text,
/// `floor` only on positions, and a kind and a level to choose from.
fn check_vocabularies(config: &GuideConfig, region: &TomlRegion) -> Result<(), Diagnostic> {
    for name in VocabularyName::ALL {
        let Some(vocab) = config.vocabulary(name).filter(|v| v.declared) else {
            continue;
        };
        let key = name.key();
        let at = |i: usize, slug: &str, field: Option<&str>| match (vocab.tables, field) {
            (true, Some(f)) => region.span_of(&[Seg::Key(key), Seg::Key(slug), Seg::Key(f)]),
            (true, None) => region.key_span_of(&[Seg::Key(key), Seg::Key(slug)]),
            (false, _) => region.span_of(&[Seg::Key(key), Seg::Index(i)]),
        };
        let needs_one = matches!(name, VocabularyName::Kinds | VocabularyName::Levels);
        if needs_one && vocab.terms().is_empty() {
            return Err(Diagnostic::error(
                "E0131",
                format!("`{key}` in guide.toml needs at least one {}", name.noun()),
            )
            .at(&region.file, region.key_span_of(&[Seg::Key(key)]))
            .label("no terms")
            .help(format!(
                "declare one, e.g. [{key}.{}] title = \"…\", or leave `{key}` out for the built-in ones",
                if name == VocabularyName::Kinds { "stretch" } else { "beginner" }
            )));
        }
        for (i, term) in vocab.terms().iter().enumerate() {
            let slug = term.slug.as_str();
            if !is_valid_slug(slug) {
                let fixed = match slugify(&deunicode::deunicode(slug)) {
                    s if s.is_empty() => "my-term".to_owned(),
                    s => s,
                };
                return Err(Diagnostic::error(
                    "E0130",
                    format!("{} `{slug}` is not a valid slug", name.noun()),
                )
                .at(&region.file, at(i, slug, None))
                .label("slugs use only a-z, 0-9 and -")
                .help(if vocab.tables {
                    format!("write [{key}.{fixed}]")
                } else {
                    format!("write \"{fixed}\"")
                }));
            }
            let first = vocab.rank(slug);
            if first < i {
                return Err(Diagnostic::error(
                    "E0101",
                    format!("{} `{slug}` is given twice in `{key}`", name.noun()),
                )
                .at(&region.file, at(i, slug, None))
                .label(format!("also entry {} of the list", first + 1))
                .help("give each term once; delete one of them"));
            }
            if vocab.tables && term.title.trim().is_empty() {
                return Err(
                    Diagnostic::error("E0125", format!("`{key}.{slug}.title` is empty"))
                        .at(&region.file, at(i, slug, Some("title")))
                        .label("write some text here")
                        .help(format!("give the {} the name pages show", name.noun())),
                );
            }
            if term.floor.is_some() && name != VocabularyName::Positions {
                return Err(Diagnostic::error(
                    "E0110",
                    format!("unknown field `floor` in `[{key}.{slug}]`"),
                )
                .at(
                    &region.file,
                    region.key_span_of(&[Seg::Key(key), Seg::Key(slug), Seg::Key("floor")]),
                )
                .label("only positions are floor work or not")
                .help("remove `floor`, or declare this term under [positions.<slug>]"));
            }
        }
    }
    Ok(())
}

/// `[check] allow` may name warnings only: an error cannot be turned off.
fn check_allowed_warnings(config: &GuideConfig, region: &TomlRegion) -> Result<(), Diagnostic> {
    for (i, code) in config.check.allow.iter().enumerate() {
        if crate::diagnostic::WARNING_CODES.contains(&code.as_str()) {
            continue;
        }
        let is_error = code.starts_with('E');
        let d = Diagnostic::error(
            "E0128",
            if is_error {
                format!("`{code}` is an error, and errors cannot be turned off")
            } else {
                format!("`{code}` is not a warning limber gives")
            },
        )
        .at(
            &region.file,
            region.span_of(&[Seg::Key("check"), Seg::Key("allow"), Seg::Index(i)]),
        )
        .label(if is_error {
            "an error"
        } else {
            "no such warning"
        })
        .help(format!(
            "`[check] allow` takes warning codes: {}",
            crate::diagnostic::WARNING_CODES.join(", ")
        ));
        return Err(d);
    }
    Ok(())
}

fn load_index(root: &Path, path: &Path) -> Result<IndexPage, Diagnostic> {
    index_page(crate::files::read_source(root, path)?, "content/_index.md")
}

/// A home page, in any language: `_index.md` or `_index.es.md`.
fn index_page(file: SourceFile, what: &str) -> Result<IndexPage, Diagnostic> {
    let md = markdown_file::split(&file)?;
    let front: IndexFrontMatter = md.front.parse(what)?;
    markdown_file::check_nesting(&file, md.body.clone())?;
    Ok(IndexPage {
        title: front.title,
        body: file.text[md.body].trim().to_owned(),
        file: Some(file),
    })
}
