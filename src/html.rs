//! Escaping text for HTML, XML and SVG, shared by the pages, the sitemap
//! and the pose pictures.

/// Escapes what HTML needs escaped in text and quoted attributes. Tera's
/// default also escapes `/`, which turns every relative URL into
/// `..&#x2F;page.html`: valid, but unreadable in the source of a page.
pub fn escape_html(input: &str) -> String {
    // Called for every value a template prints: copy the runs between the
    // characters to replace rather than pushing one char at a time. The five
    // are ASCII, so every index here is on a char boundary.
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    let mut copied = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&input[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_needs_and_keeps_the_rest() {
        assert_eq!(
            escape_html("a < b & \"c\" > 'd' ../é/"),
            "a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39; ../é/"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
    }
}
