//! A warning that repeats across a large guide is shown a few times and
//! counted, and a guide may turn a warning off; errors stay whatever it says.

mod common;

use common::{Guide, limber};

/// Exercise `i`, with no cautions: a W0001 each.
fn uncautioned(i: usize) -> String {
    format!(
        "title = \"Stretch {i}\"\nsummary = \"A stretch.\"\nkind = \"stretch\"\n\
         areas = [\"neck\"]\npositions = [\"seated\"]\nsteps = [\"Sit tall.\"]\n"
    )
}

fn guide_with_uncautioned(n: usize) -> Guide {
    let g = Guide::new();
    for i in 0..n {
        g.write(&format!("content/exercises/s{i:02}.toml"), uncautioned(i));
    }
    g
}

fn stderr_of(args: &[&str], g: &Guide) -> (Option<i32>, String) {
    let out = limber()
        .args(args)
        .arg("--root")
        .arg(g.root())
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_repeated_warning_is_shown_three_times_then_counted() {
    let g = guide_with_uncautioned(12);
    for command in ["check", "build"] {
        let (code, err) = stderr_of(&[command], &g);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(err.matches("warning[W0001]: `Stretch").count(), 3, "{err}");
        assert!(
            err.contains("warning[W0001]: 9 more like this not shown"),
            "{err}"
        );
        assert!(err.contains("--verbose"), "{err}");
        let (_, all) = stderr_of(&[command, "--verbose"], &g);
        assert_eq!(all.matches("warning[W0001]: `Stretch").count(), 12, "{all}");
        assert!(!all.contains("more like this"), "{all}");
    }
    // JSON always gives every one.
    let out = limber()
        .args(["check", "--format", "json", "--root"])
        .arg(g.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("\"W0001\"").count(), 12, "{text}");
}

#[test]
fn errors_are_never_folded() {
    let g = guide_with_uncautioned(0);
    for i in 0..6 {
        g.write(&format!("content/exercises/bad{i}.toml"), "title = 3\n");
    }
    let (code, err) = stderr_of(&["check"], &g);
    assert_eq!(code, Some(1));
    assert_eq!(err.matches("--> content/exercises/bad").count(), 6, "{err}");
}

#[test]
fn a_guide_can_turn_a_warning_off_but_not_an_error() {
    let g = guide_with_uncautioned(4);
    let toml = g.read("guide.toml");
    g.write(
        "guide.toml",
        format!("{toml}\n[check]\nallow = [\"W0001\"]\n"),
    );
    let (code, err) = stderr_of(&["check"], &g);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("W0001"), "{err}");
    assert!(err.contains("The guide is fine"), "{err}");

    for (allow, expect) in [
        ("E0101", "errors cannot be turned off"),
        ("W9999", "not a warning"),
    ] {
        g.write(
            "guide.toml",
            format!("{toml}\n[check]\nallow = [\"W0001\", \"{allow}\"]\n"),
        );
        let out = limber()
            .args(["check", "--format", "json", "--root"])
            .arg(g.root())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let line = String::from_utf8_lossy(&out.stdout).into_owned();
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(v["code"], "E0128");
        assert_eq!(v["file"], "guide.toml");
        assert!(v["message"].as_str().unwrap().contains(expect), "{line}");
        let col = v["column"].as_u64().unwrap();
        let line_no = v["line"].as_u64().unwrap();
        let source_line = g
            .read("guide.toml")
            .lines()
            .nth(line_no as usize - 1)
            .unwrap()
            .to_owned();
        assert_eq!(
            &source_line[col as usize - 1..col as usize + allow.len()],
            format!("\"{allow}")
        );
    }
}
