//! The upper-back guide keeps every fact of the article it was written from:
//! each exercise, its steps, counts, holds and sides. The expectations are
//! written out here so the test needs nothing outside the repository.

mod common;

use std::path::Path;

use common::{limber, repo_root};
use scraper::{Html, Selector};
use tempfile::TempDir;

struct Expected {
    slug: &'static str,
    title: &'static str,
    alias: Option<&'static str>,
    family: Option<&'static str>,
    /// The article's number of steps: ours may split them further.
    min_steps: usize,
    /// Dose words as the page shows them.
    dose: &'static str,
    /// Facts written in prose: each must appear somewhere on the page.
    facts: &'static [&'static str],
}

const EXPECTED: &[Expected] = &[
    Expected {
        slug: "cat-cow",
        title: "Cat-cow",
        alias: None,
        family: None,
        min_steps: 5,
        dose: "Repeat 5 times \u{b7} hold 3\u{2013}5 seconds",
        facts: &[
            "all fours",
            "neck",
            "shoulders",
            "hips",
            "as you breathe out, tuck your hips under",
            "as you breathe in, lift your face",
            "never hold your breath",
            "belly button",
            "middle back",
        ],
    },
    Expected {
        slug: "opposite-arm-leg-raise",
        title: "Opposite arm",
        alias: Some("Bird-dog"),
        family: None,
        min_steps: 5,
        dose: "Repeat 10\u{2013}15 times on each side",
        facts: &[
            "hands and knees",
            "opposite",
            "level",
            "few deep breaths",
            "tissue box",
            "lower back",
        ],
    },
    Expected {
        slug: "trunk-rotation",
        title: "Trunk rotation",
        alias: None,
        family: Some("Dynamic stretching"),
        min_steps: 5,
        dose: "",
        facts: &[
            "knees bent",
            "feet flat",
            "right",
            "few seconds",
            "middle",
            "several times",
            "both",
        ],
    },
    Expected {
        slug: "neck-roll",
        title: "Neck roll",
        alias: None,
        family: None,
        min_steps: 6,
        dose: "Repeat 2\u{2013}3 times",
        facts: &[
            "right ear",
            "trapezius",
            "second or two",
            "across your chest",
            "left shoulder",
            "full circle",
            "dizzy",
        ],
    },
    Expected {
        slug: "overhead-arm-reach",
        title: "Overhead arm reach",
        alias: Some("Overhead arm stretch"),
        family: None,
        min_steps: 3,
        dose: "Repeat 5 times on each side",
        facts: &[
            "chair",
            "feet",
            "right arm",
            "left",
            "lat",
            "shoulder",
            "left arm",
        ],
    },
    Expected {
        slug: "chair-rotation",
        title: "Chair rotation",
        alias: None,
        family: None,
        min_steps: 4,
        dose: "Repeat 3 times on each side \u{b7} hold 10 seconds",
        facts: &[
            "sideways",
            "right side",
            "legs",
            "chair back",
            "arms",
            "loosen",
        ],
    },
];

fn build() -> TempDir {
    let out = TempDir::new().unwrap();
    limber()
        .args(["build", "--root"])
        .arg(repo_root())
        .arg("--output")
        .arg(out.path().join("public"))
        .assert()
        .success();
    out
}

fn page(dir: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(dir.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn text_of(html: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    html.select(&sel)
        .map(|e| e.text().collect::<String>())
        .collect()
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[test]
fn every_exercise_of_the_article_is_there_with_its_facts() {
    let out = build();
    let index = normalise(&text_of(&page(out.path(), "index.html"), "main").concat());
    for e in EXPECTED {
        let html = page(out.path(), &format!("exercises/{}.html", e.slug));
        let h1 = text_of(&html, "h1");
        assert_eq!(h1.len(), 1, "{}: one h1", e.slug);
        assert!(h1[0].contains(e.title), "{}: title {:?}", e.slug, h1[0]);
        assert!(
            index.contains(&normalise(e.title)),
            "index lists {}",
            e.title
        );

        let steps = text_of(&html, "ol.steps > li");
        assert!(
            steps.len() >= e.min_steps,
            "{}: {} steps",
            e.slug,
            steps.len()
        );

        let body = normalise(&text_of(&html, "main").concat());
        if !e.dose.is_empty() {
            assert!(
                body.contains(&normalise(e.dose)),
                "{}: dose {:?}",
                e.slug,
                e.dose
            );
            assert!(
                index.contains(&normalise(e.dose)),
                "index shows the dose of {}",
                e.slug
            );
        }
        if let Some(alias) = e.alias {
            assert!(
                body.contains(&normalise(alias)),
                "{}: alias {alias}",
                e.slug
            );
        }
        if let Some(family) = e.family {
            assert!(
                body.contains(&normalise(family)),
                "{}: family {family}",
                e.slug
            );
        }
        for fact in e.facts {
            assert!(
                body.contains(&normalise(fact)),
                "{}: fact {fact:?} missing",
                e.slug
            );
        }
        let cautions = text_of(&html, ".callout-caution li");
        let stop = cautions
            .iter()
            .map(|c| normalise(c))
            .find(|c| c.contains("numbness"));
        let stop = stop.unwrap_or_else(|| panic!("{}: no caution says when to stop", e.slug));
        for sign in [
            "sharp",
            "spreads",
            "tingling",
            "weakness",
            "dizziness",
            "gp or physiotherapist",
        ] {
            assert!(
                stop.contains(sign),
                "{}: the stop caution lacks {sign:?}: {stop}",
                e.slug
            );
        }
    }
}

#[test]
fn the_guide_has_exactly_the_six_exercises_and_the_family() {
    let out = build();
    let mut pages: Vec<String> = std::fs::read_dir(out.path().join("public/exercises"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = EXPECTED
        .iter()
        .map(|e| format!("{}.html", e.slug))
        .collect();
    expected.sort();
    assert_eq!(pages, expected);
    let family = normalise(
        &text_of(
            &page(out.path(), "families/dynamic-stretching.html"),
            "main",
        )
        .concat(),
    );
    assert!(
        family.contains("range of motion") || family.contains("whole range"),
        "{family}"
    );
    assert!(family.contains("trunk rotation"));
}

#[test]
fn the_disclaimer_says_when_to_stop_and_when_to_see_someone() {
    let out = build();
    let footer = normalise(&text_of(&page(out.path(), "index.html"), "footer").concat());
    for words in [
        "not medical advice",
        "chest pain or trouble breathing",
        "bladder or bowels",
        "genitals",
        "both legs",
        "worse at night",
        "shoulder blades",
        "fever",
        "lose weight",
        "shape of your back",
        "fall or an injury",
        "more than a few weeks",
    ] {
        assert!(footer.contains(words), "{words}: {footer}");
    }
    // The signs that need help now come first, with the number to call.
    let now = footer
        .find("call 999 or go to a&e now")
        .expect(footer.as_str());
    let soon = footer.find("see a gp soon").expect(footer.as_str());
    assert!(
        now < footer.find("chest pain").unwrap() && now < soon,
        "{footer}"
    );
}

#[test]
fn every_routine_item_says_when_to_stop_and_what_to_do_next() {
    let out = build();
    let sel = Selector::parse("ol.routine-items > li").unwrap();
    for routine in ["routines/desk-break.html", "routines/full-routine.html"] {
        let html = page(out.path(), routine);
        let items: Vec<String> = html
            .select(&sel)
            .map(|e| normalise(&e.text().collect::<String>()))
            .collect();
        assert!(items.len() >= 3, "{routine}: {} items", items.len());
        for item in &items {
            for words in [
                "stop if",
                "weakness or dizziness",
                "see a gp or physiotherapist",
            ] {
                assert!(item.contains(words), "{routine}: {words}: {item}");
            }
        }
    }
}
