//! The typed shape of a guide: its configuration and its exercises.
//!
//! Every struct here denies unknown fields, so a misspelt key in an author's
//! file is an error rather than silently ignored data.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::pose::PoseSpec;

mod guide;
mod language;

pub use guide::{ExerciseSource, Guide, INTERNAL_PREFIX, IndexPage, LinkTarget, safe_relative};
pub use language::{LanguageEntry, PageLanguage};

/// Shown in every page footer when the guide does not write its own. The
/// signs that need help now come first, with the number to call
/// ([`EMERGENCY_PLACEHOLDER`]), as health services advise; then those
/// that need a doctor soon. Every sentence stays short: readers may be
/// in pain.
pub const DEFAULT_DISCLAIMER: &str = "This guide is general information, not medical advice. \
Move gently and only as far as feels comfortable. **Stop at once** if you feel sharp, spreading \
or worsening pain, numbness, tingling, weakness or dizziness.

**Call {emergency} now** if you have any of these:

- chest pain or trouble breathing
- loss of control of your bladder or bowels
- numbness around your genitals or bottom
- weakness or numbness in both legs

**See a doctor soon** if:

- the pain does not ease when you rest, or it is worse at night
- you have a fever, or you lose weight without trying
- the pain started after a fall or an injury
- the pain lasts more than a few weeks
";

/// Where a disclaimer says the emergency number: replaced on every page by
/// `emergency` from guide.toml, or by [`DEFAULT_EMERGENCY`].
pub const EMERGENCY_PLACEHOLDER: &str = "{emergency}";

/// What to call when a guide does not say: true in every country.
pub const DEFAULT_EMERGENCY: &str = "emergency services";

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
    /// The number to call for urgent signs ("999", "112"), or the words
    /// for it; the disclaimer says it where it writes `{emergency}`.
    #[serde(default)]
    pub emergency: Option<String>,
    /// How often every page's content must be reviewed, in months:
    /// `check` warns about pages whose `reviewed_on` is older.
    #[serde(default)]
    pub review_every_months: Option<u32>,
    #[serde(default)]
    pub families: BTreeMap<String, Family>,
    #[serde(default = "Vocabulary::default_areas", deserialize_with = "areas")]
    pub areas: Vocabulary,
    #[serde(default = "Vocabulary::default_kinds", deserialize_with = "kinds")]
    pub kinds: Vocabulary,
    #[serde(default = "Vocabulary::default_levels", deserialize_with = "levels")]
    pub levels: Vocabulary,
    #[serde(
        default = "Vocabulary::default_positions",
        deserialize_with = "positions"
    )]
    pub positions: Vocabulary,
    /// `None`: equipment is free words.
    #[serde(default, deserialize_with = "equipment")]
    pub equipment: Option<Vocabulary>,
    #[serde(default)]
    pub check: CheckSettings,
    #[serde(default)]
    pub index: IndexSettings,
    #[serde(default)]
    pub web_app: WebAppSettings,
    /// The other languages the guide is published in, by BCP 47 code.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageSettings>,
}

/// `[web_app]` in `guide.toml`: the guide as an app a phone can install
/// and read offline, when it is served over http(s).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebAppSettings {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// A CSS hex colour; the stylesheet's `--accent` when not given.
    #[serde(default)]
    pub theme_color: Option<String>,
    /// The name under the icon on a phone's home screen; the title when
    /// not given.
    #[serde(default)]
    pub short_name: Option<String>,
    /// A PNG or SVG file under `static/`; the favicon when not given.
    #[serde(default)]
    pub icon: Option<String>,
    /// Worked out by the loader from the settings, the stylesheet and the
    /// icon; `None` when the web app is off. Kept here rather than on the
    /// guide so that a changed stylesheet, which changes the pages' theme
    /// colour, counts as changed settings.
    #[serde(skip)]
    pub resolved: Option<WebApp>,
}

impl WebAppSettings {
    /// Launchers cut longer names under an icon.
    pub const SHORT_NAME_CHARS: usize = 12;
}

/// What the manifest and the pages' head say of the web app.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WebApp {
    pub short_name: String,
    pub theme_color: String,
    pub background_color: String,
    pub icon: AppIcon,
}

/// The app's icon, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppIcon {
    /// The path in the output.
    pub src: String,
    #[serde(rename = "type")]
    pub mime: String,
    /// `any` for a drawing, `192x192` for a picture.
    pub sizes: String,
}

fn yes() -> bool {
    true
}

impl Default for WebAppSettings {
    fn default() -> WebAppSettings {
        WebAppSettings {
            enabled: true,
            theme_color: None,
            short_name: None,
            icon: None,
            resolved: None,
        }
    }
}

/// `[index]` in `guide.toml`: how the home page lists the exercises.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    /// Most exercise cards on one page of the list. A guide with more
    /// exercises gets its list in pages (`index.html`, `page/2.html`, …),
    /// so that the home page of a thousand stays light on a phone.
    #[serde(default = "IndexSettings::default_page_size")]
    pub page_size: u32,
}

impl IndexSettings {
    /// Fifty cards: a few screens on a phone, about 700 elements.
    pub const DEFAULT_PAGE_SIZE: u32 = 50;

    fn default_page_size() -> u32 {
        Self::DEFAULT_PAGE_SIZE
    }

    /// How many pages a list of `exercises` takes: one when it fits.
    pub fn pages(&self, exercises: usize) -> usize {
        exercises.div_ceil(self.size()).max(1)
    }

    /// The page size as a count; never zero, which loading refuses.
    pub fn size(&self) -> usize {
        (self.page_size as usize).max(1)
    }
}

impl Default for IndexSettings {
    fn default() -> Self {
        IndexSettings {
            page_size: Self::DEFAULT_PAGE_SIZE,
        }
    }
}

/// `[check]` in `guide.toml`: what the guide's author has chosen not to be
/// warned about. Errors cannot be turned off.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Warning codes (`W0001`) not to report.
    #[serde(default)]
    pub allow: Vec<String>,
    /// The highest reading grade (Flesch–Kincaid) a page may have.
    #[serde(default = "CheckSettings::default_max_grade")]
    pub max_grade: u32,
    /// The most words a sentence may have.
    #[serde(default = "CheckSettings::default_max_sentence_words")]
    pub max_sentence_words: u32,
}

impl CheckSettings {
    /// Grade 8: what the NHS and most plain-language guidance ask of
    /// health information for the public.
    pub const DEFAULT_MAX_GRADE: u32 = 8;
    /// 25 words: past this, readers lose the start of a sentence by its
    /// end (GOV.UK and NHS style guides).
    pub const DEFAULT_MAX_SENTENCE_WORDS: u32 = 25;

    fn default_max_grade() -> u32 {
        Self::DEFAULT_MAX_GRADE
    }

    fn default_max_sentence_words() -> u32 {
        Self::DEFAULT_MAX_SENTENCE_WORDS
    }
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            allow: Vec::new(),
            max_grade: Self::DEFAULT_MAX_GRADE,
            max_sentence_words: Self::DEFAULT_MAX_SENTENCE_WORDS,
        }
    }
}

fn default_language() -> String {
    "en".to_owned()
}

impl GuideConfig {
    /// The disclaimer as pages show it: the guide's own or the built-in
    /// one, with the emergency number in place of `{emergency}`.
    pub fn disclaimer_markdown(&self) -> std::borrow::Cow<'_, str> {
        self.disclaimer_markdown_in(None)
    }

    /// [`GuideConfig::disclaimer_markdown`] on pages in the language of
    /// `words`: a guide that writes no disclaimer or emergency number gets
    /// limber's in that language.
    pub fn disclaimer_markdown_in(
        &self,
        words: Option<&crate::i18n::Words>,
    ) -> std::borrow::Cow<'_, str> {
        let text: std::borrow::Cow<'_, str> = match (&self.disclaimer, words) {
            (Some(own), _) => own.as_str().into(),
            (None, Some(w)) => w.text_or("disclaimer", DEFAULT_DISCLAIMER).into(),
            (None, None) => DEFAULT_DISCLAIMER.into(),
        };
        if !text.contains(EMERGENCY_PLACEHOLDER) {
            return text;
        }
        let number: std::borrow::Cow<'_, str> = match (&self.emergency, words) {
            (Some(own), _) => own.as_str().into(),
            (None, Some(w)) => w.text_or("emergency", DEFAULT_EMERGENCY).into(),
            (None, None) => DEFAULT_EMERGENCY.into(),
        };
        std::borrow::Cow::Owned(text.replace(EMERGENCY_PLACEHOLDER, &escape_markdown(&number)))
    }

    /// Gives the built-in terms the guide did not title itself (its own
    /// vocabularies left out, or written as lists of slugs) their titles
    /// in the language of `words`: `area_neck`, `position_all_fours`.
    pub fn title_built_in_terms(&mut self, words: &crate::i18n::Words) {
        for (vocab, defaults, prefix) in [
            (&mut self.areas, DEFAULT_AREAS, "area"),
            (&mut self.kinds, DEFAULT_KINDS, "kind"),
            (&mut self.levels, DEFAULT_LEVELS, "level"),
            (&mut self.positions, DEFAULT_POSITIONS, "position"),
        ] {
            if vocab.tables {
                continue;
            }
            for term in &mut vocab.terms {
                if let Some(d) = defaults.iter().find(|d| d.slug == term.slug) {
                    let key = format!("{prefix}_{}", d.slug.replace('-', "_"));
                    term.title = words.text_or(&key, d.title);
                }
            }
        }
    }

    /// When a page last reviewed on `reviewed_on` is due its next review.
    pub fn next_review(&self, reviewed_on: Option<Date>) -> Option<Date> {
        reviewed_on?.add_months(self.review_every_months?)
    }
}

/// `text` with every ASCII punctuation mark escaped, so that it reads in
/// Markdown exactly as written (`*` stays a star).
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    /// A slug of the guide's kinds.
    pub kind: String,
    /// A slug of the guide's levels; without it, the first level.
    #[serde(default)]
    pub level: Option<String>,
    pub areas: Vec<String>,
    /// Slugs of the guide's positions; many libraries do not record them.
    #[serde(default)]
    pub positions: Option<Vec<String>>,
    #[serde(default)]
    pub equipment: Vec<String>,
    #[serde(default)]
    pub dose: Dose,
    /// What changes between the two sides of a one-sided exercise.
    #[serde(default)]
    pub switch: Switch,
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
    /// The one-picture form; `images` is the list form. Not both.
    #[serde(default)]
    pub image: Option<Image>,
    #[serde(default)]
    pub images: Option<Vec<Image>>,
    #[serde(default)]
    pub video: Option<Video>,
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
    pub kind: String,
    pub level: String,
    pub areas: Vec<String>,
    /// Empty when the exercise does not say.
    pub positions: Vec<String>,
    pub equipment: Vec<String>,
    pub dose: Dose,
    pub switch: Switch,
    /// Markdown, one string per step.
    pub steps: Vec<String>,
    pub tips: Vec<String>,
    pub cautions: Vec<String>,
    pub easier: Option<String>,
    pub harder: Option<String>,
    pub related: Vec<String>,
    /// `[image]` or `[[images]]`, in the order shown.
    pub images: Vec<Image>,
    pub video: Option<Video>,
    pub sources: Vec<Source>,
    /// Markdown: the body of a `.md` file less its list sections.
    pub introduction: String,
    /// This exercise's own dates; [`PageDates`] merges in the guide's.
    pub updated: Option<Date>,
    pub reviewed_by: Option<String>,
    pub reviewed_on: Option<Date>,
    pub poses: Vec<PoseSpec>,
    /// In a language other than the guide's default: what is still in the
    /// default language.
    #[serde(skip)]
    pub text: TextLanguage,
}

/// How much of an exercise's or routine's text is in the language of its
/// pages: all of it unless a translation leaves something out, or there
/// is no translation at all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextLanguage {
    /// No translation: every word is the default language's.
    pub untranslated: bool,
    /// The fields a translation left out, shown in the default language.
    pub fallback: Vec<String>,
    /// The default language's code, when anything is in it.
    pub original_lang: String,
    /// From the pages' language folder to the default language's, where
    /// an untranslated exercise's page is: `../` or "".
    pub up: String,
}

impl TextLanguage {
    /// What a link to the page needs before its path: the way to the
    /// default language's folder when there is no page in this language.
    pub fn away(&self) -> &str {
        if self.untranslated { &self.up } else { "" }
    }
}

/// `[languages.<code>]` in guide.toml: a language the guide is published
/// in besides its default one.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSettings {
    /// What the language switcher calls it ("Español").
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub disclaimer: Option<String>,
    #[serde(default)]
    pub emergency: Option<String>,
    #[serde(default)]
    pub families: BTreeMap<String, TermWords>,
    #[serde(default)]
    pub areas: BTreeMap<String, TermWords>,
    #[serde(default)]
    pub kinds: BTreeMap<String, TermWords>,
    #[serde(default)]
    pub levels: BTreeMap<String, TermWords>,
    #[serde(default)]
    pub positions: BTreeMap<String, TermWords>,
    #[serde(default)]
    pub equipment: BTreeMap<String, TermWords>,
}

/// A family's or a term's words in another language.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermWords {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

impl Exercise {
    /// Whether the exercise names `slug` in the vocabulary `name`.
    pub fn uses_term(&self, name: VocabularyName, slug: &str) -> bool {
        match name {
            VocabularyName::Areas => self.areas.iter().any(|a| a == slug),
            VocabularyName::Kinds => self.kind == slug,
            VocabularyName::Levels => self.level == slug,
            VocabularyName::Positions => self.positions.iter().any(|p| p == slug),
            VocabularyName::Equipment => self.equipment.iter().any(|e| e == slug),
        }
    }
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
    /// How many holds one repetition has: 2 for a cat-cow (round and hold,
    /// sink and hold). Each gets its own "Hold" countdown.
    #[serde(default)]
    pub holds: Option<i64>,
    /// The dose keys this routine gives a number for where the exercise
    /// gives none: a choice the page shows as the routine's own.
    #[serde(default)]
    pub chosen: Vec<DoseKey>,
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
    /// What of it is still in the default language.
    #[serde(skip)]
    pub text: TextLanguage,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoutineItem {
    pub exercise: String,
    /// The exercise's dose with the routine's override applied.
    pub dose: Dose,
    pub rep_seconds: Option<i64>,
    /// Holds in one repetition, at least 1.
    pub holds: i64,
    /// Numbers the routine chose where the exercise gives none.
    pub chosen: Vec<DoseKey>,
    /// What the player needs to know of the exercise to give enough time
    /// for getting into position: see [`ItemSetting`].
    pub setting: ItemSetting,
}

/// Where an item is done and what changes between its sides: the player
/// gives more time to get down onto or up from the floor, and to turn
/// round on a chair, than to change arms.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ItemSetting {
    /// Every position of the exercise is floor work.
    pub floor: bool,
    /// Done sitting: a `seated` position, or a chair among its equipment.
    pub chair: bool,
    pub switch: Switch,
}

/// The keys of a dose that are numbers the player counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseKey {
    Reps,
    Sets,
    HoldSeconds,
}

impl DoseKey {
    pub const ALL: [DoseKey; 3] = [DoseKey::Reps, DoseKey::Sets, DoseKey::HoldSeconds];

    /// As written in a `[dose]` table.
    pub fn key(self) -> &'static str {
        match self {
            DoseKey::Reps => "reps",
            DoseKey::Sets => "sets",
            DoseKey::HoldSeconds => "hold_seconds",
        }
    }

    pub fn of(self, dose: &Dose) -> Option<Count> {
        match self {
            DoseKey::Reps => dose.reps,
            DoseKey::Sets => dose.sets,
            DoseKey::HoldSeconds => dose.hold_seconds,
        }
    }
}

/// A built-in term of a vocabulary, used when `guide.toml` does not
/// declare that vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct DefaultTerm {
    pub slug: &'static str,
    pub title: &'static str,
    /// Positions only: whether it is done on the floor.
    pub floor: bool,
}

const fn term(slug: &'static str, title: &'static str) -> DefaultTerm {
    DefaultTerm {
        slug,
        title,
        floor: false,
    }
}

const fn floor_term(slug: &'static str, title: &'static str) -> DefaultTerm {
    DefaultTerm {
        slug,
        title,
        floor: true,
    }
}

/// The built-in vocabularies, in their order on pages.
pub const DEFAULT_AREAS: &[DefaultTerm] = &[
    term("neck", "Neck"),
    term("shoulders", "Shoulders"),
    term("upper-back", "Upper back"),
    term("mid-back", "Mid back"),
    term("lower-back", "Lower back"),
    term("core", "Core"),
    term("hips", "Hips"),
];
pub const DEFAULT_KINDS: &[DefaultTerm] = &[
    term("stretch", "Stretch"),
    term("strength", "Strength"),
    term("mobility", "Mobility"),
];
/// Easiest first.
pub const DEFAULT_LEVELS: &[DefaultTerm] = &[
    term("beginner", "Beginner"),
    term("intermediate", "Intermediate"),
    term("advanced", "Advanced"),
];
pub const DEFAULT_POSITIONS: &[DefaultTerm] = &[
    term("standing", "Standing"),
    term("seated", "Seated"),
    floor_term("lying", "Lying down"),
    floor_term("all-fours", "All fours"),
    floor_term("kneeling", "Kneeling"),
];

/// The vocabularies of `guide.toml`, for naming them in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum VocabularyName {
    Areas,
    Kinds,
    Levels,
    Positions,
    Equipment,
}

impl VocabularyName {
    pub const ALL: [VocabularyName; 5] = [
        VocabularyName::Areas,
        VocabularyName::Kinds,
        VocabularyName::Levels,
        VocabularyName::Positions,
        VocabularyName::Equipment,
    ];

    /// The key in `guide.toml`, and the folder of its pages.
    pub fn key(self) -> &'static str {
        match self {
            VocabularyName::Areas => "areas",
            VocabularyName::Kinds => "kinds",
            VocabularyName::Levels => "levels",
            VocabularyName::Positions => "positions",
            VocabularyName::Equipment => "equipment",
        }
    }

    /// One term of it, in words.
    pub fn noun(self) -> &'static str {
        match self {
            VocabularyName::Areas => "body area",
            VocabularyName::Kinds => "kind",
            VocabularyName::Levels => "level",
            VocabularyName::Positions => "position",
            VocabularyName::Equipment => "piece of equipment",
        }
    }

    /// The exercise field that takes its terms.
    pub fn field(self) -> &'static str {
        match self {
            VocabularyName::Areas => "areas",
            VocabularyName::Kinds => "kind",
            VocabularyName::Levels => "level",
            VocabularyName::Positions => "positions",
            VocabularyName::Equipment => "equipment",
        }
    }
}

/// One term of a vocabulary: its slug, as exercises write it, and what
/// pages call it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    /// As written in guide.toml: only positions may say it.
    pub floor: Option<bool>,
}

impl Term {
    /// Whether the term is floor work ("No floor work" hides it).
    pub fn is_floor(&self) -> bool {
        self.floor.unwrap_or(false)
    }
}

/// The words of one vocabulary, in the guide's order.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    terms: Vec<Term>,
    /// Written in guide.toml rather than limber's built-in one.
    pub declared: bool,
    /// Written as `[<vocabulary>.<slug>]` tables rather than a list.
    pub tables: bool,
    /// Where each slug is in `terms` (its first place): every exercise
    /// looks its terms up, and a library's vocabulary may be long.
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl PartialEq for Vocabulary {
    fn eq(&self, other: &Vocabulary) -> bool {
        // The index follows from the terms.
        (&self.terms(), self.declared, self.tables)
            == (&other.terms(), other.declared, other.tables)
    }
}

/// A `[<vocabulary>.<slug>]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TermFields {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    floor: Option<bool>,
}

/// A vocabulary as written: a list of slugs or tables in document order.
enum WrittenVocabulary {
    List(Vec<String>),
    Tables(Vec<(String, TermFields)>),
}

impl<'de> Deserialize<'de> for WrittenVocabulary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = WrittenVocabulary;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a list of slugs like [\"neck\"], or one table per term like [areas.neck]",
                )
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(WrittenVocabulary::List(out))
            }

            // The toml crate's `preserve_order` gives the tables in the
            // order they are written: levels are ordered as declared.
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, TermFields>()? {
                    out.push(entry);
                }
                Ok(WrittenVocabulary::Tables(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl WrittenVocabulary {
    /// In the list form a built-in term keeps its built-in title (and
    /// whether it is floor work); any other is titled from its slug.
    fn resolve(self, defaults: &[DefaultTerm]) -> Vocabulary {
        match self {
            WrittenVocabulary::List(slugs) => Vocabulary::new(
                slugs
                    .into_iter()
                    .map(|slug| match defaults.iter().find(|d| d.slug == slug) {
                        Some(d) => Term::from(d),
                        None => Term {
                            title: title_from_slug(&slug),
                            slug,
                            description: None,
                            floor: None,
                        },
                    })
                    .collect(),
                true,
                false,
            ),
            WrittenVocabulary::Tables(tables) => Vocabulary::new(
                tables
                    .into_iter()
                    .map(|(slug, t)| Term {
                        slug,
                        title: t.title,
                        description: t.description,
                        floor: t.floor,
                    })
                    .collect(),
                true,
                true,
            ),
        }
    }
}

impl From<&DefaultTerm> for Term {
    fn from(d: &DefaultTerm) -> Term {
        Term {
            slug: d.slug.to_owned(),
            title: d.title.to_owned(),
            description: None,
            floor: d.floor.then_some(true),
        }
    }
}

fn areas<'de, D: Deserializer<'de>>(d: D) -> Result<Vocabulary, D::Error> {
    WrittenVocabulary::deserialize(d).map(|w| w.resolve(DEFAULT_AREAS))
}

fn kinds<'de, D: Deserializer<'de>>(d: D) -> Result<Vocabulary, D::Error> {
    WrittenVocabulary::deserialize(d).map(|w| w.resolve(DEFAULT_KINDS))
}

fn levels<'de, D: Deserializer<'de>>(d: D) -> Result<Vocabulary, D::Error> {
    WrittenVocabulary::deserialize(d).map(|w| w.resolve(DEFAULT_LEVELS))
}

fn positions<'de, D: Deserializer<'de>>(d: D) -> Result<Vocabulary, D::Error> {
    WrittenVocabulary::deserialize(d).map(|w| w.resolve(DEFAULT_POSITIONS))
}

fn equipment<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vocabulary>, D::Error> {
    WrittenVocabulary::deserialize(d).map(|w| Some(w.resolve(&[])))
}

/// `upper-back` → "Upper back".
pub fn title_from_slug(slug: &str) -> String {
    let spaced = slug.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

impl Vocabulary {
    /// Gives the term `slug` the words of another language; `false` when
    /// the vocabulary has no such term.
    pub fn retitle(&mut self, slug: &str, title: &str, description: Option<&str>) -> bool {
        let Some(&i) = self.index.get(slug) else {
            return false;
        };
        match self.terms.get_mut(i) {
            Some(term) => {
                term.title = title.to_owned();
                if let Some(d) = description {
                    term.description = Some(d.to_owned());
                }
                true
            }
            None => false,
        }
    }

    fn new(terms: Vec<Term>, declared: bool, tables: bool) -> Vocabulary {
        let mut index = HashMap::with_capacity(terms.len());
        for (i, t) in terms.iter().enumerate() {
            index.entry(t.slug.clone()).or_insert(i);
        }
        Vocabulary {
            terms,
            declared,
            tables,
            index,
        }
    }

    fn built_in(defaults: &[DefaultTerm]) -> Vocabulary {
        Vocabulary::new(defaults.iter().map(Term::from).collect(), false, false)
    }

    /// The terms, in the guide's order.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn default_areas() -> Vocabulary {
        Vocabulary::built_in(DEFAULT_AREAS)
    }

    pub fn default_kinds() -> Vocabulary {
        Vocabulary::built_in(DEFAULT_KINDS)
    }

    pub fn default_levels() -> Vocabulary {
        Vocabulary::built_in(DEFAULT_LEVELS)
    }

    pub fn default_positions() -> Vocabulary {
        Vocabulary::built_in(DEFAULT_POSITIONS)
    }

    pub fn get(&self, slug: &str) -> Option<&Term> {
        self.index.get(slug).and_then(|&i| self.terms().get(i))
    }

    pub fn contains(&self, slug: &str) -> bool {
        self.get(slug).is_some()
    }

    /// The term's display name; a slug not in the vocabulary (which loading
    /// refuses) is titled from itself.
    pub fn title(&self, slug: &str) -> String {
        self.get(slug)
            .map_or_else(|| title_from_slug(slug), |t| t.title.clone())
    }

    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.terms().iter().map(|t| t.slug.as_str())
    }

    /// "neck, shoulders, hips", for messages.
    /// Long vocabularies are cut after twenty terms, so that one message
    /// does not list thousands.
    pub fn list(&self) -> String {
        const SHOWN: usize = 20;
        let mut text = self.slugs().take(SHOWN).collect::<Vec<_>>().join(", ");
        let more = self.terms().len().saturating_sub(SHOWN);
        if more > 0 {
            text.push_str(&format!(", and {more} more"));
        }
        text
    }

    pub fn first(&self) -> Option<&Term> {
        self.terms().first()
    }

    pub fn is_floor(&self, slug: &str) -> bool {
        self.get(slug).is_some_and(Term::is_floor)
    }

    /// Where `slug` comes in the vocabulary: how lists are ordered.
    pub fn rank(&self, slug: &str) -> usize {
        self.index.get(slug).copied().unwrap_or(self.terms().len())
    }
}

impl GuideConfig {
    /// The vocabulary `name` to change; `None` for free-word equipment.
    pub fn vocabulary_mut(&mut self, name: VocabularyName) -> Option<&mut Vocabulary> {
        match name {
            VocabularyName::Areas => Some(&mut self.areas),
            VocabularyName::Kinds => Some(&mut self.kinds),
            VocabularyName::Levels => Some(&mut self.levels),
            VocabularyName::Positions => Some(&mut self.positions),
            VocabularyName::Equipment => self.equipment.as_mut(),
        }
    }

    /// The vocabulary `name`; `None` for equipment when it is free words.
    pub fn vocabulary(&self, name: VocabularyName) -> Option<&Vocabulary> {
        match name {
            VocabularyName::Areas => Some(&self.areas),
            VocabularyName::Kinds => Some(&self.kinds),
            VocabularyName::Levels => Some(&self.levels),
            VocabularyName::Positions => Some(&self.positions),
            VocabularyName::Equipment => self.equipment.as_ref(),
        }
    }

    /// Whether an exercise at `positions` is only ever on the floor: what
    /// "No floor work" hides. An exercise that names no position is not.
    pub fn floor_only(&self, positions: &[String]) -> bool {
        !positions.is_empty() && positions.iter().all(|p| self.positions.is_floor(p))
    }

    /// Where `ex` is done, as the player needs to know it to give enough
    /// time for getting into position and changing sides.
    pub fn item_setting(&self, ex: &Exercise) -> ItemSetting {
        ItemSetting {
            floor: self.floor_only(&ex.positions),
            chair: ex.positions.iter().any(|p| p == "seated")
                || ex.equipment.iter().any(|e| e == "chair"),
            switch: ex.switch,
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

/// What changes between the two sides of a one-sided exercise: the whole
/// body (turning round, sitting the other way), or only an arm or a leg.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Switch {
    #[default]
    Sides,
    Arms,
    Legs,
}

impl Switch {
    /// The slug as written in an exercise file.
    pub fn slug(self) -> &'static str {
        match self {
            Switch::Sides => "sides",
            Switch::Arms => "arms",
            Switch::Legs => "legs",
        }
    }
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
    /// Shown under the picture, e.g. "Start" or "End".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// What the build read from the file and the copies it made; filled by
    /// the build's picture phase, `None` until then.
    #[serde(skip)]
    pub picture: Option<Picture>,
}

/// `[video]`: played with the browser's own controls, never on its own.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// An .mp4 or .webm file under static/.
    pub src: String,
    /// A picture under static/ shown before the video plays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poster: Option<String>,
    /// A WebVTT file under static/.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captions: Option<String>,
    /// The poster, as read by the build.
    #[serde(skip)]
    pub poster_picture: Option<Picture>,
    /// The text of the captions file, read by the build: pages carry it
    /// in a `data:` address, because browsers refuse to load a captions
    /// track from another file of a site opened from disk.
    #[serde(skip)]
    pub captions_text: Option<String>,
}

/// A picture as the build read it: its size as shown and its resized
/// copies. Two are equal when they have the same copies, which are named by
/// the content of the file and the settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// WebP copies, narrowest first.
    pub webp: Vec<PictureCopy>,
    /// Copies in the picture's own format, narrowest first.
    pub original: Vec<PictureCopy>,
}

/// What the build's picture phase did, for `-v` and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PictureStats {
    /// Different picture files read.
    pub pictures: usize,
    /// Of those, how many were decoded and given new copies.
    pub made: usize,
    /// Of those, how many had their copies in the cache.
    pub cached: usize,
}

/// One resized copy of a picture, at `path` in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureCopy {
    pub path: String,
    pub width: u32,
    pub height: u32,
    /// `image/webp`, `image/jpeg`, `image/png`.
    pub mime: &'static str,
}

impl Picture {
    /// The copy to put in `<img src>` and whose size `width` and `height`
    /// give: the widest in the original format.
    pub fn fallback(&self) -> Option<&PictureCopy> {
        self.original.last().or(self.webp.last())
    }

    /// The smallest copy, for thumbnails: WebP when there is one.
    pub fn smallest(&self) -> Option<&PictureCopy> {
        self.webp.first().or(self.original.first())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// The dates and reviewer a page shows. An exercise's own values replace
/// the guide's one key at a time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PageDates {
    pub updated: Option<Date>,
    pub reviewed_by: Option<String>,
    pub reviewed_on: Option<Date>,
    /// When the next review is due, for a guide that sets
    /// `review_every_months`.
    pub next_review: Option<Date>,
}

impl PageDates {
    pub fn of_guide(config: &GuideConfig) -> PageDates {
        PageDates {
            updated: config.updated,
            reviewed_by: config.reviewed_by.clone(),
            reviewed_on: config.reviewed_on,
            next_review: config.next_review(config.reviewed_on),
        }
    }

    pub fn of_exercise(config: &GuideConfig, exercise: &Exercise) -> PageDates {
        let guide = PageDates::of_guide(config);
        PageDates {
            updated: exercise.updated.or(guide.updated),
            reviewed_by: exercise.reviewed_by.clone().or(guide.reviewed_by),
            reviewed_on: exercise.reviewed_on.or(guide.reviewed_on),
            next_review: config.next_review(exercise.reviewed_on.or(guide.reviewed_on)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self == &PageDates::default()
    }
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

    fn config(extra: &str) -> GuideConfig {
        toml::from_str(&format!(
            "title = \"G\"\ndescription = \"D\"\nauthor = \"A\"\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn vocabularies_default_to_the_built_in_ones() {
        let c = config("");
        assert!(!c.kinds.declared && !c.levels.declared && c.equipment.is_none());
        assert_eq!(c.kinds.list(), "stretch, strength, mobility");
        assert_eq!(c.levels.first().map(|t| t.slug.as_str()), Some("beginner"));
        assert_eq!(c.positions.title("all-fours"), "All fours");
        let floor: Vec<&str> = c
            .positions
            .terms()
            .iter()
            .filter(|t| t.is_floor())
            .map(|t| t.slug.as_str())
            .collect();
        assert_eq!(floor, ["lying", "all-fours", "kneeling"]);
        // The built-in areas are named as any area is from its slug.
        for t in c.areas.terms() {
            assert_eq!(t.title, title_from_slug(&t.slug));
        }
    }

    #[test]
    fn declared_tables_keep_their_order_and_replace_the_defaults() {
        let c = config(
            "[levels.novice]\ntitle = \"Novice\"\n[levels.expert]\ntitle = \"Expert\"\ndescription = \"*Hard*\"\n[levels.adept]\ntitle = \"Adept\"\n",
        );
        assert!(c.levels.declared && c.levels.tables);
        assert_eq!(c.levels.list(), "novice, expert, adept");
        assert_eq!(c.levels.rank("adept"), 2);
        assert_eq!(
            c.levels
                .get("expert")
                .and_then(|t| t.description.as_deref()),
            Some("*Hard*")
        );
        assert!(!c.levels.contains("beginner"));
    }

    #[test]
    fn the_list_form_titles_new_terms_from_their_slugs() {
        let c = config("positions = [\"lying\", \"on-a-bench\"]\nequipment = [\"mat\"]\n");
        assert!(c.positions.declared && !c.positions.tables);
        assert_eq!(c.positions.title("lying"), "Lying down");
        assert!(c.positions.is_floor("lying"));
        assert_eq!(c.positions.title("on-a-bench"), "On a bench");
        assert!(!c.positions.is_floor("on-a-bench"));
        assert_eq!(
            c.equipment.as_ref().map(|e| e.list()),
            Some("mat".to_owned())
        );
    }

    #[test]
    fn no_position_is_never_floor_work() {
        let c = config("");
        assert!(!c.floor_only(&[]));
        assert!(c.floor_only(&["lying".to_owned()]));
        assert!(!c.floor_only(&["lying".to_owned(), "seated".to_owned()]));
    }

    #[test]
    fn a_vocabulary_of_another_shape_is_refused() {
        let e = toml::from_str::<GuideConfig>(
            "title = \"G\"\ndescription = \"D\"\nauthor = \"A\"\nkinds = \"stretch\"\n",
        )
        .unwrap_err();
        assert!(e.message().contains("a list of slugs"), "{e}");
        let e = toml::from_str::<GuideConfig>(
            "title = \"G\"\ndescription = \"D\"\nauthor = \"A\"\n[kinds.cardio]\nname = \"Cardio\"\n",
        )
        .unwrap_err();
        assert!(e.message().contains("unknown field `name`"), "{e}");
    }

    #[test]
    fn count_words_use_an_en_dash() {
        assert_eq!(Count::Exact(5).words(), "5");
        assert_eq!(Count::Range(3, 5).words(), "3\u{2013}5");
        assert_eq!(Count::Range(4, 4).words(), "4");
    }
}
