//! The build, as named phases: load and validate the content, render every
//! page, then swap the output in whole.
//!
//! Each page goes into a staging folder beside the output as soon as it is
//! rendered (so a large guide is never held in memory whole); the output
//! folder is untouched until every page has rendered, then replaced by the
//! staging folder, so a failed build leaves the previous one exactly as it
//! was.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

mod destination;
mod filters;
mod output;
mod pages;
pub mod pictures;
mod plan;
mod search;
mod webapp;

pub use filters::FILTER_INDEX;
pub use output::{Discard, InMemory, Output, Staging};
pub use pages::{Fingerprint, Page, Pages, Reusable};
pub use plan::PLAN_DATA_DIR;
pub use search::SEARCH_INDEX;

use crate::assets;
use crate::content;
use crate::diagnostic::{Diagnostic, Report, display_path};
use crate::model::Guide;
use crate::render::Renderer;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` in guide.toml.
    pub base_url: Option<String>,
    /// How much the load reviews: `check` asks for the full review.
    pub review: content::Review,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Warnings found on the way; the build succeeded regardless.
    pub report: Report,
    pub pictures: crate::model::PictureStats,
}

/// A mutex's data, even if a thread panicked holding it: everything the
/// build and the server keep under a lock is replaced or inserted whole, so
/// it is never half-made.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The whole site as bytes, keyed by path under the output folder.
pub type Site = BTreeMap<String, Vec<u8>>;

/// Phase 1: load and validate.
pub fn load(options: &BuildOptions) -> (Option<Guide>, Report) {
    load_with(options, None)
}

/// Phase 1, parsing again only the exercise files changed since `cache`
/// was filled.
pub fn load_cached(
    options: &BuildOptions,
    cache: &mut content::ParseCache,
) -> (Option<Guide>, Report) {
    load_with(options, Some(cache))
}

fn load_with(
    options: &BuildOptions,
    cache: Option<&mut content::ParseCache>,
) -> (Option<Guide>, Report) {
    let (guide, mut report) = match (cache, options.review) {
        (Some(cache), _) => content::load_cached(&options.root, cache),
        (None, content::Review::Build) => content::load(&options.root),
        (None, content::Review::Full) => content::load_reviewed(&options.root),
    };
    if let Some(url) = &options.base_url
        && let Err(why) = crate::content::check_base_url(url)
    {
        report.push(
            Diagnostic::error("E0170", format!("--base-url `{url}` {why}"))
                .help("give the full address the site will be published at, e.g. --base-url https://example.org/guide/"),
        );
        return (None, report);
    }
    let Some(mut g) = guide else {
        return (None, report);
    };
    if let Some(url) = &options.base_url {
        g.config.base_url = Some(url.clone());
    }
    if let Some(url) = &mut g.config.base_url
        && !url.ends_with('/')
    {
        url.push('/');
    }
    // The pages need each picture's size and copies.
    if let Err(ds) = pictures::prepare(&mut g) {
        report.extend(ds);
        report.sort();
        return (None, report);
    }
    share_with_other_languages(&mut g);
    (Some(g), report)
}

/// What the default language's guide learnt of its settings and files that
/// every language's pages share: the address, the pictures' copies, the
/// captions read.
fn share_with_other_languages(g: &mut Guide) {
    let Guide {
        config,
        exercises,
        others,
        pictures,
        ..
    } = g;
    for other in others.iter_mut() {
        other.config.base_url = config.base_url.clone();
        other.pictures = *pictures;
        for (mine, theirs) in other.exercises.iter_mut().zip(exercises.iter()) {
            for (image, original) in mine.images.iter_mut().zip(&theirs.images) {
                image.picture = original.picture.clone();
            }
            if let (Some(v), Some(o)) = (&mut mine.video, &theirs.video) {
                v.captions_text = o.captions_text.clone();
            }
        }
    }
}

/// Phase 2, in memory: every page and every static file, and how many of
/// the files are pages.
pub fn render(guide: &Guide) -> Result<(Site, usize), Vec<Diagnostic>> {
    let renderer = Renderer::new(&guide.root)?;
    let out = InMemory::default();
    let made = render_pages_to(guide, &renderer, &out)?;
    pictures::write(guide, &out)?;
    let statics = static_files(&guide.root)?;
    Ok((with_static_files(out.into_site(), &statics), made.pages))
}

/// How many of `site`'s files are pages, for the summary line.
pub fn page_count<V>(site: &BTreeMap<String, V>) -> usize {
    site.keys().filter(|k| k.ends_with(".html")).count()
}

/// `pages` with the static files over them: a file in static/ wins over a
/// page or built-in asset of the same name, as authors expect of static/.
pub fn with_static_files(mut pages: Site, statics: &Site) -> Site {
    pages.extend(statics.iter().map(|(k, v)| (k.clone(), v.clone())));
    pages
}

/// The built-in assets, then every file of the guide's static/ over them.
pub fn static_files(root: &Path) -> Result<Site, Vec<Diagnostic>> {
    let mut site: Site = assets::STATIC
        .iter()
        .map(|(name, bytes)| ((*name).to_owned(), assets::compact(name, bytes)))
        .collect();
    add_static_files(root, &mut site).map_err(|d| vec![d])?;
    Ok(site)
}

/// What went to an output.
#[derive(Debug, Default)]
pub struct Made {
    pub pages: usize,
    /// Every file's path, pages included.
    pub paths: BTreeSet<String>,
}

/// Every HTML page of the guide and the files made from them, each handed
/// to `out` as soon as it is made.
pub fn render_pages_to(
    guide: &Guide,
    renderer: &Renderer,
    out: &dyn Output,
) -> Result<Made, Vec<Diagnostic>> {
    let mut count = 0;
    let mut every_path: Vec<String> = Vec::new();
    let mut paths: BTreeSet<String> = BTreeSet::new();
    // Other languages first: the default language's files that cover the
    // whole site (the sitemap) list every language's pages.
    for lang_guide in guide.others.iter() {
        let (pages, files) = render_language_to(lang_guide, renderer, out)?;
        count += pages.len();
        paths.extend(files);
        every_path.extend(pages);
    }
    let pages = Pages::new(guide, renderer);
    let all = pages.all();
    count += all.len();
    let own: Vec<String> = all.iter().map(|(path, _)| path.clone()).collect();
    pages.render_each(all, out)?;
    let mut site_paths = own.clone();
    site_paths.extend(every_path.iter().cloned());
    site_paths.sort();
    // Made after the pages rather than beside them, though each is made in
    // parallel: the open data of a large guide is tens of megabytes, which
    // would add to the memory the largest list pages take while they render.
    let made = files_from_pages(guide, &pages, &site_paths);
    paths.extend(site_paths);
    for (path, bytes) in made {
        out.put(&path, bytes)
            .map_err(|e| vec![cannot_write(&path, &e)])?;
        paths.insert(path);
    }
    Ok(Made {
        pages: count,
        paths,
    })
}

/// Every page of a language other than the default, under its folder, and
/// the files of its own: the paths of its pages, and of its other files.
pub fn render_language_to(
    lang_guide: &Guide,
    renderer: &Renderer,
    out: &dyn Output,
) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
    let prefix = lang_guide.lang.prefix.as_str();
    let under = output::Prefixed { prefix, out };
    let pages = Pages::new(lang_guide, renderer);
    let all = pages.all();
    let own: Vec<String> = all
        .iter()
        .map(|(path, _)| format!("{prefix}{path}"))
        .collect();
    pages.render_each(all, &under)?;
    let mut files = Vec::new();
    for (path, bytes) in files_in_language(&pages) {
        under
            .put(&path, bytes)
            .map_err(|e| vec![cannot_write(format!("{prefix}{path}"), &e)])?;
        files.push(format!("{prefix}{path}"));
    }
    Ok((own, files))
}

/// The files a language other than the default has of its own beside its
/// pages: its search index, plan scripts, filter index and open data.
fn files_in_language(pages: &Pages) -> Vec<(String, Vec<u8>)> {
    let mut made = vec![(SEARCH_INDEX.to_owned(), pages.search_index())];
    made.extend(pages.plan_data());
    if pages.index_pages() > 1 {
        made.push((FILTER_INDEX.to_owned(), pages.filter_index()));
    }
    made.push((
        crate::export::FILE_NAME.to_owned(),
        crate::export::assemble(pages.guide(), &pages.exercises_json()).into_bytes(),
    ));
    made
}

/// The files made from the pages rather than rendered: the search index,
/// the sitemap, the open data and the like.
pub fn files_from_pages(guide: &Guide, pages: &Pages, paths: &[String]) -> Vec<(String, Vec<u8>)> {
    let mut made = vec![(SEARCH_INDEX.to_owned(), pages.search_index())];
    made.extend(pages.plan_data());
    if pages.index_pages() > 1 {
        made.push((FILTER_INDEX.to_owned(), pages.filter_index()));
    }
    made.extend(webapp::manifest(guide));
    made.extend(crate::publish::outputs(
        guide,
        paths,
        &pages.exercises_json(),
    ));
    made
}

/// A file or folder of the output could not be written.
pub(crate) fn cannot_write(what: impl std::fmt::Display, e: &io::Error) -> Diagnostic {
    Diagnostic::error("E0022", format!("cannot write {what}: {e}"))
        .in_file(what.to_string())
        .help("check that the folder is writable and the disk is not full")
}

fn add_static_files(root: &Path, site: &mut Site) -> Result<(), Diagnostic> {
    let dir = crate::files::static_dir(root);
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(|e| crate::files::cannot_read("static/", &e))?;
        let name = display_path(root, entry.path());
        if let Some(problem) = crate::files::entry_problem(root, &entry) {
            return Err(problem);
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = crate::files::read_regular(&name, entry.path(), MAX_STATIC_BYTES)?;
        let rel = display_path(&dir, entry.path());
        // A guide that keeps copies of the built-in scripts (this
        // repository's own guide does) gets them compacted the same way.
        let bytes = match assets::STATIC.iter().find(|(n, _)| *n == rel) {
            Some((name, builtin)) if **builtin == *bytes => assets::compact(name, &bytes),
            _ => bytes,
        };
        site.insert(rel, bytes);
    }
    Ok(())
}

const MAX_STATIC_BYTES: u64 = 100 * 1024 * 1024;

/// The static files that cannot go where they would: a file where the
/// build makes a folder (`static/exercises`, beside the exercise pages) or
/// one inside what the build makes as a file (`static/index.html/a.png`).
/// A static file *at* a page's path is fine: it replaces the page. Names
/// are compared without ASCII case, as the file systems of macOS and
/// Windows do.
fn static_clashes(made: &BTreeSet<String>, statics: &Site) -> Vec<Diagnostic> {
    let is_builtin = |p: &str| assets::STATIC.iter().any(|(n, _)| *n == p);
    let mut files: BTreeMap<String, &str> = BTreeMap::new();
    for path in made
        .iter()
        .map(String::as_str)
        .chain(statics.keys().map(String::as_str))
    {
        files.entry(path.to_ascii_lowercase()).or_insert(path);
    }
    let from_static = |p: &str| statics.contains_key(p) && !is_builtin(p) && !made.contains(p);
    let mut out = Vec::new();
    for path in statics.keys().filter(|p| !is_builtin(p)) {
        let lower = path.to_ascii_lowercase();
        for (i, _) in lower.match_indices('/') {
            let Some(&file) = files.get(&lower[..i]) else {
                continue;
            };
            let name = format!("static/{path}");
            out.push(
                Diagnostic::error(
                    "E0024",
                    format!("{name} would be inside `{file}`, which the site has as a file"),
                )
                .in_file(&name)
                .help(if from_static(file) {
                    format!("static/{file} is a file: rename one of the two")
                } else {
                    format!(
                        "limber writes `{file}` itself; rename the folder static/{}",
                        &path[..i]
                    )
                }),
            );
            break;
        }
    }
    // A static file where the build makes a folder.
    let folders: BTreeMap<String, &str> = made
        .iter()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .map(|f| (f.to_ascii_lowercase(), f))
        .collect();
    for path in statics
        .keys()
        .filter(|p| !is_builtin(p) && !made.contains(*p))
    {
        if let Some(folder) = folders.get(&path.to_ascii_lowercase()) {
            let name = format!("static/{path}");
            out.push(
                Diagnostic::error(
                    "E0024",
                    format!("{name} is a file where the site has the folder `{folder}/`"),
                )
                .in_file(&name)
                .help(format!(
                    "limber writes its pages into `{folder}/`; rename or move static/{path}"
                )),
            );
        }
    }
    out
}
/// What phases 1 and 2 make of a guide that has no error.
#[derive(Debug)]
pub struct Checked {
    pub guide: Guide,
    pub pages: usize,
    /// How many files the site has, static files included.
    pub files: usize,
    /// Warnings only.
    pub report: Report,
}

/// Phases 1 and 2: every check there is, with every page rendered and
/// nothing written. `check` is exactly this; `build` writes what it makes.
pub fn check(options: &BuildOptions) -> Result<Checked, Report> {
    check_into(options, || Ok(Discard)).map(|(checked, _)| checked)
}

/// Phases 1 and 2, handing every file to the output that `open` makes once
/// the content has loaded with no error (`open` may refuse, with a
/// diagnostic).
///
/// The templates are loaded even when the content has errors, so that one
/// run reports the problems of both.
fn check_into<O: Output>(
    options: &BuildOptions,
    open: impl FnOnce() -> Result<O, Diagnostic>,
) -> Result<(Checked, O), Report> {
    let (guide, mut report) = load(options);
    let renderer = match Renderer::new(&options.root) {
        Ok(r) => Some(r),
        Err(ds) => {
            report.extend(ds);
            None
        }
    };
    let (Some(guide), Some(renderer)) = (guide, renderer) else {
        report.sort();
        return Err(report);
    };
    let out = match open() {
        Ok(out) => out,
        Err(d) => {
            report.push(d);
            return Err(report);
        }
    };
    // Every file through `hashed`, so that the service worker can name them.
    let hashed = webapp::Hashing::new(&out);
    let mut made = match render_pages_to(&guide, &renderer, &hashed) {
        Ok(made) => made,
        Err(ds) => {
            report.extend(ds);
            return Err(report);
        }
    };
    let statics = match static_files(&options.root) {
        Ok(statics) => statics,
        Err(ds) => {
            report.extend(ds);
            return Err(report);
        }
    };
    if out.wants_bytes() {
        match pictures::write(&guide, &hashed) {
            Ok(paths) => made.paths.extend(paths),
            Err(ds) => {
                report.extend(ds);
                return Err(report);
            }
        }
    }
    let mut clashes = pictures::clashes(statics.keys());
    // The worker is made last, but `static/sw.js/a.js` clashes with it now.
    let mut ours = made.paths.clone();
    ours.extend(webapp::worker_path(&guide).map(str::to_owned));
    clashes.extend(static_clashes(&ours, &statics));
    if !clashes.is_empty() {
        report.extend(clashes);
        return Err(report);
    }
    // Given after the pages: a static file of the same name wins.
    for (path, bytes) in statics {
        if let Err(e) = hashed.put(&path, bytes) {
            report.push(cannot_write(&path, &e));
            return Err(report);
        }
        made.paths.insert(path);
    }
    // Made last, from everything else; a guide's own static/sw.js wins.
    if let Some((path, bytes)) = webapp::worker(&guide, &hashed.into_hashes()) {
        if let Err(e) = out.put(&path, bytes) {
            report.push(cannot_write(&path, &e));
            return Err(report);
        }
        made.paths.insert(path);
    }
    let checked = Checked {
        guide,
        pages: made.pages,
        files: made.paths.len(),
        report,
    };
    Ok((checked, out))
}

/// All three phases: the files go into a staging folder as they are made,
/// which replaces the output folder only once the whole site is in it.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Report> {
    build_until(options, &AtomicBool::new(false))
}

/// [`build`], given up as soon as `stop` is set (by Ctrl-C, say): the
/// staging folder is then removed and the output left as it was.
pub fn build_until(options: &BuildOptions, stop: &AtomicBool) -> Result<BuildSummary, Report> {
    let start = Instant::now();
    let output = options.output_dir();
    let shown = output.display().to_string();
    let interrupted = || Diagnostic::error("E0023", "the build was interrupted").in_file(&shown);
    let (checked, staging) = check_into(options, || {
        if stop.load(Ordering::Relaxed) {
            return Err(interrupted());
        }
        let target = destination::resolve(&options.root, &output)?;
        Staging::new(&target, stop).map_err(|e| destination::unwritable(&shown, &e))
    })?;
    let mut report = checked.report;
    if stop.load(Ordering::Relaxed) {
        report.push(interrupted());
        return Err(report);
    }
    if let Err(e) = staging.commit() {
        report.push(destination::unwritable(&shown, &e));
        return Err(report);
    }
    Ok(BuildSummary {
        pages: checked.pages,
        files: checked.files,
        output,
        elapsed: start.elapsed(),
        report,
        pictures: checked.guide.pictures,
    })
}
