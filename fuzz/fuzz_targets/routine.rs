//! A routine, fuzzed, in a guide whose exercises it may name.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    limber_fuzz::check_guide(
        &[("content/routines/fuzzed.toml", data)],
        limber_fuzz::Templates::BuiltIn,
    );
});
