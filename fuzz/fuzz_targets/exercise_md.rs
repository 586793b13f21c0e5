//! An exercise written as Markdown with TOML front matter, fuzzed, beside
//! the guide's good exercises (which it may link to, and they to it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    limber_fuzz::check_guide(
        &[("content/exercises/fuzzed.md", data)],
        limber_fuzz::Templates::BuiltIn,
    );
});
