//! The crate's modules depend on each other one way only: from the commands
//! down to the model. Each top-level module is given a layer here, and a
//! module may name (`crate::<module>`) only modules of lower layers, so a
//! circle between modules cannot come back unnoticed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. Modules on one line are peers and do not use each other.
const LAYERS: &[&[&str]] = &[
    // Leaves: no other module of the crate.
    &[
        "diagnostic",
        "html",
        "suggest",
        "date",
        "assets",
        "readability",
    ],
    &["pose", "files"],
    &["toml_doc"],
    // Interface words of every language.
    &["i18n"],
    // The typed guide.
    &["model"],
    &["timing"],
    &["markdown"],
    // Loading and checking files; turning the model into pages.
    &["content", "render"],
    &["seo"],
    &["export"],
    &["publish"],
    &["random"],
    &["images"],
    &["synthetic"],
    // The build as phases.
    &["site"],
    // The commands.
    &["check", "new", "scaffold", "serve"],
    &["cli"],
];

/// Modules that never use each other, whatever their layers: the loader
/// and what turns the loaded model into pages and files meet only in the
/// model (and in `site`, which runs both).
const APART: &[(&str, &[&str])] = &[("content", &["render", "seo", "export", "publish"])];

fn kept_apart(a: &str, b: &str) -> bool {
    APART.iter().any(|(one, others)| {
        (*one == a && others.contains(&b)) || (*one == b && others.contains(&a))
    })
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file under `src/` belongs to: `src/a.rs` and
/// `src/a/b.rs` are both `a`; `lib.rs` and `main.rs` are the crate root.
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The code of a file less comments and its `#[cfg(test)] mod tests`:
/// unit tests may build their fixtures with any module.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            // rustfmt closes a top-level item with `}` in the first column.
            let indented = line.starts_with(' ');
            for inner in lines.by_ref() {
                if (!indented && inner == "}") || (indented && inner.trim() == "}") {
                    break;
                }
            }
            continue;
        }
        if line.trim_start().starts_with("//") {
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// Every top-level module that `code` names through `crate::`, including
/// the members of a `use crate::{a, b::c}` group.
fn modules_named(code: &str) -> BTreeSet<String> {
    let mut named = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        named.extend(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            named.extend(first_segment(&item));
        } else {
            named.extend(first_segment(rest));
        }
    }
    named.remove("self");
    named
}

fn first_segment(path: &str) -> Option<String> {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every way `src` breaks the layers, one line each.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for path in files {
        let rel = path.strip_prefix(src).expect("under src/");
        let Some(module) = module_of(rel) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            found.push(format!(
                "module `{module}` has no layer: add it to LAYERS in tests/layers.rs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("a source file is readable");
        for used in modules_named(&code_of(&text)) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(_) if kept_apart(&module, &used) => found.push(format!(
                    "{}: `{module}` uses `crate::{used}`, and the two are kept apart",
                    rel.display()
                )),
                Some(layer) if layer < own => {}
                Some(_) => found.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not below it",
                    rel.display()
                )),
                None => found.push(format!(
                    "{}: `crate::{used}` has no layer: add it to LAYERS in tests/layers.rs",
                    rel.display()
                )),
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn modules_depend_only_on_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "module dependencies must point down the layers of tests/layers.rs:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_of_the_crate_has_a_layer() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert!(declared.contains(&"model"), "{declared:?}");
    for module in declared {
        assert!(layer_of(module).is_some(), "`{module}` has no layer");
    }
}

#[test]
fn uses_are_found_in_paths_groups_and_nested_groups() {
    let code = code_of(
        "use crate::model::Guide;\n\
         use crate::{\n    diagnostic::{Diagnostic, Report},\n    files::read_source,\n};\n\
         // crate::serve in a comment is not a use\n\
         fn f() { crate::html::escape_html(\"\"); }\n\
         #[cfg(test)]\nmod tests {\n    use crate::site;\n}\n",
    );
    let named: Vec<String> = modules_named(&code).into_iter().collect();
    assert_eq!(named, ["diagnostic", "files", "html", "model"]);
}

#[test]
fn a_use_up_the_layers_is_refused() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path();
    std::fs::create_dir(src.join("content")).expect("content/");
    std::fs::write(src.join("model.rs"), "use crate::date::Date;\n").expect("model.rs");
    // The circle this check was written against: the loader reached up to
    // publishing, and Markdown back into the loader.
    std::fs::write(
        src.join("content/mod.rs"),
        "fn f() { crate::publish::check_base_url(\"\"); }\n",
    )
    .expect("content/mod.rs");
    std::fs::write(
        src.join("markdown.rs"),
        "use crate::{content::LinkTarget};\n",
    )
    .expect("markdown.rs");
    std::fs::write(src.join("render.rs"), "use crate::content;\n").expect("render.rs");
    std::fs::write(src.join("export.rs"), "use crate::content::Guide;\n").expect("export.rs");
    std::fs::write(src.join("elsewhere.rs"), "").expect("elsewhere.rs");
    let found = violations(src);
    assert_eq!(
        found,
        [
            "content/mod.rs: `content` uses `crate::publish`, and the two are kept apart",
            "export.rs: `export` uses `crate::content`, and the two are kept apart",
            "markdown.rs: `markdown` uses `crate::content`, which is not below it",
            "module `elsewhere` has no layer: add it to LAYERS in tests/layers.rs",
            "render.rs: `render` uses `crate::content`, and the two are kept apart",
        ]
    );
}
