//! Plain language: each page's reading grade, and every sentence longer
//! than the guide allows, pointed at where it is written.
//!
//! Readers of an exercise guide may be in pain, older, or reading in a
//! second language: the limits in `[check]` (grade 8 and 25 words unless
//! the guide says otherwise) are those of public health writing. The grade
//! formula is made for English; other languages get the sentence rule
//! alone, and a note saying so.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, SourceFile, line_column};
use crate::markdown::prose_blocks;
use crate::model::{Exercise, ExerciseSource, GuideConfig, IndexPage, VocabularyName};
use crate::readability::{self, Counts};
use crate::toml_doc::{Seg, TomlRegion};

use super::RoutineSource;

/// A text a reader sees, and the file it is written in (none for text
/// limber writes itself).
#[derive(Clone, Copy)]
struct Piece<'a> {
    markdown: &'a str,
    file: Option<&'a SourceFile>,
}

/// One page: its own text, whose long sentences are reported here, and
/// text it shows from elsewhere (a routine shows its exercises' steps),
/// which counts for its grade but is reported where it is written.
struct Page<'a> {
    name: String,
    file: Option<&'a SourceFile>,
    at: Range<usize>,
    own: Vec<Piece<'a>>,
    shown: Vec<Piece<'a>>,
}

/// A sentence, as read, and the file it is in.
struct Sentence<'a> {
    text: String,
    counts: Counts,
    file: Option<&'a SourceFile>,
}

pub fn check(
    config: &GuideConfig,
    config_file: &SourceFile,
    index: &IndexPage,
    sources: &[ExerciseSource],
    routines: &[RoutineSource],
) -> Vec<Diagnostic> {
    let settings = &config.check;
    let config_region = TomlRegion::new(config_file.clone(), 0..config_file.text.len());
    let english = readability::is_english(&config.language);
    let mut out = Vec::new();
    if !english {
        out.push(
            Diagnostic::note(format!(
                "the guide's language is `{}`: only sentence length is checked, as the reading grade (Flesch–Kincaid) is made for English",
                config.language
            ))
            .at(config_file, config_region.span_of(&[Seg::Key("language")])),
        );
    }

    let pages = pages(
        config,
        config_file,
        &config_region,
        index,
        sources,
        routines,
    );
    let limit = settings.max_sentence_words;
    // Text in guide.toml that is on every page, or on a list page.
    let mut finder = Finder::default();
    for piece in guide_wide(config, config_file) {
        for s in sentences(piece) {
            if s.counts.words > limit as usize {
                out.push(long_sentence(&s, limit, &mut finder));
            }
        }
    }
    // Pages are independent, and a guide may have thousands: checked in
    // parallel, reported in page order.
    let per_page: Vec<Vec<Diagnostic>> = pages
        .par_iter()
        .map(|page| {
            let mut finder = Finder::default();
            let mut out = Vec::new();
            let own: Vec<Sentence<'_>> = page.own.iter().flat_map(|p| sentences(*p)).collect();
            for s in own.iter().filter(|s| s.counts.words > limit as usize) {
                out.push(long_sentence(s, limit, &mut finder));
            }
            if english {
                let shown: Vec<Sentence<'_>> =
                    page.shown.iter().flat_map(|p| sentences(*p)).collect();
                let all: Vec<&Sentence<'_>> = own.iter().chain(&shown).collect();
                out.extend(hard_page(page, &all, settings.max_grade, &mut finder));
            }
            out
        })
        .collect();
    out.extend(per_page.into_iter().flatten());
    out
}

/// The pages whose text authors write: the home page, each exercise,
/// routine and family.
fn pages<'a>(
    config: &'a GuideConfig,
    config_file: &'a SourceFile,
    config_region: &TomlRegion,
    index: &'a IndexPage,
    sources: &'a [ExerciseSource],
    routines: &'a [RoutineSource],
) -> Vec<Page<'a>> {
    let mut pages = Vec::new();
    let index_file = index.file.as_ref().unwrap_or(config_file);
    pages.push(Page {
        name: "the home page".to_owned(),
        file: Some(index_file),
        at: match &index.file {
            Some(f) => first_line(f),
            None => config_region.span_of(&[Seg::Key("description")]),
        },
        own: vec![Piece {
            markdown: &index.body,
            file: Some(index_file),
        }],
        shown: Vec::new(),
    });
    let by_slug: HashMap<&str, &ExerciseSource> = sources
        .iter()
        .map(|s| (s.exercise.slug.as_str(), s))
        .collect();
    for src in sources {
        let file = Some(src.file());
        pages.push(Page {
            name: format!("the page of `{}`", src.exercise.title),
            file,
            at: src.fields.start_span(),
            own: exercise_texts(&src.exercise)
                .map(|markdown| Piece { markdown, file })
                .collect(),
            shown: Vec::new(),
        });
    }
    for routine in routines {
        let file = Some(&routine.region.file);
        let mut shown = Vec::new();
        for item in &routine.fields.items {
            if let Some(src) = by_slug.get(item.exercise.as_str()) {
                let ex = &src.exercise;
                // The page shows each item's steps and its cautions.
                let texts = ex.steps.iter().chain(&ex.cautions);
                shown.extend(texts.map(|m| Piece {
                    markdown: m,
                    file: Some(src.file()),
                }));
            }
        }
        pages.push(Page {
            name: format!("the routine `{}`", routine.fields.title),
            file,
            at: routine.region.span_of(&[Seg::Key("title")]),
            own: vec![Piece {
                markdown: &routine.fields.summary,
                file,
            }],
            shown,
        });
    }
    for (slug, family) in &config.families {
        let Some(description) = &family.description else {
            continue;
        };
        pages.push(Page {
            name: format!("the family page `{}`", family.title),
            file: Some(config_file),
            at: config_region.key_span_of(&[Seg::Key("families"), Seg::Key(slug)]),
            own: vec![Piece {
                markdown: description,
                file: Some(config_file),
            }],
            shown: Vec::new(),
        });
    }
    pages
}

/// An exercise's text as its page shows it, title aside.
fn exercise_texts(ex: &Exercise) -> impl Iterator<Item = &str> {
    std::iter::once(&ex.summary)
        .chain(std::iter::once(&ex.introduction))
        .chain(&ex.steps)
        .chain(&ex.tips)
        .chain(&ex.cautions)
        .chain(&ex.easier)
        .chain(&ex.harder)
        .chain(&ex.dose.note)
        .map(String::as_str)
}

/// guide.toml's text that is no one page's own: the description (when
/// `_index.md` has its own text), the disclaimer on every page, and the
/// descriptions of body areas, positions and the other vocabularies.
fn guide_wide<'a>(config: &'a GuideConfig, file: &'a SourceFile) -> Vec<Piece<'a>> {
    let file = Some(file);
    let mut pieces = vec![Piece {
        markdown: &config.description,
        file,
    }];
    // The built-in disclaimer is limber's own, kept short by its tests.
    if let Some(d) = &config.disclaimer {
        pieces.push(Piece { markdown: d, file });
    }
    for name in VocabularyName::ALL {
        let terms = config.vocabulary(name).map(|v| v.terms()).unwrap_or(&[]);
        pieces.extend(terms.iter().filter_map(|t| {
            Some(Piece {
                markdown: t.description.as_deref()?,
                file,
            })
        }));
    }
    pieces
}

/// The sentences of a piece of Markdown.
fn sentences(piece: Piece<'_>) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    for block in prose_blocks(piece.markdown) {
        for range in readability::sentences(&block) {
            let text = &block[range];
            out.push(Sentence {
                counts: readability::counts(text),
                file: piece.file,
                text: text.to_owned(),
            });
        }
    }
    out
}

/// Where `s` is written: found only for a sentence reported, as finding
/// reads its whole file.
fn place(s: &Sentence<'_>, finder: &mut Finder) -> Option<Range<usize>> {
    finder.find(s.file?, &s.text)
}

fn long_sentence(s: &Sentence<'_>, limit: u32, finder: &mut Finder) -> Diagnostic {
    let d = Diagnostic::warning(
        "W0011",
        format!(
            "a sentence of {} words, over the guide's limit of {limit}: `{}`",
            s.counts.words,
            quote(&s.text)
        ),
    )
    .label(format!("{} words", s.counts.words))
    .help(format!(
        "split it into sentences of at most {limit} words, one idea each; `[check] max_sentence_words` in guide.toml sets the limit"
    ));
    let at = place(s, finder);
    locate(d, s.file, at)
}

/// The fewest words a page must have for its grade to mean anything: the
/// formula averages over sentences and words, and two words ("Hello
/// readers.") can come out at any grade.
pub const MIN_GRADED_WORDS: usize = 20;

fn hard_page(
    page: &Page<'_>,
    sentences: &[&Sentence<'_>],
    limit: u32,
    finder: &mut Finder,
) -> Option<Diagnostic> {
    let total = sentences.iter().fold((0, 0), |(w, y), s| {
        (w + s.counts.words, y + s.counts.syllables)
    });
    if total.0 < MIN_GRADED_WORDS {
        return None;
    }
    let grade = readability::grade(total.0, sentences.len(), total.1);
    if grade <= f64::from(limit) {
        return None;
    }
    let sentence_grade =
        |s: &Sentence<'_>| readability::grade(s.counts.words, 1, s.counts.syllables);
    let hardest = sentences
        .iter()
        .max_by(|a, b| sentence_grade(a).total_cmp(&sentence_grade(b)))?;
    let place = match (hardest.file, place(hardest, finder)) {
        (Some(f), Some(at)) => {
            let (line, _) = line_column(&f.text, at.start);
            format!(" ({}:{line})", f.name)
        }
        (Some(f), None) => format!(" (in {})", f.name),
        _ => String::new(),
    };
    let d = Diagnostic::warning(
        "W0012",
        format!(
            "{} reads at grade {grade:.1}, above the guide's limit of {limit}",
            page.name
        ),
    )
    .label(format!(
        "grade {grade:.1} (Flesch–Kincaid): {} words in {} sentences",
        total.0,
        sentences.len()
    ))
    .help(format!(
        "use shorter sentences and everyday words; the hardest sentence is `{}`{place}, grade {:.1}; `[check] max_grade` in guide.toml sets the limit",
        quote(&hardest.text),
        sentence_grade(hardest),
    ));
    Some(locate(d, page.file, Some(page.at.clone())))
}

fn locate(d: Diagnostic, file: Option<&SourceFile>, at: Option<Range<usize>>) -> Diagnostic {
    match (file, at) {
        (Some(f), Some(at)) => d.at(f, at),
        (Some(f), None) => d.at(f, first_line(f)),
        _ => d,
    }
}

/// A sentence short enough to quote in a message.
fn quote(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

fn first_line(file: &SourceFile) -> Range<usize> {
    0..file.text.find('\n').unwrap_or(file.text.len())
}

/// Finds sentences in their files by their words, so that markup, line
/// breaks and TOML escapes between the words do not matter. A sentence
/// written twice is found at each place in turn.
#[derive(Default)]
struct Finder {
    words: BTreeMap<String, Vec<(usize, usize, String)>>,
    used: HashSet<(String, usize)>,
}

/// A word as compared: its letters and digits, in lower case, so that
/// `don't` in a file is `don’t` on the page.
fn key(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Finder {
    fn find(&mut self, file: &SourceFile, sentence: &str) -> Option<Range<usize>> {
        let wanted: Vec<String> = readability::words(sentence).map(|(_, w)| key(w)).collect();
        let first = wanted.first()?;
        let words = self.words.entry(file.name.clone()).or_insert_with(|| {
            readability::words(&file.text)
                .map(|(at, w)| (at, at + w.len(), key(w)))
                .collect()
        });
        let mut fallback = None;
        for i in 0..words.len() {
            if &words[i].2 != first {
                continue;
            }
            let matches = words
                .get(i..i + wanted.len())
                .is_some_and(|run| run.iter().zip(&wanted).all(|(w, k)| &w.2 == k));
            if !matches {
                continue;
            }
            let span = words[i].0..words[i + wanted.len() - 1].1;
            if self.used.insert((file.name.clone(), span.start)) {
                return Some(span);
            }
            fallback.get_or_insert(span);
        }
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_found_through_markup_escapes_and_line_breaks() {
        let text = "steps = [\"Sit **tall**, then \\\"turn\\\".\"]\nharder = \"\"\"\nTurn a \\\nlittle further. Sit tall, then turn.\"\"\"\n";
        let file = SourceFile::new("a.toml", text);
        let mut finder = Finder::default();
        let first = finder.find(&file, "Sit tall, then “turn”.").unwrap();
        assert_eq!(&text[first.start..first.start + 3], "Sit");
        assert_eq!(line_column(text, first.start).0, 1);
        let wrapped = finder.find(&file, "Turn a little further.").unwrap();
        assert_eq!(line_column(text, wrapped.start).0, 3);
        assert_eq!(line_column(text, wrapped.end).0, 4);
        // The same sentence a second time is the second place.
        let second = finder.find(&file, "Sit tall, then turn.").unwrap();
        assert_eq!(line_column(text, second.start).0, 4);
        assert_eq!(finder.find(&file, "Not in the file."), None);
        assert_eq!(finder.find(&file, "…"), None);
    }

    #[test]
    fn the_built_in_disclaimer_is_plain() {
        for block in prose_blocks(crate::model::DEFAULT_DISCLAIMER) {
            for range in readability::sentences(&block) {
                let words = readability::counts(&block[range.clone()]).words;
                assert!(
                    words <= crate::model::CheckSettings::DEFAULT_MAX_SENTENCE_WORDS as usize,
                    "{}",
                    &block[range]
                );
            }
        }
    }

    #[test]
    fn quotes_are_cut_at_a_character() {
        assert_eq!(quote("short"), "short");
        let long = "é".repeat(100);
        assert_eq!(quote(&long).chars().count(), 61);
    }
}
