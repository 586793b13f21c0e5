//! limber: a static-site generator for exercise guides.
//!
//! The pipeline reads top-down: [`content`] loads and checks an author's
//! files into the [`model`], [`render`] turns them into pages through Tera,
//! and [`site`] runs the build as phases and writes the output atomically.

// A `Diagnostic` is large (it carries its source text and help), but it is
// only ever built on the error path, where size does not matter.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod cli;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod site;
pub mod synthetic;
