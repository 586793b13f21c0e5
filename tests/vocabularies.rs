//! A guide that declares its own vocabularies, written only from
//! docs/content-format.md: its kinds, levels, areas and equipment, and
//! exercises that name no position.

mod common;

use common::{Guide, limber};
use predicates::prelude::*;
use serde_json::Value;

const GUIDE_TOML: &str = r#"title = "Strength library"
description = "Exercises from an open library."
author = "Tester"

[kinds.plyometrics]
title = "Plyometrics"
description = "Jumps and throws: muscles working **fast**."

[kinds.cardio]
title = "Cardio"

[levels.novice]
title = "Novice"

[levels.expert]
title = "Expert"

[areas.quads]
title = "Quadriceps"

[areas.lats]
title = "Lats"
description = "The wide muscles of the back."

[equipment.barbell]
title = "Barbell"

[equipment.dumbbell]
title = "Dumbbell"
"#;

const BOX_JUMP: &str = r#"title = "Box jump"
summary = "Jump onto a box and step down."
kind = "plyometrics"
level = "expert"
areas = ["quads"]
steps = ["Stand in front of a box.", "Jump onto it, land softly."]
cautions = ["Stop if your knees hurt."]
"#;

const ROW: &str = r#"title = "Dumbbell row"
summary = "Pull a dumbbell to your hip."
kind = "cardio"
areas = ["lats"]
equipment = ["dumbbell"]
steps = ["Hold a dumbbell.", "Pull it to your hip."]
cautions = ["Keep your back flat."]
"#;

const FLOOR_PRESS: &str = r#"title = "Floor press"
summary = "Press a barbell up while lying on the floor."
kind = "cardio"
level = "novice"
areas = ["lats"]
positions = ["lying"]
equipment = ["barbell", "dumbbell"]
steps = ["Lie on your back.", "Press the bar up."]
cautions = ["Use a spotter."]
"#;

fn library() -> Guide {
    let g = Guide::new();
    std::fs::remove_file(g.path("content/exercises/seated-twist.md")).expect("remove");
    std::fs::remove_file(g.path("content/exercises/wall-angel.toml")).expect("remove");
    g.write("guide.toml", GUIDE_TOML);
    g.write("content/exercises/box-jump.toml", BOX_JUMP);
    g.write("content/exercises/dumbbell-row.toml", ROW);
    g.write("content/exercises/floor-press.toml", FLOOR_PRESS);
    g
}

fn stderr_of(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn declared_terms_get_pages_filters_and_titles() {
    let g = library();
    g.build().success();
    for page in [
        "kinds/plyometrics.html",
        "kinds/cardio.html",
        "levels/novice.html",
        "levels/expert.html",
        "areas/quads.html",
        "areas/lats.html",
        "equipment/barbell.html",
        "equipment/dumbbell.html",
        "positions/lying.html",
    ] {
        assert!(g.path("public").join(page).is_file(), "{page}");
    }
    // The built-in terms are replaced, and unused ones get no page.
    for page in [
        "kinds/stretch.html",
        "levels/beginner.html",
        "areas/neck.html",
    ] {
        assert!(!g.path("public").join(page).exists(), "{page}");
    }
    let kind = g.read("public/kinds/plyometrics.html");
    assert!(kind.contains("<h1>Plyometrics</h1>"), "{kind}");
    assert!(
        kind.contains("muscles working <strong>fast</strong>"),
        "{kind}"
    );
    assert!(kind.contains("Box jump") && !kind.contains("Dumbbell row"));
    let area = g.read("public/areas/lats.html");
    assert!(area.contains("<h1>Lats</h1>"), "{area}");
    assert!(area.contains("The wide muscles of the back."), "{area}");

    let index = g.read("public/index.html");
    for (name, value, title) in [
        ("kind", "plyometrics", "Plyometrics"),
        ("kind", "cardio", "Cardio"),
        ("level", "novice", "Novice"),
        ("level", "expert", "Expert"),
        ("area", "quads", "Quadriceps"),
        ("equipment", "barbell", "Barbell"),
    ] {
        let input =
            format!("<input type=\"checkbox\" name=\"{name}\" value=\"{value}\"> {title}</label>");
        assert!(index.contains(&input), "{input}\n{index}");
    }
    // Levels in the order declared, not by name.
    let novice = index.find("value=\"novice\"").expect("novice filter");
    let expert = index.find("value=\"expert\"").expect("expert filter");
    assert!(novice < expert);
    assert!(
        index.contains("href=\"kinds/cardio.html\">Cardio</a>"),
        "{index}"
    );
    assert!(
        index.contains("href=\"levels/expert.html\">Expert</a>"),
        "{index}"
    );
    // Cards name terms by their titles; an exercise without positions is
    // not taken for floor work.
    assert!(index.contains("Plyometrics · Expert"), "{index}");
    let card = |slug: &str| {
        let at = index
            .find(&format!("href=\"exercises/{slug}.html\""))
            .expect("card");
        let start = index[..at].rfind("<li ").expect("card item");
        index[start..at].to_owned()
    };
    assert!(card("box-jump").contains("data-floor=\"false\""));
    assert!(card("box-jump").contains("data-positions=\"\""));
    assert!(card("floor-press").contains("data-floor=\"true\""));
    assert!(card("floor-press").contains("data-kit=\"barbell dumbbell\""));
    assert!(card("dumbbell-row").contains("data-level=\"novice\""));

    let lying = g.read("public/positions/lying.html");
    assert!(lying.contains("Floor press") && !lying.contains("Box jump"));
    let page = g.read("public/exercises/floor-press.html");
    assert!(page.contains("<dd>Barbell, Dumbbell</dd>"), "{page}");
    assert!(page.contains("\"exerciseType\":\"Cardio\""), "{page}");
    // Search finds exercises by the guide's own terms.
    let search = g.read("public/search-index.js");
    assert!(search.contains("[\"Plyometrics\"") && search.contains("[\"Quadriceps\""));
    let jump = g.read("public/exercises/box-jump.html");
    assert!(!jump.contains("<dt>Position"), "{jump}");
}

#[test]
fn open_data_keeps_slugs_and_names_the_declared_terms() {
    let g = library();
    g.build().success();
    let json: Value = serde_json::from_str(&g.read("public/exercises.json")).expect("json");
    let exercise = |slug: &str| {
        json["exercises"]
            .as_array()
            .and_then(|a| a.iter().find(|e| e["slug"] == slug))
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(exercise("box-jump")["kind"], "plyometrics");
    assert_eq!(exercise("box-jump")["level"], "expert");
    assert_eq!(exercise("box-jump")["positions"], serde_json::json!([]));
    // Without `level`, the first level declared.
    assert_eq!(exercise("dumbbell-row")["level"], "novice");
    assert_eq!(exercise("floor-press")["equipment"][0], "barbell");
    let levels: Vec<&str> = json["levels"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t["slug"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(levels, ["novice", "expert"]);
    assert_eq!(json["kinds"][0]["title"], "Plyometrics");
    assert_eq!(json["kinds"][0]["url"], "kinds/plyometrics.html");
    assert_eq!(json["areas"][0]["name"], "Quadriceps");
    // Positions were not declared: no list of them.
    assert!(json.get("positions").is_none());

    let schema: Value =
        serde_json::from_str(&g.read("public/exercises.schema.json")).expect("schema");
    let validator = jsonschema::draft202012::new(&schema).expect("valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn a_misspelt_or_undeclared_term_is_a_located_error_with_did_you_mean() {
    for (file, from, to, at, suggestion) in [
        (
            "box-jump.toml",
            "kind = \"plyometrics\"",
            "kind = \"plyometric\"",
            "content/exercises/box-jump.toml:3:8",
            "did you mean `plyometrics`?",
        ),
        (
            "box-jump.toml",
            "level = \"expert\"",
            "level = \"expret\"",
            "content/exercises/box-jump.toml:4:9",
            "did you mean `expert`?",
        ),
        (
            "dumbbell-row.toml",
            "equipment = [\"dumbbell\"]",
            "equipment = [\"dumbell\"]",
            "content/exercises/dumbbell-row.toml:5:14",
            "did you mean `dumbbell`?",
        ),
        (
            "dumbbell-row.toml",
            "areas = [\"lats\"]",
            "areas = [\"lat\"]",
            "content/exercises/dumbbell-row.toml:4:10",
            "did you mean `lats`?",
        ),
        (
            "box-jump.toml",
            "kind = \"plyometrics\"",
            "kind = \"stretch\"",
            "content/exercises/box-jump.toml:3:8",
            "choose from: plyometrics, cardio",
        ),
    ] {
        let g = library();
        g.write(
            &format!("content/exercises/{file}"),
            g.read(&format!("content/exercises/{file}"))
                .replace(from, to),
        );
        let err = stderr_of(g.check().code(1));
        assert!(err.contains(&format!("--> {at}")), "{to}: {err}");
        assert!(err.contains(suggestion), "{to}: {err}");
    }
}

#[test]
fn bad_vocabularies_in_guide_toml_are_located_errors() {
    for (from, to, code, at) in [
        (
            "[kinds.cardio]",
            "[kinds.Cardio]",
            "E0130",
            "guide.toml:9:8",
        ),
        (
            "[kinds.cardio]\ntitle = \"Cardio\"",
            "[kinds.cardio]\ntitle = \" \"",
            "E0125",
            "guide.toml:10:9",
        ),
        (
            "[levels.novice]\ntitle = \"Novice\"",
            "[levels.novice]\ntitle = \"Novice\"\nfloor = true",
            "E0110",
            "guide.toml:14:1",
        ),
        (
            "[kinds.cardio]\ntitle = \"Cardio\"",
            "[kinds.cardio]",
            "E0111",
            "guide.toml:9:1",
        ),
    ] {
        let g = library();
        g.write("guide.toml", GUIDE_TOML.replace(from, to));
        let err = stderr_of(g.check().code(1));
        assert!(err.contains(&format!("error[{code}]")), "{to}: {err}");
        assert!(err.contains(&format!("--> {at}")), "{to}: {err}");
    }
    let g = library();
    g.write(
        "guide.toml",
        "title = \"T\"\ndescription = \"D\"\nauthor = \"A\"\nlevels = []\n",
    );
    g.check()
        .code(1)
        .stderr(predicate::str::contains("error[E0131]"))
        .stderr(predicate::str::contains("--> guide.toml:4:1"));
    g.write(
        "guide.toml",
        "title = \"T\"\ndescription = \"D\"\nauthor = \"A\"\nareas = [\"lats\", \"quads\", \"lats\"]\n",
    );
    g.check()
        .code(1)
        .stderr(predicate::str::contains("error[E0101]"))
        .stderr(predicate::str::contains("--> guide.toml:4:27"));
}

#[test]
fn the_list_form_keeps_built_in_titles_and_titles_others_from_their_slugs() {
    let g = library();
    g.write(
        "guide.toml",
        "title = \"T\"\ndescription = \"D\"\nauthor = \"A\"\nkinds = [\"plyometrics\", \"cardio\", \"stretch\"]\nlevels = [\"novice\", \"expert\"]\nareas = [\"quads\", \"lats\"]\npositions = [\"lying\", \"on-a-bench\"]\nequipment = [\"barbell\", \"dumbbell\"]\n",
    );
    g.write(
        "content/exercises/box-jump.toml",
        BOX_JUMP.replace("kind = \"plyometrics\"", "kind = \"stretch\"")
            + "positions = [\"on-a-bench\"]\n",
    );
    g.build().success();
    let index = g.read("public/index.html");
    assert!(
        index.contains("value=\"stretch\"> Stretch</label>"),
        "{index}"
    );
    assert!(
        index.contains("value=\"cardio\"> Cardio</label>"),
        "{index}"
    );
    assert!(index.contains("value=\"quads\"> Quads</label>"), "{index}");
    assert!(
        index.contains("value=\"lying\"> Lying down</label>"),
        "{index}"
    );
    assert!(
        index.contains("value=\"on-a-bench\"> On a bench</label>"),
        "{index}"
    );
    // The built-in floor positions stay floor work; a new one is not.
    assert!(index.contains("On a bench</a> <span class=\"count\">1 exercise</span>"));
    assert!(index.contains("Lying down</a> <span class=\"count\">1 exercise, on the floor</span>"));
    assert!(g.path("public/kinds/stretch.html").is_file());
}

#[test]
fn declared_positions_say_which_are_floor_work() {
    let g = library();
    g.write(
        "guide.toml",
        GUIDE_TOML.to_owned()
            + "\n[positions.on-a-bench]\ntitle = \"On a bench\"\n\n[positions.lying]\ntitle = \"Flat on the floor\"\nfloor = true\n",
    );
    g.write(
        "content/exercises/box-jump.toml",
        BOX_JUMP.to_owned() + "positions = [\"on-a-bench\"]\n",
    );
    g.build().success();
    let index = g.read("public/index.html");
    assert!(
        index.contains("value=\"lying\"> Flat on the floor</label>"),
        "{index}"
    );
    assert!(
        index.contains(
            "Flat on the floor</a> <span class=\"count\">1 exercise, on the floor</span>"
        )
    );
    let json: Value = serde_json::from_str(&g.read("public/exercises.json")).expect("json");
    assert_eq!(json["positions"][0]["slug"], "on-a-bench");
    assert_eq!(json["positions"][0]["floor"], false);
    assert_eq!(json["positions"][1]["floor"], true);
    // `standing` is no longer a position of this guide.
    g.write(
        "content/exercises/box-jump.toml",
        BOX_JUMP.to_owned() + "positions = [\"standing\"]\n",
    );
    g.check()
        .code(1)
        .stderr(predicate::str::contains("error[E0113]"))
        .stderr(predicate::str::contains(
            "content/exercises/box-jump.toml:8:14",
        ))
        .stderr(predicate::str::contains("choose from: on-a-bench, lying"));
}

#[test]
fn new_writes_the_guides_own_terms_and_its_file_checks() {
    let g = library();
    limber()
        .args(["new", "Kettlebell swing", "--format", "toml", "--root"])
        .arg(g.root())
        .assert()
        .success();
    let text = g.read("content/exercises/kettlebell-swing.toml");
    assert!(text.contains("\"plyometrics\" or \"cardio\""), "{text}");
    assert!(text.contains("kind = \"plyometrics\""), "{text}");
    assert!(text.contains("\"novice\" or \"expert\""), "{text}");
    assert!(text.contains("level = \"novice\""), "{text}");
    assert!(text.contains("areas = [\"quads\"]"), "{text}");
    assert!(text.contains("# barbell, dumbbell"), "{text}");
    // Valid as written: only the placeholders are left to fix.
    let out = g.check().success();
    let err = stderr_of(out);
    assert!(!err.contains("error"), "{err}");
}
