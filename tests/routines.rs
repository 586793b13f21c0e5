//! Routines end to end: the real binary on fixture guides, and the
//! repository guide's own two routines.

mod common;

use common::{Guide, repo_root};
use limber::timing;
use predicates::prelude::*;

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
    // 5 s lead-in; 5 reps × 3 s (a range's least) × 2 sides + 5 s to switch;
    // 10 s rest; then 2 sets (from the exercise) of 4 reps × 6 s, with the
    // routine's 10 s rest between the sets.
    let total = 5 + (5 * 3 * 2 + 5) + 10 + (4 * 6 + 10 + 4 * 6);
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
    assert_eq!(desk.title, "Four-minute desk break");
    assert_eq!(minutes(desk), "About 4 minutes");
    let full = routine("full-routine");
    assert!(!full.title.chars().any(|c| c.is_ascii_digit()) && !full.title.contains("minute"));
    let mut used: Vec<&str> = full.items.iter().map(|i| i.exercise.as_str()).collect();
    used.sort();
    let mut all: Vec<&str> = guide.exercises.iter().map(|e| e.slug.as_str()).collect();
    all.sort();
    assert_eq!(used, all, "the full routine uses every exercise");
}
