//! One exercise file (`.md` or `.toml`) into an [`Exercise`], with the checks
//! that need only that file and the guide's configuration.

use std::path::Path;

use super::markdown_file::{self, BodyList};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{
    Count, Dose, Exercise, ExerciseFields, ExerciseSource, GuideConfig, Switch, Vocabulary,
    VocabularyName,
};
use crate::suggest::{did_you_mean, some_of};
use crate::toml_doc::{Seg, TomlRegion};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Markdown,
    Toml,
}

/// Parses and checks one exercise file. Every problem found is returned, not
/// only the first. `Err` means the fields could not be read at all; a file
/// that parsed comes back `Ok` with its problems, so that other files'
/// references to it are not reported as broken too.
pub fn parse_exercise(
    file: SourceFile,
    kind: FileKind,
    content_path: String,
    config: &GuideConfig,
    static_dir: &Path,
) -> Result<(ExerciseSource, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (fields_region, body) = match kind {
        FileKind::Toml => {
            if file.text.trim().is_empty() {
                return Err(vec![
                    Diagnostic::error("E0005", format!("{} is empty", file.name))
                        .at(&file, 0..0)
                        .label("the file has nothing in it")
                        .help("an exercise needs at least `title`, `summary`, `kind`, `areas`, `positions` and `steps`; `limber init` writes a complete example"),
                ]);
            }
            let range = 0..file.text.len();
            (TomlRegion::new(file, range), None)
        }
        FileKind::Markdown => {
            let md = markdown_file::split(&file).map_err(|d| vec![d])?;
            (md.front, Some(md.body))
        }
    };
    let fields: ExerciseFields = fields_region
        .parse("an exercise")
        .map_err(|d| vec![with_guide_kinds(d, config)])?;
    let body = match body {
        Some(range) => markdown_file::body_sections(&fields_region.file, range)?,
        None => Default::default(),
    };

    let mut errors = Vec::new();
    let region = &fields_region;
    let mut merge = |from_fields: Option<Vec<String>>, from_body: Option<BodyList>, key: &str| {
        match (from_fields, from_body) {
            (Some(v), Some(list)) => {
                let line = region
                    .file
                    .text
                    .get(..region.key_span_of(&[Seg::Key(key)]).start)
                    .map_or(0, |t| t.matches('\n').count() + 1);
                errors.push(
                    Diagnostic::error("E0121", format!("`{key}` is given twice: in the front matter and as a `## ` section"))
                        .at(&region.file, list.heading)
                        .label(format!("`{key}` also set in the front matter, line {line}"))
                        .help(format!("keep one: delete `{key} = [...]` from the front matter, or delete this section")),
                );
                // Go on with one copy so that this one mistake is reported once.
                v
            }
            (Some(v), None) => v,
            (None, Some(list)) => list.items,
            (None, None) => Vec::new(),
        }
    };
    let steps = merge(fields.steps.clone(), body.steps.clone(), "steps");
    let tips = merge(fields.tips.clone(), body.tips.clone(), "tips");
    let cautions = merge(fields.cautions.clone(), body.cautions.clone(), "cautions");
    let steps_given = fields.steps.is_some() || body.steps.is_some();
    let (images, both) = super::media::merge_images(fields.image, fields.images, region);
    errors.extend(both);

    let slug = fields
        .slug
        .clone()
        .unwrap_or_else(|| stem_of(&content_path));

    let exercise = Exercise {
        slug,
        title: fields.title,
        summary: fields.summary,
        aliases: fields.aliases,
        family: fields.family,
        order: fields.order,
        kind: fields.kind,
        // An exercise that does not say is at the first, easiest, level.
        level: fields
            .level
            .or_else(|| config.levels.first().map(|t| t.slug.clone()))
            .unwrap_or_default(),
        areas: fields.areas,
        positions: fields.positions.unwrap_or_default(),
        equipment: fields.equipment,
        dose: fields.dose,
        switch: fields.switch,
        steps,
        tips,
        cautions,
        easier: fields.easier,
        harder: fields.harder,
        related: fields.related,
        images,
        video: fields.video,
        sources: fields.sources,
        introduction: body.introduction,
        updated: fields.updated,
        reviewed_by: fields.reviewed_by,
        reviewed_on: fields.reviewed_on,
        poses: fields.poses,
        text: Default::default(),
    };

    let source = ExerciseSource {
        exercise,
        fields: fields_region,
        content_path,
    };
    errors.extend(check(&source, config, static_dir, steps_given));
    Ok((source, errors))
}

/// A missing `kind` is helped with this guide's kinds, not limber's.
fn with_guide_kinds(d: Diagnostic, config: &GuideConfig) -> Diagnostic {
    if d.code != "E0111" || !d.message.ends_with("field `kind`") {
        return d;
    }
    let first = config.kinds.first().map_or("stretch", |t| t.slug.as_str());
    d.help(format!(
        "add a line such as `kind = \"{first}\"` (choose from: {})",
        config.kinds.list()
    ))
}

/// `cat-cow` for `exercises/cat-cow.md`.
fn stem_of(content_path: &str) -> String {
    Path::new(content_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The longest name a file or folder may have on the file systems a site
/// is built on or copied to (ext4, APFS, NTFS: 255 bytes or characters).
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// The longest slug: the longest name the build makes from a slug is its
/// page, `<slug>.html` (exercises, families, areas and routines alike).
pub const MAX_SLUG_BYTES: usize = MAX_FILE_NAME_BYTES - ".html".len();

pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_BYTES
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// A slug an author could use instead of `s`: valid, so at most
/// [`MAX_SLUG_BYTES`] long.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if out.len() >= MAX_SLUG_BYTES {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Why `s` is no slug, as E0130 says it: `what` names the kind of slug
/// ("family ", or "" for an exercise's). A slug too long is shown cut
/// short; the label is `charset` unless the length is what is wrong.
pub fn slug_problem(what: &str, s: &str, charset: &str) -> (String, String) {
    if s.len() > MAX_SLUG_BYTES {
        let head: String = s.chars().take(40).collect();
        (
            format!(
                "{what}`{head}…` is too long for a slug: {} bytes, over the limit of {MAX_SLUG_BYTES}",
                s.len()
            ),
            format!(
                "a slug names a file `<slug>.html`, and file names are at most {MAX_FILE_NAME_BYTES} bytes"
            ),
        )
    } else {
        (
            format!("{what}`{s}` is not a valid slug"),
            charset.to_owned(),
        )
    }
}

/// Every check of one exercise that needs only its file, the guide's
/// settings and static/, as named steps.
fn check(
    src: &ExerciseSource,
    config: &GuideConfig,
    static_dir: &Path,
    steps_given: bool,
) -> Vec<Diagnostic> {
    let mut out = check_slug(src);
    out.extend(check_texts(src));
    out.extend(check_steps(src, steps_given));
    out.extend(check_markdown_depth(src));
    out.extend(check_areas(src, config));
    out.extend(check_terms(src, config));
    out.extend(check_family(src, config));
    out.extend(check_order_and_dose(src));
    out.extend(check_image(src, static_dir));
    out.extend(check_sources(src));
    out.extend(reminders(src));
    out
}

/// The slug, from the `slug` field or the file name, must be valid.
fn check_slug(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    if !is_valid_slug(&ex.slug) {
        // `..` or `/` alone leave nothing to suggest; the file's name may.
        let suggestion = [slugify(&ex.slug), slugify(&stem_of(&src.content_path))]
            .into_iter()
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| "cat-cow".to_owned());
        let given = r.has(&[Seg::Key("slug")]);
        let charset = if given {
            "slugs use only a-z, 0-9 and -"
        } else {
            "the slug comes from the file name"
        };
        let (message, label) = slug_problem("", &ex.slug, charset);
        let d = Diagnostic::error("E0130", message);
        let d = if given {
            d.at(file, r.span_of(&[Seg::Key("slug")]))
                .label(label)
                .help(format!("write slug = \"{suggestion}\""))
        } else {
            d.at(file, r.start_span()).label(label).help(format!(
                "rename the file to `{suggestion}.{}` or add slug = \"{suggestion}\"",
                src.content_path.rsplit('.').next().unwrap_or("md")
            ))
        };
        out.push(d);
    }
    out
}

/// Text fields given but left empty.
fn check_texts(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    for (key, value) in [("title", &ex.title), ("summary", &ex.summary)] {
        if value.trim().is_empty() {
            out.push(
                Diagnostic::error("E0125", format!("`{key}` is empty"))
                    .at(file, r.span_of(&[Seg::Key(key)]))
                    .label("write some text here")
                    .help(format!("give the exercise a {key}")),
            );
        }
    }
    if ex
        .reviewed_by
        .as_deref()
        .is_some_and(|by| by.trim().is_empty())
    {
        out.push(
            Diagnostic::error("E0125", "`reviewed_by` is empty".to_owned())
                .at(file, r.span_of(&[Seg::Key("reviewed_by")]))
                .label("write some text here")
                .help("name who reviewed the exercise, or remove `reviewed_by` to use the guide's"),
        );
    }
    out
}

/// At least one step, and none empty.
fn check_steps(src: &ExerciseSource, steps_given: bool) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    if ex.steps.is_empty() {
        let d = Diagnostic::error("E0120", "an exercise needs at least one step".to_owned());
        out.push(if r.has(&[Seg::Key("steps")]) {
            d.at(file, r.span_of(&[Seg::Key("steps")]))
                .label("this list is empty")
                .help("write the steps in order: steps = [\"First…\", \"Then…\"]")
        } else if !steps_given {
            d.at(file, r.start_span())
                .label("no `steps` here and no `## Steps` section")
                .help("add steps = [\"First…\", \"Then…\"], or in a .md file a `## Steps` heading with a numbered list")
        } else {
            d.in_file(&file.name)
        });
    }
    for (i, step) in ex.steps.iter().enumerate() {
        if step.trim().is_empty() && r.has(&[Seg::Key("steps")]) {
            out.push(
                Diagnostic::error("E0126", format!("step {} is empty", i + 1))
                    .at(file, r.span_of(&[Seg::Key("steps"), Seg::Index(i)]))
                    .label("empty step")
                    .help("write what to do, or remove the empty entry"),
            );
        }
    }
    out
}

/// Markdown fields written in TOML (a body's own are checked as it is
/// split): refused before anything parses them.
fn check_markdown_depth(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    let lists = [
        ("steps", &ex.steps),
        ("tips", &ex.tips),
        ("cautions", &ex.cautions),
    ];
    let mut markdown: Vec<(Vec<Seg<'_>>, &str)> = lists
        .iter()
        .flat_map(|(key, items)| {
            items
                .iter()
                .enumerate()
                .map(|(i, s)| (vec![Seg::Key(key), Seg::Index(i)], s.as_str()))
        })
        .collect();
    for (key, text) in [("easier", &ex.easier), ("harder", &ex.harder)] {
        markdown.extend(text.as_deref().map(|s| (vec![Seg::Key(key)], s)));
    }
    for (path, text) in markdown {
        if crate::markdown::too_deep(text).is_some() && r.has(&path) {
            out.push(super::markdown_file::nesting_error().at(file, r.span_of(&path)));
        }
    }
    out
}

/// At least one body area, each one of the guide's.
fn check_areas(src: &ExerciseSource, config: &GuideConfig) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    if ex.areas.is_empty() {
        out.push(
            Diagnostic::error("E0131", "`areas` needs at least one body area".to_owned())
                .at(file, r.span_of(&[Seg::Key("areas")]))
                .label("empty list")
                .help(format!("choose from: {}", config.areas.list())),
        );
    }
    for (i, area) in ex.areas.iter().enumerate() {
        if !config.areas.contains(area) {
            let mut help = format!("choose from: {}", config.areas.list());
            if let Some(s) = did_you_mean(area, config.areas.slugs()) {
                help = format!("did you mean `{s}`? ({help})");
            }
            out.push(
                Diagnostic::error(
                    "E0132",
                    format!("`{area}` is not a body area of this guide"),
                )
                .at(file, r.span_of(&[Seg::Key("areas"), Seg::Index(i)]))
                .label("unknown area")
                .help(if config.areas.declared {
                    help + "; this guide's areas are declared in guide.toml"
                } else {
                    help + "; a guide can declare its own list with `areas = [...]` in guide.toml"
                }),
            );
        }
    }
    out
}

/// Kind, level, positions and equipment: terms of the guide's vocabularies.
fn check_terms(src: &ExerciseSource, config: &GuideConfig) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    out.extend(unknown_term(
        r,
        VocabularyName::Kinds,
        &config.kinds,
        &ex.kind,
        None,
    ));
    // A level left out is the first, which is always known. Asking the
    // file (`r.has`) parses it again: only for a list left empty.
    out.extend(unknown_term(
        r,
        VocabularyName::Levels,
        &config.levels,
        &ex.level,
        None,
    ));
    if ex.positions.is_empty() && r.has(&[Seg::Key("positions")]) {
        out.push(
            Diagnostic::error(
                "E0133",
                "`positions` needs at least one position".to_owned(),
            )
            .at(file, r.span_of(&[Seg::Key("positions")]))
            .label("empty list")
            .help(format!(
                "choose from: {}; or leave `positions` out when the exercise has none to name",
                config.positions.list()
            )),
        );
    }
    for (i, p) in ex.positions.iter().enumerate() {
        out.extend(unknown_term(
            r,
            VocabularyName::Positions,
            &config.positions,
            p,
            Some(i),
        ));
    }
    if let Some(equipment) = &config.equipment {
        for (i, e) in ex.equipment.iter().enumerate() {
            out.extend(unknown_term(
                r,
                VocabularyName::Equipment,
                equipment,
                e,
                Some(i),
            ));
        }
    }
    out
}

/// The family, if any, is declared in guide.toml.
fn check_family(src: &ExerciseSource, config: &GuideConfig) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    if let Some(family) = &ex.family
        && !config.families.contains_key(family)
    {
        let help = match did_you_mean(family, config.families.keys().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if config.families.is_empty() => {
                format!("declare it in guide.toml:\n[families.{family}]\ntitle = \"…\"")
            }
            None => format!(
                "families in guide.toml: {}; or declare [families.{family}] there",
                some_of(config.families.keys().map(String::as_str))
            ),
        };
        out.push(
            Diagnostic::error(
                "E0134",
                format!("family `{family}` is not declared in guide.toml"),
            )
            .at(file, r.span_of(&[Seg::Key("family")]))
            .label("unknown family")
            .help(help),
        );
    }
    out
}

/// `order` in range and a dose that says how much.
fn check_order_and_dose(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    if let Some(order) = ex.order
        && !(-MAX_ORDER..=MAX_ORDER).contains(&order)
    {
        out.push(order_out_of_range(
            order,
            file,
            r.span_of(&[Seg::Key("order")]),
        ));
    }
    let dose = &ex.dose;
    out.extend(check_dose_counts(dose, r, &[Seg::Key("dose")]));
    if dose.sides.is_some() && dose.reps.is_none() && dose.hold_seconds.is_none() {
        out.push(
            Diagnostic::error("E0142", "`dose.sides` needs `reps` or `hold_seconds` to say how much on each side".to_owned())
                .at(file, r.span_of(&[Seg::Key("dose"), Seg::Key("sides")]))
                .label("sides of what?")
                .help("add reps = 10 (or hold_seconds = 10) to [dose], or say it in words with note = \"…\" and remove `sides`"),
        );
    }
    if ex.switch != Switch::Sides && dose.sides.is_none() {
        out.push(
            Diagnostic::error(
                "E0144",
                format!("`switch = \"{}\"` needs `dose.sides`: it says what changes between the two sides", ex.switch.slug()),
            )
            .at(file, r.span_of(&[Seg::Key("switch")]))
            .label("the dose has no sides")
            .help("add sides = \"each\" (or \"alternating\") to [dose], or remove `switch`"),
        );
    }
    out
}

/// The pictures and the video have alt text and are files in static/.
fn check_image(src: &ExerciseSource, static_dir: &Path) -> Vec<Diagnostic> {
    super::media::check(src, static_dir)
}

/// Each source links to a web address.
fn check_sources(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    for (i, s) in ex.sources.iter().enumerate() {
        if s.url.trim().is_empty() {
            out.push(
                Diagnostic::error("E0153", "a source has an empty `url`".to_owned())
                    .at(
                        file,
                        r.span_of(&[Seg::Key("sources"), Seg::Index(i), Seg::Key("url")]),
                    )
                    .label("empty")
                    .help("give the address of the source, e.g. url = \"https://…\""),
            );
        } else if let Err(why) = super::web_address::check(&s.url) {
            out.push(
                Diagnostic::error("E0154", format!("a source's `url` {why}"))
                    .at(
                        file,
                        r.span_of(&[Seg::Key("sources"), Seg::Index(i), Seg::Key("url")]),
                    )
                    .label("not a web address")
                    .help("sources link to web pages: write the full address, e.g. url = \"https://example.org/article\""),
            );
        }
    }
    out
}

/// Warnings: placeholder text left by `limber new`, pose checks, and no
/// cautions.
fn reminders(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let mut out = Vec::new();
    if let Some(at) = placeholder(src) {
        out.push(
            Diagnostic::warning(
                "W0003",
                format!("`{}` still has placeholder text", ex.title),
            )
            .at(file, at..at + PLACEHOLDER.len())
            .label("written by `limber new` as a reminder")
            .help("replace each TODO with the real text before publishing"),
        );
    }
    out.extend(super::pose::check(&ex.poses, r));
    if ex.cautions.is_empty() {
        out.push(
            Diagnostic::warning(
                "W0001",
                format!(
                    "`{}` has no cautions, so its page has no \"when to stop\" box",
                    ex.title
                ),
            )
            .at(file, r.start_span())
            .label("readers look for when to stop")
            .help("add cautions that say when to stop and what to do next, e.g. cautions = [\"Stop if you feel sharp or spreading pain, numbness, tingling, weakness or dizziness, and see a doctor or physiotherapist.\"], or a `## Cautions` section with a bulleted list"),
        );
    }
    out
}

/// The error for `value` at `field` (item `index` of a list), when it is
/// not a term of `vocab`.
fn unknown_term(
    r: &TomlRegion,
    name: VocabularyName,
    vocab: &Vocabulary,
    value: &str,
    index: Option<usize>,
) -> Option<Diagnostic> {
    if vocab.contains(value) {
        return None;
    }
    let field = name.field();
    let (path, shown) = match index {
        Some(i) => (
            vec![Seg::Key(field), Seg::Index(i)],
            format!("{field}[{i}]"),
        ),
        None => (vec![Seg::Key(field)], field.to_owned()),
    };
    let noun = name.noun();
    let mut help = format!("choose from: {}", vocab.list());
    if let Some(s) = did_you_mean(value, vocab.slugs()) {
        help = format!("did you mean `{s}`? ({help})");
    }
    let key = name.key();
    Some(
        Diagnostic::error(
            "E0113",
            format!("`{shown}`: `{value}` is not allowed here: not a {noun} of this guide"),
        )
        .at(&r.file, r.span_of(&path))
        .label(format!("unknown {noun}"))
        .help(if vocab.declared {
            format!("{help}; this guide's {key} are declared in guide.toml")
        } else {
            format!("{help}; a guide can declare its own with [{key}.<slug>] in guide.toml")
        }),
    )
}

/// The marker `limber new` leaves where the author still has to write.
pub const PLACEHOLDER: &str = "TODO";

/// Where the first placeholder is in the exercise's text, if any is left.
fn placeholder(src: &ExerciseSource) -> Option<usize> {
    let ex = &src.exercise;
    let texts = [&ex.title, &ex.summary, &ex.introduction]
        .into_iter()
        .chain(&ex.steps)
        .chain(&ex.tips)
        .chain(&ex.cautions)
        .chain(&ex.easier)
        .chain(&ex.harder)
        .chain(&ex.dose.note);
    let mut found = false;
    for t in texts {
        found |= t.contains(PLACEHOLDER);
    }
    // Point at it in the file, where the author will edit; TOML comments
    // may mention the marker without being placeholders themselves.
    let text = &*src.file().text;
    found
        .then(|| {
            text.match_indices(PLACEHOLDER).map(|(i, _)| i).find(|&i| {
                let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
                !text[line_start..i].trim_start().starts_with('#')
            })
        })
        .flatten()
}

/// The most of each count a dose may give. Each is far beyond what any
/// exercise asks for, so a bigger number is a typo; and with these, no
/// time worked out from a dose (a routine's length, the structured data's
/// duration) can overflow.
pub const MAX_REPS: i64 = 1000;
pub const MAX_SETS: i64 = 100;
pub const MAX_HOLD_SECONDS: i64 = 60 * 60;
pub const MAX_PER_DAY: i64 = 100;

/// How far from 0 an `order` may be: any guide's ordering fits, and every
/// program that reads the open data can hold the number exactly.
pub const MAX_ORDER: i64 = 1_000_000_000;

/// A number above what its field allows (`what` names the field).
pub fn too_large(what: &str, max: i64) -> Diagnostic {
    Diagnostic::error("E0143", format!("`{what}` is over the limit of {max}"))
        .label(format!("more than {max}"))
}

/// An `order` outside ±[`MAX_ORDER`], located at `span` of `file`.
pub fn order_out_of_range(
    order: i64,
    file: &SourceFile,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    Diagnostic::error("E0143", format!("`order = {order}` is out of range"))
        .at(file, span)
        .label(format!("not between -{MAX_ORDER} and {MAX_ORDER}"))
        .help(format!(
            "`order` is a whole number from -{MAX_ORDER} to {MAX_ORDER}; write 1, 2, 3, … in the order readers should meet the exercises"
        ))
}

/// The checks on a dose's numbers: each count from 1 to its limit, each
/// range with its least first. `at` is the path of the `[dose]` table in `r`.
pub fn check_dose_counts(dose: &Dose, r: &TomlRegion, at: &[Seg<'_>]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = &r.file;
    let err = |code, msg: String| Diagnostic::error(code, msg);
    for (key, count, max) in [
        ("reps", dose.reps, MAX_REPS),
        ("sets", dose.sets, MAX_SETS),
        ("hold_seconds", dose.hold_seconds, MAX_HOLD_SECONDS),
        ("per_day", dose.per_day, MAX_PER_DAY),
    ] {
        let Some(count) = count else { continue };
        // Finding a span parses the file again: only for a count in error.
        let span = || {
            let mut path = at.to_vec();
            path.push(Seg::Key(key));
            r.span_of(&path)
        };
        if count.min() <= 0 {
            out.push(
                err("E0140", format!("`dose.{key}` must be at least 1"))
                    .at(file, span())
                    .label("zero or negative")
                    .help(format!("write a count of 1 or more, or remove `{key}`")),
            );
        } else if count.max() > max {
            out.push(
                too_large(&format!("dose.{key}"), max)
                    .at(file, span())
                    .help(format!(
                        "`{key}` is a whole number from 1 to {max}; if the source gives more, say it in words with note = \"…\""
                    )),
            );
        } else if let Count::Range(a, b) = count
            && a > b
        {
            out.push(
                err(
                    "E0141",
                    format!("`dose.{key}`: the range starts above its end ({a} > {b})"),
                )
                .at(file, span())
                .label("write the least first, then the most")
                .help(format!("write {key} = [{b}, {a}]")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("cat-cow"));
        assert!(is_valid_slug("t2"));
        for bad in ["", "Cat", "a b", "a/b", "..", "-a", "a-", "é"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Cat Cow!"), "cat-cow");
    }

    fn parse(text: &str, kind: FileKind, path: &str) -> Result<Exercise, Vec<Diagnostic>> {
        let config: GuideConfig = toml::from_str(
            "title = \"G\"\ndescription = \"D\"\nauthor = \"A\"\n[families.twists]\ntitle = \"Twists\"\n",
        )
        .unwrap();
        parse_exercise(
            SourceFile::new(path, text),
            kind,
            path.trim_start_matches("content/").to_owned(),
            &config,
            Path::new("/nonexistent"),
        )
        .and_then(|(s, ds)| {
            if ds.iter().any(Diagnostic::is_error) {
                Err(ds)
            } else {
                Ok(s.exercise)
            }
        })
    }

    const AS_TOML: &str = r#"title = "Seated twist"
summary = "Turn your upper body gently to one side, then the other."
aliases = ["Chair twist"]
family = "twists"
order = 2
kind = "mobility"
level = "intermediate"
areas = ["upper-back", "mid-back"]
positions = ["seated"]
equipment = ["chair"]
steps = ["Sit **tall**.", "Turn to the right.\nCome back."]
tips = ["Breathe out as you turn."]
cautions = ["Stop if it hurts."]
easier = "Turn less far."
related = ["cat-cow"]
sources = [{ title = "A book", url = "https://example.org" }]

[dose]
reps = [3, 5]
hold_seconds = 10
sides = "each"
sets = 2
per_day = 1
note = "Slowly."
"#;

    const AS_MARKDOWN: &str = r#"+++
title = "Seated twist"
summary = "Turn your upper body gently to one side, then the other."
aliases = ["Chair twist"]
family = "twists"
order = 2
kind = "mobility"
level = "intermediate"
areas = ["upper-back", "mid-back"]
positions = ["seated"]
equipment = ["chair"]
easier = "Turn less far."
related = ["cat-cow"]
sources = [{ title = "A book", url = "https://example.org" }]

[dose]
reps = [3, 5]
hold_seconds = 10
sides = "each"
sets = 2
per_day = 1
note = "Slowly."
+++

## Steps

1. Sit **tall**.
2. Turn to the right.
   Come back.

## Tips

- Breathe out as you turn.

## Cautions

* Stop if it hurts.
"#;

    #[test]
    fn markdown_and_toml_give_equal_exercises() {
        let a = parse(
            AS_TOML,
            FileKind::Toml,
            "content/exercises/seated-twist.toml",
        )
        .unwrap();
        let b = parse(
            AS_MARKDOWN,
            FileKind::Markdown,
            "content/exercises/seated-twist.md",
        )
        .unwrap();
        assert_eq!(a, b);
        assert_eq!(a.slug, "seated-twist");
        assert_eq!(a.dose.reps, Some(Count::Range(3, 5)));
        assert_eq!(a.level, "intermediate");
    }

    #[test]
    fn markdown_body_becomes_the_introduction() {
        let text = AS_MARKDOWN.replace("+++\n\n## Steps", "+++\n\nA gentle twist.\n\n## Steps");
        let ex = parse(
            &text,
            FileKind::Markdown,
            "content/exercises/seated-twist.md",
        )
        .unwrap();
        assert_eq!(ex.introduction, "A gentle twist.");
    }

    #[test]
    fn steps_in_both_places_is_an_error() {
        let text = AS_MARKDOWN.replace("easier =", "steps = [\"One\"]\neasier =");
        let errs = parse(
            &text,
            FileKind::Markdown,
            "content/exercises/seated-twist.md",
        )
        .unwrap_err();
        assert_eq!(errs[0].code, "E0121");
        assert_eq!(errs[0].line_column().map(|l| l.0), Some(26));
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let text = AS_TOML
            .replace("\"mid-back\"", "\"mid-bak\"")
            .replace("reps = [3, 5]", "reps = [5, 3]")
            .replace("family = \"twists\"", "family = \"twist\"");
        let errs = parse(&text, FileKind::Toml, "content/exercises/seated-twist.toml").unwrap_err();
        let codes: Vec<_> = errs.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0132", "E0134", "E0141"], "{errs:?}");
        assert_eq!(
            errs[0]
                .help
                .as_deref()
                .map(|h| h.starts_with("did you mean `mid-back`?")),
            Some(true)
        );
        assert_eq!(errs[0].line_column(), Some((8, 24)));
    }

    #[test]
    fn missing_steps_and_bad_slug_from_file_name() {
        let text = AS_TOML.replace(
            "steps = [\"Sit **tall**.\", \"Turn to the right.\\nCome back.\"]\n",
            "",
        );
        let errs = parse(&text, FileKind::Toml, "content/exercises/Seated Twist.toml").unwrap_err();
        let codes: Vec<_> = errs.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["E0130", "E0120"], "{errs:?}");
        assert!(
            errs[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("seated-twist.toml")
        );
    }
}
