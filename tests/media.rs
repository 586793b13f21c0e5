//! Pictures and video, end to end: real picture files made here, built by
//! the real binary into `_img/` copies, refused where they are bad, cached
//! between builds, and the same bytes every time.

mod common;

use std::fs;

use common::{Guide, WALL_ANGEL, limber, repo_root, run_cases, snapshot_tree};
use image::ImageEncoder;
use limber::images::synthetic_photo;
use scraper::{Html, Selector};

const EXERCISE: &str = "content/exercises/wall-angel.toml";

fn pattern(w: u32, h: u32, channels: usize) -> Vec<u8> {
    let mut px = Vec::with_capacity(w as usize * h as usize * channels);
    for y in 0..h {
        for x in 0..w {
            px.extend([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]);
            if channels == 4 {
                px.push(if x < w / 2 { 255 } else { 40 });
            }
        }
    }
    px
}

fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
    let (channels, colour) = if alpha {
        (4, image::ExtendedColorType::Rgba8)
    } else {
        (3, image::ExtendedColorType::Rgb8)
    };
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pattern(w, h, channels), w, h, colour)
        .unwrap();
    out
}

fn webp(w: u32, h: u32) -> Vec<u8> {
    webp::Encoder::from_rgb(&pattern(w, h, 3), w, h)
        .encode(80.0)
        .to_vec()
}

/// A PNG of a few dozen bytes whose header says `w` × `h`.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut p = png(1, 1, false);
    assert_eq!(&p[12..16], b"IHDR");
    p[16..20].copy_from_slice(&w.to_be_bytes());
    p[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32fast::hash(&p[12..29]);
    p[29..33].copy_from_slice(&crc.to_be_bytes());
    p
}

/// Wall angel with `media` after its fields.
fn with_media(g: &Guide, media: &str) {
    g.write(EXERCISE, format!("{WALL_ANGEL}\n{media}"));
}

fn images(list: &[(&str, &str)]) -> String {
    list.iter()
        .map(|(src, alt)| format!("[[images]]\nsrc = \"{src}\"\nalt = \"{alt}\"\n"))
        .collect()
}

fn build_verbose(g: &Guide) -> String {
    let out = limber()
        .args(["build", "-v", "--root"])
        .arg(g.root())
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    text
}

/// (read, made, cached) from `build -v`.
fn picture_counts(output: &str) -> (usize, usize, usize) {
    let line = output
        .lines()
        .find(|l| l.starts_with("Pictures: "))
        .unwrap_or_else(|| panic!("no Pictures line in {output}"));
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (n[0], n[1], n[2])
}

fn page(g: &Guide, rel: &str) -> Html {
    Html::parse_document(&g.read(&format!("public/{rel}")))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn every_kind_of_picture_gets_its_size_and_small_copies() {
    let g = Guide::new();
    g.write("static/p/photo.jpg", synthetic_photo(1, 850, 570));
    g.write("static/p/portrait.jpg", synthetic_photo(2, 400, 600));
    g.write("static/p/clear.png", png(300, 200, true));
    g.write("static/p/tiny.png", png(1, 1, false));
    g.write("static/p/pic.webp", webp(1200, 800));
    with_media(
        &g,
        &images(&[
            ("p/photo.jpg", "Arms against the wall."),
            ("p/portrait.jpg", "Standing tall."),
            ("p/clear.png", "A see-through drawing."),
            ("p/tiny.png", "A dot."),
            ("p/pic.webp", "Arms up."),
        ]),
    );
    g.build().success();

    let html = page(&g, "exercises/wall-angel.html");
    let imgs = select(&html, ".media img");
    assert_eq!(imgs.len(), 5);
    let sizes: Vec<(&str, &str)> = imgs
        .iter()
        .map(|i| (i.attr("width").unwrap(), i.attr("height").unwrap()))
        .collect();
    // Never enlarged: the widest copy is 960 or the picture's own width.
    assert_eq!(
        sizes,
        [
            ("850", "570"),
            ("400", "600"),
            ("300", "200"),
            ("1", "1"),
            ("960", "640")
        ]
    );
    // The first is fetched at once, the rest when near the screen.
    assert_eq!(imgs[0].attr("loading"), None);
    assert!(imgs[1..].iter().all(|i| i.attr("loading") == Some("lazy")));
    assert!(imgs.iter().all(|i| i.attr("decoding") == Some("async")));
    // WebP sources for the JPEG and PNG pictures; the WebP one is its own.
    let sources = select(&html, ".media picture source[type=\"image/webp\"]");
    assert_eq!(sources.len(), 4);
    assert_eq!(
        sources[0].attr("srcset").unwrap(),
        format!(
            "{0}-480.webp 480w, {0}-850.webp 850w",
            imgs[0].attr("src").unwrap().trim_end_matches("-850.jpg")
        )
    );

    // Every copy named on the page is in the output and is what it says.
    let mut named = Vec::new();
    for el in select(&html, ".media img, .media source") {
        for candidate in el.attr("srcset").unwrap_or_default().split(", ") {
            named.push(candidate.split(' ').next().unwrap().to_owned());
        }
    }
    for src in &named {
        let rel = src.trim_start_matches("../");
        assert!(rel.starts_with("_img/"), "{rel}");
        let bytes = fs::read(g.path(&format!("public/{rel}"))).unwrap();
        let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let width: u32 = rel
            .rsplit('-')
            .next()
            .and_then(|w| w.split('.').next())
            .and_then(|w| w.parse().ok())
            .unwrap();
        assert_eq!(img.width(), width, "{rel}");
        if rel.ends_with(".png") && bytes.len() > 100 {
            assert!(img.color().has_alpha(), "{rel} keeps its transparency");
        }
    }
    let copies = fs::read_dir(g.path("public/_img")).unwrap().count();
    // photo: 2 WebP + 2 JPEG; portrait (400 px), clear (300 px) and tiny:
    // one width, so 1 WebP + 1 of their own; pic: 2 WebP.
    assert_eq!(named.len(), 12);
    assert_eq!(copies, 4 + 2 + 2 + 2 + 2, "{named:?}");

    // Cards on list pages show the smallest copy, lazily.
    let area = page(&g, "areas/shoulders.html");
    let thumbs = select(&area, ".card-thumb");
    assert_eq!(thumbs.len(), 1);
    let t = thumbs[0];
    assert!(t.attr("src").unwrap().ends_with("-480.webp"));
    assert_eq!(
        (t.attr("width"), t.attr("height")),
        (Some("480"), Some("322"))
    );
    assert_eq!(t.attr("loading"), Some("lazy"));
    assert_eq!(t.attr("alt"), Some(""));

    // The open data adds the pictures and the thumbnail.
    let data: serde_json::Value = serde_json::from_str(&g.read("public/exercises.json")).unwrap();
    let ex = data["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "wall-angel")
        .unwrap();
    assert_eq!(ex["images"].as_array().unwrap().len(), 5);
    assert_eq!(ex["images"][0]["url"], "p/photo.jpg");
    assert_eq!(ex["images"][1]["width"], 400);
    assert_eq!(ex["image"]["url"], "p/photo.jpg");
    assert!(ex["thumb"].as_str().unwrap().starts_with("_img/"));
    let other = data["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] != "wall-angel")
        .unwrap();
    assert!(other.get("images").is_none() && other.get("thumb").is_none());
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo_root().join("docs/exercises.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn captions_credits_and_licences_are_shown_under_the_picture() {
    let g = Guide::new();
    g.write("static/a.jpg", synthetic_photo(1, 200, 100));
    g.write("static/b.jpg", synthetic_photo(2, 200, 100));
    with_media(
        &g,
        "[[images]]\nsrc = \"a.jpg\"\nalt = \"Start.\"\ncaption = \"Start\"\ncredit = \"Ann <Lee>\"\nlicence = \"CC BY 4.0\"\n\
         [[images]]\nsrc = \"b.jpg\"\nalt = \"End.\"\n",
    );
    g.build().success();
    let html = g.read("public/exercises/wall-angel.html");
    assert!(
        html.contains("<figcaption><span class=\"figure-caption\">Start</span> <span class=\"figure-credit\">Ann &lt;Lee&gt;, CC BY 4.0</span></figcaption>"),
        "{html}"
    );
    assert_eq!(html.matches("<figcaption>").count(), 1);
}

#[test]
fn a_video_plays_only_when_asked_with_its_poster_and_captions() {
    let g = Guide::new();
    g.write(
        "static/v/wall.mp4",
        b"not really a video, but served as one",
    );
    g.write("static/v/wall.jpg", synthetic_photo(4, 640, 360));
    g.write(
        "static/v/wall.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nSlide up.\n",
    );
    with_media(
        &g,
        "[video]\nsrc = \"v/wall.mp4\"\nposter = \"v/wall.jpg\"\ncaptions = \"v/wall.vtt\"\n",
    );
    g.build().success();
    let html = page(&g, "exercises/wall-angel.html");
    let video = select(&html, "video");
    assert_eq!(video.len(), 1);
    let v = video[0];
    assert!(v.attr("controls").is_some());
    assert_eq!(v.attr("preload"), Some("none"));
    assert_eq!(v.attr("autoplay"), None);
    assert!(v.attr("poster").unwrap().starts_with("../_img/"));
    assert_eq!(
        (v.attr("width"), v.attr("height")),
        (Some("640"), Some("360"))
    );
    let track = select(&html, "video track");
    assert_eq!(track[0].attr("kind"), Some("captions"));
    assert_eq!(track[0].attr("srclang"), Some("en"));
    // In the page: a captions track from another file is refused by
    // browsers when the site is opened from disk.
    assert_eq!(
        track[0].attr("src"),
        Some(
            "data:text/vtt;charset=utf-8,WEBVTT%0A%0A00%3A00%2E000%20%2D%2D%3E%2000%3A02%2E000%0ASlide%20up%2E%0A"
        )
    );
    assert_eq!(
        select(&html, "video source")[0].attr("type"),
        Some("video/mp4")
    );

    // Without captions: built, with a warning that points at the video.
    with_media(&g, "[video]\nsrc = \"v/wall.mp4\"\n");
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(0));
    let w: Vec<_> = problems.iter().filter(|p| p["code"] == "W0004").collect();
    assert_eq!(w.len(), 1, "{problems:?}");
    assert_eq!(w[0]["severity"], "warning");
    assert_eq!(w[0]["file"], EXERCISE);
}

/// A picture that cannot be used, as a file in static/.
struct Bad {
    name: &'static str,
    file: &'static str,
    bytes: Vec<u8>,
    /// Words the message must have.
    says: &'static str,
}

#[test]
fn bad_pictures_are_errors_where_the_exercise_names_them() {
    let mut truncated = synthetic_photo(3, 300, 200);
    truncated.truncate(truncated.len() * 6 / 10);
    let cases = vec![
        Bad {
            name: "corrupt",
            file: "x.jpg",
            bytes: {
                let mut b = synthetic_photo(5, 300, 200);
                for (i, byte) in b.iter_mut().enumerate().skip(400) {
                    *byte = (i * 31 % 251) as u8;
                }
                b
            },
            says: "damaged",
        },
        Bad {
            name: "truncated",
            file: "x.jpg",
            bytes: truncated,
            says: "damaged or incomplete JPEG",
        },
        Bad {
            name: "text named .png",
            file: "x.png",
            bytes: b"this is a text file\n".to_vec(),
            says: "a text file",
        },
        Bad {
            name: "empty",
            file: "x.png",
            bytes: Vec::new(),
            says: "empty",
        },
        Bad {
            name: "a GIF",
            file: "x.png",
            bytes: b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            says: "GIF",
        },
        Bad {
            name: "bomb",
            file: "x.png",
            bytes: png_declaring(40_000, 40_000),
            says: "40000 × 40000",
        },
        Bad {
            name: "too wide",
            file: "x.png",
            bytes: png_declaring(20_000, 10),
            says: "larger than limber reads",
        },
    ];
    run_cases(
        &cases,
        3,
        |c| c.name,
        |c| {
            let g = Guide::new();
            g.write(&format!("static/pics/{}", c.file), &c.bytes);
            let media = format!(
                "[[images]]\nsrc = \"pics/ok.jpg\"\nalt = \"Fine.\"\n[[images]]\nsrc = \"pics/{}\"\nalt = \"Bad.\"\n",
                c.file
            );
            g.write("static/pics/ok.jpg", synthetic_photo(9, 100, 80));
            with_media(&g, &media);
            let (code, problems) = g.check_json();
            let mut wrong = Vec::new();
            if code != Some(1) {
                wrong.push(format!("exit code {code:?}"));
            }
            let errors: Vec<_> = problems
                .iter()
                .filter(|p| p["severity"] == "error")
                .collect();
            if errors.len() != 1 {
                wrong.push(format!("errors: {errors:?}"));
                return wrong;
            }
            let e = errors[0];
            let text = format!("{WALL_ANGEL}\n{media}");
            let line = text
                .lines()
                .position(|l| l.contains(&format!("pics/{}", c.file)))
                .unwrap()
                + 1;
            let expected = [
                ("code", serde_json::json!("E0157")),
                ("file", serde_json::json!(EXERCISE)),
                ("line", serde_json::json!(line)),
                ("column", serde_json::json!(7)),
            ];
            for (k, v) in expected {
                if e[k] != v {
                    wrong.push(format!("{k}: {} (expected {v})", e[k]));
                }
            }
            let message = e["message"].as_str().unwrap_or_default();
            if !message.contains(c.says) || !message.contains("images[1]") {
                wrong.push(format!("message: {message}"));
            }
            // A build refuses it too, and writes nothing.
            let out = limber()
                .arg("build")
                .arg("--root")
                .arg(g.root())
                .output()
                .unwrap();
            if out.status.code() != Some(1) || g.path("public").exists() {
                wrong.push("the build was not refused".to_owned());
            }
            if String::from_utf8_lossy(&out.stderr).contains("panicked") {
                wrong.push("panicked".to_owned());
            }
            wrong
        },
    );
}

#[test]
fn a_bad_poster_is_an_error_at_the_poster() {
    let g = Guide::new();
    g.write("static/v.webm", b"x");
    g.write("static/poster.jpg", b"<html>not a picture</html>");
    with_media(
        &g,
        "[video]\nsrc = \"v.webm\"\nposter = \"poster.jpg\"\ncaptions = \"c.vtt\"\n",
    );
    g.write("static/c.vtt", "WEBVTT\n");
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(1));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "E0157");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("`video poster`")
    );
}

#[test]
fn a_static_file_in_img_is_an_error() {
    let g = Guide::new();
    g.write("static/_img/mine.png", png(4, 4, false));
    g.build()
        .failure()
        .code(1)
        .stderr(predicates::str::contains("error[E0158]"))
        .stderr(predicates::str::contains("static/_img/mine.png"));
    assert!(!g.path("public").exists());
}

#[test]
fn a_second_build_makes_no_copy_again_and_gives_the_same_bytes() {
    let g = Guide::new();
    g.write("static/a.jpg", synthetic_photo(1, 850, 570));
    g.write("static/b.jpg", synthetic_photo(2, 850, 570));
    // The same bytes under a second name are processed once.
    g.write("static/a-again.jpg", synthetic_photo(1, 850, 570));
    g.write("static/c.png", png(500, 300, true));
    with_media(
        &g,
        &images(&[
            ("a.jpg", "A."),
            ("b.jpg", "B."),
            ("a-again.jpg", "A again."),
            ("c.png", "C."),
        ]),
    );
    let first = build_verbose(&g);
    assert_eq!(picture_counts(&first), (4, 3, 1), "{first}");
    let cache = g.path(".limber-cache/images");
    assert!(cache.join("CACHEDIR.TAG").is_file());
    let ignore = fs::read_to_string(cache.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    let built = snapshot_tree(&g.path("public"));

    let second = build_verbose(&g);
    assert_eq!(picture_counts(&second), (4, 0, 4), "{second}");
    assert_eq!(snapshot_tree(&g.path("public")), built);

    // Without the cache: everything made again, the same bytes.
    fs::remove_dir_all(g.path(".limber-cache")).unwrap();
    let third = build_verbose(&g);
    assert_eq!(picture_counts(&third), (4, 3, 1));
    assert_eq!(snapshot_tree(&g.path("public")), built);

    // One picture changed: only it is made again.
    g.write("static/b.jpg", synthetic_photo(3, 850, 570));
    assert_eq!(picture_counts(&build_verbose(&g)), (4, 1, 3));
}

#[test]
fn a_failed_build_leaves_the_previous_site_and_its_copies() {
    let g = Guide::new();
    g.write("static/a.jpg", synthetic_photo(1, 600, 400));
    with_media(&g, &images(&[("a.jpg", "A.")]));
    g.build().success();
    let before = snapshot_tree(&g.path("public"));
    assert!(before.keys().any(|k| k.starts_with("_img/")));
    g.write("static/a.jpg", b"broken");
    g.build().failure().code(1);
    assert_eq!(snapshot_tree(&g.path("public")), before);
}

#[test]
fn both_forms_of_pictures_is_an_error() {
    let g = Guide::new();
    g.write("static/a.jpg", synthetic_photo(1, 60, 40));
    with_media(
        &g,
        "[image]\nsrc = \"a.jpg\"\nalt = \"A.\"\n\n[[images]]\nsrc = \"a.jpg\"\nalt = \"A.\"\n",
    );
    let (code, problems) = g.check_json();
    assert_eq!(code, Some(1));
    assert_eq!(problems[0]["code"], "E0155");
    assert_eq!(problems[0]["file"], EXERCISE);
}

#[test]
fn a_guide_without_pictures_has_no_cache_and_no_copies() {
    let g = Guide::new();
    g.build().success();
    assert!(!g.path(".limber-cache").exists());
    assert!(!g.path("public/_img").exists());
}
