//! End-to-end: `limber serve` against careless and hostile clients on
//! 127.0.0.1. Each test sends a bounded number of requests, every socket
//! read and write has a timeout, and each checks that the server is still
//! there and still quick for others afterwards.

mod common;

#[path = "common/serving.rs"]
mod serving;

use std::io::{BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Guide, WALL_ANGEL};
use serving::{PATIENCE, Serving, Start, read_response, signal};

/// What a well-behaved client waiting on a misbehaving one may take, at
/// most: nothing should make it wait at all, but the machine is busy.
const OTHERS_WAIT: Duration = Duration::from_secs(5);

/// A keep-alive GET of `path` on `stream` and its answer.
fn fetch(stream: &mut BufReader<TcpStream>, path: &str) -> (u16, Vec<String>, Vec<u8>) {
    let port = stream.get_ref().peer_addr().expect("peer").port();
    // In one write, as a browser sends it: `write!` would send it in
    // pieces, and the client's own Nagle delay would hold back the rest.
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    stream
        .get_mut()
        .write_all(request.as_bytes())
        .expect("send");
    read_response(stream).unwrap_or_else(|| panic!("no answer to GET {path}"))
}

/// Another client gets the front page, on a connection of its own, within
/// [`OTHERS_WAIT`].
fn others_are_served(s: &Serving) {
    let started = Instant::now();
    let mut c = BufReader::new(s.connect());
    c.get_ref().set_read_timeout(Some(OTHERS_WAIT)).unwrap();
    let (status, _, body) = fetch(&mut c, "/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Seated twist"));
    assert!(
        started.elapsed() < OTHERS_WAIT,
        "another client waited {:?}",
        started.elapsed()
    );
}

/// The server's answer to `request` sent whole, read until it closes the
/// connection or 10 s pass: the bytes, and whether it closed.
fn exchange(s: &Serving, request: &[u8]) -> (String, bool) {
    let mut c = s.connect();
    c.write_all(request).expect("send");
    let mut out = Vec::new();
    let mut buf = [0; 8192];
    loop {
        match c.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&out).into_owned(), true),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if serving::is_timeout(&e) => {
                return (String::from_utf8_lossy(&out).into_owned(), false);
            }
            Err(_) => return (String::from_utf8_lossy(&out).into_owned(), true),
        }
    }
}

fn status_of(response: &str) -> Option<u16> {
    response.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

#[test]
fn declared_body_sizes_cannot_crash_it() {
    let g = Guide::new();
    let mut s = Serving::start(&g);
    for (length, expected) in [
        ("18446744073709551615", [400, 413, 431]),
        ("9223372036854775807", [400, 413, 431]),
        ("18446744073709551616", [400, 413, 431]),
        ("99999999999999999999999999", [400, 413, 431]),
        ("-1", [400, 400, 400]),
        ("5, 6", [400, 400, 400]),
        ("1e9", [400, 400, 400]),
    ] {
        let request =
            format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {length}\r\n\r\n");
        let (response, closed) = exchange(&s, request.as_bytes());
        let status = status_of(&response);
        assert!(
            status.is_some_and(|c| expected.contains(&c)),
            "Content-Length {length}: {response:?}"
        );
        assert!(
            closed,
            "Content-Length {length}: the connection stayed open"
        );
        s.assert_running();
    }
    // Two lengths that disagree, and a length beside chunked.
    for request in [
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ] {
        let (response, closed) = exchange(&s, request.as_bytes());
        assert!(
            matches!(status_of(&response), Some(400 | 405 | 413)),
            "{request:?}: {response:?}"
        );
        assert!(closed, "{request:?}");
    }
    s.assert_running();
    others_are_served(&s);
}

#[test]
fn a_body_never_sent_holds_up_no_one() {
    let g = Guide::new();
    let mut s = Serving::start(&g);
    // Each declares a body and sends none of it.
    let mut waiting = Vec::new();
    for (request, status) in [
        (
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n",
            413,
        ),
        (
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            413,
        ),
        (
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n",
            405,
        ),
        (
            "PUT /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n",
            405,
        ),
        // Small enough to be left unread: the request is answered.
        (
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n",
            200,
        ),
    ] {
        let mut c = BufReader::new(s.connect());
        c.get_mut().write_all(request.as_bytes()).unwrap();
        let (got, _, _) = read_response(&mut c).unwrap_or_else(|| panic!("{request:?}"));
        assert_eq!(got, status, "{request:?}");
        waiting.push(c);
    }
    others_are_served(&s);
    s.assert_running();
}

#[test]
fn a_slow_reader_of_a_large_file_holds_up_no_one() {
    let g = Guide::new();
    let big: Vec<u8> = (0..16 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    g.write("static/big.bin", &big);
    let s = Serving::start(&g);
    let mut slow = BufReader::with_capacity(1024, s.connect());
    write!(
        slow.get_mut(),
        "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut first = [0; 1024];
    slow.read_exact(&mut first).expect("the answer starts");
    assert!(first.starts_with(b"HTTP/1.1 200"));
    // The slow reader takes nothing more for now; others are served.
    for _ in 0..10 {
        others_are_served(&s);
    }
    // And the slow one still gets the whole file, intact.
    let rest = String::from_utf8_lossy(&first).into_owned();
    let head_end = rest.find("\r\n\r\n").expect("the head fits in 1 KB") + 4;
    assert!(rest.contains("content-length: 16777216"), "{rest}");
    let mut body = first[head_end..].to_vec();
    let mut tail = vec![0; big.len() - body.len()];
    slow.read_exact(&mut tail).expect("the rest of the file");
    body.extend_from_slice(&tail);
    assert!(body == big, "the file arrived changed");
}

#[test]
fn pipelined_requests_never_read_hold_up_no_one() {
    let g = Guide::new();
    // 200 answers of 1 MB: far more than the kernel's socket buffers hold.
    g.write("static/one.bin", vec![1u8; 1024 * 1024]);
    let mut s = Serving::start(&g);
    let mut greedy = s.connect();
    let request = "GET /one.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(200);
    greedy.write_all(request.as_bytes()).unwrap();
    // The answers pile up unread; everyone else is served meanwhile.
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..5 {
        others_are_served(&s);
    }
    s.assert_running();
    let peak = s.memory_kb("VmHWM");
    assert!(
        peak < 200 * 1024,
        "peak memory {peak} KB: the answers were queued"
    );
}

#[test]
fn a_held_poll_pipelined_with_a_request_deadlocks_nothing() {
    let g = Guide::new();
    let s = Serving::start(&g);
    let version = s.state()["version"].as_u64().unwrap();
    let mut page = BufReader::new(s.connect());
    page.get_ref().set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        page.get_mut(),
        "GET /__limber/poll?since={version} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n\
         GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    others_are_served(&s);
    // A rebuild answers the poll, and then the request behind it.
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("Wall angel", "Wall slide"),
    );
    let (status, _, body) = read_response(&mut page).expect("the poll's answer");
    assert_eq!(status, 200);
    let state: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert!(state["version"].as_u64().unwrap() > version);
    let (status, head, _) = read_response(&mut page).expect("the stylesheet");
    assert_eq!(status, 200);
    assert!(head.iter().any(|h| h.starts_with("content-type: text/css")));
    others_are_served(&s);
}

/// Lets this test process open `n` files, raising its own soft limit.
fn allow_open_files(n: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit), 0);
        if limit.rlim_cur < n {
            limit.rlim_cur = n.min(limit.rlim_max);
            assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &limit), 0);
        }
    }
    assert!(
        limit.rlim_cur >= n,
        "this test needs {n} open files; the hard limit is {}",
        limit.rlim_max
    );
}

#[test]
fn a_thousand_idle_connections_leave_room_for_a_new_client() {
    allow_open_files(4096);
    let g = Guide::new();
    let mut s = Serving::start_with(
        &g,
        Start {
            open_files: Some(1024),
            ..Start::default()
        },
    );
    let started = Instant::now();
    let mut idle = Vec::new();
    for _ in 0..1000 {
        match TcpStream::connect_timeout(&([127, 0, 0, 1], s.port).into(), Duration::from_secs(5)) {
            Ok(c) => idle.push(c),
            Err(e) => panic!("connection {} refused: {e}", idle.len()),
        }
    }
    // Connections close after 5 s idle, which would make room by itself:
    // the newcomer must be answered well before, while all are open.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "opening the connections took {:?}",
        started.elapsed()
    );
    let asked = Instant::now();
    let mut c = BufReader::new(s.connect());
    c.get_ref()
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let (status, _, _) = fetch(&mut c, "/");
    assert_eq!(status, 200);
    assert!(asked.elapsed() < Duration::from_secs(3));
    s.assert_running();
    drop(idle);
    others_are_served(&s);
    let errors = s.stderr.lock().unwrap().join("\n");
    assert!(!errors.contains("panicked"), "{errors}");
}

#[test]
fn a_request_line_without_end_is_refused_with_little_memory() {
    let g = Guide::new();
    let mut s = Serving::start(&g);
    others_are_served(&s);
    let before = s.memory_kb("VmHWM");
    let mut c = s.connect();
    c.write_all(b"GET /").unwrap();
    let chunk = vec![b'a'; 1024 * 1024];
    let mut sent = 0usize;
    while sent < 200 * 1024 * 1024 {
        match c.write(&chunk) {
            Ok(n) => sent += n,
            // Refused and closed.
            Err(e) if e.kind() != ErrorKind::Interrupted => break,
            Err(_) => {}
        }
    }
    let mut answer = Vec::new();
    let _ = c.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{answer}"
    );
    assert!(sent < 200 * 1024 * 1024, "the server read all {sent} bytes");
    let after = s.memory_kb("VmHWM");
    assert!(
        after < before + 20 * 1024,
        "peak memory went from {before} KB to {after} KB"
    );
    s.assert_running();
    others_are_served(&s);
}

fn get_with_host(s: &Serving, host: &str, path: &str) -> (u16, Vec<String>, String) {
    let mut c = BufReader::new(s.connect());
    write!(
        c.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let (status, head, body) = read_response(&mut c).expect("an answer");
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn only_names_of_this_server_are_answered() {
    let g = Guide::new();
    let s = Serving::start_with(
        &g,
        Start {
            args: &["--allow-host", "preview.test", "--allow-host", ".lan.test"],
            ..Start::default()
        },
    );
    let port = s.port;
    for host in [
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_owned(),
        format!("localhost:{port}"),
        "LOCALHOST:9".to_owned(),
        format!("preview.test:{port}"),
        "laptop.lan.test".to_owned(),
    ] {
        let (status, _, _) = get_with_host(&s, &host, "/");
        assert_eq!(status, 200, "Host: {host}");
    }
    for host in [
        format!("rebind.evil.test:{port}"),
        "evil.test".to_owned(),
        format!("192.0.2.1:{port}"),
        format!("preview.test.evil.test:{port}"),
        "localhost:x".to_owned(),
    ] {
        let (status, head, body) = get_with_host(&s, &host, "/");
        assert_eq!(status, 403, "Host: {host}");
        assert!(body.contains("--allow-host"), "{body}");
        assert!(!body.contains("Seated twist"), "{body}");
        assert!(head.iter().any(|h| h == "x-content-type-options: nosniff"));
    }
    // Two Host headers, one of them good.
    let (response, _) = exchange(
        &s,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.test\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status_of(&response), Some(403), "{response}");
    // The target's own host counts, whatever the Host header says.
    let (response, _) = exchange(
        &s,
        b"GET http://evil.test/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status_of(&response), Some(403), "{response}");

    // Links follow the address the page was reached by.
    let (status, _, sitemap) = get_with_host(&s, &format!("preview.test:{port}"), "/sitemap.xml");
    assert_eq!(status, 200);
    assert!(
        sitemap.contains(&format!("<loc>http://preview.test:{port}/exercises/")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("127.0.0.1"), "{sitemap}");
}

#[test]
fn allow_host_takes_only_host_names() {
    let g = Guide::new();
    for bad in ["evil.test:80", "a/b", "http://x", ""] {
        common::limber()
            .args(["serve", "--port", "0", "--allow-host", bad, "--root"])
            .arg(g.root())
            .timeout(PATIENCE)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--allow-host"))
            .stderr(predicates::str::contains("expected a host name"));
    }
}

#[test]
fn on_every_interface_links_use_the_address_the_visitor_used() {
    let g = Guide::new();
    let s = Serving::start_with(
        &g,
        Start {
            args: &["--bind", "0.0.0.0"],
            ..Start::default()
        },
    );
    let port = s.port;
    // As a phone on the same network would ask; the request itself goes to
    // 127.0.0.1.
    let lan = format!("192.0.2.7:{port}");
    for path in [
        "/nope.html",
        "/exercises/wall-angel.html",
        "/sitemap.xml",
        "/robots.txt",
        "/exercises.json",
    ] {
        let (status, _, body) = get_with_host(&s, &lan, path);
        assert!(status == 200 || status == 404, "{path}: {status}");
        assert!(body.contains(&lan), "{path} does not name {lan}");
        assert!(!body.contains("127.0.0.1"), "{path} points at 127.0.0.1");
    }
    let (status, _, missing) = get_with_host(&s, &lan, "/nope.html");
    assert_eq!(status, 404);
    assert!(
        missing.contains(&format!("href=\"http://{lan}/style.css\"")),
        "{missing}"
    );
    let (_, _, sitemap) = get_with_host(&s, &lan, "/sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>http://{lan}/")),
        "{sitemap}"
    );
    // A name that could be rebound is still refused.
    assert_eq!(get_with_host(&s, "rebind.evil.test", "/").0, 403);
    let stderr = s.stderr.lock().unwrap().join("\n");
    assert!(
        stderr.contains("warning: --bind 0.0.0.0 makes the guide visible to other machines"),
        "{stderr}"
    );
}

#[test]
fn every_answer_says_nosniff_and_no_store() {
    let g = Guide::new();
    g.write("static/notes.txt", "<html><script>alert(1)</script>");
    let s = Serving::start(&g);
    for (request, status) in [
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", 200),
        ("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n", 200),
        ("GET /notes.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n", 200),
        ("GET /__limber/poll HTTP/1.1\r\nHost: 127.0.0.1\r\n", 200),
        ("GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n", 404),
        ("GET /../guide.toml HTTP/1.1\r\nHost: 127.0.0.1\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: evil.test\r\n", 403),
        ("DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\n", 405),
        (
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n",
            413,
        ),
    ] {
        let mut c = BufReader::new(s.connect());
        write!(c.get_mut(), "{request}Connection: close\r\n\r\n").unwrap();
        let (got, head, body) = read_response(&mut c).unwrap_or_else(|| panic!("{request:?}"));
        assert_eq!(got, status, "{request:?}");
        for h in ["x-content-type-options: nosniff", "cache-control: no-store"] {
            assert!(
                head.iter().any(|l| l == h),
                "{request:?} lacks {h}: {head:?}"
            );
        }
        let ct = head
            .iter()
            .find_map(|l| l.strip_prefix("content-type: "))
            .unwrap_or_else(|| panic!("{request:?} has no type"));
        if ct.starts_with("text/") || ct.starts_with("application/json") {
            assert!(ct.ends_with("charset=utf-8"), "{request:?}: {ct}");
        }
        assert!(!body.is_empty(), "{request:?}");
    }
    // HEAD: the same head, no body.
    let (response, closed) = exchange(
        &s,
        b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert!(closed);
    assert_eq!(status_of(&response), Some(200));
    assert!(response.contains("x-content-type-options: nosniff\r\n"));
    assert!(
        response.ends_with("\r\n\r\n"),
        "HEAD got a body: {response}"
    );

    // The page a guide broken from the start gets.
    let broken = Guide::new();
    broken.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("sets = 2", "sets = 0"),
    );
    let s = Serving::start(&broken);
    let mut c = BufReader::new(s.connect());
    let (status, head, _) = fetch(&mut c, "/");
    assert_eq!(status, 500);
    assert!(head.iter().any(|l| l == "x-content-type-options: nosniff"));
}

#[test]
fn keep_alive_pages_come_without_waiting_for_acknowledgements() {
    let g = Guide::new();
    let s = Serving::start(&g);
    let mut c = BufReader::new(s.connect());
    let (_, _, page) = fetch(&mut c, "/");
    assert!(
        page.len() > 8 * 1024,
        "the page is only {} bytes",
        page.len()
    );
    // Without TCP_NODELAY each answer waits for the client's delayed
    // acknowledgement, about 40 ms: 2 s for these 50.
    let started = Instant::now();
    for _ in 0..50 {
        let (status, _, body) = fetch(&mut c, "/");
        assert_eq!(status, 200);
        assert_eq!(body.len(), page.len());
    }
    let took = started.elapsed();
    assert!(took < Duration::from_millis(1500), "50 pages took {took:?}");
}

#[test]
fn other_protocols_and_malformed_requests_get_an_answer_or_a_close() {
    let g = Guide::new();
    let mut s = Serving::start(&g);
    for request in [
        &b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"[..],
        b"GET / HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET\r\n\r\n",
        b"\r\n\r\n\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n",
        b"GET /\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: \x00\r\n\r\n",
    ] {
        let started = Instant::now();
        let (response, closed) = exchange(&s, request);
        assert!(
            closed || status_of(&response).is_some(),
            "{:?}: neither answered nor closed: {response:?}",
            String::from_utf8_lossy(request)
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        s.assert_running();
    }
    // Bare line feeds are read as line ends: the page is served.
    let (response, _) = exchange(
        &s,
        b"GET / HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n",
    );
    assert_eq!(status_of(&response), Some(200));
    others_are_served(&s);
}

#[test]
fn quiet_and_dribbling_connections_are_closed() {
    let g = Guide::new();
    let s = Serving::start(&g);
    // Sends nothing at all.
    let mut quiet = s.connect();
    quiet
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    // Sends a head a byte at a time, never finishing it.
    let mut dribble = s.connect();
    dribble
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let started = Instant::now();
    let closer = std::thread::spawn(move || {
        let mut buf = [0; 64];
        loop {
            if started.elapsed() > Duration::from_secs(20) {
                return false;
            }
            std::thread::sleep(Duration::from_millis(250));
            if dribble.write_all(b"X").is_err() {
                return true;
            }
            dribble.set_nonblocking(true).unwrap();
            // Anything but "nothing yet" means the server gave up on the head:
            // its end, an answer, or a reset.
            let closed =
                !matches!(dribble.read(&mut buf), Err(e) if e.kind() == ErrorKind::WouldBlock);
            dribble.set_nonblocking(false).unwrap();
            if closed {
                return true;
            }
        }
    });
    let mut buf = [0; 64];
    let n = quiet.read(&mut buf).expect("closed, not timed out");
    assert_eq!(n, 0, "a quiet connection got bytes");
    assert!(
        closer.join().unwrap(),
        "the dribbling head was never cut off"
    );
    others_are_served(&s);
}

#[test]
fn ctrl_c_stops_it_at_once_whatever_the_clients_do() {
    for sig in [libc::SIGINT, libc::SIGTERM] {
        let g = Guide::new();
        let big = vec![7u8; 16 * 1024 * 1024];
        g.write("static/big.bin", &big);
        let mut s = Serving::start(&g);
        let version = s.state()["version"].as_u64().unwrap();
        let mut clients = Vec::new();
        for request in [
            format!("GET /__limber/poll?since={version} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_owned(),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_owned(),
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(100),
            String::new(),
        ] {
            let mut c = s.connect();
            c.write_all(request.as_bytes()).unwrap();
            clients.push(c);
        }
        std::thread::sleep(Duration::from_millis(300));
        signal(s.pid(), sig);
        let (status, took) = s.wait_exit(Duration::from_secs(5));
        assert!(status.success(), "{status:?}");
        assert!(took < Duration::from_secs(3), "stopping took {took:?}");
    }
}

#[test]
fn a_closed_standard_output_does_not_stop_it() {
    let g = Guide::new();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_limber"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(g.root())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Nobody reads what it prints.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .into();
    let get = |path: &str| {
        agent
            .get(format!("http://127.0.0.1:{port}{path}"))
            .call()
            .ok()
            .and_then(|mut r| r.body_mut().read_to_string().ok())
    };
    serving::eventually("the server to answer", || get("/").is_some());
    // A rebuild prints too.
    g.write(
        "content/exercises/wall-angel.toml",
        WALL_ANGEL.replace("Wall angel", "Wall slide"),
    );
    serving::eventually("the rebuilt page", || {
        get("/exercises/wall-angel.html").is_some_and(|b| b.contains("Wall slide"))
    });
    assert!(child.try_wait().unwrap().is_none(), "it stopped");
    let _ = child.kill();
    let _ = child.wait();
}
