//! Reading an author's file into text, with the checks that keep a build from
//! crashing or reading outside the guide: a size limit, UTF-8, no symlinks.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, SourceFile, display_path};

/// The folders of a guide, by convention.
pub fn content_dir(root: &Path) -> PathBuf {
    root.join("content")
}

pub fn static_dir(root: &Path) -> PathBuf {
    root.join("static")
}

pub fn templates_dir(root: &Path) -> PathBuf {
    root.join("templates")
}

/// No exercise file is anywhere near this; a larger one is a mistake (a
/// video saved under content/, say), and reading it would only waste memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads `path` as UTF-8 text, dropping a leading byte-order mark.
///
/// Only a regular file is read: a named pipe would block the build for
/// ever, and a device could be read without end. The file is opened
/// without following a link and without waiting for a writer, and then
/// checked again through the open handle, so a file swapped for a pipe or
/// a link between the two looks is refused too.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = display_path(root, path);
    let bytes = read_regular(&name, path, MAX_FILE_BYTES)?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(SourceFile::new(name, text))
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text has the same prefix, so the offset still points
            // at the first bad byte.
            let file = SourceFile::new(name.clone(), lossy);
            Err(
                Diagnostic::error("E0002", format!("{name} is not valid UTF-8 text"))
                    .at(&file, good..good + 1)
                    .label("this byte is not UTF-8")
                    .help("save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)"),
            )
        }
    }
}

/// The bytes of the regular file at `path` (shown as `name`), at most
/// `limit` of them.
pub fn read_regular(name: &str, path: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let meta = fs::symlink_metadata(path).map_err(|e| cannot_read(name, &e))?;
    if meta.file_type().is_symlink() {
        return Err(refuse_symlink(name));
    }
    if !meta.is_file() {
        return Err(not_a_file(name));
    }
    let file = open_regular(path).map_err(|e| cannot_read(name, &e))?;
    let meta = file.metadata().map_err(|e| cannot_read(name, &e))?;
    if !meta.is_file() {
        return Err(not_a_file(name));
    }
    if meta.len() > limit {
        return Err(too_large(name, meta.len(), limit));
    }
    // The limit holds even for a file that grows while it is read.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(name, &e))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(too_large(name, read, limit));
    }
    Ok(bytes)
}

fn too_large(name: &str, len: u64, limit: u64) -> Diagnostic {
    let help = if name.starts_with("static/") {
        "make the file smaller (pictures for a web page rarely need more than 1 MB)"
    } else {
        "content files hold text only; keep pictures under static/ and make this file smaller"
    };
    Diagnostic::error(
        "E0003",
        format!(
            "{name} is {:.1} MB, over the limit of {} MB for one file",
            len as f64 / 1_048_576.0,
            limit / 1_048_576
        ),
    )
    .in_file(name)
    .help(help)
}

#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    fs::File::open(path)
}

/// A named pipe, socket or device where a file belongs.
pub fn not_a_file(name: &str) -> Diagnostic {
    Diagnostic::error(
        "E0008",
        format!("{name} is not a regular file (it is a named pipe, a socket or a device)"),
    )
    .in_file(name)
    .help("limber reads only ordinary files from the guide; replace it with a file, or move it out of the guide")
}

/// A file name that is not valid Unicode cannot be named in a page's link
/// or told apart from another such name once shown.
pub fn name_not_utf8(name: &str, raw: &std::ffi::OsStr) -> Diagnostic {
    Diagnostic::error(
        "E0009",
        format!("the file name {raw:?} is not valid UTF-8"),
    )
        .in_file(name)
        .help("rename the file using UTF-8 (letters, digits, `-` and `_` are safest in a web address)")
}

/// What a folder walk finds at one entry, the same way in content/,
/// templates/ and static/: a file to read, a folder to go into, or a
/// problem to report.
pub fn entry_problem(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    let name = display_path(root, entry.path());
    if entry.path_is_symlink() {
        return Some(refuse_symlink(&name));
    }
    if entry.file_name().to_str().is_none() {
        return Some(name_not_utf8(&name, entry.file_name()));
    }
    let kind = entry.file_type();
    if !kind.is_file() && !kind.is_dir() {
        return Some(not_a_file(&name));
    }
    None
}

/// A file or folder the operating system would not let limber read.
pub fn cannot_read(name: &str, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error("E0001", format!("cannot read {name}: {e}"))
        .in_file(name)
        .help("check that it exists and that your user may read it (its permissions)")
}

pub fn refuse_symlink(name: &str) -> Diagnostic {
    Diagnostic::error(
        "E0004",
        format!("{name} is a symbolic link, which limber does not follow"),
    )
    .in_file(name)
    .help("links can point outside the guide; copy the file into the guide instead")
}
