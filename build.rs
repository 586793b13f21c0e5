//! Minifies the built-in scripts once, when limber itself is compiled, so
//! that every guide's pages carry the small scripts and no build of a guide
//! pays for it. `src/assets.rs` embeds the results from `OUT_DIR`.
//!
//! oxc's minifier (parser, compressor, mangler and printer): it keeps the
//! scripts working (the browser tests run on its output), prints the same
//! bytes for the same source, and takes milliseconds per script.

use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// The scripts of `static/` that `src/assets.rs` serves minified.
const SCRIPTS: &[&str] = &[
    "search.js",
    "site.js",
    "filters.js",
    "player.js",
    "poses.js",
    "plan.js",
    "history.js",
    "qr.js",
];

/// The service worker: not a static file (the build writes it with the
/// site's list of files), so it is kept apart from `static/`.
const WORKER: &str = "src/site/sw.js";

fn main() -> Result<(), String> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo set no OUT_DIR")?);
    let scripts = SCRIPTS
        .iter()
        .map(|name| (Path::new("static").join(name), *name));
    for (path, name) in scripts.chain([(PathBuf::from(WORKER), "sw.js")]) {
        println!("cargo::rerun-if-changed={}", path.display());
        let source =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let small = minify(&source).map_err(|e| format!("{}: {e}", path.display()))?;
        let small = format!("{}{small}", licence(&source));
        std::fs::write(out.join(name), small).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

/// The comment lines (`//`) a script starts with: a vendored library's
/// licence, which must travel with it. limber's own scripts start with a
/// block comment, so this is empty for them.
fn licence(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The script compressed and with its local names shortened. Each file is
/// one classic script wrapping its code in a function, so nothing global is
/// renamed.
fn minify(source: &str) -> Result<String, String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::script()).parse();
    if let Some(error) = parsed.diagnostics.first() {
        return Err(format!("cannot parse: {error}"));
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        mangle_properties: None,
        compress: Some(CompressOptions::smallest()),
    };
    let minified = Minifier::new(options).minify(&allocator, &mut program);
    let printed = Codegen::new()
        .with_options(CodegenOptions {
            minify: true,
            comments: CommentOptions::disabled(),
            ..CodegenOptions::default()
        })
        .with_scoping(minified.scoping)
        .build(&program);
    Ok(printed.code)
}
