//! `[web_app]` in `guide.toml`, checked: a colour a browser takes, and an
//! icon that is there and of a kind a phone shows.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::files::static_dir;
use crate::model::GuideConfig;
use crate::toml_doc::{Seg, TomlRegion};

fn is_hex_colour(c: &str) -> bool {
    let Some(hex) = c.strip_prefix('#') else {
        return false;
    };
    matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn check_web_app(
    root: &Path,
    config: &GuideConfig,
    region: &TomlRegion,
) -> Result<(), Diagnostic> {
    let app = &config.web_app;
    let at = |key: &'static str| region.span_of(&[Seg::Key("web_app"), Seg::Key(key)]);
    if let Some(c) = &app.theme_color
        && !is_hex_colour(c)
    {
        return Err(Diagnostic::error(
            "E0175",
            format!("`[web_app] theme_color` `{c}` is not a colour"),
        )
        .at(&region.file, at("theme_color"))
        .label("expected #rgb or #rrggbb")
        .help("write the colour as a hex code, e.g. theme_color = \"#005eb8\""));
    }
    if let Some(name) = &app.short_name
        && name.trim().is_empty()
    {
        return Err(
            Diagnostic::error("E0125", "`[web_app] short_name` is empty")
                .at(&region.file, at("short_name"))
                .label("empty")
                .help("write the name to show under the icon, or leave the key out"),
        );
    }
    if let Some(icon) = &app.icon {
        let file = crate::model::safe_relative(icon)
            .map(|rel| static_dir(root).join(rel))
            .filter(|f| f.is_file());
        let kind_ok = [".png", ".svg"]
            .iter()
            .any(|e| icon.to_ascii_lowercase().ends_with(e));
        if file.is_none() || !kind_ok {
            return Err(Diagnostic::error(
                "E0176",
                if kind_ok {
                    format!("`[web_app] icon` `{icon}` is not a file in static/")
                } else {
                    format!("`[web_app] icon` `{icon}` is not a PNG or SVG file")
                },
            )
            .at(&region.file, at("icon"))
            .label(if kind_ok { "no such file" } else { "expected .png or .svg" })
            .help("give a path under static/, e.g. icon = \"icon.png\" for static/icon.png (at least 192 pixels square)"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_hex_codes() {
        for ok in ["#fff", "#005eb8", "#ABCDEF"] {
            assert!(is_hex_colour(ok), "{ok}");
        }
        for bad in ["fff", "#ffff", "#00ggzz", "red", "", "#"] {
            assert!(!is_hex_colour(bad), "{bad}");
        }
    }
}
