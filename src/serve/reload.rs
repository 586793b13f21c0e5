//! The live-reload script that `serve` adds to every HTML page it serves
//! (never to what `build` writes), and the state it polls for.
//!
//! The page long-polls `/__limber/poll?since=<version>`: the server answers
//! when the version moves on (or after a while, to keep connections fresh).
//! A new good build reloads the page; a failed one lays its errors over the
//! page, which keeps showing the last good version underneath.

use super::live::Snapshot;

/// Where the script asks for news. Nothing a guide builds starts with it.
pub const POLL_PATH: &str = "/__limber/poll";

/// The state as JSON that is safe inside a `<script>` element: a `<` in an
/// error message must not be able to close the element.
pub fn state_json(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
}

const SCRIPT: &str = r#"<script>/* added by limber serve: live reload; not in built pages */
(function () {
  window.limberServe = true;
  var state = STATE;
  function overlay(text) {
    var el = document.getElementById("limber-errors");
    if (!text) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "limber-errors";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem 2rem;" +
        "background:#18181b;color:#f4f4f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;text-align:left";
      var head = document.createElement("p");
      head.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#fca5a5";
      head.textContent = "The last change has errors, so the page below is the last good version. " +
        "Fix the file and save: this page updates by itself.";
      var close = document.createElement("button");
      close.textContent = "Hide";
      close.style.cssText = "float:right;margin-left:1rem;font:inherit";
      close.onclick = function () { el.remove(); };
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap";
      el.append(close, head, pre);
      document.body.appendChild(el);
    }
    el.querySelector("pre").textContent = text;
  }
  function poll() {
    fetch("POLL?since=" + state.version, { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw r; return r.json(); })
      .then(function (next) {
        if (next.build !== state.build) { location.reload(); return; }
        state = next;
        overlay(state.errors);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  overlay(state.errors);
  poll();
})();
</script>
"#;

pub fn script(snapshot: &Snapshot) -> String {
    // The state last: error text could contain the word POLL.
    SCRIPT
        .replace("POLL", POLL_PATH)
        .replace("STATE", &state_json(snapshot))
}

/// `html` with the script just before `</body>`, or at the end if there is
/// none (a template may leave it out; browsers run the script either way).
pub fn inject(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let script = script(snapshot);
    let at = find_last_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(errors: Option<&str>) -> Snapshot {
        Snapshot {
            site: None,
            build: "1-1".to_owned(),
            version: 3,
            errors: errors.map(str::to_owned),
        }
    }

    #[test]
    fn goes_before_the_closing_body_tag() {
        let out = inject(b"<html><BODY>x</Body></html>", &snapshot(None));
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("<html><BODY>x<script>"), "{out}");
        assert!(out.ends_with("</script>\n</Body></html>"), "{out}");
    }

    #[test]
    fn goes_at_the_end_without_a_body_tag() {
        let out = inject(b"<p>x", &snapshot(None));
        assert!(out.starts_with(b"<p>x<script>"));
    }

    #[test]
    fn errors_cannot_close_the_script_element() {
        let s = script(&snapshot(Some("</script><script>alert(1)</script>")));
        assert_eq!(s.matches("</script>").count(), 1, "{s}");
    }
}
