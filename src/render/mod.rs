//! Tera: the built-in templates, overridden file by file by a guide's own
//! `templates/`, and template errors turned into located diagnostics.

pub mod fields;
mod scan;
pub mod views;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::assets;
use crate::diagnostic::{Diagnostic, SourceFile, display_path};
use crate::files::{cannot_read, entry_problem, read_source, templates_dir};
use crate::html::escape_html;

pub struct Renderer {
    tera: Tera,
    /// Template name to its source, for pointing into it on errors.
    sources: BTreeMap<String, SourceFile>,
}

impl Renderer {
    /// Loads the built-in templates, then every `*.html` in the guide's
    /// `templates/` folder over them.
    pub fn new(root: &Path) -> Result<Renderer, Vec<Diagnostic>> {
        let mut sources: BTreeMap<String, SourceFile> = assets::TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_owned(),
                    SourceFile::new(format!("(built-in) templates/{name}"), *text),
                )
            })
            .collect();
        let mut errors = Vec::new();
        let dir = templates_dir(root);
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).sort_by_file_name().follow_links(false) {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        errors.push(cannot_read("templates/", &e));
                        continue;
                    }
                };
                if let Some(problem) = entry_problem(root, &entry) {
                    errors.push(problem);
                    continue;
                }
                if !entry.file_type().is_file()
                    || entry.path().extension().is_none_or(|e| e != "html")
                {
                    continue;
                }
                match read_source(root, entry.path()) {
                    Ok(file) => {
                        sources.insert(display_path(&dir, entry.path()), file);
                    }
                    Err(d) => errors.push(d),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        // Read before Tera parses: what would overflow its stack is refused
        // with its place.
        let scans = scan::scan_all(&sources)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        // Tera's `get_env` would write the build machine's environment,
        // secrets included, into pages: it fails as an unknown function
        // does, and is reported as one.
        tera.register_function(
            "get_env",
            |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                Err(tera::Error::msg("Function 'get_env' not found"))
            },
        );
        tera.register_filter("plural", plural_filter);
        // Parse one at a time so an error names its template; inheritance is
        // resolved afterwards, once all are known.
        for (name, file) in &sources {
            if let Err(e) = tera::Template::new(name, None, &file.text) {
                errors.push(template_error(&e, name, file, &Known::names(&sources)));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let errors = scan::check_graph(&scans, &sources);
        if !errors.is_empty() {
            return Err(errors);
        }
        let all: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, f)| (n.as_str(), &*f.text))
            .collect();
        if let Err(e) = tera.add_raw_templates(all) {
            let name = error_template_name(&e).unwrap_or_default();
            let d = match sources.get(&name) {
                Some(file) => template_error(&e, &name, file, &Known::names(&sources)),
                None => Diagnostic::error("E0200", format!("templates: {}", error_chain(&e)))
                    .in_file("templates/")
                    .help("check the `{% extends %}`, `{% include %}` and `{% import %}` tags: each must name a template that exists"),
            };
            return Err(vec![d]);
        }
        Ok(Renderer { tera, sources })
    }

    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(template, context).map_err(|e| {
            let name = error_template_name(&e).unwrap_or_else(|| template.to_owned());
            let known = Known {
                context: Some(context.clone().into_json()),
                ..Known::names(&self.sources)
            };
            match self.sources.get(&name) {
                Some(file) => template_error(&e, &name, file, &known),
                None => Diagnostic::error(
                    "E0202",
                    format!("template `{template}`: {}", error_chain(&e)),
                )
                .in_file(format!("templates/{template}"))
                .help("see the Tera documentation for the feature named above"),
            }
        })
    }
}

impl Renderer {
    /// What `template` (with what it extends, includes and imports) may
    /// read from the values it is given.
    pub fn fields_of(&self, template: &str) -> fields::Fields {
        fields::Fields::from_names(self.names_read_from(&[template]))
    }

    /// The names that the templates reachable from `roots` (through
    /// `extends`, `include` and `import`) may read from a value: every word
    /// after a `.` and every quoted string in their text, which takes in
    /// every `value.field` and `value["field"]`. `None` when they may read
    /// every field of a value: a
    /// subscript with a variable, a loop over an object's keys,
    /// `json_encode` or the whole context.
    ///
    /// Lists of thousands of exercises are most of the work of a large
    /// build, and the list templates usually show a card's worth of each
    /// exercise: the rest need not become template values.
    pub fn names_read_from(&self, roots: &[&str]) -> Option<HashSet<String>> {
        self.reachable_texts(roots, |_| {})
    }

    /// Whether `word` is written anywhere in `template` or the templates it
    /// extends, includes or imports (or it may read the whole context): a
    /// template that never writes a variable's name cannot use it.
    pub fn may_mention(&self, template: &str, word: &str) -> bool {
        let mut found = false;
        let names = self.reachable_texts(&[template], |text| found |= text.contains(word));
        found || names.is_none()
    }

    /// [`Renderer::names_read_from`], handing each template's text reached
    /// to `visit`.
    fn reachable_texts(
        &self,
        roots: &[&str],
        mut visit: impl FnMut(&str),
    ) -> Option<HashSet<String>> {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = roots.to_vec();
        let mut words = HashSet::new();
        while let Some(name) = todo.pop() {
            let Some(file) = self.sources.get(name) else {
                continue;
            };
            if !seen.insert(name) {
                continue;
            }
            let text = &*file.text;
            visit(text);
            if reads_everything(text) {
                return None;
            }
            for tag in tags(text) {
                let tag = tag.trim_start_matches('-').trim_start();
                if ["extends", "include", "import"]
                    .iter()
                    .any(|k| tag.starts_with(k))
                {
                    todo.extend(
                        quoted(tag)
                            .filter_map(|n| self.sources.get_key_value(n).map(|(k, _)| k.as_str())),
                    );
                }
            }
            // A field is read as `value.field` or `value["field"]`.
            words.extend(text.split('.').skip(1).filter_map(|rest| {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                (end > 0).then(|| rest[..end].to_owned())
            }));
            words.extend(code(text).flat_map(quoted).map(str::to_owned));
        }
        Some(words)
    }
}

/// The insides of every `{{ … }}` and `{% … %}`: where a template's code is
/// (prose around it may hold apostrophes, which are not quotes).
fn code(text: &str) -> impl Iterator<Item = &str> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(code, _)| code))
        .chain(tags(text))
}

/// The insides of every `{% … %}` tag.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    text.split("{%")
        .skip(1)
        .filter_map(|rest| rest.split_once("%}").map(|(tag, _)| tag))
}

/// Every string in quotes (`"…"`, `'…'` or `` `…` ``).
fn quoted(tag: &str) -> impl Iterator<Item = &str> {
    let mut rest = tag;
    std::iter::from_fn(move || {
        let start = rest.find(['"', '\'', '`'])?;
        let quote = rest[start..].chars().next()?;
        let after = &rest[start + 1..];
        let end = after.find(quote)?;
        rest = &after[end + 1..];
        Some(&after[..end])
    })
}

/// Whether a template may read fields by names not written in it.
fn reads_everything(text: &str) -> bool {
    if text.contains("json_encode") || text.contains("__tera_context") {
        return true;
    }
    // `x[name]`: a subscript that is not a quoted string or a number.
    let subscript = text.match_indices('[').any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + 1..].trim_start().chars().next();
        before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ']' || c == ')')
            && after.is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    });
    // `{% for key, value in object %}`
    let key_value_loop = tags(text).any(|tag| {
        let tag = tag.trim_start_matches('-').trim_start();
        tag.starts_with("for ")
            && tag
                .split(" in ")
                .next()
                .is_some_and(|vars| vars.contains(','))
    });
    // `get(key=name)`: a field named by a variable.
    let variable_key = code(text).any(|c| {
        c.match_indices("key").any(|(i, _)| {
            let rest = c[i + 3..].trim_start();
            rest.strip_prefix('=')
                .is_some_and(|r| !r.trim_start().starts_with(['"', '\'', '`']))
        })
    });
    subscript || key_value_loop || variable_key
}

fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// The template a Tera error is about, from its message (`… 'index.html' …`).
fn error_template_name(e: &tera::Error) -> Option<String> {
    let text = error_chain(e);
    let start = text.find('\'')? + 1;
    let len = text[start..].find('\'')?;
    Some(text[start..start + len].to_owned())
}

/// What a template could have used instead of what it got wrong.
struct Known {
    templates: Vec<String>,
    /// The page's variables, when the error came from rendering one.
    context: Option<serde_json::Value>,
}

impl Known {
    fn names(sources: &BTreeMap<String, SourceFile>) -> Known {
        Known {
            templates: sources.keys().cloned().collect(),
            context: None,
        }
    }

    /// The names next to the one that failed: for `ex.nope`, the fields of
    /// `ex`; for `nope`, the page's variables.
    fn neighbours(&self, var: &str) -> Vec<String> {
        let Some(mut value) = self.context.as_ref() else {
            return Vec::new();
        };
        let mut parts: Vec<&str> = var.split('.').collect();
        parts.pop();
        for part in parts {
            let next = match value {
                serde_json::Value::Object(map) => map.get(part),
                serde_json::Value::Array(items) => {
                    part.parse::<usize>().ok().and_then(|i| items.get(i))
                }
                _ => None,
            };
            match next {
                Some(v) => value = v,
                None => return Vec::new(),
            }
        }
        match value {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }
}

/// The innermost of a chain of errors: the most specific message.
fn innermost(e: &tera::Error) -> String {
    let mut last = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last
}

/// The names a message quotes, between '…' or `…`.
fn quoted_names(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['\'', '`'] {
        out.extend(
            message
                .split(quote)
                .skip(1)
                .step_by(2)
                .map(|s| s.trim_matches(['[', ']']).to_owned()),
        );
    }
    out
}

/// A diagnostic pointing into the template where Tera can tell: a parse
/// error's `--> line:col`, the first use of a name it could not find.
fn template_error(e: &tera::Error, name: &str, file: &SourceFile, known: &Known) -> Diagnostic {
    let chain = error_chain(e);
    let text = &*file.text;
    if let Some(pos) = chain.find("--> ") {
        let loc: String = chain[pos + 4..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let mut it = loc.split(':').filter_map(|n| n.parse::<usize>().ok());
        if let (Some(line), Some(col)) = (it.next(), it.next()) {
            let offset = offset_of(text, line, col);
            let expected = chain
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with('=') || l.starts_with("expected"))
                .map(|l| l.trim_start_matches('=').trim().to_owned())
                .unwrap_or_else(|| "the template syntax is wrong here".to_owned());
            return Diagnostic::error("E0200", format!("template `{name}` has a syntax error"))
                .at(file, offset..offset + 1)
                .label(expected)
                .help("check the `{{ }}`, `{% %}` and `{# #}` tags near here; every `{% if %}`, `{% for %}` and `{% block %}` needs its `{% end… %}`");
        }
    }
    if let Some(var) = chain
        .split("Variable `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
    {
        let at = find_in_tags(text, var).unwrap_or(0);
        let last = var.rsplit('.').next().unwrap_or(var);
        let neighbours = known.neighbours(var);
        let mut help = "guard it with {% if … %} if it is not always there".to_owned();
        if !neighbours.is_empty() {
            let within = match var.rsplit_once('.') {
                Some((parent, _)) => format!("`{parent}` has"),
                None => "this page has".to_owned(),
            };
            help = format!("{within}: {}; or {help}", neighbours.join(", "));
            if let Some(near) =
                crate::suggest::did_you_mean(last, neighbours.iter().map(String::as_str))
            {
                help = format!("did you mean `{near}`? {help}");
            }
        }
        return Diagnostic::error(
            "E0201",
            format!("template `{name}` uses `{var}`, which this page does not have"),
        )
        .at(file, at..at + var.len())
        .label("not defined here")
        .help(help);
    }

    let detail = innermost(e);
    let names = quoted_names(&detail);
    let spot = names
        .iter()
        .filter(|n| n.as_str() != name)
        .find_map(|n| find_in_tags(text, n).map(|at| at..at + n.len()));
    let templates = known.templates.join(", ");
    let (message, label, help) = if detail.starts_with("Filter '") {
        let f = names.first().cloned().unwrap_or_default();
        (
            format!("template `{name}` uses the filter `{f}`, which does not exist"),
            "no such filter",
            "check its spelling; templates can use Tera's built-in filters, such as `upper`, `length`, `join`, `default` and `safe`".to_owned(),
        )
    } else if detail.starts_with("Function '") {
        let f = names.first().cloned().unwrap_or_default();
        (
            format!("template `{name}` calls the function `{f}`, which does not exist"),
            "no such function",
            "check its spelling; templates can use Tera's built-in functions, such as `range` and `throw`".to_owned(),
        )
    } else if detail.contains("not found") && detail.starts_with("Template '")
        || detail.contains("is inheriting from")
    {
        let missing = names
            .iter()
            .find(|n| n.as_str() != name)
            .cloned()
            .unwrap_or_default();
        (
            format!("template `{name}` names the template `{missing}`, which does not exist"),
            "no such template",
            format!("the templates are: {templates}; add your own to templates/"),
        )
    } else if detail.starts_with("Macro namespace") {
        let ns = names.first().cloned().unwrap_or_default();
        (
            format!("template `{name}` uses the macros `{ns}` without importing them"),
            "not imported",
            format!(
                "add {{% import \"macros.html\" as {ns} %}} at the top of the template, after any {{% extends %}}"
            ),
        )
    } else {
        (
            format!("template `{name}`: {detail}"),
            "the template fails here",
            "see the Tera documentation (keats.github.io/tera) for the feature named above"
                .to_owned(),
        )
    };
    Diagnostic::error("E0202", message)
        .at(file, spot.unwrap_or(0..0))
        .label(label)
        .help(help)
}

/// Where `var` is first used inside a `{{ }}` or `{% %}` tag, as a whole
/// name: not the same word in the page's text, nor `xvar` or `var_x`.
fn find_in_tags(text: &str, var: &str) -> Option<usize> {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(var).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + var.len()..].chars().next();
        if before.is_some_and(is_name) || after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return false;
        }
        let head = &text[..i];
        let opened = head.rfind("{{").max(head.rfind("{%"));
        let closed = head.rfind("}}").max(head.rfind("%}"));
        match (opened, closed) {
            (Some(o), Some(c)) => o > c,
            (Some(_), None) => true,
            _ => false,
        }
    })
}

fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let rest = &text[line_start.min(text.len())..];
    line_start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// `{{ t.word | plural(n=count) }}`: the form of a plural word for the
/// count, by CLDR's rules for the word's language, with `{n}` filled in.
fn plural_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let n = match args.get("n") {
        Some(tera::Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Some(tera::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let Some(n) = n else {
        return Err(tera::Error::msg(
            "the `plural` filter needs a count: plural(n=a whole number of 0 or more)",
        ));
    };
    match value {
        tera::Value::Object(map) => {
            let lang = map.get("_lang").and_then(|v| v.as_str()).unwrap_or("en");
            let forms: std::collections::BTreeMap<String, String> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "_lang")
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect();
            Ok(tera::Value::String(crate::i18n::plural(lang, &forms, n)))
        }
        tera::Value::String(s) => Ok(tera::Value::String(s.replace("{n}", &n.to_string()))),
        _ => Err(tera::Error::msg(
            "the `plural` filter is for a word of `t` with plural forms",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_list_templates_read() {
        let renderer = Renderer::new(Path::new("/nonexistent")).expect("built-in templates");
        let names = renderer
            .names_read_from(&["index.html", "area.html", "family.html"])
            .expect("the built-in templates name what they read");
        for used in ["title", "url", "summary", "dose", "kind_label", "positions"] {
            assert!(names.contains(used), "{used}");
        }
        // Only exercise pages show these; lists do not.
        for unused in ["intro_html", "steps_html", "cautions_html", "sources"] {
            assert!(!names.contains(unused), "{unused}");
        }
    }

    #[test]
    fn templates_that_may_read_any_field() {
        for text in [
            "{{ ex | json_encode }}",
            "{{ ex[key] }}",
            "{% for k, v in ex %}{{ k }}{% endfor %}",
            "{{ __tera_context }}",
            "{{ ex | get(key=name) }}",
        ] {
            assert!(reads_everything(text), "{text}");
        }
        for text in [
            "{{ ex[\"title\"] }} {{ list[0] }} {% for a in ex.areas %}{% endfor %}",
            "{% set xs = [1, 2] %}",
            "{{ ex | get(key=\"title\") }}",
        ] {
            assert!(!reads_everything(text), "{text}");
        }
    }
}
