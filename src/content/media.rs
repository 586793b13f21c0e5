//! An exercise's pictures (`[image]` or `[[images]]`) and `[video]`: their
//! text and the files they name. Whether a picture's bytes are a picture is
//! learnt later, when the build reads them (`crate::site::pictures`).

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::{ExerciseSource, Image, safe_relative};
use crate::suggest::did_you_mean;
use crate::toml_doc::{Seg, TomlRegion};

/// Extensions of the pictures limber reads and makes copies of.
pub const PICTURE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];
/// Pictures an exercise may show: the raster ones limber reads, and SVG
/// drawings, which are shown as they are at any size.
const SHOWN_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "svg"];
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "webm"];
const CAPTION_EXTENSIONS: &[&str] = &["vtt"];

/// The pictures of an exercise from its one-picture and list forms; both
/// given is an error (the list is kept, so its own problems are found too).
pub fn merge_images(
    image: Option<Image>,
    images: Option<Vec<Image>>,
    region: &TomlRegion,
) -> (Vec<Image>, Option<Diagnostic>) {
    match (image, images) {
        (Some(_), Some(list)) => {
            let d = Diagnostic::error("E0155", "`[image]` and `[[images]]` are both given")
                .at(&region.file, region.key_span_of(&[Seg::Key("image")]))
                .label("`[image]` is the one-picture form of `[[images]]`")
                .help("keep one: move this picture into the `[[images]]` list (in the order it should be shown), or delete it");
            (list, Some(d))
        }
        (Some(one), None) => (vec![one], None),
        (None, Some(list)) => (list, None),
        (None, None) => (Vec::new(), None),
    }
}

/// What an exercise's media refer to, each with the path of its key in the
/// exercise's fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// The picture at this place in [`crate::model::Exercise::images`].
    Image(usize),
    Poster,
    Video,
    Captions,
}

impl Slot {
    /// The path of the key (`src`, `poster`, …) naming the file.
    fn path(self, one_picture_form: bool) -> Vec<Seg<'static>> {
        match self {
            Slot::Image(_) if one_picture_form => vec![Seg::Key("image"), Seg::Key("src")],
            Slot::Image(i) => vec![Seg::Key("images"), Seg::Index(i), Seg::Key("src")],
            Slot::Poster => vec![Seg::Key("video"), Seg::Key("poster")],
            Slot::Video => vec![Seg::Key("video"), Seg::Key("src")],
            Slot::Captions => vec![Seg::Key("video"), Seg::Key("captions")],
        }
    }

    /// How an author names the value, in messages.
    fn name(self, one_picture_form: bool) -> String {
        match self {
            Slot::Image(_) if one_picture_form => "image".to_owned(),
            Slot::Image(i) => format!("images[{i}]"),
            Slot::Poster => "video poster".to_owned(),
            Slot::Video => "video".to_owned(),
            Slot::Captions => "video captions".to_owned(),
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            Slot::Image(_) | Slot::Poster => SHOWN_EXTENSIONS,
            Slot::Video => VIDEO_EXTENSIONS,
            Slot::Captions => CAPTION_EXTENSIONS,
        }
    }
}

/// A file an exercise names, and where it names it.
#[derive(Debug, Clone)]
pub struct MediaRef<'a> {
    pub slot: Slot,
    /// As written.
    pub src: &'a str,
    /// The span of the value in the exercise's file.
    pub span: Range<usize>,
    /// `images[1]`, `video poster`: for messages.
    pub name: String,
}

/// Every file the exercise's media name, pictures first, in order.
pub fn refs(src: &ExerciseSource) -> Vec<MediaRef<'_>> {
    let ex = &src.exercise;
    let r = &src.fields;
    if ex.images.is_empty() && ex.video.is_none() {
        return Vec::new();
    }
    let one = ex.images.len() == 1 && r.has(&[Seg::Key("image")]);
    let mut out: Vec<(Slot, &str)> = ex
        .images
        .iter()
        .enumerate()
        .map(|(i, img)| (Slot::Image(i), img.src.as_str()))
        .collect();
    if let Some(v) = &ex.video {
        out.push((Slot::Video, &v.src));
        out.extend(v.poster.as_deref().map(|p| (Slot::Poster, p)));
        out.extend(v.captions.as_deref().map(|c| (Slot::Captions, c)));
    }
    out.into_iter()
        .map(|(slot, s)| MediaRef {
            slot,
            src: s,
            span: r.span_of(&slot.path(one)),
            name: slot.name(one),
        })
        .collect()
}

/// Every check of the media that needs only the exercise's file and the
/// names in static/.
pub fn check(src: &ExerciseSource, static_dir: &Path) -> Vec<Diagnostic> {
    let mut out = check_text(src);
    out.extend(check_files(src, static_dir));
    out
}

/// Alt text, captions and credits, and a video's captions track.
fn check_text(src: &ExerciseSource) -> Vec<Diagnostic> {
    let ex = &src.exercise;
    let r = &src.fields;
    let file = &r.file;
    let one = ex.images.len() == 1 && r.has(&[Seg::Key("image")]);
    let mut out = Vec::new();
    for (i, img) in ex.images.iter().enumerate() {
        let key = |k: &'static str| {
            if one {
                vec![Seg::Key("image"), Seg::Key(k)]
            } else {
                vec![Seg::Key("images"), Seg::Index(i), Seg::Key(k)]
            }
        };
        let name = Slot::Image(i).name(one);
        if img.alt.trim().is_empty() {
            out.push(
                Diagnostic::error("E0150", format!("`{name}` has no alt text"))
                    .at(file, r.span_of(&key("alt")))
                    .label("empty alt")
                    .help("describe what the picture shows for people who cannot see it, e.g. alt = \"On hands and knees, back rounded\""),
            );
        }
        for (k, v) in [
            ("caption", &img.caption),
            ("credit", &img.credit),
            ("licence", &img.licence),
        ] {
            if v.as_deref().is_some_and(|t| t.trim().is_empty()) {
                out.push(
                    Diagnostic::error("E0125", format!("`{name}.{k}` is empty"))
                        .at(file, r.span_of(&key(k)))
                        .label("write some text here")
                        .help(format!("write the {k}, or remove `{k}`")),
                );
            }
        }
    }
    if let Some(v) = &ex.video
        && v.captions.is_none()
    {
        out.push(
            Diagnostic::warning("W0004", format!("the video of `{}` has no captions", ex.title))
                .at(file, r.key_span_of(&[Seg::Key("video")]))
                .label("readers who cannot hear it get nothing from its sound")
                .help("add captions = \"videos/….vtt\" (a WebVTT file under static/); the steps stay the text alternative to the pictures"),
        );
    }
    out
}

/// Each file named must be a path inside static/ with the right extension,
/// and exist. Kept apart so that `serve` can run it again when only
/// static/ changed.
pub fn check_files(src: &ExerciseSource, static_dir: &Path) -> Vec<Diagnostic> {
    let file = &src.fields.file;
    let mut out = Vec::new();
    for m in refs(src) {
        let name = &m.name;
        let Some(rel) = safe_relative(m.src) else {
            out.push(
                Diagnostic::error(
                    "E0152",
                    format!("{name} `{}` must be a path inside static/", m.src),
                )
                .at(file, m.span.clone())
                .label("absolute paths, `..` and URLs are not allowed")
                .help(format!(
                    "put the {} under static/ and write its path from there, e.g. src = \"{}\"",
                    noun(m.slot),
                    example(m.slot)
                )),
            );
            continue;
        };
        let ext = Path::new(&rel)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let allowed = m.slot.extensions();
        if !allowed.contains(&ext.as_str()) {
            let list = allowed
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Diagnostic::error(
                    "E0156",
                    format!("{name} `{}` is not {}", m.src, kind_of(m.slot)),
                )
                .at(file, m.span.clone())
                .label(format!("expected a file ending in {list}"))
                .help(convert_help(m.slot)),
            );
            continue;
        }
        let path = static_dir.join(&rel);
        if !path.is_file() {
            out.push(
                Diagnostic::error("E0151", format!("{name} `{}` does not exist in static/", m.src))
                    .at(file, m.span.clone())
                    .label(format!("no file static/{rel}"))
                    .help(match did_you_mean(&rel, static_files(static_dir).iter().map(String::as_str)) {
                        Some(near) => format!("did you mean `{near}`? (paths are relative to static/)"),
                        None => format!("check the spelling, or add the {} to the static/ folder (paths are relative to static/)", noun(m.slot)),
                    }),
            );
            continue;
        }
        if m.slot == Slot::Captions && !is_webvtt(&path) {
            out.push(
                Diagnostic::error("E0159", format!("{name} `{}` is not a WebVTT file", m.src))
                    .at(file, m.span.clone())
                    .label(format!("static/{rel} does not start with `WEBVTT`"))
                    .help("captions are a WebVTT file: its first line is `WEBVTT`, then cues such as `00:00.000 --> 00:04.000` and their text"),
            );
        }
    }
    out
}

fn example(slot: Slot) -> &'static str {
    match slot {
        Slot::Image(_) | Slot::Poster => "images/cat-cow.jpg",
        Slot::Video => "videos/cat-cow.mp4",
        Slot::Captions => "videos/cat-cow.vtt",
    }
}

fn noun(slot: Slot) -> &'static str {
    match slot {
        Slot::Image(_) | Slot::Poster => "picture",
        Slot::Video => "video",
        Slot::Captions => "captions file",
    }
}

fn kind_of(slot: Slot) -> &'static str {
    match slot {
        Slot::Image(_) | Slot::Poster => "a picture limber reads",
        Slot::Video => "a video browsers play",
        Slot::Captions => "a WebVTT captions file",
    }
}

fn convert_help(slot: Slot) -> &'static str {
    match slot {
        Slot::Image(_) | Slot::Poster => {
            "limber reads JPEG, PNG and WebP pictures and makes small copies of them for phones, and shows SVG drawings as they are; convert the picture to one of those"
        }
        Slot::Video => {
            "every browser plays MP4 (H.264) and WebM; convert the video to one of those"
        }
        Slot::Captions => {
            "browsers read captions only as WebVTT (.vtt); convert them (an .srt file converts by changing its commas in times to dots and adding a first line `WEBVTT`)"
        }
    }
}

/// Whether the file starts as WebVTT must: `WEBVTT`, after an optional
/// byte-order mark. Only the start is read.
fn is_webvtt(path: &Path) -> bool {
    use std::io::Read as _;
    let mut head = [0u8; 9];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    let head = &head[..n];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.starts_with(b"WEBVTT")
}

/// The files under `dir` as `a/b.png`, for suggesting a near name.
fn static_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .max_depth(6)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .take(1000)
        .map(|e| crate::diagnostic::display_path(dir, e.path()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::exercise::{FileKind, parse_exercise};
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::model::GuideConfig;

    const HEAD: &str = "title = \"Reach\"\nsummary = \"Up.\"\nkind = \"stretch\"\nareas = [\"neck\"]\nsteps = [\"Reach.\"]\ncautions = [\"Gently.\"]\n";

    /// The problems of an exercise with `media` after its fields, in a
    /// guide whose static/ has `files`.
    fn problems(media: &str, files: &[(&str, &[u8])]) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let config: GuideConfig =
            toml::from_str("title = \"G\"\ndescription = \"D\"\nauthor = \"A\"\n").unwrap();
        let text = format!("{HEAD}{media}");
        match parse_exercise(
            SourceFile::new("content/exercises/reach.toml", text),
            FileKind::Toml,
            "exercises/reach.toml".to_owned(),
            &config,
            dir.path(),
        ) {
            Ok((_, ds)) => ds,
            Err(ds) => ds,
        }
    }

    fn codes(ds: &[Diagnostic]) -> Vec<&str> {
        ds.iter().map(|d| d.code).collect()
    }

    /// The text a problem points at.
    fn pointed(media: &str, d: &Diagnostic) -> String {
        let text = format!("{HEAD}{media}");
        let span = d.span().expect("located");
        text[span].to_owned()
    }

    #[test]
    fn a_list_of_pictures_in_order_with_their_words() {
        let ds = problems(
            "[[images]]\nsrc = \"a.jpg\"\nalt = \"Start.\"\ncaption = \"Start\"\ncredit = \"Ann\"\nlicence = \"CC BY 4.0\"\n[[images]]\nsrc = \"b.png\"\nalt = \"End.\"\n",
            &[("a.jpg", b"x"), ("b.png", b"x")],
        );
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn both_forms_is_an_error_at_image() {
        let media =
            "[image]\nsrc = \"a.jpg\"\nalt = \"A.\"\n[[images]]\nsrc = \"a.jpg\"\nalt = \"A.\"\n";
        let ds = problems(media, &[("a.jpg", b"x")]);
        assert_eq!(codes(&ds), ["E0155"]);
        assert_eq!(pointed(media, &ds[0]), "image");
    }

    #[test]
    fn each_bad_value_is_located_at_its_value() {
        let media = "[[images]]\nsrc = \"a.jpg\"\nalt = \"A.\"\n[[images]]\nsrc = \"../b.png\"\nalt = \" \"\ncaption = \"\"\n[[images]]\nsrc = \"c.gif\"\nalt = \"C.\"\n[[images]]\nsrc = \"gone.jpg\"\nalt = \"D.\"\n";
        let ds = problems(
            media,
            &[("a.jpg", b"x"), ("c.gif", b"x"), ("gon.jpg", b"x")],
        );
        let found: Vec<(&str, String)> = ds.iter().map(|d| (d.code, pointed(media, d))).collect();
        assert_eq!(
            found,
            [
                ("E0150", "\" \"".to_owned()),
                ("E0125", "\"\"".to_owned()),
                ("E0152", "\"../b.png\"".to_owned()),
                ("E0156", "\"c.gif\"".to_owned()),
                ("E0151", "\"gone.jpg\"".to_owned()),
            ]
        );
        assert!(ds[4].help.as_deref().unwrap().contains("gon.jpg"));
        assert!(ds[0].message.contains("images[1]"));
    }

    #[test]
    fn a_video_its_poster_and_captions() {
        let ok = "[video]\nsrc = \"v/a.mp4\"\nposter = \"v/a.jpg\"\ncaptions = \"v/a.vtt\"\n";
        let files: &[(&str, &[u8])] = &[
            ("v/a.mp4", b"x"),
            ("v/a.jpg", b"x"),
            ("v/a.vtt", b"\xEF\xBB\xBFWEBVTT\n\n"),
            ("v/a.srt", b"1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
            ("v/bad.vtt", b"1\n"),
        ];
        assert!(problems(ok, files).is_empty());

        let media =
            "[video]\nsrc = \"v/a.mov\"\nposter = \"https://x/a.jpg\"\ncaptions = \"v/a.srt\"\n";
        let ds = problems(media, files);
        let found: Vec<(&str, String)> = ds.iter().map(|d| (d.code, pointed(media, d))).collect();
        assert_eq!(
            found,
            [
                ("E0156", "\"v/a.mov\"".to_owned()),
                ("E0152", "\"https://x/a.jpg\"".to_owned()),
                ("E0156", "\"v/a.srt\"".to_owned()),
            ]
        );

        let media = "[video]\nsrc = \"v/a.webm\"\ncaptions = \"v/bad.vtt\"\n";
        let ds = problems(media, &[("v/a.webm", b"x"), ("v/bad.vtt", b"1\n")]);
        assert_eq!(codes(&ds), ["E0159"]);
    }

    #[test]
    fn a_video_with_no_captions_is_a_warning() {
        let media = "[video]\nsrc = \"a.mp4\"\n";
        let ds = problems(media, &[("a.mp4", b"x")]);
        assert_eq!(codes(&ds), ["W0004"]);
        assert!(!ds[0].is_error());
        assert_eq!(pointed(media, &ds[0]), "video");
    }
}
