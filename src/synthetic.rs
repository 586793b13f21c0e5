//! A synthetic guide of any size, for benchmarks and for tests at scale.
//!
//! Real guides are small; a clinic's or a library's collection can run to
//! thousands of exercises, and that is what the build must be fast for. This
//! makes such a guide from a seed-free recipe: the same `n` always gives the
//! same files, byte for byte, so timings and outputs can be compared across
//! runs and machines. Half the exercises are `.md` (an introduction of four
//! sentences and a `## Steps` list in the body), half `.toml` (steps, cautions,
//! easier and harder as fields); each file is about 1.5 KB.

use crate::random::Mix;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// One generated exercise, in plain values so that the same data can be
/// written for limber and for other tools (the Hugo site of `bench/`).
#[derive(Debug, Clone)]
pub struct SynthExercise {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub order: usize,
    pub kind: &'static str,
    pub family: &'static str,
    pub areas: Vec<&'static str>,
    pub positions: Vec<&'static str>,
    pub equipment: Vec<&'static str>,
    pub dose: SynthDose,
    /// Four sentences of Markdown; empty for `.toml` exercises.
    pub intro: String,
    pub steps: Vec<String>,
    pub cautions: Vec<String>,
    /// Only `.toml` exercises have these, so both kinds are of similar size.
    pub easier: Option<String>,
    pub harder: Option<String>,
    /// `.md` when true, `.toml` otherwise.
    pub markdown: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct SynthDose {
    pub reps: (u32, u32),
    pub hold_seconds: Option<u32>,
    pub sides: Option<&'static str>,
    pub sets: u32,
}

/// The families a synthetic guide declares, by slug and title.
pub const FAMILIES: &[(&str, &str)] = &[
    ("gentle-mobility", "Gentle mobility"),
    ("posture-strength", "Posture strength"),
    ("desk-breaks", "Desk breaks"),
    ("floor-stretches", "Floor stretches"),
    ("breathing-and-control", "Breathing and control"),
];

const AREAS: &[&str] = &[
    "neck",
    "shoulders",
    "upper-back",
    "mid-back",
    "lower-back",
    "core",
    "hips",
];
const POSITIONS: &[&str] = &["standing", "seated", "lying", "all-fours", "kneeling"];
const KINDS: &[&str] = &["stretch", "strength", "mobility"];
const EQUIPMENT: &[&str] = &["chair", "mat", "towel", "wall", "band"];
const ADJECTIVES: &[&str] = &[
    "Seated",
    "Standing",
    "Slow",
    "Gentle",
    "Supported",
    "Kneeling",
    "Side",
    "Lying",
    "Wide",
    "Reverse",
    "Low",
    "High",
    "Twisting",
    "Assisted",
    "Single-arm",
    "Crossed",
];
const MOVES: &[&str] = &[
    "rotation", "reach", "roll", "tilt", "press", "bridge", "row", "hinge", "circle", "glide",
    "lift", "squeeze", "sway", "opener",
];
const BODY: &[&str] = &[
    "shoulder blades",
    "upper back",
    "neck",
    "ribs",
    "hips",
    "lower back",
    "chest",
    "arms",
    "spine",
    "belly",
];
const VERBS: &[&str] = &[
    "Lift",
    "Lower",
    "Turn",
    "Draw",
    "Press",
    "Reach",
    "Slide",
    "Roll",
    "Breathe into",
    "Relax",
    "Tuck",
    "Open",
];
const MANNER: &[&str] = &[
    "slowly",
    "smoothly",
    "without forcing it",
    "as far as feels comfortable",
    "while you breathe out",
    "keeping your neck long",
    "with control",
];

fn sentence(r: &mut Mix) -> String {
    format!(
        "{} your {} {}, and notice how your {} {} as you do it.",
        r.pick(VERBS),
        r.pick(BODY),
        r.pick(MANNER),
        r.pick(BODY),
        r.pick(&[
            "softens",
            "settles",
            "loosens",
            "warms up",
            "wakes up",
            "lengthens"
        ]),
    )
}

fn step(r: &mut Mix) -> String {
    let emphasis = if r.below(3) == 0 {
        format!(" **{}**", r.pick(MANNER))
    } else {
        String::new()
    };
    format!(
        "{} your {} {}{}, then hold for a moment and let your {} stay relaxed.",
        r.pick(VERBS),
        r.pick(BODY),
        r.pick(MANNER),
        emphasis,
        r.pick(BODY),
    )
}

/// The exercise numbered `i` (from 0) of a synthetic guide.
pub fn exercise(i: usize) -> SynthExercise {
    let mut r = Mix::new(i as u64 + 1);
    let number = i + 1;
    let adjective = r.pick(ADJECTIVES);
    let movement = r.pick(MOVES);
    let title = format!("{adjective} {} {movement} {number}", r.pick(BODY));
    let slug = crate::content::slugify(&title);
    let markdown = i.is_multiple_of(2);
    let low = 4 + r.below(5) as u32;
    let dose = SynthDose {
        reps: (low, low + 2 + r.below(5) as u32),
        hold_seconds: (r.below(2) == 0).then(|| 2 + r.below(9) as u32),
        sides: match r.below(3) {
            0 => Some("each"),
            1 => Some("alternating"),
            _ => None,
        },
        sets: 1 + r.below(3) as u32,
    };
    let intro = if markdown {
        (0..4)
            .map(|_| sentence(&mut r))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        String::new()
    };
    let steps = (0..6).map(|_| step(&mut r)).collect();
    let cautions = vec![
        "Stop if you feel sharp, spreading or worsening pain.".to_owned(),
        format!(
            "Keep the movement small if your {} feels sore.",
            r.pick(BODY)
        ),
    ];
    let (easier, harder) = if markdown {
        (None, None)
    } else {
        (
            Some(format!(
                "Make the movement smaller and move {}.",
                r.pick(MANNER)
            )),
            Some(format!(
                "Hold each position a little longer, {}.",
                r.pick(MANNER)
            )),
        )
    };
    SynthExercise {
        summary: format!(
            "{} your {} {} to ease a stiff {}.",
            r.pick(VERBS),
            r.pick(BODY),
            r.pick(MANNER),
            r.pick(BODY)
        ),
        order: number,
        kind: r.pick(KINDS),
        family: FAMILIES[r.below(FAMILIES.len())].0,
        areas: {
            let k = 1 + r.below(3);
            r.some(AREAS, k)
        },
        positions: {
            let k = 1 + r.below(2);
            r.some(POSITIONS, k)
        },
        equipment: if r.below(2) == 0 {
            vec![r.pick(EQUIPMENT)]
        } else {
            Vec::new()
        },
        slug,
        title,
        dose,
        intro,
        steps,
        cautions,
        easier,
        harder,
        markdown,
    }
}

/// Every exercise of a guide of `n`.
pub fn exercises(n: usize) -> Vec<SynthExercise> {
    (0..n).map(exercise).collect()
}

fn toml_str(s: &str) -> String {
    // The generated text has no quotes, backslashes or control characters;
    // escaping anyway keeps the output valid TOML whatever the word lists say.
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_str(s)).collect();
    format!("[{}]", quoted.join(", "))
}

impl SynthExercise {
    /// The file name under `content/exercises/`.
    pub fn file_name(&self) -> String {
        format!(
            "{}.{}",
            self.slug,
            if self.markdown { "md" } else { "toml" }
        )
    }

    /// The top-level TOML keys both kinds share.
    fn common_fields(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "title = {}", toml_str(&self.title));
        let _ = writeln!(s, "summary = {}", toml_str(&self.summary));
        let _ = writeln!(s, "order = {}", self.order);
        let _ = writeln!(s, "kind = {}", toml_str(self.kind));
        let _ = writeln!(s, "family = {}", toml_str(self.family));
        let _ = writeln!(s, "areas = {}", toml_list(&self.areas));
        let _ = writeln!(s, "positions = {}", toml_list(&self.positions));
        let _ = writeln!(s, "equipment = {}", toml_list(&self.equipment));
        s
    }

    fn dose_table(&self) -> String {
        let d = &self.dose;
        let mut s = String::from("[dose]\n");
        let _ = writeln!(s, "reps = [{}, {}]", d.reps.0, d.reps.1);
        if let Some(h) = d.hold_seconds {
            let _ = writeln!(s, "hold_seconds = {h}");
        }
        if let Some(side) = d.sides {
            let _ = writeln!(s, "sides = {}", toml_str(side));
        }
        let _ = writeln!(s, "sets = {}", d.sets);
        s
    }

    /// The file's text for limber.
    pub fn limber_source(&self) -> String {
        self.source_with(false)
    }

    /// The paths under `static/` of this exercise's two photos, the start
    /// and the end of the movement, with their captions.
    pub fn photos(&self) -> [(String, &'static str); 2] {
        [
            (format!("photos/{}-start.jpg", self.slug), "Start"),
            (format!("photos/{}-end.jpg", self.slug), "End"),
        ]
    }

    /// The `[[images]]` tables of [`SynthExercise::photos`].
    fn images_tables(&self) -> String {
        let mut s = String::new();
        for (src, caption) in self.photos() {
            let _ = write!(
                s,
                "\n[[images]]\nsrc = {}\nalt = {}\ncaption = {}\n",
                toml_str(&src),
                toml_str(&format!(
                    "{}: the {} position",
                    self.title,
                    caption.to_lowercase()
                )),
                toml_str(caption)
            );
        }
        s
    }

    /// The file's text for limber, with the two photos' `[[images]]`
    /// tables when `photos` is set (last in the front matter or file, so
    /// that they follow `[dose]`).
    pub fn source_with(&self, photos: bool) -> String {
        let mut s = String::with_capacity(1600);
        if self.markdown {
            s.push_str("+++\n");
            s.push_str(&self.common_fields());
            s.push('\n');
            s.push_str(&self.dose_table());
            if photos {
                s.push_str(&self.images_tables());
            }
            s.push_str("+++\n\n");
            s.push_str(&self.intro);
            s.push_str("\n\n## Steps\n\n");
            for (i, step) in self.steps.iter().enumerate() {
                let _ = writeln!(s, "{}. {step}", i + 1);
            }
            s.push_str("\n## Cautions\n\n");
            for caution in &self.cautions {
                let _ = writeln!(s, "- {caution}");
            }
        } else {
            s.push_str(&self.common_fields());
            let quoted: Vec<String> = self.steps.iter().map(|t| toml_str(t)).collect();
            let _ = writeln!(s, "steps = [\n  {},\n]", quoted.join(",\n  "));
            let quoted: Vec<String> = self.cautions.iter().map(|t| toml_str(t)).collect();
            let _ = writeln!(s, "cautions = [{}]", quoted.join(", "));
            for (key, value) in [("easier", &self.easier), ("harder", &self.harder)] {
                if let Some(v) = value {
                    let _ = writeln!(s, "{key} = {}", toml_str(v));
                }
            }
            s.push('\n');
            s.push_str(&self.dose_table());
            if photos {
                s.push_str(&self.images_tables());
            }
        }
        s
    }
}

/// Width and height of the synthetic photos, those of a typical library's
/// exercise photos.
pub const PHOTO_SIZE: (u32, u32) = (850, 570);

/// `guide.toml` of a synthetic guide.
pub fn guide_toml(n: usize) -> String {
    let mut s = format!(
        "title = \"A synthetic guide of {n} exercises\"\n\
         description = \"Generated exercises for measuring how fast a guide builds.\"\n\
         author = \"limber's benchmark\"\n\
         emergency = \"112\"\n\
         # Generated words are not prose: their sentences and grades are\n\
         # still checked, as a real guide's are, but not reported.\n\
         [check]\n\
         allow = [\"W0011\", \"W0012\"]\n"
    );
    for (slug, title) in FAMILIES {
        let _ = write!(
            s,
            "\n[families.{slug}]\ntitle = {}\ndescription = \"Exercises in the *{}* family.\"\n",
            toml_str(title),
            title.to_lowercase()
        );
    }
    s
}

/// Writes a complete limber guide of `n` exercises into `dir` (which should
/// be empty or new): `guide.toml`, `content/_index.md` and the exercises.
pub fn write_guide(dir: &Path, n: usize) -> io::Result<()> {
    write_guide_with(dir, n, false)
}

/// [`write_guide`], and with `photos` two generated photos per exercise
/// ([`PHOTO_SIZE`] JPEGs under `static/photos/`), named from each
/// exercise's `[[images]]`. Photos are encoded in parallel: 2,000 of them
/// are most of the time this takes.
pub fn write_guide_with(dir: &Path, n: usize, photos: bool) -> io::Result<()> {
    use rayon::prelude::*;
    let exercises_dir = dir.join("content").join("exercises");
    fs::create_dir_all(&exercises_dir)?;
    fs::write(dir.join("guide.toml"), guide_toml(n))?;
    fs::write(
        dir.join("content").join("_index.md"),
        "+++\ntitle = \"Synthetic exercises\"\n+++\n\n\
         Every exercise here is generated. Start with the \
         [first one](@/exercises/FIRST) and go on from there.\n"
            .replace("FIRST", &exercise(0).file_name()),
    )?;
    if photos {
        fs::create_dir_all(dir.join("static").join("photos"))?;
    }
    (0..n).into_par_iter().try_for_each(|i| {
        let ex = exercise(i);
        fs::write(exercises_dir.join(ex.file_name()), ex.source_with(photos))?;
        if photos {
            let (w, h) = PHOTO_SIZE;
            for (k, (src, _)) in ex.photos().iter().enumerate() {
                // Two seeds per exercise, apart from the text's seeds.
                let seed = 1_000_000_007 + 2 * i as u64 + k as u64;
                let bytes = crate::images::synthetic_photo(seed, w, h);
                fs::write(dir.join("static").join(src), bytes)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_index_gives_the_same_exercise() {
        assert_eq!(
            exercise(7).limber_source(),
            exercise(7).limber_source(),
            "generation must be deterministic"
        );
        assert_ne!(exercise(7).slug, exercise(8).slug);
    }

    #[test]
    fn files_are_about_one_and_a_half_kilobytes() {
        for i in 0..20 {
            let len = exercise(i).limber_source().len();
            assert!((1000..2200).contains(&len), "exercise {i} is {len} bytes");
        }
    }

    #[test]
    fn photos_add_only_their_images_tables() {
        for i in 0..4 {
            let ex = exercise(i);
            let plain = ex.limber_source();
            let with = ex.source_with(true);
            assert_eq!(with.matches("[[images]]").count(), 2, "{with}");
            assert!(with.contains(&format!("src = \"photos/{}-end.jpg\"", ex.slug)));
            assert!(with.contains("caption = \"Start\""));
            // Nothing but the tables is added.
            assert_eq!(with.replace(&ex.images_tables(), ""), plain);
        }
    }

    #[test]
    fn a_generated_guide_loads_without_problems() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_guide(dir.path(), 40).expect("write guide");
        let (guide, report) = crate::content::load(dir.path());
        let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
        assert!(codes.is_empty(), "{codes:?}");
        let guide = guide.expect("the guide loads");
        assert_eq!(guide.exercises.len(), 40);
    }
}
