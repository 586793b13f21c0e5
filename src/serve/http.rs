//! Answering one request from the site in memory: which file a URL names,
//! with what status and type, and the reload script in HTML.
//!
//! The site is a map from clean relative paths to bytes, so a request can
//! only ever get a file the build made: `..`, encoded or not, and absolute
//! paths name no key. They are refused before the look-up all the same.

use std::io::Cursor;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::Snapshot;
use super::reload;

/// What a request's target names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A path in the site: `index.html`, `exercises/cat-cow.html`.
    File(String),
    /// The live-reload script waiting for the version after `since`.
    Poll { since: Option<u64> },
    /// Anything that cannot name a file of the site.
    Invalid,
}

/// Turns a request target (`/exercises/cat-cow.html?x#y`) into a site path.
pub fn resolve(target: &str) -> Target {
    let target = target.split('#').next().unwrap_or("");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // An absolute-form target (`http://host/path`) is allowed by HTTP/1.1.
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => path,
    };
    if !path.starts_with('/') {
        return Target::Invalid;
    }
    if path == reload::POLL_PATH {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse().ok());
        return Target::Poll { since };
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Target::Invalid;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::Invalid;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            // Never resolved, not even to a folder inside the site: a
            // request that tries to climb is refused whole.
            ".." => return Target::Invalid,
            p => parts.push(p),
        }
    }
    if decoded.ends_with('/') || parts.is_empty() {
        parts.push("index.html");
    }
    Target::File(parts.join("/"))
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

/// The `Content-Type` for a site path, with a charset for text.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    let texty = essence.starts_with("text/")
        || matches!(
            essence,
            "application/javascript" | "application/json" | "image/svg+xml"
        );
    if texty {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

pub type Reply = Response<Cursor<Vec<u8>>>;

/// A response with the headers every answer of `serve` has: nothing is
/// cached, since the whole point is to see the latest edit.
pub fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let mut r = Response::from_data(body).with_status_code(StatusCode(status));
    for h in [
        header("Content-Type", content_type),
        header("Cache-Control", "no-store"),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    r
}

/// The answer for a file request, from the snapshot being served.
pub fn file_reply(path: Option<&str>, snapshot: &Snapshot) -> Reply {
    let Some(site) = &snapshot.site else {
        // No good build yet: a page that shows the errors and reloads itself
        // once they are fixed.
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>limber serve: the guide has errors</title></head>\
             <body><h1>The guide has errors</h1><p>Fix them and save; this page updates by itself.</p>{}</body></html>",
            reload::script(snapshot)
        );
        return reply(500, "text/html; charset=utf-8", page.into_bytes());
    };
    let found = path.and_then(|p| site.get(p).map(|bytes| (p, bytes)));
    let (status, path, bytes) = match found {
        Some((p, bytes)) => (200, p, bytes),
        None => match site.get("404.html") {
            Some(bytes) => (404, "404.html", bytes),
            None => {
                return reply(
                    404,
                    "text/plain; charset=utf-8",
                    b"404 Not Found\n".to_vec(),
                );
            }
        },
    };
    let ct = content_type(path);
    let body = if ct.starts_with("text/html") {
        reload::inject(bytes, snapshot)
    } else {
        bytes.to_vec()
    };
    reply(status, &ct, body)
}

pub fn poll_reply(snapshot: &Snapshot) -> Reply {
    reply(
        200,
        "application/json; charset=utf-8",
        reload::state_json(snapshot).into_bytes(),
    )
}

/// Whether `serve` answers this method at all: it only hands out files.
pub fn method_allowed(request: &Request) -> bool {
    matches!(request.method(), Method::Get | Method::Head)
}

pub fn method_not_allowed() -> Reply {
    let mut r = reply(
        405,
        "text/plain; charset=utf-8",
        b"405 Method Not Allowed\n".to_vec(),
    );
    if let Some(h) = header("Allow", "GET, HEAD") {
        r.add_header(h);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(p: &str) -> Target {
        Target::File(p.to_owned())
    }

    #[test]
    fn paths_map_to_site_files() {
        assert_eq!(resolve("/"), file("index.html"));
        assert_eq!(
            resolve("/exercises/cat-cow.html?x=1#top"),
            file("exercises/cat-cow.html")
        );
        assert_eq!(resolve("/images/a%20b.png"), file("images/a b.png"));
        assert_eq!(resolve("/areas/"), file("areas/index.html"));
        assert_eq!(
            resolve("http://localhost:1111/style.css"),
            file("style.css")
        );
        assert_eq!(resolve("//style.css"), file("style.css"));
    }

    #[test]
    fn climbing_out_is_refused() {
        for bad in [
            "/../Cargo.toml",
            "/exercises/../../guide.toml",
            "/%2e%2e/guide.toml",
            "/%2E%2E%2Fguide.toml",
            "/..%2f..%2fetc/passwd",
            "/a%5c..%5cguide.toml",
            "/%00",
            "/%ff",
            "*",
            "guide.toml",
        ] {
            assert_eq!(resolve(bad), Target::Invalid, "{bad}");
        }
    }

    #[test]
    fn absolute_file_paths_stay_inside_the_site() {
        // `/etc/passwd` names the site file `etc/passwd`, which no build makes.
        assert_eq!(resolve("/etc/passwd"), file("etc/passwd"));
    }

    #[test]
    fn poll_reads_its_version() {
        assert_eq!(
            resolve("/__limber/poll?since=7"),
            Target::Poll { since: Some(7) }
        );
        assert_eq!(resolve("/__limber/poll"), Target::Poll { since: None });
    }

    #[test]
    fn text_gets_a_charset() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("a.svg"), "image/svg+xml; charset=utf-8");
    }
}
