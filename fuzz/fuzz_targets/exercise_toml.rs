//! An exercise written as plain TOML, fuzzed, beside the guide's good
//! exercises.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    limber_fuzz::check_guide(
        &[("content/exercises/fuzzed.toml", data)],
        limber_fuzz::Templates::BuiltIn,
    );
});
