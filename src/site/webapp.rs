//! The guide as an installable web app, for readers who open it over
//! http(s): a manifest, and a service worker that keeps the guide for
//! reading offline. From `file://` and under `serve` the pages register no
//! worker (site.js decides), so neither changes how the guide reads there.
//!
//! The worker names a hash of every other file of the site, so the same
//! input gives the same worker and any change gives a new one, which the
//! reader's browser then installs and announces.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::Mutex;

use serde_json::json;

use super::{Output, lock};
use crate::model::Guide;

pub const MANIFEST: &str = "manifest.webmanifest";
pub const WORKER: &str = "sw.js";

/// The site's blue (`--accent` in style.css).
const THEME: &str = "#005eb8";

/// The manifest, when the guide is a web app.
pub fn manifest(guide: &Guide) -> Option<(String, Vec<u8>)> {
    let config = &guide.config;
    let app = &config.web_app;
    if !app.enabled {
        return None;
    }
    let icon = app.icon.as_deref().and_then(crate::model::safe_relative);
    let icon = match icon {
        Some(path) if path.to_ascii_lowercase().ends_with(".png") => {
            let size = crate::files::static_dir(&guide.root).join(&path);
            let (w, h) = image::image_dimensions(size).unwrap_or((192, 192));
            json!({ "src": path, "sizes": format!("{w}x{h}"), "type": "image/png", "purpose": "any" })
        }
        Some(path) => {
            json!({ "src": path, "sizes": "any", "type": "image/svg+xml", "purpose": "any" })
        }
        None => {
            json!({ "src": "favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" })
        }
    };
    let manifest = json!({
        "name": config.title,
        "short_name": app.short_name.as_deref().unwrap_or(&config.title),
        "description": config.description,
        "lang": config.language,
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "theme_color": app.theme_color.as_deref().unwrap_or(THEME),
        "background_color": "#ffffff",
        "icons": [icon],
    });
    let text = serde_json::to_string_pretty(&manifest).ok()? + "\n";
    Some((MANIFEST.to_owned(), text.into_bytes()))
}

/// What the worker keeps from the first visit: every page, script, style
/// and drawing, and of each photo only its smallest copy (the one cards
/// show). The open data, videos and larger photos wait until they are used.
fn kept(path: &str, smallest: &BTreeSet<&str>) -> bool {
    if path == WORKER {
        return false;
    }
    if path.starts_with(crate::images::OUTPUT_DIR) {
        return smallest.contains(path);
    }
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext, "html" | "js" | "css" | "svg" | "webmanifest" | "ico")
}

/// The worker, for a site of `files` (path and hash of each).
pub fn worker(guide: &Guide, files: &BTreeMap<String, blake3::Hash>) -> (String, Vec<u8>) {
    let smallest: BTreeSet<&str> = guide
        .exercises
        .iter()
        .flat_map(|e| &e.images)
        .filter_map(|i| i.picture.as_ref()?.smallest())
        .map(|c| c.path.as_str())
        .collect();
    let mut version = blake3::Hasher::new();
    for (path, hash) in files.iter().filter(|(p, _)| *p != WORKER) {
        version.update(path.as_bytes());
        version.update(&[0]);
        version.update(hash.as_bytes());
    }
    let version = version.finalize().to_hex();
    let list: Vec<&str> = std::iter::once("./")
        .chain(
            files
                .keys()
                .map(String::as_str)
                .filter(|p| kept(p, &smallest)),
        )
        .collect();
    let head = format!(
        "const VERSION = {};\nconst FILES = {};\n",
        json!(&version[..16]),
        serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
    );
    (WORKER.to_owned(), (head + WORKER_SOURCE).into_bytes())
}

const WORKER_SOURCE: &str = include_str!("sw.js");

/// An output that notes the hash of every file it passes on, for the
/// worker's version.
pub struct Hashing<'a> {
    inner: &'a dyn Output,
    seen: Mutex<BTreeMap<String, blake3::Hash>>,
}

impl<'a> Hashing<'a> {
    pub fn new(inner: &'a dyn Output) -> Hashing<'a> {
        Hashing {
            inner,
            seen: Mutex::default(),
        }
    }

    pub fn files(&self) -> BTreeMap<String, blake3::Hash> {
        lock(&self.seen).clone()
    }
}

impl Output for Hashing<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        let hash = blake3::hash(&bytes);
        self.inner.put(path, bytes)?;
        lock(&self.seen).insert(path.to_owned(), hash);
        Ok(())
    }

    fn wants_bytes(&self) -> bool {
        self.inner.wants_bytes()
    }
}
