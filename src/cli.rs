//! The command line: parsing arguments and reporting results. The work
//! itself lives in the library modules.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostic::Report;
use crate::scaffold;
use crate::site::{self, BuildOptions};

#[derive(Debug, Parser)]
#[command(
    name = "limber",
    version,
    about = "Build exercise guides into static websites that work from disk"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the guide into a static site (default: <root>/public).
    Build {
        /// The guide's folder (where guide.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will be published at (overrides guide.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Print the guide as open data (the JSON of exercises.json) to standard output.
    Export {
        /// The guide's folder (where guide.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address the site is published at, for absolute URLs (overrides guide.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Create a new guide, with sample exercises, in an empty or new folder.
    Init {
        /// The folder to create the guide in.
        dir: PathBuf,
    },
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
        } => build(BuildOptions {
            root,
            output,
            base_url,
        }),
        Command::Init { dir } => init(dir),
        Command::Export { root, base_url } => export(BuildOptions {
            root,
            output: None,
            base_url,
        }),
    }
}

/// Colour only for a person at a terminal, and never when NO_COLOR is set.
fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn print_report(report: &Report) {
    let color = use_color();
    for d in &report.diagnostics {
        eprintln!("{}\n", d.render(color));
    }
}

fn build(options: BuildOptions) -> ExitCode {
    match site::build(&options) {
        Ok(summary) => {
            print_report(&summary.report);
            println!(
                "Built {} pages ({} files) in {} ms into {}",
                summary.pages,
                summary.files,
                summary.elapsed.as_millis(),
                summary.output.display()
            );
            ExitCode::SUCCESS
        }
        Err(report) => {
            print_report(&report);
            let n = report.error_count();
            eprintln!(
                "error: the guide was not built: {n} error{} (the previous output, if any, is unchanged)",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::FAILURE
        }
    }
}

fn init(dir: PathBuf) -> ExitCode {
    match scaffold::init(&dir) {
        Ok(files) => {
            for f in &files {
                println!("created {}", f.display());
            }
            println!(
                "\nA new guide is ready. Next:\n  cd {}\n  limber build\n  open public/index.html",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Only the JSON goes to standard output, so that it can be piped or
/// redirected; problems go to standard error.
fn export(options: BuildOptions) -> ExitCode {
    let (guide, report) = site::load(&options);
    print_report(&report);
    match guide {
        Some(guide) => {
            print!("{}", crate::export::to_json(&guide));
            ExitCode::SUCCESS
        }
        None => {
            let n = report.error_count();
            eprintln!(
                "error: nothing was exported: {n} error{}",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::FAILURE
        }
    }
}
