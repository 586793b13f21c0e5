//! `limber serve`: build the guide into memory, serve it on a local port,
//! rebuild when a source changes, and reload the open pages.
//!
//! The site is served from memory and never written: `public/` (whatever
//! `build` last wrote there) is left alone, and nothing needs cleaning up
//! after Ctrl-C. A failed rebuild keeps the last good site served and shows
//! its errors in the terminal and over the page; the next good one clears
//! them.

mod http;
mod live;
mod rebuild;
mod reload;
mod watch;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use tiny_http::{Request, Server};

use crate::diagnostic::Report;
use crate::site::BuildOptions;
use http::Target;
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
    /// Whether diagnostics in the terminal may use colour.
    pub color: bool,
}

/// How long a page's poll is held open when nothing changes. Well under
/// the time browsers and proxies give up on a quiet request.
const POLL_HOLD: Duration = Duration::from_secs(25);
/// Polls held at once; more (dozens of open tabs) are asked to retry.
const MAX_POLLS: usize = 64;
/// How often the server loop looks up from waiting for requests: it bounds
/// how late a poll hears of a rebuild and how long Ctrl-C takes.
const TICK: Duration = Duration::from_millis(50);

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
    let listener = TcpListener::bind(addr).map_err(|e| bind_error(&e, addr))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot serve on {addr}: {e}"))?;
    let server = Server::from_listener(listener, None)
        .map_err(|e| format!("cannot serve on {addr}: {e}"))?;
    let url = format!("http://{}/", display_addr(local));

    let live = Arc::new(Live::new());
    let mut builder = Builder::new(BuildOptions {
        root: root.clone(),
        output: None,
        // The served address, as zola and hugo do: the 404 page's links
        // then work at any depth, and canonical links, the sitemap and
        // exercises.json point at the preview rather than at the real site.
        base_url: Some(url.clone()),
    });
    // Watching starts before the first build, so that no save made while
    // it builds, or just after the address is printed, goes unseen.
    let watch = Watch::new(&root)
        .map_err(|e| format!("cannot watch {} for changes: {e}", root.display()))?;
    let started = Instant::now();
    match builder.rebuild(Changes::ALL) {
        Ok((site, warnings)) => {
            print_report(&warnings, options.color);
            println!(
                "Built {} pages in {} ms.",
                crate::site::page_count(&site),
                started.elapsed().as_millis()
            );
            live.publish(site);
        }
        Err(report) => {
            print_report(&report, options.color);
            eprintln!("error: the guide has errors; the browser shows them until they are fixed");
            live.fail(report_text(&report));
        }
    }

    println!("Serving {} at {url}", root.display());
    if !options.bind.is_loopback() {
        println!(
            "  note: --bind {} makes the guide visible to other machines on the network",
            options.bind
        );
    }
    println!(
        "Watching guide.toml, content/, templates/ and static/; pages reload by themselves.\n\
         Serving from memory: public/ is not touched. Press Ctrl-C to stop."
    );

    let rebuilder = {
        let (live, stop, color) = (Arc::clone(&live), Arc::clone(&stop), options.color);
        thread::spawn(move || rebuild_loop(watch, builder, &live, &stop, color))
    };
    if options.open {
        open_browser(&url);
    }

    serve_loop(&server, &live, &stop);
    println!("Stopped.");
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
        eprintln!("{}\n", d.render(color));
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
                println!(
                    "{} after a change to {what}, in {} ms ({}).",
                    if failing { "Fixed: rebuilt" } else { "Rebuilt" },
                    started.elapsed().as_millis(),
                    match builder.rendered {
                        0 => "no page changed".to_owned(),
                        1 => "1 page rendered".to_owned(),
                        n => format!("{n} pages rendered"),
                    }
                );
                live.publish(site);
                failing = false;
            }
            Err(report) => {
                print_report(&report, color);
                eprintln!(
                    "error: {what} broke the build; still serving the last good version, with the errors over the page"
                );
                live.fail(report_text(&report));
                failing = true;
            }
        }
    }
}

/// A page's poll, held until the version moves on or it has waited enough.
struct Poll {
    request: Request,
    since: Option<u64>,
    until: Instant,
}

fn serve_loop(server: &Server, live: &Live, stop: &AtomicBool) {
    let mut polls: Vec<Poll> = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        match server.recv_timeout(TICK) {
            Ok(Some(request)) => {
                if let Some(poll) = answer(request, live, polls.len()) {
                    polls.push(poll);
                }
            }
            Ok(None) => {}
            Err(e) => eprintln!("warning: receiving a request: {e}"),
        }
        if polls.is_empty() {
            continue;
        }
        let version = live.version();
        let now = Instant::now();
        let (due, waiting): (Vec<Poll>, Vec<Poll>) = polls
            .into_iter()
            .partition(|p| p.since != Some(version) || now >= p.until);
        polls = waiting;
        if !due.is_empty() {
            let snapshot = live.snapshot();
            for p in due {
                // A page closed while waiting makes this fail; nothing to do.
                let _ = p.request.respond(http::poll_reply(&snapshot));
            }
        }
    }
}

/// Answers `request` now, or hands it back as a poll to hold.
fn answer(request: Request, live: &Live, held: usize) -> Option<Poll> {
    if !http::method_allowed(&request) {
        let _ = request.respond(http::method_not_allowed());
        return None;
    }
    let snapshot = live.snapshot();
    let reply = match http::resolve(request.url()) {
        Target::Poll { since } if since == Some(snapshot.version) && held < MAX_POLLS => {
            return Some(Poll {
                request,
                since,
                until: Instant::now() + POLL_HOLD,
            });
        }
        Target::Poll { since } if since == Some(snapshot.version) => {
            // Too many held already: ask the page to try again shortly.
            http::reply(503, "text/plain; charset=utf-8", b"busy\n".to_vec())
        }
        Target::Poll { .. } => http::poll_reply(&snapshot),
        Target::File(path) => http::file_reply(Some(&path), &snapshot),
        Target::Invalid => http::reply(
            400,
            "text/plain; charset=utf-8",
            b"400 Bad Request: this path does not name a file of the guide\n".to_vec(),
        ),
    };
    // The browser may have gone away meanwhile; nothing to do then.
    let _ = request.respond(reply);
    None
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
        Err(e) => eprintln!("note: could not open a browser ({e}); open {url} yourself"),
    }
}
