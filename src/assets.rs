//! The default theme, compiled into the binary so that a guide without its
//! own `templates/` or `static/` still builds, and `init` can scaffold one.
//! The files are the upper-back guide's own, kept at the repository's top.

/// Tera templates by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("seo.html", include_str!("../templates/seo.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("exercise.html", include_str!("../templates/exercise.html")),
    ("family.html", include_str!("../templates/family.html")),
    ("area.html", include_str!("../templates/area.html")),
    ("position.html", include_str!("../templates/position.html")),
    ("term.html", include_str!("../templates/term.html")),
    ("routine.html", include_str!("../templates/routine.html")),
    ("404.html", include_str!("../templates/404.html")),
];

/// Static files by path under the output folder.
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
    ("filters.js", include_bytes!("../static/filters.js")),
    ("player.js", include_bytes!("../static/player.js")),
    ("poses.js", include_bytes!("../static/poses.js")),
];

/// The built-in scripts and stylesheet as served: the same code without its comment lines,
/// indentation and blank lines, so that readers download less. This relies
/// on how those files are written (comments on lines of their own, no
/// multi-line strings); a guide's own files are copied untouched.
pub fn compact_js(source: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(source) else {
        return source.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    let mut in_block = false;
    for line in text.lines() {
        let line = line.trim();
        if in_block {
            in_block = !line.contains("*/");
            continue;
        }
        if line.starts_with("/*") {
            in_block = !line.contains("*/");
            continue;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

/// A built-in asset as served: scripts and the stylesheet compacted, the
/// rest as they are.
pub fn compact(name: &str, bytes: &[u8]) -> Vec<u8> {
    if name.ends_with(".js") {
        squeeze_js(&compact_js(bytes))
    } else if name.ends_with(".css") {
        compact_css(&compact_js(bytes))
    } else {
        bytes.to_vec()
    }
}

/// Goes further than [`compact_js`] for scripts: within each line, drops
/// the spaces that separate nothing (`a = b + 1` becomes `a=b+1`) and a
/// comment at the end of a line, and joins a line to the next after `;`,
/// `{` or `,` and before `}`, `)` or `]`. Other line breaks stay, so
/// semicolon insertion works as written. Strings and regular expressions are copied as they
/// are; a regular expression is a `/` after punctuation that cannot end an
/// operand (so `(x) / 2` stays a division). A line this cannot read with
/// certainty (an unclosed string, a template literal) is kept whole.
fn squeeze_js(source: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(source) else {
        return source.to_vec();
    };
    let lines: Vec<String> = text
        .lines()
        .map(|l| squeeze_line(l).unwrap_or_else(|| l.to_owned()))
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::with_capacity(text.len());
    for (k, line) in lines.iter().enumerate() {
        out.push_str(line);
        // No semicolon is ever inserted after `;`, `{` or `,`, and a line
        // break before `}`, `)` or `]` never matters, so these lines join.
        let next = lines.get(k + 1).map_or("", String::as_str);
        if !line.ends_with([';', '{', ',']) && !next.starts_with(['}', ')', ']']) {
            out.push('\n');
        }
    }
    out.into_bytes()
}

fn squeeze_line(line: &str) -> Option<String> {
    fn word(c: char) -> bool {
        c.is_alphanumeric() || c == '_' || c == '$'
    }
    // Copies a string or regular expression starting at `at`, returning
    // where it ends; `None` when it is not closed on this line.
    fn literal(c: &[char], at: usize, out: &mut String) -> Option<usize> {
        let close = c[at];
        let (mut k, mut class) = (at + 1, false);
        loop {
            match *c.get(k)? {
                '\\' => k += 1,
                '[' if close == '/' => class = true,
                ']' => class = false,
                x if x == close && !class => break,
                _ => {}
            }
            k += 1;
        }
        k += 1;
        while close == '/' && c.get(k).is_some_and(|&x| word(x)) {
            k += 1;
        }
        out.extend(&c[at..k]);
        Some(k)
    }
    if line.contains('`') {
        return None;
    }
    let c: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut k = 0;
    while k < c.len() {
        match c[k] {
            '"' | '\'' => k = literal(&c, k, &mut out)?,
            '/' if c.get(k + 1) == Some(&'/') => break,
            '/' if c.get(k + 1) == Some(&'*') => {
                k += 2 + c[k + 2..].windows(2).position(|w| w == ['*', '/'])? + 2;
            }
            '/' if out
                .chars()
                .last()
                .is_none_or(|p| "(,=:[!&|?{};+-*%<>~^".contains(p))
                || out
                    .strip_suffix("return")
                    .is_some_and(|r| !r.ends_with(word)) =>
            {
                k = literal(&c, k, &mut out)?;
            }
            ' ' | '\t' => {
                while k < c.len() && (c[k] == ' ' || c[k] == '\t') {
                    k += 1;
                }
                if let (Some(a), Some(&b)) = (out.chars().last(), c.get(k))
                    && ((word(a) && word(b)) || (a == b && (a == '+' || a == '-')))
                {
                    out.push(' ');
                }
            }
            x => {
                out.push(x);
                k += 1;
            }
        }
    }
    Some(out.trim_end().to_owned())
}

/// Goes further than [`compact_js`] for CSS, where the spaces around
/// punctuation and the line breaks after a declaration or a brace carry no
/// meaning. Lines with a quoted string are left as they are, so no string's
/// text can change.
fn compact_css(source: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(source) else {
        return source.to_vec();
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = if line.contains('"') || line.contains('\'') {
            line.to_owned()
        } else {
            let mut l = line.to_owned();
            for (from, to) in [
                ("; ", ";"),
                (": ", ":"),
                (", ", ","),
                (" {", "{"),
                ("{ ", "{"),
                (" }", "}"),
                (";}", "}"),
            ] {
                l = l.replace(from, to);
            }
            l
        };
        out.push_str(&line);
        // A line break inside a selector can be a descendant combinator;
        // after these it never is.
        if !line.ends_with(['{', '}', ';', ',']) {
            out.push('\n');
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_compacting_keeps_strings_and_selectors() {
        let src = b"/* why */\n.a .b,\n.c {\n  color: red; margin: 0 auto;\n}\n.d::before { content: \"a: b, c\"; }\n.e\n.f { x: y }\n";
        let out = String::from_utf8(compact("x.css", src)).unwrap();
        assert_eq!(
            out,
            ".a .b,.c{color:red;margin:0 auto;}.d::before { content: \"a: b, c\"; }.e\n.f{x:y}"
        );
    }

    #[test]
    fn compacting_drops_comment_lines_and_indentation_only() {
        let src = b"/* a\n   b */\n(function () {\n  // why\n  var a = \"// not a comment\";\n\n  /* one line */\n  f(a); // kept\n})();\n";
        let out = String::from_utf8(compact_js(src)).unwrap();
        assert_eq!(
            out,
            "(function () {\nvar a = \"// not a comment\";\nf(a); // kept\n})();\n"
        );
    }

    #[test]
    fn scripts_lose_spaces_but_keep_strings_regexes_and_line_breaks() {
        let src = b"var a = \"x = y // z\", b = 'it\\'s  ok'; // why\nif (a) { b = a.replace(/ \\/ [ /]/g, \" \") / 2; } /* note */ c = a - -1 + +b;\nreturn /a b/.test(x) ? typeof x : void 0;\n   \n// gone\nvar t = `a  b`;\na = b\n(c)\nif (d) {\n  e()\n}\n";
        let out = String::from_utf8(compact("x.js", src)).unwrap();
        assert_eq!(
            out,
            "var a=\"x = y // z\",b='it\\'s  ok';if(a){b=a.replace(/ \\/ [ /]/g,\" \")/2;}c=a- -1+ +b;return/a b/.test(x)?typeof x:void 0;var t = `a  b`;a=b\n(c)\nif(d){e()}\n"
        );
    }

    #[test]
    fn every_built_in_script_gets_smaller_and_keeps_its_braces() {
        for (name, bytes) in STATIC
            .iter()
            .filter(|(n, _)| n.ends_with(".js") || n.ends_with(".css"))
        {
            let out = String::from_utf8(compact_js(bytes)).unwrap();
            assert_eq!(out.matches('{').count(), out.matches('}').count(), "{name}");
            assert!(out.len() < bytes.len(), "{name}");
        }
    }
}
