//! Fixture guides on disk and the real binary, for end-to-end tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The repository's own guide.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn limber() -> Command {
    let mut cmd = Command::cargo_bin("limber").expect("the limber binary is built by cargo test");
    cmd.env("NO_COLOR", "1");
    cmd
}

pub const GUIDE_TOML: &str = r#"title = "Test guide"
description = "A guide written for the tests."
author = "Tester"
emergency = "112"

[families.twists]
title = "Twists"
description = "Turning movements."
"#;

pub const SEATED_TWIST: &str = r#"+++
title = "Seated twist"
summary = "Turn your upper body gently."
kind = "mobility"
family = "twists"
areas = ["upper-back"]
positions = ["seated"]
equipment = ["chair"]
related = ["wall-angel"]

[dose]
reps = 5
hold_seconds = [3, 5]
sides = "each"
+++

Turn slowly. See also [the wall angel](@/exercises/wall-angel.toml).

## Steps

1. Sit tall on a chair.
2. Turn to the right and **hold**.
3. Come back and turn to the left.

## Cautions

- Stop if it hurts.
"#;

pub const WALL_ANGEL: &str = r#"title = "Wall angel"
summary = "Slide your arms up a wall."
kind = "strength"
areas = ["shoulders", "upper-back"]
positions = ["standing"]
steps = ["Stand with your back to a wall.", "Slide your arms up and down."]
cautions = ["Stop if your shoulder pinches."]

[dose]
reps = [8, 10]
sets = 2
"#;

/// A small guide with no templates/ or static/ of its own.
pub struct Guide {
    pub dir: TempDir,
}

impl Guide {
    pub fn new() -> Guide {
        let g = Guide {
            dir: TempDir::new().expect("temp dir"),
        };
        g.write("guide.toml", GUIDE_TOML);
        g.write(
            "content/_index.md",
            "+++\ntitle = \"Welcome\"\n+++\n\nHello *readers*.\n",
        );
        g.write("content/exercises/seated-twist.md", SEATED_TWIST);
        g.write("content/exercises/wall-angel.toml", WALL_ANGEL);
        g
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("has parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn build(&self) -> assert_cmd::assert::Assert {
        limber()
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .assert()
    }

    /// `limber check --format json`: its exit code and one value per
    /// problem. Every line must be JSON, and nothing may panic.
    pub fn check_json(&self) -> (Option<i32>, Vec<serde_json::Value>) {
        let out = limber()
            .args(["check", "--format", "json", "--root"])
            .arg(self.root())
            .output()
            .expect("limber runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        let problems = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        (out.status.code(), problems)
    }

    pub fn check(&self) -> assert_cmd::assert::Assert {
        limber()
            .arg("check")
            .arg("--root")
            .arg(self.root())
            .assert()
    }
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Every `href` and `src` of every HTML page under `dir`: (page, reference).
pub fn references(dir: &Path) -> Vec<(String, String)> {
    let selector = scraper::Selector::parse("[href], [src]").expect("selector");
    let mut out = Vec::new();
    for (rel, bytes) in snapshot_tree(dir) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        for el in html.select(&selector) {
            for attr in ["href", "src"] {
                if let Some(v) = el.value().attr(attr) {
                    out.push((rel.clone(), v.to_owned()));
                }
            }
        }
    }
    out
}

/// Runs each case of a table with `run`, `threads` at a time (each case is
/// its own guide in its own folder, so they run side by side), and fails
/// with every case that went wrong. `run` gives what was wrong, if
/// anything; `name` names a case, and names must be distinct.
pub fn run_cases<C: Sync>(
    cases: &[C],
    threads: usize,
    name: impl Fn(&C) -> &str + Sync,
    run: impl Fn(&C) -> Vec<String> + Sync,
) {
    let names: std::collections::BTreeSet<&str> = cases.iter().map(&name).collect();
    assert_eq!(names.len(), cases.len(), "case names must be distinct");
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let wrong = run(case);
                    if !wrong.is_empty() {
                        let report = format!("## {}\n{}", name(case), wrong.join("\n"));
                        failures
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(report);
                    }
                }
            });
        }
    });
    let failures = failures
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    assert!(
        failures.is_empty(),
        "{} of {} cases went wrong:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
