//! `limber init`: a new, working guide in an empty folder.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::assets;

/// The files of a new guide, by path under its folder.
fn files() -> Vec<(String, &'static [u8])> {
    let mut files: Vec<(String, &'static [u8])> = vec![
        ("guide.toml".into(), include_bytes!("scaffold/guide.toml")),
        (".gitignore".into(), include_bytes!("scaffold/gitignore")),
        (
            "content/_index.md".into(),
            include_bytes!("scaffold/_index.md"),
        ),
        (
            "content/exercises/shoulder-roll.md".into(),
            include_bytes!("scaffold/shoulder-roll.md"),
        ),
        (
            "content/exercises/chin-tuck.toml".into(),
            include_bytes!("scaffold/chin-tuck.toml"),
        ),
    ];
    for (name, text) in assets::TEMPLATES {
        files.push((format!("templates/{name}"), text.as_bytes()));
    }
    for (name, bytes) in assets::STATIC {
        files.push((format!("static/{name}"), bytes));
    }
    files
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} is not empty; limber init only writes into an empty or new folder")]
    NotEmpty(PathBuf),
    #[error("{0} exists and is not a folder")]
    NotADirectory(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

/// Writes a new guide into `dir`, which must be missing or empty. Returns the
/// paths written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(InitError::NotADirectory(dir.to_path_buf()));
        }
        if fs::read_dir(dir).map_err(io_err(dir))?.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = Vec::new();
    for (rel, bytes) in files() {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        // create_new: never overwrite, even if something appeared meanwhile.
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io_err(&path))?;
        f.write_all(bytes).map_err(io_err(&path))?;
        written.push(path);
    }
    Ok(written)
}
