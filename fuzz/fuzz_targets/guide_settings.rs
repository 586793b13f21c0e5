//! guide.toml, fuzzed, in an otherwise good guide.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    limber_fuzz::check_guide(&[("guide.toml", data)], limber_fuzz::Templates::BuiltIn);
});
