//! References between files: slugs that must be unique, `related` slugs and
//! `@/` links in Markdown that must name something that exists.

use std::collections::{BTreeMap, HashSet};

use pulldown_cmark::{Event, Parser, Tag};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::markdown::may_hold_internal_link;
use crate::model::{ExerciseSource, GuideConfig, INTERNAL_PREFIX, IndexPage, LinkTarget};
use crate::suggest::{Nearest, some_of};
use crate::toml_doc::Seg;

/// Every `@/` link destination in a piece of Markdown.
pub fn internal_links(markdown: &str) -> Vec<String> {
    // Text nested too deep is refused where it is loaded, and not parsed.
    if !may_hold_internal_link(markdown) || crate::markdown::too_deep(markdown).is_some() {
        return Vec::new();
    }
    Parser::new(markdown)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with(INTERNAL_PREFIX) =>
            {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

pub fn check_cross_references(
    config: &GuideConfig,
    config_file: &SourceFile,
    index: &IndexPage,
    sources: &[ExerciseSource],
    unreadable: &[(String, String)],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let unreadable_slugs: HashSet<&str> =
        unreadable.iter().map(|(_, stem)| stem.as_str()).collect();
    let mut first_by_slug: BTreeMap<&str, &ExerciseSource> = BTreeMap::new();
    for src in sources {
        let slug = src.exercise.slug.as_str();
        match first_by_slug.get(slug) {
            None => {
                first_by_slug.insert(slug, src);
            }
            Some(first) => {
                let r = &src.fields;
                let span = if r.has(&[Seg::Key("slug")]) {
                    r.span_of(&[Seg::Key("slug")])
                } else {
                    r.start_span()
                };
                out.push(
                    Diagnostic::error("E0136", format!("two exercises have the slug `{slug}`"))
                        .at(src.file(), span)
                        .label(format!("`{slug}` is already used by {}", first.file().name))
                        .help("every exercise needs its own slug: rename one file, or set slug = \"…\" in one of them"),
                );
            }
        }
    }

    // Made at the first broken name, for all of them.
    let slugs_nearest = std::cell::OnceCell::new();
    for src in sources {
        let ex = &src.exercise;
        for (i, rel) in ex.related.iter().enumerate() {
            // Finding a span parses the TOML again: only on the error path.
            let span = || src.fields.span_of(&[Seg::Key("related"), Seg::Index(i)]);
            if rel == &ex.slug {
                out.push(
                    Diagnostic::error("E0137", "an exercise cannot be related to itself")
                        .at(src.file(), span())
                        .label("this is the exercise's own slug")
                        .help("remove it from `related`"),
                );
            } else if !first_by_slug.contains_key(rel.as_str())
                && !unreadable_slugs.contains(rel.as_str())
            {
                let nearest =
                    slugs_nearest.get_or_init(|| Nearest::new(first_by_slug.keys().copied()));
                let help = match nearest.to(rel) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "the exercises are: {}",
                        some_of(first_by_slug.keys().copied())
                    ),
                };
                out.push(
                    Diagnostic::error(
                        "E0135",
                        format!("`related` names `{rel}`, which is no exercise's slug"),
                    )
                    .at(src.file(), span())
                    .label("no exercise has this slug")
                    .help(help),
                );
            }
        }
    }

    let mut targets = LinkTarget::new(sources);
    for (path, stem) in unreadable {
        targets.add(path.clone(), format!("exercises/{stem}.html"));
    }
    let known: Vec<&str> = targets.content_paths().collect();
    // Links are looked for in their file from just after the one found
    // before, as a text's links come in the order they are written: a file
    // of thousands of broken links is read about once, not once per link.
    let mut cursor = FileCursor::default();
    let known_nearest = std::cell::OnceCell::new();
    let mut check_links = |markdown: &str,
                           file: Option<&crate::diagnostic::SourceFile>,
                           fallback: &str| {
        for dest in internal_links(markdown) {
            if targets.resolve(&dest).is_some() {
                continue;
            }
            let path = dest.trim_start_matches(INTERNAL_PREFIX);
            let path = path.split('#').next().unwrap_or(path);
            let nearest = known_nearest.get_or_init(|| Nearest::new(known.iter().copied()));
            let help = match nearest.to(path) {
                Some(s) => format!("did you mean `@/{s}`?"),
                None => "link to an exercise by its file under content/, e.g. [Cat-cow](@/exercises/cat-cow.md)".to_owned(),
            };
            let d = Diagnostic::error(
                "E0160",
                format!("the link `{dest}` names no file in content/"),
            )
            .label(format!("no content/{path}"))
            .help(help);
            out.push(
                match file.and_then(|f| cursor.find(f, &dest).map(|at| (f, at))) {
                    Some((f, at)) => d.at(f, at..at + dest.len()),
                    None => d.in_file(fallback),
                },
            );
        }
    };

    check_links(&index.body, index.file.as_ref(), "content/_index.md");
    // The built-in disclaimer has no link, so a broken one is in the file.
    check_links(
        &config.disclaimer_markdown(),
        Some(config_file),
        super::CONFIG_FILE,
    );
    for family in config.families.values() {
        if let Some(d) = &family.description {
            check_links(d, Some(config_file), super::CONFIG_FILE);
        }
    }
    for src in sources {
        let ex = &src.exercise;
        let texts = std::iter::once(&ex.introduction)
            .chain(&ex.steps)
            .chain(&ex.tips)
            .chain(&ex.cautions)
            .chain(&ex.easier)
            .chain(&ex.harder);
        for text in texts {
            check_links(text, Some(src.file()), &src.file().name);
        }
    }
    out
}

/// Where the last link was found in the file being checked.
#[derive(Default)]
struct FileCursor {
    file: String,
    at: usize,
    /// Links not written in the file as they read (`&#64;/…`): each costs
    /// a search of the whole file, so only the first few are looked for.
    misses: usize,
}

impl FileCursor {
    const MAX_MISSES: usize = 64;

    fn find(&mut self, file: &crate::diagnostic::SourceFile, dest: &str) -> Option<usize> {
        if self.file != file.name {
            *self = FileCursor {
                file: file.name.clone(),
                ..FileCursor::default()
            };
        }
        let text = &*file.text;
        let after = text
            .get(self.at..)
            .and_then(|rest| rest.find(dest))
            .map(|i| self.at + i);
        let found = match after {
            Some(at) => Some(at),
            None if self.misses < Self::MAX_MISSES => {
                let from_start = text.find(dest);
                if from_start.is_none() {
                    self.misses += 1;
                }
                from_start
            }
            None => None,
        };
        if let Some(at) = found {
            self.at = at + dest.len();
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_written_with_entities_or_escapes_are_found() {
        for text in [
            "[a](@/exercises/x.md)",
            "[a](&#64;/exercises/x.md)",
            "[a](&commat;/exercises/x.md)",
            "[a](\\@/exercises/x.md)",
            "[a][r]\n\n[r]: @/exercises/x.md",
        ] {
            assert!(may_hold_internal_link(text), "{text}");
            assert_eq!(internal_links(text), ["@/exercises/x.md"], "{text}");
        }
        assert!(internal_links("No links here, only text.").is_empty());
    }
}
