//! A whole small guide from fuzzed files: the input is split at NUL bytes
//! into guide.toml, the index page, a Markdown exercise, a TOML exercise, a
//! routine and the exercise template. A part that is missing keeps the base
//! guide's file (or no template), so short inputs still reach the later
//! loaders.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "guide.toml",
    "content/_index.md",
    "content/exercises/shoulder-roll.md",
    "content/exercises/chin-tuck.toml",
    "content/routines/desk.toml",
    "templates/exercise.html",
];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(&str, &[u8])> = PATHS.iter().copied().zip(data.split(|b| *b == 0)).collect();
    // Loading templates is most of a check's time: only when there is one.
    let templates = if files.len() == PATHS.len() {
        limber_fuzz::Templates::Guide
    } else {
        limber_fuzz::Templates::BuiltIn
    };
    limber_fuzz::check_guide(&files, templates);
});
