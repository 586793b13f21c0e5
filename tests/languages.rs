//! A guide in three languages, one written right to left, from the real
//! binary: where each language's pages go, what a translation may hold,
//! what is shown when it leaves something out, and the errors.

mod common;

use common::{GUIDE_TOML, Guide};
use serde_json::Value;

const LANGUAGES: &str = r#"
[languages.es]
name = "Español"
title = "Guía de prueba"
description = "Una guía escrita para las pruebas."

[languages.es.families.twists]
title = "Giros"

[languages.ar]
name = "العربية"
title = "دليل الاختبار"
"#;

const TWIST_ES: &str = r#"+++
title = "Giro sentado"
summary = "Gira la parte alta del cuerpo con suavidad."
kind = "mobility"
updated = 2026-01-10

[[poses]]
label = "Inicio"
+++

Un giro suave para la **espalda**. Mira también [el ángel](@/exercises/wall-angel.toml).

## Steps

1. Siéntate recta.
2. Gira a la derecha y **aguanta**.

## Cautions

- Para si te duele.
"#;

fn three_languages() -> Guide {
    let g = Guide::new();
    g.write("guide.toml", format!("{GUIDE_TOML}{LANGUAGES}"));
    g.write(
        "content/exercises/seated-twist.md",
        with_a_pose(&common::SEATED_TWIST.replacen("+++\n", "+++\nupdated = 2026-01-01\n", 1)),
    );
    g.write("content/exercises/seated-twist.es.md", TWIST_ES);
    g.write(
        "content/_index.es.md",
        "+++\ntitle = \"Bienvenida\"\n+++\n\nHola, *lectores*.\n",
    );
    g.write(
        "content/exercises/seated-twist.ar.md",
        "+++\ntitle = \"التواء جالس\"\nsummary = \"أدر الجزء العلوي من جسمك برفق.\"\n+++\n\n## Steps\n\n1. اجلس مستقيما.\n",
    );
    g
}

/// The exercise with a pose drawn, at the end of its front matter.
fn with_a_pose(text: &str) -> String {
    let end = text[3..].find("\n+++\n").map(|i| i + 3).unwrap();
    format!(
        "{}\n\n[[poses]]\nlabel = \"Start\"\nbase = \"seated\"{}",
        &text[..end],
        &text[end..]
    )
}

fn problems(g: &Guide) -> (Option<i32>, Vec<Value>) {
    g.check_json()
}

fn codes(found: &[Value]) -> Vec<String> {
    found
        .iter()
        .filter_map(|p| p["code"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn each_language_is_built_in_its_own_folder_with_its_words_and_direction() {
    let g = three_languages();
    g.build().success();
    let en = g.read("public/exercises/seated-twist.html");
    let es = g.read("public/es/exercises/seated-twist.html");
    let ar = g.read("public/ar/exercises/seated-twist.html");
    assert!(
        en.contains("<html lang=\"en\" dir=\"ltr\">"),
        "{}",
        &en[..200]
    );
    assert!(es.contains("<html lang=\"es\" dir=\"ltr\">"));
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(es.contains("Giro sentado") && es.contains("Siéntate recta."));
    assert!(es.contains("<strong>aguanta</strong>"));
    assert!(ar.contains("التواء جالس"));
    // Every language has its home, plan, 404, search and open data.
    for lang in ["es", "ar"] {
        for file in [
            "index.html",
            "plan.html",
            "404.html",
            "search-index.js",
            "exercises.json",
            "_plan/seated-twist.js",
        ] {
            assert!(
                g.path(&format!("public/{lang}/{file}")).is_file(),
                "{lang}/{file}"
            );
        }
        // The assets exist once, at the top.
        assert!(!g.path(&format!("public/{lang}/style.css")).exists());
    }
    let home = g.read("public/es/index.html");
    assert!(home.contains("Bienvenida") && home.contains("Guía de prueba"));
    // A link to an exercise with no Spanish page goes to its English page.
    assert!(!g.path("public/es/exercises/wall-angel.html").exists());
    assert!(
        es.contains("href=\"../../exercises/wall-angel.html\""),
        "the body's @/ link"
    );
    assert!(
        home.contains("../exercises/wall-angel.html"),
        "the home page's card"
    );
    // Every relative link and asset of every page resolves to a file.
    let missing: Vec<(String, String)> = common::references(&g.path("public"))
        .into_iter()
        .filter(|(page, target)| {
            let file = target.split('#').next().unwrap_or_default();
            let base = g.path("public").join(page);
            let dir = base.parent().unwrap();
            !file.is_empty() && !target.contains(':') && !dir.join(file).exists()
        })
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    // The family's title is translated; its description is the guide's.
    assert!(g.read("public/es/families/twists.html").contains("Giros"));
    // Open data per language, in that language's words.
    let data: Value = serde_json::from_str(&g.read("public/es/exercises.json")).unwrap();
    let text = data.to_string();
    assert!(text.contains("Giro sentado"), "{text}");
}

#[test]
fn the_same_guide_in_three_languages_gives_the_same_bytes() {
    let g = three_languages();
    g.build().success();
    let first = common::snapshot_tree(&g.path("public"));
    g.build().success();
    assert_eq!(first, common::snapshot_tree(&g.path("public")));
}

#[test]
fn what_a_translation_leaves_out_is_warned_and_the_original_shown_marked() {
    let g = three_languages();
    let (code, found) = problems(&g);
    assert_eq!(code, Some(0), "{found:?}");
    let c = codes(&found);
    // Arabic leaves out the tips' and the body; Spanish has no wall angel.
    assert!(c.contains(&"W0017".to_owned()), "{c:?}");
    assert!(c.contains(&"W0018".to_owned()), "{c:?}");
    let left_out = found
        .iter()
        .find(|p| p["code"] == "W0018" && p["file"].as_str().is_some_and(|f| f.contains(".ar.")))
        .unwrap();
    assert_eq!(left_out["line"], 2, "the first line of its fields");
    let missing = found.iter().find(|p| p["code"] == "W0017").unwrap();
    assert!(
        missing["message"].as_str().unwrap().contains("wall-angel"),
        "{missing}"
    );
}

#[test]
fn a_translation_older_than_its_original_is_warned() {
    let g = three_languages();
    g.write(
        "content/exercises/seated-twist.es.md",
        TWIST_ES.replace("updated = 2026-01-10", "updated = 2025-12-01"),
    );
    let (code, found) = problems(&g);
    assert_eq!(code, Some(0));
    let old = found
        .iter()
        .find(|p| p["code"] == "W0019")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        old["file"]
            .as_str()
            .unwrap()
            .ends_with("seated-twist.es.md")
    );
    assert_eq!(old["line"], 5);
}

#[test]
fn a_translation_that_changes_a_number_or_an_area_is_a_located_error() {
    let cases = [
        ("kind = \"mobility\"", "kind = \"strength\"", "kind", 4),
        (
            "kind = \"mobility\"",
            "kind = \"mobility\"\nareas = [\"neck\"]",
            "areas",
            5,
        ),
        (
            "[[poses]]\nlabel = \"Inicio\"",
            "[[poses]]\nlabel = \"Inicio\"\nbase = \"standing\"",
            "base",
            9,
        ),
        (
            "[[poses]]\nlabel = \"Inicio\"",
            "[[poses]]\nlabel = \"Inicio\"\n\n[[poses]]\nlabel = \"Fin\"",
            "poses",
            7,
        ),
    ];
    for (from, to, key, line) in cases {
        let g = three_languages();
        g.write(
            "content/exercises/seated-twist.es.md",
            TWIST_ES.replace(from, to),
        );
        let (code, found) = problems(&g);
        assert_eq!(code, Some(1), "{key}: {found:?}");
        let e = found
            .iter()
            .find(|p| p["code"] == "E0186")
            .unwrap_or_else(|| panic!("{key}: {found:?}"));
        assert!(
            e["message"].as_str().unwrap().contains(&format!("`{key}`")),
            "{e}"
        );
        assert_eq!(e["line"], line, "{key}: {e}");
        assert!(e["file"].as_str().unwrap().ends_with("seated-twist.es.md"));
        assert!(!g.path("public").exists(), "nothing is written");
    }
}

#[test]
fn an_undeclared_language_a_bad_code_or_a_lost_original_is_an_error() {
    let g = three_languages();
    g.write(
        "content/exercises/seated-twist.fr.md",
        "+++\ntitle = \"Torsion\"\n+++\n",
    );
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    let e = found
        .iter()
        .find(|p| p["code"] == "E0185")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(e["message"].as_str().unwrap().contains("`fr`"), "{e}");
    assert!(
        e["help"].as_str().unwrap().contains("[languages.fr]"),
        "{e}"
    );

    let g = three_languages();
    g.write("content/exercises/gone.es.toml", "title = \"Nada\"\n");
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    assert!(codes(&found).contains(&"E0188".to_owned()), "{found:?}");

    let g = three_languages();
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}{LANGUAGES}\n[languages.\"not a code\"]\nname = \"X\"\n"),
    );
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    let e = found
        .iter()
        .find(|p| p["code"] == "E0184")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(e["line"].as_u64().unwrap() > 20, "{e}");

    let g = three_languages();
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}{LANGUAGES}\n[languages.es.areas.elbow]\ntitle = \"Codo\"\n"),
    );
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    assert!(codes(&found).contains(&"E0187".to_owned()), "{found:?}");
}

#[test]
fn a_guide_changes_interface_words_and_must_give_a_languages_plural_forms() {
    let g = three_languages();
    g.write("i18n/es.toml", "[page]\nlanguage_switcher = \"Idiomas\"\n");
    g.build().success();
    let g = three_languages();
    g.write("i18n/es.toml", "[page]\nlanguage_swicher = \"Idiomas\"\n");
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    let e = found
        .iter()
        .find(|p| p["code"] == "E0181")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(e["line"], 2);
    assert!(
        e["help"].as_str().unwrap().contains("language_switcher"),
        "{e}"
    );
}
