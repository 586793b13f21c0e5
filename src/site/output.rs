//! Where a build's files go as they are made: a staging folder that replaces
//! the output folder whole once everything is in it, memory (for `serve`),
//! or nowhere (for `check`).
//!
//! Pages go out as soon as each is rendered, so a build of thousands of
//! exercises never holds the whole site in memory.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::{Site, lock};

/// Takes each file of the site, from any thread. A path given twice keeps
/// the last bytes: static files are given after the pages they override.
pub trait Output: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;

    /// False when the bytes are thrown away, so that files that cost work
    /// to make but cannot fail to render (the copies of pictures, read
    /// before the pages were) need not be made.
    fn wants_bytes(&self) -> bool {
        true
    }
}

/// Keeps every file in memory.
#[derive(Debug, Default)]
pub struct InMemory(Mutex<Site>);

impl InMemory {
    pub fn into_site(self) -> Site {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for InMemory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let mut site = lock(&self.0);
        site.insert(path.to_owned(), bytes);
        Ok(())
    }
}

/// Keeps nothing: `check` renders every page only to find its errors.
#[derive(Debug, Default)]
pub struct Discard;

impl Output for Discard {
    fn put(&self, _: &str, _: Vec<u8>) -> io::Result<()> {
        Ok(())
    }

    fn wants_bytes(&self) -> bool {
        false
    }
}

/// A new folder beside the output folder, filled as files are made and
/// swapped in for the output folder by [`Staging::commit`]. Dropped without
/// a commit, it is deleted and the output folder is as it was.
#[derive(Debug)]
pub struct Staging<'a> {
    dir: tempfile::TempDir,
    /// Set to give the build up: every later file is refused, so the
    /// render stops and the staging folder is dropped, hence deleted.
    stop: &'a AtomicBool,
    output: PathBuf,
    /// Folders already made, so each is made once.
    made: Mutex<HashSet<PathBuf>>,
}

impl<'a> Staging<'a> {
    pub fn new(output: &Path, stop: &'a AtomicBool) -> io::Result<Staging<'a>> {
        let parent = parent_of(output);
        fs::create_dir_all(&parent)?;
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{}.new-", name_of(output)))
            .tempdir_in(&parent)?;
        Ok(Staging {
            dir,
            stop,
            output: output.to_path_buf(),
            made: Mutex::new(HashSet::new()),
        })
    }

    /// Puts the staged folder where the output folder is, and only then
    /// deletes the previous output. On any failure the staged folder is
    /// removed and the output is as it was.
    pub fn commit(self) -> io::Result<()> {
        let output = self.output;
        let staged = self.dir.keep();
        let swapped = swap_in(&staged, &output);
        if swapped.is_err() {
            let _ = remove_all(&staged);
        }
        let old = swapped?;
        match old {
            Some(old) => remove_all(&old),
            None => Ok(()),
        }
    }
}

/// Renames `staged` to `output`, moving a previous output aside first;
/// gives the moved-aside folder, for deleting.
fn swap_in(staged: &Path, output: &Path) -> io::Result<Option<PathBuf>> {
    if fs::symlink_metadata(output).is_err() {
        return fs::rename(staged, output).map(|()| None);
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".{}.old-", name_of(output)))
        .tempdir_in(parent_of(output))?
        .keep();
    // `old` exists as an empty folder; rename needs the name free.
    fs::remove_dir(&old)?;
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staged, output) {
        // Put the previous output back before reporting.
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    Ok(Some(old))
}

impl Output for Staging<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
        }
        let file = self.dir.path().join(path);
        if let Some(parent) = file.parent() {
            let mut made = lock(&self.made);
            if !made.contains(parent) {
                fs::create_dir_all(parent)?;
                made.insert(parent.to_path_buf());
            }
        }
        fs::write(file, bytes)
    }
}

/// Deletes a folder of thousands of files, the files in parallel.
fn remove_all(dir: &Path) -> io::Result<()> {
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false) {
        let entry = entry?;
        if !entry.file_type().is_dir() {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(fs::remove_file)?;
    fs::remove_dir_all(dir)
}

fn parent_of(output: &Path) -> PathBuf {
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn name_of(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_owned())
}

/// Hands every file to `out` under `prefix`: a language's own folder.
pub struct Prefixed<'a> {
    pub prefix: &'a str,
    pub out: &'a dyn Output,
}

impl Output for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.out.put(&format!("{}{path}", self.prefix), bytes)
    }

    fn wants_bytes(&self) -> bool {
        self.out.wants_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_changes_until_commit() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = dir.path().join("public");
        let stop = AtomicBool::new(false);
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        {
            let staging = Staging::new(&out, &stop).unwrap();
            staging.put("a/b/new.html", b"new".to_vec()).unwrap();
            // Dropped without a commit.
        }
        assert_eq!(fs::read(out.join("old.html")).unwrap(), b"old");
        assert!(!out.join("a").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no leftovers");

        let staging = Staging::new(&out, &stop).unwrap();
        staging.put("a/b/new.html", b"new".to_vec()).unwrap();
        staging.put("a/b/new.html", b"newer".to_vec()).unwrap();
        staging.commit().unwrap();
        assert_eq!(fs::read(out.join("a/b/new.html")).unwrap(), b"newer");
        assert!(!out.join("old.html").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no leftovers");
    }
}
