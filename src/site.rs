//! The build, as named phases: load and validate the content, render every
//! page into memory, then write the output atomically.
//!
//! Nothing touches the output folder until every page has rendered, and the
//! new output is swapped in whole, so a failed build leaves the previous one
//! exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;
use walkdir::WalkDir;

use crate::assets;
use crate::content::{self, Guide, LinkTarget};
use crate::diagnostic::{Diagnostic, Report, display_path};
use crate::render::Renderer;
use crate::render::views::{
    LinkView, Views, area_url, exercise_url, family_url, position_url, script_json,
};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` in guide.toml.
    pub base_url: Option<String>,
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
}

/// The whole site as bytes, keyed by path under the output folder.
pub type Site = BTreeMap<String, Vec<u8>>;

/// Phase 1: load and validate.
pub fn load(options: &BuildOptions) -> (Option<Guide>, Report) {
    let (guide, mut report) = content::load(&options.root);
    if let Some(url) = &options.base_url
        && let Err(why) = crate::publish::check_base_url(url)
    {
        report.push(
            Diagnostic::error("E0170", format!("--base-url `{url}` {why}"))
                .help("give the full address the site will be published at, e.g. --base-url https://example.org/guide/"),
        );
        return (None, report);
    }
    let guide = guide.map(|mut g| {
        if let Some(url) = &options.base_url {
            g.config.base_url = Some(url.clone());
        }
        if let Some(url) = &mut g.config.base_url
            && !url.ends_with('/')
        {
            url.push('/');
        }
        g
    });
    (guide, report)
}

/// Phase 2: render every page and gather every static file, in memory.
pub fn render(guide: &Guide) -> Result<(Site, usize), Vec<Diagnostic>> {
    let renderer = Renderer::new(&guide.root)?;
    let pages = render_pages(guide, &renderer)?;
    let count = page_count(&pages);
    Ok((with_static_files(pages, &static_files(&guide.root)?), count))
}

/// How many of `site`'s files are pages, for the summary line.
pub fn page_count(site: &Site) -> usize {
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

/// Every HTML page of the guide, rendered with `renderer`.
pub fn render_pages(guide: &Guide, renderer: &Renderer) -> Result<Site, Vec<Diagnostic>> {
    let links = LinkTarget::new(&guide.sources);
    let top = Views::new(guide, &links, "");
    let nested = Views::new(guide, &links, "../");
    // A host serves 404.html at whatever depth the missing page was asked
    // for, so relative links would break there; use the absolute base URL
    // when the guide has one.
    let not_found_root = guide.config.base_url.clone().unwrap_or_default();
    let not_found = if not_found_root.is_empty() {
        None
    } else {
        Some(Views::new(guide, &links, &not_found_root))
    };

    // Every page is a job; they are rendered in parallel and put back in
    // path order, so the output is the same bytes on any number of threads.
    let mut jobs: Vec<Job> = Vec::new();
    jobs.push(Job::new(
        "index.html".to_owned(),
        "index.html",
        &top,
        |ctx| {
            ctx.insert("index_title", &top.index_title);
            ctx.insert("intro_html", &top.intro_html);
            ctx.insert("exercises", &top.exercises);
            ctx.insert("positions", &top.positions);
            ctx.insert("kinds", &top.kinds);
        },
    ));

    // Family, area and position pages: one thing and the exercises it lists.
    let mut list_page = |path: String,
                         template: &'static str,
                         key: &'static str,
                         value: serde_json::Value,
                         keep: &dyn Fn(&crate::model::Exercise) -> bool| {
        let members = nested.exercises_where(keep, &guide.exercises);
        jobs.push(Job::new(path, template, &nested, move |ctx| {
            ctx.insert(key, &value);
            ctx.insert("exercises", &members);
        }));
    };
    for family in &nested.families {
        list_page(
            family_url(&family.slug),
            "family.html",
            "family",
            to_value(family),
            &|e| e.family.as_deref() == Some(&family.slug),
        );
    }
    for area in &nested.areas {
        list_page(
            area_url(&area.slug),
            "area.html",
            "area",
            to_value(area),
            &|e| e.areas.contains(&area.slug),
        );
    }
    for position in &nested.positions {
        list_page(
            position_url(&position.slug),
            "position.html",
            "position",
            to_value(position),
            &|e| e.positions.iter().any(|p| p.slug() == position.slug),
        );
    }
    for routine in &nested.routines {
        jobs.push(Job::new(
            routine.url.clone(),
            "routine.html",
            &nested,
            move |ctx| {
                ctx.insert("routine", routine);
            },
        ));
    }
    jobs.push(Job::new(
        "404.html".to_owned(),
        "404.html",
        not_found.as_ref().unwrap_or(&top),
        |_| {},
    ));

    let mut rendered: Vec<(String, Result<String, Diagnostic>)> = jobs
        .par_iter()
        .map(|job| (job.path.clone(), job.render(guide, renderer)))
        .collect();
    rendered.par_extend(
        (0..nested.exercises.len())
            .into_par_iter()
            .filter_map(|i| render_exercise_page(guide, renderer, &nested, i)),
    );
    let mut site = Site::new();
    let mut errors = Vec::new();
    for (path, result) in rendered {
        match result {
            Ok(html) => {
                site.insert(path, html.into_bytes());
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        // One broken template fails every page that uses it; say it once.
        errors.dedup_by(|a, b| a.code == b.code && a.message == b.message);
        return Err(errors);
    }
    site.insert(SEARCH_INDEX.to_owned(), search_index(guide, &top));
    // The sitemap, exercises.json and the like are made from the pages.
    crate::publish::add_outputs(guide, &mut site);
    Ok(site)
}

/// The page of the `i`th exercise of `views` (pages one folder down), for
/// rendering one page on its own: benchmarks, and rebuilds of a subset.
pub fn render_exercise_page(
    guide: &Guide,
    renderer: &Renderer,
    views: &Views,
    i: usize,
) -> Option<(String, Result<String, Diagnostic>)> {
    let ex = views.exercises.get(i)?;
    let model = guide.exercises.get(i)?;
    let link = |j: usize| {
        views.exercises.get(j).map(|e| LinkView {
            slug: e.slug.clone(),
            title: e.title.clone(),
            url: e.url.clone(),
        })
    };
    let prev = i.checked_sub(1).and_then(link);
    let next = link(i + 1);
    let mut job = Job::new(exercise_url(&ex.slug), "exercise.html", views, move |ctx| {
        ctx.insert("ex", ex);
        ctx.insert("prev", &prev);
        ctx.insert("next", &next);
    });
    job.exercise = Some(model);
    let html = job.render(guide, renderer);
    Some((job.path, html))
}

/// One page to render: its path, template, the views of its depth, and what
/// it adds to the context.
struct Job<'a> {
    path: String,
    template: &'static str,
    views: &'a Views,
    /// Set on an exercise's own page, so its meta needs no search.
    exercise: Option<&'a crate::model::Exercise>,
    extra: Box<dyn Fn(&mut Context) + Send + Sync + 'a>,
}

impl<'a> Job<'a> {
    fn new(
        path: String,
        template: &'static str,
        views: &'a Views,
        extra: impl Fn(&mut Context) + Send + Sync + 'a,
    ) -> Job<'a> {
        Job {
            path,
            template,
            views,
            exercise: None,
            extra: Box::new(extra),
        }
    }

    fn render(&self, guide: &Guide, renderer: &Renderer) -> Result<String, Diagnostic> {
        let mut ctx = base_context(self.views, &self.path);
        let meta = match self.exercise {
            Some(ex) => crate::seo::PageMeta::of_exercise(guide, ex),
            None => crate::seo::PageMeta::new(guide, &self.path),
        };
        ctx.insert("meta", &meta);
        (self.extra)(&mut ctx);
        renderer.render(self.template, &ctx)
    }
}

/// The search data, as a script: pages load it with a `<script>` tag
/// because a `fetch()` of a local JSON file fails under file://.
pub const SEARCH_INDEX: &str = "search-index.js";

fn search_index(guide: &Guide, top: &Views) -> Vec<u8> {
    #[derive(Serialize)]
    struct Entry<'a> {
        /// Title, aliases, summary, steps: the fields search weighs, in order.
        t: &'a str,
        a: String,
        s: &'a str,
        x: String,
        u: &'a str,
        k: &'static str,
    }
    let mut entries: Vec<Entry> = guide
        .exercises
        .iter()
        .zip(&top.exercises)
        .map(|(e, v)| Entry {
            t: &v.title,
            a: e.aliases.join(" \u{b7} "),
            s: &v.summary,
            x: distinct_words(e.steps.iter().map(|s| crate::markdown::plain_text(s))),
            u: &v.url,
            k: "Exercise",
        })
        .collect();
    for r in &top.routines {
        entries.push(Entry {
            t: &r.title,
            a: String::new(),
            s: &r.summary,
            x: r.items
                .iter()
                .map(|i| i.title.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            u: &r.url,
            k: "Routine",
        });
    }
    format!(
        "/* limber search index: generated, do not edit. */\nwindow.limberSearch = {};\n",
        script_json(&entries)
    )
    .into_bytes()
}

/// Each word of `texts` once, lowercased, in order of first use: search
/// matches words, so sentences would only make every page's download larger.
fn distinct_words(texts: impl Iterator<Item = String>) -> String {
    let mut seen = std::collections::BTreeSet::new();
    let mut out: Vec<String> = Vec::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let word = word.to_lowercase();
            // One- and two-letter words ("a", "up") match too much to help.
            if word.chars().count() > 2 && seen.insert(word.clone()) {
                out.push(word);
            }
        }
    }
    out.join(" ")
}

/// A view as a template value; plain structs of strings and numbers always
/// serialize.
fn to_value(view: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

fn base_context(views: &Views, path: &str) -> Context {
    #[derive(Serialize)]
    struct Common<'a> {
        root: &'a str,
        guide: &'a crate::render::views::GuideView,
        areas: &'a [crate::render::views::AreaView],
        families: &'a [crate::render::views::FamilyView],
        routines: &'a [crate::render::views::RoutineView],
        page_path: &'a str,
    }
    let common = Common {
        root: &views.root,
        guide: &views.guide,
        areas: &views.areas,
        families: &views.families,
        routines: &views.routines,
        page_path: path,
    };
    // Serializing a plain struct into a context cannot fail.
    Context::from_serialize(common).unwrap_or_default()
}

fn add_static_files(root: &Path, site: &mut Site) -> Result<(), Diagnostic> {
    let dir = content::static_dir(root);
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(|e| content::cannot_read("static/", &e))?;
        let name = display_path(root, entry.path());
        if entry.path_is_symlink() {
            return Err(content::refuse_symlink(&name));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = entry
            .metadata()
            .map_err(|e| content::cannot_read(&name, &e))?;
        if meta.len() > MAX_STATIC_BYTES {
            return Err(Diagnostic::error(
                "E0003",
                format!(
                    "{name} is over the limit of {} MB for one static file",
                    MAX_STATIC_BYTES / 1_048_576
                ),
            )
            .in_file(&name)
            .help("make the file smaller (pictures for a web page rarely need more than 1 MB)"));
        }
        let bytes = fs::read(entry.path()).map_err(|e| content::cannot_read(&name, &e))?;
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

/// Phase 3: write `site` into `output`, replacing what was there only once
/// the new folder is complete.
pub fn write_atomically(site: &Site, output: &Path) -> io::Result<()> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    // Folders first, then the files in parallel: writing thousands of
    // small files is much of a large build's time.
    let dirs: std::collections::BTreeSet<PathBuf> = site
        .keys()
        .filter_map(|p| staging.path().join(p).parent().map(Path::to_path_buf))
        .collect();
    for dir in &dirs {
        fs::create_dir_all(dir)?;
    }
    site.par_iter()
        .try_for_each(|(path, bytes)| fs::write(staging.path().join(path), bytes))?;
    let staged = staging.keep();
    if output.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(&parent)?
            .keep();
        // `old` exists as an empty folder; rename needs the name free.
        fs::remove_dir(&old)?;
        fs::rename(output, &old)?;
        if let Err(e) = fs::rename(&staged, output) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&old, output);
            let _ = fs::remove_dir_all(&staged);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staged, output)?;
    }
    Ok(())
}

/// Refuses output folders whose replacement would destroy an author's work.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalize what exists; a missing output folder keeps its name.
        match (p.parent(), p.file_name()) {
            (Some(parent), Some(name)) => parent
                .canonicalize()
                .map(|c| c.join(name))
                .unwrap_or(p.clone()),
            _ => p.clone(),
        }
    };
    let root_abs = root.canonicalize().unwrap_or_else(|_| abs(root));
    let out = abs(output);
    let protected = [
        root_abs.clone(),
        root_abs.join("content"),
        root_abs.join("templates"),
        root_abs.join("static"),
    ];
    let clash = root_abs.starts_with(&out)
        || protected[1..].iter().any(|p| out.starts_with(p))
        || out == protected[0];
    if clash {
        return Err(Diagnostic::error(
            "E0020",
            format!(
                "the output folder {} would replace the guide's own files",
                output.display()
            ),
        )
        .help("choose an output folder of its own, such as --output public"));
    }
    if out.is_dir() {
        let looks_built = out.join("index.html").is_file();
        let empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !looks_built && !empty {
            return Err(Diagnostic::error(
                "E0021",
                format!(
                    "{} exists and is not a built guide (it has no index.html)",
                    output.display()
                ),
            )
            .help(
                "limber replaces its output folder whole; point --output at an empty or new folder",
            ));
        }
    }
    Ok(())
}

/// What phases 1 and 2 make of a guide that has no error.
#[derive(Debug)]
pub struct Checked {
    pub guide: Guide,
    pub site: Site,
    pub pages: usize,
    /// Warnings only.
    pub report: Report,
}

/// Phases 1 and 2: every check there is, with every page rendered in memory
/// and nothing written. `check` is exactly this; `build` writes its result.
///
/// The templates are loaded even when the content has errors, so that one
/// run reports the problems of both.
pub fn check(options: &BuildOptions) -> Result<Checked, Report> {
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
    let pages = match render_pages(&guide, &renderer) {
        Ok(p) => p,
        Err(ds) => {
            report.extend(ds);
            return Err(report);
        }
    };
    let count = page_count(&pages);
    let site = match static_files(&options.root) {
        Ok(statics) => with_static_files(pages, &statics),
        Err(ds) => {
            report.extend(ds);
            return Err(report);
        }
    };
    Ok(Checked {
        guide,
        site,
        pages: count,
        report,
    })
}

/// All three phases.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Report> {
    let start = Instant::now();
    let output = options.output_dir();
    let checked = check(options)?;
    let mut report = checked.report;
    if let Err(d) = check_output(&options.root, &output) {
        report.push(d);
        return Err(report);
    }
    let site = checked.site;
    if let Err(e) = write_atomically(&site, &output) {
        report.push(
            Diagnostic::error("E0022", format!("cannot write {}: {e}", output.display()))
                .help("check that the folder is writable and the disk is not full"),
        );
        return Err(report);
    }
    Ok(BuildSummary {
        pages: checked.pages,
        files: site.len(),
        output,
        elapsed: start.elapsed(),
        report,
    })
}
