//! Reading an author's file into text, with the checks that keep a build from
//! crashing or reading outside the guide: a size limit, UTF-8, no symlinks.

use std::fs;
use std::path::Path;

use crate::diagnostic::{Diagnostic, SourceFile, display_path};

/// No exercise file is anywhere near this; a larger one is a mistake (a
/// video saved under content/, say), and reading it would only waste memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads `path` as UTF-8 text, dropping a leading byte-order mark.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = display_path(root, path);
    let meta = fs::symlink_metadata(path).map_err(|e| cannot_read(&name, &e))?;
    if meta.file_type().is_symlink() {
        return Err(refuse_symlink(&name));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            "E0003",
            format!(
                "{name} is {:.1} MB, over the limit of {} MB for one file",
                meta.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        )
        .in_file(&name)
        .help(
            "content files hold text only; keep pictures under static/ and make this file smaller",
        ));
    }
    let bytes = fs::read(path).map_err(|e| cannot_read(&name, &e))?;
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
