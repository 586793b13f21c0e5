//! Bad input, nothing lost: each broken guide below goes through the real
//! binary, `build` and `check`, on a guide whose previous `public/` exists.
//! Each must fail with exit code 1, name the code, the `file:line:column`,
//! the field and the fix, and leave `public/` exactly as it was.

mod common;

use std::fs;

use common::{Guide, SEATED_TWIST, WALL_ANGEL, limber, snapshot_tree};

const TWIST: &str = "content/exercises/seated-twist.md";
const ANGEL: &str = "content/exercises/wall-angel.toml";

struct Case {
    name: &'static str,
    setup: fn(&Guide),
    /// The diagnostic's code.
    code: &'static str,
    /// `file:line:column`, or only `file` for a problem with a whole file.
    at: &'static str,
    /// A fragment of the message: usually the field or value at fault.
    message: &'static str,
    /// A fragment of the help: what to write instead.
    help: &'static str,
}

/// Replaces `from` (which must be there) in the file at `rel`.
fn edit(g: &Guide, rel: &str, from: &str, to: &str) {
    let text = g.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    g.write(rel, text.replacen(from, to, 1));
}

fn angel(g: &Guide, from: &str, to: &str) {
    edit(g, ANGEL, from, to);
}

fn twist(g: &Guide, from: &str, to: &str) {
    edit(g, TWIST, from, to);
}

fn cases() -> Vec<Case> {
    vec![
        // ---- Files that cannot be read as an exercise at all ----
        Case {
            name: "malformed TOML: an unclosed string",
            setup: |g| {
                angel(
                    g,
                    "\"Slide your arms up a wall.\"",
                    "\"Slide your arms up a wall.",
                )
            },
            code: "E0100",
            at: "content/exercises/wall-angel.toml:2:",
            message: "TOML syntax",
            help: "strings need \"double quotes\"",
        },
        Case {
            name: "front matter never closed",
            setup: |g| {
                g.write(
                    TWIST,
                    SEATED_TWIST.replacen("+++\n\nTurn slowly", "\nTurn slowly", 1),
                )
            },
            code: "E0007",
            at: "content/exercises/seated-twist.md:1:1",
            message: "never closed",
            help: "add a line with only `+++`",
        },
        Case {
            name: "a .md file without front matter",
            setup: |g| g.write(TWIST, SEATED_TWIST.replacen("+++\n", "", 1)),
            code: "E0006",
            at: "content/exercises/seated-twist.md:1:1",
            message: "must start with front matter",
            help: "put a line `+++` first",
        },
        Case {
            name: "an empty .toml file",
            setup: |g| g.write(ANGEL, ""),
            code: "E0005",
            at: "content/exercises/wall-angel.toml:1:1",
            message: "is empty",
            help: "an exercise needs at least `title`",
        },
        Case {
            name: "an empty .md file",
            setup: |g| g.write(TWIST, "\n\n"),
            code: "E0005",
            at: "content/exercises/seated-twist.md:1:1",
            message: "is empty",
            help: "start the file with a line `+++`",
        },
        Case {
            name: "invalid UTF-8",
            setup: |g| {
                let mut bytes = WALL_ANGEL.as_bytes().to_vec();
                // `title = "Wall ` is 14 bytes: the bad byte is column 15.
                bytes.insert(14, 0xff);
                g.write(ANGEL, bytes);
            },
            code: "E0002",
            at: "content/exercises/wall-angel.toml:1:15",
            message: "not valid UTF-8",
            help: "save the file as UTF-8",
        },
        Case {
            name: "a 50 MB file",
            setup: |g| {
                let f = fs::File::create(g.path("content/exercises/huge.md")).unwrap();
                // Sparse: instant to make, no disk used.
                f.set_len(50 * 1024 * 1024).unwrap();
            },
            code: "E0003",
            at: "content/exercises/huge.md",
            message: "over the limit of 10 MB",
            help: "make this file smaller",
        },
        Case {
            name: "a symlink in content pointing outside the guide",
            setup: |g| {
                std::os::unix::fs::symlink("/etc/passwd", g.path("content/exercises/passwd.md"))
                    .unwrap();
            },
            code: "E0004",
            at: "content/exercises/passwd.md",
            message: "symbolic link",
            help: "copy the file into the guide instead",
        },
        // ---- Fields: missing, unknown, wrong type ----
        Case {
            name: "a missing required field",
            setup: |g| angel(g, "summary = \"Slide your arms up a wall.\"\n", ""),
            code: "E0111",
            at: "content/exercises/wall-angel.toml:1:1",
            message: "missing the required field `summary`",
            help: "add a line such as `summary = ",
        },
        Case {
            name: "an unknown field",
            setup: |g| angel(g, "summary =", "sumary ="),
            code: "E0110",
            at: "content/exercises/wall-angel.toml:2:1",
            message: "unknown field `sumary`",
            help: "did you mean `summary`?",
        },
        Case {
            name: "an unknown field in [dose]",
            setup: |g| angel(g, "sets = 2", "set = 2"),
            code: "E0110",
            at: "content/exercises/wall-angel.toml:11:1",
            message: "unknown field `set`",
            help: "did you mean `sets`?",
        },
        Case {
            name: "a wrong type",
            setup: |g| angel(g, "kind =", "order = \"3\"\nkind ="),
            code: "E0112",
            at: "content/exercises/wall-angel.toml:3:9",
            message: "`order`: wrong type",
            help: "write `order` as",
        },
        Case {
            name: "a list written as a string",
            setup: |g| {
                angel(
                    g,
                    "areas = [\"shoulders\", \"upper-back\"]",
                    "areas = \"shoulders\"",
                )
            },
            code: "E0112",
            at: "content/exercises/wall-angel.toml:4:9",
            message: "`areas`: wrong type",
            help: "write `areas` as a sequence",
        },
        // ---- Steps ----
        Case {
            name: "an empty step list",
            setup: |g| {
                angel(
                    g,
                    "steps = [\"Stand with your back to a wall.\", \"Slide your arms up and down.\"]",
                    "steps = []",
                )
            },
            code: "E0120",
            at: "content/exercises/wall-angel.toml:6:9",
            message: "at least one step",
            help: "steps = [\"First…\"",
        },
        Case {
            name: "steps in both front matter and body",
            setup: |g| {
                twist(
                    g,
                    "kind = \"mobility\"",
                    "kind = \"mobility\"\nsteps = [\"Sit.\"]",
                )
            },
            code: "E0121",
            at: "content/exercises/seated-twist.md:20:1",
            message: "`steps` is given twice",
            help: "keep one",
        },
        Case {
            name: "a ## Steps heading with no list",
            setup: |g| {
                twist(
                    g,
                    "1. Sit tall on a chair.\n2. Turn to the right and **hold**.\n3. Come back and turn to the left.\n",
                    "",
                )
            },
            code: "E0123",
            at: "content/exercises/seated-twist.md:19:1",
            message: "has no list",
            help: "numbered list",
        },
        // ---- The dose ----
        Case {
            name: "a range whose least is above its most",
            setup: |g| angel(g, "reps = [8, 10]", "reps = [10, 8]"),
            code: "E0141",
            at: "content/exercises/wall-angel.toml:10:8",
            message: "`dose.reps`",
            help: "write reps = [8, 10]",
        },
        Case {
            name: "a range of one number",
            setup: |g| angel(g, "reps = [8, 10]", "reps = [8]"),
            code: "E0112",
            at: "content/exercises/wall-angel.toml:10:8",
            message: "`dose.reps`",
            help: "a range like [3, 5]",
        },
        Case {
            name: "a fraction for a count",
            setup: |g| angel(g, "sets = 2", "sets = 2.5"),
            code: "E0112",
            at: "content/exercises/wall-angel.toml:11:8",
            message: "`dose.sets`",
            help: "a whole number like 5",
        },
        Case {
            name: "a zero count",
            setup: |g| angel(g, "sets = 2", "sets = 0"),
            code: "E0140",
            at: "content/exercises/wall-angel.toml:11:8",
            message: "`dose.sets` must be at least 1",
            help: "a count of 1 or more",
        },
        Case {
            name: "a negative count",
            setup: |g| twist(g, "reps = 5", "reps = -5"),
            code: "E0140",
            at: "content/exercises/seated-twist.md:12:8",
            message: "`dose.reps` must be at least 1",
            help: "a count of 1 or more",
        },
        Case {
            name: "sides without reps or hold",
            setup: |g| angel(g, "reps = [8, 10]", "sides = \"each\""),
            code: "E0142",
            at: "content/exercises/wall-angel.toml:10:9",
            message: "`dose.sides` needs `reps` or `hold_seconds`",
            help: "add reps = 10",
        },
        // ---- Words from a vocabulary ----
        Case {
            name: "an unknown area, with a near miss",
            setup: |g| angel(g, "\"upper-back\"]", "\"uper-back\"]"),
            code: "E0132",
            at: "content/exercises/wall-angel.toml:4:23",
            message: "`uper-back` is not a body area",
            help: "did you mean `upper-back`?",
        },
        Case {
            name: "an unknown position, said another way",
            setup: |g| angel(g, "positions = [\"standing\"]", "positions = [\"sitting\"]"),
            code: "E0113",
            at: "content/exercises/wall-angel.toml:5:14",
            message: "`positions[0]`: `sitting` is not allowed",
            help: "did you mean `seated`?",
        },
        Case {
            name: "an unknown kind",
            setup: |g| angel(g, "kind = \"strength\"", "kind = \"strenght\""),
            code: "E0113",
            at: "content/exercises/wall-angel.toml:3:8",
            message: "`kind`: `strenght` is not allowed",
            help: "did you mean `strength`?",
        },
        Case {
            name: "an unknown level",
            setup: |g| angel(g, "kind =", "level = \"easy\"\nkind ="),
            code: "E0113",
            at: "content/exercises/wall-angel.toml:3:9",
            message: "`level`: `easy` is not allowed",
            help: "did you mean `beginner`?",
        },
        Case {
            name: "an unknown family",
            setup: |g| twist(g, "family = \"twists\"", "family = \"twist\""),
            code: "E0134",
            at: "content/exercises/seated-twist.md:5:10",
            message: "family `twist` is not declared",
            help: "did you mean `twists`?",
        },
        Case {
            name: "an unknown related slug",
            setup: |g| {
                twist(
                    g,
                    "related = [\"wall-angel\"]",
                    "related = [\"wall-angle\"]",
                )
            },
            code: "E0135",
            at: "content/exercises/seated-twist.md:9:12",
            message: "`related` names `wall-angle`",
            help: "did you mean `wall-angel`?",
        },
        Case {
            name: "an internal link to a missing file",
            setup: |g| {
                twist(
                    g,
                    "(@/exercises/wall-angel.toml)",
                    "(@/exercises/wall-angel.md)",
                )
            },
            code: "E0160",
            at: "content/exercises/seated-twist.md:17:",
            message: "names no file in content/",
            help: "did you mean `@/exercises/wall-angel.toml`?",
        },
        // ---- Slugs and file names ----
        Case {
            name: "a duplicate slug",
            setup: |g| {
                g.write(
                    "content/exercises/wall-angel-2.toml",
                    WALL_ANGEL.replacen(
                        "title = \"Wall angel\"",
                        "title = \"Wall angel 2\"\nslug = \"wall-angel\"",
                        1,
                    ),
                )
            },
            code: "E0136",
            at: "content/exercises/wall-angel-2.toml:2:8",
            message: "two exercises have the slug `wall-angel`",
            help: "every exercise needs its own slug",
        },
        Case {
            name: "a slug with /",
            setup: |g| angel(g, "summary =", "slug = \"wall/angel\"\nsummary ="),
            code: "E0130",
            at: "content/exercises/wall-angel.toml:2:8",
            message: "`wall/angel` is not a valid slug",
            help: "write slug = \"wall-angel\"",
        },
        Case {
            name: "a slug of ..",
            setup: |g| angel(g, "summary =", "slug = \"..\"\nsummary ="),
            code: "E0130",
            at: "content/exercises/wall-angel.toml:2:8",
            message: "`..` is not a valid slug",
            help: "write slug = \"wall-angel\"",
        },
        Case {
            name: "a slug with spaces and capitals",
            setup: |g| angel(g, "summary =", "slug = \"Wall Angel\"\nsummary ="),
            code: "E0130",
            at: "content/exercises/wall-angel.toml:2:8",
            message: "`Wall Angel` is not a valid slug",
            help: "write slug = \"wall-angel\"",
        },
        Case {
            name: "a file name with spaces",
            setup: |g| {
                g.write(
                    "content/exercises/cat cow.toml",
                    WALL_ANGEL.replacen("Wall angel", "Cat cow", 1),
                )
            },
            code: "E0130",
            at: "content/exercises/cat cow.toml:1:1",
            message: "`cat cow` is not a valid slug",
            help: "rename the file to `cat-cow.toml`",
        },
        Case {
            name: "a file name with ..",
            setup: |g| {
                g.write(
                    "content/exercises/cat..cow.toml",
                    WALL_ANGEL.replacen("Wall angel", "Cat cow", 1),
                )
            },
            code: "E0130",
            at: "content/exercises/cat..cow.toml:1:1",
            message: "`cat..cow` is not a valid slug",
            help: "rename the file to `cat-cow.toml`",
        },
        Case {
            name: "a file name in upper case",
            setup: |g| {
                g.write(
                    "content/exercises/CatCow.toml",
                    WALL_ANGEL.replacen("Wall angel", "Cat cow", 1),
                )
            },
            code: "E0130",
            at: "content/exercises/CatCow.toml:1:1",
            message: "`CatCow` is not a valid slug",
            help: "rename the file to `catcow.toml`",
        },
        // ---- Images ----
        Case {
            name: "an image that does not exist",
            setup: |g| {
                g.write(ANGEL, format!("{WALL_ANGEL}\n[image]\nsrc = \"images/wall-angel.png\"\nalt = \"Arms up against a wall.\"\n"))
            },
            code: "E0151",
            at: "content/exercises/wall-angel.toml:14:7",
            message: "image `images/wall-angel.png` does not exist",
            help: "add the picture to the static/ folder",
        },
        Case {
            name: "an image outside static/",
            setup: |g| {
                g.write(ANGEL, format!("{WALL_ANGEL}\n[image]\nsrc = \"../guide.toml\"\nalt = \"Arms up against a wall.\"\n"))
            },
            code: "E0152",
            at: "content/exercises/wall-angel.toml:14:7",
            message: "must be a path inside static/",
            help: "put the picture under static/",
        },
        Case {
            name: "an image without alt",
            setup: |g| {
                g.write("static/images/wall-angel.png", b"\x89PNG\r\n");
                g.write(
                    ANGEL,
                    format!("{WALL_ANGEL}\n[image]\nsrc = \"images/wall-angel.png\"\n"),
                );
            },
            code: "E0111",
            at: "content/exercises/wall-angel.toml:13:1",
            message: "`image` in an exercise is missing the required field `alt`",
            help: "add a line such as `alt = ",
        },
        Case {
            name: "an image with empty alt",
            setup: |g| {
                g.write("static/images/wall-angel.png", b"\x89PNG\r\n");
                g.write(
                    ANGEL,
                    format!("{WALL_ANGEL}\n[image]\nsrc = \"images/wall-angel.png\"\nalt = \"\"\n"),
                );
            },
            code: "E0150",
            at: "content/exercises/wall-angel.toml:15:7",
            message: "no alt text",
            help: "describe what the picture shows",
        },
        // ---- guide.toml and the home page ----
        Case {
            name: "a missing guide.toml",
            setup: |g| fs::remove_file(g.path("guide.toml")).unwrap(),
            code: "E0012",
            at: "guide.toml",
            message: "no guide.toml",
            help: "`limber init DIR` creates a new guide",
        },
        Case {
            name: "a malformed guide.toml",
            setup: |g| edit(g, "guide.toml", "author = \"Tester\"", "author = Tester"),
            code: "E0100",
            at: "guide.toml:3:10",
            message: "TOML syntax",
            help: "strings need \"double quotes\"",
        },
        Case {
            name: "an unknown key in guide.toml",
            setup: |g| edit(g, "guide.toml", "author = ", "autor = "),
            code: "E0110",
            at: "guide.toml:3:1",
            message: "unknown field `autor`",
            help: "did you mean `author`?",
        },
        Case {
            name: "a family that is not a slug",
            setup: |g| {
                edit(g, "guide.toml", "[families.twists]", "[families.Twists]");
                twist(g, "family = \"twists\"\n", "");
            },
            code: "E0130",
            at: "guide.toml:6:11",
            message: "family `Twists` is not a valid slug",
            help: "write [families.twists]",
        },
        Case {
            name: "an unknown key in the home page",
            setup: |g| {
                g.write(
                    "content/_index.md",
                    "+++\ntitle = \"Welcome\"\nsubtitle = \"Hi\"\n+++\n",
                )
            },
            code: "E0110",
            at: "content/_index.md:3:1",
            message: "unknown field `subtitle`",
            help: "title",
        },
        // ---- Templates ----
        Case {
            name: "a template syntax error",
            setup: |g| {
                g.write(
                    "templates/index.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ index_title }</h1>\n{% endblock content %}\n",
                )
            },
            code: "E0200",
            at: "templates/index.html:3:",
            message: "template `index.html` has a syntax error",
            help: "every `{% if %}`",
        },
        Case {
            name: "a template using an undefined variable",
            setup: |g| {
                g.write(
                    "templates/index.html",
                    "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ index_title }}</h1>\n<p>{{ subtitle }}</p>\n{% endblock content %}\n",
                )
            },
            code: "E0201",
            at: "templates/index.html:4:7",
            message: "uses `subtitle`",
            help: "guard it with {% if … %}",
        },
    ]
}

/// Runs one case; returns what was wrong with the outcome, if anything.
fn run(case: &Case) -> Vec<String> {
    let mut wrong = Vec::new();
    let g = Guide::new();
    g.build().success();
    let before = snapshot_tree(&g.path("public"));
    (case.setup)(&g);

    let located = if case.at.matches(':').count() == 0 {
        format!("--> {}\n", case.at)
    } else {
        format!("--> {}", case.at)
    };
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

    // The same problem, as JSON for editors.
    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .output()
        .expect("limber runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (file, line) = {
        let mut parts = case.at.splitn(3, ':');
        (
            parts.next().unwrap_or(""),
            parts.next().and_then(|l| l.parse::<u64>().ok()),
        )
    };
    let found = stdout.lines().any(|l| {
        let v: serde_json::Value = match serde_json::from_str(l) {
            Ok(v) => v,
            Err(_) => return false,
        };
        v["code"] == case.code
            && v["severity"] == "error"
            && v["file"] == file
            && line.is_none_or(|n| v["line"] == n)
            && v["column"].is_u64() == line.is_some()
            && v["message"]
                .as_str()
                .is_some_and(|m| m.contains(case.message))
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
fn every_bad_input_fails_clearly_and_loses_nothing() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    common::run_cases(&cases, 4, |c| c.name, run);
}

#[test]
fn a_bom_and_crlf_are_fine_everywhere() {
    let g = Guide::new();
    g.build().success();
    let bom_crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    g.write(TWIST, bom_crlf(SEATED_TWIST));
    g.write(ANGEL, bom_crlf(WALL_ANGEL));
    g.write("guide.toml", bom_crlf(&g.read("guide.toml")));
    g.write("content/_index.md", bom_crlf(&g.read("content/_index.md")));
    g.check().success();
    g.build().success();
    let page = g.read("public/exercises/wall-angel.html");
    assert!(page.contains("Slide your arms up and down."), "{page}");
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn bad_command_line_usage_exits_2_and_writes_nothing() {
    let g = Guide::new();
    g.build().success();
    let before = snapshot_tree(&g.path("public"));
    for args in [
        &["check", "--format", "xml"][..],
        &["new"],
        &["new", "Cat cow", "--format", "yaml"],
        &["new", "!!!"],
        &["serve", "--port", "eleven"],
        &["serve", "--bind", "localhost:80"],
        &["build", "--frobnicate"],
        &["frobnicate"],
    ] {
        limber()
            .args(args)
            .arg("--root")
            .arg(g.root())
            .assert()
            .code(2);
    }
    assert_eq!(before, snapshot_tree(&g.path("public")));
    assert!(!g.path("content/exercises/cat-cow.md").exists());
}
