//! End-to-end: the built site as an installable, offline web app. The
//! manifest says what the guide is; the service worker lists every file
//! with a hash of its bytes, keeps the pages and the smallest copy of each
//! picture on install, and changes its version with any file; `[web_app]
//! enabled = false` leaves it all out, and bad settings are located errors.

mod common;

use std::collections::BTreeMap;

use common::{Guide, limber, snapshot_tree};
use image::ImageEncoder;
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;

fn png(w: u32, h: u32) -> Vec<u8> {
    let pixels: Vec<u8> = (0..w * h)
        .flat_map(|i| {
            let (x, y) = (i % w, i / w);
            [
                (x * 255 / w) as u8,
                (y * 255 / h) as u8,
                ((x ^ y) & 0xff) as u8,
            ]
        })
        .collect();
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn add_to_toml(g: &Guide, text: &str) {
    let toml = g.read("guide.toml");
    g.write("guide.toml", format!("{toml}\n{text}\n"));
}

/// Wall angel with a photo large enough for copies 480 and 960 px wide.
fn with_photo(g: &Guide) {
    g.write("static/photo.png", png(1200, 800));
    let angel = g.read("content/exercises/wall-angel.toml");
    let (fields, dose) = angel.split_once("[dose]").unwrap();
    g.write(
        "content/exercises/wall-angel.toml",
        format!("{fields}[image]\nsrc = \"photo.png\"\nalt = \"Arms up a wall.\"\n\n[dose]{dose}"),
    );
}

fn manifest(g: &Guide) -> Value {
    serde_json::from_str(&g.read("public/manifest.webmanifest")).unwrap()
}

/// The worker's version and its two lists, as `path → revision`.
struct Worker {
    version: String,
    precache: BTreeMap<String, String>,
    later: BTreeMap<String, String>,
}

fn worker(text: &str) -> Worker {
    let head = text.lines().next().unwrap();
    let rest = head.strip_prefix("var VERSION=\"").unwrap();
    let (version, rest) = rest.split_once("\",PRECACHE=").unwrap();
    let (pre, rest) = rest.split_once(",LATER=").unwrap();
    let later = rest.strip_suffix(';').unwrap();
    let list = |json: &str| -> BTreeMap<String, String> {
        let pairs: Vec<(String, String)> = serde_json::from_str(json).unwrap();
        let n = pairs.len();
        let map: BTreeMap<_, _> = pairs.into_iter().collect();
        assert_eq!(map.len(), n, "a path listed twice");
        map
    };
    Worker {
        version: version.to_owned(),
        precache: list(pre),
        later: list(later),
    }
}

fn built_worker(g: &Guide) -> Worker {
    worker(&g.read("public/sw.js"))
}

#[test]
fn the_manifest_says_what_the_guide_is() {
    let g = Guide::new();
    g.build().success();
    let m = manifest(&g);
    assert_eq!(m["name"], "Test guide");
    assert_eq!(m["short_name"], "Test guide");
    assert_eq!(m["description"], "A guide written for the tests.");
    assert_eq!(m["lang"], "en");
    assert_eq!(m["start_url"], "./index.html");
    assert_eq!(m["scope"], "./");
    assert_eq!(m["display"], "standalone");
    // The built-in stylesheet's --accent and --bg.
    assert_eq!(m["theme_color"], "#005eb8");
    assert_eq!(m["background_color"], "#f0f4f5");
    assert_eq!(
        m["icons"],
        serde_json::json!([{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"}])
    );
    for (path, bytes) in snapshot_tree(&g.path("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(
            html.contains("<meta name=\"theme-color\" content=\"#005eb8\">"),
            "{path}"
        );
        // Linked by site.js over http(s) only: from disk a browser would
        // try to read it, and log that it cannot.
        assert!(!html.contains("rel=\"manifest\""), "{path}");
    }
}

#[test]
fn the_manifest_takes_the_settings_and_the_guides_own_stylesheet() {
    let g = Guide::new();
    g.write("static/icons/app.png", png(192, 192));
    g.write(
        "static/style.css",
        ":root {\n  --bg: #fafafa; --accent: #aa0000;\n}\n",
    );
    add_to_toml(
        &g,
        "[web_app]\nshort_name = \"Tests\"\nicon = \"icons/app.png\"",
    );
    g.build().success();
    let m = manifest(&g);
    assert_eq!(m["short_name"], "Tests");
    assert_eq!(m["theme_color"], "#aa0000");
    assert_eq!(m["background_color"], "#fafafa");
    assert_eq!(
        m["icons"],
        serde_json::json!([{"src": "icons/app.png", "sizes": "192x192", "type": "image/png"}])
    );
    assert!(built_worker(&g).precache.contains_key("icons/app.png"));

    add_to_toml(&g, "theme_color = \"#123\"");
    g.build().success();
    assert_eq!(manifest(&g)["theme_color"], "#123");
    assert!(g.read("public/index.html").contains("content=\"#123\""));
}

#[test]
fn the_worker_keeps_every_page_and_the_smallest_copy_of_each_picture() {
    let g = Guide::new();
    with_photo(&g);
    g.build().success();
    let w = built_worker(&g);
    assert_eq!(w.version.len(), 16);
    let files = snapshot_tree(&g.path("public"));
    let copies: Vec<&String> = files.keys().filter(|p| p.starts_with("_img/")).collect();
    assert_eq!(copies.len(), 4, "{copies:?}");
    for (path, bytes) in &files {
        if path == "sw.js" {
            assert!(!w.precache.contains_key(path) && !w.later.contains_key(path));
            continue;
        }
        // Every other file, once, with the hash of its bytes.
        let rev = w.precache.get(path).or(w.later.get(path));
        let rev = rev.unwrap_or_else(|| panic!("{path} is not listed"));
        assert_eq!(
            *rev,
            blake3::hash(bytes).to_hex()[..12],
            "{path}'s revision"
        );
        let kept = w.precache.contains_key(path);
        let should = path.ends_with(".html")
            || path.ends_with(".js")
            || path.ends_with(".css")
            || path.ends_with(".svg")
            || path == "manifest.webmanifest"
            || (path.starts_with("_img/") && path.ends_with("-480.webp"));
        assert_eq!(kept, should, "{path} kept on install: {kept}");
    }
    for page in [
        "index.html",
        "404.html",
        "plan.html",
        "exercises/wall-angel.html",
        "exercises/seated-twist.html",
        "style.css",
        "site.js",
        "_plan/wall-angel.js",
    ] {
        assert!(w.precache.contains_key(page), "{page}");
    }
    for later in ["photo.png", "exercises.json", ".nojekyll"] {
        assert!(w.later.contains_key(later), "{later}");
    }
    assert!(w.later.keys().any(|p| p.ends_with("-960.webp")));
}

#[test]
fn the_same_guide_gives_the_same_worker_and_a_changed_exercise_a_new_version() {
    let g = Guide::new();
    with_photo(&g);
    g.build().success();
    let first = g.read("public/sw.js");
    let other = tempfile::TempDir::new().unwrap();
    limber()
        .args(["build", "--root"])
        .arg(g.root())
        .arg("--output")
        .arg(other.path().join("public"))
        .assert()
        .success();
    let second = std::fs::read_to_string(other.path().join("public/sw.js")).unwrap();
    assert_eq!(first, second);

    let angel = g.read("content/exercises/wall-angel.toml");
    g.write(
        "content/exercises/wall-angel.toml",
        angel.replace("Slide your arms up a wall.", "Slide both arms up a wall."),
    );
    g.build().success();
    let (a, b) = (worker(&first), built_worker(&g));
    assert_ne!(a.version, b.version);
    assert_ne!(
        a.precache["exercises/wall-angel.html"],
        b.precache["exercises/wall-angel.html"]
    );
    // What did not change keeps its revision, so readers do not fetch it again.
    assert_eq!(a.precache["style.css"], b.precache["style.css"]);
    assert_eq!(a.later["photo.png"], b.later["photo.png"]);

    // Any file at all: one of static/ too.
    g.write("static/note.txt", "changed");
    g.build().success();
    let c = built_worker(&g);
    assert_ne!(c.version, b.version);
    assert_eq!(c.later["note.txt"], blake3::hash(b"changed").to_hex()[..12]);
}

#[test]
fn turned_off_there_is_no_manifest_no_worker_and_no_page_names_them() {
    let g = Guide::new();
    add_to_toml(
        &g,
        "[web_app]\nenabled = false\nshort_name = \"A name far too long\"",
    );
    g.build()
        .success()
        .stderr(predicates::str::contains("W0016").not());
    assert!(!g.path("public/manifest.webmanifest").exists());
    assert!(!g.path("public/sw.js").exists());
    for (path, bytes) in snapshot_tree(&g.path("public")) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            for word in ["manifest", "sw.js", "theme-color"] {
                assert!(!html.contains(word), "{path} names {word}");
            }
        }
    }
}

#[test]
fn a_guides_own_worker_and_manifest_win() {
    let g = Guide::new();
    g.write("static/sw.js", "// mine\n");
    g.write("static/manifest.webmanifest", "{\"name\": \"mine\"}\n");
    g.build().success();
    assert_eq!(g.read("public/sw.js"), "// mine\n");
    assert_eq!(
        g.read("public/manifest.webmanifest"),
        "{\"name\": \"mine\"}\n"
    );

    // Only the manifest of its own: the worker is made, and lists it.
    std::fs::remove_file(g.path("static/sw.js")).unwrap();
    g.build().success();
    let w = built_worker(&g);
    assert_eq!(
        w.precache["manifest.webmanifest"],
        blake3::hash(b"{\"name\": \"mine\"}\n").to_hex()[..12]
    );

    // A folder where limber writes its worker.
    g.write("static/sw.js/x.js", "x");
    limber()
        .args(["build", "--root"])
        .arg(g.root())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("error[E0024]"))
        .stderr(predicates::str::contains("static/sw.js/x.js"));
}

#[test]
fn a_long_short_name_is_a_warning_that_can_be_allowed() {
    let g = Guide::new();
    add_to_toml(&g, "[web_app]\nshort_name = \"Upper back exercises\"");
    g.build()
        .success()
        .stderr(predicates::str::contains("warning[W0016]"))
        .stderr(predicates::str::contains("guide.toml:"));
    add_to_toml(&g, "\n[check]\nallow = [\"W0016\"]");
    g.build()
        .success()
        .stderr(predicates::str::contains("W0016").not());
}

struct Case {
    name: &'static str,
    web_app: &'static str,
    files: &'static [(&'static str, Files)],
    code: &'static str,
    message: &'static str,
}

#[derive(Clone, Copy)]
enum Files {
    Png(u32, u32),
    Text(&'static str),
}

const CASES: &[Case] = &[
    Case {
        name: "unknown key",
        web_app: "colour = \"#fff\"",
        files: &[],
        code: "E0110",
        message: "colour",
    },
    Case {
        name: "enabled as text",
        web_app: "enabled = \"yes\"",
        files: &[],
        code: "E0112",
        message: "enabled",
    },
    Case {
        name: "a colour name",
        web_app: "theme_color = \"blue\"",
        files: &[],
        code: "E0175",
        message: "`blue` is not a CSS hex colour",
    },
    Case {
        name: "five digits",
        web_app: "theme_color = \"#12345\"",
        files: &[],
        code: "E0175",
        message: "#12345",
    },
    Case {
        name: "icon outside static",
        web_app: "icon = \"../icon.png\"",
        files: &[],
        code: "E0176",
        message: "not a path inside static/",
    },
    Case {
        name: "icon missing",
        web_app: "icon = \"icon.png\"",
        files: &[],
        code: "E0176",
        message: "static/icon.png does not exist",
    },
    Case {
        name: "icon of another kind",
        web_app: "icon = \"icon.gif\"",
        files: &[("static/icon.gif", Files::Text("GIF89a"))],
        code: "E0176",
        message: "not a .png or .svg file",
    },
    Case {
        name: "icon too small",
        web_app: "icon = \"icon.png\"",
        files: &[("static/icon.png", Files::Png(64, 64))],
        code: "E0177",
        message: "static/icon.png is 64 × 64 px",
    },
    Case {
        name: "icon not square",
        web_app: "icon = \"icon.png\"",
        files: &[("static/icon.png", Files::Png(300, 200))],
        code: "E0177",
        message: "300 × 200 px",
    },
    Case {
        name: "icon not a picture",
        web_app: "icon = \"icon.png\"",
        files: &[("static/icon.png", Files::Text("not a picture"))],
        code: "E0177",
        message: "not a picture",
    },
    Case {
        name: "drawing that is not SVG",
        web_app: "icon = \"icon.svg\"",
        files: &[("static/icon.svg", Files::Text("<html></html>"))],
        code: "E0177",
        message: "not a picture",
    },
    Case {
        name: "empty short name",
        web_app: "short_name = \" \"",
        files: &[],
        code: "E0125",
        message: "`short_name` is empty",
    },
];

#[test]
fn bad_settings_are_located_errors_and_nothing_is_written() {
    common::run_cases(
        CASES,
        2,
        |c| c.name,
        |case| {
            let g = Guide::new();
            g.build().success();
            let before = snapshot_tree(&g.path("public"));
            for (rel, file) in case.files {
                match file {
                    Files::Png(w, h) => g.write(rel, png(*w, *h)),
                    Files::Text(t) => g.write(rel, t),
                }
            }
            add_to_toml(&g, &format!("[web_app]\n{}", case.web_app));
            // The setting's line: the guide's own lines, a blank one and
            // the table's header come before it.
            let line = GUIDE_LINES + 3;
            let mut wrong = Vec::new();
            for command in ["build", "check"] {
                let out = limber()
                    .arg(command)
                    .arg("--root")
                    .arg(g.root())
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                if out.status.code() != Some(1) {
                    wrong.push(format!("{command}: exit {:?}", out.status.code()));
                }
                for fragment in [
                    format!("error[{}]", case.code),
                    format!("--> guide.toml:{line}:"),
                    case.message.to_owned(),
                ] {
                    if !err.contains(&fragment) {
                        wrong.push(format!("{command}: no {fragment:?} in:\n{err}"));
                    }
                }
                if err.contains("panicked") {
                    wrong.push(format!("{command} panicked"));
                }
            }
            if snapshot_tree(&g.path("public")) != before {
                wrong.push("public/ changed".to_owned());
            }
            wrong
        },
    );
}

/// How many lines the fixture's guide.toml has.
const GUIDE_LINES: usize = 8;

#[test]
fn the_fixture_has_the_lines_the_cases_count() {
    assert_eq!(common::GUIDE_TOML.lines().count(), GUIDE_LINES);
}
