//! The guide as open data: exercises.json against its JSON Schema, and
//! `limber export` printing the same bytes.

mod common;

use std::path::Path;

use common::{Guide, limber, repo_root};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

fn schema() -> Value {
    let text = std::fs::read_to_string(repo_root().join("docs/exercises.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn assert_valid(instance: &Value) {
    let schema = schema();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema itself is valid");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "exercises.json is not valid:\n{}",
        errors.join("\n")
    );
}

/// Every optional field filled in, so that the schema is checked against
/// all of them, not only the empty cases.
fn full_guide() -> Guide {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!(
            "updated = 2025-03-01\nreviewed_by = \"Dr Ada Lovelace\"\nreviewed_on = 2025-02-15\n{}",
            common::GUIDE_TOML
        ),
    );
    g.write(
        "static/images/twist.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    g.write(
        "content/exercises/seated-twist.md",
        common::SEATED_TWIST.replace(
            "related = [\"wall-angel\"]\n",
            "related = [\"wall-angel\"]\norder = 1\naliases = [\"Chair twist\"]\neasier = \"Turn less.\"\nharder = \"Turn **more**.\"\ntips = [\"Breathe out.\"]\nupdated = 2025-04-02\nimage = { src = \"images/twist.svg\", alt = \"Turned to the right\" }\nsources = [{ title = \"A source\", url = \"https://example.org/source\" }]\n",
        ),
    );
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace(
            "sets = 2\n",
            "sets = 2\nhold_seconds = 3\nsides = \"alternating\"\nper_day = [1, 2]\nnote = \"Slowly.\"\n",
        ),
    );
    g
}

fn built_json(root: &Path, base: Option<&str>) -> (TempDir, Value, Vec<u8>) {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    let mut cmd = limber();
    cmd.args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&public);
    if let Some(b) = base {
        cmd.args(["--base-url", b]);
    }
    cmd.assert().success();
    let bytes = std::fs::read(public.join("exercises.json")).unwrap();
    let value = serde_json::from_slice(&bytes).unwrap();
    (out, value, bytes)
}

#[test]
fn exercises_json_is_valid_against_its_schema_with_and_without_a_base_url() {
    let g = full_guide();
    for base in [None, Some("https://user.github.io/repo/")] {
        let (_out, value, _) = built_json(g.root(), base);
        assert_valid(&value);
    }
    let (_out, value, _) = built_json(&repo_root(), Some("https://user.github.io/repo"));
    assert_valid(&value);
    assert_eq!(value["exercises"].as_array().unwrap().len(), 6);
}

#[test]
fn the_schema_rejects_what_it_should() {
    let g = full_guide();
    let (_out, mut value, _) = built_json(g.root(), None);
    // A guide names its own kinds, but a kind is always a slug.
    value["exercises"][0]["kind"] = "Yoga flow".into();
    value["exercises"][1]["dose"]["reps"] = serde_json::json!(5);
    value["exercises"][1]["surprise"] = true.into();
    let schema = schema();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    assert_eq!(validator.iter_errors(&value).count(), 3);
}

#[test]
fn the_schema_in_the_site_is_the_one_in_docs() {
    let (out, _, _) = built_json(&repo_root(), None);
    assert_eq!(
        std::fs::read(out.path().join("public/exercises.schema.json")).unwrap(),
        std::fs::read(repo_root().join("docs/exercises.schema.json")).unwrap()
    );
}

#[test]
fn every_exercise_is_there_with_its_fields_and_addresses() {
    let g = full_guide();
    let (out, v, _) = built_json(g.root(), Some("https://user.github.io/repo"));
    assert_eq!(v["version"], 1);
    assert_eq!(v["routines"], serde_json::json!([]));
    assert_eq!(v["guide"]["absolute_url"], "https://user.github.io/repo/");
    assert_eq!(v["guide"]["url"], "index.html");
    let twist = &v["exercises"][0];
    assert_eq!(twist["slug"], "seated-twist");
    assert_eq!(twist["url"], "exercises/seated-twist.html");
    assert_eq!(
        twist["absolute_url"],
        "https://user.github.io/repo/exercises/seated-twist.html"
    );
    assert_eq!(twist["kind"], "mobility");
    assert_eq!(twist["family"], "twists");
    assert_eq!(
        twist["dose"]["hold_seconds"],
        serde_json::json!({"min": 3, "max": 5})
    );
    assert_eq!(
        twist["dose"]["reps"],
        serde_json::json!({"min": 5, "max": 5})
    );
    assert_eq!(twist["dose"]["sides"], "each");
    assert_eq!(
        twist["dose"]["summary"],
        "Repeat 5 times on each side \u{b7} hold 3\u{2013}5 seconds"
    );
    assert_eq!(
        twist["steps"][1]["markdown"],
        "Turn to the right and **hold**."
    );
    assert_eq!(
        twist["steps"][1]["html"],
        "Turn to the right and <strong>hold</strong>."
    );
    // Internal links in the HTML are absolute when there is a base URL.
    assert!(
        twist["introduction"]["html"]
            .as_str()
            .unwrap()
            .contains("href=\"https://user.github.io/repo/exercises/wall-angel.html\""),
        "{}",
        twist["introduction"]
    );
    assert_eq!(twist["image"]["url"], "images/twist.svg");
    assert_eq!(twist["updated"], "2025-04-02");
    assert_eq!(twist["reviewed_by"], "Dr Ada Lovelace");
    let angel = &v["exercises"][1];
    assert_eq!(angel["updated"], "2025-03-01", "the guide's date");
    assert_eq!(angel["image"], Value::Null);

    // Every relative URL names a file of the site.
    let public = out.path().join("public");
    for ex in v["exercises"].as_array().unwrap() {
        assert!(public.join(ex["url"].as_str().unwrap()).is_file());
    }
    for key in ["families", "areas"] {
        for item in v[key].as_array().unwrap() {
            assert!(
                public.join(item["url"].as_str().unwrap()).is_file(),
                "{item}"
            );
        }
    }
    assert!(
        public
            .join(twist["image"]["url"].as_str().unwrap())
            .is_file()
    );

    // Without a base URL, links in the HTML go from the site's top folder.
    let (_o, v, _) = built_json(g.root(), None);
    assert!(
        v["exercises"][0]["introduction"]["html"]
            .as_str()
            .unwrap()
            .contains("href=\"exercises/wall-angel.html\"")
    );
}

#[test]
fn export_prints_the_same_bytes_as_the_built_file() {
    let g = full_guide();
    for base in [None, Some("https://user.github.io/repo/")] {
        let (_out, _, file) = built_json(g.root(), base);
        let mut cmd = limber();
        cmd.args(["export", "--root"]).arg(g.root());
        if let Some(b) = base {
            cmd.args(["--base-url", b]);
        }
        let printed = cmd.assert().success().get_output().stdout.clone();
        assert_eq!(printed, file, "base {base:?}");
    }
    // From inside the guide, with no --root.
    let (_out, _, file) = built_json(&repo_root(), None);
    let printed = limber()
        .current_dir(repo_root())
        .arg("export")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(printed, file);
}

#[test]
fn export_of_a_broken_guide_prints_nothing_and_fails() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace("kind = \"strength\"", "kind = \"yoga\""),
    );
    limber()
        .args(["export", "--root"])
        .arg(g.root())
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[E0113]"))
        .stderr(predicate::str::contains("nothing was exported"));
}

#[test]
fn routines_are_there_with_their_items_and_estimate() {
    let (_out, value, _) = built_json(&repo_root(), Some("https://user.github.io/repo"));
    assert_valid(&value);
    let routines = value["routines"].as_array().expect("routines is an array");
    assert_eq!(routines.len(), 2, "the guide ships two routines");
    let exercises: Vec<&str> = value["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect();
    for r in routines {
        let items = r["items"].as_array().unwrap();
        assert!(!items.is_empty());
        for item in items {
            assert!(exercises.contains(&item["exercise"].as_str().unwrap()));
        }
        let total = r["total_seconds"].as_i64().unwrap();
        // From a short desk break to the full routine, which gives older readers
        // time to get down onto the floor and up, and to hold for a few breaths.
        assert!((240..=1080).contains(&total), "{}: {total} s", r["slug"]);
        let url = r["url"].as_str().unwrap();
        assert!(url.starts_with("routines/") && url.ends_with(".html"));
        assert_eq!(
            r["absolute_url"].as_str().unwrap(),
            format!("https://user.github.io/repo/{url}")
        );
    }
}
