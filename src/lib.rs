//! limber: a static-site generator for exercise guides.
//!
//! The pipeline reads top-down: [`content`] loads and checks an author's
//! files into the [`model`], [`render`] turns them into pages through Tera,
//! and [`site`] runs the build as phases and writes the output atomically.

pub mod assets;
pub mod cli;
pub mod content;
pub mod diagnostic;
pub mod markdown;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod site;
pub mod timing;
