//! The build runs in parallel, and its output must not depend on that: the
//! same guide gives the same bytes with one thread or many.

mod common;

use common::{limber, snapshot_tree};
use tempfile::TempDir;

/// A generated guide of a few hundred exercises, plus exercises with `@/`
/// links and `related` lists, which are rendered per page depth.
fn large_guide() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    limber::synthetic::write_guide(dir.path(), 300).expect("write guide");
    let first = limber::synthetic::exercise(0);
    let second = limber::synthetic::exercise(1);
    let linked = format!(
        "+++\ntitle = \"Linked exercise\"\nsummary = \"Points at others.\"\nkind = \"stretch\"\n\
         areas = [\"neck\"]\npositions = [\"seated\"]\nrelated = [\"{}\", \"{}\"]\n+++\n\n\
         Start with [the first](@/exercises/{}) & go on.\n\n## Steps\n\n\
         1. Then do [the second](@/exercises/{}#steps).\n\n## Cautions\n\n- Stop if it hurts.\n",
        first.slug,
        second.slug,
        first.file_name(),
        second.file_name()
    );
    std::fs::write(
        dir.path().join("content/exercises/linked-exercise.md"),
        linked,
    )
    .expect("write");
    dir
}

fn build_with_threads(root: &std::path::Path, threads: &str) -> TempDir {
    let out = TempDir::new().expect("temp dir");
    limber()
        .env("RAYON_NUM_THREADS", threads)
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("public"))
        .assert()
        .success();
    out
}

#[test]
fn parallel_and_sequential_builds_write_the_same_bytes() {
    let guide = large_guide();
    let sequential = build_with_threads(guide.path(), "1");
    // More threads than this machine may have cores, so that pages really
    // do finish out of order.
    let parallel = build_with_threads(guide.path(), "8");
    let a = snapshot_tree(&sequential.path().join("public"));
    let b = snapshot_tree(&parallel.path().join("public"));
    assert!(a.len() > 300, "only {} files were built", a.len());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between the builds");
    }
    let page = String::from_utf8_lossy(&a["exercises/linked-exercise.html"]);
    assert!(
        page.contains(&format!(
            "href=\"../exercises/{}.html\"",
            limber::synthetic::exercise(0).slug
        )),
        "{page}"
    );
}
