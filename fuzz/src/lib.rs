//! What every fuzz target shares: a small guide in a temporary folder, made
//! once per process, into which a target writes its fuzzed files; the check
//! that `limber check` runs (load, then every page rendered in memory); and
//! the promises that check keeps, asserted on what it returns.
//!
//! The promises:
//! - it returns, and never panics (libFuzzer reports a panic as a crash);
//! - a guide comes back exactly when no error was found, and a failed
//!   render says why;
//! - every problem names a file, and a line and column inside that file's
//!   text when it names one; an error in a fuzzed text file that is UTF-8
//!   and not blank points at a line;
//! - every problem can be shown, as text and as JSON;
//! - the same files give the same report and the same site, byte for byte.

use std::collections::BTreeMap;
use std::ffi::c_int;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use limber::diagnostic::Diagnostic;
use limber::render::Renderer;
use limber::site::{self, BuildOptions, InMemory, Site};

/// The guide every target starts from: `limber init`'s, with a routine.
pub const BASE: &[(&str, &str)] = &[
    ("guide.toml", include_str!("../../src/scaffold/guide.toml")),
    (
        "content/_index.md",
        include_str!("../../src/scaffold/_index.md"),
    ),
    (
        "content/exercises/shoulder-roll.md",
        include_str!("../../src/scaffold/shoulder-roll.md"),
    ),
    (
        "content/exercises/chin-tuck.toml",
        include_str!("../../src/scaffold/chin-tuck.toml"),
    ),
    ("content/routines/desk.toml", ROUTINE),
];

const ROUTINE: &str = r#"title = "Desk break"
summary = "Two gentle exercises at your desk."
rest_seconds = 10

[[items]]
exercise = "chin-tuck"
rep_seconds = 6

[[items]]
exercise = "shoulder-roll"
dose = { reps = 2 }
rep_seconds = 8
"#;

/// Codes of errors that by their nature point at no line: the file could
/// not be read, is too big, or holds nothing.
const NO_LINE: &[&str] = &["E0001", "E0003", "E0005"];

/// The scratch guide: its folder, and the files written over the base guide
/// by the last run (put back before the next).
struct Scratch {
    root: PathBuf,
    written: Vec<String>,
}

static SCRATCH: OnceLock<Mutex<Scratch>> = OnceLock::new();
static ROOT: OnceLock<PathBuf> = OnceLock::new();

unsafe extern "C" {
    safe fn atexit(callback: extern "C" fn()) -> c_int;
}

/// libFuzzer ends a run with exit(): the scratch folder goes then. After a
/// crash (abort) it stays, beside the crash's reproducer.
extern "C" fn remove_scratch() {
    if let Some(root) = ROOT.get() {
        let _ = fs::remove_dir_all(root);
    }
}

fn scratch() -> &'static Mutex<Scratch> {
    SCRATCH.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("limber-fuzz-")
            .tempdir()
            .expect("a temporary folder for the fuzzed guide");
        let root = dir.keep();
        for (rel, text) in BASE {
            write(&root, rel, text.as_bytes());
        }
        let _ = BUILT_IN.set(Renderer::new(&root).expect("the built-in templates load"));
        let _ = ROOT.set(root.clone());
        atexit(remove_scratch);
        Mutex::new(Scratch {
            root,
            written: Vec::new(),
        })
    })
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("a folder in the scratch guide");
    }
    fs::write(&path, bytes).expect("a file in the scratch guide");
}

/// What one check of the guide gave.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Each problem as `limber check` prints it, then as JSON.
    pub problems: Vec<(String, String)>,
    /// Every file of the site, when the guide had no error.
    pub site: Option<Site>,
}

/// Which templates a target's guide has.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Templates {
    /// Only the built-in ones: loaded once per process, as parsing them is
    /// most of the time a check takes.
    BuiltIn,
    /// The guide's own too, loaded on every run.
    Guide,
}

/// Writes `files` (path in the guide, bytes) over the base guide, checks the
/// guide as `limber check` does, twice, asserts every promise, and puts the
/// base guide back. A path the base guide lacks is removed afterwards.
pub fn check_guide(files: &[(&str, &[u8])], templates: Templates) -> Outcome {
    let mut scratch = scratch().lock().unwrap_or_else(|e| e.into_inner());
    let root = scratch.root.clone();
    for rel in std::mem::take(&mut scratch.written) {
        match BASE.iter().find(|(r, _)| *r == rel) {
            Some((_, text)) => write(&root, &rel, text.as_bytes()),
            None => {
                let _ = fs::remove_file(root.join(&rel));
            }
        }
    }
    for (rel, bytes) in files {
        write(&root, rel, bytes);
        scratch.written.push((*rel).to_owned());
    }

    let own;
    let renderer = match templates {
        Templates::BuiltIn => Ok(built_in_renderer()),
        Templates::Guide => {
            own = Renderer::new(&root);
            match &own {
                Ok(r) => Ok(r),
                Err(ds) => {
                    let again = Renderer::new(&root).err();
                    assert_eq!(
                        shown(ds),
                        shown(again.as_deref().unwrap_or_default()),
                        "the same templates loaded twice gave two answers"
                    );
                    Err(ds.clone())
                }
            }
        }
    };

    let first = run(&root, &renderer);
    let texts = texts(&root);
    let fuzzed: Vec<&str> = files.iter().map(|(rel, _)| *rel).collect();
    for d in &first.1 {
        assert_located(d, &texts, &fuzzed);
    }
    if templates == Templates::BuiltIn
        && let Some(site) = &first.0
    {
        assert_escaped(site);
    }
    let second = run(&root, &renderer);
    let (first, second) = (outcome(first), outcome(second));
    assert_eq!(
        first, second,
        "the same guide checked twice gave two answers"
    );
    first
}

/// The built-in templates, loaded from the base guide (which has no
/// templates/) before any target writes into it.
static BUILT_IN: OnceLock<Renderer> = OnceLock::new();

fn built_in_renderer() -> &'static Renderer {
    BUILT_IN.get().expect("the scratch guide is made first")
}

type Run = (Option<Site>, Vec<Diagnostic>);

/// What `limber check` does: load the guide, then render every page and
/// gather the static files in memory (`site::check`, keeping the bytes).
fn run(root: &Path, renderer: &Result<&Renderer, Vec<Diagnostic>>) -> Run {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let (guide, report) = site::load(&options);
    assert_eq!(
        guide.is_some(),
        !report.has_errors(),
        "a guide must load exactly when there is no error: {:?}",
        report.diagnostics
    );
    let mut problems: Vec<Diagnostic> = report.diagnostics;
    let renderer = match renderer {
        Ok(r) => *r,
        Err(ds) => {
            assert!(
                ds.iter().any(Diagnostic::is_error),
                "templates that did not load must give an error: {ds:?}"
            );
            problems.extend(ds.iter().cloned());
            return (None, problems);
        }
    };
    let Some(guide) = guide else {
        return (None, problems);
    };
    let out = InMemory::default();
    let rendered = site::render_pages_to(&guide, renderer, &out)
        .and_then(|_| site::static_files(root))
        .map(|statics| site::with_static_files(out.into_site(), &statics));
    match rendered {
        Ok(site) => (Some(site), problems),
        Err(ds) => {
            assert!(
                ds.iter().any(Diagnostic::is_error),
                "a render that failed must give an error: {ds:?}"
            );
            problems.extend(ds);
            (None, problems)
        }
    }
}

fn shown(ds: &[Diagnostic]) -> Vec<(String, String)> {
    ds.iter()
        .map(|d| (d.render(false), d.to_json().to_string()))
        .collect()
}

fn outcome((site, problems): Run) -> Outcome {
    Outcome {
        problems: shown(&problems),
        site,
    }
}

/// Elements the built-in templates never write, so that content which
/// makes one appear was not escaped.
const NEVER_IN_PAGES: &[&str] = &["<iframe", "<object", "<embed", "<style", "<img src=x"];

/// The openings of the script elements the built-in templates write.
const SCRIPTS: &[&str] = &[
    "<script src=\"",
    "<script type=\"application/json\" id=\"routine-data\">",
    "<script type=\"application/ld+json\">",
    "<script>",
];

/// Content is always escaped: with the built-in templates, nothing from a
/// guide's files adds an element, or an attribute that runs a script. A `<`
/// in a page therefore always opens a tag that a template wrote; its
/// attribute names are checked (text and attribute values may say anything).
fn assert_escaped(site: &Site) {
    for (path, bytes) in site {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        let mut bare = 0;
        for (at, _) in page.match_indices('<') {
            let rest = &page[at..];
            let shown = || rest.chars().take(120).collect::<String>();
            for bad in NEVER_IN_PAGES {
                assert!(
                    !rest.starts_with(bad),
                    "{path} has a tag no template writes: {}",
                    shown()
                );
            }
            if let Some(name) = attribute_names(rest).find(|n| n.starts_with("on")) {
                panic!(
                    "{path} has a tag with `{name}`, which runs a script: {}",
                    shown()
                );
            }
            if rest.starts_with("<script") {
                let opening = SCRIPTS.iter().find(|s| rest.starts_with(*s));
                assert!(
                    opening.is_some(),
                    "{path} has a script element no template writes: {}",
                    shown()
                );
                bare += usize::from(opening == Some(&"<script>"));
            }
        }
        assert!(
            bare <= 2,
            "{path} has {bare} inline scripts; the templates write at most 2"
        );
    }
}

/// The attribute names of the tag that `html` starts with, read as a
/// browser does: values in quotes may hold anything.
fn attribute_names(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    let end_of = |from: usize, stop: &dyn Fn(u8) -> bool| {
        (from..bytes.len())
            .find(|&i| stop(bytes[i]))
            .unwrap_or(bytes.len())
    };
    // Past `<` and the tag's name.
    let mut i = end_of(1, &|b| b.is_ascii_whitespace() || b == b'>');
    let mut names = Vec::new();
    loop {
        i = end_of(i, &|b| !(b.is_ascii_whitespace() || b == b'/'));
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let start = i;
        i = end_of(i + 1, &|b| {
            b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/'
        });
        names.push(&html[start..i]);
        let j = end_of(i, &|b| !b.is_ascii_whitespace());
        if j < bytes.len() && bytes[j] == b'=' {
            let v = end_of(j + 1, &|b| !b.is_ascii_whitespace());
            i = match bytes.get(v) {
                Some(&q @ (b'"' | b'\'')) => end_of(v + 1, &|b| b == q).saturating_add(1),
                _ => end_of(v, &|b| b.is_ascii_whitespace() || b == b'>'),
            };
        }
    }
    names.into_iter()
}

/// The text of every UTF-8 file in the guide, by the name problems use.
fn texts(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(text) = fs::read_to_string(&path) {
                let name = limber::diagnostic::display_path(root, &path);
                // Problems point into the text after a byte-order mark.
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
                out.insert(name, text);
            }
        }
    }
    out
}

fn assert_located(d: &Diagnostic, texts: &BTreeMap<String, String>, fuzzed: &[&str]) {
    let shown = d.render(false);
    let _ = d.render(true);
    let json = d.to_json();
    assert!(json.is_object());
    let file = d
        .file
        .as_deref()
        .unwrap_or_else(|| panic!("a problem that names no file:\n{shown}"));
    assert!(!file.is_empty(), "a problem names an empty file:\n{shown}");
    let text = texts.get(file);
    match (d.line_column(), text) {
        (Some((line, column)), Some(text)) => {
            let lines: Vec<&str> = text.split('\n').collect();
            assert!(
                line >= 1 && line <= lines.len(),
                "line {line} is outside {file}, which has {} lines:\n{shown}",
                lines.len()
            );
            let chars = lines[line - 1].chars().count();
            assert!(
                column >= 1 && column <= chars + 1,
                "column {column} is outside line {line} of {file} ({chars} characters):\n{shown}"
            );
            assert_eq!(json["line"], line, "the JSON's line differs:\n{shown}");
        }
        (None, Some(text)) => {
            let ours = fuzzed.contains(&file);
            if ours && d.is_error() && !text.trim().is_empty() && !NO_LINE.contains(&d.code) {
                panic!("an error in {file}, a text file, points at no line:\n{shown}");
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<&str> {
        attribute_names(html).collect()
    }

    #[test]
    fn attributes() {
        assert_eq!(
            names("<a href=\"x onload=y\" class=c>t onclick=</a>"),
            ["href", "class"]
        );
        assert_eq!(names("<img src=x onerror=alert(1)>"), ["src", "onerror"]);
        assert_eq!(names("<p title='a > b' onx = 1/>"), ["title", "onx"]);
        assert_eq!(names("</div>"), Vec::<&str>::new());
        assert_eq!(names("<a b"), ["b"]);
        assert_eq!(names("<a b=\"unclosed"), ["b"]);
        let mut site = Site::new();
        site.insert(
            "a.html".into(),
            b"<p class=\"x\">say onload= here</p><meta content=\"x onload=y\">".to_vec(),
        );
        assert_escaped(&site);
        site.insert(
            "b.html".into(),
            b"<p class=x onmouseover=\"go()\">".to_vec(),
        );
        assert!(std::panic::catch_unwind(|| assert_escaped(&site)).is_err());
    }
}
