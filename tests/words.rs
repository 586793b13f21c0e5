//! A guide's own interface words over limber's: `i18n/<language>.toml`
//! changes what the pages say, word by word, and a word limber does not
//! have is an error at its place.

mod common;

use std::fs;
use std::path::Path;

use common::{Guide, repo_root};

/// The repository's own guide (its words, not its templates), in a folder
/// of its own so that words can be added to it.
fn repository_guide() -> Guide {
    let g = Guide::new();
    fs::remove_dir_all(g.path("content")).expect("remove the fixture's content");
    copy_dir(&repo_root().join("content"), &g.path("content"));
    fs::copy(repo_root().join("guide.toml"), g.path("guide.toml")).expect("copy guide.toml");
    g
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read the folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("its type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

#[test]
fn a_guides_own_words_replace_limbers_on_every_page() {
    let g = repository_guide();
    g.build().success();
    let before = g.read("public/index.html");
    assert!(before.contains(">All exercises</a>"), "{before}");
    assert!(before.contains("Repeat 5 times"), "{before}");
    assert!(before.contains(">Neck<"), "{before}");

    // The guide is in en-GB: its own file for en-GB goes over limber's
    // English.
    g.write(
        "i18n/en-GB.toml",
        r#"[page]
all_exercises = "Every exercise"
exercise_count = { one = "{n} movement", other = "{n} movements" }
dose_times = { one = "{n} go", other = "{n} goes" }
area_neck = "Nape"
steps_title = "What to do"
"#,
    );
    g.build().success();
    let index = g.read("public/index.html");
    assert!(index.contains(">Every exercise</a>"), "{index}");
    assert!(!index.contains("All exercises"), "{index}");
    assert!(index.contains("Repeat 5 goes"), "{index}");
    assert!(!index.contains("Repeat 5 times"), "{index}");
    assert!(index.contains(">Nape<"), "{index}");
    assert!(index.contains(" movements</span>"), "{index}");

    let page = g.read("public/exercises/neck-roll.html");
    assert!(
        page.contains("<h2 id=\"steps-title\">What to do</h2>"),
        "{page}"
    );
    assert!(page.contains(">Nape</a>"), "{page}");
    assert!(page.contains("Repeat 2\u{2013}3 goes"), "{page}");
    let area = g.read("public/areas/neck.html");
    assert!(area.contains("<h1>Nape</h1>"), "{area}");
    // The words the guide did not change are still limber's.
    assert!(page.contains("How much to do"), "{page}");
}

#[test]
fn a_word_limber_does_not_have_is_an_error_at_its_place() {
    let g = repository_guide();
    g.write(
        "i18n/en-GB.toml",
        "[page]\nall_exercises = \"Every exercise\"\nall_exercize = \"Typo\"\n",
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(1));
    let problem = &problems[0];
    assert_eq!(problem["code"], "E0301", "{problem}");
    assert_eq!(problem["line"], 3, "{problem}");
    assert!(
        problem["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("en-GB.toml")),
        "{problem}"
    );
    g.build().failure().code(1);
}
