//! The command line: parsing arguments and reporting results. The work
//! itself lives in the library modules.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::check::{self, Format};
use crate::diagnostic::Report;
use crate::new::{self, FileFormat};
use crate::scaffold;
use crate::serve::{self, ServeOptions};
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
    /// Check the whole guide, templates included, without writing anything.
    Check {
        /// The guide's folder (where guide.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `human` (rustc-style, on stderr) or `json` (one object per line,
        /// on stdout, for editors and CI).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Create a new exercise file with every field present and explained.
    New {
        /// The exercise's title; its file name is made from it
        /// ("Cat-cow pose" gives content/exercises/cat-cow-pose.md).
        title: String,
        /// `md` (fields, then a Markdown body) or `toml` (fields only).
        #[arg(long, value_enum, default_value_t = FileFormat::Md)]
        format: FileFormat,
        /// The guide's folder (where guide.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Serve the guide locally, rebuilding and reloading pages on every change.
    Serve {
        /// The guide's folder (where guide.toml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to serve on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to serve on; other than 127.0.0.1 makes the guide
        /// visible to other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the guide in the browser once it is served.
        #[arg(long)]
        open: bool,
        /// Also answer requests addressed to this host name (besides
        /// 127.0.0.1, localhost and the address served on); `.example.org`
        /// allows that domain and every name under it. Repeatable.
        #[arg(long = "allow-host", value_name = "NAME", value_parser = parse_allowed_host)]
        allow_host: Vec<String>,
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
        Command::Check { root, format } => check(root, format),
        Command::New {
            title,
            format,
            root,
        } => new_exercise(root, &title, format),
        Command::Serve {
            root,
            port,
            bind,
            open,
            allow_host,
        } => serve(ServeOptions {
            root,
            port,
            bind,
            open,
            allow_hosts: allow_host,
            color: use_color(),
        }),
        Command::Init { dir } => init(dir),
        Command::Export { root, base_url } => export(BuildOptions {
            root,
            output: None,
            base_url,
        }),
    }
}

/// Exit code for a command given wrong arguments, as clap uses.
const USAGE: u8 = 2;

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

fn check(root: PathBuf, format: Format) -> ExitCode {
    let outcome = check::check(root);
    match format {
        Format::Human => {
            print_report(&outcome.report);
            eprintln!("{}", check::summary(&outcome));
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = check::write_json(&outcome.report, &mut out) {
                eprintln!("error: cannot write the report: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    if outcome.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn new_exercise(root: PathBuf, title: &str, format: FileFormat) -> ExitCode {
    match new::new_exercise(&root, title, format) {
        Ok(path) => {
            // `content/…` rather than `./content/…` for the usual `--root .`.
            let shown = path.strip_prefix(".").unwrap_or(&path);
            println!("{}", shown.display());
            eprintln!("Fill in each TODO, then run `limber check` to see that it is right.");
            ExitCode::SUCCESS
        }
        Err(new::NewError::Guide(d)) => {
            print_report(&Report {
                diagnostics: vec![*d],
            });
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            if e.is_usage() {
                ExitCode::from(USAGE)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn serve(options: ServeOptions) -> ExitCode {
    match serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // A closed standard error is no reason to panic on the way out.
            let _ = std::io::Write::write_all(
                &mut std::io::stderr(),
                format!("{message}\n").as_bytes(),
            );
            ExitCode::FAILURE
        }
    }
}

fn parse_allowed_host(name: &str) -> Result<String, String> {
    if serve::valid_host_name(name) {
        Ok(name.to_owned())
    } else {
        Err(
            "expected a host name such as `laptop.local` or `.example.org`, without a port"
                .to_owned(),
        )
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
