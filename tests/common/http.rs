//! A tiny static web server and client for tests, on 127.0.0.1 only: enough
//! HTTP/1.0 to serve a built site under a sub-path, the way GitHub Pages
//! serves a project site at `https://user.github.io/repo/`.
#![allow(dead_code)]

use std::collections::{BTreeSet, VecDeque};
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

/// A listener bound before the site is built, so the build can be told the
/// address it will be served at.
pub struct Server {
    listener: TcpListener,
    pub port: u16,
}

impl Server {
    pub fn bind() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local addr").port();
        Server { listener, port }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Serves `dir` at `prefix` (such as `/repo/`) from a background thread
    /// until the test process ends. Like GitHub Pages: a folder address
    /// serves its `index.html`, anything outside `prefix` or missing is a
    /// 404 with the site's `404.html` as the body.
    pub fn serve(self, dir: PathBuf, prefix: &'static str) {
        thread::spawn(move || {
            for stream in self.listener.incoming() {
                let Ok(stream) = stream else { continue };
                let _ = respond(stream, &dir, prefix);
            }
        });
    }
}

fn respond(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte)? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let file = path.strip_prefix(prefix).and_then(|rel| {
        let rel = percent_decode(rel);
        if rel.split('/').any(|s| s == "..") {
            return None;
        }
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel
        };
        let p = dir.join(rel);
        p.is_file().then_some(p)
    });
    let (status, body, file) = match file {
        Some(p) => ("200 OK", fs::read(&p)?, p),
        None => {
            let p = dir.join("404.html");
            ("404 Not Found", fs::read(&p).unwrap_or_default(), p)
        }
    };
    let header = format!(
        "HTTP/1.0 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    stream.write_all(&body)?;
    stream.flush()
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// GETs `url` (`http://127.0.0.1:PORT/...`): the status code and the body.
pub fn get(url: &str) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut stream = TcpStream::connect(host).expect("connect to the test server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").expect("send request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&response[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status code");
    (status, response[split + 4..].to_vec())
}

/// `reference` as an absolute URL, seen from the page at `page_url`, without
/// its `#fragment`; `None` for addresses on other hosts and other schemes,
/// and for a bare fragment.
pub fn resolve(page_url: &str, reference: &str, origin: &str) -> Option<String> {
    let reference = reference.split('#').next().unwrap_or("");
    if reference.is_empty() {
        return None;
    }
    if reference.starts_with(origin) {
        return Some(reference.to_owned());
    }
    if reference.contains(':') || reference.starts_with("//") {
        return None; // https://elsewhere, mailto:, …
    }
    let path = if reference.starts_with('/') {
        reference.to_owned()
    } else {
        let page_path = page_url.strip_prefix(origin).unwrap_or("/");
        let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    Some(format!("{origin}{joined}"))
}

/// Every `href`, `src` and absolute `<meta content>` of an HTML page.
pub fn page_references(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("[href], [src], meta[content]").expect("selector");
    let mut out = Vec::new();
    for el in doc.select(&sel) {
        for attr in ["href", "src"] {
            if let Some(v) = el.value().attr(attr) {
                out.push(v.to_owned());
            }
        }
        if el.value().name() == "meta"
            && let Some(v) = el.value().attr("content")
            && (v.starts_with("http://") || v.starts_with("https://"))
        {
            out.push(v.to_owned());
        }
    }
    out
}

/// Fetches `start` and everything reachable from it on the test server:
/// every link, asset and absolute address in every HTML page. Panics with a
/// list of every reference that did not answer 200. Returns the URLs
/// fetched.
pub fn crawl(start: &[String], origin: &str) -> BTreeSet<String> {
    const LIMIT: usize = 2000;
    let mut seen: BTreeSet<String> = start.iter().cloned().collect();
    let mut queue: VecDeque<(String, String)> = start
        .iter()
        .map(|u| (u.clone(), "(start)".to_owned()))
        .collect();
    let mut broken = Vec::new();
    while let Some((url, from)) = queue.pop_front() {
        assert!(seen.len() < LIMIT, "the crawl found over {LIMIT} addresses");
        let (status, body) = get(&url);
        if status != 200 {
            broken.push(format!("{url} (linked from {from}): {status}"));
            continue;
        }
        if !url.ends_with(".html") && !url.ends_with('/') {
            continue;
        }
        for r in page_references(&String::from_utf8_lossy(&body)) {
            if let Some(next) = resolve(&url, &r, origin)
                && seen.insert(next.clone())
            {
                queue.push_back((next, url.clone()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken references:\n{}",
        broken.join("\n")
    );
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_like_a_browser() {
        let o = "http://127.0.0.1:1";
        let page = "http://127.0.0.1:1/repo/exercises/a.html";
        assert_eq!(
            resolve(page, "../style.css", o).as_deref(),
            Some("http://127.0.0.1:1/repo/style.css")
        );
        assert_eq!(
            resolve(page, "b.html#top", o).as_deref(),
            Some("http://127.0.0.1:1/repo/exercises/b.html")
        );
        assert_eq!(
            resolve(page, "/style.css", o).as_deref(),
            Some("http://127.0.0.1:1/style.css")
        );
        assert_eq!(resolve(page, "#top", o), None);
        assert_eq!(resolve(page, "https://example.org/", o), None);
    }
}
