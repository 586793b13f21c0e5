//! The command line: parsing arguments and reporting results. The work
//! itself lives in the library modules.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
        /// Show every warning; by default a warning that repeats is shown
        /// three times, then counted.
        #[arg(long, short)]
        verbose: bool,
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
        /// Show every warning; by default a warning that repeats is shown
        /// three times, then counted (`--format json` always gives all).
        #[arg(long, short)]
        verbose: bool,
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
            verbose,
        } => build(
            BuildOptions {
                root,
                output,
                base_url,
                ..BuildOptions::default()
            },
            Shown::from(verbose),
        ),
        Command::Check {
            root,
            format,
            verbose,
        } => check(root, format, Shown::from(verbose)),
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
            ..BuildOptions::default()
        }),
    }
}

/// Exit code for a command given wrong arguments, as clap uses.
const USAGE: u8 = 2;
/// Exit code for a build stopped by Ctrl-C or SIGTERM, as shells report
/// a command ended by SIGINT.
const INTERRUPTED: u8 = 130;

/// Colour only for a person at a terminal, and never when NO_COLOR is set.
fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes to standard output. A closed pipe or a full disk is an error the
/// command reports (on stderr, if that can be written) and exits 1 for,
/// never a panic.
fn out(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Writes to standard error, or says nothing when even that is closed:
/// there is nowhere left to say it.
fn say(text: &str) -> io::Result<()> {
    let mut stderr = io::stderr().lock();
    stderr.write_all(text.as_bytes())?;
    stderr.flush()
}

/// The exit code for output that could not be written: 1, with a message
/// when standard error can take one.
fn cannot_print(what: &str, e: &io::Error) -> ExitCode {
    let _ = say(&format!("error: cannot write to {what}: {e}\n"));
    ExitCode::FAILURE
}

/// How many of the problems a human report shows.
#[derive(Debug, Clone, Copy)]
enum Shown {
    All,
    /// Each warning code this many times, then a line counting the rest,
    /// so a guide of hundreds of exercises is not buried in one warning.
    FirstOfEach(usize),
}

impl From<bool> for Shown {
    fn from(verbose: bool) -> Shown {
        if verbose {
            Shown::All
        } else {
            Shown::FirstOfEach(3)
        }
    }
}

fn print_report(report: &Report) -> io::Result<()> {
    print_report_as(report, Shown::All)
}

/// Every error, and the warnings as `shown` says.
fn print_report_as(report: &Report, shown: Shown) -> io::Result<()> {
    let color = use_color();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &report.diagnostics {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        match shown {
            Shown::FirstOfEach(limit) if !d.is_error() && *n > limit => {}
            _ => say(&format!("{}\n\n", d.render(color)))?,
        }
    }
    if let Shown::FirstOfEach(limit) = shown {
        for (code, n) in seen {
            let is_warning = report
                .diagnostics
                .iter()
                .any(|d| d.code == code && !d.is_error());
            if is_warning && n > limit {
                let more = n - limit;
                say(&format!(
                    "warning[{code}]: {more} more like this not shown (--verbose shows every one; `[check] allow = [\"{code}\"]` in guide.toml turns it off)\n\n",
                ))?;
            }
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn build(options: BuildOptions, shown: Shown) -> ExitCode {
    let stop = Arc::new(AtomicBool::new(false));
    if let Err(e) = stop_on_signals(&stop) {
        return cannot_print("the signal handlers", &e);
    }
    let result = site::build_until(&options, &stop);
    if stop.load(Ordering::Relaxed) {
        let _ = say("limber build was interrupted; the previous output, if any, is unchanged\n");
        return ExitCode::from(INTERRUPTED);
    }
    match result {
        Ok(summary) => {
            if let Err(e) = print_report_as(&summary.report, shown) {
                return cannot_print("standard error", &e);
            }
            let mut line = format!(
                "Built {} pages ({} files) in {} ms into {}\n",
                summary.pages,
                summary.files,
                summary.elapsed.as_millis(),
                summary.output.display()
            );
            let p = summary.pictures;
            if matches!(shown, Shown::All) && p.pictures > 0 {
                line.push_str(&format!(
                    "Pictures: {} read, {} given new copies, {} from the cache\n",
                    p.pictures, p.made, p.cached
                ));
            }
            match out(&line) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => cannot_print("standard output", &e),
            }
        }
        Err(report) => {
            let n = report.error_count();
            let _ = print_report_as(&report, shown).and_then(|()| {
                say(&format!(
                    "error: the guide was not built: {n} error{} (the previous output, if any, is unchanged)\n",
                    plural(n)
                ))
            });
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C and SIGTERM set `stop`, which the build checks as it goes, so
/// that it stops with its staging folder removed; a second one ends the
/// process at once.
fn stop_on_signals(stop: &Arc<AtomicBool>) -> io::Result<()> {
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register_conditional_shutdown(
            signal,
            INTERRUPTED.into(),
            Arc::clone(stop),
        )?;
        signal_hook::flag::register(signal, Arc::clone(stop))?;
    }
    Ok(())
}

fn init(dir: PathBuf) -> ExitCode {
    match scaffold::init(&dir) {
        Ok(files) => {
            let mut text = String::new();
            for f in &files {
                text.push_str(&format!("created {}\n", f.display()));
            }
            text.push_str(&format!(
                "\nA new guide is ready. Next:\n  cd {}\n  limber build\n  open public/index.html\n",
                dir.display()
            ));
            match out(&text) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => cannot_print("standard output", &e),
            }
        }
        Err(e) => {
            let _ = say(&format!("error: {e}\n"));
            ExitCode::FAILURE
        }
    }
}

fn check(root: PathBuf, format: Format, shown: Shown) -> ExitCode {
    let outcome = check::check(root);
    let written = match format {
        Format::Human => print_report_as(&outcome.report, shown)
            .and_then(|()| say(&format!("{}\n", check::summary(&outcome))))
            .map_err(|e| ("standard error", e)),
        Format::Json => {
            let mut text = Vec::new();
            check::write_json(&outcome.report, &mut text)
                .and_then(|()| out(&String::from_utf8_lossy(&text)))
                .map_err(|e| ("standard output", e))
        }
    };
    match written {
        Err((what, e)) => cannot_print(what, &e),
        Ok(()) if outcome.ok() => ExitCode::SUCCESS,
        Ok(()) => ExitCode::FAILURE,
    }
}

fn new_exercise(root: PathBuf, title: &str, format: FileFormat) -> ExitCode {
    match new::new_exercise(&root, title, format) {
        Ok(path) => {
            // `content/…` rather than `./content/…` for the usual `--root .`.
            let shown = path.strip_prefix(".").unwrap_or(&path);
            if let Err(e) = out(&format!("{}\n", shown.display())) {
                return cannot_print("standard output", &e);
            }
            let _ = say("Fill in each TODO, then run `limber check` to see that it is right.\n");
            ExitCode::SUCCESS
        }
        Err(new::NewError::Guide(d)) => {
            let _ = print_report(&Report {
                diagnostics: vec![*d],
            });
            ExitCode::FAILURE
        }
        Err(e) => {
            let _ = say(&format!("error: {e}\n"));
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
            let _ = say(&format!("{message}\n"));
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
    if let Err(e) = print_report(&report) {
        return cannot_print("standard error", &e);
    }
    match guide {
        Some(guide) => match out(&crate::export::to_json(&guide)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => cannot_print("standard output", &e),
        },
        None => {
            let n = report.error_count();
            let _ = say(&format!(
                "error: nothing was exported: {n} error{}\n",
                plural(n)
            ));
            ExitCode::FAILURE
        }
    }
}
