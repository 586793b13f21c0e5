//! The picture phase: every raster picture an exercise shows (its
//! `[image]` or `[[images]]`, its video's poster) is read, refused with a
//! located error when it is not a usable picture, and given resized copies
//! in `_img/`, made once and kept in the guide's picture cache.
//!
//! The phase runs twice over the same files: [`prepare`] (part of loading)
//! learns each picture's size and copies, which the pages need; [`write`]
//! hands the copies' bytes to the output. Between the two the bytes are
//! in the cache rather than in memory, so a guide of thousands of photos
//! never holds all their copies at once.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::content::{self, Slot};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::files::{read_regular, static_dir};
use crate::images::{self, Cache, ImageError, Processed, Settings, Source};
use crate::model::{Guide, Picture, PictureCopy, PictureStats, safe_relative};

use super::Output;

/// Where the copies are kept between builds: beside the guide, out of the
/// output (which a build replaces whole).
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".limber-cache").join("images")
}

/// How many pictures are processed at once: enough to keep every thread
/// busy, few enough that their copies' bytes stay small in memory.
fn batch() -> usize {
    rayon::current_num_threads().saturating_mul(8).max(8)
}

/// Where an exercise names a picture.
struct Use {
    exercise: usize,
    slot: Slot,
    file: SourceFile,
    span: Range<usize>,
    name: String,
}

/// Every picture the guide's exercises show, by its path under static/,
/// with the places that name it.
fn uses(guide: &Guide) -> BTreeMap<String, Vec<Use>> {
    let mut out: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for (i, src) in guide.sources.iter().enumerate() {
        for m in content::media_refs(src) {
            if !matches!(m.slot, Slot::Image(_) | Slot::Poster) {
                continue;
            }
            let Some(rel) = safe_relative(m.src) else {
                continue;
            };
            // Drawings are shown as they are, at any size.
            let raster = rel.rsplit_once('.').is_some_and(|(_, ext)| {
                content::PICTURE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
            });
            if !raster {
                continue;
            }
            out.entry(rel).or_default().push(Use {
                exercise: i,
                slot: m.slot,
                file: src.file().clone(),
                span: m.span,
                name: m.name,
            });
        }
    }
    out
}

/// Reads every picture, makes the copies that are not in the cache, and
/// gives each image of the guide its [`Picture`]. Every bad picture is an
/// error at each place that names it.
pub fn prepare(guide: &mut Guide) -> Result<(), Vec<Diagnostic>> {
    read_captions(guide)?;
    let uses = uses(guide);
    if uses.is_empty() {
        return Ok(());
    }
    let static_dir = static_dir(&guide.root);
    let cache = Cache::open(cache_dir(&guide.root));
    let settings = Settings::default();
    let names: Vec<&String> = uses.keys().collect();
    let mut errors = Vec::new();
    let mut stats = PictureStats::default();
    for chunk in names.chunks(batch()) {
        let pictures = sources(&static_dir, chunk);
        let results = images::process_all(&pictures, &settings, &cache);
        for (rel, result) in chunk.iter().zip(results) {
            let here = uses.get(*rel).map(Vec::as_slice).unwrap_or_default();
            match result {
                Ok(p) => {
                    stats.pictures += 1;
                    if p.cached {
                        stats.cached += 1;
                    } else {
                        stats.made += 1;
                    }
                    let picture = picture(&p);
                    for u in here {
                        attach(guide, u, picture.clone());
                    }
                }
                Err(e) => errors.extend(here.iter().map(|u| bad_picture(&e, u))),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    guide.pictures = stats;
    Ok(())
}

/// Most bytes a captions file may have: hours of speech.
const MAX_CAPTIONS_BYTES: u64 = 1024 * 1024;

/// Reads each video's captions into the guide, for the pages to carry.
fn read_captions(guide: &mut Guide) -> Result<(), Vec<Diagnostic>> {
    let static_dir = static_dir(&guide.root);
    let mut errors = Vec::new();
    for (ex, src) in guide.exercises.iter_mut().zip(&guide.sources) {
        let Some(video) = &mut ex.video else { continue };
        let Some(rel) = video.captions.as_deref().and_then(safe_relative) else {
            continue;
        };
        let name = format!("static/{rel}");
        let at = content::media_refs(src)
            .into_iter()
            .find(|m| m.slot == Slot::Captions)
            .map(|m| m.span)
            .unwrap_or_default();
        match read_regular(&name, &static_dir.join(&rel), MAX_CAPTIONS_BYTES) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => video.captions_text = Some(text),
                Err(_) => errors.push(
                    Diagnostic::error(
                        "E0159",
                        format!("{name} is not UTF-8 text, as WebVTT must be"),
                    )
                    .at(src.file(), at)
                    .label("not UTF-8")
                    .help("save the captions again as UTF-8 text"),
                ),
            },
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The copies of every picture the guide shows, handed to `out`; the paths
/// written.
pub fn write(guide: &Guide, out: &dyn Output) -> Result<BTreeSet<String>, Vec<Diagnostic>> {
    let mut written = BTreeSet::new();
    for (rel, bytes) in files(guide)? {
        out.put(&rel, bytes)
            .map_err(|e| vec![super::cannot_write(&rel, &e)])?;
        written.insert(rel);
    }
    Ok(written)
}

/// The copies of every picture the guide shows, by their path in the
/// output. Read from the cache where [`prepare`] left them.
pub fn files(guide: &Guide) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let uses = uses(guide);
    let mut out = Vec::new();
    if uses.is_empty() {
        return Ok(out);
    }
    let static_dir = static_dir(&guide.root);
    let cache = Cache::open(cache_dir(&guide.root));
    let settings = Settings::default();
    let names: Vec<&String> = uses.keys().collect();
    let mut seen = BTreeSet::new();
    let mut errors = Vec::new();
    for chunk in names.chunks(batch()) {
        let pictures = sources(&static_dir, chunk);
        for (rel, result) in chunk
            .iter()
            .zip(images::process_all(&pictures, &settings, &cache))
        {
            match result {
                Ok(p) => {
                    for v in p.variants {
                        // Two files of the same bytes share their copies.
                        if seen.insert(v.path.clone()) {
                            out.push((v.path, v.bytes));
                        }
                    }
                }
                // Only if the file changed since `prepare` read it.
                Err(e) => errors.extend(
                    uses.get(*rel)
                        .into_iter()
                        .flatten()
                        .map(|u| bad_picture(&e, u)),
                ),
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A static file where the copies go: `_img/` is limber's.
pub fn clashes<'a>(statics: impl IntoIterator<Item = &'a String>) -> Vec<Diagnostic> {
    let dir = images::OUTPUT_DIR;
    statics
        .into_iter()
        .filter(|p| {
            let first = p.split('/').next().unwrap_or_default();
            first.eq_ignore_ascii_case(dir)
        })
        .map(|p| {
            let name = format!("static/{p}");
            Diagnostic::error(
                "E0158",
                format!("{name} is inside `{dir}/`, where limber writes the copies of pictures"),
            )
            .in_file(&name)
            .help(format!(
                "`{dir}/` in the site is limber's own; move the file to another folder of static/, e.g. static/images/"
            ))
        })
        .collect()
}

fn sources(static_dir: &Path, names: &[&String]) -> Vec<(String, Source)> {
    names
        .iter()
        .map(|rel| {
            (
                format!("static/{rel}"),
                Source::Path(static_dir.join(rel.as_str())),
            )
        })
        .collect()
}

fn picture(p: &Processed) -> Picture {
    let copy = |v: &images::Variant| PictureCopy {
        path: v.path.clone(),
        width: v.width,
        height: v.height,
        mime: v.format.mime(),
    };
    Picture {
        width: p.info.width,
        height: p.info.height,
        webp: p
            .variants
            .iter()
            .filter(|v| v.format == images::Format::WebP)
            .map(copy)
            .collect(),
        original: p
            .variants
            .iter()
            .filter(|v| v.format == p.info.format)
            .map(copy)
            .collect(),
    }
}

fn attach(guide: &mut Guide, u: &Use, picture: Picture) {
    let Some(ex) = guide.exercises.get_mut(u.exercise) else {
        return;
    };
    match u.slot {
        Slot::Image(i) => {
            if let Some(img) = ex.images.get_mut(i) {
                img.picture = Some(picture);
            }
        }
        Slot::Poster => {
            if let Some(v) = &mut ex.video {
                v.poster_picture = Some(picture);
            }
        }
        Slot::Video | Slot::Captions => {}
    }
}

fn bad_picture(e: &ImageError, u: &Use) -> Diagnostic {
    let (label, help) = match e {
        ImageError::NotAnImage { .. } => (
            "not a picture",
            "point this at the picture itself, or save the picture again as JPEG, PNG or WebP",
        ),
        ImageError::Unsupported { .. } => (
            "a format limber does not read",
            "convert it to JPEG (photos) or PNG (drawings) with any picture editor",
        ),
        ImageError::TooLarge { .. } => (
            "too large to read",
            "make it smaller: 2,000 px wide is more than any page shows",
        ),
        ImageError::Corrupt { .. } => (
            "a damaged picture",
            "open it in a picture editor and save it again, or copy it again from where it came from",
        ),
        ImageError::Io { .. } => (
            "cannot be read",
            "check that the file can be read, and build again",
        ),
        ImageError::Encode { .. } => (
            "its copies could not be made",
            "save the picture again as JPEG or PNG and build again",
        ),
    };
    Diagnostic::error("E0157", format!("`{}`: {e}", u.name))
        .at(&u.file, u.span.clone())
        .label(label)
        .help(help)
}
