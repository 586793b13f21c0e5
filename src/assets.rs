//! The default theme, compiled into the binary so that a guide without its
//! own `templates/` or `static/` still builds, and `init` can scaffold one.
//! The files are the upper-back guide's own, kept at the repository's top.

/// Tera templates by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("exercise.html", include_str!("../templates/exercise.html")),
    ("family.html", include_str!("../templates/family.html")),
    ("area.html", include_str!("../templates/area.html")),
    ("404.html", include_str!("../templates/404.html")),
];

/// Static files by path under the output folder.
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    ("poses.js", include_bytes!("../static/poses.js")),
];
