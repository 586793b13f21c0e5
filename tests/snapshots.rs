//! Snapshots of rendered pages from the built-in theme: a change to the
//! templates or the renderer shows up here as a reviewable diff.

mod common;

use common::Guide;

#[test]
fn exercise_page() {
    let g = Guide::new();
    g.build().success();
    insta::assert_snapshot!(
        "exercise_page",
        g.read("public/exercises/seated-twist.html")
    );
}

#[test]
fn exercise_page_from_toml() {
    let g = Guide::new();
    g.build().success();
    insta::assert_snapshot!(
        "exercise_page_from_toml",
        g.read("public/exercises/wall-angel.html")
    );
}
