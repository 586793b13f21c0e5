//! Hostile numbers and names, through the real binary: numbers too large to
//! add up, NaN and infinity, slugs too long for a file name, static files
//! where the build makes a folder. Each must fail `check` and `build` alike
//! with exit code 1 and an error located at the value (or the file) that
//! causes it, never a panic, and leave the previous `public/` as it was.
//! Then the large inputs that used to take minutes to report, checked for
//! what they report.

mod common;

use std::fmt::Write as _;

use common::{Guide, limber, snapshot_tree};

const ANGEL: &str = "content/exercises/wall-angel.toml";
const ROUTINE: &str = "content/routines/desk-break.toml";

const DESK_BREAK: &str = r#"title = "Desk break"
summary = "A short break."
rest_seconds = 10

[[items]]
exercise = "wall-angel"
rep_seconds = 15

[[items]]
exercise = "seated-twist"
dose = { reps = 2 }
"#;

struct Case {
    name: &'static str,
    setup: fn(&Guide),
    code: &'static str,
    /// `file:line:column`, or only `file` for a problem with a whole file.
    at: String,
    /// A fragment of the message.
    message: &'static str,
    /// A fragment of the help: the allowed range, or what to do.
    help: &'static str,
}

fn edit(g: &Guide, rel: &str, from: &str, to: &str) {
    let text = g.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    g.write(rel, text.replacen(from, to, 1));
}

fn routine(g: &Guide, from: &str, to: &str) {
    edit(g, ROUTINE, from, to);
}

fn angel(g: &Guide, from: &str, to: &str) {
    edit(g, ANGEL, from, to);
}

fn long(n: usize) -> String {
    "a".repeat(n)
}

fn cases() -> Vec<Case> {
    let at = |s: &str| s.to_owned();
    vec![
        // ---- Numbers too large to add up ----
        Case {
            name: "rep_seconds at the largest 64-bit number",
            setup: |g| routine(g, "rep_seconds = 15", "rep_seconds = 9223372036854775807"),
            code: "E0143",
            at: at("content/routines/desk-break.toml:7:15"),
            message: "`rep_seconds` is over the limit of 3600",
            help: "from 1 to 3600",
        },
        Case {
            name: "rest_seconds too large",
            setup: |g| routine(g, "rest_seconds = 10", "rest_seconds = 9223372036854775807"),
            code: "E0143",
            at: at("content/routines/desk-break.toml:3:16"),
            message: "`rest_seconds` is over the limit of 3600",
            help: "from 0 to 3600",
        },
        Case {
            name: "an item's dose override with sets too large",
            setup: |g| {
                routine(
                    g,
                    "dose = { reps = 2 }",
                    "dose = { sets = 9223372036854775807 }",
                )
            },
            code: "E0143",
            at: at("content/routines/desk-break.toml:11:17"),
            message: "`dose.sets` is over the limit of 100",
            help: "from 1 to 100",
        },
        Case {
            name: "numbers each allowed but together over two hours",
            setup: |g| {
                routine(
                    g,
                    "rep_seconds = 15",
                    "rep_seconds = 3600\ndose = { reps = 1000, sets = 100, sides = \"each\" }",
                )
            },
            code: "E0174",
            at: at("content/routines/desk-break.toml:5:1"),
            message: "over the limit of 120:00",
            help: "for a typo",
        },
        Case {
            name: "a routine order out of range",
            setup: |g| routine(g, "rest_seconds = 10", "order = -9223372036854775808"),
            code: "E0143",
            at: at("content/routines/desk-break.toml:3:9"),
            message: "`order = -9223372036854775808` is out of range",
            help: "from -1000000000 to 1000000000",
        },
        Case {
            name: "a range of reps ending at the largest number",
            setup: |g| angel(g, "reps = [8, 10]", "reps = [8, 9223372036854775807]"),
            code: "E0143",
            at: at("content/exercises/wall-angel.toml:10:8"),
            message: "`dose.reps` is over the limit of 1000",
            help: "from 1 to 1000",
        },
        Case {
            name: "hold_seconds too large",
            setup: |g| angel(g, "sets = 2", "sets = 2\nhold_seconds = 86401"),
            code: "E0143",
            at: at("content/exercises/wall-angel.toml:12:16"),
            message: "`dose.hold_seconds` is over the limit of 3600",
            help: "from 1 to 3600",
        },
        Case {
            name: "per_day too large",
            setup: |g| angel(g, "sets = 2", "per_day = 4294967296"),
            code: "E0143",
            at: at("content/exercises/wall-angel.toml:11:11"),
            message: "`dose.per_day` is over the limit of 100",
            help: "from 1 to 100",
        },
        Case {
            name: "the smallest 64-bit number as a count",
            setup: |g| angel(g, "sets = 2", "sets = -9223372036854775808"),
            code: "E0140",
            at: at("content/exercises/wall-angel.toml:11:8"),
            message: "`dose.sets` must be at least 1",
            help: "1 or more",
        },
        Case {
            name: "an exercise order at the largest number",
            setup: |g| {
                angel(
                    g,
                    "kind = \"strength\"",
                    "order = 9223372036854775807\nkind = \"strength\"",
                )
            },
            code: "E0143",
            at: at("content/exercises/wall-angel.toml:3:9"),
            message: "is out of range",
            help: "from -1000000000 to 1000000000",
        },
        // ---- NaN and infinity, which TOML allows ----
        Case {
            name: "a count of nan",
            setup: |g| angel(g, "sets = 2", "sets = nan"),
            code: "E0112",
            at: at("content/exercises/wall-angel.toml:11:8"),
            message: "sets",
            help: "",
        },
        Case {
            name: "rest_seconds of inf",
            setup: |g| routine(g, "rest_seconds = 10", "rest_seconds = inf"),
            code: "E0112",
            at: at("content/routines/desk-break.toml:3:16"),
            message: "rest_seconds",
            help: "",
        },
        Case {
            name: "a pose angle of nan",
            setup: |g| {
                angel(
                    g,
                    "sets = 2",
                    "sets = 2\n\n[[poses]]\nlabel = \"Up\"\nbase = \"standing\"\nangles = { elbow_left = nan }",
                )
            },
            code: "E0191",
            at: at("content/exercises/wall-angel.toml:16:25"),
            message: "`elbow_left = NaN` is outside what a body can do",
            help: "`elbow_left` goes from 0",
        },
        Case {
            name: "a pose angle of -inf",
            setup: |g| {
                angel(
                    g,
                    "sets = 2",
                    "sets = 2\n\n[[poses]]\nlabel = \"Up\"\nbase = \"standing\"\nangles = { spine_turn = -inf }",
                )
            },
            code: "E0191",
            at: at("content/exercises/wall-angel.toml:16:25"),
            message: "`spine_turn = -inf` is outside what a body can do",
            help: "`spine_turn` goes from -70",
        },
        // ---- Names the build could not write ----
        Case {
            // 252 bytes and `.md`: the longest name a file can have, and
            // three bytes too long for `<slug>.html`.
            name: "an exercise file whose stem is too long for its page",
            setup: |g| {
                g.write(
                    &format!("content/exercises/{}.md", long(252)),
                    common::SEATED_TWIST.replace("Seated twist", "Long twist"),
                )
            },
            code: "E0130",
            at: format!("content/exercises/{}.md:2:1", long(252)),
            message: "is too long for a slug: 252 bytes, over the limit of 250",
            help: "rename the file",
        },
        Case {
            name: "a slug too long for its page",
            setup: |g| {
                angel(
                    g,
                    "title = \"Wall angel\"",
                    &format!("title = \"Wall angel\"\nslug = \"{}\"", long(251)),
                )
            },
            code: "E0130",
            at: at("content/exercises/wall-angel.toml:2:8"),
            message: "is too long for a slug: 251 bytes",
            help: "write slug = ",
        },
        Case {
            name: "a family slug too long for its page",
            setup: |g| {
                let text = g.read("guide.toml");
                g.write(
                    "guide.toml",
                    format!("{text}\n[families.{}]\ntitle = \"Long\"\n", long(251)),
                )
            },
            code: "E0130",
            at: at("guide.toml:10:11"),
            message: "family `aaaa",
            help: "write [families.",
        },
        Case {
            name: "an area slug too long for its page",
            setup: |g| {
                edit(
                    g,
                    "guide.toml",
                    "author = \"Tester\"",
                    &format!(
                        "author = \"Tester\"\nareas = [\"upper-back\", \"shoulders\", \"{}\"]",
                        long(300)
                    ),
                )
            },
            code: "E0130",
            at: at("guide.toml:4:37"),
            message: "area `aaaa",
            help: "write \"",
        },
        Case {
            name: "a static file where the exercise pages' folder goes",
            setup: |g| g.write("static/exercises", "not a folder"),
            code: "E0024",
            at: at("static/exercises"),
            message: "is a file where the site has the folder `exercises/`",
            help: "rename or move static/exercises",
        },
        Case {
            name: "a static file where a folder goes, in other letters",
            setup: |g| g.write("static/Families", "not a folder"),
            code: "E0024",
            at: at("static/Families"),
            message: "the folder `families/`",
            help: "rename or move static/Families",
        },
        Case {
            name: "a static folder where a page goes",
            setup: |g| g.write("static/index.html/a.png", "png"),
            code: "E0024",
            at: at("static/index.html/a.png"),
            message: "would be inside `index.html`",
            help: "rename the folder static/index.html",
        },
        Case {
            name: "a static folder where a built-in asset goes",
            setup: |g| g.write("static/style.css/x.css", "a {}"),
            code: "E0024",
            at: at("static/style.css/x.css"),
            message: "would be inside `style.css`",
            help: "rename the folder static/style.css",
        },
        Case {
            name: "a static folder where the open data goes",
            setup: |g| g.write("static/exercises.json/x", "{}"),
            code: "E0024",
            at: at("static/exercises.json/x"),
            message: "would be inside `exercises.json`",
            help: "",
        },
    ]
}

/// A guide with a routine, built once so that `public/` exists.
fn guide() -> Guide {
    let g = Guide::new();
    g.write(ROUTINE, DESK_BREAK);
    g.build().success();
    g
}

fn run(case: &Case) -> Vec<String> {
    let mut wrong = Vec::new();
    let g = guide();
    let before = snapshot_tree(&g.path("public"));
    (case.setup)(&g);

    let located = format!("--> {}\n", case.at);
    for command in ["build", "check"] {
        let out = limber()
            .arg(command)
            .arg("--root")
            .arg(g.root())
            .output()
            .expect("limber runs");
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(1) {
            wrong.push(format!(
                "{command}: exit code {:?}, not 1",
                out.status.code()
            ));
        }
        if err.contains("panicked") {
            wrong.push(format!("{command}: panicked"));
        }
        for (what, fragment) in [
            ("code", format!("error[{}]", case.code)),
            ("location", located.clone()),
            ("message", case.message.to_owned()),
            ("help", case.help.to_owned()),
        ] {
            if !err.contains(&fragment) {
                wrong.push(format!("{command}: no {what} {fragment:?}"));
            }
        }
        if !wrong.is_empty() {
            wrong.push(format!("{command} said:\n{err}"));
            break;
        }
    }

    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut parts = case.at.splitn(3, ':');
    let file = parts.next().unwrap_or("");
    let line = parts.next().and_then(|l| l.parse::<u64>().ok());
    let column = parts.next().and_then(|c| c.parse::<u64>().ok());
    let found = stdout.lines().any(|l| {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
            return false;
        };
        v["code"] == case.code
            && v["severity"] == "error"
            && v["file"] == file
            && line.map_or(v["line"].is_null(), |n| v["line"] == n)
            && column.map_or(v["column"].is_null(), |n| v["column"] == n)
            && v["message"]
                .as_str()
                .is_some_and(|m| m.contains(case.message))
            && v["help"].as_str().is_some_and(|h| h.contains(case.help))
    });
    if out.status.code() != Some(1) || !found {
        wrong.push(format!(
            "check --format json: exit {:?}, no matching object in:\n{stdout}",
            out.status.code()
        ));
    }
    if snapshot_tree(&g.path("public")) != before {
        wrong.push("public/ changed".to_owned());
    }
    wrong
}

#[test]
fn hostile_numbers_and_names_fail_clearly_at_their_place() {
    let cases = cases();
    common::run_cases(&cases, 3, |c| c.name, run);
}

/// The numbers at their limits build, and the total the page and the open
/// data give is exactly the sum of the player's steps.
#[test]
fn numbers_at_their_limits_build_with_exact_totals() {
    let g = guide();
    g.write(
        ROUTINE,
        DESK_BREAK
            .replace(
                "rest_seconds = 10",
                "rest_seconds = 3500\norder = 1000000000",
            )
            .replace(
                "rep_seconds = 15",
                "rep_seconds = 3600\ndose = { reps = 1, sets = 1 }",
            )
            .replace(
                "dose = { reps = 2 }",
                "dose = { reps = 1, hold_seconds = 1 }",
            ),
    );
    g.build().success();
    let json: serde_json::Value =
        serde_json::from_str(&g.read("public/exercises.json")).expect("open data is JSON");
    let routine = &json["routines"][0];
    // 5 to get ready, 3600 for the one repetition, 3500 of rest, then the
    // twist's one 1-second hold on each side with 10 to turn round on its
    // chair.
    assert_eq!(routine["total_seconds"], 5 + 3600 + 3500 + (1 + 10 + 1));
    assert_eq!(routine["order"], 1_000_000_000);
    let page = g.read("public/routines/desk-break.html");
    assert!(page.contains("About 119 minutes"), "{page}");
}

/// One file with 16,000 broken `@/` links: every one is reported, each at
/// its own line, in both formats. (This used to take seconds per thousand
/// links; the test checks what is reported, not how fast.)
#[test]
fn thousands_of_broken_links_are_each_reported_at_their_line() {
    const LINKS: usize = 16_000;
    let g = Guide::new();
    let mut body = String::new();
    for i in 0..LINKS {
        let _ = writeln!(body, "See [x{i}](@/exercises/nope-{i}.md) and é.");
    }
    let twist = g.read("content/exercises/seated-twist.md");
    let twist = twist.replace("Turn slowly.", &format!("{body}\nTurn slowly."));
    g.write("content/exercises/seated-twist.md", &twist);
    let first_line = twist
        .lines()
        .position(|l| l.contains("nope-0.md"))
        .expect("the links are there")
        + 1;

    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = Vec::new();
    for l in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("one JSON object a line");
        assert_eq!(v["code"], "E0160", "{l}");
        assert_eq!(v["file"], "content/exercises/seated-twist.md");
        let line = v["line"].as_u64().expect("a line") as usize;
        let n = line - first_line;
        let message = v["message"].as_str().unwrap_or_default();
        assert!(message.contains(&format!("nope-{n}.md`")), "{l}");
        // `See [x` and the number and `](`.
        assert_eq!(v["column"], 9 + n.to_string().len(), "{l}");
        lines.push(line);
    }
    assert_eq!(lines.len(), LINKS);
    lines.dedup();
    assert_eq!(lines.len(), LINKS, "each link at its own line");

    let out = limber()
        .args(["check", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("error[E0160]").count(), LINKS);
    assert!(!stderr.contains("panicked"));
    let last = first_line + LINKS - 1;
    for (n, line) in [(0, first_line), (LINKS - 1, last)] {
        let expected = format!(
            "--> content/exercises/seated-twist.md:{line}:{column}\n{pad} |\n{line} | See [x{n}](@/exercises/nope-{n}.md) and é.",
            column = 9 + n.to_string().len(),
            pad = " ".repeat(line.to_string().len()),
        );
        assert!(
            stderr.contains(&expected),
            "no {expected:?} in the report's start:\n{}",
            &stderr[..2000.min(stderr.len())]
        );
    }
}

/// Hundreds of exercises, each in a family of its own: each family gets
/// its page listing its one exercise, and the home page lists every family.
#[test]
fn hundreds_of_families_each_list_their_own_exercise() {
    const N: usize = 300;
    let g = Guide::new();
    let mut config = common::GUIDE_TOML.to_owned();
    for i in 0..N {
        let _ = write!(config, "\n[families.f{i}]\ntitle = \"Family {i}\"\n");
        g.write(
            &format!("content/exercises/e{i}.toml"),
            common::WALL_ANGEL.replace(
                "title = \"Wall angel\"",
                &format!("title = \"Exercise {i}\"\nfamily = \"f{i}\""),
            ),
        );
    }
    g.write("guide.toml", config);
    g.build().success();
    let index = g.read("public/index.html");
    for i in [0, 1, N / 2, N - 1] {
        let page = g.read(&format!("public/families/f{i}.html"));
        assert!(page.contains(&format!("Family {i}")), "f{i}");
        assert!(page.contains(&format!("../exercises/e{i}.html")), "f{i}");
        assert_eq!(
            page.matches("../exercises/e").count(),
            page.matches(&format!("../exercises/e{i}.html")).count(),
            "f{i} lists only its own exercise"
        );
        assert!(
            index.contains(&format!("families/f{i}.html")),
            "index: f{i}"
        );
    }
    // The exercise pages do not carry the list of every family.
    let page = g.read("public/exercises/e7.html");
    assert!(!page.contains("families/f8.html"));
}
