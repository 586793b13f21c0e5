//! A guide's own template, fuzzed, rendered against the small guide. The
//! first byte chooses which built-in template it replaces (or a new one
//! that the others may include); the rest is the template.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "templates/base.html",
    "templates/exercise.html",
    "templates/index.html",
    "templates/routine.html",
    "templates/macros.html",
    "templates/area.html",
    "templates/family.html",
    "templates/position.html",
    "templates/seo.html",
    "templates/404.html",
    "templates/extra.html",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, template)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(which) % NAMES.len()];
    limber_fuzz::check_guide(&[(name, template)], limber_fuzz::Templates::Guide);
});
