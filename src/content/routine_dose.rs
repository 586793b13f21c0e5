//! A routine's doses against its exercises' own: warnings for an item that
//! asks for more or less than the exercise gives, for an exercise that
//! comes back so often that the routine does more of it in all than the
//! exercise says, and for numbers the exercise never gives unless the
//! routine says it chose them (`chosen`). Warnings, not errors: the author
//! may know better than the exercise, but should decide so knowingly.

use std::collections::BTreeMap;

use super::routine::RoutineSource;
use crate::diagnostic::Diagnostic;
use crate::model::{Count, Dose, DoseKey, ExerciseSource};
use crate::toml_doc::Seg;

/// The warnings of one routine. `items` pairs each item that names an
/// exercise of the guide (its index in the file) with that exercise.
pub fn check(src: &RoutineSource, items: &[(usize, &ExerciseSource)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &(i, ex) in items {
        if let Some(item) = src.fields.items.get(i) {
            out.extend(check_item(src, i, &ex.exercise.dose, item));
        }
    }
    out.extend(check_totals(src, items));
    out
}

fn check_item(
    src: &RoutineSource,
    i: usize,
    own: &Dose,
    item: &crate::model::RoutineItemFields,
) -> Vec<Diagnostic> {
    let r = &src.region;
    let file = &r.file;
    let slug = &item.exercise;
    let mut out = Vec::new();
    let dose = item.dose.clone().unwrap_or_default();
    let at = |key: &str| {
        r.span_of(&[
            Seg::Key("items"),
            Seg::Index(i),
            Seg::Key("dose"),
            Seg::Key(key),
        ])
    };
    for key in DoseKey::ALL {
        let Some(asked) = key.of(&dose) else { continue };
        let name = key.key();
        let chosen = item.chosen.contains(&key);
        match key.of(own) {
            Some(range) => {
                let (fewer, more) = (asked.min() < range.min(), asked.max() > range.max());
                if !fewer && !more {
                    continue;
                }
                let how = match (fewer, more) {
                    (true, true) => "beyond both ends of",
                    (true, false) => "fewer than",
                    _ => "more than",
                };
                out.push(
                    Diagnostic::warning(
                        "W0020",
                        format!(
                            "item {} asks for `{name} = {}`, {how} the {} that `{slug}` gives",
                            i + 1,
                            written(asked),
                            range.words()
                        ),
                    )
                    .at(file, at(name))
                    .label(format!("outside {}", range.words()))
                    .help(format!(
                        "write a number from {} to {} (such as {name} = {}), or leave `{name}` out to use the exercise's own",
                        range.min(),
                        range.max(),
                        range.min()
                    )),
                );
            }
            None if !chosen => out.push(
                Diagnostic::warning(
                    "W0022",
                    format!(
                        "item {} gives `{slug}` `{name} = {}`, a number the exercise does not give",
                        i + 1,
                        written(asked)
                    ),
                )
                .at(file, at(name))
                .label("not in the exercise's dose")
                .help(format!(
                    "if the routine means to choose it, say so on the item with chosen = [\"{name}\"]: its page then says the number is this routine's choice; otherwise remove `{name}`"
                )),
            ),
            None => {}
        }
    }
    let chosen_at = || r.span_of(&[Seg::Key("items"), Seg::Index(i), Seg::Key("chosen")]);
    for key in DoseKey::ALL.into_iter().filter(|k| item.chosen.contains(k)) {
        let name = key.key();
        let (message, help) = match (key.of(own), key.of(&dose)) {
            (Some(range), _) => (
                format!(
                    "`chosen` names `{name}`, but `{slug}` gives its own ({})",
                    range.words()
                ),
                format!(
                    "remove \"{name}\" from `chosen`; the item's `{name}` then stays within {}",
                    range.words()
                ),
            ),
            (None, None) => (
                format!(
                    "`chosen` names `{name}`, but item {} gives no `{name}`",
                    i + 1
                ),
                format!("add `{name}` to the item's dose, or remove \"{name}\" from `chosen`"),
            ),
            (None, Some(_)) => continue,
        };
        out.push(
            Diagnostic::warning("W0023", message)
                .at(file, chosen_at())
                .label("not a choice of this routine")
                .help(help),
        );
    }
    out
}

/// An exercise in more than one item: the repetitions of all its items
/// (times their sets, counted as the player counts them, by the least of
/// a range) against the most the exercise gives.
fn check_totals(src: &RoutineSource, items: &[(usize, &ExerciseSource)]) -> Vec<Diagnostic> {
    let r = &src.region;
    let mut seen: BTreeMap<&str, (i64, usize)> = BTreeMap::new();
    let mut out = Vec::new();
    for &(i, ex) in items {
        let own = &ex.exercise.dose;
        // An exercise that gives no number has no most to go over.
        if own.reps.is_none() && own.sets.is_none() && own.hold_seconds.is_none() {
            continue;
        }
        let Some(item) = src.fields.items.get(i) else {
            continue;
        };
        let dose = match &item.dose {
            Some(over) => own.overridden_by(over),
            None => own.clone(),
        };
        let most = volume(own.reps, own.sets, Count::max);
        let entry = seen.entry(ex.exercise.slug.as_str()).or_insert((0, 0));
        let before = entry.0;
        entry.0 = before.saturating_add(volume(dose.reps, dose.sets, Count::min));
        entry.1 += 1;
        let (total, times) = *entry;
        if times < 2 || before > most || total <= most {
            continue;
        }
        let slug = &ex.exercise.slug;
        let unit = if own.reps.is_some() {
            "repetitions"
        } else {
            "rounds"
        };
        out.push(
            Diagnostic::warning(
                "W0021",
                format!(
                    "`{slug}` comes {times} times in this routine: {total} {unit} in all, more than the {} the exercise gives",
                    most_words(own)
                ),
            )
            .at(
                &r.file,
                r.span_of(&[Seg::Key("items"), Seg::Index(i), Seg::Key("exercise")]),
            )
            .label(format!("{total} {unit} with the items before it"))
            .help(format!(
                "share the exercise's {} between its items (a smaller `reps` in each), or keep it in one item",
                most_words(own)
            )),
        );
    }
    out
}

/// Repetitions times sets, one of each when the dose does not say.
fn volume(reps: Option<Count>, sets: Option<Count>, pick: fn(Count) -> i64) -> i64 {
    let n = |c: Option<Count>| c.map_or(1, pick).max(1);
    n(reps).saturating_mul(n(sets))
}

/// "2–3", or "10–15 × 2 sets" when the exercise gives sets too.
fn most_words(own: &Dose) -> String {
    match (own.reps, own.sets) {
        (Some(r), Some(s)) => format!("{} × {} sets", r.words(), s.words()),
        (Some(r), None) => r.words(),
        (None, Some(s)) => format!("{} sets", s.words()),
        (None, None) => "1".to_owned(),
    }
}

/// As the author wrote it: `5` or `[3, 5]`.
fn written(c: Count) -> String {
    match c {
        Count::Exact(n) => n.to_string(),
        Count::Range(a, b) => format!("[{a}, {b}]"),
    }
}
