//! End-to-end: the checks a health publisher's editor would make, on
//! temporary guides: long sentences, hard pages, no "when to stop" box, no
//! emergency number, overdue reviews, and a guide not in English.

mod common;

use common::{GUIDE_TOML, Guide, WALL_ANGEL, limber};
use serde_json::Value;

fn with_code<'a>(problems: &'a [Value], code: &str) -> Vec<&'a Value> {
    problems.iter().filter(|p| p["code"] == code).collect()
}

/// `check`'s human report on stderr.
fn check_text(g: &Guide, env: &[(&str, &str)]) -> String {
    let mut cmd = limber();
    cmd.args(["check", "--root"]).arg(g.root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("limber runs");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const LONG_STEP: &str = "Sit on the front half of a firm chair with both of your feet flat on the floor and your knees bent at a comfortable angle before you start to turn.";

#[test]
fn a_long_sentence_in_a_step_is_pointed_at_where_it_is_written() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace(
            "\"Slide your arms up and down.\"",
            &format!("\"Slide your arms up and down.\",\n  \"{LONG_STEP}\""),
        ),
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let long = with_code(&problems, "W0011");
    assert_eq!(long.len(), 1, "{problems:#?}");
    assert_eq!(long[0]["severity"], "warning");
    assert_eq!(long[0]["file"], "content/exercises/wall-angel.toml");
    assert_eq!(long[0]["line"], 7);
    assert_eq!(long[0]["column"], 4);
    let message = long[0]["message"].as_str().unwrap();
    assert!(message.contains("31 words"), "{message}");
    assert!(message.contains("limit of 25"), "{message}");

    // The guide's own limit, in either direction.
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}\n[check]\nmax_sentence_words = 31\n"),
    );
    assert!(with_code(&g.check_json().1, "W0011").is_empty());
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}\n[check]\nmax_sentence_words = 5\n"),
    );
    assert!(with_code(&g.check_json().1, "W0011").len() > 1);
}

#[test]
fn a_long_sentence_in_a_markdown_body_names_its_line() {
    let g = Guide::new();
    let text = g
        .read("content/exercises/seated-twist.md")
        .replace("Turn slowly.", &format!("Turn slowly.\n\n{LONG_STEP}"));
    g.write("content/exercises/seated-twist.md", text);
    let text = check_text(&g, &[]);
    assert!(text.contains("warning[W0011]"), "{text}");
    assert!(
        text.contains("--> content/exercises/seated-twist.md:19:1"),
        "{text}"
    );
    assert!(text.contains("31 words"), "{text}");
}

const HARD: &str = r#"title = "Thoracic mobilisation"
summary = "Rotational mobilisation of the thoracic vertebrae."
kind = "mobility"
areas = ["upper-back"]
steps = [
    "Position yourself comfortably, maintaining neutral spinal alignment.",
    "Progressively incorporate controlled rotational movements.",
    "Concentrate on diaphragmatic respiration throughout.",
]
cautions = ["Discontinue immediately if experiencing radiating symptoms."]
"#;

#[test]
fn a_hard_page_is_a_warning_at_its_file_naming_its_hardest_sentence() {
    let g = Guide::new();
    g.write("content/exercises/thoracic.toml", HARD);
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let hard = with_code(&problems, "W0012");
    assert_eq!(hard.len(), 1, "{problems:#?}");
    assert_eq!(hard[0]["file"], "content/exercises/thoracic.toml");
    assert_eq!(hard[0]["line"], 1);
    let message = hard[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("the page of `Thoracic mobilisation` reads at grade"),
        "{message}"
    );
    assert!(
        message.ends_with("above the guide's limit of 8"),
        "{message}"
    );
    let help = hard[0]["help"].as_str().unwrap();
    assert!(help.contains("content/exercises/thoracic.toml:"), "{help}");
    // The plain exercises of the same guide pass.
    assert!(
        problems
            .iter()
            .all(|p| p["file"] == "content/exercises/thoracic.toml"),
        "{problems:#?}"
    );
    // A routine that shows the hard steps is hard too, pointed at its title.
    g.write(
        "content/routines/hard.toml",
        "title = \"Hard\"\nsummary = \"One exercise.\"\n\n[[items]]\nexercise = \"thoracic\"\ndose = { reps = 3 }\n",
    );
    let (_, problems) = g.check_json();
    let routine: Vec<_> = with_code(&problems, "W0012")
        .into_iter()
        .filter(|p| p["file"] == "content/routines/hard.toml")
        .collect();
    assert_eq!(routine.len(), 1, "{problems:#?}");
    assert_eq!(routine[0]["line"], 1);
    // A guide may allow harder text.
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}\n[check]\nmax_grade = 30\n"),
    );
    assert!(with_code(&g.check_json().1, "W0012").is_empty());
}

#[test]
fn an_exercise_with_no_stop_box_is_warned_about() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace(
            "cautions = [\"Stop if your shoulder pinches.\"]",
            "cautions = []",
        ),
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let none = with_code(&problems, "W0001");
    assert_eq!(none.len(), 1, "{problems:#?}");
    assert_eq!(none[0]["file"], "content/exercises/wall-angel.toml");
    // The page has no "when to stop" box; the others do.
    g.build().success();
    let page = g.read("public/exercises/wall-angel.html");
    let other = g.read("public/exercises/seated-twist.html");
    assert!(other.contains("Take care — when to stop"), "{other}");
    assert!(other.contains("Stop if it hurts."));
    assert!(!page.contains("when to stop"), "{page}");
    let message = none[0]["message"].as_str().unwrap();
    assert!(message.contains("no \"when to stop\" box"), "{message}");
}

#[test]
fn a_guide_without_an_emergency_number_is_warned_and_says_emergency_services() {
    let g = Guide::new();
    let without = GUIDE_TOML.replace("emergency = \"112\"\n", "");
    assert_ne!(without, GUIDE_TOML, "the fixture sets a number");
    g.write("guide.toml", &without);
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let missing = with_code(&problems, "W0010");
    assert_eq!(missing.len(), 1, "{problems:#?}");
    assert_eq!(missing[0]["file"], "guide.toml");
    assert_eq!(missing[0]["line"], 1);
    g.build().success();
    let footer = g.read("public/index.html");
    assert!(footer.contains("<strong>Call emergency services now</strong>"));

    // With the setting, the built-in disclaimer says the number.
    g.write(
        "guide.toml",
        without.replace("author", "emergency = \"999\"\nauthor"),
    );
    assert!(g.check_json().1.is_empty());
    g.build().success();
    for page in ["index.html", "exercises/wall-angel.html"] {
        let html = g.read(&format!("public/{page}"));
        assert!(html.contains("<strong>Call 999 now</strong>"), "{page}");
    }
}

#[test]
fn a_disclaimer_of_its_own_says_the_number_where_it_writes_the_placeholder() {
    let g = Guide::new();
    let own = "disclaimer = \"\"\"\n**Call {emergency} or go to A&E now** if you have chest pain.\"\"\"\n";
    g.write("guide.toml", format!("{own}{GUIDE_TOML}"));
    assert!(g.check_json().1.is_empty());
    g.build().success();
    let html = g.read("public/index.html");
    assert!(
        html.contains("<strong>Call 112 or go to A&amp;E now</strong>"),
        "{html}"
    );
    let data = g.read("public/exercises.json");
    assert!(data.contains("Call 112 or go to A&E now"), "{data}");

    // A disclaimer with the number written in, and the setting unused.
    g.write(
        "guide.toml",
        format!("{}{GUIDE_TOML}", own.replace("{emergency}", "999")),
    );
    let (_, problems) = g.check_json();
    let unused = with_code(&problems, "W0013");
    assert_eq!(unused.len(), 1, "{problems:#?}");
    assert_eq!(unused[0]["line"], 1);
    assert_eq!(unused[0]["column"], 14);
}

#[test]
fn an_empty_emergency_or_a_zero_limit_is_an_error() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        GUIDE_TOML.replace("emergency = \"112\"", "emergency = \" \""),
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(1));
    assert_eq!(problems[0]["code"], "E0125");
    for toml in [
        format!("{GUIDE_TOML}\n[check]\nmax_grade = 0\n"),
        format!("{GUIDE_TOML}\n[check]\nmax_sentence_words = 0\n"),
        format!("review_every_months = 0\n{GUIDE_TOML}"),
    ] {
        let line = toml.lines().position(|l| l.ends_with("= 0")).unwrap() + 1;
        g.write("guide.toml", &toml);
        let (code, problems) = g.check_json();
        assert_eq!(code, Some(1), "{toml}");
        assert_eq!(problems[0]["code"], "E0181", "{toml}");
        assert_eq!(problems[0]["line"], line, "{toml}");
    }
}

/// Seconds since 1970 at the start of `2026-06-01`.
const JUNE_2026: &str = "1780272000";

#[test]
fn an_overdue_review_is_warned_about_and_each_page_says_when_the_next_is_due() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!("review_every_months = 36\nreviewed_on = 2023-05-01\n{GUIDE_TOML}"),
    );
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("[dose]", "reviewed_on = 2024-02-29\n\n[dose]"),
    );
    // On 1 June 2026 the guide's review (due 1 May 2026) is overdue, the
    // wall angel's own (due 28 February 2027) is not.
    let text = check_text(&g, &[("SOURCE_DATE_EPOCH", JUNE_2026)]);
    assert!(
        text.contains("warning[W0014]: the guide's review was due on 1 May 2026"),
        "{text}"
    );
    assert!(text.contains("--> guide.toml:2:15"), "{text}");
    assert!(
        text.contains("warning[W0014]: the review of `Seated twist` was due on 1 May 2026"),
        "{text}"
    );
    assert!(
        text.contains("--> content/exercises/seated-twist.md:2:1"),
        "{text}"
    );
    assert_eq!(text.matches("warning[W0014]").count(), 2, "{text}");
    // A day before the guide's review is due, nothing is overdue.
    let early = check_text(&g, &[("SOURCE_DATE_EPOCH", "1777507200")]);
    assert!(!early.contains("W0014"), "{early}");

    g.build().success();
    let own = g.read("public/exercises/wall-angel.html");
    assert!(
        own.contains("Next review due by <time datetime=\"2027-02-28\">28 February 2027</time>."),
        "{own}"
    );
    let index = g.read("public/index.html");
    assert!(index.contains("Next review due by <time datetime=\"2026-05-01\">1 May 2026</time>."));
}

#[test]
fn a_page_with_no_review_date_is_warned_about_when_reviews_are_due() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!("review_every_months = 36\n{GUIDE_TOML}"),
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let missing = with_code(&problems, "W0015");
    let files: Vec<&str> = missing
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "content/exercises/seated-twist.md",
            "content/exercises/wall-angel.toml",
            "guide.toml"
        ],
        "{problems:#?}"
    );
    // Without the setting, no date is asked for and no page says one is due.
    g.write("guide.toml", GUIDE_TOML);
    assert!(g.check_json().1.is_empty());
    g.build().success();
    assert!(!g.read("public/index.html").contains("Next review"));
}

#[test]
fn a_guide_not_in_english_gets_the_sentence_rule_and_one_note() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        GUIDE_TOML.replace("author", "language = \"fr\"\nauthor"),
    );
    g.write("content/exercises/thoracic.toml", HARD);
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace(
            "\"Slide your arms up and down.\"",
            &format!("\"{LONG_STEP}\""),
        ),
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let notes: Vec<&Value> = problems
        .iter()
        .filter(|p| p["severity"] == "note")
        .collect();
    assert_eq!(notes.len(), 1, "{problems:#?}");
    assert_eq!(notes[0]["code"], Value::Null);
    assert_eq!(notes[0]["file"], "guide.toml");
    assert_eq!(notes[0]["line"], 3);
    assert!(with_code(&problems, "W0012").is_empty(), "{problems:#?}");
    assert_eq!(with_code(&problems, "W0011").len(), 1, "{problems:#?}");

    let text = check_text(&g, &[]);
    assert_eq!(
        text.matches("note: the guide's language is `fr`").count(),
        1,
        "{text}"
    );
    // A note is not a warning.
    assert!(
        text.contains("The guide builds, with 1 warning: 3 exercises"),
        "{text}"
    );
}

#[test]
fn the_upper_back_guide_passes_with_no_warning() {
    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(common::repo_root())
        .output()
        .expect("limber runs");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{out:?}");
}
