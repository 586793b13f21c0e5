//! Pictures: read at build time, refused when they are not what they claim,
//! and served small.
//!
//! The steps, each usable alone:
//!
//! 1. [`probe`] reads a picture's format and size from its header only, and
//!    refuses a decompression bomb (a tiny file declaring a huge picture)
//!    before anything is decoded.
//! 2. [`variants`] decodes it under a memory limit, turns it upright (EXIF
//!    orientation), and encodes resized copies as lossy WebP and in the
//!    picture's own format (JPEG stays JPEG, PNG stays PNG with its
//!    transparency).
//! 3. [`Cache`] keeps those copies on disk, keyed by a hash of the source
//!    bytes and the [`Settings`], so a rebuild re-encodes nothing unchanged.
//! 4. [`process_all`] does all of it for many pictures on rayon's threads,
//!    processing a picture found under two names once.
//!
//! Output names are content-addressed (`_img/<key>-<width>.<ext>`), so the
//! same input and settings always give the same names and the same bytes.

mod cache;
mod encode;
mod photo;
mod probe;

use std::fmt;
use std::path::PathBuf;

use rayon::prelude::*;

pub use cache::{Cache, CacheStats};
pub use encode::variants;
pub use photo::synthetic_photo;
pub use probe::probe;

/// Widest or tallest picture read, in pixels. libwebp cannot encode a side
/// longer than 16,383 px, so anything accepted can also be given its WebP
/// copies; it is also above every camera and phone sensor sold today.
pub const MAX_SIDE: u32 = 16_383;

/// Most pixels a picture may have. 50 megapixels takes the 48 and 50 MP
/// photos of current phones (8064 × 6048, 8160 × 6120) as they come, and
/// bounds one decoded picture to 200 MB (four bytes a pixel); with one
/// picture decoding per core, that keeps the build's memory bounded.
pub const MAX_PIXELS: u64 = 50_000_000;

/// Most bytes a decoder may allocate for one picture: the decoded pixels of
/// a [`MAX_PIXELS`] picture at four bytes a pixel, plus room for the
/// decoder's own buffers. A 16-bit picture near the pixel limit needs more
/// and is refused as too large rather than allowed to take twice the memory.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4 + 32 * 1024 * 1024;

/// The folder of the output that the copies go in.
pub const OUTPUT_DIR: &str = "_img";

/// A format limber reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

impl Format {
    /// The file extension of the copies, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    /// The MIME type, for `<source type="…">`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
        }
    }

    /// The name an author knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
        }
    }

    #[cfg(test)]
    fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::WebP => image::ImageFormat::WebP,
        }
    }

    fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" | "jpe" | "jfif" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            "webp" => Some(Format::WebP),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What [`probe`] learns from a picture's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// The format of the bytes, whatever the file's name says.
    pub format: Format,
    /// Width and height as the picture is shown: a JPEG whose EXIF says
    /// "rotate 90°" has its stored width and height swapped here, as a
    /// browser would show it and as [`variants`] writes it.
    pub width: u32,
    pub height: u32,
    /// Whether the picture can have transparent pixels (PNG and WebP).
    pub has_alpha: bool,
}

/// How the copies are made. Part of every cache key and output name, so
/// changing a setting makes new copies rather than reusing old ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Widths of the copies in pixels. A width larger than the picture gives
    /// a copy at the picture's own width (never enlarged); widths that end up
    /// equal give one copy.
    pub widths: Vec<u32>,
    /// Lossy WebP quality, 0–100.
    pub webp_quality: u8,
    /// JPEG quality, 1–100.
    pub jpeg_quality: u8,
}

impl Default for Settings {
    /// 480 px fills a phone's column at 1× and half of it at 2×; 960 px a
    /// phone at 2× or a desktop column. Quality 80 is where both encoders'
    /// artefacts stop being visible in photos at these sizes.
    fn default() -> Settings {
        Settings {
            widths: vec![480, 960],
            webp_quality: 80,
            jpeg_quality: 80,
        }
    }
}

/// One resized copy of a picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// Where it goes in the output, e.g. `_img/3f2a9c0e1b7d4a65-480.webp`;
    /// always `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A picture's content address: the first 16 hex digits of the BLAKE3 hash
/// of the settings, the encoder recipe and the source bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key([u8; 8]);

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// Changed whenever the way copies are made changes (an encoder, its
/// options, the resize filter), so that copies cached by an older limber are
/// made again rather than trusted.
const RECIPE: &str = "limber-images-1 resize=lanczos3 webp=libwebp-1.3/method2 jpeg=jpeg-encoder-0.7/optimized-huffman png=image-0.25/default";

/// The key of `bytes` processed with `settings`.
pub fn key(bytes: &[u8], settings: &Settings) -> Key {
    let mut h = blake3::Hasher::new();
    h.update(RECIPE.as_bytes());
    h.update(&[0]);
    h.update(&(settings.widths.len() as u64).to_le_bytes());
    for w in &settings.widths {
        h.update(&w.to_le_bytes());
    }
    h.update(&[settings.webp_quality, settings.jpeg_quality]);
    h.update(bytes);
    let mut k = [0u8; 8];
    k.copy_from_slice(&h.finalize().as_bytes()[..8]);
    Key(k)
}

/// Why a picture cannot be used. Every message names the file as the author
/// wrote it (its path under `static/`) and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("{name} is {what}, not a {claimed} picture")]
    NotAnImage {
        name: String,
        /// "a text file", "an empty file", "not a picture limber recognises".
        what: String,
        /// The format its name promises ("PNG"), or "JPEG, PNG or WebP".
        claimed: String,
    },
    #[error(
        "{name} is {found}; limber reads JPEG, PNG and WebP pictures (convert it to one of those)"
    )]
    Unsupported {
        name: String,
        /// e.g. "a GIF picture", "an animated WebP picture (…)".
        found: String,
    },
    #[error("{name} is {width} × {height} pixels, larger than limber reads ({MAX_SIDE} px a side and {} megapixels at most); make it smaller before adding it", MAX_PIXELS / 1_000_000)]
    TooLarge {
        name: String,
        width: u32,
        height: u32,
    },
    #[error("{name} is a damaged or incomplete {format} picture: {message}")]
    Corrupt {
        name: String,
        format: Format,
        message: String,
    },
    #[error("{name} could not be read: {source}")]
    Io {
        name: String,
        #[source]
        source: std::io::Error,
    },
    #[error("a copy of {name} could not be encoded as {format}: {message}")]
    Encode {
        name: String,
        format: Format,
        message: String,
    },
}

impl ImageError {
    /// The picture the error is about, as it was named to [`probe`].
    pub fn name(&self) -> &str {
        match self {
            ImageError::NotAnImage { name, .. }
            | ImageError::Unsupported { name, .. }
            | ImageError::TooLarge { name, .. }
            | ImageError::Corrupt { name, .. }
            | ImageError::Io { name, .. }
            | ImageError::Encode { name, .. } => name,
        }
    }
}

/// Where a picture's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    Bytes(Vec<u8>),
    /// Read when processed, so that only the pictures being worked on are
    /// in memory at once.
    Path(PathBuf),
}

/// A picture, read and given its copies.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The name it was given, e.g. `photos/cat-cow.jpg`.
    pub name: String,
    pub info: ImageInfo,
    pub key: Key,
    /// WebP copies by increasing width, then the copies in the original
    /// format by increasing width (for a WebP original, only the first).
    pub variants: Vec<Variant>,
    /// True when the copies came from the cache and nothing was encoded.
    pub cached: bool,
}

/// Probes and processes every picture on rayon's threads, using and filling
/// `cache`. The results are in the order of `pictures`; a picture whose
/// bytes another one has too is processed once and its result shared.
pub fn process_all(
    pictures: &[(String, Source)],
    settings: &Settings,
    cache: &Cache,
) -> Vec<Result<Processed, ImageError>> {
    // First pass: read, hash and probe (cheap), so that duplicates are known
    // before the expensive work is shared out. A file's bytes are dropped
    // after it, and read again only if its copies must be made.
    let read: Vec<Result<Read, ImageError>> = pictures
        .par_iter()
        .map(|(name, source)| {
            let bytes = load(name, source)?;
            let info = probe(&bytes, name)?;
            let key = key(&bytes, settings);
            Ok((info, key))
        })
        .collect();

    // The first picture with a key does the work; later ones copy it.
    let mut first_of: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    let mut owner = vec![None; pictures.len()];
    for (i, r) in read.iter().enumerate() {
        if let Ok((_, k)) = r {
            let first = *first_of.entry(*k).or_insert(i);
            owner[i] = Some(first);
        }
    }

    let made: Vec<Option<Result<Made, ImageError>>> = read
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let (info, key) = r.as_ref().ok()?;
            if owner[i] != Some(i) {
                return None;
            }
            let (name, source) = &pictures[i];
            Some(cache.get_or_make(*key, || {
                let bytes = load(name, source)?;
                // Copies stored under a key must be of the bytes it names.
                if self::key(&bytes, settings) != *key {
                    return Err(ImageError::Io {
                        name: name.clone(),
                        source: std::io::Error::other(
                            "it changed while limber was reading it; build again",
                        ),
                    });
                }
                variants(&bytes, name, info, settings)
            }))
        })
        .collect();

    read.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let (info, key) = r?;
            let first = owner[i].unwrap_or(i);
            let name = pictures[i].0.clone();
            match made.get(first).and_then(Option::as_ref) {
                Some(Ok((variants, cached))) => Ok(Processed {
                    name,
                    info,
                    key,
                    variants: variants.clone(),
                    // A picture sharing another's work encoded nothing itself.
                    cached: *cached || first != i,
                }),
                Some(Err(e)) => Err(rename(e, name)),
                None => Err(ImageError::Encode {
                    name,
                    format: info.format,
                    message: "it was not processed".to_owned(),
                }),
            }
        })
        .collect()
}

/// A picture's header and key.
type Read = (ImageInfo, Key);
/// Its copies, and whether they came from the cache.
type Made = (Vec<Variant>, bool);

fn load<'a>(name: &str, source: &'a Source) -> Result<std::borrow::Cow<'a, [u8]>, ImageError> {
    match source {
        Source::Bytes(b) => Ok(std::borrow::Cow::Borrowed(b)),
        Source::Path(p) => std::fs::read(p)
            .map(std::borrow::Cow::Owned)
            .map_err(|source| ImageError::Io {
                name: name.to_owned(),
                source,
            }),
    }
}

/// The error of a picture's twin, told about this picture's name.
fn rename(e: &ImageError, name: String) -> ImageError {
    match e {
        ImageError::NotAnImage { what, claimed, .. } => ImageError::NotAnImage {
            name,
            what: what.clone(),
            claimed: claimed.clone(),
        },
        ImageError::Unsupported { found, .. } => ImageError::Unsupported {
            name,
            found: found.clone(),
        },
        ImageError::TooLarge { width, height, .. } => ImageError::TooLarge {
            name,
            width: *width,
            height: *height,
        },
        ImageError::Corrupt {
            format, message, ..
        } => ImageError::Corrupt {
            name,
            format: *format,
            message: message.clone(),
        },
        ImageError::Io { source, .. } => ImageError::Io {
            name,
            source: std::io::Error::new(source.kind(), source.to_string()),
        },
        ImageError::Encode {
            format, message, ..
        } => ImageError::Encode {
            name,
            format: *format,
            message: message.clone(),
        },
    }
}

#[cfg(test)]
pub(crate) mod test_pictures;

#[cfg(test)]
mod tests {
    use super::test_pictures::*;
    use super::*;

    #[test]
    fn the_key_depends_on_bytes_and_settings() {
        let s = Settings::default();
        let a = key(b"one", &s);
        assert_eq!(a, key(b"one", &s));
        assert_ne!(a, key(b"two", &s));
        let other = Settings {
            widths: vec![480],
            ..Settings::default()
        };
        assert_ne!(a, key(b"one", &other));
        assert_eq!(a.to_string().len(), 16);
        assert!(a.to_string().chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn process_all_keeps_the_order_and_shares_twins() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path().join("images"));
        let photo = synthetic_photo(1, 200, 120);
        let path = dir.path().join("p.jpg");
        std::fs::write(&path, &photo).unwrap();
        let pictures = vec![
            ("a.jpg".to_owned(), Source::Bytes(photo.clone())),
            ("broken.png".to_owned(), Source::Bytes(b"hello".to_vec())),
            ("b.jpg".to_owned(), Source::Path(path)),
            ("c.png".to_owned(), Source::Bytes(png_rgba(30, 20))),
            (
                "missing.jpg".to_owned(),
                Source::Path(dir.path().join("nope.jpg")),
            ),
        ];
        let out = process_all(&pictures, &Settings::default(), &cache);
        assert_eq!(out.len(), 5);
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.name, "a.jpg");
        assert!(!a.cached);
        let b = out[2].as_ref().unwrap();
        assert_eq!(b.name, "b.jpg");
        assert_eq!(a.key, b.key);
        assert_eq!(a.variants, b.variants);
        assert!(b.cached, "the twin shares the first one's work");
        assert_eq!(cache.stats().made, 2, "a.jpg and c.png, not b.jpg");
        assert!(matches!(out[1], Err(ImageError::NotAnImage { .. })));
        assert_eq!(out[3].as_ref().unwrap().info.format, Format::Png);
        let e = out[4].as_ref().unwrap_err();
        assert!(matches!(e, ImageError::Io { .. }));
        assert!(e.to_string().starts_with("missing.jpg could not be read"));
    }

    #[test]
    fn a_twins_error_names_the_twin() {
        let cache = Cache::disabled();
        let bad = truncated_jpeg();
        let pictures = vec![
            ("one.jpg".to_owned(), Source::Bytes(bad.clone())),
            ("two.jpg".to_owned(), Source::Bytes(bad)),
        ];
        let out = process_all(&pictures, &Settings::default(), &cache);
        for (r, name) in out.iter().zip(["one.jpg", "two.jpg"]) {
            let e = r.as_ref().unwrap_err();
            assert!(matches!(e, ImageError::Corrupt { .. }), "{e}");
            assert_eq!(e.name(), name);
        }
    }
}
