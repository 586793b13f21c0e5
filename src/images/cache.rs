//! The disk cache of processed pictures.
//!
//! One file per picture, named by its [`Key`]: a header listing each copy's
//! format, size, length and BLAKE3 hash, then the copies' bytes. A file is
//! written whole into a temporary file in the same folder and renamed over
//! its name, so a build killed half-way leaves either no entry or a
//! complete one; an entry that is damaged all the same (a disk fault, a
//! stray edit) fails its hashes and is made again. The cache is only ever
//! an optimisation: a folder that cannot be made, read or written means the
//! pictures are processed afresh, and the build goes on.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{Format, ImageError, Key, OUTPUT_DIR, Variant};

const MAGIC: &[u8] = b"limber-image-cache-1\n";
/// More copies than any settings make; a header claiming more is damage.
const MAX_VARIANTS: u32 = 64;

/// A folder of processed pictures, shared by rayon's threads.
///
/// The usual place is `<guide>/.limber-cache/images/`, beside the build and
/// out of the output. It is created when the first entry is written, with a
/// `.gitignore` of `*` inside so that git leaves it alone, and a
/// `CACHEDIR.TAG` so that backup tools skip it. Entries are never removed
/// by limber; deleting the folder is always safe.
#[derive(Debug)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// Set after the first failed write, so that a read-only folder costs
    /// one failure and not one per picture.
    writes_off: AtomicBool,
    problem: Mutex<Option<String>>,
    hits: AtomicUsize,
    made: AtomicUsize,
    remade: AtomicUsize,
}

/// What a cache did, for the build's summary and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    /// Pictures whose copies were read from the cache.
    pub hits: usize,
    /// Pictures that were decoded and encoded.
    pub made: usize,
    /// Of those, how many had an entry that was damaged.
    pub remade: usize,
}

impl Cache {
    /// A cache in `dir`. Nothing is created or read yet.
    pub fn open(dir: impl Into<PathBuf>) -> Cache {
        Cache::with_dir(Some(dir.into()))
    }

    /// No cache: every picture is processed.
    pub fn disabled() -> Cache {
        Cache::with_dir(None)
    }

    fn with_dir(dir: Option<PathBuf>) -> Cache {
        Cache {
            dir,
            writes_off: AtomicBool::new(false),
            problem: Mutex::new(None),
            hits: AtomicUsize::new(0),
            made: AtomicUsize::new(0),
            remade: AtomicUsize::new(0),
        }
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The first thing that went wrong with the folder, if anything did, in
    /// a sentence for a warning ("the picture cache … could not be written:
    /// …; pictures are processed afresh").
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().map_or(None, |p| p.clone())
    }

    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            made: self.made.load(Ordering::Relaxed),
            remade: self.remade.load(Ordering::Relaxed),
        }
    }

    /// The copies of the picture with `key`: from the cache if a sound entry
    /// is there (and then `true`), or from `make`, whose result is then
    /// stored. An error from `make` is returned and nothing is stored.
    pub fn get_or_make(
        &self,
        key: Key,
        make: impl FnOnce() -> Result<Vec<Variant>, ImageError>,
    ) -> Result<(Vec<Variant>, bool), ImageError> {
        let mut damaged = false;
        if let Some(path) = self.entry_path(key) {
            match fs::read(&path) {
                Ok(data) => match decode_entry(&data, key) {
                    Some(variants) => {
                        self.hits.fetch_add(1, Ordering::Relaxed);
                        return Ok((variants, true));
                    }
                    None => damaged = true,
                },
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) => {}
                Err(e) => self.note(format!("{} could not be read: {e}", path.display())),
            }
        }
        let variants = make()?;
        self.made.fetch_add(1, Ordering::Relaxed);
        if damaged {
            self.remade.fetch_add(1, Ordering::Relaxed);
        }
        self.store(key, &variants);
        Ok((variants, false))
    }

    fn entry_path(&self, key: Key) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{key}.bin")))
    }

    fn store(&self, key: Key, variants: &[Variant]) {
        let (Some(dir), Some(path)) = (self.dir.as_deref(), self.entry_path(key)) else {
            return;
        };
        if self.writes_off.load(Ordering::Relaxed) {
            return;
        }
        let written = prepare(dir).and_then(|()| {
            let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
            tmp.write_all(&encode_entry(key, variants))?;
            tmp.persist(&path).map_err(|e| e.error)?;
            Ok(())
        });
        if let Err(e) = written {
            self.writes_off.store(true, Ordering::Relaxed);
            self.note(format!("{} could not be written: {e}", dir.display()));
        }
    }

    fn note(&self, problem: String) {
        if let Ok(mut p) = self.problem.lock()
            && p.is_none()
        {
            *p = Some(problem);
        }
    }
}

/// Makes the folder if it is missing, with the files that keep git and
/// backups out of it. Files already there are left as they are.
fn prepare(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    for (name, text) in [
        (
            ".gitignore",
            "# Made by limber: processed pictures, safe to delete.\n*\n",
        ),
        (
            "CACHEDIR.TAG",
            "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is limber's cache of processed pictures.\n",
        ),
    ] {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(name))
        {
            Ok(mut f) => f.write_all(text.as_bytes())?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn format_code(f: Format) -> u8 {
    match f {
        Format::Jpeg => 1,
        Format::Png => 2,
        Format::WebP => 3,
    }
}

fn format_of(code: u8) -> Option<Format> {
    match code {
        1 => Some(Format::Jpeg),
        2 => Some(Format::Png),
        3 => Some(Format::WebP),
        _ => None,
    }
}

fn encode_entry(key: Key, variants: &[Variant]) -> Vec<u8> {
    let body: usize = variants.iter().map(|v| v.bytes.len()).sum();
    let mut out = Vec::with_capacity(MAGIC.len() + 12 + variants.len() * 49 + body);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.0);
    out.extend_from_slice(&(variants.len() as u32).to_le_bytes());
    for v in variants {
        out.push(format_code(v.format));
        out.extend_from_slice(&v.width.to_le_bytes());
        out.extend_from_slice(&v.height.to_le_bytes());
        out.extend_from_slice(&(v.bytes.len() as u64).to_le_bytes());
        out.extend_from_slice(blake3::hash(&v.bytes).as_bytes());
    }
    for v in variants {
        out.extend_from_slice(&v.bytes);
    }
    out
}

/// The copies in an entry, or `None` if anything about it is not exactly
/// as [`encode_entry`] writes it.
fn decode_entry(data: &[u8], key: Key) -> Option<Vec<Variant>> {
    let mut r = Reader(data);
    if r.take(MAGIC.len())? != MAGIC || r.take(8)? != key.0 {
        return None;
    }
    let count = r.u32()?;
    if count == 0 || count > MAX_VARIANTS {
        return None;
    }
    let mut heads = Vec::new();
    for _ in 0..count {
        let format = format_of(r.take(1)?[0])?;
        let (width, height) = (r.u32()?, r.u32()?);
        let len = usize::try_from(r.u64()?).ok()?;
        let hash: [u8; 32] = r.take(32)?.try_into().ok()?;
        if width == 0 || height == 0 {
            return None;
        }
        heads.push((format, width, height, len, hash));
    }
    let mut variants = Vec::with_capacity(heads.len());
    for (format, width, height, len, hash) in heads {
        let bytes = r.take(len)?;
        if *blake3::hash(bytes).as_bytes() != hash {
            return None;
        }
        variants.push(Variant {
            format,
            width,
            height,
            path: format!("{OUTPUT_DIR}/{key}-{width}.{}", format.extension()),
            bytes: bytes.to_vec(),
        });
    }
    r.0.is_empty().then_some(variants)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_pictures::*;
    use super::super::{Settings, Source, key, probe, process_all, synthetic_photo, variants};
    use super::*;

    fn pictures(n: u64) -> Vec<(String, Source)> {
        (0..n)
            .map(|i| {
                (
                    format!("p{i}.jpg"),
                    Source::Bytes(synthetic_photo(i, 200, 130)),
                )
            })
            .collect()
    }

    fn entries(dir: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_second_run_encodes_nothing_and_gives_the_same_copies() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".limber-cache/images");
        let pics = pictures(4);
        let first_cache = Cache::open(&dir);
        assert!(!dir.exists(), "nothing is made before it is needed");
        let first = process_all(&pics, &Settings::default(), &first_cache);
        assert_eq!(
            first_cache.stats(),
            CacheStats {
                hits: 0,
                made: 4,
                remade: 0
            }
        );
        assert_eq!(entries(&dir).len(), 4);
        assert!(
            fs::read_to_string(dir.join(".gitignore"))
                .unwrap()
                .contains("\n*\n")
        );
        assert!(dir.join("CACHEDIR.TAG").is_file());

        let second_cache = Cache::open(&dir);
        let second = process_all(&pics, &Settings::default(), &second_cache);
        assert_eq!(
            second_cache.stats(),
            CacheStats {
                hits: 4,
                made: 0,
                remade: 0
            }
        );
        for (a, b) in first.iter().zip(&second) {
            let (a, b) = (a.as_ref().unwrap(), b.as_ref().unwrap());
            assert!(!a.cached && b.cached);
            assert_eq!(a.variants, b.variants);
        }
        assert!(second_cache.problem().is_none());
    }

    #[test]
    fn other_settings_are_other_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let pics = pictures(1);
        let cache = Cache::open(tmp.path());
        process_all(&pics, &Settings::default(), &cache);
        let narrow = Settings {
            widths: vec![100],
            ..Settings::default()
        };
        let out = process_all(&pics, &narrow, &cache);
        assert_eq!(cache.stats().made, 2);
        assert_eq!(out[0].as_ref().unwrap().variants[0].width, 100);
    }

    #[test]
    fn a_damaged_entry_is_made_again() {
        let tmp = tempfile::tempdir().unwrap();
        let pics = pictures(3);
        let made = process_all(&pics, &Settings::default(), &Cache::open(tmp.path()));
        let files = entries(tmp.path());
        // One flipped byte in the last copy, one entry cut short, one empty.
        let mut flipped = fs::read(&files[0]).unwrap();
        let last = flipped.len() - 10;
        flipped[last] ^= 1;
        fs::write(&files[0], flipped).unwrap();
        let cut = fs::read(&files[1]).unwrap();
        fs::write(&files[1], &cut[..cut.len() / 2]).unwrap();
        fs::write(&files[2], b"").unwrap();

        let cache = Cache::open(tmp.path());
        let again = process_all(&pics, &Settings::default(), &cache);
        assert_eq!(
            cache.stats(),
            CacheStats {
                hits: 0,
                made: 3,
                remade: 3
            }
        );
        for (a, b) in made.iter().zip(&again) {
            assert_eq!(a.as_ref().unwrap().variants, b.as_ref().unwrap().variants);
        }
        // …and stored whole again.
        let cache = Cache::open(tmp.path());
        process_all(&pics, &Settings::default(), &cache);
        assert_eq!(cache.stats().hits, 3);
    }

    #[test]
    fn an_entry_under_another_key_is_not_trusted() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (synthetic_photo(1, 90, 60), synthetic_photo(2, 90, 60));
        let s = Settings::default();
        let cache = Cache::open(tmp.path());
        let make = |bytes: &[u8]| {
            let info = probe(bytes, "x.jpg").unwrap();
            variants(bytes, "x.jpg", &info, &s)
        };
        cache.get_or_make(key(&a, &s), || make(&a)).unwrap();
        let (ka, kb) = (key(&a, &s), key(&b, &s));
        fs::copy(
            tmp.path().join(format!("{ka}.bin")),
            tmp.path().join(format!("{kb}.bin")),
        )
        .unwrap();
        let (got, cached) = cache.get_or_make(kb, || make(&b)).unwrap();
        assert!(!cached);
        assert_eq!(got, make(&b).unwrap());
    }

    #[test]
    fn an_unwritable_folder_means_no_cache_not_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        // A file where the folder should be: nothing can be made under it,
        // whatever the user's rights (tests may run as root).
        let blocked = tmp.path().join("cache");
        fs::write(&blocked, b"not a folder").unwrap();
        let cache = Cache::open(blocked.join("images"));
        let out = process_all(&pictures(3), &Settings::default(), &cache);
        assert!(out.iter().all(Result::is_ok));
        assert_eq!(cache.stats().made, 3);
        let problem = cache.problem().unwrap();
        assert!(problem.contains("could not be written"), "{problem}");
        assert_eq!(fs::read(&blocked).unwrap(), b"not a folder");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_read_but_not_written() {
        use std::os::unix::fs::PermissionsExt as _;
        let tmp = tempfile::tempdir().unwrap();
        let pics = pictures(2);
        process_all(&pics[..1], &Settings::default(), &Cache::open(tmp.path()));
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o555)).unwrap();
        let cache = Cache::open(tmp.path());
        let out = process_all(&pics, &Settings::default(), &cache);
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
        assert!(out.iter().all(Result::is_ok));
        assert_eq!(cache.stats().hits, 1, "what is there is still used");
        assert_eq!(cache.stats().made, 1);
        // Root may write anyway; anyone else gets a problem and no entry.
        let written = entries(tmp.path()).len() == 2;
        assert_eq!(written, cache.problem().is_none());
    }

    #[test]
    fn a_disabled_cache_processes_everything() {
        let cache = Cache::disabled();
        let pics = pictures(2);
        process_all(&pics, &Settings::default(), &cache);
        process_all(&pics, &Settings::default(), &cache);
        assert_eq!(cache.stats().made, 4);
        assert!(cache.problem().is_none());
    }

    #[test]
    fn no_temporary_file_is_left_behind() {
        let tmp = tempfile::tempdir().unwrap();
        process_all(&pictures(3), &Settings::default(), &Cache::open(tmp.path()));
        let names: Vec<String> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with(".tmp-")), "{names:?}");
    }

    #[test]
    fn entries_round_trip() {
        let v = vec![Variant {
            format: Format::Png,
            width: 3,
            height: 2,
            path: String::new(),
            bytes: random_bytes(50, 1),
        }];
        let k = key(b"x", &Settings::default());
        let back = decode_entry(&encode_entry(k, &v), k).unwrap();
        assert_eq!(back[0].bytes, v[0].bytes);
        assert_eq!(back[0].path, format!("_img/{k}-3.png"));
        let mut longer = encode_entry(k, &v);
        longer.push(0);
        assert!(decode_entry(&longer, k).is_none());
    }
}
