//! The home page of a large guide stays light: its list is in pages of
//! `[index] page_size` cards, every exercise is reachable from them by
//! plain links, and the filters' data is a script of every exercise.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::{Guide, limber};
use scraper::{Html, Selector};

/// Most elements and bytes the home page or one page of the list may have
/// at any size of guide. A card is about 13 elements and 700 bytes, so 50
/// cards with the page around them are about 800 elements and 45 KB; a
/// page with every card of a thousand would be 13,000 and 530 KB.
const MAX_ELEMENTS: usize = 1_200;
const MAX_BYTES: usize = 80 * 1024;

fn synthetic(n: usize) -> Guide {
    let dir = tempfile::TempDir::new().expect("temp dir");
    limber::synthetic::write_guide(dir.path(), n).expect("a generated guide");
    Guide { dir }
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// The page at `rel` relative to the page `from`, both from the top of the
/// site; `None` for other sites, fragments of the same page and the like.
fn join(from: &str, href: &str) -> Option<String> {
    let href = href.split('#').next()?;
    if href.is_empty() || href.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop()?;
            }
            "." => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn is_list_page(rel: &str) -> bool {
    rel == "index.html" || (rel.starts_with("page/") && rel.ends_with(".html"))
}

#[test]
fn a_thousand_exercises_are_listed_in_light_pages_that_reach_every_one() {
    let g = synthetic(1000);
    g.build().success();
    let site = g.path("public");

    // Following the links of the list's pages only, as a reader without
    // JavaScript would page through them.
    let mut seen: BTreeSet<String> = BTreeSet::from(["index.html".to_owned()]);
    let mut todo = vec!["index.html".to_owned()];
    let mut exercises = BTreeSet::new();
    let mut list_pages = 0;
    while let Some(rel) = todo.pop() {
        let html = read(&site, &rel);
        assert!(
            html.len() <= MAX_BYTES,
            "{rel} is {} bytes, over {MAX_BYTES}",
            html.len()
        );
        let doc = Html::parse_document(&html);
        let elements = doc.select(&sel("*")).count();
        assert!(
            elements <= MAX_ELEMENTS,
            "{rel} has {elements} elements, over {MAX_ELEMENTS}"
        );
        let cards = doc.select(&sel("ul.cards > li")).count();
        assert!((1..=50).contains(&cards), "{rel} lists {cards} cards");
        list_pages += 1;
        for a in doc.select(&sel("a[href]")) {
            let Some(to) = a.value().attr("href").and_then(|h| join(&rel, h)) else {
                continue;
            };
            if to.starts_with("exercises/") {
                exercises.insert(to.clone());
            }
            if is_list_page(&to) && seen.insert(to.clone()) {
                todo.push(to);
            }
        }
    }
    assert_eq!(list_pages, 20, "1,000 exercises at 50 a page: {seen:?}");
    let all: BTreeSet<String> = fs::read_dir(site.join("exercises"))
        .expect("exercises/")
        .map(|e| {
            format!(
                "exercises/{}",
                e.expect("entry").file_name().to_string_lossy()
            )
        })
        .collect();
    assert_eq!(all.len(), 1000);
    let missing: Vec<_> = all.difference(&exercises).collect();
    assert!(
        missing.is_empty(),
        "not reachable from the list: {missing:?}"
    );

    // The pages are in order: page 2 starts with the 51st exercise.
    let second = Html::parse_document(&read(&site, "page/2.html"));
    let first_title: String = second
        .select(&sel("ul.cards .card-title a"))
        .next()
        .expect("a card")
        .text()
        .collect();
    assert_eq!(first_title, limber::synthetic::exercise(50).title);
    let current: Vec<String> = second
        .select(&sel("#pages-nav a[aria-current=page]"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(current, ["Page 2"]);
}

#[test]
fn the_filter_data_has_every_exercise_with_what_its_card_shows() {
    let g = synthetic(120);
    g.build().success();
    let site = g.path("public");
    let script = read(&site, "filter-index.js");
    let json = script
        .split_once("window.limberFilters = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("the data is one assignment");
    let data: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let entries = data["exercises"].as_array().expect("exercises");
    assert_eq!(entries.len(), 120);
    for (i, e) in entries.iter().enumerate() {
        let ex = limber::synthetic::exercise(i);
        assert_eq!(e["t"], ex.title.as_str());
        assert_eq!(e["u"], format!("exercises/{}.html", ex.slug).as_str());
        assert_eq!(e["k"], ex.kind);
        let areas: Vec<&str> = e["a"]
            .as_array()
            .expect("areas")
            .iter()
            .filter_map(|a| a.as_str())
            .collect();
        assert_eq!(areas, ex.areas);
        assert_eq!(e["q"], ex.equipment.len());
        assert!(site.join(e["u"].as_str().expect("url")).is_file());
    }
    assert_eq!(data["names"]["area"]["upper-back"], "Upper back");
    // The home page says where the data is and how many exercises it has.
    let index = read(&site, "index.html");
    assert!(
        index.contains(r#"data-all="filter-index.js" data-total="120""#),
        "{index}"
    );
    assert!(index.contains("Showing 1–50 of 120 exercises"));
}

#[test]
fn a_guide_that_fits_on_one_page_has_no_pages_and_no_filter_data() {
    let g = synthetic(50);
    g.build().success();
    let site = g.path("public");
    assert!(!site.join("page").exists());
    assert!(!site.join("filter-index.js").exists());
    let index = read(&site, "index.html");
    assert!(!index.contains("pages-nav"));
    assert!(!index.contains("data-all"));
    assert!(index.contains("Showing all 50 exercises"));
    let doc = Html::parse_document(&index);
    assert_eq!(doc.select(&sel("ul.cards > li")).count(), 50);
}

#[test]
fn page_size_in_guide_toml_sets_how_many_cards_a_page_lists() {
    let g = Guide::new();
    for i in 0..5 {
        g.write(
            &format!("content/exercises/extra-{i}.toml"),
            common::WALL_ANGEL.replace("Wall angel", &format!("Extra {i}")),
        );
    }
    g.write(
        "guide.toml",
        format!("{}\n[index]\npage_size = 3\n", common::GUIDE_TOML),
    );
    g.build().success();
    let site = g.path("public");
    // Seven exercises, three a page.
    assert!(site.join("page/2.html").is_file());
    assert!(site.join("page/3.html").is_file());
    assert!(!site.join("page/4.html").exists());
    let third = read(&site, "page/3.html");
    assert_eq!(
        Html::parse_document(&third)
            .select(&sel("ul.cards > li"))
            .count(),
        1
    );
    assert!(third.contains("All exercises, page 3 of 3"));
    assert!(third.contains(r#"href="../page/2.html" rel="prev""#));
}

#[test]
fn a_page_size_of_zero_is_a_located_error() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!("{}\n[index]\npage_size = 0\n", common::GUIDE_TOML),
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(1));
    let p = problems
        .iter()
        .find(|p| p["code"] == "E0180")
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert_eq!(p["file"], "guide.toml");
    let lines = common::GUIDE_TOML.lines().count() + 3;
    assert_eq!(p["line"], lines);
    assert_eq!(p["column"], 13);
    let out = limber()
        .args(["build", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(!g.path("public").exists());
}
