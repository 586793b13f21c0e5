//! Publishing: the site served under a sub-path as GitHub Pages serves it,
//! the sitemap and robots.txt, canonical and share tags, JSON-LD, page dates,
//! CNAME and .nojekyll; and that without a base URL none of the absolute
//! addresses appear.

mod common;
#[path = "common/http.rs"]
mod http;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::{Guide, limber, repo_root, snapshot_tree};
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>\n";

/// The test guide with everything publishing uses: a custom domain, dates
/// at both levels, a picture, sources, and a full dose.
fn rich_guide() -> Guide {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!(
            "cname = \"exercises.example.org\"\nupdated = 2025-03-01\nreviewed_by = \"Dr Ada Lovelace\"\nreviewed_on = 2025-02-15\n{}",
            common::GUIDE_TOML
        ),
    );
    g.write("static/images/twist.svg", SVG);
    g.write(
        "content/exercises/seated-twist.md",
        common::SEATED_TWIST.replace(
            "related = [\"wall-angel\"]\n",
            "related = [\"wall-angel\"]\nupdated = 2025-04-02\nimage = { src = \"images/twist.svg\", alt = \"Sitting, turned to the right\" }\nsources = [{ title = \"A source\", url = \"https://example.org/source\" }]\n",
        ),
    );
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL
            .replace(
                "title = \"Wall angel\"\n",
                "title = \"Wall angel\"\naliases = [\"W raise\"]\norder = 2\nlevel = \"intermediate\"\nequipment = [\"wall\", \"mat\"]\ntips = [\"Keep your *back* flat.\"]\neasier = \"Go less high.\"\nharder = \"Go slower; see [the twist](@/exercises/seated-twist.md).\"\nreviewed_on = 2025-05-20\n",
            )
            .replace("sets = 2\n", "sets = 2\nper_day = [1, 2]\nnote = \"Slowly.\"\n"),
    );
    g
}

fn build_with_base(root: &Path, out: &Path, base: &str) {
    limber()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .args(["--base-url", base])
        .assert()
        .success();
}

/// Builds `root` for `http://127.0.0.1:PORT/repo/`, serves it there, and
/// crawls it from the home page, the sitemap and the open data.
fn crawl_under_sub_path(root: &Path) {
    let out = TempDir::new().unwrap();
    let public = out.path().join("public");
    let server = http::Server::bind();
    let origin = server.origin();
    let base = format!("{origin}/repo/");
    build_with_base(root, &public, &base);
    server.serve(public.clone(), "/repo/");

    let mut start = vec![
        base.clone(),
        format!("{base}index.html"),
        format!("{base}sitemap.xml"),
        format!("{base}robots.txt"),
        format!("{base}exercises.json"),
        format!("{base}exercises.schema.json"),
        format!("{base}.nojekyll"),
        // A page that does not exist, deep down: the 404 page is served
        // there, and its links must work from that depth too.
        format!("{base}no/such/page.html"),
    ];
    if public.join("CNAME").is_file() {
        start.push(format!("{base}CNAME"));
    }
    start.extend(sitemap_locs(
        &std::fs::read_to_string(public.join("sitemap.xml")).unwrap(),
    ));
    let data: Value =
        serde_json::from_slice(&std::fs::read(public.join("exercises.json")).unwrap()).unwrap();
    for url in json_urls(&data) {
        start.push(url);
    }
    start.sort();
    start.dedup();

    let (status, body) = http::get(&format!("{base}no/such/page.html"));
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Page not found"));
    // The 404 itself is expected there; crawl from what it links to.
    let missing = format!("{base}no/such/page.html");
    start.retain(|u| *u != missing);
    for r in http::page_references(&String::from_utf8_lossy(&body)) {
        if let Some(u) = http::resolve(&missing, &r, &origin) {
            start.push(u);
        }
    }

    let fetched = http::crawl(&start, &origin);
    // Every file of the site was reached, bar the 404 page (served, above,
    // at an address that does not exist) and the schema's own copy.
    // Scripts load some files themselves, so no page links to them: the
    // web app's manifest and worker (site.js, over http(s) only);
    // search.js (site.js adds it) and search-index.js when the reader first
    // searches; the plan page's exercise data and QR code when the plan needs
    // them. player.js is linked only by routine pages and
    // poses.js only by pages with poses, so a guide without those has no
    // page that names them.
    // Each language's own folder has its own of these, and its open data,
    // which is reached as the top's is: by address, not by a link.
    let languages: Vec<String> = std::fs::read_dir(&public)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path().join("index.html").is_file() && e.path().join("exercises.json").is_file()
        })
        .map(|e| format!("{}/", e.file_name().to_string_lossy()))
        .collect();
    let loaded_by_scripts = |p: &str| {
        let p = languages
            .iter()
            .find_map(|l| p.strip_prefix(l.as_str()))
            .filter(|rest| *rest != "exercises.json")
            .unwrap_or(p);
        [
            "search.js",
            "search-index.js",
            "qr.js",
            "manifest.webmanifest",
            "sw.js",
        ]
        .contains(&p)
            || p.starts_with("_plan/")
    };
    let has_routines = public.join("routines").is_dir();
    let has_poses = snapshot_tree(&public).iter().any(|(p, bytes)| {
        p.ends_with(".html") && String::from_utf8_lossy(bytes).contains("poses.js\" defer")
    });
    let files: BTreeSet<String> = snapshot_tree(&public)
        .into_keys()
        .filter(|p| p != "404.html" && !loaded_by_scripts(p))
        .filter(|p| !languages.iter().any(|l| *p == format!("{l}exercises.json")))
        .filter(|p| has_routines || (p != "player.js" && p != "player.css"))
        .filter(|p| has_poses || p != "poses.js")
        .map(|p| format!("{base}{p}"))
        .collect();
    let missed: Vec<_> = files.difference(&fetched).collect();
    assert!(missed.is_empty(), "never linked to: {missed:?}");
}

fn sitemap_locs(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("sitemap.xml is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "loc")))
        .map(|n| n.text().unwrap_or("").to_owned())
        .collect()
}

/// Every `absolute_url` in the open data.
fn json_urls(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "absolute_url"
                    && let Some(s) = v.as_str()
                {
                    out.push(s.to_owned());
                }
                out.extend(json_urls(v));
            }
        }
        Value::Array(a) => a.iter().for_each(|v| out.extend(json_urls(v))),
        _ => {}
    }
    out
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

#[test]
fn the_repository_guide_works_under_a_sub_path() {
    crawl_under_sub_path(&repo_root());
}

#[test]
fn a_guide_with_pictures_and_dates_works_under_a_sub_path() {
    let g = rich_guide();
    crawl_under_sub_path(g.root());
}

fn html_pages(public: &Path) -> Vec<String> {
    snapshot_tree(public)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

fn select_attr(html: &str, selector: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

fn built_rich(base: Option<&str>) -> (Guide, PathBuf) {
    let g = rich_guide();
    let mut cmd = limber();
    cmd.args(["build", "--root"]).arg(g.root());
    if let Some(b) = base {
        cmd.args(["--base-url", b]);
    }
    cmd.assert().success();
    let public = g.path("public");
    (g, public)
}

const BASE: &str = "https://user.github.io/repo/";

#[test]
fn the_sitemap_lists_every_page_once_with_absolute_addresses() {
    let (_g, public) = built_rich(Some("https://user.github.io/repo"));
    let xml = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert!(root.has_tag_name((SITEMAP_NS, "urlset")), "{xml}");
    let urls: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert!(urls.iter().all(|u| u.has_tag_name((SITEMAP_NS, "url"))));

    let mut locs = Vec::new();
    for url in &urls {
        let loc: Vec<_> = url
            .children()
            .filter(|n| n.has_tag_name((SITEMAP_NS, "loc")))
            .collect();
        assert_eq!(loc.len(), 1, "one <loc> per <url>");
        let loc = loc[0].text().unwrap_or("").to_owned();
        assert!(loc.starts_with(BASE), "{loc}");
        locs.push(loc);
    }
    let unique: BTreeSet<_> = locs.iter().cloned().collect();
    assert_eq!(unique.len(), locs.len(), "a page is listed twice: {locs:?}");
    let expected: BTreeSet<String> = html_pages(&public)
        .into_iter()
        .filter(|p| p != "404.html")
        .map(|p| {
            if p == "index.html" {
                BASE.to_owned()
            } else {
                format!("{BASE}{p}")
            }
        })
        .collect();
    assert_eq!(unique, expected);
    assert_eq!(locs[0], BASE, "the home page comes first");

    // lastmod: the exercise's own date, else the guide's.
    assert!(xml.contains(&format!(
        "<loc>{BASE}exercises/seated-twist.html</loc>\n    <lastmod>2025-04-02</lastmod>"
    )));
    assert!(xml.contains(&format!(
        "<loc>{BASE}exercises/wall-angel.html</loc>\n    <lastmod>2025-03-01</lastmod>"
    )));

    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains("User-agent: *\nDisallow:\n"), "{robots}");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml\n")),
        "{robots}"
    );
}

/// Validates against the sitemaps.org XSD with xmllint. scripts/test
/// installs both and sets LIMBER_REQUIRE_XMLLINT, so there a missing tool
/// fails the test; a bare `cargo test` without them skips this one check.
#[test]
fn the_sitemap_is_valid_against_the_sitemaps_org_schema() {
    let xsd = std::env::var_os("LIMBER_SITEMAP_XSD")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("tools/node_modules/sitemap/schema/sitemap.xsd"));
    let have_xmllint = Process::new("xmllint").arg("--version").output().is_ok();
    if !have_xmllint || !xsd.is_file() {
        assert!(
            std::env::var_os("LIMBER_REQUIRE_XMLLINT").is_none(),
            "xmllint ({have_xmllint}) and the sitemap XSD ({}) are required",
            xsd.display()
        );
        eprintln!(
            "skipped: xmllint or {} is missing (scripts/test installs them)",
            xsd.display()
        );
        return;
    }
    let (_g, public) = built_rich(Some(BASE));
    let out = Process::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&xsd)
        .arg(public.join("sitemap.xml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_page_has_a_title_description_canonical_and_share_tags() {
    let (_g, public) = built_rich(Some(BASE));
    for page in html_pages(&public) {
        let html = std::fs::read_to_string(public.join(&page)).unwrap();
        let desc = select_attr(&html, "meta[name=description]", "content");
        assert_eq!(desc.len(), 1, "{page}");
        assert!(!desc[0].trim().is_empty(), "{page}: empty description");
        let og_desc = select_attr(&html, "meta[property='og:description']", "content");
        assert_eq!(og_desc, desc, "{page}");
        let title = scraper::Html::parse_document(&html)
            .select(&scraper::Selector::parse("title").unwrap())
            .next()
            .map(|t| t.inner_html())
            .unwrap_or_default();
        if page != "index.html" {
            assert!(title.ends_with(" — Test guide"), "{page}: {title}");
        }
        let canonical = select_attr(&html, "link[rel=canonical]", "href");
        if page == "404.html" {
            assert!(canonical.is_empty());
            assert_eq!(
                select_attr(&html, "meta[name=robots]", "content"),
                ["noindex"]
            );
            continue;
        }
        let expected = if page == "index.html" {
            BASE.to_owned()
        } else {
            format!("{BASE}{page}")
        };
        assert_eq!(canonical, std::slice::from_ref(&expected), "{page}");
        assert_eq!(
            select_attr(&html, "meta[property='og:url']", "content"),
            [expected]
        );
        assert_eq!(
            select_attr(&html, "meta[property='og:site_name']", "content"),
            ["Test guide"]
        );
        assert_eq!(
            select_attr(&html, "meta[name='twitter:card']", "content").len(),
            1
        );
    }

    let html = std::fs::read_to_string(public.join("exercises/seated-twist.html")).unwrap();
    assert!(html.contains("<title>Seated twist — Test guide</title>"));
    assert_eq!(
        select_attr(&html, "meta[property='og:title']", "content"),
        ["Seated twist"]
    );
    assert_eq!(
        select_attr(&html, "meta[property='og:description']", "content"),
        ["Turn your upper body gently."]
    );
    assert_eq!(
        select_attr(&html, "meta[property='og:type']", "content"),
        ["article"]
    );
    assert_eq!(
        select_attr(&html, "meta[property='og:image']", "content"),
        [format!("{BASE}images/twist.svg")]
    );
    assert_eq!(
        select_attr(&html, "meta[property='og:image:alt']", "content"),
        ["Sitting, turned to the right"]
    );
    assert_eq!(
        select_attr(&html, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    assert!(public.join("images/twist.svg").is_file());
}

fn json_ld(html: &str) -> Value {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let scripts: Vec<_> = doc.select(&sel).collect();
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    let text: String = scripts[0].text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
}

#[test]
fn exercise_pages_carry_how_to_and_exercise_plan_structured_data() {
    let (_g, public) = built_rich(Some(BASE));
    let twist =
        json_ld(&std::fs::read_to_string(public.join("exercises/seated-twist.html")).unwrap());
    assert_eq!(twist["@context"], "https://schema.org");
    let types = twist["@type"].as_array().unwrap();
    assert!(types.contains(&"HowTo".into()) && types.contains(&"ExercisePlan".into()));
    assert_eq!(twist["name"], "Seated twist");
    assert_eq!(twist["description"], "Turn your upper body gently.");
    assert_eq!(twist["url"], format!("{BASE}exercises/seated-twist.html"));
    assert_eq!(twist["image"], format!("{BASE}images/twist.svg"));
    let steps = twist["step"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    for (i, s) in steps.iter().enumerate() {
        assert_eq!(s["@type"], "HowToStep");
        assert_eq!(s["position"], i + 1);
        assert!(!s["text"].as_str().unwrap().is_empty());
    }
    // Markdown is plain text here.
    assert_eq!(steps[1]["text"], "Turn to the right and hold.");
    // 5 reps × 5 s (the top of 3–5) × 2 sides.
    assert_eq!(twist["totalTime"], "PT50S");
    assert_eq!(twist["activityDuration"], "PT50S");
    assert_eq!(
        twist["tool"],
        serde_json::json!([{"@type": "HowToTool", "name": "chair"}])
    );
    assert_eq!(twist["repetitions"]["value"], 5);
    assert_eq!(twist["exerciseType"], "Mobility");
    assert_eq!(twist["dateModified"], "2025-04-02");
    assert_eq!(twist["mainEntityOfPage"]["lastReviewed"], "2025-02-15");
    assert_eq!(
        twist["mainEntityOfPage"]["reviewedBy"]["name"],
        "Dr Ada Lovelace"
    );

    let angel =
        json_ld(&std::fs::read_to_string(public.join("exercises/wall-angel.html")).unwrap());
    assert!(angel.get("totalTime").is_none(), "no time without holds");
    assert_eq!(angel["repetitions"]["minValue"], 8);
    assert_eq!(angel["repetitions"]["maxValue"], 10);
    assert_eq!(angel["workload"]["value"], 2);
    assert_eq!(angel["workload"]["unitText"], "sets");
    assert_eq!(angel["activityFrequency"]["minValue"], 1);
    assert_eq!(angel["activityFrequency"]["maxValue"], 2);
    assert_eq!(angel["tool"].as_array().unwrap().len(), 2);
    assert_eq!(angel["mainEntityOfPage"]["lastReviewed"], "2025-05-20");
    assert_eq!(angel["dateModified"], "2025-03-01");

    // Other pages carry none.
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(!index.contains("application/ld+json"));
}

#[test]
fn json_ld_cannot_close_its_script_element() {
    let g = Guide::new();
    let evil = "Wall </script><script>alert(1)</script> <!-- & co";
    g.write(
        "content/exercises/wall-angel.toml",
        common::WALL_ANGEL.replace("title = \"Wall angel\"", &format!("title = \"{evil}\"")),
    );
    g.build().success();
    let html = g.read("public/exercises/wall-angel.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("</script><script>"), "{html}");
    assert_eq!(json_ld(&html)["name"], evil);
}

#[test]
fn without_a_base_url_no_absolute_address_appears_and_the_rest_still_works() {
    let (g, public) = built_rich(None);
    assert!(!public.join("sitemap.xml").exists());
    assert!(!public.join("robots.txt").exists());
    assert!(public.join(".nojekyll").is_file());
    assert!(public.join("exercises.json").is_file());
    for page in html_pages(&public) {
        let html = std::fs::read_to_string(public.join(&page)).unwrap();
        assert!(
            select_attr(&html, "link[rel=canonical]", "href").is_empty(),
            "{page}"
        );
        for prop in ["og:url", "og:image"] {
            assert!(
                select_attr(&html, &format!("meta[property='{prop}']"), "content").is_empty(),
                "{page}: {prop}"
            );
        }
        let references = select_attr(&html, "[href]", "href")
            .into_iter()
            .chain(select_attr(&html, "[src]", "src"))
            .chain(select_attr(&html, "meta[content]", "content"));
        for r in references {
            assert!(!r.starts_with('/'), "{page}: {r}");
            // The one web address is the source link the author wrote.
            let absolute = r.starts_with("http://") || r.starts_with("https://");
            assert!(
                !absolute || r == "https://example.org/source",
                "{page}: {r}"
            );
        }
    }
    let twist = json_ld(&g.read("public/exercises/seated-twist.html"));
    assert!(twist.get("url").is_none() && twist.get("image").is_none());
    assert!(twist["isPartOf"].get("url").is_none());
    // The share tags that need no address are still there.
    let html = g.read("public/exercises/seated-twist.html");
    assert_eq!(
        select_attr(&html, "meta[property='og:title']", "content"),
        ["Seated twist"]
    );
    let data: Value = serde_json::from_str(&g.read("public/exercises.json")).unwrap();
    assert!(
        json_urls(&data).is_empty(),
        "no absolute_url without a base URL"
    );
    assert_eq!(data["guide"]["base_url"], Value::Null);
}

#[test]
fn nojekyll_always_and_cname_from_guide_toml() {
    let g = Guide::new();
    g.build().success();
    assert_eq!(g.read("public/.nojekyll"), "");
    assert!(!g.path("public/CNAME").exists());
    let (g, _) = built_rich(None);
    assert_eq!(g.read("public/CNAME"), "exercises.example.org\n");
}

#[test]
fn a_bad_cname_or_base_url_is_a_located_error() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!(
            "cname = \"https://example.org/guide\"\n{}",
            common::GUIDE_TOML
        ),
    );
    g.build()
        .code(1)
        .stderr(predicate::str::contains("error[E0171]"))
        .stderr(predicate::str::contains("--> guide.toml:1:9"));
    g.write(
        "guide.toml",
        format!("base_url = \"example.org/guide\"\n{}", common::GUIDE_TOML),
    );
    g.build()
        .code(1)
        .stderr(predicate::str::contains("error[E0170]"))
        .stderr(predicate::str::contains("--> guide.toml:1:12"));
    let g = Guide::new();
    limber()
        .args(["build", "--base-url", "user.github.io/repo", "--root"])
        .arg(g.root())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--base-url `user.github.io/repo` must start with https://",
        ));
    assert!(!g.path("public").exists());
}

#[test]
fn review_and_update_dates_are_shown_the_exercise_overriding_the_guide() {
    let (g, _) = built_rich(None);
    let twist = g.read("public/exercises/seated-twist.html");
    assert!(
        twist.contains("Last reviewed on <time datetime=\"2025-02-15\">15 February 2025</time> by Dr Ada Lovelace."),
        "{twist}"
    );
    assert!(twist.contains("Last updated on <time datetime=\"2025-04-02\">2 April 2025</time>."));
    assert!(twist.contains("<meta property=\"article:modified_time\" content=\"2025-04-02\">"));
    let angel = g.read("public/exercises/wall-angel.html");
    assert!(angel.contains(
        "Last reviewed on <time datetime=\"2025-05-20\">20 May 2025</time> by Dr Ada Lovelace."
    ));
    assert!(angel.contains("Last updated on <time datetime=\"2025-03-01\">1 March 2025</time>."));
    let index = g.read("public/index.html");
    assert!(
        index.contains("Last reviewed on <time datetime=\"2025-02-15\">15 February 2025</time>")
    );

    // A guide without dates shows no such line.
    let plain = Guide::new();
    plain.build().success();
    assert!(
        !plain
            .read("public/exercises/seated-twist.html")
            .contains("page-dates")
    );
}

#[test]
fn bad_dates_are_located_errors() {
    let g = Guide::new();
    g.write(
        "guide.toml",
        format!("updated = \"2025-03-01\"\n{}", common::GUIDE_TOML),
    );
    g.build()
        .code(1)
        .stderr(predicate::str::contains(
            "error[E0114]: `updated`: not a date",
        ))
        .stderr(predicate::str::contains("--> guide.toml:1:11"))
        .stderr(predicate::str::contains("without quotes, like 2025-03-01"));

    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        format!("reviewed_on = 2025-05-20T10:00:00\n{}", common::WALL_ANGEL),
    );
    g.write(
        "content/exercises/seated-twist.md",
        common::SEATED_TWIST.replace(
            "family = \"twists\"\n",
            "family = \"twists\"\nupdated = 2025-02-30\n",
        ),
    );
    let err = String::from_utf8(g.build().code(1).get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("--> content/exercises/wall-angel.toml:1:15"),
        "{err}"
    );
    assert!(
        err.contains("has a time; write only the day, like 2025-05-20"),
        "{err}"
    );
    // TOML's own check: there is no 30 February.
    assert!(
        err.contains("--> content/exercises/seated-twist.md:6:11"),
        "{err}"
    );
    assert!(
        err.contains("error[E0114]: not a date: invalid date"),
        "{err}"
    );
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn a_rebuild_with_the_same_base_url_gives_the_same_bytes() {
    let g = rich_guide();
    let a = TempDir::new().unwrap();
    let b = TempDir::new().unwrap();
    build_with_base(g.root(), &a.path().join("s"), BASE);
    build_with_base(g.root(), &b.path().join("s"), BASE);
    assert_eq!(
        snapshot_tree(&a.path().join("s")),
        snapshot_tree(&b.path().join("s"))
    );
}
