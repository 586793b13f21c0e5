//! End-to-end: `limber new` writes an exercise that builds at once.

mod common;

use common::{Guide, limber};
use predicates::prelude::*;

fn new(g: &Guide, args: &[&str]) -> assert_cmd::assert::Assert {
    limber()
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(g.root())
        .assert()
}

#[test]
fn a_new_markdown_exercise_builds_as_written() {
    let g = Guide::new();
    new(&g, &["Cat-cow pose"])
        .success()
        .stdout(predicate::str::contains(
            "content/exercises/cat-cow-pose.md",
        ));
    let text = g.read("content/exercises/cat-cow-pose.md");
    for field in [
        "title = \"Cat-cow pose\"",
        "summary =",
        "slug",
        "aliases =",
        "kind =",
        "level =",
        "areas =",
        "positions =",
        "equipment =",
        "family",
        "order",
        "easier",
        "harder",
        "related =",
        "[dose]",
        "reps",
        "sets",
        "hold_seconds",
        "sides",
        "per_day",
        "note",
        "[image]",
        "alt",
        "[[sources]]",
        "## Steps",
        "## Cautions",
    ] {
        assert!(text.contains(field), "no {field} in:\n{text}");
    }
    // The guide's own vocabulary and families are offered.
    assert!(text.contains("# family = \"twists\""), "{text}");
    g.build()
        .success()
        .stderr(predicate::str::contains("warning[W0003]"))
        .stderr(predicate::str::contains("TODO"));
    assert!(g.path("public/exercises/cat-cow-pose.html").is_file());
}

#[test]
fn a_new_toml_exercise_builds_as_written() {
    let g = Guide::new();
    new(&g, &["Chin tuck", "--format", "toml"])
        .success()
        .stdout(predicate::str::contains("content/exercises/chin-tuck.toml"));
    let text = g.read("content/exercises/chin-tuck.toml");
    assert!(text.contains("steps = ["), "{text}");
    assert!(text.contains("cautions = ["), "{text}");
    g.check().success();
    g.build().success();
    assert!(g.path("public/exercises/chin-tuck.html").is_file());
}

#[test]
fn titles_with_quotes_and_accents_are_written_safely() {
    let g = Guide::new();
    new(&g, &["Étirement \"doux\" du cou"]).success();
    let text = g.read("content/exercises/etirement-doux-du-cou.md");
    assert!(
        text.contains(r#"title = 'Étirement "doux" du cou'"#)
            || text.contains(r#"title = "Étirement \"doux\" du cou""#),
        "{text}"
    );
    g.build().success();
    assert!(
        g.read("public/exercises/etirement-doux-du-cou.html")
            .contains("Étirement &quot;doux&quot; du cou")
    );
}

#[test]
fn never_overwrites_and_never_duplicates_a_slug() {
    let g = Guide::new();
    let before = g.read("content/exercises/wall-angel.toml");
    new(&g, &["Wall angel", "--format", "toml"])
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    new(&g, &["Wall angel"])
        .code(1)
        .stderr(predicate::str::contains(
            "already has the slug `wall-angel`",
        ));
    assert_eq!(before, g.read("content/exercises/wall-angel.toml"));
    assert!(!g.path("content/exercises/wall-angel.md").exists());
}

#[test]
fn outside_a_guide_it_says_where_to_run() {
    let dir = tempfile::TempDir::new().unwrap();
    limber()
        .args(["new", "Cat cow", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0012]"))
        .stderr(predicate::str::contains("limber init"));
    assert!(!dir.path().join("content").exists());
}
