//! `limber check`: every validation `build` runs, pages rendered in memory,
//! nothing written; the problems as rustc-style text or as JSON lines.

use std::io::Write;
use std::path::PathBuf;

use crate::diagnostic::Report;
use crate::site::{self, BuildOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style reports on stderr, for people.
    Human,
    /// One JSON object per problem on stdout, for editors and CI.
    Json,
}

/// What a check found, ready to print.
#[derive(Debug)]
pub struct Outcome {
    pub report: Report,
    /// Exercises and pages, when the guide has no error.
    pub counts: Option<(usize, usize)>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        !self.report.has_errors()
    }
}

pub fn check(root: PathBuf) -> Outcome {
    let options = BuildOptions {
        root,
        review: crate::content::Review::Full,
        ..BuildOptions::default()
    };
    match site::check(&options) {
        Ok(checked) => Outcome {
            counts: Some((checked.guide.exercises.len(), checked.pages)),
            report: checked.report,
        },
        Err(report) => Outcome {
            report,
            counts: None,
        },
    }
}

/// One line of JSON per problem. Editors read stdout line by line.
pub fn write_json(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{}", d.to_json())?;
    }
    Ok(())
}

/// The closing line of a human report: what was found, in words.
pub fn summary(outcome: &Outcome) -> String {
    let errors = outcome.report.error_count();
    let warnings = outcome.report.warning_count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match outcome.counts {
        Some((exercises, pages)) if warnings == 0 => format!(
            "The guide is fine: {} and {} checked.",
            plural(exercises, "exercise"),
            plural(pages, "page")
        ),
        Some((exercises, pages)) => format!(
            "The guide builds, with {}: {} and {} checked.",
            plural(warnings, "warning"),
            plural(exercises, "exercise"),
            plural(pages, "page")
        ),
        None => format!(
            "error: the guide has {}{}; `limber build` will not publish it until they are fixed",
            plural(errors, "error"),
            if warnings > 0 {
                format!(" and {}", plural(warnings, "warning"))
            } else {
                String::new()
            }
        ),
    }
}
