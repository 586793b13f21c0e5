//! The guide as a web app, from the real binary: the manifest, the service
//! worker's list and version, `[web_app]` turned off, and its bad values.

mod common;

use common::Guide;
use predicates::prelude::*;
use serde_json::Value;

fn worker_files(sw: &str) -> Vec<String> {
    let line = sw
        .lines()
        .find_map(|l| l.strip_prefix("const FILES = "))
        .and_then(|l| l.strip_suffix(';'))
        .unwrap();
    serde_json::from_str(line).unwrap()
}

fn version(sw: &str) -> String {
    sw.lines()
        .find_map(|l| l.strip_prefix("const VERSION = "))
        .unwrap()
        .to_owned()
}

#[test]
fn the_manifest_and_the_worker_cover_the_site_and_follow_every_change() {
    let g = Guide::new();
    g.build().success();
    let manifest: Value = serde_json::from_str(&g.read("public/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["name"], "Test guide");
    assert_eq!(manifest["start_url"], "./index.html");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["icons"][0]["src"], "favicon.svg");
    assert!(
        g.read("public/index.html")
            .contains("<meta name=\"theme-color\"")
    );

    let sw = g.read("public/sw.js");
    let files = worker_files(&sw);
    for page in [
        "./",
        "index.html",
        "plan.html",
        "exercises/seated-twist.html",
        "style.css",
        "site.js",
        "_plan/wall-angel.js",
        "404.html",
    ] {
        assert!(files.iter().any(|f| f == page), "{page} is kept: {files:?}");
    }
    for left in ["sw.js", "exercises.json", ".nojekyll"] {
        assert!(!files.iter().any(|f| f == left), "{left} is not kept");
    }
    // The same input, the same worker.
    g.build().success();
    assert_eq!(g.read("public/sw.js"), sw);
    // Any change, a new one.
    g.write("static/note.txt", "changed");
    g.build().success();
    assert_ne!(version(&g.read("public/sw.js")), version(&sw));
}

#[test]
fn the_web_app_can_be_turned_off() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!("{}\n[web_app]\nenabled = false\n", common::GUIDE_TOML),
    );
    g.build().success();
    assert!(!g.path("public/sw.js").exists());
    assert!(!g.path("public/manifest.webmanifest").exists());
    assert!(!g.read("public/index.html").contains("theme-color"));
}

#[test]
fn a_guides_own_worker_wins() {
    let g = Guide::new();
    g.write("static/sw.js", "// mine\n");
    g.build().success();
    assert_eq!(g.read("public/sw.js"), "// mine\n");
}

#[test]
fn bad_web_app_settings_are_located_errors() {
    for (toml, expect) in [
        ("theme_color = \"blue\"", "E0175"),
        ("icon = \"nowhere.png\"", "E0176"),
        ("icon = \"../guide.toml\"", "E0176"),
        ("short_name = \" \"", "E0125"),
        ("colour = \"#fff\"", "unknown field"),
    ] {
        let g = Guide::new();
        g.write(
            "guide.toml",
            format!("{}\n[web_app]\n{toml}\n", common::GUIDE_TOML),
        );
        g.build()
            .failure()
            .code(1)
            .stderr(predicate::str::contains(expect).and(predicate::str::contains("guide.toml:")));
    }
}

#[test]
fn a_png_icon_is_named_with_its_size() {
    let g = Guide::new();
    let png = image::RgbaImage::from_pixel(192, 192, image::Rgba([0, 90, 180, 255]));
    std::fs::create_dir_all(g.path("static")).unwrap();
    png.save(g.path("static/icon.png")).unwrap();
    g.write(
        "guide.toml",
        format!(
            "{}\n[web_app]\nicon = \"icon.png\"\nshort_name = \"Tests\"\n",
            common::GUIDE_TOML
        ),
    );
    g.build().success();
    let manifest: Value = serde_json::from_str(&g.read("public/manifest.webmanifest")).unwrap();
    assert_eq!(manifest["icons"][0]["src"], "icon.png");
    assert_eq!(manifest["icons"][0]["sizes"], "192x192");
    assert_eq!(manifest["icons"][0]["type"], "image/png");
    assert_eq!(manifest["short_name"], "Tests");
}
