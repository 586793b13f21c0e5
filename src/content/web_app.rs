//! `[web_app]` in guide.toml: checked, and worked out into what the
//! manifest and the pages need (the icon's type and size, the colours), so
//! that a bad icon is an error at its line rather than an app a browser
//! quietly refuses to install.

use std::io::Cursor;
use std::path::Path;

use crate::assets;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::files::{read_regular, static_dir};
use crate::model::{AppIcon, GuideConfig, WebApp, WebAppSettings, safe_relative};
use crate::toml_doc::{Seg, TomlRegion};

/// The smallest icon Chromium installs an app with.
pub const MIN_ICON_PX: u32 = 144;

/// Most bytes an icon may have: any real icon is far smaller.
const MAX_ICON_BYTES: u64 = 10 * 1024 * 1024;

/// Checks the settings and fills `config.web_app.resolved` when the web
/// app is on; the problems found, warnings included.
pub fn resolve(root: &Path, config: &mut GuideConfig, file: &SourceFile) -> Vec<Diagnostic> {
    let settings = &config.web_app;
    if !settings.enabled {
        config.web_app.resolved = None;
        return Vec::new();
    }
    let region = TomlRegion::new(file.clone(), 0..file.text.len());
    let at = |key: &str| region.span_of(&[Seg::Key("web_app"), Seg::Key(key)]);
    let mut out = Vec::new();

    let stylesheet = stylesheet(root);
    let theme_color = match &settings.theme_color {
        Some(c) if is_hex_colour(c) => c.clone(),
        Some(c) => {
            out.push(
                Diagnostic::error("E0175", format!("`theme_color` `{c}` is not a CSS hex colour"))
                    .at(file, at("theme_color"))
                    .label("not a colour such as #005eb8")
                    .help("write # and 3, 4, 6 or 8 hexadecimal digits, e.g. theme_color = \"#005eb8\", or leave it out for the stylesheet's --accent"),
            );
            String::new()
        }
        None => colour_of(&stylesheet, "--accent"),
    };
    let background_color = colour_of(&stylesheet, "--bg");

    let short_name = match &settings.short_name {
        Some(name) if name.trim().is_empty() => {
            out.push(
                Diagnostic::error("E0125", "`short_name` is empty")
                    .at(file, at("short_name"))
                    .label("write some text here")
                    .help("give the short name shown under the app's icon, or leave it out for the guide's title"),
            );
            String::new()
        }
        Some(name) => {
            let chars = name.chars().count();
            if chars > WebAppSettings::SHORT_NAME_CHARS {
                out.push(
                    Diagnostic::warning("W0016", format!("`short_name` has {chars} characters"))
                        .at(file, at("short_name"))
                        .label(format!("more than {}", WebAppSettings::SHORT_NAME_CHARS))
                        .help(format!("phones cut the name under an app's icon after about {} characters: write a shorter one", WebAppSettings::SHORT_NAME_CHARS)),
                );
            }
            name.clone()
        }
        None => config.title.clone(),
    };

    let icon = match &settings.icon {
        None => Some(AppIcon {
            src: "favicon.svg".to_owned(),
            mime: "image/svg+xml".to_owned(),
            sizes: "any".to_owned(),
        }),
        Some(path) => match icon(root, path) {
            Ok(icon) => Some(icon),
            Err(problem) => {
                out.push(problem.diagnostic(path).at(file, at("icon")));
                None
            }
        },
    };
    config.web_app.resolved = icon.map(|icon| WebApp {
        short_name,
        theme_color,
        background_color,
        icon,
    });
    out
}

/// The guide's own stylesheet, or the built-in one.
fn stylesheet(root: &Path) -> String {
    let own = static_dir(root).join("style.css");
    let builtin = || String::from_utf8_lossy(builtin_stylesheet()).into_owned();
    if std::fs::symlink_metadata(&own).is_err() {
        return builtin();
    }
    // A stylesheet that cannot be read is reported when static/ is copied.
    read_regular("static/style.css", &own, MAX_ICON_BYTES)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_else(|_| builtin())
}

fn builtin_stylesheet() -> &'static [u8] {
    assets::STATIC
        .iter()
        .find(|(name, _)| *name == "style.css")
        .map(|(_, bytes)| *bytes)
        .unwrap_or_default()
}

/// The colour the stylesheet gives the custom property `name` first (its
/// light scheme), else the built-in stylesheet's.
fn colour_of(stylesheet: &str, name: &str) -> String {
    custom_property(stylesheet, name)
        .filter(|v| is_plain_colour(v))
        .or_else(|| custom_property(&String::from_utf8_lossy(builtin_stylesheet()), name))
        .unwrap_or_else(|| "#ffffff".to_owned())
}

/// The value of the first declaration of the custom property `name`.
fn custom_property(css: &str, name: &str) -> Option<String> {
    let mut rest = css;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        rest = after;
        if before.is_some_and(|c| c == '-' || c.is_alphanumeric()) {
            continue;
        }
        let Some(value) = after.trim_start().strip_prefix(':') else {
            continue;
        };
        let end = value.find([';', '}', '\n']).unwrap_or(value.len());
        return Some(value[..end].trim().to_owned());
    }
    None
}

/// `#` and 3, 4, 6 or 8 hexadecimal digits.
pub fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// A colour a stylesheet may give that is also one on its own: a hex
/// colour, a name (`white`) or a function of plain numbers (`rgb(0 94
/// 184)`), never `var(...)`, which means nothing outside the stylesheet.
fn is_plain_colour(s: &str) -> bool {
    if is_hex_colour(s) {
        return true;
    }
    let (name, args) = s.split_once('(').unwrap_or((s, ""));
    let word = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
    let plain_args = args.strip_suffix(')').map_or(args.is_empty(), |a| {
        a.chars()
            .all(|c| c.is_ascii_alphanumeric() || " .,%/+-".contains(c))
    });
    word && plain_args && name != "var"
}

/// Why an icon cannot be used.
enum IconProblem {
    NotRelative,
    Kind,
    Missing(String),
    Unreadable(Diagnostic),
    NotAPicture(String),
    Size(String, u32, u32),
}

impl IconProblem {
    fn diagnostic(self, path: &str) -> Diagnostic {
        let (code, message, label, help) = match self {
            IconProblem::NotRelative => (
                "E0176",
                format!("`icon` `{path}` is not a path inside static/"),
                "not a relative path".to_owned(),
                "write the path of a file in static/, e.g. icon = \"icon.png\" for static/icon.png".to_owned(),
            ),
            IconProblem::Kind => (
                "E0176",
                format!("`icon` `{path}` is not a .png or .svg file"),
                "not a PNG or SVG".to_owned(),
                "an app's icon is a PNG picture of at least 144 × 144 px or an SVG drawing".to_owned(),
            ),
            IconProblem::Missing(name) => (
                "E0176",
                format!("{name} does not exist"),
                "no such file".to_owned(),
                "put the icon in static/ and give its path from there, or leave `icon` out for the favicon".to_owned(),
            ),
            IconProblem::Unreadable(d) => return d,
            IconProblem::NotAPicture(name) => (
                "E0177",
                format!("{name} is not a picture limber can read as its name says"),
                "not a PNG or SVG".to_owned(),
                "save the icon again as PNG (or SVG) and build again".to_owned(),
            ),
            IconProblem::Size(name, w, h) => (
                "E0177",
                format!("{name} is {w} × {h} px"),
                format!("an icon must be square and at least {MIN_ICON_PX} px"),
                format!("browsers install an app only with a square icon of at least {MIN_ICON_PX} × {MIN_ICON_PX} px: 512 × 512 is best"),
            ),
        };
        Diagnostic::error(code, message).label(label).help(help)
    }
}

fn icon(root: &Path, path: &str) -> Result<AppIcon, IconProblem> {
    let rel = safe_relative(path).ok_or(IconProblem::NotRelative)?;
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if ext != "png" && ext != "svg" {
        return Err(IconProblem::Kind);
    }
    let name = format!("static/{rel}");
    let full = static_dir(root).join(&rel);
    if std::fs::symlink_metadata(&full).is_err() {
        return Err(IconProblem::Missing(name));
    }
    let bytes = read_regular(&name, &full, MAX_ICON_BYTES).map_err(IconProblem::Unreadable)?;
    if ext == "svg" {
        let text =
            std::str::from_utf8(&bytes).map_err(|_| IconProblem::NotAPicture(name.clone()))?;
        if !text.contains("<svg") {
            return Err(IconProblem::NotAPicture(name));
        }
        return Ok(AppIcon {
            src: rel,
            mime: "image/svg+xml".to_owned(),
            sizes: "any".to_owned(),
        });
    }
    let reader = image::ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .ok()
        .filter(|r| r.format() == Some(image::ImageFormat::Png))
        .ok_or_else(|| IconProblem::NotAPicture(name.clone()))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|_| IconProblem::NotAPicture(name.clone()))?;
    if w != h || w < MIN_ICON_PX {
        return Err(IconProblem::Size(name, w, h));
    }
    Ok(AppIcon {
        src: rel,
        mime: "image/png".to_owned(),
        sizes: format!("{w}x{h}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours() {
        for good in ["#fff", "#FFFF", "#005eb8", "#005eb8cc"] {
            assert!(is_hex_colour(good), "{good}");
        }
        for bad in ["fff", "#ff", "#12345", "#ggg", "#005eb8 ", "red", ""] {
            assert!(!is_hex_colour(bad), "{bad}");
        }
    }

    #[test]
    fn the_built_in_stylesheet_gives_both_colours() {
        let css = String::from_utf8_lossy(builtin_stylesheet());
        assert_eq!(
            custom_property(&css, "--accent").as_deref(),
            Some("#005eb8")
        );
        assert_eq!(custom_property(&css, "--bg").as_deref(), Some("#f0f4f5"));
    }

    #[test]
    fn custom_properties_by_their_whole_name() {
        let css = ":root { --accent-dark: #111; --my--accent: #222; --accent : rgb(1 2 3); }";
        assert_eq!(
            custom_property(css, "--accent").as_deref(),
            Some("rgb(1 2 3)")
        );
        assert!(is_plain_colour("rgb(1 2 3)"));
        assert!(is_plain_colour("white"));
        assert!(!is_plain_colour("var(--x)"));
        assert!(!is_plain_colour("#12"));
        assert_eq!(colour_of(":root{--accent:var(--x)}", "--accent"), "#005eb8");
    }
}
