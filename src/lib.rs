//! limber: a static-site generator for exercise guides.
//!
//! The pipeline reads top-down: [`content`] loads and checks an author's
//! files into the [`model`], [`render`] turns them into pages through Tera,
//! and [`site`] runs the build as phases and writes the output atomically.
//! [`check`], [`new`] and [`serve`] are the author's everyday commands.
//!
//! Modules depend one way, from the commands down to the model, never in
//! a circle; `tests/layers.rs` gives each module its layer and checks it.
#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic carries its source and help text; errors are the cold path, and boxing them all would only add noise"
)]

pub mod assets;
pub mod check;
pub mod cli;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod export;
pub mod files;
pub mod html;
pub mod i18n;
pub mod images;
pub mod markdown;
pub mod model;
pub mod new;
pub mod pose;
pub mod publish;
pub mod random;
pub mod readability;
pub mod render;
pub mod scaffold;
pub mod seo;
pub mod serve;
pub mod site;
pub mod suggest;
pub mod synthetic;
pub mod timing;
pub mod toml_doc;
