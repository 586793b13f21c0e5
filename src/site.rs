//! The build, as named phases: load and validate the content, render every
//! page into memory, then write the output atomically.
//!
//! Nothing touches the output folder until every page has rendered, and the
//! new output is swapped in whole, so a failed build leaves the previous one
//! exactly as it was.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;
use walkdir::WalkDir;

use crate::assets;
use crate::content::{self, Guide, LinkTarget};
use crate::diagnostic::{Diagnostic, Report, display_path};
use crate::render::Renderer;
use crate::render::views::{ExerciseView, LinkView, Views, area_url, exercise_url, family_url};

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
    let (guide, report) = content::load(&options.root);
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
    let links = LinkTarget::new(&guide.sources);
    // Lists of exercises get only the fields their templates may read.
    let list_fields = renderer.names_read_from(&["index.html", "area.html", "family.html"]);
    let nested = Views::new(guide, &links, "../");
    // Only the index is at the top level. Its exercises are the nested ones
    // wherever those come out the same (no `@/` links): borrow, don't copy.
    let top = Views::common(guide, &links, "");
    let top_exercises = nested.exercises_at_root(guide, &links, "");
    // Pages render in parallel: `page` may be called from any thread. The
    // site is a map by path and the errors are put in path order below, so
    // the result is the same whatever order the pages finish in.
    let done = Mutex::new((Site::new(), Vec::new()));
    let keep = |path: String, result: Result<Vec<u8>, Diagnostic>| {
        // A panic elsewhere cannot leave the map half-written: keep going.
        let mut done = done.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(bytes) => {
                done.0.insert(path, bytes);
            }
            Err(d) => done.1.push((path, d)),
        }
    };
    let page = |path: String, template: &str, views: &Views, extra: &dyn Fn(&mut Context)| {
        let result = render_page(&renderer, &path, template, views, extra);
        keep(path, result);
    };

    let index_page = || {
        page("index.html".to_owned(), "index.html", &top, &|ctx| {
            ctx.insert("index_title", &top.index_title);
            ctx.insert("intro_html", &top.intro_html);
            insert_exercises(ctx, "exercises", &top_exercises, list_fields.as_ref());
        })
    };
    let exercise_pages = || {
        (0..nested.exercises.len()).into_par_iter().for_each_init(
            || base_context(&nested, ""),
            |ctx, i| {
                if let Some((path, result)) = render_exercise_page_in(ctx, &renderer, &nested, i) {
                    keep(path, result);
                }
            },
        )
    };
    let family_pages = || {
        nested.families.par_iter().for_each(|family| {
            let members = nested.exercises_where(
                |e| e.family.as_deref() == Some(&family.slug),
                &guide.exercises,
            );
            page(family_url(&family.slug), "family.html", &nested, &|ctx| {
                ctx.insert("family", family);
                insert_exercises(ctx, "exercises", &members, list_fields.as_ref());
            });
        })
    };
    let area_pages = || {
        nested.areas.par_iter().for_each(|area| {
            let members =
                nested.exercises_where(|e| e.areas.contains(&area.slug), &guide.exercises);
            page(area_url(&area.slug), "area.html", &nested, &|ctx| {
                ctx.insert("area", area);
                insert_exercises(ctx, "exercises", &members, list_fields.as_ref());
            });
        })
    };
    // The index and the list pages are the largest pages, each with a large
    // context: render them side by side first, while the site is still
    // small, then the exercise pages. Peak memory is the site so far plus
    // the contexts of the pages in flight.
    rayon::join(index_page, || {
        family_pages();
        area_pages();
    });
    // Free the index's own views before the exercise pages fill the site.
    drop(top_exercises);
    exercise_pages();

    // A host serves 404.html at whatever depth the missing page was asked
    // for, so relative links would break there; use the absolute base URL
    // when the guide has one.
    let not_found_root = guide.config.base_url.clone().unwrap_or_default();
    let not_found = Views::common(guide, &links, &not_found_root);
    page("404.html".to_owned(), "404.html", &not_found, &|_| {});

    let (mut site, mut errors) = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    if !errors.is_empty() {
        errors.sort_by(|a, b| a.0.cmp(&b.0));
        // One broken template fails every page made from it the same way:
        // say so once.
        let mut seen = std::collections::HashSet::new();
        return Err(errors
            .into_iter()
            .map(|(_, d)| d)
            .filter(|d| seen.insert(format!("{d:?}")))
            .collect());
    }
    let pages = site.len();
    for (name, bytes) in assets::STATIC {
        site.insert((*name).to_owned(), bytes.to_vec());
    }
    if let Err(d) = add_static_files(guide, &mut site) {
        return Err(vec![d]);
    }
    Ok((site, pages))
}

/// Renders one page: the values every page gets, then the page's own.
pub fn render_page(
    renderer: &Renderer,
    path: &str,
    template: &str,
    views: &Views,
    extra: &dyn Fn(&mut Context),
) -> Result<Vec<u8>, Diagnostic> {
    let mut ctx = base_context(views, path);
    extra(&mut ctx);
    renderer.render(template, &ctx).map(page_bytes)
}

/// The page of the `i`th exercise of `views` (built for pages one folder
/// down, root `"../"`), with links to the previous and next: with the views
/// and the renderer, enough to render again only the exercises that changed.
/// `None` past the last exercise.
pub fn render_exercise_page(
    renderer: &Renderer,
    views: &Views,
    i: usize,
) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
    render_exercise_page_in(&mut base_context(views, ""), renderer, views, i)
}

/// [`render_exercise_page`] into `ctx`, a context from `base_context(views,
/// …)` kept from one page to the next: every exercise page has the same
/// frame values, so they become template values once, not once per page.
/// Every page sets all of its own keys, so nothing of the previous page
/// shows through.
fn render_exercise_page_in(
    ctx: &mut Context,
    renderer: &Renderer,
    views: &Views,
    i: usize,
) -> Option<(String, Result<Vec<u8>, Diagnostic>)> {
    let ex = views.exercises.get(i)?;
    let link = |j: usize| {
        views.exercises.get(j).map(|e| LinkView {
            slug: e.slug.clone(),
            title: e.title.clone(),
            url: e.url.clone(),
        })
    };
    let prev = i.checked_sub(1).and_then(link);
    let next = link(i + 1);
    let path = exercise_url(&ex.slug);
    ctx.insert("page_path", &path);
    ctx.insert("ex", ex);
    ctx.insert("prev", &prev);
    ctx.insert("next", &next);
    let result = renderer.render("exercise.html", ctx).map(page_bytes);
    Some((path, result))
}

/// A rendered page as the bytes the site keeps. Tera's buffer grows by
/// doubling: without shrinking, a large site would hold a third more
/// memory than its pages' bytes.
fn page_bytes(html: String) -> Vec<u8> {
    let mut bytes = html.into_bytes();
    bytes.shrink_to_fit();
    bytes
}

fn base_context(views: &Views, path: &str) -> Context {
    #[derive(Serialize)]
    struct Common<'a> {
        root: &'a str,
        guide: &'a crate::render::views::GuideView,
        areas: &'a [crate::render::views::AreaView],
        families: &'a [crate::render::views::FamilyView],
        page_path: &'a str,
    }
    let common = Common {
        root: &views.root,
        guide: &views.guide,
        areas: &views.areas,
        families: &views.families,
        page_path: path,
    };
    // Serializing a plain struct into a context cannot fail.
    Context::from_serialize(common).unwrap_or_default()
}

/// Inserts a list of exercises into a page's context, each with only the
/// fields the list templates may read (`fields`; all when `None`), turned
/// into template values in parallel: the index lists every exercise, and for
/// thousands of them that is as much work as rendering the page.
fn insert_exercises<T>(ctx: &mut Context, key: &str, items: &[T], fields: Option<&HashSet<String>>)
where
    T: std::ops::Deref<Target = ExerciseView> + Sync,
{
    let keep = |field: &str| fields.is_none_or(|f| f.contains(field));
    let values = items
        .par_iter()
        .map(|item| item.to_value_with(&keep))
        .collect();
    let mut map = serde_json::Map::new();
    map.insert(key.to_owned(), serde_json::Value::Array(values));
    // An object always makes a context; `extend` moves the values in.
    if let Ok(list) = Context::from_value(serde_json::Value::Object(map)) {
        ctx.extend(list);
    }
}

fn add_static_files(guide: &Guide, site: &mut Site) -> Result<(), Diagnostic> {
    let dir = content::static_dir(&guide.root);
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(|e| {
            Diagnostic::error("E0001", format!("cannot read static/: {e}")).in_file("static/")
        })?;
        let name = display_path(&guide.root, entry.path());
        if entry.path_is_symlink() {
            return Err(content::refuse_symlink(&name));
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let meta = entry.metadata().map_err(|e| {
            Diagnostic::error("E0001", format!("cannot read {name}: {e}")).in_file(&name)
        })?;
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
        let bytes = fs::read(entry.path()).map_err(|e| {
            Diagnostic::error("E0001", format!("cannot read {name}: {e}")).in_file(&name)
        })?;
        site.insert(display_path(&dir, entry.path()), bytes);
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
    // The folders first (a handful), then the files in parallel: each write
    // is independent, and for a large guide writing is a good part of a build.
    let dirs: BTreeSet<&Path> = site.keys().filter_map(|p| Path::new(p).parent()).collect();
    for dir in dirs {
        fs::create_dir_all(staging.path().join(dir))?;
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
        remove_dir_all_parallel(&old)?;
    } else {
        fs::rename(&staged, output)?;
    }
    Ok(())
}

/// `fs::remove_dir_all`, with the files removed in parallel: the previous
/// output of a large guide has as many files as the new one.
fn remove_dir_all_parallel(dir: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    // What cannot be removed here is reported by remove_dir_all below.
    files.par_iter().for_each(|f| {
        let _ = fs::remove_file(f);
    });
    fs::remove_dir_all(dir)
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

/// All three phases.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Report> {
    let start = Instant::now();
    let output = options.output_dir();
    let (guide, mut report) = load(options);
    let Some(guide) = guide else {
        return Err(report);
    };
    if let Err(d) = check_output(&options.root, &output) {
        report.push(d);
        return Err(report);
    }
    let (site, pages) = match render(&guide) {
        Ok(s) => s,
        Err(ds) => {
            report.extend(ds);
            return Err(report);
        }
    };
    if let Err(e) = write_atomically(&site, &output) {
        report.push(
            Diagnostic::error("E0022", format!("cannot write {}: {e}", output.display()))
                .help("check that the folder is writable and the disk is not full"),
        );
        return Err(report);
    }
    Ok(BuildSummary {
        pages,
        files: site.len(),
        output,
        elapsed: start.elapsed(),
        report,
    })
}
