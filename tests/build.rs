//! End-to-end: the real binary building guides on disk.

mod common;

use std::fs;

use common::{Guide, limber, references, repo_root, snapshot_tree};
use predicates::prelude::*;
use tempfile::TempDir;

#[test]
fn the_repository_guide_builds_with_every_page() {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    limber()
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&public)
        .assert()
        .success()
        .stdout(predicate::str::contains("Built"));
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "exercises/cat-cow.html",
        "exercises/opposite-arm-leg-raise.html",
        "exercises/trunk-rotation.html",
        "exercises/neck-roll.html",
        "exercises/overhead-arm-reach.html",
        "exercises/chair-rotation.html",
        "families/dynamic-stretching.html",
        "areas/upper-back.html",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
}

#[test]
fn a_guide_without_templates_builds_with_the_built_in_theme() {
    let g = Guide::new();
    g.build().success();
    let index = g.read("public/index.html");
    assert!(index.contains("Seated twist"));
    assert!(index.contains("Hello <em>readers</em>."));
    assert!(g.path("public/style.css").is_file());
    let page = g.read("public/exercises/seated-twist.html");
    assert!(
        page.contains("Repeat 5 times on each side \u{b7} hold 3\u{2013}5 seconds"),
        "{page}"
    );
    assert!(page.contains("Turn to the right and <strong>hold</strong>."));
    // The @/ link became a relative link to the page.
    assert!(
        page.contains("href=\"../exercises/wall-angel.html\""),
        "{page}"
    );
    assert!(g.path("public/families/twists.html").is_file());
    assert!(g.path("public/areas/shoulders.html").is_file());
    assert!(
        !g.path("public/areas/hips.html").exists(),
        "areas not in use get no page"
    );
}

#[test]
fn same_input_same_bytes() {
    let g = Guide::new();
    let a = TempDir::new().unwrap();
    let b = TempDir::new().unwrap();
    for out in [&a, &b] {
        limber()
            .args(["build", "--root"])
            .arg(g.root())
            .arg("--output")
            .arg(out.path().join("site"))
            .assert()
            .success();
    }
    let (ta, tb) = (
        snapshot_tree(&a.path().join("site")),
        snapshot_tree(&b.path().join("site")),
    );
    assert!(!ta.is_empty());
    assert_eq!(ta, tb);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let g = Guide::new();
    g.build().success();
    let before = snapshot_tree(&g.path("public"));
    g.write(
        "content/exercises/wall-angel.toml",
        "title = \"Wall angel\"\nsummary = ",
    );
    g.build().code(1);
    assert_eq!(before, snapshot_tree(&g.path("public")));
    // No staging folders are left behind either.
    let leftovers: Vec<_> = fs::read_dir(g.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_replaces_the_output_and_drops_stale_pages() {
    let g = Guide::new();
    g.build().success();
    assert!(g.path("public/exercises/wall-angel.html").exists());
    fs::remove_file(g.path("content/exercises/wall-angel.toml")).unwrap();
    g.write(
        "content/exercises/seated-twist.md",
        common::SEATED_TWIST
            .replace("related = [\"wall-angel\"]\n", "")
            .replace(
                " See also [the wall angel](@/exercises/wall-angel.toml).",
                "",
            ),
    );
    g.build().success();
    assert!(!g.path("public/exercises/wall-angel.html").exists());
    assert!(g.path("public/exercises/seated-twist.html").exists());
}

#[test]
fn every_error_is_reported_with_file_line_and_column() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace("\"shoulders\"", "\"sholders\""),
    );
    g.write(
        "content/exercises/seated-twist.md",
        common::SEATED_TWIST.replace("kind = \"mobility\"", "kind = \"mobilty\""),
    );
    let out = g.build().code(1).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("--> content/exercises/seated-twist.md:4:8"),
        "{err}"
    );
    assert!(err.contains("did you mean `mobility`?"), "{err}");
    assert!(
        err.contains("--> content/exercises/wall-angel.toml:4:10"),
        "{err}"
    );
    assert!(err.contains("did you mean `shoulders`?"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
    assert!(!g.path("public").exists());
}

#[test]
fn text_is_html_escaped() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace(
            "title = \"Wall angel\"",
            "title = \"Wall <script>alert(1)</script> & co\"",
        ),
    );
    g.build().success();
    for page in ["public/index.html", "public/exercises/wall-angel.html"] {
        let html = g.read(page);
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(
            html.contains("Wall &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
            "{page}"
        );
    }
}

#[test]
fn a_bom_and_crlf_line_endings_build_normally() {
    let g = Guide::new();
    let crlf = format!("\u{feff}{}", common::SEATED_TWIST.replace('\n', "\r\n"));
    g.write("content/exercises/seated-twist.md", crlf);
    g.build().success();
    let page = g.read("public/exercises/seated-twist.html");
    assert!(page.contains("Sit tall on a chair."));
}

#[test]
fn the_output_folder_cannot_be_the_guides_own_files() {
    let g = Guide::new();
    for bad in ["content", "."] {
        limber()
            .args(["build", "--root"])
            .arg(g.root())
            .arg("--output")
            .arg(g.path(bad))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "would replace the guide's own files",
            ));
    }
    assert!(g.path("content/exercises/seated-twist.md").is_file());
}

#[test]
fn a_folder_that_is_not_a_built_site_is_not_replaced() {
    let g = Guide::new();
    g.write("notes/mine.txt", "precious");
    limber()
        .args(["build", "--root"])
        .arg(g.root())
        .arg("--output")
        .arg(g.path("notes"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a built guide"));
    assert_eq!(g.read("notes/mine.txt"), "precious");
}

#[test]
fn every_reference_is_relative_and_names_a_file_that_exists() {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    limber()
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(&public)
        .assert()
        .success();
    let refs = references(&public);
    assert!(refs.len() > 50, "too few references found: {}", refs.len());
    for (page, r) in refs {
        if r.starts_with("https://") || r.starts_with("http://") || r.starts_with("mailto:") {
            continue;
        }
        assert!(!r.starts_with('/'), "{page}: absolute reference {r}");
        let path = r.split('#').next().unwrap();
        if path.is_empty() {
            continue; // a fragment on the same page
        }
        assert!(!path.ends_with('/'), "{page}: folder reference {r}");
        let base = public.join(&page);
        let target = base.parent().unwrap().join(path);
        assert!(target.is_file(), "{page}: {r} does not resolve to a file");
    }
}

#[test]
fn base_url_sets_absolute_links_only_on_the_404_page() {
    let g = Guide::new();
    limber()
        .args(["build", "--base-url", "https://example.org/guide", "--root"])
        .arg(g.root())
        .assert()
        .success();
    assert!(
        g.read("public/404.html")
            .contains("href=\"https://example.org/guide/style.css\"")
    );
    assert!(g.read("public/index.html").contains("href=\"style.css\""));
}

#[test]
fn init_writes_a_guide_that_builds_and_refuses_a_non_empty_folder() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("new-guide");
    limber().arg("init").arg(&dir).assert().success();
    for f in [
        "guide.toml",
        "content/_index.md",
        "templates/base.html",
        "static/style.css",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let md = fs::read_dir(dir.join("content/exercises"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path().extension().unwrap().to_string_lossy().into_owned())
        .collect::<std::collections::BTreeSet<_>>();
    assert_eq!(md.into_iter().collect::<Vec<_>>(), ["md", "toml"]);
    limber()
        .args(["build", "--root"])
        .arg(&dir)
        .assert()
        .success()
        .stderr("");

    let before = fs::read(dir.join("guide.toml")).unwrap();
    limber()
        .arg("init")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not empty"));
    assert_eq!(before, fs::read(dir.join("guide.toml")).unwrap());
}

#[test]
fn bad_command_line_usage_exits_2() {
    limber().arg("build").arg("--no-such-flag").assert().code(2);
    limber().arg("frobnicate").assert().code(2);
}

#[test]
fn one_broken_file_is_one_error_not_a_cascade() {
    let g = Guide::new();
    // seated-twist links to wall-angel and names it in `related`; breaking
    // wall-angel must not make those references errors too.
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace("kind = \"strength\"", "kind = 3"),
    );
    let err = String::from_utf8(g.build().code(1).get_output().stderr.clone()).unwrap();
    assert!(err.contains("1 error"), "{err}");
    assert!(err.contains("wall-angel.toml:3:8"), "{err}");
}

#[test]
fn steps_given_twice_is_reported_once() {
    let g = Guide::new();
    g.write(
        "content/exercises/seated-twist.md",
        common::SEATED_TWIST.replace(
            "equipment = [\"chair\"]",
            "equipment = [\"chair\"]\nsteps = [\"Sit.\"]",
        ),
    );
    let err = String::from_utf8(g.build().code(1).get_output().stderr.clone()).unwrap();
    assert!(err.contains("error[E0121]"), "{err}");
    assert!(
        err.contains("--> content/exercises/seated-twist.md:20:1"),
        "{err}"
    );
    assert!(err.contains("1 error"), "{err}");
}
