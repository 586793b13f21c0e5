//! The HTTP side of `serve`: HTTP/1.1 through hyper on tokio, one task per
//! connection, so that no client, however slow, careless or hostile, can
//! hold up another.
//!
//! Every resource a client can take is bounded: the request head's size
//! and the time to send it, time spent idle, time spent not reading an
//! answer, the number of connections (from the process's open-file limit;
//! when it is reached the idlest connection makes room for the newcomer),
//! the number of held polls. A request body is never read.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::runtime::Runtime;
use tokio::sync::watch;
use tokio::time::Instant;

use super::host::Hosts;
use super::http::{self, Base, Reply, Target};
use super::live::Live;
use crate::site::lock;

/// Connections the kernel queues while the accept loop catches up: a page
/// opens several at once, a benchmark hundreds, and a full queue refuses
/// them. Linux caps it at `net.core.somaxconn`.
const LISTEN_BACKLOG: u32 = 1024;
/// From the moment a connection is ready for a request to the end of its
/// head: a client that sends a head byte by byte (to hold a connection for
/// nothing) is cut off, while a phone on weak Wi-Fi sends its 1 KB head in
/// well under this.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection with nothing in flight and no byte moving either way is
/// closed after this. Browsers open a new connection when they need one;
/// an idle one only holds an open file.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// A connection whose client has taken no byte of an answer for this long
/// is closed: a slow phone still takes some every few seconds; a client
/// that never reads (or pipelines requests without reading the answers)
/// would otherwise hold its answers and its connection for ever.
const SEND_STALL_TIMEOUT: Duration = Duration::from_secs(20);
/// The largest request head read: browsers send 1–2 KB, more with the
/// cookies other local servers set for `localhost`. A longer one (a
/// request line without end) gets 431 instead of growing the buffer.
const MAX_HEAD_SIZE: usize = 64 * 1024;
/// Header lines in one request; browsers send about a dozen.
const MAX_HEADERS: usize = 100;
/// A `GET` or `HEAD` body up to this size is left unread and the request
/// answered (some tools send a small one); a larger or unknown-length one
/// gets 413 at once, without reading what was declared.
const MAX_IGNORED_BODY: u64 = 1024;
/// Open files kept for everything else: the build reading sources, the
/// file watcher, the runtime, standard streams.
const RESERVED_FILES: usize = 128;
/// Connections at most, whatever the open-file limit: each has buffers of
/// its own, and a preview has a handful of visitors.
const MAX_CONNECTIONS: usize = 4096;
/// Connections allowed however low the open-file limit.
const MIN_CONNECTIONS: usize = 16;
/// After an accept error (out of open files, say) the loop waits this
/// long before trying again, instead of spinning on the same error while
/// the connections it closed let go of their files.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(20);
/// Out of open files is reported at most this often, not once per attempt.
const WARN_EVERY: Duration = Duration::from_secs(10);
/// How long a page's poll is held open when nothing changes. Well under
/// the time browsers and proxies give up on a quiet request.
const POLL_HOLD: Duration = Duration::from_secs(25);
/// Polls held at once; more (dozens of open tabs) are asked to retry.
const MAX_POLLS: usize = 64;
/// How often the Ctrl-C flag is looked at: it bounds how long stopping
/// takes.
const STOP_CHECK: Duration = Duration::from_millis(50);
/// After Ctrl-C, the time the tasks get to end before they are dropped.
const STOP_GRACE: Duration = Duration::from_millis(300);

/// What every connection's task shares.
pub struct Shared {
    pub live: Arc<Live>,
    pub hosts: Hosts,
    /// The `base_url` the site was built with (`http://127.0.0.1:1111/`).
    pub base: String,
    polls: AtomicUsize,
    stopping: watch::Receiver<bool>,
}

/// The runtime the server runs on; the builder has its own thread.
pub fn runtime() -> io::Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .thread_name("limber-http")
        .build()
}

/// A listening socket on `addr`, with a queue long enough for bursts.
pub fn bind(rt: &Runtime, addr: SocketAddr) -> io::Result<TcpListener> {
    let _inside = rt.enter();
    let socket = match addr {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    // As the standard library does on Unix: a port whose last connections
    // are still closing can be listened on again at once.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves on `listener` until `stop` is set (by Ctrl-C).
pub fn run(
    rt: Runtime,
    listener: TcpListener,
    live: Arc<Live>,
    hosts: Hosts,
    base: String,
    stop: Arc<AtomicBool>,
) {
    let (stopping_tx, stopping) = watch::channel(false);
    let shared = Arc::new(Shared {
        live,
        hosts,
        base,
        polls: AtomicUsize::new(0),
        stopping,
    });
    let registry = Arc::new(Registry::new(connection_cap()));
    rt.block_on(async move {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(STOP_CHECK);
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
            }
            stopping_tx.send_replace(true);
        });
        accept_loop(listener, shared, registry).await;
    });
    // Connections still open are dropped, whatever their clients do.
    rt.shutdown_timeout(STOP_GRACE);
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>, registry: Arc<Registry>) {
    let mut stopping = shared.stopping.clone();
    let mut warned: Option<Instant> = None;
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stopping.wait_for(|s| *s) => return,
        };
        match accepted {
            Ok((stream, _)) => {
                if registry.len() >= registry.cap && !registry.evict_idlest() {
                    refuse(&stream);
                    continue;
                }
                // Answers go out as written: small writes must not wait for
                // the client's delayed acknowledgement (40 ms a page).
                let _ = stream.set_nodelay(true);
                // Counted before its task first runs, so that a burst of
                // connections cannot overshoot the cap.
                let activity = Arc::new(Activity::new());
                let entry = registry.add(Arc::clone(&activity));
                tokio::spawn(connection(stream, Arc::clone(&shared), activity, entry));
            }
            Err(e) => {
                if out_of_files(&e) {
                    registry.evict_idlest();
                    if warned.is_none_or(|w| w.elapsed() >= WARN_EVERY) {
                        super::warn(&format!(
                            "warning: out of open files with {} connections open; closing idle ones ({e})",
                            registry.len()
                        ));
                        warned = Some(Instant::now());
                    }
                }
                // Whatever went wrong concerned one connection or passes;
                // the loop goes on.
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
}

fn out_of_files(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Every connection is busy: the newcomer is told so, in one write that
/// does not wait, and closed.
fn refuse(stream: &TcpStream) {
    const BODY: &str = "503 Service Unavailable: too many connections; try again shortly\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nRetry-After: 1\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = stream.try_write(answer.as_bytes());
}

/// How many connections are served at once: what the open-file limit
/// leaves after [`RESERVED_FILES`], so that the limit is never what
/// refuses a client.
fn connection_cap() -> usize {
    open_file_limit()
        .saturating_sub(RESERVED_FILES)
        .clamp(MIN_CONNECTIONS, MAX_CONNECTIONS)
}

#[cfg(unix)]
fn open_file_limit() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if rc == 0 {
        usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
    } else {
        1024
    }
}

#[cfg(not(unix))]
fn open_file_limit() -> usize {
    MAX_CONNECTIONS
}

/// What a connection's task and the accept loop know of a connection.
struct Activity {
    /// When the connection was accepted; times below count from it.
    start: Instant,
    /// When a byte last moved either way, in ms after `start`.
    last: AtomicU64,
    /// The last write found the client's window full: an answer is waiting
    /// for the client to read it.
    write_blocked: AtomicBool,
    /// Polls held on this connection: quiet is expected then.
    held: AtomicUsize,
    /// Set when the accept loop needs the connection's open file back.
    evict: tokio::sync::Notify,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last: AtomicU64::new(0),
            write_blocked: AtomicBool::new(false),
            held: AtomicUsize::new(0),
            evict: tokio::sync::Notify::new(),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }

    /// How long the connection may stay quiet now; `None` while a poll is
    /// held, which is quiet on purpose.
    fn allowed_quiet(&self) -> Option<Duration> {
        if self.held.load(Ordering::Relaxed) > 0 {
            None
        } else if self.write_blocked.load(Ordering::Relaxed) {
            Some(SEND_STALL_TIMEOUT)
        } else {
            Some(IDLE_TIMEOUT)
        }
    }

    /// Whether the accept loop may close it to make room: nothing waits on
    /// it.
    fn evictable(&self) -> bool {
        self.held.load(Ordering::Relaxed) == 0 && !self.write_blocked.load(Ordering::Relaxed)
    }
}

/// The connections open, for the cap and for choosing one to close.
struct Registry {
    cap: usize,
    next: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Activity>>>,
}

impl Registry {
    fn new(cap: usize) -> Registry {
        Registry {
            cap,
            next: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
        }
    }

    fn len(&self) -> usize {
        lock(&self.open).len()
    }

    fn add(self: &Arc<Self>, activity: Arc<Activity>) -> Entry {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        lock(&self.open).insert(id, activity);
        Entry {
            registry: Arc::clone(self),
            id,
        }
    }

    /// Asks the connection quiet for longest, of those nothing waits on,
    /// to close; whether there was one.
    fn evict_idlest(&self) -> bool {
        let mut open = lock(&self.open);
        let idlest = open
            .iter()
            .filter(|(_, a)| a.evictable())
            .min_by_key(|(_, a)| a.last())
            .map(|(id, _)| *id);
        match idlest.and_then(|id| open.remove(&id)) {
            Some(a) => {
                a.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A connection's place in the registry, given up when its task ends.
struct Entry {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for Entry {
    fn drop(&mut self) {
        lock(&self.registry.open).remove(&self.id);
    }
}

/// A connection's socket, noting when bytes move and when the client is
/// not taking them.
struct Tracked {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl Tracked {
    fn wrote(&self, r: &Poll<io::Result<usize>>) {
        match r {
            Poll::Ready(Ok(n)) => {
                if *n > 0 {
                    self.activity.touch();
                }
                self.activity.write_blocked.store(false, Ordering::Relaxed);
            }
            Poll::Pending => self.activity.write_blocked.store(true, Ordering::Relaxed),
            Poll::Ready(Err(_)) => {}
        }
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.wrote(&r);
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.wrote(&r);
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Serves one connection until it ends, times out, is evicted, or the
/// server stops. Returning drops the connection, which closes it.
async fn connection(stream: TcpStream, shared: Arc<Shared>, activity: Arc<Activity>, entry: Entry) {
    let _entry = entry;
    let io = TokioIo::new(Tracked {
        stream,
        activity: Arc::clone(&activity),
    });
    let service = {
        let (shared, activity) = (Arc::clone(&shared), Arc::clone(&activity));
        service_fn(move |request| {
            let (shared, activity) = (Arc::clone(&shared), Arc::clone(&activity));
            async move { Ok::<_, Infallible>(answer(request, &shared, &activity).await) }
        })
    };
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_HEAD_SIZE)
        .max_headers(MAX_HEADERS)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let mut stopping = shared.stopping.clone();
    loop {
        let now = Instant::now();
        let wake = match activity.allowed_quiet() {
            Some(quiet) => activity.last() + quiet,
            // A held poll: look again later, once it may have been answered.
            None => now + IDLE_TIMEOUT,
        };
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = activity.evict.notified() => return,
            _ = stopping.wait_for(|s| *s) => return,
            _ = tokio::time::sleep_until(wake) => {
                if activity
                    .allowed_quiet()
                    .is_some_and(|quiet| activity.last() + quiet <= Instant::now())
                {
                    return;
                }
            }
        }
    }
}

/// The request's host as the client named it: the target's authority if
/// it has one, else the `Host` header. Two `Host` headers name no host
/// that could be trusted, so they give one that is never allowed.
fn requested_host(request: &Request<Incoming>) -> Option<&str> {
    if request
        .headers()
        .get_all(header::HOST)
        .iter()
        .nth(1)
        .is_some()
    {
        return Some("\u{fffd}");
    }
    match request.uri().authority() {
        Some(a) => Some(a.as_str()),
        None => request
            .headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or("\u{fffd}")),
    }
}

async fn answer(request: Request<Incoming>, shared: &Shared, activity: &Activity) -> Reply {
    if !http::method_allowed(request.method()) {
        return http::method_not_allowed();
    }
    let body = request.body();
    let ignorable = body.is_end_stream()
        || body
            .size_hint()
            .upper()
            .is_some_and(|n| n <= MAX_IGNORED_BODY);
    if !ignorable {
        return http::closing(http::text(
            413,
            "413 Content Too Large: serve takes no request body\n",
        ));
    }
    let reached = match requested_host(&request) {
        Some(host) if shared.hosts.allows(host) => format!("http://{}/", host.to_ascii_lowercase()),
        Some(host) => {
            let shown: String = host
                .chars()
                .take(100)
                .flat_map(char::escape_default)
                .collect();
            return http::text(
                403,
                format!(
                    "403 Forbidden: \"{shown}\" is not a name of this server, so this request may come from \
                     a page elsewhere trying to read the preview.\n\
                     If it is yours, run limber serve with --allow-host NAME.\n"
                ),
            );
        }
        // HTTP/1.0 without a Host: no browser, so no page elsewhere.
        None => shared.base.clone(),
    };
    let target = request.uri().path_and_query().map_or("", |p| p.as_str());
    match http::resolve(target) {
        Target::Poll { since } => poll(since, shared, activity).await,
        Target::File(path) => {
            let base = Base {
                built: &shared.base,
                reached: &reached,
            };
            http::file_reply(Some(&path), &shared.live.snapshot(), &base)
        }
        Target::Invalid => http::text(
            400,
            "400 Bad Request: this path does not name a file of the guide\n",
        ),
    }
}

/// The reload state, once it is newer than `since` or after
/// [`POLL_HOLD`]; at once if it already is.
async fn poll(since: Option<u64>, shared: &Shared, activity: &Activity) -> Reply {
    let mut versions = shared.live.versions();
    if since == Some(*versions.borrow_and_update()) {
        let Some(_held) = Held::take(&shared.polls, activity) else {
            // Too many held already: the page tries again shortly.
            return http::text(503, "busy\n");
        };
        let mut stopping = shared.stopping.clone();
        tokio::select! {
            _ = tokio::time::timeout(POLL_HOLD, versions.wait_for(|v| Some(*v) != since)) => {}
            _ = stopping.wait_for(|s| *s) => {}
        }
    }
    http::poll_reply(&shared.live.snapshot())
}

/// A held poll: one of the [`MAX_POLLS`] places, and its connection's
/// leave to stay quiet, both given back on drop (also when the client goes
/// away and its request is dropped).
struct Held<'a> {
    polls: &'a AtomicUsize,
    activity: &'a Activity,
}

impl<'a> Held<'a> {
    fn take(polls: &'a AtomicUsize, activity: &'a Activity) -> Option<Held<'a>> {
        polls
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_POLLS).then_some(n + 1)
            })
            .ok()?;
        activity.held.fetch_add(1, Ordering::Relaxed);
        Some(Held { polls, activity })
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        // The quiet of the hold does not count against the connection.
        self.activity.touch();
        self.activity.held.fetch_sub(1, Ordering::Relaxed);
        self.polls.fetch_sub(1, Ordering::AcqRel);
    }
}
