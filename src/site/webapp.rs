//! The guide as an installable web app: `manifest.webmanifest`, which lets
//! a browser install it, and `sw.js`, the service worker that keeps its
//! pages for reading offline. The worker is made last, from every other
//! file of the site, so that its version changes with any of them.
//!
//! The pages register the worker with the built-in `site.js`, and only
//! over http(s); from disk, the site works as it always has. `serve` makes
//! no worker: its pages must show every edit at once.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::Mutex;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;

use super::{Output, lock};
use crate::assets;
use crate::model::{Guide, Picture};

pub const MANIFEST: &str = "manifest.webmanifest";
pub const WORKER: &str = "sw.js";

/// Each file of a site by its path: a hash of its bytes.
pub type Hashes = BTreeMap<String, blake3::Hash>;

/// Where the worker goes when the guide is a web app, whether or not a
/// `static/sw.js` of the guide's own will take its place.
pub fn worker_path(guide: &Guide) -> Option<&'static str> {
    guide.config.web_app.resolved.as_ref().map(|_| WORKER)
}

/// The manifest, when the guide is a web app. Made with the pages, so a
/// `static/manifest.webmanifest` of the guide's own replaces it as static
/// files replace pages.
pub fn manifest(guide: &Guide) -> Option<(String, Vec<u8>)> {
    let app = guide.config.web_app.resolved.as_ref()?;
    Some((MANIFEST.to_owned(), manifest_bytes(guide, app)))
}

/// The worker of a site whose every other file is in `site`, when the
/// guide is a web app and has no `static/sw.js` of its own.
pub fn worker(guide: &Guide, site: &Hashes) -> Option<(String, Vec<u8>)> {
    let app = guide.config.web_app.resolved.as_ref()?;
    if site.contains_key(WORKER) {
        return None;
    }
    Some((WORKER.to_owned(), worker_bytes(guide, &app.icon.src, site)))
}

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    short_name: &'a str,
    description: &'a str,
    lang: &'a str,
    start_url: &'a str,
    scope: &'a str,
    display: &'a str,
    theme_color: &'a str,
    background_color: &'a str,
    icons: [Icon<'a>; 1],
}

#[derive(Serialize)]
struct Icon<'a> {
    src: String,
    sizes: &'a str,
    #[serde(rename = "type")]
    mime: &'a str,
}

fn manifest_bytes(guide: &Guide, app: &crate::model::WebApp) -> Vec<u8> {
    let c = &guide.config;
    let m = Manifest {
        name: &c.title,
        short_name: &app.short_name,
        description: &c.description,
        lang: &c.language,
        start_url: "./index.html",
        scope: "./",
        display: "standalone",
        theme_color: &app.theme_color,
        background_color: &app.background_color,
        icons: [Icon {
            src: url_path(&app.icon.src),
            sizes: &app.icon.sizes,
            mime: &app.icon.mime,
        }],
    };
    let mut text = serde_json::to_string_pretty(&m).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// What a path needs escaped to be read as that path in a URL: what
/// browsers escape themselves in a link's path, and `?` and `#`.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

fn url_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Kept when the worker installs: what any page needs to be read, while
/// pictures are kept in their smallest copy and videos not at all until
/// they are seen.
fn precached(path: &str, icon: &str, smallest: &BTreeSet<&str>) -> bool {
    if path.starts_with(&format!("{}/", crate::images::OUTPUT_DIR)) {
        return smallest.contains(path);
    }
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    path == icon || matches!(ext.as_str(), "html" | "js" | "css" | "svg" | "webmanifest")
}

/// The copy of each picture the cards and a phone show.
fn smallest_copies(guide: &Guide) -> BTreeSet<&str> {
    let pictures = guide.exercises.iter().flat_map(|e| {
        e.images
            .iter()
            .filter_map(|i| i.picture.as_ref())
            .chain(e.video.iter().filter_map(|v| v.poster_picture.as_ref()))
    });
    pictures
        .filter_map(Picture::smallest)
        .map(|c| c.path.as_str())
        .collect()
}

fn revision(hash: &blake3::Hash) -> String {
    hash.to_hex()[..12].to_owned()
}

fn worker_bytes(guide: &Guide, icon: &str, site: &Hashes) -> Vec<u8> {
    let smallest = smallest_copies(guide);
    let mut version = blake3::Hasher::new();
    // The worker's own code too: a new limber may keep caches otherwise.
    version.update(assets::SERVICE_WORKER.as_bytes());
    let mut pre = Vec::new();
    let mut later = Vec::new();
    for (path, hash) in site {
        version.update(path.as_bytes());
        version.update(&[0]);
        version.update(hash.as_bytes());
        let entry = (url_path(path), revision(hash));
        if precached(path, icon, &smallest) {
            pre.push(entry);
        } else {
            later.push(entry);
        }
    }
    let json = |v: &Vec<(String, String)>| serde_json::to_string(v).unwrap_or_default();
    format!(
        "var VERSION=\"{}\",PRECACHE={},LATER={};\n{}",
        &version.finalize().to_hex()[..16],
        json(&pre),
        json(&later),
        assets::SERVICE_WORKER
    )
    .into_bytes()
}

/// An output that also keeps a hash of each file's bytes, for the worker.
pub struct Hashing<'a> {
    inner: &'a dyn Output,
    hashes: Mutex<Hashes>,
}

impl<'a> Hashing<'a> {
    pub fn new(inner: &'a dyn Output) -> Self {
        Hashing {
            inner,
            hashes: Mutex::default(),
        }
    }

    pub fn into_hashes(self) -> Hashes {
        self.hashes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Output for Hashing<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        // Bytes that are thrown away (`check`) need no hash.
        let hash = if self.inner.wants_bytes() {
            blake3::hash(&bytes)
        } else {
            blake3::Hash::from_bytes([0; 32])
        };
        self.inner.put(path, bytes)?;
        lock(&self.hashes).insert(path.to_owned(), hash);
        Ok(())
    }

    fn wants_bytes(&self) -> bool {
        self.inner.wants_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_escaped_as_browsers_ask_for_them() {
        assert_eq!(url_path("exercises/cat-cow.html"), "exercises/cat-cow.html");
        assert_eq!(url_path("a b/é?#.png"), "a%20b/%C3%A9%3F%23.png");
    }

    #[test]
    fn what_is_kept_on_install() {
        let smallest = BTreeSet::from(["_img/abc-480.webp"]);
        for yes in [
            "index.html",
            "_plan/cat-cow.js",
            "style.css",
            "favicon.svg",
            "manifest.webmanifest",
            "icons/app.png",
            "_img/abc-480.webp",
        ] {
            assert!(precached(yes, "icons/app.png", &smallest), "{yes}");
        }
        for no in [
            "_img/abc-960.webp",
            "_img/abc-480.jpg",
            "photo.jpg",
            "video.mp4",
            "exercises.json",
            "sitemap.xml",
            ".nojekyll",
        ] {
            assert!(!precached(no, "icons/app.png", &smallest), "{no}");
        }
    }
}
