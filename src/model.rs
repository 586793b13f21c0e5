//! The typed shape of a guide: its configuration and its exercises.
//!
//! Every struct here denies unknown fields, so a misspelt key in an author's
//! file is an error rather than silently ignored data.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::pose::PoseSpec;

/// The body-area vocabulary used when `guide.toml` does not declare one.
pub const DEFAULT_AREAS: &[&str] = &[
    "neck",
    "shoulders",
    "upper-back",
    "mid-back",
    "lower-back",
    "core",
    "hips",
];

/// Shown in every page footer when the guide does not write its own.
pub const DEFAULT_DISCLAIMER: &str = "This guide is general information, not medical advice. \
Move gently and only within a range that feels comfortable. **Stop at once** if you feel sharp, \
spreading or worsening pain, or numbness, tingling or weakness. See a doctor or physiotherapist \
if your pain lasts more than a few weeks, follows a fall or injury, or comes with fever, chest \
pain, trouble breathing or problems with your bladder or bowels.";

/// `guide.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuideConfig {
    pub title: String,
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub author: String,
    #[serde(default)]
    pub base_url: Option<String>,
    // Publishing: a custom domain for GitHub Pages, and the dates shown on
    // every page unless an exercise gives its own.
    #[serde(default)]
    pub cname: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub reviewed_on: Option<Date>,
    #[serde(default)]
    pub disclaimer: Option<String>,
    #[serde(default)]
    pub families: BTreeMap<String, Family>,
    #[serde(default = "default_areas")]
    pub areas: Vec<String>,
    #[serde(default)]
    pub check: CheckSettings,
}

/// `[check]` in `guide.toml`: what the guide's author has chosen not to be
/// warned about. Errors cannot be turned off.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Warning codes (`W0001`) not to report.
    #[serde(default)]
    pub allow: Vec<String>,
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_areas() -> Vec<String> {
    DEFAULT_AREAS.iter().map(|s| (*s).to_owned()).collect()
}

impl GuideConfig {
    pub fn disclaimer_markdown(&self) -> &str {
        self.disclaimer.as_deref().unwrap_or(DEFAULT_DISCLAIMER)
    }
}

/// A `[families.<slug>]` table: exercises that belong together.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Family {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// The front matter of `content/_index.md`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexFrontMatter {
    pub title: String,
}

/// An exercise as an author writes it, before the body of a `.md` file is
/// merged in. Both file kinds deserialize into this.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseFields {
    pub title: String,
    #[serde(default)]
    pub slug: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub order: Option<i64>,
    pub kind: Kind,
    #[serde(default)]
    pub level: Level,
    pub areas: Vec<String>,
    pub positions: Vec<Position>,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub dose: Dose,
    #[serde(default)]
    pub steps: Option<Vec<String>>,
    #[serde(default)]
    pub tips: Option<Vec<String>>,
    #[serde(default)]
    pub cautions: Option<Vec<String>>,
    #[serde(default)]
    pub easier: Option<String>,
    #[serde(default)]
    pub harder: Option<String>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub image: Option<Image>,
    #[serde(default)]
    pub sources: Vec<Source>,
    // Override the guide's dates for this exercise's page.
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub reviewed_on: Option<Date>,
    /// Key positions, drawn as pictures (see `crate::pose`).
    #[serde(default)]
    pub poses: Vec<PoseSpec>,
}

/// One exercise, whole: front matter and body merged, slug resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exercise {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub aliases: Vec<String>,
    pub family: Option<String>,
    pub order: Option<i64>,
    pub kind: Kind,
    pub level: Level,
    pub areas: Vec<String>,
    pub positions: Vec<Position>,
    pub equipment: Vec<String>,
    pub dose: Dose,
    /// Markdown, one string per step.
    pub steps: Vec<String>,
    pub tips: Vec<String>,
    pub cautions: Vec<String>,
    pub easier: Option<String>,
    pub harder: Option<String>,
    pub related: Vec<String>,
    pub image: Option<Image>,
    pub sources: Vec<Source>,
    /// Markdown: the body of a `.md` file less its list sections.
    pub introduction: String,
    /// This exercise's own dates; `date::PageDates` merges in the guide's.
    pub updated: Option<Date>,
    pub reviewed_by: Option<String>,
    pub reviewed_on: Option<Date>,
    pub poses: Vec<PoseSpec>,
}

/// A routine as an author writes it: `content/routines/<slug>.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineFields {
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub order: Option<i64>,
    /// Seconds of rest between two items; 0 means none.
    #[serde(default = "default_rest_seconds")]
    pub rest_seconds: i64,
    pub items: Vec<RoutineItemFields>,
}

/// The rest between items when a routine does not say: long enough to read
/// the next exercise and get into position, short enough to stay warm.
pub const DEFAULT_REST_SECONDS: i64 = 15;

fn default_rest_seconds() -> i64 {
    DEFAULT_REST_SECONDS
}

/// One `[[items]]` table of a routine.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineItemFields {
    /// The slug of an exercise of the guide.
    pub exercise: String,
    /// Keys given here replace the exercise's own dose key by key.
    #[serde(default)]
    pub dose: Option<Dose>,
    /// How long one whole repetition takes (into the position, any hold,
    /// and back); without it a repetition lasts its hold, or
    /// [`crate::timing::SECONDS_PER_REP`].
    #[serde(default)]
    pub rep_seconds: Option<i64>,
}

/// A routine, checked: every item names an exercise of the guide and has a
/// dose the player can time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routine {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub order: Option<i64>,
    pub rest_seconds: i64,
    pub items: Vec<RoutineItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineItem {
    pub exercise: String,
    /// The exercise's dose with the routine's override applied.
    pub dose: Dose,
    pub rep_seconds: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Stretch,
    Strength,
    Mobility,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Stretch => "Stretch",
            Kind::Strength => "Strength",
            Kind::Mobility => "Mobility",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    #[default]
    Beginner,
    Intermediate,
    Advanced,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Beginner => "Beginner",
            Level::Intermediate => "Intermediate",
            Level::Advanced => "Advanced",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    Standing,
    Seated,
    Lying,
    AllFours,
    Kneeling,
}

impl Position {
    pub const ALL: [Position; 5] = [
        Position::Standing,
        Position::Seated,
        Position::Lying,
        Position::AllFours,
        Position::Kneeling,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Position::Standing => "standing",
            Position::Seated => "seated",
            Position::Lying => "lying",
            Position::AllFours => "all-fours",
            Position::Kneeling => "kneeling",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Position::Standing => "Standing",
            Position::Seated => "Seated",
            Position::Lying => "Lying down",
            Position::AllFours => "All fours",
            Position::Kneeling => "Kneeling",
        }
    }
}

/// How much of an exercise to do. Every part is optional: some doses are
/// only ever given in words (`note`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    #[serde(default)]
    pub reps: Option<Count>,
    #[serde(default)]
    pub sets: Option<Count>,
    #[serde(default)]
    pub hold_seconds: Option<Count>,
    #[serde(default)]
    pub sides: Option<Sides>,
    #[serde(default)]
    pub per_day: Option<Count>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Dose {
    pub fn is_empty(&self) -> bool {
        self == &Dose::default()
    }

    /// `self` with every key that `over` gives taken from `over`.
    pub fn overridden_by(&self, over: &Dose) -> Dose {
        Dose {
            reps: over.reps.or(self.reps),
            sets: over.sets.or(self.sets),
            hold_seconds: over.hold_seconds.or(self.hold_seconds),
            sides: over.sides.or(self.sides),
            per_day: over.per_day.or(self.per_day),
            note: over.note.clone().or_else(|| self.note.clone()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sides {
    /// All reps on one side, then all on the other.
    Each,
    /// Switch sides on every rep.
    Alternating,
}

/// A whole number (`5`) or an inclusive range (`[3, 5]`).
///
/// Deserialization only checks the shape; whether the numbers make sense
/// (positive, min not above max) is validation's job, so that the error can
/// say which field and how to fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(i64),
    Range(i64, i64),
}

impl Count {
    pub fn min(self) -> i64 {
        match self {
            Count::Exact(n) | Count::Range(n, _) => n,
        }
    }

    pub fn max(self) -> i64 {
        match self {
            Count::Exact(n) | Count::Range(_, n) => n,
        }
    }

    /// "5" or "3–5" (an en dash, as typeset ranges are written).
    pub fn words(self) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::Range(a, b) if a == b => a.to_string(),
            Count::Range(a, b) => format!("{a}\u{2013}{b}"),
        }
    }

    /// Whether the singular noun fits ("1 set", "1 second").
    pub fn is_one(self) -> bool {
        self.max() == 1
    }
}

impl Serialize for Count {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Count::Exact(n) => s.serialize_i64(n),
            Count::Range(a, b) => [a, b].serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CountVisitor;

        impl<'de> Visitor<'de> for CountVisitor {
            type Value = Count;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number like 5 or a range like [3, 5]")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Ok(Count::Exact(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                i64::try_from(v)
                    .map(Count::Exact)
                    .map_err(|_| E::custom("number too large"))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                let too_short = || {
                    de::Error::custom(
                        "a range needs exactly two whole numbers, the least and the most, like [3, 5]",
                    )
                };
                let a: i64 = seq.next_element()?.ok_or_else(too_short)?;
                let b: i64 = seq.next_element()?.ok_or_else(too_short)?;
                if seq.next_element::<i64>()?.is_some() {
                    return Err(too_short());
                }
                Ok(Count::Range(a, b))
            }
        }

        d.deserialize_any(CountVisitor)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        c: Count,
    }

    fn count(src: &str) -> Result<Count, toml::de::Error> {
        toml::from_str::<Holder>(src).map(|h| h.c)
    }

    #[test]
    fn counts_parse_as_number_or_range() {
        assert_eq!(count("c = 5").unwrap(), Count::Exact(5));
        assert_eq!(count("c = [3, 5]").unwrap(), Count::Range(3, 5));
        assert!(count("c = [3]").is_err());
        assert!(count("c = [3, 4, 5]").is_err());
        assert!(count("c = \"five\"").is_err());
        assert!(count("c = 2.5").is_err());
    }

    #[test]
    fn count_words_use_an_en_dash() {
        assert_eq!(Count::Exact(5).words(), "5");
        assert_eq!(Count::Range(3, 5).words(), "3\u{2013}5");
        assert_eq!(Count::Range(4, 4).words(), "4");
    }
}
