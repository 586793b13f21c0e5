//! The templates' text, read before Tera parses or renders any of it.
//!
//! Tera parses and renders by recursion: every tag inside a tag, every
//! bracket and operator of an expression, every include and every macro
//! call is another level of the stack. A template that includes itself, a
//! macro that calls itself or a few hundred nested `{% if %}` would
//! overflow the stack and abort the process, so each template is read here
//! first, and rendering is allowed only when it is known to end within
//! [`MAX_DEPTH`] levels. The same reading finds templates named in
//! `{% include %}`, `{% extends %}` and `{% import %}` that do not exist,
//! with the place of the name.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceFile};

/// How deep rendering may go: tags inside tags, brackets and operators of
/// an expression, and the templates and macros it goes through, counted
/// together. Real templates stay well under 30. The limit keeps the
/// deepest allowed template within a 2 MB thread stack, the smallest the
/// build renders on, with room to spare (see the tests).
pub const MAX_DEPTH: usize = 100;

/// What a macro call costs in levels: Tera takes about twice the stack
/// for one as for an `{% if %}`.
const CALL_COST: usize = 2;

/// Where rendering goes from one tag.
#[derive(Debug, Clone)]
enum Goes {
    /// Nowhere: an expression, or a tag without one.
    Nowhere,
    /// `{% include "a" %}`, or a list of which the first that exists is used.
    Include {
        names: Vec<(String, Range<usize>)>,
        ignore_missing: bool,
    },
    Extends(String, Range<usize>),
    /// `{% import "macros.html" as ns %}`: no rendering, but names a file.
    Import(String, Range<usize>),
    /// `ns::name(…)`; `span` covers `ns::name`.
    Call {
        ns: String,
        name: String,
        span: Range<usize>,
    },
}

#[derive(Debug, Clone)]
struct Site {
    goes: Goes,
    /// Tags enclosing this one, in its own file.
    depth: usize,
    /// Brackets and operators of its expression.
    cost: usize,
    /// The macro (index into [`Scan::macros`]) whose body holds the tag.
    in_macro: Option<usize>,
    /// The whole tag, for pointing at it when it has no name to point at.
    tag: Range<usize>,
}

#[derive(Debug, Clone)]
struct MacroDef {
    name: String,
    depth: usize,
}

/// One template, read.
#[derive(Debug, Default)]
pub struct Scan {
    sites: Vec<Site>,
    macros: Vec<MacroDef>,
    /// `ns` to the template imported as it.
    imports: HashMap<String, String>,
}

/// Reads every template; the first problem of each that could make Tera
/// overflow its stack while parsing (tags or expressions nested too deep).
pub fn scan_all(
    sources: &BTreeMap<String, SourceFile>,
) -> Result<BTreeMap<String, Scan>, Vec<Diagnostic>> {
    let mut scans = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, file) in sources {
        match scan(name, file) {
            Ok(s) => {
                scans.insert(name.clone(), s);
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(scans)
    } else {
        Err(errors)
    }
}

fn too_deep(name: &str, file: &SourceFile, span: Range<usize>, what: &str) -> Diagnostic {
    Diagnostic::error(
        "E0204",
        format!("template `{name}` nests more than {MAX_DEPTH} levels deep"),
    )
    .at(file, span)
    .label(what.to_owned())
    .help(format!(
        "rendering goes one level deeper for each tag inside another, each bracket or operator of an expression, each include and each macro call; keep it within {MAX_DEPTH}: move deep parts into a macro or simplify them"
    ))
}

const OPENERS: &[&str] = &["if", "for", "block", "macro", "filter"];
const CLOSERS: &[&str] = &["endif", "endfor", "endblock", "endmacro", "endfilter"];

fn scan(name: &str, file: &SourceFile) -> Result<Scan, Diagnostic> {
    let text = &*file.text;
    let b = text.as_bytes();
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut in_macro: Option<usize> = None;
    let mut i = 0;
    while let Some(rel) = text.get(i..).and_then(|rest| rest.find('{')) {
        let open = i + rel;
        let close = match b.get(open + 1) {
            Some(b'#') => {
                // A comment; one never closed is Tera's syntax error.
                match text[open + 2..].find("#}") {
                    Some(end) => {
                        i = open + 2 + end + 2;
                        continue;
                    }
                    None => break,
                }
            }
            Some(b'{') => b'}',
            Some(b'%') => b'%',
            _ => {
                i = open + 1;
                continue;
            }
        };
        let Some(end) = find_close(b, open + 2, close) else {
            break;
        };
        i = end + 2;
        let tag = open..end + 2;
        let body = trim_tag(text, open + 2..end);
        let inner = &text[body.clone()];
        if close == b'}' {
            let (cost, calls) = expression(text, body);
            push(&mut out, calls, depth, cost, in_macro, &tag);
            continue;
        }
        let word_len = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        let word = &inner[..word_len];
        let rest = body.start + word_len..body.end;
        match word {
            "raw" => match end_of_raw(text, i) {
                Some(after) => i = after,
                None => break,
            },
            w if OPENERS.contains(&w) => {
                if w == "macro" {
                    let def = &text[rest.clone()];
                    let macro_name = def
                        .trim_start()
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or_default();
                    out.macros.push(MacroDef {
                        name: macro_name.to_owned(),
                        depth,
                    });
                    in_macro = Some(out.macros.len() - 1);
                    push(&mut out, Vec::new(), depth, 0, in_macro, &tag);
                } else {
                    let (cost, calls) = expression(text, rest);
                    push(&mut out, calls, depth, cost, in_macro, &tag);
                }
                depth += 1;
            }
            w if CLOSERS.contains(&w) => {
                depth = depth.saturating_sub(1);
                if w == "endmacro" {
                    in_macro = None;
                }
            }
            "include" => {
                let names = quoted(text, rest.clone());
                let after = names.last().map_or(rest.start, |(_, s)| s.end);
                let ignore_missing = text[after..rest.end].contains("ignore");
                let goes = Goes::Include {
                    names,
                    ignore_missing,
                };
                push(&mut out, vec![goes], depth, 0, in_macro, &tag);
            }
            "extends" | "import" => {
                if let Some((target, span)) = quoted(text, rest.clone()).into_iter().next() {
                    let goes = if word == "extends" {
                        Goes::Extends(target, span)
                    } else {
                        let after = &text[span.end..rest.end];
                        if let Some(ns) = after.split_whitespace().skip_while(|w| *w != "as").nth(1)
                        {
                            out.imports.insert(ns.to_owned(), target.clone());
                        }
                        Goes::Import(target, span)
                    };
                    push(&mut out, vec![goes], depth, 0, in_macro, &tag);
                }
            }
            // `set`, `set_global`, `elif` and the rest: their expression.
            _ => {
                let (cost, calls) = expression(text, rest);
                push(&mut out, calls, depth, cost, in_macro, &tag);
            }
        }
    }
    // What Tera's parser recurses on, checked before it runs.
    for site in &out.sites {
        let level = site.depth.saturating_add(site.cost).saturating_add(1);
        if level > MAX_DEPTH {
            let what = if site.cost > site.depth {
                "this expression has too many brackets and operators inside one another"
            } else {
                "this tag is inside too many others"
            };
            return Err(too_deep(name, file, site.tag.clone(), what));
        }
    }
    Ok(out)
}

fn push(
    out: &mut Scan,
    goes: Vec<Goes>,
    depth: usize,
    cost: usize,
    in_macro: Option<usize>,
    tag: &Range<usize>,
) {
    let goes = if goes.is_empty() {
        vec![Goes::Nowhere]
    } else {
        goes
    };
    out.sites.extend(goes.into_iter().map(|goes| Site {
        goes,
        depth,
        cost,
        in_macro,
        tag: tag.clone(),
    }));
}

/// Where the tag opened just before `from` closes: the offset of its
/// closing `}}` or `%}`, skipping strings, which may hold either.
fn find_close(b: &[u8], from: usize, close: u8) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        match b[j] {
            q @ (b'"' | b'\'' | b'`') => {
                let len = b[j + 1..].iter().position(|c| *c == q)?;
                j += len + 2;
            }
            c if c == close && b.get(j + 1) == Some(&b'}') => return Some(j),
            _ => j += 1,
        }
    }
    None
}

/// The tag's inside without whitespace control (`{%-`, `-%}`) and spaces.
fn trim_tag(text: &str, inner: Range<usize>) -> Range<usize> {
    let s = &text[inner.clone()];
    let start_trim = s.len() - s.trim_start_matches('-').trim_start().len();
    let s2 = &s[start_trim..];
    let kept = s2.trim_end_matches('-').trim_end().len();
    inner.start + start_trim..inner.start + start_trim + kept
}

/// The end of the `{% endraw %}` that closes a raw block opened before
/// `from`.
fn end_of_raw(text: &str, from: usize) -> Option<usize> {
    let mut k = from;
    while let Some(rel) = text.get(k..)?.find("{%") {
        let open = k + rel;
        let inner = text[open + 2..].trim_start_matches('-').trim_start();
        if let Some(after) = inner.strip_prefix("endraw") {
            let after = after.trim_start().trim_start_matches('-');
            if after.starts_with("%}") {
                return Some(text.len() - after.len() + 2);
            }
        }
        k = open + 2;
    }
    None
}

/// Strings in quotes inside `range`, with their spans (quotes excluded).
fn quoted(text: &str, range: Range<usize>) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut j = range.start;
    let b = text.as_bytes();
    while j < range.end {
        match b[j] {
            q @ (b'"' | b'\'' | b'`') => {
                let Some(len) = b[j + 1..range.end].iter().position(|c| *c == q) else {
                    break;
                };
                let span = j + 1..j + 1 + len;
                out.push((text[span.clone()].to_owned(), span));
                j += len + 2;
            }
            _ => j += 1,
        }
    }
    out
}

/// How many levels the expression in `range` takes to parse and evaluate
/// (its deepest brackets and its operators: Tera makes a chain of `a + b +
/// …` one level per operator), and the macro calls in it.
fn expression(text: &str, range: Range<usize>) -> (usize, Vec<Goes>) {
    let b = text.as_bytes();
    let (mut level, mut deepest, mut operators) = (0usize, 0usize, 0usize);
    let mut calls = Vec::new();
    let mut j = range.start;
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while j < range.end {
        match b[j] {
            q @ (b'"' | b'\'' | b'`') => {
                match b[j + 1..range.end].iter().position(|c| *c == q) {
                    Some(len) => j += len + 2,
                    None => break,
                }
                continue;
            }
            b'(' | b'[' => {
                level += 1;
                deepest = deepest.max(level);
            }
            b')' | b']' => level = level.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' | b'!' => operators += 1,
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = j;
                while j < range.end && is_ident(b[j]) {
                    j += 1;
                }
                let word = &text[start..j];
                if word == "and" || word == "or" || word == "not" {
                    operators += 1;
                }
                if text[j..range.end].starts_with("::") {
                    let name_start = j + 2;
                    let mut k = name_start;
                    while k < range.end && is_ident(b[k]) {
                        k += 1;
                    }
                    calls.push(Goes::Call {
                        ns: word.to_owned(),
                        name: text[name_start..k].to_owned(),
                        span: start..k,
                    });
                    j = k;
                }
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    (deepest.saturating_add(operators), calls)
}

/// A template or one of its macros: what rendering goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Node<'a> {
    Template(&'a str),
    Macro(&'a str, usize),
}

/// The problems in how the templates name each other: a template that
/// does not exist, rendering that goes round in a circle (a template that
/// includes or extends itself, a macro that calls itself, directly or
/// through others), and rendering that goes deeper than [`MAX_DEPTH`]
/// through includes and macro calls.
pub fn check_graph(
    scans: &BTreeMap<String, Scan>,
    sources: &BTreeMap<String, SourceFile>,
) -> Vec<Diagnostic> {
    let mut errors: BTreeMap<(String, usize), Diagnostic> = BTreeMap::new();
    let templates: Vec<&str> = scans.keys().map(String::as_str).collect();
    let known = templates.join(", ");
    for (name, scan) in scans {
        let Some(file) = sources.get(name) else {
            continue;
        };
        for site in &scan.sites {
            let missing: Option<(&String, &Range<usize>)> = match &site.goes {
                Goes::Include {
                    names,
                    ignore_missing: false,
                } if !names.iter().any(|(n, _)| scans.contains_key(n)) => {
                    names.first().map(|(n, span)| (n, span))
                }
                Goes::Extends(n, span) | Goes::Import(n, span) if !scans.contains_key(n) => {
                    Some((n, span))
                }
                _ => None,
            };
            if let Some((n, span)) = missing {
                errors.insert(
                    (name.clone(), span.start),
                    missing_template(name, n, file, span.clone(), &known),
                );
            }
        }
    }

    let mut graph = Graph {
        scans,
        weights: HashMap::new(),
        on_path: Vec::new(),
    };
    for name in &templates {
        graph.weigh(Node::Template(name), sources, &mut errors);
    }
    // Macros no template calls can still call themselves.
    for (name, scan) in scans {
        for m in 0..scan.macros.len() {
            graph.weigh(Node::Macro(name, m), sources, &mut errors);
        }
    }
    errors.into_values().collect()
}

fn missing_template(
    name: &str,
    missing: &str,
    file: &SourceFile,
    span: Range<usize>,
    known: &str,
) -> Diagnostic {
    Diagnostic::error(
        "E0202",
        format!("template `{name}` names the template `{missing}`, which does not exist"),
    )
    .at(file, span)
    .label("no such template")
    .help(format!(
        "the templates are: {known}; add your own to templates/"
    ))
}

struct Graph<'a> {
    scans: &'a BTreeMap<String, Scan>,
    /// Levels each node takes when rendered, once known.
    weights: HashMap<Node<'a>, usize>,
    /// The nodes being weighed, outermost first: a site leading to one of
    /// them goes round in a circle.
    on_path: Vec<Node<'a>>,
}

/// Where a site leads, and what entering it costs on top of its weight.
struct Edge<'a> {
    to: Node<'a>,
    cost: usize,
    span: Range<usize>,
    verb: &'static str,
}

impl<'a> Graph<'a> {
    fn sites(&self, node: Node<'a>) -> (&'a str, Vec<&'a Site>, usize) {
        let (template, which) = match node {
            Node::Template(t) => (t, None),
            Node::Macro(t, m) => (t, Some(m)),
        };
        let Some(scan) = self.scans.get(template) else {
            return (template, Vec::new(), 0);
        };
        let base = which
            .and_then(|m| scan.macros.get(m))
            .map_or(0, |m| m.depth);
        let sites = scan.sites.iter().filter(|s| s.in_macro == which).collect();
        (template, sites, base)
    }

    /// Where `site` of `template` leads.
    fn edges(&self, template: &'a str, site: &'a Site) -> Vec<Edge<'a>> {
        let scan = self.scans.get(template);
        let node_of = |t: &str| self.scans.get_key_value(t).map(|(k, _)| k.as_str());
        match &site.goes {
            Goes::Include { names, .. } => names
                .iter()
                .find_map(|(n, span)| node_of(n).map(|t| (t, span)))
                .map(|(t, span)| Edge {
                    to: Node::Template(t),
                    cost: 1,
                    span: span.clone(),
                    verb: "includes",
                })
                .into_iter()
                .collect(),
            Goes::Extends(n, span) => node_of(n)
                .map(|t| Edge {
                    to: Node::Template(t),
                    cost: 0,
                    span: span.clone(),
                    verb: "extends",
                })
                .into_iter()
                .collect(),
            Goes::Call { ns, name, span } => {
                let file = if ns == "self" {
                    Some(template)
                } else {
                    scan.and_then(|s| s.imports.get(ns))
                        .and_then(|t| node_of(t))
                };
                file.and_then(|t| {
                    let m = self
                        .scans
                        .get(t)?
                        .macros
                        .iter()
                        .position(|m| m.name == *name)?;
                    Some(Edge {
                        to: Node::Macro(t, m),
                        cost: CALL_COST,
                        span: span.clone(),
                        verb: "calls",
                    })
                })
                .into_iter()
                .collect()
            }
            Goes::Import(..) | Goes::Nowhere => Vec::new(),
        }
    }

    fn describe(&self, node: Node<'a>) -> String {
        match node {
            Node::Template(t) => format!("`{t}`"),
            Node::Macro(t, m) => {
                let name = self
                    .scans
                    .get(t)
                    .and_then(|s| s.macros.get(m))
                    .map_or("?", |m| m.name.as_str());
                format!("the macro `{name}` of `{t}`")
            }
        }
    }

    /// The levels `start` takes when rendered, reporting into `errors`
    /// each circle and each place where rendering first goes too deep.
    /// Nodes are weighed depth first with a stack of work rather than by
    /// recursion, since a chain of templates may be longer than a thread's
    /// stack allows.
    fn weigh(
        &mut self,
        start: Node<'a>,
        sources: &BTreeMap<String, SourceFile>,
        errors: &mut BTreeMap<(String, usize), Diagnostic>,
    ) {
        if self.weights.contains_key(&start) {
            return;
        }
        let mut stack = vec![self.frame(start)];
        self.on_path.push(start);
        while let Some(top) = stack.last_mut() {
            let Some((level, edge)) = top.todo.get(top.next) else {
                // All its edges weighed: the node's own weight.
                let own = top.heaviest.max(top.local.0);
                if top.offset.saturating_add(top.local.0) > MAX_DEPTH
                    && top.offset <= MAX_DEPTH
                    && !top.reported
                {
                    let total = top.offset.saturating_add(top.local.0);
                    report_depth(errors, sources, top.template, top.local.1.clone(), total);
                }
                let weight = top.offset.saturating_add(own);
                let node = top.node;
                stack.pop();
                self.on_path.pop();
                self.weights.insert(node, weight);
                continue;
            };
            let (level, to) = (*level, edge.to);
            if self.on_path.contains(&to) {
                top.next += 1;
                let at = self.on_path.iter().position(|n| *n == to).unwrap_or(0);
                let circle: Vec<String> = self.on_path[at..]
                    .iter()
                    .chain(std::iter::once(&to))
                    .map(|n| self.describe(*n))
                    .collect();
                let message = if circle.len() == 2 {
                    format!("{} {} itself", circle[0], edge.verb)
                } else {
                    format!("rendering goes round in a circle: {}", circle.join(" → "))
                };
                if let Some(file) = sources.get(top.template) {
                    let d = Diagnostic::error("E0203", message)
                        .at(file, edge.span.clone())
                        .label(format!("this leads back to {}", self.describe(to)))
                        .help("a template may not include or extend itself and a macro may not call itself, directly or through others, for rendering would never end: remove this, or name another");
                    errors
                        .entry((top.template.to_owned(), edge.span.start))
                        .or_insert(d);
                }
                continue;
            }
            let Some(&w) = self.weights.get(&to) else {
                // Weigh `to` first, then come back to this edge.
                let f = self.frame(to);
                self.on_path.push(to);
                stack.push(f);
                continue;
            };
            top.next += 1;
            if edge.verb == "extends" {
                // A child's blocks render inside its parent's.
                top.offset = w;
                continue;
            }
            let total = level.saturating_add(edge.cost).saturating_add(w);
            top.heaviest = top.heaviest.max(total);
            let total = total.saturating_add(top.offset);
            if total > MAX_DEPTH && w <= MAX_DEPTH && !top.reported {
                top.reported = true;
                report_depth(errors, sources, top.template, edge.span.clone(), total);
            }
        }
    }

    /// A node's work: its edges, the extends first (Tera allows it only
    /// first), and its deepest tag of its own.
    fn frame(&self, node: Node<'a>) -> Frame<'a> {
        let (template, sites, base) = self.sites(node);
        let mut todo = Vec::new();
        let mut local = (0, 0..0);
        for site in sites {
            // The levels inside the node, the tag itself included.
            let level = site.depth.saturating_sub(base) + site.cost + 1;
            if level > local.0 {
                local = (level, site.tag.clone());
            }
            for edge in self.edges(template, site) {
                todo.push((level, edge));
            }
        }
        todo.sort_by_key(|(_, e)| e.verb != "extends");
        Frame {
            node,
            template,
            todo,
            next: 0,
            local,
            heaviest: 0,
            offset: 0,
            reported: false,
        }
    }
}

/// One node being weighed.
struct Frame<'a> {
    node: Node<'a>,
    template: &'a str,
    /// Its edges, each with the level of the tag it leaves from.
    todo: Vec<(usize, Edge<'a>)>,
    next: usize,
    /// Its deepest tag of its own: levels, and where.
    local: (usize, Range<usize>),
    /// The deepest it goes through its edges, so far.
    heaviest: usize,
    /// The weight of the template it extends.
    offset: usize,
    /// Whether it has reported going too deep (once is enough).
    reported: bool,
}

fn report_depth(
    errors: &mut BTreeMap<(String, usize), Diagnostic>,
    sources: &BTreeMap<String, SourceFile>,
    template: &str,
    span: Range<usize>,
    total: usize,
) {
    if let Some(file) = sources.get(template) {
        let d = too_deep(
            template,
            file,
            span.clone(),
            &format!(
                "rendering goes {total} levels deep here, through includes, blocks and macro calls"
            ),
        );
        errors.entry((template.to_owned(), span.start)).or_insert(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, SourceFile> {
        files
            .iter()
            .map(|(n, t)| {
                (
                    (*n).to_owned(),
                    SourceFile::new(format!("templates/{n}"), *t),
                )
            })
            .collect()
    }

    /// Every problem, from reading and then from the graph.
    fn problems(files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let sources = sources(files);
        match scan_all(&sources) {
            Err(ds) => ds,
            Ok(scans) => check_graph(&scans, &sources),
        }
    }

    fn one(files: &[(&str, &str)]) -> (String, String, Option<(usize, usize)>) {
        let ds = problems(files);
        assert_eq!(ds.len(), 1, "{ds:?}");
        let d = &ds[0];
        (d.code.to_owned(), d.message.clone(), d.line_column())
    }

    #[test]
    fn circles_are_found_where_they_close() {
        let (code, message, at) = one(&[("a.html", "x\n {% include \"a.html\" %}")]);
        assert_eq!((code.as_str(), at), ("E0203", Some((2, 14))));
        assert_eq!(message, "`a.html` includes itself");

        let (code, message, _) = one(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% include ['nope.html', 'a.html'] %}"),
        ]);
        assert_eq!(code, "E0203");
        assert!(
            message.contains("`a.html` → `b.html` → `a.html`"),
            "{message}"
        );

        let (code, message, at) = one(&[(
            "m.html",
            "{% macro f(n) %}{% if n %}{{ self::f(n=n - 1) }}{% endif %}{% endmacro %}",
        )]);
        assert_eq!((code.as_str(), at), ("E0203", Some((1, 30))));
        assert_eq!(message, "the macro `f` of `m.html` calls itself");

        let (code, message, _) = one(&[(
            "m.html",
            "{% macro f() %}{{ self::g() }}{% endmacro %}{% macro g() %}{{ self::f() }}{% endmacro %}",
        )]);
        assert_eq!(code, "E0203");
        assert!(message.contains("round in a circle"), "{message}");

        let (code, _, _) = one(&[
            ("base.html", "{% include \"page.html\" %}"),
            ("page.html", "{% extends \"base.html\" %}"),
        ]);
        assert_eq!(code, "E0203");
    }

    #[test]
    fn what_does_not_recurse_is_fine() {
        assert!(
            problems(&[
                ("base.html", "{% import \"m.html\" as m %}{% block a %}{{ m::f() }}{% endblock a %}"),
                ("page.html", "{% extends \"base.html\" %}{% block a %}{{ super() }}{% include \"p.html\" %}{% endblock a %}"),
                ("p.html", "{% import \"m.html\" as m %}{{ m::g() }}"),
                // A file may import itself: importing renders nothing.
                ("m.html", "{% import \"m.html\" as m %}{% macro f() %}{{ m::g() }}{{ self::g() }}{% endmacro %}{% macro g() %}g{% endmacro %}"),
                ("opt.html", "{% include \"nope.html\" ignore missing %}"),
            ])
            .is_empty()
        );
    }

    #[test]
    fn the_built_in_templates_pass() {
        let files: Vec<(&str, &str)> = crate::assets::TEMPLATES.to_vec();
        assert!(problems(&files).is_empty(), "{:?}", problems(&files));
    }

    #[test]
    fn missing_templates_are_located_at_their_name() {
        for (text, at) in [
            (
                "{% extends \"base.html\" %}\n{% import \"nope.html\" as n %}",
                (2, 12),
            ),
            ("a {% include \"nope.html\" %}", (1, 15)),
            ("{%- include ['x.html', \"y.html\"] -%}", (1, 15)),
            ("\n\n{% extends 'nope.html' %}", (3, 13)),
        ] {
            let ds = problems(&[("base.html", ""), ("t.html", text)]);
            assert_eq!(ds.len(), 1, "{text}: {ds:?}");
            assert_eq!(ds[0].code, "E0202", "{text}");
            assert_eq!(ds[0].line_column(), Some(at), "{text}");
            assert!(ds[0].message.contains("names the template"), "{text}");
        }
    }

    #[test]
    fn text_that_only_looks_like_tags_is_not_counted() {
        let open = "{% if true %}".repeat(150);
        for text in [
            format!("{{% raw %}}{open}{{% endraw %}}"),
            format!("{{%- raw -%}}{open}{{%- endraw -%}}"),
            format!("{{# {open} #}}"),
            format!("{{{{ \"}}}} {open}\" }}}}"),
            format!("{{% set x = '%}} {open}' %}}"),
        ] {
            assert!(problems(&[("t.html", &text)]).is_empty(), "{text}");
        }
    }

    #[test]
    fn nesting_is_refused_at_the_level_past_the_limit() {
        let deep = format!("{}x", "{% if true %}".repeat(2000));
        let (code, _, at) = one(&[("t.html", &deep)]);
        assert_eq!(code, "E0204");
        // A hundred fit; the 101st `{% if %}` is one level too many.
        assert_eq!(at, Some((1, 1 + 13 * MAX_DEPTH)));
        let (code, _, _) = one(&[("t.html", &format!("{{{{ 1{} }}}}", "+1".repeat(500)))]);
        assert_eq!(code, "E0204");
        let (code, _, _) = one(&[(
            "t.html",
            &format!("{{{{ {}1{} }}}}", "(".repeat(2000), ")".repeat(2000)),
        )]);
        assert_eq!(code, "E0204");
        // Through includes: the error is where the chain first goes too deep.
        let chain: Vec<(String, String)> = (0..200)
            .map(|i| {
                (
                    format!("i{i}.html"),
                    format!("{{% include \"i{}.html\" %}}", i + 1),
                )
            })
            .chain(std::iter::once(("i200.html".to_owned(), "end".to_owned())))
            .collect();
        let files: Vec<(&str, &str)> = chain
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let ds = problems(&files);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].code, "E0204");
    }

    /// Template files, by name, of a given depth.
    type Shape = dyn Fn(usize) -> Vec<(String, String)>;

    /// The largest `n` for which `make(n)` passes every check.
    fn deepest_allowed(
        make: impl Fn(usize) -> Vec<(String, String)>,
    ) -> (usize, Vec<(String, String)>) {
        for n in (1..=MAX_DEPTH).rev() {
            let files = make(n);
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            if problems(&refs).is_empty() {
                return (n, files);
            }
        }
        (0, Vec::new())
    }

    /// The deepest templates the checks allow render on a 2 MB stack, the
    /// size of the threads that render pages: whatever passes, renders.
    #[test]
    fn the_deepest_allowed_templates_render_on_a_small_stack() {
        let shapes: [(&str, Box<Shape>); 5] = [
            (
                "for",
                Box::new(|n| {
                    vec![(
                        "t.html".into(),
                        format!(
                            "{}x{}",
                            "{% for i in [1] %}".repeat(n),
                            "{% endfor %}".repeat(n)
                        ),
                    )]
                }),
            ),
            (
                "if",
                Box::new(|n| {
                    vec![(
                        "t.html".into(),
                        format!("{}x{}", "{% if true %}".repeat(n), "{% endif %}".repeat(n)),
                    )]
                }),
            ),
            (
                "plus",
                Box::new(|n| vec![("t.html".into(), format!("{{{{ 1{} }}}}", "+1".repeat(n)))]),
            ),
            (
                "include",
                Box::new(|n| {
                    let mut v: Vec<(String, String)> = (0..n)
                        .map(|i| {
                            (
                                if i == 0 {
                                    "t.html".into()
                                } else {
                                    format!("i{i}.html")
                                },
                                format!(
                                    "{{% if true %}}{{% include \"i{}.html\" %}}{{% endif %}}",
                                    i + 1
                                ),
                            )
                        })
                        .collect();
                    v.push((format!("i{n}.html"), "end".into()));
                    v
                }),
            ),
            (
                "macro",
                Box::new(|n| {
                    let macros: String = (0..n)
                    .map(|i| format!("{{% macro m{i}() %}}{{% if true %}}{{{{ self::m{}() }}}}{{% endif %}}{{% endmacro %}}", i + 1))
                    .collect();
                    vec![
                        (
                            "m.html".into(),
                            format!("{macros}{{% macro m{n}() %}}end{{% endmacro %}}"),
                        ),
                        (
                            "t.html".into(),
                            "{% import \"m.html\" as m %}{{ m::m0() }}".into(),
                        ),
                    ]
                }),
            ),
        ];
        for (shape, make) in shapes {
            let (n, files) = deepest_allowed(make);
            assert!(n > 10, "{shape}: only {n}");
            let rendered = std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || {
                    let mut tera = tera::Tera::default();
                    tera.add_raw_templates(files.iter().map(|(a, b)| (a.as_str(), b.as_str())))
                        .map_err(|e| e.to_string())?;
                    tera.render("t.html", &tera::Context::new())
                        .map_err(|e| e.to_string())
                })
                .expect("thread")
                .join()
                .expect("rendered without overflowing");
            assert!(rendered.is_ok(), "{shape} at {n}: {rendered:?}");
        }
    }
}
