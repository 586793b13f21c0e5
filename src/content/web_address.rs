//! Addresses an author writes that end up in a page's `href` or in the open
//! data: only `https:` and `http:` addresses are let through, since any other
//! scheme (`javascript:`, `data:`, …) could run code on a reader's machine.

/// Why `text` is not a web address to link to, if it is not.
///
/// Browsers ignore tabs and line breaks anywhere in an address and spaces
/// or control characters around it, so `"java\tscript:"` is `javascript:`
/// to them: the text is refused as it is written, before any such cleaning,
/// and only then parsed.
pub fn check(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "may not contain {}",
            match c {
                ' ' => "spaces".to_owned(),
                '\t' => "tabs".to_owned(),
                '\n' | '\r' => "line breaks".to_owned(),
                c => format!("the character {}", c.escape_unicode()),
            }
        ));
    }
    let after_scheme = ["https://", "http://"].iter().find_map(|p| {
        text.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &text[p.len()..])
    });
    match after_scheme {
        None => return Err("must start with https:// (or http://)".to_owned()),
        // Browsers read `https:///x` as the host `x`: not what was meant.
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '\\']) => {
            return Err("has no host name after the //".to_owned());
        }
        Some(_) => {}
    }
    let url = url::Url::parse(text).map_err(|e| format!("is not a web address ({e})"))?;
    match (url.scheme(), url.host_str()) {
        ("https" | "http", Some(host)) if !host.is_empty() => Ok(()),
        _ => Err("has no host name after the //".to_owned()),
    }
}

/// Why `url` cannot be a base URL, if it cannot: it must be an absolute
/// `http://` or `https://` address, because pages use it for the addresses
/// search engines and chat apps follow.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with https:// (or http://)")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("has no host name after the //".to_owned());
    }
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '?' | '#' | '\\')
    }) {
        return Err(format!("may not contain {c:?}"));
    }
    Ok(())
}

/// Why `name` cannot be a custom domain, if it cannot: `CNAME` holds a bare
/// host name such as `exercises.example.org`.
pub fn check_cname(name: &str) -> Result<(), String> {
    if name.contains("://") || name.contains('/') {
        return Err("write only the host name, without https:// or a path".to_owned());
    }
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) || name.len() > 253 {
        return Err("is not a host name such as exercises.example.org".to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_pass() {
        for ok in [
            "https://example.org",
            "https://example.org/a/b?c=d#e",
            "http://127.0.0.1:8000/x",
            "HTTPS://Example.org/",
            "https://例え.jp/パス",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//evil.example/x",
            "/relative",
            "example.org",
            "https:example.org",
            "https:///path",
            "https://",
            " https://example.org",
            "https://example.org ",
            "https://exa mple.org",
            "https://example.org/\n",
            "https://[::1",
            "",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn base_urls() {
        assert!(check_base_url("https://user.github.io/repo/").is_ok());
        assert!(check_base_url("http://127.0.0.1:8000/repo").is_ok());
        assert!(check_base_url("user.github.io/repo").is_err());
        assert!(check_base_url("/repo/").is_err());
        assert!(check_base_url("https:///repo").is_err());
        assert!(check_base_url("https://x.org/a b").is_err());
    }

    #[test]
    fn cnames() {
        assert!(check_cname("exercises.example.org").is_ok());
        assert!(check_cname("www.my-site.co.uk").is_ok());
        for bad in [
            "https://x.org",
            "x.org/guide",
            "localhost",
            "a..b",
            "-a.org",
            "a_b.org",
            "",
        ] {
            assert!(check_cname(bad).is_err(), "{bad}");
        }
    }
}
