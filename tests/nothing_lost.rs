//! What adversarial use of `build` and `check` must never do: delete or
//! replace what limber did not make, hang on a file that is not a file,
//! panic on a closed or full output, or leave its staging folder behind.
//! Each test goes through the real binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::{Guide, limber, snapshot_tree};
use tempfile::TempDir;

/// A guide made by `limber init` in `dir/name`, as a user starts one.
fn init_guide(dir: &Path, name: &str) {
    limber()
        .current_dir(dir)
        .args(["init", name])
        .assert()
        .success();
}

/// `limber build` run in `dir` with `--root g --output <output>`.
fn build_into(dir: &Path, output: &str) -> std::process::Output {
    limber()
        .current_dir(dir)
        .args(["build", "--root", "g", "--output", output])
        .output()
        .expect("limber runs")
}

fn no_panic(out: &std::process::Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

#[test]
fn an_output_through_a_missing_folder_and_back_is_resolved_before_it_is_checked() {
    for output in [
        "nonexist/../g",
        "g/new/../content",
        "g/new/../templates",
        "g/static/new/../../static",
        "./g/./",
        "g/content/../../g",
    ] {
        let dir = TempDir::new().unwrap();
        init_guide(dir.path(), "g");
        let before = snapshot_tree(&dir.path().join("g"));
        let out = build_into(dir.path(), output);
        no_panic(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{output}: {err}");
        assert!(err.contains("error[E0020]"), "{output}: {err}");
        // The error names the path as given.
        assert!(err.contains(&format!("--> {output}")), "{output}: {err}");
        assert_eq!(
            snapshot_tree(&dir.path().join("g")),
            before,
            "{output} changed the guide"
        );
        assert!(!dir.path().join("nonexist").exists() || output != "nonexist/../g");
    }
}

#[test]
fn an_output_that_names_a_file_is_refused_and_the_file_kept() {
    let dir = TempDir::new().unwrap();
    init_guide(dir.path(), "g");
    fs::write(dir.path().join("notes.txt"), "my notes").unwrap();
    for output in ["notes.txt", "g/guide.toml", "g/content/_index.md"] {
        let before = fs::read(dir.path().join(output)).unwrap();
        let out = build_into(dir.path(), output);
        no_panic(&out);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{output}: {err}");
        assert!(err.contains(&format!("--> {output}")), "{output}: {err}");
        assert!(
            err.contains("error[E0021]") || err.contains("error[E0020]"),
            "{output}: {err}"
        );
        let path = dir.path().join(output);
        assert!(path.is_file(), "{output} is no longer a file");
        assert_eq!(fs::read(&path).unwrap(), before, "{output} was changed");
    }
    // check --format json would not name an output; the human message is
    // what names it. No leftovers beside the files either.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".new-")),
        "staging left behind: {names:?}"
    );
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_built_through_and_stays_a_link() {
    let dir = TempDir::new().unwrap();
    init_guide(dir.path(), "g");
    assert!(build_into(dir.path(), "site").status.success());
    std::os::unix::fs::symlink("site", dir.path().join("link")).unwrap();
    fs::write(dir.path().join("g/content/exercises/extra.toml"), EXTRA).unwrap();
    let out = build_into(dir.path(), "link");
    no_panic(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta = fs::symlink_metadata(dir.path().join("link")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert!(dir.path().join("site/exercises/extra.html").is_file());

    // A link to a folder of the author's is refused like the folder.
    fs::create_dir(dir.path().join("mine")).unwrap();
    fs::write(dir.path().join("mine/index.html"), "my own site").unwrap();
    std::os::unix::fs::symlink("mine", dir.path().join("to-mine")).unwrap();
    let out = build_into(dir.path(), "to-mine");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0021]"));
    assert_eq!(
        fs::read_to_string(dir.path().join("mine/index.html")).unwrap(),
        "my own site"
    );
    // A link to the guide's content is refused like the content.
    std::os::unix::fs::symlink("g/content", dir.path().join("to-content")).unwrap();
    let out = build_into(dir.path(), "to-content");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0020]"));
    assert!(dir.path().join("g/content/_index.md").is_file());
    // A loop of links is an error, not a hang.
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
    let out = build_into(dir.path(), "loop/public");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[E0022]"));
}

const EXTRA: &str = r#"title = "Extra stretch"
summary = "One more."
kind = "stretch"
areas = ["neck"]
positions = ["seated"]
steps = ["Sit tall."]
cautions = ["Stop if it hurts."]
"#;

#[test]
fn only_a_folder_an_earlier_build_wrote_is_replaced() {
    let dir = TempDir::new().unwrap();
    init_guide(dir.path(), "g");
    // An index.html alone does not make a folder a built site.
    fs::create_dir(dir.path().join("mine")).unwrap();
    fs::write(dir.path().join("mine/index.html"), "my own site").unwrap();
    fs::write(dir.path().join("mine/photo.jpg"), "jpeg").unwrap();
    let out = build_into(dir.path(), "mine");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[E0021]") && err.contains("--> mine"),
        "{err}"
    );
    assert_eq!(
        fs::read(dir.path().join("mine/photo.jpg")).unwrap(),
        b"jpeg"
    );
    // An empty folder, then the build in it, may be built over.
    fs::create_dir(dir.path().join("empty")).unwrap();
    assert!(build_into(dir.path(), "empty").status.success());
    assert!(build_into(dir.path(), "empty").status.success());
}

#[test]
fn a_fifo_anywhere_in_the_guide_is_an_error_not_a_hang() {
    for at in [
        "guide.toml",
        "content/_index.md",
        "content/exercises/x.md",
        "content/routines/r.toml",
        "templates/base.html",
        "static/extra.css",
    ] {
        let g = Guide::new();
        let path = g.path(at);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = fs::remove_file(&path);
        let made = StdCommand::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        for command in ["check", "build"] {
            let mut child = StdCommand::new(env!("CARGO_BIN_EXE_limber"))
                .args([command, "--root"])
                .arg(g.root())
                .env("NO_COLOR", "1")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("limber starts");
            let start = Instant::now();
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break status;
                }
                if start.elapsed() > Duration::from_secs(30) {
                    let _ = child.kill();
                    panic!("{command} hangs on a FIFO at {at}");
                }
                std::thread::sleep(Duration::from_millis(20));
            };
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(status.code(), Some(1), "{command} {at}: {err}");
            assert!(err.contains("error[E0008]"), "{command} {at}: {err}");
            assert!(err.contains(&format!("--> {at}")), "{command} {at}: {err}");
        }
        assert!(!g.path("public").exists());
    }
}

#[test]
fn an_empty_file_is_located_at_its_first_line() {
    let g = Guide::new();
    g.write("content/exercises/empty.md", "");
    let (_, found) = g.check_json();
    assert!(
        found.iter().any(|v| v["code"] == "E0005"
            && v["file"] == "content/exercises/empty.md"
            && v["line"] == 1
            && v["column"] == 1),
        "{found:?}"
    );
}

#[test]
fn output_folder_errors_name_the_output() {
    let dir = TempDir::new().unwrap();
    init_guide(dir.path(), "g");
    fs::write(dir.path().join("blocker"), "a file").unwrap();
    // A folder that cannot be made: its parent is a file.
    let out = build_into(dir.path(), "blocker/public");
    no_panic(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[E0022]"), "{err}");
    assert!(err.contains("--> blocker/public"), "{err}");
    assert_eq!(fs::read(dir.path().join("blocker")).unwrap(), b"a file");
}

#[test]
fn a_guide_whose_only_exercise_is_not_utf8_says_so_and_not_no_exercises() {
    let g = Guide::new();
    fs::remove_file(g.path("content/exercises/seated-twist.md")).unwrap();
    fs::remove_file(g.path("content/exercises/wall-angel.toml")).unwrap();
    g.write("content/exercises/latin1.toml", b"title = \"Caf\xe9\"\n");
    // The front page links to nothing, so only the file's own error is left.
    let codes: Vec<_> = g
        .check_json()
        .1
        .into_iter()
        .map(|v| v["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(codes.contains(&"E0002".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"E0011".to_owned()), "{codes:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn file_names_that_are_not_utf8_are_refused_rather_than_renamed() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let g = Guide::new();
    fs::create_dir_all(g.path("static")).unwrap();
    // Two names that would both be shown as "\u{fffd}.png".
    for raw in [b"\xff.png".as_slice(), b"\xfe.png".as_slice()] {
        fs::write(g.path("static").join(OsStr::from_bytes(raw)), "png").unwrap();
    }
    let (code, found) = g.check_json();
    assert_eq!(code, Some(1));
    assert!(found.iter().any(|v| v["code"] == "E0009"), "{found:?}");
    g.build().code(1);
    assert!(!g.path("public").exists());

    let g = Guide::new();
    g.write("content/exercises/ok.toml", EXTRA);
    fs::write(
        g.path("content/exercises")
            .join(OsStr::from_bytes(b"caf\xe9.toml")),
        EXTRA,
    )
    .unwrap();
    g.check()
        .code(1)
        .stderr(predicates::str::contains("error[E0009]"));
}

#[cfg(unix)]
#[test]
fn a_full_or_closed_output_is_an_error_not_a_panic() {
    let g = Guide::new();
    let run = |args: &[&str], stdout: Stdio, stderr: Stdio| {
        let out = StdCommand::new(env!("CARGO_BIN_EXE_limber"))
            .args(args)
            .arg("--root")
            .arg(g.root())
            .stdout(stdout)
            .stderr(stderr)
            .output()
            .expect("limber runs");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        (out.status.code(), err)
    };
    let full = || {
        Stdio::from(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    let (code, err) = run(&["export"], full(), Stdio::piped());
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot write to standard output"), "{err}");
    let (code, _) = run(&["check"], Stdio::null(), full());
    assert_eq!(code, Some(1));
    let (code, err) = run(&["check", "--format", "json"], full(), Stdio::piped());
    // The guide is fine, so there is nothing to print and nothing fails.
    assert_eq!(code, Some(0), "{err}");
    g.write("content/exercises/bad.toml", "title = 3\n");
    let (code, err) = run(&["check", "--format", "json"], full(), Stdio::piped());
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot write to standard output"), "{err}");
    fs::remove_file(g.path("content/exercises/bad.toml")).unwrap();
    let (code, _) = run(&["build"], full(), full());
    assert_eq!(code, Some(1));

    // A pipe closed by its reader: `limber … | head -0`, many times, since
    // whether the write comes before the close is a race.
    for _ in 0..10 {
        for args in [&["export"][..], &["build"][..]] {
            let mut child = StdCommand::new(env!("CARGO_BIN_EXE_limber"))
                .args(args)
                .arg("--root")
                .arg(g.root())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            drop(child.stdout.take());
            let out = child.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{args:?}: {err}");
            assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {err}");
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_leaves_no_staging_folder_and_the_output_as_it_was() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("g");
    limber::synthetic::write_guide(&root, 1500).unwrap();
    let public = root.join("public");
    fs::create_dir(&public).unwrap();
    // A previous build, as far as the output check can tell.
    for name in [
        "index.html",
        "exercises.json",
        "exercises.schema.json",
        ".nojekyll",
    ] {
        fs::write(public.join(name), "before").unwrap();
    }
    let before = snapshot_tree(&public);
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_limber"))
            .args(["build", "--root"])
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Wait until the staging folder exists: the build is writing pages.
        let start = Instant::now();
        let staging = || {
            fs::read_dir(&root)
                .unwrap()
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().starts_with(".public.new-"))
        };
        while !staging() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the build ended before it could be interrupted"
            );
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no staging folder"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let pid = i32::try_from(child.id()).unwrap();
        // SAFETY: kill(2) on our own child's pid, with a valid signal.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(130), "{err}");
        assert!(err.contains("interrupted"), "{err}");
        assert!(!staging(), "the staging folder was left behind");
        let old: Vec<_> = fs::read_dir(&root)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public."))
            .collect();
        assert!(old.is_empty(), "{old:?}");
        assert_eq!(snapshot_tree(&public), before, "the output changed");
    }
}
