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
            .find(|p| p["code"] == "E0306")
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
        .find(|p| p["code"] == "E0305")
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
    assert!(codes(&found).contains(&"E0308".to_owned()), "{found:?}");

    let g = three_languages();
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}{LANGUAGES}\n[languages.\"not a code\"]\nname = \"X\"\n"),
    );
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    let e = found
        .iter()
        .find(|p| p["code"] == "E0304")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(e["line"].as_u64().unwrap() > 20, "{e}");

    let g = three_languages();
    g.write(
        "guide.toml",
        format!("{GUIDE_TOML}{LANGUAGES}\n[languages.es.areas.elbow]\ntitle = \"Codo\"\n"),
    );
    let (code, found) = problems(&g);
    assert_eq!(code, Some(1));
    assert!(codes(&found).contains(&"E0307".to_owned()), "{found:?}");
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
        .find(|p| p["code"] == "E0301")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(e["line"], 2);
    assert!(
        e["help"].as_str().unwrap().contains("language_switcher"),
        "{e}"
    );
}

/// The sitemap of a guide in several languages names each page's other
/// languages (Google's `xhtml:link` alternates), and is still valid: the
/// sitemaps.org XSD with a declaration of those links beside it.
#[test]
fn the_sitemap_gives_every_pages_languages_and_stays_valid() {
    let g = three_languages();
    let built = common::limber()
        .args([
            "build",
            "--base-url",
            "https://example.org/guide/",
            "--root",
        ])
        .arg(g.root())
        .assert();
    built.success();
    let xml = g.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urls: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let loc = |n: &roxmltree::Node| {
        n.children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_owned()
    };
    let links = |n: &roxmltree::Node| -> Vec<(String, String)> {
        n.children()
            .filter(|c| {
                c.tag_name().name() == "link"
                    && c.tag_name().namespace() == Some("http://www.w3.org/1999/xhtml")
            })
            .map(|c| {
                (
                    c.attribute("hreflang").unwrap().to_owned(),
                    c.attribute("href").unwrap().to_owned(),
                )
            })
            .collect()
    };
    let twist = urls
        .iter()
        .find(|u| loc(u) == "https://example.org/guide/es/exercises/seated-twist.html")
        .expect("the Spanish page");
    assert_eq!(
        links(twist),
        [
            (
                "en".to_owned(),
                "https://example.org/guide/exercises/seated-twist.html".to_owned()
            ),
            (
                "ar".to_owned(),
                "https://example.org/guide/ar/exercises/seated-twist.html".to_owned()
            ),
            (
                "es".to_owned(),
                "https://example.org/guide/es/exercises/seated-twist.html".to_owned()
            ),
            (
                "x-default".to_owned(),
                "https://example.org/guide/exercises/seated-twist.html".to_owned()
            ),
        ]
    );
    // Only in English: no alternates. No 404 page of any language.
    let angel = urls
        .iter()
        .find(|u| loc(u) == "https://example.org/guide/exercises/wall-angel.html")
        .unwrap();
    assert!(links(angel).is_empty());
    assert!(urls.iter().all(|u| !loc(u).ends_with("404.html")));
    assert!(
        urls.iter()
            .any(|u| loc(u) == "https://example.org/guide/es/"),
        "a language's home is its folder"
    );
    // The page's head says the same.
    let page = g.read("public/es/exercises/seated-twist.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/guide/es/exercises/seated-twist.html\">"), "canonical");

    let xsd = std::env::var_os("LIMBER_SITEMAP_XSD")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            common::repo_root().join("tools/node_modules/sitemap/schema/sitemap.xsd")
        });
    let have_xmllint = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok();
    if !have_xmllint || !xsd.is_file() {
        assert!(
            std::env::var_os("LIMBER_REQUIRE_XMLLINT").is_none(),
            "xmllint and the sitemap XSD are required"
        );
        eprintln!(
            "skipped: xmllint or {} is missing (scripts/test installs them)",
            xsd.display()
        );
        return;
    }
    g.write(
        "xsd/xhtml-link.xsd",
        r#"<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/1999/xhtml" elementFormDefault="qualified">
  <xsd:element name="link">
    <xsd:complexType>
      <xsd:attribute name="rel" type="xsd:string" use="required" fixed="alternate"/>
      <xsd:attribute name="hreflang" type="xsd:string" use="required"/>
      <xsd:attribute name="href" type="xsd:anyURI" use="required"/>
    </xsd:complexType>
  </xsd:element>
</xsd:schema>
"#,
    );
    g.write(
        "xsd/both.xsd",
        format!(
            r#"<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.sitemaps.org/schemas/sitemap/0.9" schemaLocation="{}"/>
  <xsd:import namespace="http://www.w3.org/1999/xhtml" schemaLocation="xhtml-link.xsd"/>
</xsd:schema>
"#,
            xsd.display()
        ),
    );
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(g.path("xsd/both.xsd"))
        .arg(g.path("public/sitemap.xml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
