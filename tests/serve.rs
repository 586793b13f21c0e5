//! End-to-end: the real `limber serve` on a free port of 127.0.0.1, in a
//! temporary guide, fetched over HTTP. Every wait is bounded; all traffic
//! stays on this machine.

mod common;

#[path = "common/serving.rs"]
mod serving;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Guide, WALL_ANGEL, snapshot_tree};
use serving::{PATIENCE, Serving, eventually, sigint};

#[test]
fn serves_pages_with_the_reload_script_that_build_never_writes() {
    let g = Guide::new();
    g.build().success();
    let public_before = snapshot_tree(&g.path("public"));
    let s = Serving::start(&g);

    let index = s.get("/");
    assert_eq!(index.status, 200);
    assert_eq!(index.content_type, "text/html; charset=utf-8");
    assert!(index.body.contains("Seated twist"));
    assert!(index.body.contains("/__limber/poll"), "no reload script");
    let script = index.body.find("/__limber/poll").unwrap();
    assert!(
        script < index.body.rfind("</body>").unwrap(),
        "script after </body>"
    );

    let page = s.get("/exercises/seated-twist.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("href=\"../exercises/wall-angel.html\""));
    assert!(page.body.contains("/__limber/poll"));

    let css = s.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.content_type, "text/css; charset=utf-8");
    assert!(!css.body.contains("__limber"));

    // What `build` wrote has no reload script, and serve left it alone.
    for html in ["public/index.html", "public/exercises/seated-twist.html"] {
        assert!(!g.read(html).contains("__limber"), "{html}");
    }
    assert_eq!(public_before, snapshot_tree(&g.path("public")));
}

#[test]
fn unknown_paths_get_the_guides_404_page() {
    let g = Guide::new();
    let s = Serving::start(&g);
    for path in [
        "/nope.html",
        "/exercises/nope.html",
        "/a/b/c/",
        "/exercises",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.body.contains("Page not found"), "{path}: {}", r.body);
        // Absolute links, so the page works at any depth.
        let css = format!("href=\"{}/style.css\"", s.base);
        assert!(r.body.contains(&css), "{path}: {}", r.body);
        assert!(r.body.contains("/__limber/poll"), "{path}");
    }
    // The sources are not part of the site.
    assert_eq!(s.get("/guide.toml").status, 404);
    assert_eq!(s.get("/content/exercises/wall-angel.toml").status, 404);
}

#[test]
fn never_serves_a_file_outside_the_site() {
    let g = Guide::new();
    g.write("secret.txt", "TOP-SECRET");
    let s = Serving::start(&g);
    for target in [
        "/../secret.txt",
        "/../guide.toml",
        "/exercises/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5csecret.txt",
        "/%2e%2e%5csecret.txt",
        "/etc/passwd",
        "//etc/passwd",
        "/secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/%00",
    ] {
        let r = s.raw(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        for leaked in ["TOP-SECRET", "root:", "author = \"Tester\""] {
            assert!(!r.body.contains(leaked), "{target} leaked {leaked}");
        }
    }
    // The server is still fine afterwards.
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn an_edit_is_rebuilt_and_visible_over_http() {
    let g = Guide::new();
    let s = Serving::start(&g);
    let before = s.state();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("title = \"Wall angel\"", "title = \"Wall slide\""),
    );
    eventually("the new title to be served", || {
        s.get("/exercises/wall-angel.html")
            .body
            .contains("Wall slide")
    });
    let after = s.state();
    assert_ne!(before["build"], after["build"], "open pages must reload");
    assert!(after["errors"].is_null());

    // guide.toml is watched too.
    g.write(
        "guide.toml",
        common::GUIDE_TOML.replace("Test guide", "Renamed guide"),
    );
    eventually("the new guide title", || {
        s.get("/").body.contains("Renamed guide")
    });

    // A template edit re-renders; a new static file is served.
    g.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost?</h1>{% endblock content %}",
    );
    g.write("static/notes.txt", "hello");
    eventually("the new 404 page and static file", || {
        s.get("/nope").body.contains("Lost?") && s.get("/notes.txt").status == 200
    });
    assert_eq!(s.get("/notes.txt").body, "hello");
}

#[test]
fn a_waiting_page_hears_of_a_rebuild() {
    let g = Guide::new();
    let s = Serving::start(&g);
    let version = s.state()["version"].as_u64().unwrap();
    let base = s.base.clone();
    let waiter = std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        let started = Instant::now();
        let body = agent
            .get(format!("{base}/__limber/poll?since={version}"))
            .call()
            .expect("poll")
            .body_mut()
            .read_to_string()
            .unwrap();
        (started.elapsed(), body)
    });
    // Give the poll time to be held before the edit.
    std::thread::sleep(Duration::from_millis(300));
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("Wall angel", "Wall slide"),
    );
    let (waited, body) = waiter.join().unwrap();
    let state: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(state["version"].as_u64().unwrap() > version, "{body}");
    assert!(waited < Duration::from_secs(15), "held {waited:?}");
}

#[test]
fn a_broken_edit_keeps_the_last_good_pages_and_shows_the_error() {
    let g = Guide::new();
    let s = Serving::start(&g);
    let good = s.get("/exercises/wall-angel.html");
    assert!(good.body.contains("Slide your arms up a wall."));

    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("kind = \"strength\"", "kind = \"strenght\""),
    );
    eventually("the error to be reported", || {
        !s.state()["errors"].is_null()
    });
    let errors = s.state()["errors"].as_str().unwrap().to_owned();
    assert!(errors.contains("error[E0113]"), "{errors}");
    assert!(
        errors.contains("--> content/exercises/wall-angel.toml:3:8"),
        "{errors}"
    );
    assert!(errors.contains("did you mean `strength`?"), "{errors}");
    // Only the real problem: the other file's links to this one are fine.
    assert!(
        !errors.contains("E0135") && !errors.contains("E0160"),
        "{errors}"
    );

    // The last good page is still served, and carries the error for the
    // overlay.
    let page = s.get("/exercises/wall-angel.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Slide your arms up a wall."));
    assert!(
        page.body.contains("did you mean `strength`?"),
        "no overlay state"
    );

    // The next good edit clears it.
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("Wall angel", "Wall slide"),
    );
    eventually("the error to clear", || s.state()["errors"].is_null());
    assert!(
        s.get("/exercises/wall-angel.html")
            .body
            .contains("Wall slide")
    );
}

#[test]
fn a_guide_broken_from_the_start_is_served_once_fixed() {
    let g = Guide::new();
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("sets = 2", "sets = 0"),
    );
    let s = Serving::start(&g);
    let r = s.get("/");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("E0140"), "{}", r.body);
    assert!(r.body.contains("/__limber/poll"));
    g.write("content/exercises/wall-angel.toml", WALL_ANGEL);
    eventually("the guide to be served", || s.get("/").status == 200);
}

#[test]
fn ctrl_c_stops_it_cleanly() {
    let g = Guide::new();
    let mut s = Serving::start(&g);
    assert_eq!(s.get("/").status, 200);
    sigint(s.pid());
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    s.wait_for_line("Stopped.");
    // Nothing left behind in the guide's folder.
    assert!(!g.path("public").exists());
}

#[test]
fn open_asks_the_desktop_to_open_the_address() {
    // A stand-in for xdg-open that notes what it was asked to open.
    let g = Guide::new();
    let bin = tempfile::TempDir::new().unwrap();
    let noted = bin.path().join("opened.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", noted.display()),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&script).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&script, perms).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(["serve", "--open", "--port", "0", "--root"])
        .arg(g.root())
        .env("PATH", path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    eventually("the browser to be asked", || {
        std::fs::read_to_string(&noted).is_ok_and(|t| t.starts_with("http://127.0.0.1:"))
    });
    sigint(child.id() as i32);
    let deadline = Instant::now() + PATIENCE;
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_port_in_use_is_explained() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let g = Guide::new();
    common::limber()
        .args(["serve", "--port", &port, "--root"])
        .arg(g.root())
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("already in use"))
        .stderr(predicates::str::contains("--port"));
}

#[test]
fn serve_outside_a_guide_says_so() {
    let dir = tempfile::TempDir::new().unwrap();
    common::limber()
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("error[E0012]"));
}

/// Every file of a `limber build` of `root` with `base_url`, by path.
fn built_files(root: &std::path::Path, base_url: &str) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::TempDir::new().expect("temp dir");
    let public = out.path().join("public");
    common::limber()
        .args(["build", "--base-url", base_url, "--output"])
        .arg(&public)
        .arg("--root")
        .arg(root)
        .assert()
        .success();
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&public).expect("inside");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// A served page without the live-reload script `serve` adds to HTML (the
/// script and the line break after it).
fn without_reload_script(body: &str) -> String {
    match body.find("<script>/* added by limber serve") {
        Some(start) => {
            let mut end = body[start..]
                .find("</script>")
                .map(|e| start + e + "</script>".len())
                .expect("the script ends");
            if body[end..].starts_with('\n') {
                end += 1;
            }
            format!("{}{}", &body[..start], &body[end..])
        }
        None => body.to_owned(),
    }
}

#[test]
fn an_edited_exercise_renders_only_its_pages_and_serves_what_build_writes() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    limber::synthetic::write_guide(dir.path(), 60).expect("a generated guide");
    let g = Guide { dir };
    let s = Serving::start(&g);
    let exercises = g.path("content/exercises");
    let mut names: Vec<String> = std::fs::read_dir(&exercises)
        .expect("exercises")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let rel = format!("content/exercises/{}", names[7]);
    let text = g.read(&rel);
    g.write(
        &rel,
        text.replacen("summary = \"", "summary = \"Edited in serve: ", 1),
    );
    let line = s.wait_for_line("ebuilt after");
    let rendered: usize = line
        .rsplit('(')
        .next()
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count in {line:?}"));
    assert!(
        (1..20).contains(&rendered),
        "one edit rendered {rendered} of some 70 pages: {line}"
    );

    // Every file served is what a build of the edited guide writes, with
    // the served address as its base URL, as `serve` uses.
    let files = built_files(g.root(), &format!("{}/", s.base));
    assert!(files.len() > 60);
    for (path, bytes) in files {
        let served = s.get(&format!("/{path}"));
        // No service worker under serve: its pages change with every save.
        if path == "sw.js" {
            assert_eq!(served.status, 404);
            continue;
        }
        assert_eq!(served.status, 200, "{path}");
        let built = String::from_utf8_lossy(&bytes);
        assert_eq!(
            without_reload_script(&served.body),
            built,
            "{path} as served differs from the build"
        );
    }
}
