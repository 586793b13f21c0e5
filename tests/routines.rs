//! Routines end to end: the real binary on fixture guides, and the
//! repository guide's own two routines.

mod common;

use common::{Guide, repo_root};
use limber::timing;
use predicates::prelude::*;
use serde_json::Value;

const ROUTINE: &str = r#"title = "Quick twist"
summary = "Two exercises, one after the other."
rest_seconds = 10

[[items]]
exercise = "seated-twist"

[[items]]
exercise = "wall-angel"
dose = { reps = 4 }
rep_seconds = 6
"#;

#[test]
fn a_routine_gets_a_page_with_its_time_and_the_index_lists_it() {
    let g = Guide::new();
    g.write("content/routines/quick-twist.toml", ROUTINE);
    g.build().success();
    let page = g.read("public/routines/quick-twist.html");
    // 5 s lead-in; 5 reps × 3 s (a range's least) × 2 sides + 10 s to turn
    // round on the chair; 10 s rest; then 2 sets (from the exercise) of 4
    // reps × 6 s, with the routine's 10 s rest between the sets.
    let total = 5 + (5 * 3 * 2 + 10) + 10 + (4 * 6 + 10 + 4 * 6);
    assert!(page.contains(&format!("\"total\":{total}")), "{page}");
    assert!(page.contains("About 2 minutes"), "{page}");
    assert!(
        page.contains("Repeat 4 times \u{b7} 2 sets"),
        "the override replaced reps only"
    );
    assert!(page.contains("<script type=\"application/json\" id=\"routine-data\">"));
    assert!(page.contains("href=\"../exercises/wall-angel.html\""));
    let index = g.read("public/index.html");
    assert!(
        index.contains("href=\"routines/quick-twist.html\""),
        "{index}"
    );
    let search = g.read("public/search-index.js");
    assert!(search.contains("[\"Quick twist\",0,[]"), "{search}");
}

#[test]
fn an_unknown_exercise_fails_the_build_with_a_located_suggestion() {
    let g = Guide::new();
    g.write(
        "content/routines/quick-twist.toml",
        ROUTINE.replace("\"wall-angel\"", "\"wall-angle\""),
    );
    g.build()
        .code(1)
        .stderr(predicate::str::contains("error[E0172]"))
        .stderr(predicate::str::contains(
            "content/routines/quick-twist.toml:9:12",
        ))
        .stderr(predicate::str::contains("did you mean `wall-angel`?"));
    assert!(!g.path("public").exists(), "nothing is written");
}

#[test]
fn an_empty_routine_and_an_unknown_key_are_both_reported() {
    let g = Guide::new();
    g.write(
        "content/routines/empty.toml",
        "title = \"Empty\"\nsummary = \"Nothing.\"\nitems = []\n",
    );
    g.write(
        "content/routines/typo.toml",
        ROUTINE.replace("rest_seconds", "rest_second"),
    );
    g.build()
        .code(1)
        .stderr(predicate::str::contains("error[E0170]"))
        .stderr(predicate::str::contains("content/routines/empty.toml:3:9"))
        .stderr(predicate::str::contains("error[E0110]"))
        .stderr(predicate::str::contains("content/routines/typo.toml:3:1"))
        .stderr(predicate::str::contains("did you mean `rest_seconds`?"));
}

#[test]
fn the_guides_desk_break_stays_off_the_floor_and_both_routines_fit_their_names() {
    let (guide, report) = limber::content::load(&repo_root());
    let guide = guide.unwrap_or_else(|| panic!("{report:?}"));
    let routine = |slug: &str| {
        guide
            .routines
            .iter()
            .find(|r| r.slug == slug)
            .unwrap_or_else(|| panic!("no routine {slug}"))
    };
    let desk = routine("desk-break");
    for item in &desk.items {
        let ex = guide
            .exercises
            .iter()
            .find(|e| e.slug == item.exercise)
            .expect("checked by the loader");
        assert!(
            !ex.positions.is_empty()
                && ex
                    .positions
                    .iter()
                    .all(|p| p == "seated" || p == "standing"),
            "{} is not seated or standing",
            ex.slug
        );
    }
    let minutes = |r| timing::duration_words(timing::total_seconds(&timing::plan(r)));
    assert_eq!(desk.title, "Five-minute desk break");
    assert_eq!(minutes(desk), "About 5 minutes");
    let full = routine("full-routine");
    assert!(!full.title.chars().any(|c| c.is_ascii_digit()) && !full.title.contains("minute"));
    let mut used: Vec<&str> = full.items.iter().map(|i| i.exercise.as_str()).collect();
    used.sort();
    let mut all: Vec<&str> = guide.exercises.iter().map(|e| e.slug.as_str()).collect();
    all.sort();
    assert_eq!(used, all, "the full routine uses every exercise");
}

/// The warnings `check --format json` gives, as (code, file, line).
fn warnings(g: &Guide) -> Vec<(String, String, u64)> {
    let (code, problems) = g.check_json();
    assert_eq!(
        code,
        Some(0),
        "warnings do not fail the check: {problems:?}"
    );
    problems
        .iter()
        .map(|p| {
            assert_eq!(p["severity"], "warning", "{p}");
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("code"), s("file"), p["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

fn routine(items: &str) -> String {
    format!("title = \"R\"\nsummary = \"S.\"\n{items}")
}

const FILE: &str = "content/routines/r.toml";

#[test]
fn an_item_with_more_or_fewer_than_its_exercise_gives_is_warned_at_its_line() {
    let g = Guide::new();
    // wall-angel gives 8–10 reps and 2 sets; seated-twist holds 3–5 seconds.
    g.write(
        FILE,
        routine(
            "\n[[items]]\nexercise = \"wall-angel\"\ndose = { reps = 12 }\n\n[[items]]\nexercise = \"seated-twist\"\ndose = { hold_seconds = 2 }\n\n[[items]]\nexercise = \"wall-angel\"\ndose = { reps = 8, sets = 3 }\n",
        ),
    );
    let found = warnings(&g);
    let at = |code: &str, line| (code.to_owned(), FILE.to_owned(), line);
    assert!(found.contains(&at("W0020", 6)), "{found:?}");
    assert!(found.contains(&at("W0020", 10)), "{found:?}");
    assert!(found.contains(&at("W0020", 14)), "sets too: {found:?}");
    g.check()
        .success()
        .stderr(predicate::str::contains(
            "item 1 asks for `reps = 12`, more than the 8\u{2013}10 that `wall-angel` gives",
        ))
        .stderr(predicate::str::contains(
            "item 2 asks for `hold_seconds = 2`, fewer than the 3\u{2013}5",
        ));
}

#[test]
fn an_exercise_done_twice_is_warned_when_it_goes_over_its_range_in_all() {
    let g = Guide::new();
    g.write(
        "content/exercises/neck-turn.toml",
        "title = \"Neck turn\"\nsummary = \"Turn your head.\"\nkind = \"mobility\"\nareas = [\"neck\"]\npositions = [\"seated\"]\nsteps = [\"Turn.\"]\ncautions = [\"Stop if it hurts.\"]\n\n[dose]\nreps = [2, 6]\n",
    );
    // Two rounds, 3 and then 4, against the 2–6 the exercise gives.
    let text = routine(
        "\n[[items]]\nexercise = \"neck-turn\"\ndose = { reps = 3 }\n\n[[items]]\nexercise = \"wall-angel\"\n\n[[items]]\nexercise = \"neck-turn\"\ndose = { reps = 4 }\n",
    );
    g.write(FILE, &text);
    assert_eq!(
        warnings(&g),
        [("W0021".to_owned(), FILE.to_owned(), 12)],
        "at the item that goes over"
    );
    g.check().success().stderr(predicate::str::contains(
        "`neck-turn` comes 2 times in this routine: 7 repetitions in all, more than the 2\u{2013}6 the exercise gives",
    ));
    // Shared out within the range, it is fine.
    g.write(FILE, text.replace("reps = 4", "reps = 3"));
    assert_eq!(warnings(&g), []);
}

#[test]
fn invented_numbers_are_warned_unless_the_routine_says_it_chose_them() {
    let g = Guide::new();
    g.write(
        "content/exercises/knee-sway.md",
        "+++\ntitle = \"Knee sway\"\nsummary = \"Let your knees sway.\"\nkind = \"mobility\"\nareas = [\"hips\"]\npositions = [\"lying\"]\ncautions = [\"Stop if it hurts.\"]\n\n[dose]\nnote = \"Several times, holding a few seconds.\"\n+++\n\n## Steps\n\n1. Sway.\n",
    );
    let invented = routine(
        "\n[[items]]\nexercise = \"knee-sway\"\ndose = { reps = 6, hold_seconds = 4, sides = \"alternating\" }\n",
    );
    g.write(FILE, &invented);
    let found = warnings(&g);
    assert_eq!(
        found,
        [
            ("W0022".to_owned(), FILE.to_owned(), 6),
            ("W0022".to_owned(), FILE.to_owned(), 6)
        ]
    );
    g.check().success().stderr(predicate::str::contains(
        "item 1 gives `knee-sway` `reps = 6`, a number the exercise does not give",
    ));
    // Said to be the routine's choice: no warning, and the page says so.
    g.write(
        FILE,
        format!("{invented}chosen = [\"reps\", \"hold_seconds\"]\n"),
    );
    assert_eq!(warnings(&g), []);
    g.build().success();
    let page = g.read("public/routines/r.html");
    assert!(
        page.contains("<p class=\"dose-choice\">Repeat 6 times on each side: this routine\u{2019}s choice. The exercise does not say how many times. Hold 4 seconds: this routine\u{2019}s choice. The exercise does not say how long to hold.</p>"),
        "{page}"
    );
    let data = exported(&g);
    assert_eq!(
        data["routines"][0]["items"][0]["chosen"],
        serde_json::json!(["reps", "hold_seconds"])
    );
    // `chosen` for a number the exercise gives is a warning of its own.
    g.write(
        FILE,
        routine(
            "\n[[items]]\nexercise = \"wall-angel\"\ndose = { reps = 9 }\nchosen = [\"reps\"]\n",
        ),
    );
    assert_eq!(warnings(&g), [("W0023".to_owned(), FILE.to_owned(), 7)]);
    // And the warnings can be turned off like any other.
    g.write(
        "guide.toml",
        format!("{}\n[check]\nallow = [\"W0023\"]\n", common::GUIDE_TOML),
    );
    assert_eq!(warnings(&g), []);
}

fn exported(g: &Guide) -> Value {
    let out = common::limber()
        .args(["export", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn player_data(page: &str) -> Value {
    let start = page
        .find("id=\"routine-data\">")
        .map(|i| i + "id=\"routine-data\">".len())
        .expect("player data");
    let end = start + page[start..].find("</script>").expect("closed");
    serde_json::from_str(&page[start..end]).expect("JSON")
}

#[test]
fn the_player_gives_time_to_get_onto_the_floor_turn_round_on_a_chair_and_change_arms() {
    let g = Guide::new();
    g.write(
        "content/exercises/arm-reach.toml",
        "title = \"Arm reach\"\nsummary = \"Reach up.\"\nkind = \"stretch\"\nareas = [\"shoulders\"]\npositions = [\"seated\"]\nswitch = \"arms\"\nsteps = [\"Reach.\"]\ncautions = [\"Stop if it hurts.\"]\n\n[dose]\nreps = 2\nsides = \"each\"\n",
    );
    g.write(
        "content/exercises/knee-hug.toml",
        "title = \"Knee hug\"\nsummary = \"Hug your knees.\"\nkind = \"stretch\"\nareas = [\"hips\"]\npositions = [\"lying\"]\nsteps = [\"Hug.\"]\ncautions = [\"Stop if it hurts.\"]\n\n[dose]\nreps = 2\nhold_seconds = 10\n",
    );
    g.write(
        FILE,
        "title = \"R\"\nsummary = \"S.\"\nrest_seconds = 0\n\n[[items]]\nexercise = \"knee-hug\"\nrep_seconds = 14\n\n[[items]]\nexercise = \"seated-twist\"\n\n[[items]]\nexercise = \"arm-reach\"\n",
    );
    g.build().success();
    let page = g.read("public/routines/r.html");
    let data = player_data(&page);
    let phases = data["phases"].as_array().unwrap();
    let kind = |p: &Value| p["kind"].as_str().unwrap_or_default().to_owned();
    // Starting on the floor: time to get down; then time to get up, even
    // with no rest asked for.
    assert_eq!(kind(&phases[0]), "ready");
    assert_eq!(phases[0]["floor"], "down");
    assert!(phases[0]["seconds"].as_i64().unwrap() >= 15);
    let up: Vec<&Value> = phases.iter().filter(|p| p["floor"] == "up").collect();
    assert_eq!(up.len(), 1, "{phases:?}");
    assert_eq!(kind(up[0]), "rest");
    assert!(up[0]["seconds"].as_i64().unwrap() >= 15);
    // The hold has its own countdown after the movement into it.
    let hug: Vec<(i64, bool)> = phases
        .iter()
        .filter(|p| p["item"] == 0 && kind(p) == "work")
        .map(|p| (p["seconds"].as_i64().unwrap(), p["hold"] == true))
        .collect();
    assert_eq!(hug, [(4, false), (10, true), (4, false), (10, true)]);
    // Turning round on a chair, and only changing arms.
    let switch_of = |item: u64| {
        phases
            .iter()
            .find(|p| p["item"] == item && kind(p) == "switch")
            .and_then(|p| p["seconds"].as_i64())
    };
    assert!(switch_of(1).is_some_and(|s| s >= 10), "{phases:?}");
    assert_eq!(switch_of(2), Some(timing::SWITCH_SIDES_SECONDS));
    assert_eq!(data["items"][2]["switch"], "arms");
    assert_eq!(data["items"][1]["switch"], "sides");
    // The page's estimate is the player's phases, added up.
    let sum: i64 = phases.iter().map(|p| p["seconds"].as_i64().unwrap()).sum();
    assert_eq!(data["total"].as_i64(), Some(sum));
    assert!(page.contains(&timing::duration_words(sum)));
}

#[test]
fn switch_without_sides_is_an_error_at_its_line() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace(
            "positions = [\"standing\"]\n",
            "positions = [\"standing\"]\nswitch = \"arms\"\n",
        ),
    );
    g.check()
        .code(1)
        .stderr(predicate::str::contains("error[E0144]"))
        .stderr(predicate::str::contains(
            "content/exercises/wall-angel.toml:6:10",
        ));
}

#[test]
fn the_guides_routines_keep_to_their_exercises_and_give_older_readers_time() {
    let out = common::limber()
        .args(["check", "--format", "json", "--root"])
        .arg(repo_root())
        .output()
        .expect("limber runs");
    let text = String::from_utf8_lossy(&out.stdout);
    for code in ["W0020", "W0021", "W0022", "W0023"] {
        assert!(!text.contains(code), "{text}");
    }
    let (guide, report) = limber::content::load(&repo_root());
    let guide = guide.unwrap_or_else(|| panic!("{report:?}"));
    let routine = |slug: &str| {
        guide
            .routines
            .iter()
            .find(|r| r.slug == slug)
            .unwrap_or_else(|| panic!("no routine {slug}"))
    };
    let full = routine("full-routine");
    let phases = timing::plan(full);
    // The full routine starts on the floor and comes up for the neck roll.
    assert_eq!(phases[0].floor, Some(timing::FloorMove::Down));
    assert!(phases[0].seconds >= 15);
    assert!(
        phases
            .iter()
            .any(|p| p.floor == Some(timing::FloorMove::Up) && p.seconds >= 15)
    );
    // The cat-cow holds twice in each repetition: round up, then sink.
    let cat = full
        .items
        .iter()
        .position(|i| i.exercise == "cat-cow")
        .expect("in the full routine");
    let first_rep: Vec<bool> = phases
        .iter()
        .filter(|p| p.item == cat && p.kind == timing::PhaseKind::Work && p.rep == 1)
        .map(|p| p.hold)
        .collect();
    assert_eq!(first_rep, [false, true, false, true]);
    // "Hold each reach for a few deep breaths": at least 15 seconds.
    let reach = full
        .items
        .iter()
        .position(|i| i.exercise == "opposite-arm-leg-raise")
        .expect("in the full routine");
    assert!(
        phases
            .iter()
            .filter(|p| p.item == reach && p.kind == timing::PhaseKind::Work)
            .any(|p| p.hold && p.seconds >= 15),
        "{phases:?}"
    );
    // Turning round on the chair; only the arm changes in the arm reach.
    for r in [full, routine("desk-break")] {
        for item in &r.items {
            if item.dose.sides == Some(limber::model::Sides::Each) {
                let least = if item.exercise == "overhead-arm-reach" {
                    5
                } else {
                    10
                };
                assert!(timing::switch_seconds(item) >= least, "{}", item.exercise);
            }
        }
    }
    let arm = guide
        .exercises
        .iter()
        .find(|e| e.slug == "overhead-arm-reach")
        .expect("an exercise of the guide");
    assert_eq!(arm.switch, limber::model::Switch::Arms);
}

#[test]
fn holds_out_of_range_are_errors_at_their_line() {
    let g = Guide::new();
    for (holds, code) in [("0", "E0140"), ("11", "E0143")] {
        g.write(
            FILE,
            routine(&format!(
                "\n[[items]]\nexercise = \"seated-twist\"\nrep_seconds = 12\nholds = {holds}\n"
            )),
        );
        g.check()
            .code(1)
            .stderr(predicate::str::contains(format!("error[{code}]")))
            .stderr(predicate::str::contains("content/routines/r.toml:7:9"));
    }
    g.write(
        FILE,
        routine("\n[[items]]\nexercise = \"seated-twist\"\nrep_seconds = 12\nholds = 2\n"),
    );
    g.build().success();
    let data = player_data(&g.read("public/routines/r.html"));
    let first: Vec<(i64, bool)> = data["phases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "work" && p["rep"] == 1 && p["side"] == 1)
        .map(|p| (p["seconds"].as_i64().unwrap(), p["hold"] == true))
        .collect();
    // 12 seconds: two holds of 3 (the range's least), 3 seconds to move into each.
    assert_eq!(first, [(3, false), (3, true), (3, false), (3, true)]);
}
