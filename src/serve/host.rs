//! Which `Host` a request may name, and the address the preview's links
//! then use.
//!
//! A page on another site can make the browser send requests to the
//! preview through a name of its own that it points at this machine (DNS
//! rebinding), and then read the answers, error text quoting unpublished
//! sources included. Such a request carries the attacker's name as its
//! `Host`, so only names that mean this server are answered. An IP address
//! cannot be rebound, only a name can: when `serve` listens on every
//! interface, any address is accepted, since the machine's own can change
//! while it runs (another Wi-Fi, a new lease).

use std::collections::BTreeSet;
use std::net::IpAddr;

/// The names and addresses a request's `Host` may give.
#[derive(Debug, Clone)]
pub struct Hosts {
    /// The address `serve` listens on; unspecified means every interface.
    bound: IpAddr,
    /// Exact names, lower case: `localhost`, `--allow-host` names, and on
    /// every interface the machine's own name.
    names: BTreeSet<String>,
    /// `--allow-host .example.org`: that name and every name under it.
    domains: Vec<String>,
}

impl Hosts {
    /// The hosts for a server bound to `bound`, with `--allow-host` names.
    pub fn new(bound: IpAddr, allowed: &[String]) -> Hosts {
        let mut names = BTreeSet::from(["localhost".to_owned()]);
        let mut domains = Vec::new();
        for a in allowed {
            let a = normalize(a);
            match a.strip_prefix('.') {
                Some(domain) => {
                    names.insert(domain.to_owned());
                    domains.push(a.clone());
                }
                None => {
                    names.insert(a);
                }
            }
        }
        if bound.is_unspecified()
            && let Some(name) = machine_name()
        {
            // How a phone on the same network reaches this machine by name:
            // its name, and its name on the local network (mDNS).
            names.insert(format!("{name}.local"));
            names.insert(name);
        }
        Hosts {
            bound,
            names,
            domains,
        }
    }

    /// Whether `host` (a `Host` header's value or a request target's
    /// authority) names this server, whatever its port.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, _port)) = split(host) else {
            return false;
        };
        if let Some(ip) = parse_ip(name) {
            return self.bound.is_unspecified() || ip == self.bound;
        }
        let name = normalize(name);
        name.ends_with(".localhost")
            || self.names.contains(&name)
            || self.domains.iter().any(|d| name.ends_with(d.as_str()))
    }
}

/// Lower case, without the trailing dot of a fully qualified name.
fn normalize(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    match name.strip_suffix('.') {
        Some(n) => n.to_owned(),
        None => name,
    }
}

/// `name[:port]` or `[v6][:port]` into the name (brackets kept off) and the
/// port. Only characters a host name or address can have pass, so a value
/// that passes can be put into a page's links as it is.
fn split(host: &str) -> Option<(&str, Option<&str>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !inside
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        match after {
            "" => (inside, None),
            a => (inside, Some(a.strip_prefix(':')?)),
        }
    } else {
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        };
        let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
        if name.is_empty() || !name.bytes().all(ok) {
            return None;
        }
        (name, port)
    };
    if let Some(p) = port
        && (p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some((name, port))
}

fn parse_ip(name: &str) -> Option<IpAddr> {
    name.parse().ok()
}

/// Whether `name` can be given to `--allow-host`: a host name, or one
/// starting with `.` for a whole domain.
pub fn valid_name(name: &str) -> bool {
    let bare = name.strip_prefix('.').unwrap_or(name);
    !bare.is_empty()
        && bare.len() <= 253
        && !bare.contains(':')
        && split(bare).is_some_and(|(n, port)| n == bare && port.is_none())
}

/// This machine's host name, as the operating system gives it.
fn machine_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its whole length, which is passed;
    // the name is read only up to its NUL, which is looked for below.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0)?;
    let name = std::str::from_utf8(&buf[..end]).ok()?;
    valid_name(name).then(|| normalize(name))
}

/// `body` with every `from` replaced by `to`, or `None` if it has none.
pub fn rewrite(body: &[u8], from: &str, to: &str) -> Option<Vec<u8>> {
    let finder = memchr::memmem::Finder::new(from.as_bytes());
    let mut hits = finder.find_iter(body).peekable();
    hits.peek()?;
    let mut out = Vec::with_capacity(body.len());
    let mut last = 0;
    for at in hits {
        out.extend_from_slice(&body[last..at]);
        out.extend_from_slice(to.as_bytes());
        last = at + from.len();
    }
    out.extend_from_slice(&body[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str, allowed: &[&str]) -> Hosts {
        let allowed: Vec<String> = allowed.iter().map(|s| (*s).to_owned()).collect();
        Hosts::new(bound.parse().unwrap(), &allowed)
    }

    #[test]
    fn loopback_answers_its_address_and_localhost_on_any_port() {
        let h = hosts("127.0.0.1", &[]);
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.0.0.1:80",
            "localhost",
            "LocalHost:1111",
            "localhost.",
            "app.localhost:3000",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.2",
            "10.0.0.1:1111",
            "[::1]:1111",
            "localhost.evil.example",
            "",
            ":1111",
            "localhost:",
            "localhost:abc",
            "localhost:1111:1",
            "local host",
            "localhost\"><script>",
            "[::1",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn every_interface_answers_any_address_but_not_foreign_names() {
        let h = hosts("0.0.0.0", &[]);
        assert!(h.allows("192.168.1.20:1111"));
        assert!(h.allows("[fe80::1]:1111"));
        assert!(h.allows("localhost:1111"));
        assert!(!h.allows("rebind.evil.example:1111"));
        if let Some(name) = machine_name() {
            assert!(h.allows(&format!("{name}:1111")));
            assert!(h.allows(&format!("{name}.local")));
        }
    }

    #[test]
    fn allow_host_adds_names_and_domains() {
        let h = hosts("127.0.0.1", &["Preview.Test", ".example.org"]);
        assert!(h.allows("preview.test:8080"));
        assert!(h.allows("example.org"));
        assert!(h.allows("a.b.example.org:1"));
        assert!(!h.allows("badexample.org"));
        assert!(!h.allows("other.test"));
    }

    #[test]
    fn allow_host_takes_names_only() {
        for ok in ["preview.test", ".example.org", "my-laptop", "a_b"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", ".", "a:80", "a/b", "a b", "<x>", "[::1]", "a\"b"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }

    #[test]
    fn rewrites_every_occurrence() {
        let from = "http://127.0.0.1:1111/";
        let body = b"<a href=\"http://127.0.0.1:1111/x\">http://127.0.0.1:1111/</a>";
        let out = rewrite(body, from, "http://phone.local:1111/").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<a href=\"http://phone.local:1111/x\">http://phone.local:1111/</a>"
        );
        assert_eq!(rewrite(b"nothing here", from, "x"), None);
    }
}
