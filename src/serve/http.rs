//! Answering one request from the site in memory: which file a URL names,
//! with what status and type, the reload script in HTML, and the headers
//! every answer has.
//!
//! The site is a map from clean relative paths to bytes, so a request can
//! only ever get a file the build made: `..`, encoded or not, and absolute
//! paths name no key. They are refused before the look-up all the same.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use hyper::header::{self, HeaderValue};
use hyper::{Method, StatusCode};
use percent_encoding::percent_decode_str;

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

/// The `Content-Type` for a site path, with a charset for text.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let essence = mime.essence_str();
    if is_text(essence) {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_owned()
    }
}

/// Whether a type is text, which gets a charset and can hold the preview's
/// own address.
fn is_text(essence: &str) -> bool {
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
}

pub type Reply = Response<Full<Bytes>>;

/// A response with the headers every answer of `serve` has: nothing is
/// cached, since the whole point is to see the latest edit, and the
/// browser takes the type as given rather than guessing one from the bytes
/// (a text file that looks like HTML must not run as a page).
pub fn reply(status: u16, content_type: &str, body: impl Into<Bytes>) -> Reply {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A plain-text answer.
pub fn text(status: u16, message: impl Into<String>) -> Reply {
    reply(status, "text/plain; charset=utf-8", message.into())
}

/// `reply` that also closes the connection: after a request whose body is
/// left unread, the next bytes on it are not a request.
pub fn closing(mut r: Reply) -> Reply {
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// How the site's own address (the `base_url` it was built with) is given
/// to this visitor: the address they reached it by.
pub struct Base<'a> {
    pub built: &'a str,
    pub reached: &'a str,
}

/// The answer for a file request, from the snapshot being served.
pub fn file_reply(path: Option<&str>, snapshot: &Snapshot, base: &Base) -> Reply {
    let Some(site) = &snapshot.site else {
        // No good build yet: a page that shows the errors and reloads itself
        // once they are fixed.
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>limber serve: the guide has errors</title></head>\
             <body><h1>The guide has errors</h1><p>Fix them and save; this page updates by itself.</p>{}</body></html>",
            reload::script(snapshot)
        );
        return reply(500, "text/html; charset=utf-8", page);
    };
    let found = path.and_then(|p| site.get(p).map(|bytes| (p, bytes)));
    let (status, path, bytes) = match found {
        Some((p, bytes)) => (200, p, bytes),
        None => match site.get("404.html") {
            Some(bytes) => (404, "404.html", bytes),
            None => return text(404, "404 Not Found\n"),
        },
    };
    let ct = content_type(path);
    let essence = ct.split(';').next().unwrap_or("");
    let rewritten = if is_text(essence) && base.built != base.reached {
        super::host::rewrite(bytes, base.built, base.reached)
    } else {
        None
    };
    let body: Bytes = match (essence == "text/html", rewritten) {
        (true, Some(html)) => reload::inject(&html, snapshot).into(),
        (true, None) => reload::inject(bytes, snapshot).into(),
        (false, Some(text)) => text.into(),
        // The file as the builder holds it: a large one is not copied.
        (false, None) => Bytes::from_owner(std::sync::Arc::clone(bytes)),
    };
    reply(status, &ct, body)
}

pub fn poll_reply(snapshot: &Snapshot) -> Reply {
    reply(
        200,
        "application/json; charset=utf-8",
        reload::state_json(snapshot),
    )
}

/// Whether `serve` answers this method at all: it only hands out files.
pub fn method_allowed(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
}

pub fn method_not_allowed() -> Reply {
    let mut r = closing(text(405, "405 Method Not Allowed\n"));
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
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
