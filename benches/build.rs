//! Micro-benchmarks of the hot parts of a build: `cargo bench`. The
//! end-to-end comparison with Hugo is `bench/compare.sh`; the figures and
//! what they mean are in docs/performance.md.

use std::hint::black_box;
use std::path::Path;
use std::sync::OnceLock;

use criterion::{Criterion, criterion_group, criterion_main};
use limber::content::{self, FileKind};
use limber::diagnostic::SourceFile;
use limber::model::LinkTarget;
use limber::render::Renderer;
use limber::render::views::{Poses, exercise_views};
use limber::serve::{Builder, Changes};
use limber::site::{self, BuildOptions, Page, Pages};
use limber::synthetic;
use tempfile::TempDir;

const EXERCISES: usize = 1000;

/// One generated guide of 1,000 exercises, written once for all benchmarks.
fn guide_dir() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = TempDir::new().expect("temp dir");
        synthetic::write_guide(dir.path(), EXERCISES).expect("write guide");
        dir
    })
    .path()
}

fn parse(c: &mut Criterion) {
    let config = content::load_config(guide_dir()).expect("guide.toml");
    let static_dir = limber::files::static_dir(guide_dir());
    // Exercise 0 is a .md file, exercise 1 a .toml file.
    for ex in [synthetic::exercise(0), synthetic::exercise(1)] {
        let (kind, label) = if ex.markdown {
            (FileKind::Markdown, "md")
        } else {
            (FileKind::Toml, "toml")
        };
        let text = ex.limber_source();
        let path = format!("exercises/{}", ex.file_name());
        let name = format!("content/{path}");
        c.bench_function(&format!("parse one exercise (.{label})"), |b| {
            b.iter(|| {
                let file = SourceFile::new(name.as_str(), text.as_str());
                let parsed =
                    content::parse_exercise(file, kind, path.clone(), &config, &static_dir);
                assert!(parsed.is_ok());
                black_box(parsed)
            })
        });
    }
}

fn render(c: &mut Criterion) {
    let (guide, report) = content::load(guide_dir());
    let guide = guide.unwrap_or_else(|| panic!("{:?}", report.diagnostics));
    let renderer = Renderer::new(&guide.root).expect("templates");
    let links = LinkTarget::new(&guide.sources);
    let pages = Pages::new(&guide, &renderer);
    let (path, page) = pages
        .all()
        .into_iter()
        .find(|(_, p)| *p == Page::Exercise(EXERCISES / 2))
        .expect("the exercise has a page");
    c.bench_function("render one exercise page", |b| {
        b.iter(|| {
            let html = pages.render(&path, page).ok();
            assert!(html.is_some());
            black_box(html)
        })
    });
    c.bench_function("prepare the pages of 1,000 exercises", |b| {
        b.iter(|| black_box(Pages::new(&guide, &renderer).all().len()))
    });
    c.bench_function("views of 1,000 exercises", |b| {
        b.iter(|| black_box(exercise_views(&guide, &links, "../", Poses::Draw)))
    });
}

fn whole_build(c: &mut Criterion) {
    let options = BuildOptions {
        root: guide_dir().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut group = c.benchmark_group("whole build");
    group.sample_size(10);
    group.bench_function("load and render 1,000 exercises in memory", |b| {
        b.iter(|| {
            let (guide, report) = site::load(&options);
            let guide = guide.unwrap_or_else(|| panic!("{:?}", report.diagnostics));
            let (site, pages) = site::render(&guide).expect("renders");
            assert!(pages > EXERCISES);
            black_box(site)
        })
    });
    group.finish();
}

/// What `serve` does between an exercise saved and the reload message, in
/// a guide of 1,000 exercises: the edited file parsed, the pages that show
/// it rendered, the files made from the pages made again.
fn serve_rebuild(c: &mut Criterion) {
    let dir = TempDir::new().expect("temp dir");
    synthetic::write_guide(dir.path(), EXERCISES).expect("write guide");
    let file = std::fs::read_dir(dir.path().join("content/exercises"))
        .expect("exercises")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .min()
        .expect("an exercise");
    let original = std::fs::read_to_string(&file).expect("read");
    let edited = original.replacen("summary = \"", "summary = \"Edited: ", 1);
    let mut builder = Builder::new(BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    });
    builder.rebuild(Changes::ALL).expect("builds");
    let content = Changes {
        content: true,
        ..Changes::default()
    };
    let mut flip = false;
    c.bench_function(
        "serve: rebuild after one exercise of 1,000 is edited",
        |b| {
            b.iter(|| {
                flip = !flip;
                std::fs::write(&file, if flip { &edited } else { &original }).expect("write");
                let site = builder.rebuild(content).expect("rebuilds");
                assert!(builder.rendered < 20, "{} pages rendered", builder.rendered);
                black_box(site)
            })
        },
    );
}

criterion_group!(benches, parse, render, whole_build, serve_rebuild);
criterion_main!(benches);
