//! Input written to attack the build rather than by mistake: links that
//! would run script, templates that would never stop rendering, Markdown
//! and keys made to exhaust memory. Each goes through the real binary,
//! `build` and `check`, on a guide whose previous `public/` exists: each
//! must be exit code 1 with its error code at its file and line, never a
//! crash, and `build` must leave no staging folder and `public/` as it was.

mod common;

use std::fs;
use std::io::Read;
use std::process::Stdio;

use common::{Guide, WALL_ANGEL, limber, references, snapshot_tree};

const ANGEL: &str = "content/exercises/wall-angel.toml";
const TWIST: &str = "content/exercises/seated-twist.md";

struct Case {
    name: &'static str,
    /// Writes the attack into the guide; gives the file and the line and
    /// column the error must point at.
    setup: fn(&Guide) -> (&'static str, (u64, u64)),
    code: &'static str,
}

/// Gives the exercise a source with `url` (as TOML: escapes allowed).
fn source_url(g: &Guide, url: &str) -> (&'static str, (u64, u64)) {
    let value = format!("\"{url}\"");
    g.write(
        ANGEL,
        format!("{WALL_ANGEL}\n[[sources]]\ntitle = \"A page\"\nurl = {value}\n"),
    );
    at(g, ANGEL, &format!("url = {value}"), 6)
}

/// Where `needle` first is in the guide's file `rel`, `shift` characters
/// on (within its line): the line and column an error must name.
fn at(g: &Guide, rel: &'static str, needle: &str, shift: u64) -> (&'static str, (u64, u64)) {
    let text = g.read(rel);
    let Some(i) = text.find(needle) else {
        panic!("the test's own {needle:?} is not in {rel}");
    };
    let before = &text[..i];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
        .chars()
        .count() as u64;
    (rel, (line, column + 1 + shift))
}

const PAGE: &str = "templates/404.html";

/// A `404.html` of the guide's own with `top` after its `extends` and
/// `inner` as its content (from line 4), and other templates beside it.
fn templates(g: &Guide, top: &str, inner: &str, others: &[(&str, &str)]) {
    g.write(
        PAGE,
        format!(
            "{{% extends \"base.html\" %}}{top}\n{{% block content %}}\n<h1>Not found</h1>\n{inner}\n{{% endblock content %}}\n"
        ),
    );
    for (name, text) in others {
        g.write(&format!("templates/{name}"), text);
    }
}

fn cases() -> Vec<Case> {
    vec![
        // ---- Addresses an author writes ----
        Case {
            name: "a javascript: source url",
            setup: |g| source_url(g, "javascript:alert(document.domain)"),
            code: "E0154",
        },
        Case {
            name: "a javascript: source url in capitals",
            setup: |g| source_url(g, "JavaScript:alert(1)"),
            code: "E0154",
        },
        Case {
            name: "a javascript: source url split by a tab",
            setup: |g| source_url(g, "java\\tscript:alert(1)"),
            code: "E0154",
        },
        Case {
            name: "a javascript: source url after a space",
            setup: |g| source_url(g, " javascript:alert(1)"),
            code: "E0154",
        },
        Case {
            name: "a source url after a control character",
            setup: |g| source_url(g, "\\u0001https://example.org"),
            code: "E0154",
        },
        Case {
            name: "a data: source url",
            setup: |g| source_url(g, "data:text/html,<script>alert(1)</script>"),
            code: "E0154",
        },
        Case {
            name: "a vbscript: source url",
            setup: |g| source_url(g, "vbscript:msgbox(1)"),
            code: "E0154",
        },
        Case {
            name: "a file: source url",
            setup: |g| source_url(g, "file:///etc/passwd"),
            code: "E0154",
        },
        Case {
            name: "a protocol-relative source url",
            setup: |g| source_url(g, "//evil.example/x"),
            code: "E0154",
        },
        Case {
            name: "an image src with a scheme",
            setup: |g| {
                g.write("static/javascript:alert(1)", "x");
                g.write(
                    ANGEL,
                    format!(
                        "{WALL_ANGEL}\n[image]\nsrc = \"javascript:alert(1)\"\nalt = \"A wall\"\n"
                    ),
                );
                at(g, ANGEL, "src = ", 6)
            },
            code: "E0152",
        },
        // ---- Templates that would never stop rendering ----
        Case {
            name: "a template that includes itself",
            setup: |g| {
                templates(
                    g,
                    "",
                    "{% include \"loop.html\" %}",
                    &[("loop.html", "<p>\n{% include \"loop.html\" %}\n")],
                );
                at(g, "templates/loop.html", "loop.html", 0)
            },
            code: "E0203",
        },
        Case {
            name: "two templates that include each other",
            setup: |g| {
                templates(
                    g,
                    "",
                    "{% include \"a.html\" %}",
                    &[
                        ("a.html", "{% include \"b.html\" %}"),
                        ("b.html", "\n\n{% include \"a.html\" %}"),
                    ],
                );
                at(g, "templates/b.html", "a.html", 0)
            },
            code: "E0203",
        },
        Case {
            name: "a macro that calls itself",
            setup: |g| {
                templates(
                    g,
                    "{% import \"loop.html\" as l %}",
                    "{{ l::again(n=1) }}",
                    &[(
                        "loop.html",
                        "{% macro again(n) %}\n  {{ self::again(n=n + 1) }}\n{% endmacro again %}\n",
                    )],
                );
                at(g, "templates/loop.html", "self::again", 0)
            },
            code: "E0203",
        },
        Case {
            name: "two macros that call each other",
            setup: |g| {
                templates(
                    g,
                    "{% import \"loop.html\" as l %}",
                    "{{ l::ping() }}",
                    &[(
                        "loop.html",
                        "{% macro ping() %}{{ self::pong() }}{% endmacro %}\n{% macro pong() %}{{ self::ping() }}{% endmacro %}\n",
                    )],
                );
                at(g, "templates/loop.html", "self::ping", 0)
            },
            code: "E0203",
        },
        Case {
            name: "2,000 nested ifs",
            setup: |g| {
                let open = "{% if true %}\n".repeat(2000);
                templates(
                    g,
                    "",
                    &format!("{open}x{}", "{% endif %}".repeat(2000)),
                    &[],
                );
                // One `{% if %}` a line from line 4, inside the block: the
                // 100th is the 101st level.
                (PAGE, (4 + 99, 1))
            },
            code: "E0204",
        },
        Case {
            name: "an expression of 5,000 operators",
            setup: |g| {
                templates(g, "", &format!("{{{{ 1{} }}}}", " + 1".repeat(5000)), &[]);
                (PAGE, (4, 1))
            },
            code: "E0204",
        },
        // ---- Templates that name what does not exist ----
        Case {
            name: "an import of a missing template",
            setup: |g| {
                templates(g, "\n{% import \"nope.html\" as nope %}", "", &[]);
                at(g, PAGE, "nope.html", 0)
            },
            code: "E0202",
        },
        Case {
            name: "an include of a missing template",
            setup: |g| {
                templates(g, "", "{% include \"nope.html\" %}", &[]);
                at(g, PAGE, "nope.html", 0)
            },
            code: "E0202",
        },
        Case {
            name: "an extends of a missing template",
            setup: |g| {
                g.write("templates/page.html", "\n{% extends \"nope.html\" %}\n");
                at(g, "templates/page.html", "nope.html", 0)
            },
            code: "E0202",
        },
        Case {
            name: "get_env",
            setup: |g| {
                templates(
                    g,
                    "",
                    "<p>{{ get_env(name=\"PATH\", default=\"\") }}</p>",
                    &[],
                );
                at(g, PAGE, "get_env", 0)
            },
            code: "E0202",
        },
        // ---- Input made to exhaust memory ----
        Case {
            name: "a body of 9 MB of >",
            setup: |g| {
                let text = g.read(TWIST);
                g.write(
                    TWIST,
                    text.replacen("Turn slowly.", &">".repeat(9 * 1024 * 1024), 1),
                );
                // The 33rd `>` is one level too many.
                at(g, TWIST, &">".repeat(40), 32)
            },
            code: "E0127",
        },
        Case {
            name: "a step of nested lists",
            setup: |g| {
                let step = format!("{}x", "- ".repeat(100));
                g.write(
                    ANGEL,
                    WALL_ANGEL.replacen("steps = [", &format!("steps = [\"{step}\", "), 1),
                );
                at(g, ANGEL, &format!("\"{step}\""), 0)
            },
            code: "E0127",
        },
        Case {
            name: "a 5 MB unknown key",
            setup: |g| {
                g.write(
                    ANGEL,
                    format!("{} = 1\n{WALL_ANGEL}", "k".repeat(5 * 1024 * 1024)),
                );
                (ANGEL, (1, 1))
            },
            code: "E0110",
        },
    ]
}

/// What went wrong with one case; empty when all is well.
fn run(case: &Case) -> Vec<String> {
    let g = Guide::new();
    g.build().success();
    let before = snapshot_tree(&g.path("public"));
    let (file, (line, column)) = (case.setup)(&g);
    let mut wrong = Vec::new();

    for command in ["build", "check"] {
        let out = limber()
            .arg(command)
            .arg("--root")
            .arg(g.root())
            .output()
            .expect("limber runs");
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) {
            wrong.push(format!("{command}: exit {:?}, not 1", out.status.code()));
        }
        if !err.contains(&format!("error[{}]", case.code)) {
            wrong.push(format!("{command}: no error[{}]", case.code));
        }
        let located = format!("--> {file}:{line}:{column}");
        if !err.contains(&located) {
            wrong.push(format!("{command}: no {located}"));
        }
        for bad in ["panicked", "overflow", "RUST_BACKTRACE"] {
            if err.contains(bad) {
                wrong.push(format!("{command}: says {bad:?}"));
            }
        }
        // A report quotes what it must, not megabytes of the input.
        if err.len() > 20_000 {
            wrong.push(format!("{command}: {} bytes of report", err.len()));
        }
        if !wrong.is_empty() {
            wrong.push(format!(
                "{command} said:\n{}",
                err.chars().take(3000).collect::<String>()
            ));
            break;
        }
    }

    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let found = stdout.lines().any(|l| {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
            return false;
        };
        v["code"] == case.code
            && v["severity"] == "error"
            && v["file"] == file
            && v["line"] == line
            && v["column"] == column
    });
    if out.status.code() != Some(1) || !found {
        wrong.push(format!(
            "check --format json: exit {:?}, no {} at {file}:{line}:{column} in:\n{}",
            out.status.code(),
            case.code,
            stdout.chars().take(3000).collect::<String>()
        ));
    }

    let staging: Vec<String> = fs::read_dir(g.root())
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".public."))
                .collect()
        })
        .unwrap_or_default();
    if !staging.is_empty() {
        wrong.push(format!("left behind: {staging:?}"));
    }
    if snapshot_tree(&g.path("public")) != before {
        wrong.push("public/ changed".to_owned());
    }
    wrong
}

#[test]
fn every_attack_is_a_located_error_and_loses_nothing() {
    let cases = cases();
    common::run_cases(&cases, 3, |c| c.name, run);
}

/// Markdown links whose scheme is hidden from a plain look (an entity, a
/// tab, a control character, capitals) still become `#`, and web, mail
/// and relative links stay as written.
#[test]
fn markdown_links_never_carry_a_script() {
    let g = Guide::new();
    let text = g.read(TWIST);
    let links = [
        "[a](javascript:alert(1))",
        "[b](JAVASCRIPT:alert(1))",
        "[c](java&#9;script:alert(1))",
        "[d](java&#10;script:alert(1))",
        "[e](&#1;javascript:alert(1))",
        "[f](<java\tscript:alert(1)>)",
        "[g](data:text/html;base64,PHNjcmlwdD4=)",
        "[h](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "![i](javascript:alert(1))",
        "[j](https://example.org/ok)",
        "[k](mailto:someone@example.org)",
    ];
    g.write(TWIST, text.replacen("Turn slowly.", &links.join("\n\n"), 1));
    g.build().success();
    let refs: Vec<String> = references(&g.path("public"))
        .into_iter()
        .filter(|(page, _)| page == "exercises/seated-twist.html")
        .map(|(_, r)| r)
        .collect();
    for r in &refs {
        let plain: String = r
            .chars()
            .filter(|c| !c.is_control() && !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        for scheme in ["javascript:", "vbscript:", "data:"] {
            assert!(!plain.contains(scheme), "{r:?} in {refs:?}");
        }
    }
    assert!(
        refs.iter().any(|r| r == "https://example.org/ok"),
        "{refs:?}"
    );
    assert!(
        refs.iter().any(|r| r == "mailto:someone@example.org"),
        "{refs:?}"
    );
    let data = g.read("public/exercises.json");
    assert!(
        !data
            .to_ascii_lowercase()
            .contains("javascript:alert(1)\\\""),
        "{data}"
    );
}

/// The peak resident memory of `limber check` on the guide, in kB, read
/// from /proc while it runs; the child is stopped as soon as it passes
/// `limit` so that a failure does not take the machine's memory first.
#[cfg(target_os = "linux")]
fn peak_kb(g: &Guide, limit: u64) -> u64 {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("limber"))
        .args(["check", "--root"])
        .arg(g.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("limber runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let mut stderr = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    // Bounded: the old behaviour took minutes, the fixed one seconds.
    for _ in 0..30_000 {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        let hwm = fs::read_to_string(&status)
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|n| n.parse::<u64>().ok())
            })
            .unwrap_or(0);
        peak = peak.max(hwm);
        if peak > limit {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    let status = child.wait().expect("wait");
    let err = reader.join().unwrap_or_default();
    if peak <= limit {
        assert_eq!(status.code(), Some(1), "{err}");
        assert!(err.contains("error[E0127]"), "{err}");
    }
    peak
}

/// 9 MB of `>` took 3.9 GB: a body refused for its nesting must cost
/// memory in proportion to its size, a small multiple of it.
#[cfg(target_os = "linux")]
#[test]
fn nine_megabytes_of_quote_markers_take_little_memory() {
    let g = Guide::new();
    let text = g.read(TWIST);
    g.write(
        TWIST,
        text.replacen("Turn slowly.", &">".repeat(9 * 1024 * 1024), 1),
    );
    let limit = 400 * 1024;
    let peak = peak_kb(&g, limit);
    assert!(peak <= limit, "peak {peak} kB, over {limit} kB");
}
