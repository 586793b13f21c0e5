//! Review dates: a guide that sets `review_every_months` promises that its
//! content is checked that often, as health publishers review theirs (the
//! NHS every three years). Each page whose review is overdue, or that has
//! no review date at all, is a warning.

use crate::date::Date;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::model::{ExerciseSource, GuideConfig};
use crate::toml_doc::{Seg, TomlRegion};

pub fn check(
    config: &GuideConfig,
    config_file: &SourceFile,
    sources: &[ExerciseSource],
    today: Date,
) -> Vec<Diagnostic> {
    let Some(months) = config.review_every_months else {
        return Vec::new();
    };
    let region = TomlRegion::new(config_file.clone(), 0..config_file.text.len());
    let every = format!("every {months} month{}", if months == 1 { "" } else { "s" });
    let mut out = Vec::new();
    // The home page, routines, families and lists show the guide's date.
    match config.reviewed_on {
        None => out.push(
            Diagnostic::warning(
                "W0015",
                "the guide has no `reviewed_on`, so its home page, routines and lists have no review date",
            )
            .at(config_file, region.span_of(&[Seg::Key("review_every_months")]))
            .label(format!("content is to be reviewed {every}"))
            .help("once the content has been reviewed, write the day: reviewed_on = 2025-05-01 (and reviewed_by = \"…\")"),
        ),
        Some(on) => {
            if let Some(due) = overdue(on, months, today) {
                out.push(
                    Diagnostic::warning(
                        "W0014",
                        format!("the guide's review was due on {}", due.words()),
                    )
                    .at(config_file, region.span_of(&[Seg::Key("reviewed_on")]))
                    .label(format!("last reviewed on {}; reviews are {every}", on.words()))
                    .help(review_help()),
                );
            }
        }
    }
    for src in sources {
        let ex = &src.exercise;
        let r = &src.fields;
        let own = ex.reviewed_on.is_some();
        let span = if own {
            r.span_of(&[Seg::Key("reviewed_on")])
        } else {
            r.start_span()
        };
        let whose = if own { "its own" } else { "the guide's" };
        match ex.reviewed_on.or(config.reviewed_on) {
            None => out.push(
                Diagnostic::warning("W0015", format!("`{}` has no review date", ex.title))
                    .at(src.file(), span)
                    .label(format!("content is to be reviewed {every}"))
                    .help("once it has been reviewed, write reviewed_on = 2025-05-01 here or in guide.toml"),
            ),
            Some(on) => {
                if let Some(due) = overdue(on, months, today) {
                    out.push(
                        Diagnostic::warning(
                            "W0014",
                            format!("the review of `{}` was due on {}", ex.title, due.words()),
                        )
                        .at(src.file(), span)
                        .label(format!("last reviewed on {} ({whose} date)", on.words()))
                        .help(review_help()),
                    );
                }
            }
        }
    }
    out
}

/// The day a review was due, when it is past.
fn overdue(reviewed_on: Date, months: u32, today: Date) -> Option<Date> {
    // A due date past the calendar's end is never reached.
    let due = reviewed_on.add_months(months)?;
    (due < today).then_some(due)
}

fn review_help() -> &'static str {
    "have the content checked again (by a physiotherapist or doctor, say), then write the new day in reviewed_on"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_overdue_only_after_its_due_day() {
        let d = |s: &str| Date::parse_iso(s).unwrap();
        assert_eq!(overdue(d("2022-05-01"), 36, d("2025-05-01")), None);
        assert_eq!(
            overdue(d("2022-05-01"), 36, d("2025-05-02")),
            Some(d("2025-05-01"))
        );
        assert_eq!(overdue(d("9999-01-01"), 36, d("2025-05-02")), None);
    }
}
