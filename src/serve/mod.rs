//! `limber serve`: build the guide into memory, serve it on a local port,
//! rebuild when a source changes, and reload the open pages.
//!
//! The site is served from memory and never written: `public/` (whatever
//! `build` last wrote there) is left alone, and nothing needs cleaning up
//! after Ctrl-C. A failed rebuild keeps the last good site served and shows
//! its errors in the terminal and over the page; the next good one clears
//! them.

mod host;
mod http;
mod live;
mod rebuild;
mod reload;
mod server;
mod watch;

use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::diagnostic::Report;
use crate::site::BuildOptions;
pub use host::valid_name as valid_host_name;
use live::Live;
pub use rebuild::Builder;
pub use watch::Changes;
use watch::Watch;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    /// Host names answered besides this machine's (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// Whether diagnostics in the terminal may use colour.
    pub color: bool,
}

/// A line on standard output. A closed one (`limber serve | head -1`) is
/// no reason to stop serving, so errors are ignored rather than panicking.
fn say(line: &str) {
    let _ = writeln!(io::stdout().lock(), "{line}");
}

/// A line on standard error, errors ignored as for [`say`].
fn warn(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Serves until Ctrl-C. The error is a complete message for the terminal.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    serve_guide(options).map_err(|m| {
        if m.starts_with("error") {
            m
        } else {
            format!("error: {m}")
        }
    })
}

fn serve_guide(options: ServeOptions) -> Result<(), String> {
    let root = options.root.canonicalize().map_err(|e| {
        format!(
            "cannot serve {}: {e}\n  help: pass the guide's folder with --root DIR",
            options.root.display()
        )
    })?;
    // Missing guide.toml means the wrong folder, not an edit to wait for.
    if let Err(d) = crate::content::load_config(&root)
        && d.code == "E0012"
    {
        return Err(d.render(options.color));
    }

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // A second Ctrl-C ends the process at once, should stopping hang.
        signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&stop))
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)))
            .map_err(|e| format!("cannot listen for Ctrl-C: {e}"))?;
    }

    // Bound before the first build: the build needs the address.
    let addr = SocketAddr::new(options.bind, options.port);
    let runtime = server::runtime().map_err(|e| format!("cannot start the HTTP server: {e}"))?;
    let listener = server::bind(&runtime, addr).map_err(|e| bind_error(&e, addr))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot serve on {addr}: {e}"))?;
    let url = format!("http://{}/", display_addr(local));

    let live = Arc::new(Live::new());
    let mut builder = Builder::new(BuildOptions {
        root: root.clone(),
        output: None,
        // The served address: the 404 page's links then work at any depth,
        // and canonical links, the sitemap and exercises.json point at the
        // preview rather than at the real site. A visitor who reached it by
        // another address gets that one in its place (see `http::Base`).
        base_url: Some(url.clone()),
        ..BuildOptions::default()
    });
    // Watching starts before the first build, so that no save made while
    // it builds, or just after the address is printed, goes unseen.
    let watch = Watch::new(&root)
        .map_err(|e| format!("cannot watch {} for changes: {e}", root.display()))?;
    let started = Instant::now();
    match builder.rebuild(Changes::ALL) {
        Ok((site, warnings)) => {
            print_report(&warnings, options.color);
            say(&format!(
                "Built {} pages in {} ms.",
                crate::site::page_count(&site),
                started.elapsed().as_millis()
            ));
            live.publish(site);
        }
        Err(report) => {
            print_report(&report, options.color);
            warn("error: the guide has errors; the browser shows them until they are fixed");
            live.fail(report_text(&report));
        }
    }

    say(&format!("Serving {} at {url}", root.display()));
    if !options.bind.is_loopback() {
        warn(&format!(
            "warning: --bind {} makes the guide visible to other machines on the network; \
             they reach it at this machine's address, port {}, and its links follow the address used",
            options.bind,
            local.port()
        ));
    }
    say(
        "Watching guide.toml, content/, templates/ and static/; pages reload by themselves.\n\
         Serving from memory: public/ is not touched. Press Ctrl-C to stop.",
    );

    let rebuilder = {
        let (live, stop, color) = (Arc::clone(&live), Arc::clone(&stop), options.color);
        thread::spawn(move || rebuild_loop(watch, builder, &live, &stop, color))
    };
    if options.open {
        open_browser(&url);
    }

    let hosts = host::Hosts::new(options.bind, &options.allow_hosts);
    server::run(runtime, listener, live, hosts, url, Arc::clone(&stop));
    say("Stopped.");
    // The rebuild loop looks at `stop` between waits; it ends promptly.
    let _ = rebuilder.join();
    Ok(())
}

fn bind_error(e: &io::Error, addr: SocketAddr) -> String {
    match e.kind() {
        io::ErrorKind::AddrInUse => format!(
            "port {} on {} is already in use (another `limber serve`?)\n  help: choose another port, e.g. --port {}",
            addr.port(),
            addr.ip(),
            addr.port().wrapping_add(1).max(1024)
        ),
        io::ErrorKind::AddrNotAvailable => format!(
            "{} is not an address of this machine\n  help: leave out --bind to serve on 127.0.0.1",
            addr.ip()
        ),
        io::ErrorKind::PermissionDenied => format!(
            "not allowed to serve on port {}\n  help: ports below 1024 need special rights; use the default 1111 or another above 1024",
            addr.port()
        ),
        _ => format!("cannot serve on {addr}: {e}"),
    }
}

/// `127.0.0.1:1111`, or `[::1]:1111`: how the address goes in a URL. A
/// server on every address (`0.0.0.0`) is reached here on the loopback one.
fn display_addr(mut addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    match addr {
        SocketAddr::V4(a) => a.to_string(),
        SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
    }
}

fn print_report(report: &Report, color: bool) {
    for d in &report.diagnostics {
        warn(&format!("{}\n", d.render(color)));
    }
}

/// The errors as the browser overlay shows them: as in the terminal, but
/// never with colour codes.
fn report_text(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn rebuild_loop(
    mut watch: Watch,
    mut builder: Builder,
    live: &Live,
    stop: &AtomicBool,
    color: bool,
) {
    let mut failing = live.snapshot().errors.is_some();
    while !stop.load(Ordering::Relaxed) {
        let Some((changes, names)) = watch.next(Duration::from_millis(200)) else {
            continue;
        };
        let started = Instant::now();
        let what = match names.as_slice() {
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} and {} more", rest.len()),
            [] => "the guide".to_owned(),
        };
        match builder.rebuild(changes) {
            Ok((site, warnings)) => {
                print_report(&warnings, color);
                say(&format!(
                    "{} after a change to {what}, in {} ms ({}).",
                    if failing { "Fixed: rebuilt" } else { "Rebuilt" },
                    started.elapsed().as_millis(),
                    match builder.rendered {
                        0 => "no page changed".to_owned(),
                        1 => "1 page rendered".to_owned(),
                        n => format!("{n} pages rendered"),
                    }
                ));
                live.publish(site);
                failing = false;
            }
            Err(report) => {
                print_report(&report, color);
                warn(&format!(
                    "error: {what} broke the build; still serving the last good version, with the errors over the page"
                ));
                live.fail(report_text(&report));
                failing = true;
            }
        }
    }
}

/// Opens `url` in the desktop's browser; a failure is only a note, since
/// the address is printed anyway.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match cmd.spawn() {
        // Reap the opener when it exits, so it does not linger as a zombie.
        Ok(mut child) => drop(thread::spawn(move || child.wait())),
        Err(e) => warn(&format!(
            "note: could not open a browser ({e}); open {url} yourself"
        )),
    }
}
