//! Where a build may write: the `--output` path resolved the way the
//! operating system will resolve it, and refused when replacing it could
//! destroy anything limber did not make.
//!
//! The build replaces its output folder whole, so the one folder it may
//! replace is one it made itself (or an empty or new one). The path is
//! resolved before it is checked: `missing/../guide` names the guide once
//! `missing` has been created, and a symbolic link names its target.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// How many symbolic links one path may pass through, as the kernel's
/// own limit (40 on Linux) bounds it: a loop of links is refused, not followed forever.
const MAX_LINKS: usize = 40;

/// The output folder as the build will use it: absolute, with every
/// symbolic link and `..` resolved, and safe to replace. `given` is what
/// the author wrote, for the messages.
pub fn resolve(root: &Path, given: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = given.display().to_string();
    let cwd = std::env::current_dir().map_err(|e| unwritable(&shown, &e))?;
    let written: PathBuf = cwd.join(given).components().collect();
    let out = resolve_path(&written).map_err(|e| unwritable(&shown, &e))?;
    let root = resolve_path(&cwd.join(root)).map_err(|e| unwritable(&shown, &e))?;
    let protected = ["content", "templates", "static"].map(|d| root.join(d));
    if root.starts_with(&out) || protected.iter().any(|p| out.starts_with(p)) {
        return Err(Diagnostic::error(
            "E0020",
            format!(
                "the output folder {shown} would replace the guide's own files{}",
                resolved_note(&written, &out)
            ),
        )
        .in_file(&shown)
        .help("choose an output folder of its own, such as --output public"));
    }
    match fs::symlink_metadata(&out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(out),
        Err(e) => Err(unwritable(&shown, &e)),
        Ok(meta) if !meta.is_dir() => Err(Diagnostic::error(
            "E0021",
            format!(
                "{shown} is a file, not a folder{}",
                resolved_note(&written, &out)
            ),
        )
        .in_file(&shown)
        .help("limber writes the site into a folder; point --output at an empty or new folder")),
        Ok(_) if may_replace(&out) => Ok(out),
        Ok(_) => Err(Diagnostic::error(
            "E0021",
            format!(
                "{shown} exists and is not a built guide{}: limber did not build it, and it is not empty",
                resolved_note(&written, &out)
            ),
        )
        .in_file(&shown)
        .help(format!(
            "limber replaces its output folder whole; point --output at an empty or new folder (a folder limber built has {})",
            BUILT_SITE_FILES.join(", ")
        ))),
    }
}

/// The output-folder error for anything the system refuses.
pub fn unwritable(shown: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::error("E0022", format!("cannot write {shown}: {e}"))
        .in_file(shown)
        .help("check that the folder is writable and the disk is not full")
}

/// Where a path with `..` or a link really leads, when that is not what
/// it says.
fn resolved_note(written: &Path, out: &Path) -> String {
    if written == out {
        String::new()
    } else {
        format!(" (it resolves to {})", out.display())
    }
}

/// Files every build writes at the top of its output. A folder with all
/// of them is taken for an earlier build; one with only an `index.html`
/// may be another site, or anything else of the author's.
pub const BUILT_SITE_FILES: [&str; 4] = [
    "index.html",
    "exercises.json",
    "exercises.schema.json",
    ".nojekyll",
];

/// An empty folder, or one an earlier build wrote.
fn may_replace(dir: &Path) -> bool {
    let is_file =
        |name: &str| fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.file_type().is_file());
    BUILT_SITE_FILES.iter().all(|name| is_file(name))
        || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// `path` (absolute) with `.`, `..` and symbolic links resolved as the
/// system will once the missing folders have been made: the part that
/// exists is followed link by link, and the rest is taken by name, since a
/// folder that does not exist yet cannot be a link.
fn resolve_path(path: &Path) -> io::Result<PathBuf> {
    let mut out = PathBuf::new();
    let mut links = 0usize;
    // Components still to take, last first, so that a link's target can
    // be put in front of the rest.
    let mut stack: Vec<PathBuf> = path.components().map(|c| c.as_os_str().into()).collect();
    stack.reverse();
    while let Some(part) = stack.pop() {
        let part = part.as_path();
        match part.components().next() {
            None | Some(Component::CurDir) => {}
            Some(Component::RootDir) | Some(Component::Prefix(_)) => {
                out.push(part);
            }
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::Normal(name)) => {
                let next = out.join(name);
                match fs::symlink_metadata(&next) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        links += 1;
                        if links > MAX_LINKS {
                            return Err(io::Error::other("too many levels of symbolic links"));
                        }
                        let target = fs::read_link(&next)?;
                        if target.is_absolute() {
                            out = PathBuf::new();
                        }
                        let mut parts: Vec<PathBuf> =
                            target.components().map(|c| c.as_os_str().into()).collect();
                        parts.reverse();
                        stack.extend(parts);
                    }
                    _ => out = next,
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_after_a_missing_folder_comes_back_up() {
        let dir = tempfile::TempDir::new().unwrap();
        let base = dir.path().canonicalize().unwrap();
        fs::create_dir(base.join("guide")).unwrap();
        let got = resolve_path(&base.join("missing/../guide")).unwrap();
        assert_eq!(got, base.join("guide"));
        let got = resolve_path(&base.join("guide/./new/../../x")).unwrap();
        assert_eq!(got, base.join("x"));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_loops_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let base = dir.path().canonicalize().unwrap();
        fs::create_dir_all(base.join("a/b")).unwrap();
        std::os::unix::fs::symlink("a/b", base.join("link")).unwrap();
        assert_eq!(resolve_path(&base.join("link")).unwrap(), base.join("a/b"));
        // `..` after a link leaves the link's target, as the system does.
        assert_eq!(resolve_path(&base.join("link/..")).unwrap(), base.join("a"));
        std::os::unix::fs::symlink("loop", base.join("loop")).unwrap();
        assert!(resolve_path(&base.join("loop/x")).is_err());
    }
}
