//! End-to-end: `limber check`, which validates everything `build` does,
//! renders in memory and writes nothing.

mod common;

use common::{Guide, WALL_ANGEL, limber, snapshot_tree};
use predicates::prelude::*;

#[test]
fn a_good_guide_passes_and_nothing_is_written() {
    let g = Guide::new();
    g.check()
        .success()
        .stderr(predicate::str::contains("The guide is fine: 2 exercises"));
    assert!(!g.path("public").exists());
}

#[test]
fn check_does_not_touch_a_previous_build() {
    let g = Guide::new();
    g.build().success();
    let before = snapshot_tree(&g.path("public"));
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("Wall angel", "Wall slide"),
    );
    g.check().success();
    assert_eq!(before, snapshot_tree(&g.path("public")));
}

#[test]
fn warnings_do_not_fail_the_run() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("cautions = [\"Stop if your shoulder pinches.\"]\n", ""),
    );
    g.check()
        .success()
        .stderr(predicate::str::contains("warning[W0001]"))
        .stderr(predicate::str::contains(
            "--> content/exercises/wall-angel.toml:1:1",
        ))
        .stderr(predicate::str::contains("1 warning"));
    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["severity"], "warning");
    assert_eq!(v["code"], "W0001");
}

#[test]
fn json_gives_one_object_per_problem() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL
            .replace("\"shoulders\"", "\"sholders\"")
            .replace("sets = 2", "sets = 0"),
    );
    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert!(out.stderr.is_empty(), "json mode keeps stderr quiet");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let area = &lines[0];
    assert_eq!(area["file"], "content/exercises/wall-angel.toml");
    assert_eq!(area["line"], 4);
    assert_eq!(area["column"], 10);
    assert_eq!(area["severity"], "error");
    assert_eq!(area["code"], "E0132");
    assert!(area["message"].as_str().unwrap().contains("sholders"));
    assert!(area["help"].as_str().unwrap().contains("`shoulders`"));
    assert_eq!(lines[1]["code"], "E0140");
}

#[test]
fn template_and_content_errors_are_reported_together() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("sets = 2", "sets = 0"),
    );
    g.write(
        "templates/exercise.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if ex.title %}\n{% endblock content %}\n",
    );
    g.check()
        .code(1)
        .stderr(predicate::str::contains("error[E0140]"))
        .stderr(predicate::str::contains("error[E0200]"))
        .stderr(predicate::str::contains("--> templates/exercise.html:"))
        .stderr(predicate::str::contains("2 errors"));
}

#[test]
fn colour_only_on_a_terminal() {
    // Not a terminal here, so no escape codes even without NO_COLOR.
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("sets = 2", "sets = 0"),
    );
    let out = limber()
        .env_remove("NO_COLOR")
        .args(["check", "--root"])
        .arg(g.root())
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(!out.contains(&0x1b), "escape codes in piped output");
}
