//! Watching the guide's sources, and sorting each change by what it means
//! for a rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::content::CONFIG_FILE;

/// Which parts of the guide changed since the last build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// `guide.toml` or `content/`: everything is loaded and rendered again.
    pub content: bool,
    /// `templates/`: the pages are rendered again from the loaded content.
    pub templates: bool,
    /// `static/`: the files are copied again and images checked again.
    pub statics: bool,
}

impl Changes {
    pub const ALL: Changes = Changes {
        content: true,
        templates: true,
        statics: true,
    };

    pub fn any(self) -> bool {
        self.content || self.templates || self.statics
    }

    pub fn merge(&mut self, other: Changes) {
        self.content |= other.content;
        self.templates |= other.templates;
        self.statics |= other.statics;
    }
}

/// The top-level folders that hold sources, each watched as a whole.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Editors' scratch files: swap files, backups, vim's write test.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// What a change to `path` means, or `None` if it means nothing (the output
/// folder, an editor's scratch file, anything else in the guide's folder).
pub fn classify(root: &Path, path: &Path) -> Option<Changes> {
    let rel = path.strip_prefix(root).ok()?;
    if rel
        .file_name()
        .is_some_and(|n| is_scratch(&n.to_string_lossy()))
    {
        return None;
    }
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    let mut c = Changes::default();
    match &*first {
        CONFIG_FILE | "content" => c.content = true,
        "templates" => c.templates = true,
        "static" => c.statics = true,
        _ => return None,
    }
    Some(c)
}

/// Editors write a file in several steps (truncate, write, rename), all
/// within a millisecond or two; a change counts once this long has passed
/// with no other. Short, because it is part of the wait between saving and
/// seeing the page change.
const QUIET: Duration = Duration::from_millis(20);
/// A stream of changes that never goes quiet (a tool writing files in a
/// loop) is built at least this often.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// Whether an event can change what a build reads. Opening or reading a
/// file cannot, and the build itself reads every source: counting those
/// would rebuild for ever.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl Watch {
    /// Starts watching `root` (which must be canonical, as event paths are).
    /// The folder itself is watched alone, for `guide.toml` and for source
    /// folders that appear later; each source folder is watched whole. A
    /// whole-folder watch of the root would also watch `public/` and, in a
    /// repository, `target/`: many thousands of folders for nothing.
    pub fn new(root: &Path) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watch {
            root: root.to_path_buf(),
            watcher,
            events,
        };
        for folder in FOLDERS {
            w.watch_folder(folder);
        }
        Ok(w)
    }

    fn watch_folder(&mut self, folder: &str) {
        let dir = self.root.join(folder);
        if dir.is_dir() {
            // Watching again a folder already watched is harmless; failing
            // to watch one only means its changes need a restart to show.
            if let Err(e) = self.watcher.watch(&dir, RecursiveMode::Recursive) {
                super::warn(&format!("warning: cannot watch {folder}/ for changes: {e}"));
            }
        }
    }

    /// The changes that matter in one event, noting the files' names.
    fn take(
        &mut self,
        event: notify::Result<Event>,
        changes: &mut Changes,
        names: &mut BTreeSet<String>,
    ) {
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                super::warn(&format!("warning: watching for changes: {e}"));
                return;
            }
        };
        if !is_change(&event.kind) {
            return;
        }
        for path in &event.paths {
            let Some(c) = classify(&self.root, path) else {
                continue;
            };
            changes.merge(c);
            if let Ok(rel) = path.strip_prefix(&self.root) {
                let name = crate::diagnostic::display_path(Path::new(""), rel);
                // A source folder made (or made again) after the start.
                if FOLDERS.contains(&name.as_str()) {
                    self.watch_folder(&name);
                }
                names.insert(name);
            }
        }
    }

    /// Waits up to `timeout` for a change that matters, then until the
    /// changes go quiet; returns them with the names of the files changed,
    /// relative to the root, for the terminal.
    pub fn next(&mut self, timeout: Duration) -> Option<(Changes, Vec<String>)> {
        let mut changes = Changes::default();
        let mut names = BTreeSet::new();
        let first = self.events.recv_timeout(timeout).ok()?;
        self.take(first, &mut changes, &mut names);
        if !changes.any() {
            return None;
        }
        let started = Instant::now();
        while started.elapsed() < MAX_WAIT {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => self.take(event, &mut changes, &mut names),
                Err(_) => break,
            }
        }
        Some((changes, names.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_folder() {
        let root = Path::new("/g");
        let c = |p: &str| classify(root, &root.join(p));
        assert_eq!(c("guide.toml").map(|c| c.content), Some(true));
        assert_eq!(c("content/exercises/a.md").map(|c| c.content), Some(true));
        assert_eq!(c("templates/base.html").map(|c| c.templates), Some(true));
        assert_eq!(c("static/images/a.png").map(|c| c.statics), Some(true));
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("target/debug/x"), None);
        assert_eq!(c("content/exercises/.a.md.swp"), None);
        assert_eq!(c("content/exercises/a.md~"), None);
        assert_eq!(classify(root, Path::new("/elsewhere/a.md")), None);
    }
}
