//! Routines: `content/routines/<slug>.toml`, a sequence of the guide's
//! exercises with optional dose overrides. Parsed like exercises, then
//! checked against the exercises once they are all loaded.

use std::collections::BTreeMap;
use std::path::Path;

use super::exercise::{
    MAX_ORDER, check_dose_counts, is_valid_slug, order_out_of_range, slug_problem, slugify,
    too_large,
};
use super::routine_dose;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{ExerciseSource, GuideConfig, Routine, RoutineFields, RoutineItem};
use crate::suggest::{Nearest, some_of};
use crate::timing;
use crate::toml_doc::{Seg, TomlRegion};

/// A routine as written, with where its fields are for later checks.
#[derive(Debug, Clone)]
pub struct RoutineSource {
    pub slug: String,
    pub fields: RoutineFields,
    pub region: TomlRegion,
}

/// The longest routine the player will run: anything longer is almost
/// certainly a typo (`reps = 100` for `10`) and would make a huge page.
pub const MAX_ROUTINE_SECONDS: i64 = 2 * 60 * 60;

/// The longest one repetition of an item may take, and the longest rest:
/// an hour, far beyond any real routine, and small enough that no sum of
/// them can overflow.
pub const MAX_REP_SECONDS: i64 = 60 * 60;
pub const MAX_REST_SECONDS: i64 = 60 * 60;

/// Parses one routine file and runs the checks that need only that file.
pub fn parse_routine(
    file: SourceFile,
    content_path: &str,
) -> Result<RoutineSource, Vec<Diagnostic>> {
    if file.text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("E0005", format!("{} is empty", file.name))
                .at(&file, 0..0)
                .label("the file has nothing in it")
                .help("a routine needs `title`, `summary` and at least one [[items]] table with `exercise = \"<slug>\"`"),
        ]);
    }
    let range = 0..file.text.len();
    let region = TomlRegion::new(file, range);
    let fields: RoutineFields = region.parse("a routine").map_err(|d| vec![d])?;
    let slug = Path::new(content_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let src = RoutineSource {
        slug,
        fields,
        region,
    };
    let errors = check_own(&src);
    if errors.is_empty() {
        Ok(src)
    } else {
        Err(errors)
    }
}

fn check_own(src: &RoutineSource) -> Vec<Diagnostic> {
    let r = &src.region;
    let file = &r.file;
    let f = &src.fields;
    let mut out = Vec::new();
    if !is_valid_slug(&src.slug) {
        let suggestion = slugify(&src.slug);
        let (message, label) = slug_problem(
            "routine ",
            &src.slug,
            "the routine's slug comes from the file name",
        );
        out.push(
            Diagnostic::error("E0130", message)
                .at(file, r.start_span())
                .label(label)
                .help(format!("rename the file to `{suggestion}.toml`")),
        );
    }
    for (key, value) in [("title", &f.title), ("summary", &f.summary)] {
        if value.trim().is_empty() {
            out.push(
                Diagnostic::error("E0125", format!("`{key}` is empty"))
                    .at(file, r.span_of(&[Seg::Key(key)]))
                    .label("write some text here")
                    .help(format!("give the routine a {key}")),
            );
        }
    }
    if f.rest_seconds < 0 {
        out.push(
            Diagnostic::error("E0171", "`rest_seconds` cannot be negative")
                .at(file, r.span_of(&[Seg::Key("rest_seconds")]))
                .label("below zero")
                .help("write rest_seconds = 0 for no rest, or a number of seconds such as 15"),
        );
    } else if f.rest_seconds > MAX_REST_SECONDS {
        out.push(
            too_large("rest_seconds", MAX_REST_SECONDS)
                .at(file, r.span_of(&[Seg::Key("rest_seconds")]))
                .help(format!(
                    "`rest_seconds` is a whole number of seconds from 0 to {MAX_REST_SECONDS}, such as 15"
                )),
        );
    }
    if let Some(order) = f.order
        && !(-MAX_ORDER..=MAX_ORDER).contains(&order)
    {
        out.push(order_out_of_range(
            order,
            file,
            r.span_of(&[Seg::Key("order")]),
        ));
    }
    if f.items.is_empty() {
        out.push(
            Diagnostic::error("E0170", "a routine needs at least one item")
                .at(file, r.span_of(&[Seg::Key("items")]))
                .label("this list is empty")
                .help(
                    "add an item for each exercise, in order:\n[[items]]\nexercise = \"cat-cow\"",
                ),
        );
    }
    for (i, item) in f.items.iter().enumerate() {
        if let Some(dose) = &item.dose {
            out.extend(check_dose_counts(
                dose,
                r,
                &[Seg::Key("items"), Seg::Index(i), Seg::Key("dose")],
            ));
        }
        if let Some(holds) = item.holds
            && !(1..=timing::MOST_HOLDS).contains(&holds)
        {
            out.push(
                Diagnostic::error(
                    if holds < 1 { "E0140" } else { "E0143" },
                    format!("`holds` must be from 1 to {}", timing::MOST_HOLDS),
                )
                .at(file, r.span_of(&[Seg::Key("items"), Seg::Index(i), Seg::Key("holds")]))
                .label(if holds < 1 { "zero or negative" } else { "too many" })
                .help("write how many holds one repetition has, such as 2 for round-and-hold then sink-and-hold, or remove it"),
            );
        }
        let rep_seconds_at =
            || r.span_of(&[Seg::Key("items"), Seg::Index(i), Seg::Key("rep_seconds")]);
        if item.rep_seconds.is_some_and(|s| s <= 0) {
            out.push(
                Diagnostic::error("E0140", "`rep_seconds` must be at least 1")
                    .at(file, rep_seconds_at())
                    .label("zero or negative")
                    .help("write how many seconds one repetition takes, such as 10, or remove it"),
            );
        } else if item.rep_seconds.is_some_and(|s| s > MAX_REP_SECONDS) {
            out.push(
                too_large("rep_seconds", MAX_REP_SECONDS)
                    .at(file, rep_seconds_at())
                    .help(format!(
                        "`rep_seconds` is a whole number of seconds from 1 to {MAX_REP_SECONDS}: how long one repetition takes, such as 10"
                    )),
            );
        }
    }
    out
}

/// Resolves every item against the exercises and checks what needs them:
/// slugs that exist, doses the player can time, a sane length, unique
/// routine slugs, doses within the exercises' own (warnings). Returns the
/// checked routines in order (`order`, title, slug) and every problem found. An item naming an exercise whose own file
/// failed to load (`unreadable`: content path and stem) is not reported
/// again: that file's error says what to fix.
pub fn resolve(
    sources: &[RoutineSource],
    exercises: &[ExerciseSource],
    unreadable: &[(String, String)],
    config: &GuideConfig,
) -> (Vec<Routine>, Vec<Diagnostic>) {
    let by_slug: BTreeMap<&str, &ExerciseSource> = exercises
        .iter()
        .map(|e| (e.exercise.slug.as_str(), e))
        .collect();
    let unreadable_stems: std::collections::HashSet<&str> =
        unreadable.iter().map(|(_, stem)| stem.as_str()).collect();
    // Made at the first unknown slug, for all of them.
    let nearest = std::cell::OnceCell::new();
    let mut out = Vec::new();
    let mut routines = Vec::new();
    for src in sources {
        let r = &src.region;
        let file = &r.file;
        let mut items = Vec::new();
        let mut found = Vec::new();
        let mut ok = true;
        for (i, item) in src.fields.items.iter().enumerate() {
            let at = |key| r.span_of(&[Seg::Key("items"), Seg::Index(i), Seg::Key(key)]);
            let Some(ex) = by_slug.get(item.exercise.as_str()) else {
                ok = false;
                if unreadable_stems.contains(item.exercise.as_str()) {
                    continue;
                }
                let nearest = nearest.get_or_init(|| Nearest::new(by_slug.keys().copied()));
                let help = match nearest.to(&item.exercise) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the exercises are: {}", some_of(by_slug.keys().copied())),
                };
                out.push(
                    Diagnostic::error(
                        "E0172",
                        format!(
                            "item {} names `{}`, which is no exercise's slug",
                            i + 1,
                            item.exercise
                        ),
                    )
                    .at(file, at("exercise"))
                    .label("no exercise has this slug")
                    .help(help),
                );
                continue;
            };
            found.push((i, *ex));
            let base = &ex.exercise.dose;
            let dose = match &item.dose {
                Some(over) => base.overridden_by(over),
                None => base.clone(),
            };
            if !timing::is_timed(&dose) {
                let span = if item.dose.is_some() {
                    at("dose")
                } else {
                    at("exercise")
                };
                out.push(
                    Diagnostic::error(
                        "E0173",
                        format!(
                            "item {} (`{}`) has no `reps` or `hold_seconds` for the player to time",
                            i + 1,
                            item.exercise
                        ),
                    )
                    .at(file, span)
                    .label("the exercise's dose is only in words")
                    .help("give this item its own numbers and say that the routine chose them, e.g. dose = { reps = 5, hold_seconds = 5, sides = \"each\" } with chosen = [\"reps\", \"hold_seconds\"]"),
                );
                ok = false;
                continue;
            }
            let mut chosen = item.chosen.clone();
            chosen.sort();
            chosen.dedup();
            items.push(RoutineItem {
                exercise: item.exercise.clone(),
                dose,
                rep_seconds: item.rep_seconds,
                holds: item.holds.unwrap_or(1),
                chosen,
                setting: config.item_setting(&ex.exercise),
            });
        }
        out.extend(routine_dose::check(src, &found));
        if !ok || items.is_empty() {
            continue;
        }
        let routine = Routine {
            slug: src.slug.clone(),
            title: src.fields.title.clone(),
            summary: src.fields.summary.clone(),
            order: src.fields.order,
            rest_seconds: src.fields.rest_seconds,
            items,
            text: Default::default(),
        };
        // Worked out from the numbers, not by making the player's plan: a
        // plan hours long would be millions of phases.
        let total = timing::routine_seconds(&routine);
        if total.is_none_or(|t| t > MAX_ROUTINE_SECONDS) {
            let length = match total {
                Some(t) => format!("would take {}", timing::clock(t)),
                None => "would take longer than can be counted".to_owned(),
            };
            out.push(
                Diagnostic::error(
                    "E0174",
                    format!(
                        "the routine {length}, over the limit of {}",
                        timing::clock(MAX_ROUTINE_SECONDS)
                    ),
                )
                .at(file, r.span_of(&[Seg::Key("items")]))
                .label("these items add up to too long")
                .help(
                    "check the numbers in the items' doses (reps, sets, hold_seconds) for a typo",
                ),
            );
            continue;
        }
        routines.push(routine);
    }
    routines.sort_by(|a, b| {
        (a.order.unwrap_or(i64::MAX), &a.title, &a.slug).cmp(&(
            b.order.unwrap_or(i64::MAX),
            &b.title,
            &b.slug,
        ))
    });
    (routines, out)
}

/// What the player needs to know of where the exercise is done.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::exercise::{FileKind, parse_exercise};
    use crate::model::{Count, GuideConfig, Sides};

    fn config() -> GuideConfig {
        toml::from_str("title = \"T\"\ndescription = \"D\"\nauthor = \"A\"\n").unwrap()
    }

    fn exercise(slug: &str, dose: &str) -> ExerciseSource {
        let text = format!(
            "title = \"{slug}\"\nsummary = \"S\"\nkind = \"stretch\"\nareas = [\"neck\"]\npositions = [\"seated\"]\nsteps = [\"Do it.\"]\ncautions = [\"Stop.\"]\n[dose]\n{dose}\n"
        );
        let file = SourceFile::new(format!("content/exercises/{slug}.toml"), text);
        parse_exercise(
            file,
            FileKind::Toml,
            format!("exercises/{slug}.toml"),
            &config(),
            Path::new("/nonexistent"),
        )
        .unwrap()
        .0
    }

    fn exercises() -> Vec<ExerciseSource> {
        vec![
            exercise("neck-roll", "reps = [2, 3]"),
            exercise(
                "chair-rotation",
                "reps = [2, 4]\nhold_seconds = 10\nsides = \"each\"",
            ),
            exercise("trunk-rotation", "note = \"Several times.\""),
        ]
    }

    fn routine(text: &str) -> Result<RoutineSource, Vec<Diagnostic>> {
        parse_routine(
            SourceFile::new("content/routines/desk-break.toml", text),
            "routines/desk-break.toml",
        )
    }

    const GOOD: &str = r#"title = "Desk break"
summary = "A short break."
rest_seconds = 10

[[items]]
exercise = "neck-roll"
rep_seconds = 15

[[items]]
exercise = "chair-rotation"
dose = { reps = 2 }
"#;

    #[test]
    fn a_routine_resolves_with_overrides_merged_key_by_key() {
        let src = routine(GOOD).unwrap();
        let (routines, errors) = resolve(&[src], &exercises(), &[], &config());
        assert!(errors.is_empty(), "{errors:?}");
        let r = &routines[0];
        assert_eq!(r.slug, "desk-break");
        assert_eq!(r.rest_seconds, 10);
        assert_eq!(r.items[0].rep_seconds, Some(15));
        let d = &r.items[1].dose;
        assert_eq!(d.reps, Some(Count::Exact(2)));
        assert_eq!(
            d.hold_seconds,
            Some(Count::Exact(10)),
            "kept from the exercise"
        );
        assert_eq!(d.sides, Some(Sides::Each));
    }

    #[test]
    fn rest_defaults_when_not_given() {
        let src = routine(&GOOD.replace("rest_seconds = 10\n", "")).unwrap();
        assert_eq!(src.fields.rest_seconds, crate::model::DEFAULT_REST_SECONDS);
    }

    #[test]
    fn an_unknown_slug_is_located_with_a_suggestion() {
        let src = routine(&GOOD.replace("\"chair-rotation\"", "\"chair-rotaton\"")).unwrap();
        let (routines, errors) = resolve(&[src], &exercises(), &[], &config());
        assert!(routines.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, "E0172");
        assert_eq!(errors[0].line_column(), Some((10, 12)));
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `chair-rotation`?")
        );
    }

    #[test]
    fn an_empty_list_and_unknown_keys_are_errors() {
        let errs = routine("title = \"A\"\nsummary = \"B\"\nitems = []\n").unwrap_err();
        assert_eq!(errs[0].code, "E0170");
        assert_eq!(errs[0].line_column(), Some((3, 9)));

        let errs = routine(&GOOD.replace("rest_seconds", "rest_secs")).unwrap_err();
        assert_eq!(errs[0].code, "E0110");
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `rest_seconds`?")
        );
        assert_eq!(errs[0].line_column(), Some((3, 1)));

        let errs = routine(&GOOD.replace("dose = { reps = 2 }", "dose = { rep = 2 }")).unwrap_err();
        assert_eq!(errs[0].code, "E0110");
        assert_eq!(errs[0].line_column().map(|l| l.0), Some(11));
    }

    #[test]
    fn bad_numbers_in_an_override_are_located() {
        let errs =
            routine(&GOOD.replace("dose = { reps = 2 }", "dose = { reps = [5, 3] }")).unwrap_err();
        assert_eq!(errs[0].code, "E0141");
        assert_eq!(errs[0].line_column(), Some((11, 17)));
        let errs = routine(&GOOD.replace("rest_seconds = 10", "rest_seconds = -1")).unwrap_err();
        assert_eq!(errs[0].code, "E0171");
    }

    #[test]
    fn an_item_the_player_cannot_time_needs_numbers() {
        let text = GOOD.replace("\"neck-roll\"", "\"trunk-rotation\"");
        let (_, errors) = resolve(&[routine(&text).unwrap()], &exercises(), &[], &config());
        assert_eq!(errors[0].code, "E0173", "{errors:?}");
        assert_eq!(errors[0].line_column().map(|l| l.0), Some(6));
        // With its own numbers it is fine.
        let text = text.replace(
            "rep_seconds = 15",
            "dose = { reps = 4 }\nchosen = [\"reps\"]",
        );
        let (routines, errors) = resolve(&[routine(&text).unwrap()], &exercises(), &[], &config());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(routines[0].items[0].dose.reps, Some(Count::Exact(4)));
    }

    #[test]
    fn an_absurdly_long_routine_is_refused() {
        let text = GOOD.replace("dose = { reps = 2 }", "dose = { reps = 1000 }");
        let (_, errors) = resolve(&[routine(&text).unwrap()], &exercises(), &[], &config());
        assert!(errors.iter().any(|e| e.code == "E0174"), "{errors:?}");
    }

    fn codes(text: &str) -> Vec<(&'static str, Option<(usize, usize)>)> {
        let (_, found) = resolve(&[routine(text).unwrap()], &exercises(), &[], &config());
        found.iter().map(|d| (d.code, d.line_column())).collect()
    }

    #[test]
    fn doses_outside_the_exercise_and_invented_numbers_are_located_warnings() {
        // Too many, and too few.
        let many = GOOD.replace("dose = { reps = 2 }", "dose = { reps = 5 }");
        assert_eq!(codes(&many), [("W0020", Some((11, 17)))]);
        let few = GOOD.replace("dose = { reps = 2 }", "dose = { hold_seconds = 5 }");
        assert_eq!(codes(&few), [("W0020", Some((11, 25)))]);
        // A number the exercise does not give, unless the routine says it chose it.
        let invented = GOOD.replace("dose = { reps = 2 }", "dose = { reps = 2, sets = 2 }");
        assert_eq!(codes(&invented), [("W0022", Some((11, 27)))]);
        let chosen = invented.replace("sets = 2 }", "sets = 2 }\nchosen = [\"sets\"]");
        assert_eq!(codes(&chosen), []);
        // `chosen` for a number the exercise gives, or the item does not.
        let wrong = GOOD.replace(
            "dose = { reps = 2 }",
            "dose = { reps = 2 }\nchosen = [\"reps\", \"sets\"]",
        );
        let found = codes(&wrong);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(c, at)| *c == "W0023" && at.map(|a| a.0) == Some(12))
        );
    }

    #[test]
    fn an_exercise_done_twice_stays_within_its_range_in_all() {
        let twice = format!("{GOOD}\n[[items]]\nexercise = \"neck-roll\"\ndose = {{ reps = 2 }}\n");
        // 2 + 2 neck rolls, against 2–3.
        assert_eq!(codes(&twice), [("W0021", Some((14, 12)))]);
        let shared = twice.replace("rep_seconds = 15", "dose = { reps = 1 }\nrep_seconds = 15");
        // 1 + 2: within 2–3 in all, but the first alone is below the range.
        assert_eq!(codes(&shared), [("W0020", Some((7, 17)))]);
    }
}
