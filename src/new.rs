//! `limber new`: a new exercise file with every field present and explained,
//! valid as written, so the author fills it in rather than looks fields up.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::content::{self, PLACEHOLDER, slugify};
use crate::diagnostic::Diagnostic;
use crate::model::GuideConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// Fields in `+++` front matter, then a Markdown body.
    Md,
    /// Fields only.
    Toml,
}

impl FileFormat {
    fn extension(self) -> &'static str {
        match self {
            FileFormat::Md => "md",
            FileFormat::Toml => "toml",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// Bad command-line input: exit code 2 like any usage error.
    #[error("the title {0:?} has no letters or digits to make a file name from")]
    NoSlug(String),
    #[error("{}", .0.render(false))]
    Guide(Box<Diagnostic>),
    #[error(
        "{path} already exists; limber new never overwrites a file\n  help: choose another title, or edit {path}"
    )]
    Exists { path: String },
    #[error(
        "{other} already has the slug `{slug}`, so a second exercise with it would not build\n  help: choose another title, or edit {other}"
    )]
    SlugTaken { slug: String, other: String },
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: io::Error },
}

impl NewError {
    pub fn is_usage(&self) -> bool {
        matches!(self, NewError::NoSlug(_))
    }
}

/// Writes `content/exercises/<slug>.<ext>` under `root`; returns its path.
pub fn new_exercise(root: &Path, title: &str, format: FileFormat) -> Result<PathBuf, NewError> {
    let slug = slugify(&deunicode::deunicode(title));
    if slug.is_empty() {
        return Err(NewError::NoSlug(title.to_owned()));
    }
    let config = content::load_config(root).map_err(|d| NewError::Guide(Box::new(d)))?;
    let dir = crate::files::content_dir(root).join("exercises");
    let rel = |ext: &str| format!("content/exercises/{slug}.{ext}");
    let ext = format.extension();
    let other_ext = if ext == "md" { "toml" } else { "md" };
    if dir.join(format!("{slug}.{other_ext}")).exists() {
        return Err(NewError::SlugTaken {
            other: rel(other_ext),
            slug,
        });
    }
    let path = dir.join(format!("{slug}.{ext}"));
    let io_err = |source| NewError::Io {
        path: rel(ext),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io_err)?;
    // create_new: refuse, atomically, to replace a file an author wrote.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(NewError::Exists { path: rel(ext) });
        }
        Err(e) => return Err(io_err(e)),
    };
    let text = match format {
        FileFormat::Md => markdown(title, &config),
        FileFormat::Toml => toml_file(title, &config),
    };
    file.write_all(text.as_bytes()).map_err(io_err)?;
    Ok(path)
}

/// A TOML string literal, quoted and escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The fields both kinds of file share, up to (not including) the lists
/// that a `.md` file writes in its body.
fn common_fields(title: &str, config: &GuideConfig) -> String {
    let first = |v: &crate::model::Vocabulary| v.first().map(|t| t.slug.clone());
    let area = first(&config.areas).unwrap_or_else(|| "upper-back".to_owned());
    let kind = first(&config.kinds).unwrap_or_default();
    let level = first(&config.levels).unwrap_or_default();
    let positions = match first(&config.positions) {
        Some(p) => format!("positions = [\"{p}\"]"),
        None => "# positions = []".to_owned(),
    };
    let equipment = match &config.equipment {
        None => "# Anything needed besides floor space, in plain words, e.g. [\"chair\", \"mat\"]."
            .to_owned(),
        Some(v) => format!(
            "# Anything needed besides floor space, from this guide's list:\n# {}",
            v.list()
        ),
    };
    let families = if config.families.is_empty() {
        "# This guide declares no families yet; add [families.<slug>] to guide.toml first.\n# family = \"dynamic-stretching\"".to_owned()
    } else {
        let names: Vec<&str> = config.families.keys().map(String::as_str).collect();
        format!(
            "# This guide's families: {}.\n# family = \"{}\"",
            names.join(", "),
            names[0]
        )
    };
    format!(
        r#"# The exercise's name: the page heading and its name in every list.
title = {title}

# One plain sentence saying what you do. Shown under the title and in lists.
summary = "{PLACEHOLDER}: say in one sentence what the reader does."

# The page's name is the file name (this file gives exercises/<file name>.html).
# Set a slug only to choose another: lowercase a-z, digits and -.
# slug = "my-exercise"

# Other names people know this exercise by, e.g. ["Bird-dog"].
aliases = []

# What it mainly does: {kinds}.
kind = "{kind}"

# How demanding it is: {levels}.
level = "{level}"

# The body areas it works, at least one, from this guide's list:
# {areas}
areas = ["{area}"]

# How the body is placed, at least one of (or leave it out if none fits):
# {positions_list}.
{positions}

{equipment}
equipment = []

# A group of variations declared in guide.toml as [families.<slug>].
{families}

# Where it comes in lists (1, 2, 3, ..., smallest first). Without it,
# exercises are listed after those with an order, by title.
# order = 1

# How to make it gentler, and how to make it more demanding (Markdown).
# easier = "Make the movement smaller."
# harder = "Hold a little longer."

# Slugs of other exercises in this guide to suggest next, e.g. ["cat-cow"].
related = []
"#,
        title = quoted(title),
        areas = config.areas.list(),
        kinds = one_of(&config.kinds),
        levels = one_of(&config.levels),
        positions_list = quoted_list(&config.positions),
    )
}

/// `"a", "b" or "c"`.
fn one_of(vocab: &crate::model::Vocabulary) -> String {
    let words: Vec<String> = vocab.slugs().map(|s| format!("\"{s}\"")).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// `"a", "b", "c"`.
fn quoted_list(vocab: &crate::model::Vocabulary) -> String {
    vocab
        .slugs()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tables, which must come after every top-level key.
const TABLES: &str = r#"
# How much to do. Every key is optional: use only numbers your source gives,
# and `note` for anything numbers cannot say. A count is a whole number (5)
# or a range from least to most ([3, 5]).
[dose]
# reps = [5, 10]          # how many times
# sets = 2                # how many rounds of the repetitions
# hold_seconds = [5, 10]  # how long to hold, in seconds
# sides = "each"          # "each" (all on one side, then the other) or "alternating"
# per_day = 2             # how many times a day
# note = "Breathe out as you lift."

# A picture: `src` is a path inside static/ (static/images/my-exercise.png),
# `alt` says what it shows for people who cannot see it.
# [image]
# src = "images/my-exercise.png"
# alt = "A person seated on a chair, turning to the right."

# Where the advice comes from; one [[sources]] block per source.
# [[sources]]
# title = "The article or book"
# url = "https://example.org/article"
"#;

fn toml_file(title: &str, config: &GuideConfig) -> String {
    format!(
        r#"# A new exercise. Replace each {PLACEHOLDER}, then run `limber check`.
# The fields are explained in docs/content-format.md.

{fields}
# The instructions, in order, one string per step (Markdown).
steps = [
  "{PLACEHOLDER}: the first step.",
  "{PLACEHOLDER}: the next step.",
]

# Helpful hints, one string each (Markdown).
tips = []

# When to be careful and when to stop.
cautions = [
  "Move only within a range that feels comfortable.",
  "Stop if you feel sharp, spreading or worsening pain, or numbness or tingling.",
]
{TABLES}"#,
        fields = common_fields(title, config),
    )
}

fn markdown(title: &str, config: &GuideConfig) -> String {
    format!(
        r#"+++
# A new exercise. Replace each {PLACEHOLDER}, then run `limber check`.
# The fields are explained in docs/content-format.md. The steps and cautions
# are the `## ` sections below the closing +++ line; add a `## Tips` section
# with a bulleted list for tips. Link to another exercise by its file:
# [Cat-cow](@/exercises/cat-cow.md).

{fields}{TABLES}+++

{PLACEHOLDER}: one to three short paragraphs on what this exercise is for and who it suits.

## Steps

1. {PLACEHOLDER}: the first step.
2. {PLACEHOLDER}: the next step.

## Cautions

- Move only within a range that feels comfortable.
- Stop if you feel sharp, spreading or worsening pain, or numbness or tingling.
"#,
        fields = common_fields(title, config),
    )
}
