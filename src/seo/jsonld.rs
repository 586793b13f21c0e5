//! schema.org structured data for an exercise page: a `HowTo` (steps, time,
//! tools) that is also an `ExercisePlan` (repetitions, sets, how often).
//!
//! Built from typed structs rather than `json!` maps so that the order of
//! keys, and so the bytes of every page, never depend on serde_json's
//! features.

use serde::Serialize;

use super::absolute_url;
use crate::markdown::plain_text;
use crate::model::{Count, Dose, Exercise, Guide, PageDates, safe_relative};
use crate::render::views::exercise_url;

#[derive(Serialize)]
struct HowTo<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: [&'static str; 2],
    name: &'a str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    author: Named<'a>,
    #[serde(rename = "isPartOf")]
    is_part_of: Part<'a>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    step: Vec<Step>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool: Vec<Named<'a>>,
    #[serde(rename = "totalTime", skip_serializing_if = "Option::is_none")]
    total_time: Option<String>,
    #[serde(rename = "exerciseType")]
    exercise_type: String,
    #[serde(rename = "activityDuration", skip_serializing_if = "Option::is_none")]
    activity_duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repetitions: Option<Quantity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workload: Option<Quantity>,
    #[serde(rename = "activityFrequency", skip_serializing_if = "Option::is_none")]
    activity_frequency: Option<Quantity>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<WebPage<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Part<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Step {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    text: String,
}

#[derive(Serialize)]
struct Quantity {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<i64>,
    #[serde(rename = "minValue", skip_serializing_if = "Option::is_none")]
    min_value: Option<i64>,
    #[serde(rename = "maxValue", skip_serializing_if = "Option::is_none")]
    max_value: Option<i64>,
    #[serde(rename = "unitText")]
    unit_text: String,
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Named<'a>>,
}

fn quantity(count: Count, unit_text: String) -> Quantity {
    let (value, min_value, max_value) = match count {
        Count::Range(a, b) if a != b => (None, Some(a), Some(b)),
        other => (Some(other.max()), None, None),
    };
    Quantity {
        kind: "QuantitativeValue",
        value,
        min_value,
        max_value,
        unit_text,
    }
}

/// How long one session takes, in seconds, when the dose says how long each
/// hold lasts: holds × seconds × sides × sets, taking the top of each range
/// so the estimate does not fall short. Doses of bare repetitions have no
/// time the author has given, so none is made up.
pub fn session_seconds(dose: &Dose) -> Option<i64> {
    let hold = dose.hold_seconds?.max();
    let reps = dose.reps.map_or(1, Count::max);
    let sides = if dose.sides.is_some() { 2 } else { 1 };
    let sets = dose.sets.map_or(1, Count::max);
    hold.checked_mul(reps)?
        .checked_mul(sides)?
        .checked_mul(sets)
}

/// An ISO 8601 duration, as schema.org wants times: `PT1M30S`.
pub fn iso_duration(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    let mut out = "PT".to_owned();
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}S"));
    }
    out
}

/// JSON-LD text that can sit inside `<script>` as it is: `<`, `>` and `&`
/// are written as JSON escapes, so no text of the author's can close the
/// script element or open a comment. U+2028 and U+2029 are escaped too, for
/// the scripts that read this as JavaScript.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The exercise's structured data, ready for the page.
pub fn exercise(guide: &Guide, ex: &Exercise, dates: &PageDates) -> String {
    let config = &guide.config;
    let words = &guide.lang.words;
    let base = config.base_url.as_deref();
    let url = base.map(|b| {
        absolute_url(
            b,
            &format!("{}{}", guide.lang.prefix, exercise_url(&ex.slug)),
        )
    });
    let total_time = session_seconds(&ex.dose).map(iso_duration);
    let reviewed = dates.reviewed_on.is_some() || dates.reviewed_by.is_some();
    let per_side = ex.dose.sides.is_some();
    let data = HowTo {
        context: "https://schema.org",
        kind: ["HowTo", "ExercisePlan"],
        name: &ex.title,
        description: &ex.summary,
        in_language: &guide.lang.code,
        url: url.clone(),
        image: match (base, ex.images.first()) {
            (Some(b), Some(img)) => safe_relative(&img.src).map(|src| format!("{b}{src}")),
            _ => None,
        },
        // A guide is most often written by a team; schema.org has no type
        // for "a person or a group", and Organization is the safer guess.
        author: Named {
            kind: "Organization",
            name: &config.author,
        },
        is_part_of: Part {
            kind: "WebSite",
            name: &config.title,
            url: base,
        },
        date_modified: dates.updated.map(|d| d.to_string()),
        step: ex
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| Step {
                kind: "HowToStep",
                position: i + 1,
                text: plain_text(s),
            })
            .collect(),
        // Equipment is used, not used up: schema.org's `tool`, not `supply`.
        tool: ex
            .equipment
            .iter()
            .map(|e| Named {
                kind: "HowToTool",
                // Declared equipment by its title, as the page names it.
                name: guide
                    .config
                    .equipment
                    .as_ref()
                    .and_then(|v| v.get(e))
                    .map_or(e.as_str(), |t| t.title.as_str()),
            })
            .collect(),
        activity_duration: total_time.clone(),
        total_time,
        exercise_type: guide.config.kinds.title(&ex.kind),
        repetitions: ex.dose.reps.map(|c| {
            quantity(
                c,
                words.text(if per_side {
                    "jsonld_reps_each_side"
                } else {
                    "jsonld_reps"
                }),
            )
        }),
        workload: ex.dose.sets.map(|c| quantity(c, words.text("jsonld_sets"))),
        activity_frequency: ex
            .dose
            .per_day
            .map(|c| quantity(c, words.text("jsonld_per_day"))),
        main_entity_of_page: (url.is_some() || reviewed).then(|| WebPage {
            kind: "WebPage",
            id: url,
            last_reviewed: dates.reviewed_on.map(|d| d.to_string()),
            reviewed_by: dates.reviewed_by.as_deref().map(|name| Named {
                kind: "Person",
                name,
            }),
        }),
    };
    // Serializing plain structs of strings and numbers cannot fail.
    script_safe(&serde_json::to_string(&data).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sides;

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(50), "PT50S");
        assert_eq!(iso_duration(90), "PT1M30S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(0), "PT0S");
    }

    #[test]
    fn session_time_comes_only_from_holds() {
        let dose = Dose {
            reps: Some(Count::Exact(5)),
            hold_seconds: Some(Count::Range(3, 5)),
            sides: Some(Sides::Each),
            sets: Some(Count::Exact(2)),
            ..Dose::default()
        };
        assert_eq!(session_seconds(&dose), Some(100));
        let bare = Dose {
            reps: Some(Count::Exact(10)),
            ..Dose::default()
        };
        assert_eq!(session_seconds(&bare), None);
    }

    #[test]
    fn script_safe_json_still_parses_to_the_same_text() {
        let text = "</script><!-- & \u{2028}";
        let safe = script_safe(&serde_json::to_string(text).unwrap());
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), text);
    }
}
