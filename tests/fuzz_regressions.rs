//! Inputs the fuzz targets (`fuzz/`) found to break a promise, kept as
//! tests of the real binary.

mod common;

use common::Guide;

/// A broken `@/` link in guide.toml's disclaimer or a family's description
/// named guide.toml but no line.
#[test]
fn a_broken_link_in_guide_toml_is_located() {
    let g = Guide::new();
    let toml = g.read("guide.toml");
    g.write(
        "guide.toml",
        format!("disclaimer = \"See [x](@/exercises/nope.md).\"\n{toml}"),
    );
    let (code, found) = g.check_json();
    assert_eq!(code, Some(1));
    let v = found
        .iter()
        .find(|v| v["code"] == "E0160")
        .unwrap_or_else(|| panic!("no E0160 in {found:?}"));
    assert_eq!(v["file"], "guide.toml");
    assert_eq!(v["line"], 1);
    assert_eq!(v["column"], 23, "{v}");

    // The same in a family's description, further down the file.
    g.write(
        "guide.toml",
        toml.replace(
            "description = \"Turning movements.\"",
            "description = \"Turning, see [x](@/exercises/nope.md).\"",
        ),
    );
    let (_, found) = g.check_json();
    assert!(
        found
            .iter()
            .any(|v| v["code"] == "E0160" && v["file"] == "guide.toml" && v["line"].is_u64()),
        "{found:?}"
    );
}

/// A routine's `rep_seconds` at the top of i64 overflowed a sum and
/// panicked; it is a located error.
#[test]
fn a_routine_with_the_largest_numbers_is_an_error_not_a_panic() {
    let g = Guide::new();
    g.write(
        "content/routines/r.toml",
        "title = \"R\"\nsummary = \"S.\"\n\n[[items]]\nexercise = \"seated-twist\"\nrep_seconds = 9223372036854775807\n",
    );
    let (code, found) = g.check_json();
    assert_eq!(code, Some(1), "{found:?}");
    assert!(
        found
            .iter()
            .any(|v| v["file"] == "content/routines/r.toml" && v["line"] == 6),
        "{found:?}"
    );
}
