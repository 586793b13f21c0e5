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
    ("plan.html", include_str!("../templates/plan.html")),
    ("history.html", include_str!("../templates/history.html")),
    ("404.html", include_str!("../templates/404.html")),
];

/// Static files by path under the output folder.
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("player.css", include_bytes!("../static/player.css")),
    ("list.css", include_bytes!("../static/list.css")),
    ("plan.css", include_bytes!("../static/plan.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("search.js", include_bytes!("../static/search.js")),
    ("site.js", include_bytes!("../static/site.js")),
    ("filters.js", include_bytes!("../static/filters.js")),
    ("player.js", include_bytes!("../static/player.js")),
    ("poses.js", include_bytes!("../static/poses.js")),
    ("plan.js", include_bytes!("../static/plan.js")),
    ("history.js", include_bytes!("../static/history.js")),
    ("qr.js", include_bytes!("../static/qr.js")),
];

/// The built-in scripts as served: minified by `build.rs` when limber is
/// compiled (oxc's minifier), so that readers download less.
const MINIFIED: &[(&str, &[u8])] = &[
    (
        "search.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/search.js")),
    ),
    (
        "site.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/site.js")),
    ),
    (
        "filters.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/filters.js")),
    ),
    (
        "player.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/player.js")),
    ),
    (
        "poses.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/poses.js")),
    ),
    (
        "plan.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/plan.js")),
    ),
    (
        "history.js",
        include_bytes!(concat!(env!("OUT_DIR"), "/history.js")),
    ),
    ("qr.js", include_bytes!(concat!(env!("OUT_DIR"), "/qr.js"))),
];

/// The service worker's code, minified like the scripts; the build puts
/// the site's own list of files before it (`site::webapp`).
pub const SERVICE_WORKER: &str = include_str!(concat!(env!("OUT_DIR"), "/sw.js"));

/// A built-in asset as served: a built-in script minified, the stylesheet
/// compacted, the rest as they are. `bytes` that are not the built-in
/// file's own (a guide's edited copy) are served as they are.
pub fn compact(name: &str, bytes: &[u8]) -> Vec<u8> {
    let builtin = STATIC.iter().find(|(n, b)| *n == name && **b == *bytes);
    match MINIFIED.iter().find(|(n, _)| *n == name) {
        Some((_, small)) if builtin.is_some() => small.to_vec(),
        _ if name.ends_with(".css") => compact_css(&strip_comment_lines(bytes)),
        _ => bytes.to_vec(),
    }
}

/// The stylesheet without its comment lines, indentation and blank lines.
/// This relies on how the built-in stylesheet is written (comments on lines
/// of their own, no multi-line strings).
fn strip_comment_lines(source: &[u8]) -> Vec<u8> {
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

/// Goes further than [`strip_comment_lines`] for CSS, where the spaces around
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
    fn every_built_in_script_is_served_minified() {
        for (name, source) in STATIC.iter().filter(|(n, _)| n.ends_with(".js")) {
            let served = compact(name, source);
            let text = String::from_utf8(served.clone()).unwrap();
            // A vendored library's licence lines stay at the top, as in its
            // source; the rest is checked as for limber's own scripts.
            let source_text = std::str::from_utf8(source).unwrap();
            let licence: String = source_text
                .lines()
                .take_while(|l| l.starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            let text = text.strip_prefix(licence.as_str()).unwrap().to_owned();
            // Minified: comments gone, at most 60 % of the size (stripping
            // spaces alone left 70-80 %), still one function wrapping the
            // whole script.
            assert!(
                served.len() * 10 < source.len() * 6,
                "{name}: {} of {}",
                served.len(),
                source.len()
            );
            assert!(!text.contains("/*") && !text.contains("\n  "), "{name}");
            assert!(text.starts_with("(function(){"), "{name}");
            assert_eq!(
                text.matches('{').count(),
                text.matches('}').count(),
                "{name}"
            );
        }
    }

    #[test]
    fn the_qr_library_keeps_its_licence_when_minified() {
        let (_, source) = STATIC.iter().find(|(n, _)| *n == "qr.js").unwrap();
        let served = String::from_utf8(compact("qr.js", source)).unwrap();
        let head = "//---------------------------------------------------------------------\n//\n// QR Code Generator for JavaScript\n//\n// Copyright (c) 2009 Kazuhiko Arase\n";
        assert!(served.starts_with(head), "{}", &served[..200]);
        assert!(served.contains("// Permission is hereby granted, free of charge"));
        assert!(served.contains("window.LimberQR"));
    }

    #[test]
    fn an_edited_copy_of_a_built_in_script_is_served_as_it_is() {
        let edited = b"(function () { /* mine */ })();\n";
        assert_eq!(compact("search.js", edited), edited);
        assert_eq!(compact("mine.js", edited), edited);
    }
}
