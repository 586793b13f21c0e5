//! Writes a synthetic guide of N exercises, and optionally the same
//! exercises as a Hugo site, for the build benchmark (`bench/compare.sh`).
//!
//! ```sh
//! cargo run --release --example gen_guide -- 10000 /tmp/guide-10k --hugo /tmp/hugo-10k
//! ```
//!
//! With `--photos`, each exercise also gets two generated photos
//! (850 × 570 JPEGs under `static/photos/`, the start and end positions)
//! named in its `[[images]]`; without it the guide is as it always was.
//!
//! ```sh
//! cargo run --release --example gen_guide -- 1000 /tmp/guide-1k --photos
//! ```
//!
//! Both folders must be empty or new. The same N always gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use limber::synthetic::{self, FAMILIES, SynthExercise};

/// The Hugo templates, kept as real files in `bench/hugo/` so they can be
/// read and changed as templates; compiled in so the generator is one step.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        include_str!("../bench/hugo/layouts/_default/baseof.html"),
    ),
    (
        "layouts/_default/single.html",
        include_str!("../bench/hugo/layouts/_default/single.html"),
    ),
    (
        "layouts/_default/term.html",
        include_str!("../bench/hugo/layouts/_default/term.html"),
    ),
    (
        "layouts/index.html",
        include_str!("../bench/hugo/layouts/index.html"),
    ),
    (
        "layouts/404.html",
        include_str!("../bench/hugo/layouts/404.html"),
    ),
    (
        "layouts/partials/card.html",
        include_str!("../bench/hugo/layouts/partials/card.html"),
    ),
    (
        "layouts/partials/dose.html",
        include_str!("../bench/hugo/layouts/partials/dose.html"),
    ),
    (
        "layouts/partials/footer.html",
        include_str!("../bench/hugo/layouts/partials/footer.html"),
    ),
];

fn usage() -> ExitCode {
    eprintln!("usage: gen_guide N DIR [--hugo HUGO_DIR] [--photos]");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let photos = args.iter().any(|a| a == "--photos");
    args.retain(|a| a != "--photos");
    let (n, dir, hugo) = match args.as_slice() {
        [n, dir] => (n, PathBuf::from(dir), None),
        [n, dir, flag, hugo] if flag == "--hugo" => (n, PathBuf::from(dir), Some(hugo)),
        _ => return usage(),
    };
    let Ok(n) = n.replace('_', "").parse::<usize>() else {
        return usage();
    };
    for d in std::iter::once(&dir).chain(hugo.map(PathBuf::from).as_ref()) {
        let empty = fs::read_dir(d).map_or(true, |mut e| e.next().is_none());
        if !empty {
            eprintln!("error: {} is not empty", d.display());
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = synthetic::write_guide_with(&dir, n, photos) {
        eprintln!("error: writing {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    if let Some(hugo) = hugo
        && let Err(e) = write_hugo(Path::new(hugo), n)
    {
        eprintln!("error: writing {hugo}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn toml_str(s: &str) -> String {
    format!("{s:?}")
}

fn toml_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s.as_ref())).collect();
    format!("[{}]", quoted.join(", "))
}

/// One exercise as Hugo content: every exercise is a `.md` page (Hugo has no
/// settings-only content files), with the same fields as front matter.
fn hugo_page(ex: &SynthExercise) -> String {
    let mut s = String::from("+++\n");
    let _ = writeln!(s, "title = {}", toml_str(&ex.title));
    let _ = writeln!(s, "summary = {}", toml_str(&ex.summary));
    let _ = writeln!(s, "weight = {}", ex.order);
    let _ = writeln!(s, "kind = {}", toml_str(ex.kind));
    let _ = writeln!(s, "families = {}", toml_list(&[ex.family]));
    let _ = writeln!(s, "areas = {}", toml_list(&ex.areas));
    let _ = writeln!(s, "positions = {}", toml_list(&ex.positions));
    let _ = writeln!(s, "equipment = {}", toml_list(&ex.equipment));
    if !ex.markdown {
        let _ = writeln!(s, "steps = {}", toml_list(&ex.steps));
        let _ = writeln!(s, "cautions = {}", toml_list(&ex.cautions));
        for (key, value) in [("easier", &ex.easier), ("harder", &ex.harder)] {
            if let Some(v) = value {
                let _ = writeln!(s, "{key} = {}", toml_str(v));
            }
        }
    }
    let d = &ex.dose;
    let _ = writeln!(s, "\n[dose]\nreps = [{}, {}]", d.reps.0, d.reps.1);
    if let Some(h) = d.hold_seconds {
        let _ = writeln!(s, "hold_seconds = {h}");
    }
    if let Some(side) = d.sides {
        let _ = writeln!(s, "sides = {}", toml_str(side));
    }
    let _ = writeln!(s, "sets = {}", d.sets);
    s.push_str("+++\n");
    if ex.markdown {
        let _ = write!(s, "\n{}\n\n## Steps\n\n", ex.intro);
        for (i, step) in ex.steps.iter().enumerate() {
            let _ = writeln!(s, "{}. {step}", i + 1);
        }
        s.push_str("\n## Cautions\n\n");
        for c in &ex.cautions {
            let _ = writeln!(s, "- {c}");
        }
    }
    s
}

fn write_hugo(dir: &Path, n: usize) -> std::io::Result<()> {
    let pages = dir.join("content").join("exercises");
    fs::create_dir_all(&pages)?;
    fs::write(
        dir.join("config.toml"),
        format!(
            "baseURL = \"https://example.org/\"\n\
             languageCode = \"en\"\n\
             title = \"A synthetic guide of {n} exercises\"\n\
             uglyURLs = true\n\
             relativeURLs = true\n\
             disableKinds = [\"RSS\", \"sitemap\", \"taxonomy\", \"section\", \"robotsTXT\"]\n\
             ignoreErrors = [\"error-disable-taxonomy\"]\n\
             \n[taxonomies]\narea = \"areas\"\nfamily = \"families\"\n\
             \n[params]\n\
             description = \"Generated exercises for measuring how fast a guide builds.\"\n\
             author = \"limber's benchmark\"\n\
             disclaimer = {}\n",
            toml_str(limber::model::DEFAULT_DISCLAIMER)
        ),
    )?;
    fs::write(
        dir.join("content").join("_index.md"),
        "+++\ntitle = \"Synthetic exercises\"\n+++\n\nEvery exercise here is generated.\n",
    )?;
    // Term pages with titles and descriptions, as limber's family pages have.
    for (slug, title) in FAMILIES {
        let d = dir.join("content").join("families").join(slug);
        fs::create_dir_all(&d)?;
        fs::write(
            d.join("_index.md"),
            format!(
                "+++\ntitle = {}\n+++\n\nExercises in the *{}* family.\n",
                toml_str(title),
                title.to_lowercase()
            ),
        )?;
    }
    for (path, text) in HUGO_LAYOUTS {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, text)?;
    }
    let static_dir = dir.join("static");
    fs::create_dir_all(&static_dir)?;
    for (name, bytes) in limber::assets::STATIC {
        fs::write(static_dir.join(name), bytes)?;
    }
    for i in 0..n {
        let ex = synthetic::exercise(i);
        fs::write(pages.join(format!("{}.md", ex.slug)), hugo_page(&ex))?;
    }
    Ok(())
}
