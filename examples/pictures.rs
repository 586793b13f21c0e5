//! Measures limber's picture processing (see "Pictures" in
//! docs/performance.md).
//!
//! ```sh
//! cargo run --release --example pictures -- gen /tmp/pics 200   # 200 photos, 850 × 570
//! cargo run --release --example pictures -- run /tmp/pics       # cold, then run again: warm
//! cargo run --release --example pictures -- compare /tmp/pics   # the alternatives, on 30 photos
//! ```
//!
//! `run` reads `<dir>/photos/*.jpg` from disk, as a build reads `static/`,
//! and uses `<dir>/cache` as the cache; delete it for a cold run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use image::ImageEncoder;
use limber::images::{self, Cache, Format, Settings, Source};
use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.get(1).map_or("/tmp/limber-pictures", String::as_str));
    match args.first().map(String::as_str) {
        Some("gen") => {
            let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
            generate(&dir, n);
        }
        Some("run") => run(&dir),
        Some("compare") => compare(&dir),
        _ => eprintln!("usage: pictures gen DIR [N] | run DIR | compare DIR"),
    }
}

fn generate(dir: &Path, n: u64) {
    let photos = dir.join("photos");
    std::fs::create_dir_all(&photos).unwrap();
    let started = Instant::now();
    let sizes: Vec<usize> = (0..n)
        .into_par_iter()
        .map(|i| {
            let bytes = images::synthetic_photo(i, 850, 570);
            std::fs::write(photos.join(format!("p{i:05}.jpg")), &bytes).unwrap();
            bytes.len()
        })
        .collect();
    println!(
        "generated {n} photos of 850 × 570 in {:.2} s, {:.0} KB each on average",
        started.elapsed().as_secs_f64(),
        sizes.iter().sum::<usize>() as f64 / n as f64 / 1024.0
    );
}

fn inputs(dir: &Path) -> Vec<(String, Source)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("photos"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            (
                format!("photos/{}", p.file_name().unwrap().to_string_lossy()),
                Source::Path(p),
            )
        })
        .collect()
}

fn run(dir: &Path) {
    let pictures = inputs(dir);
    let cache = Cache::open(dir.join("cache"));
    let started = Instant::now();
    let out = images::process_all(&pictures, &Settings::default(), &cache);
    let secs = started.elapsed().as_secs_f64();
    let mut bytes = [0usize; 3];
    let mut copies = 0;
    for p in &out {
        let p = p.as_ref().unwrap();
        for v in &p.variants {
            copies += 1;
            bytes[match v.format {
                Format::WebP => 0,
                Format::Jpeg => 1,
                Format::Png => 2,
            }] += v.bytes.len();
        }
    }
    let s = cache.stats();
    println!(
        "{} pictures, {copies} copies in {secs:.2} s ({:.1} ms a picture); cache: {} hits, {} made; \
         WebP {:.1} MB, JPEG {:.1} MB; peak memory {}",
        pictures.len(),
        secs * 1000.0 / pictures.len() as f64,
        s.hits,
        s.made,
        bytes[0] as f64 / 1e6,
        bytes[1] as f64 / 1e6,
        peak_memory()
    );
    if let Some(p) = cache.problem() {
        println!("cache problem: {p}");
    }
}

/// The process's peak resident memory, from Linux's /proc.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".to_owned())
}

fn ms_each(started: Instant, n: usize) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0 / n as f64
}

/// One thread, 30 photos: what each step costs, and what the alternatives
/// would.
fn compare(dir: &Path) {
    let photos: Vec<Vec<u8>> = inputs(dir)
        .into_iter()
        .take(30)
        .map(|(_, s)| match s {
            Source::Path(p) => std::fs::read(p).unwrap(),
            Source::Bytes(b) => b,
        })
        .collect();
    let n = photos.len();

    let t = Instant::now();
    for _ in 0..10 {
        for p in &photos {
            images::probe(p, "p.jpg").unwrap();
        }
    }
    println!("probe: {:.3} ms", ms_each(t, n * 10));
    let t = Instant::now();
    for p in &photos {
        let _ = images::key(p, &Settings::default());
    }
    println!("key (BLAKE3 of the source): {:.3} ms", ms_each(t, n));

    let t = Instant::now();
    let decoded: Vec<image::RgbImage> = photos
        .iter()
        .map(|p| {
            image::load_from_memory_with_format(p, image::ImageFormat::Jpeg)
                .unwrap()
                .into_rgb8()
        })
        .collect();
    println!("decode (zune-jpeg through image): {:.2} ms", ms_each(t, n));

    for f in [
        image::imageops::FilterType::Triangle,
        image::imageops::FilterType::Lanczos3,
    ] {
        let t = Instant::now();
        for d in &decoded {
            let _ = image::imageops::resize(d, 480, 322, f);
        }
        println!("resize to 480, image {f:?}: {:.2} ms", ms_each(t, n));
    }
    {
        use fast_image_resize as fir;
        let t = Instant::now();
        let mut resizer = fir::Resizer::new();
        let options = fir::ResizeOptions::new()
            .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
        for d in &decoded {
            let src =
                fir::images::ImageRef::new(850, 570, d.as_raw(), fir::PixelType::U8x3).unwrap();
            let mut dst = fir::images::Image::new(480, 322, fir::PixelType::U8x3);
            resizer.resize(&src, &mut dst, &options).unwrap();
        }
        println!(
            "resize to 480, fast_image_resize Lanczos3: {:.2} ms",
            ms_each(t, n)
        );
    }

    for method in [0, 2, 3, 4, 6] {
        let t = Instant::now();
        let mut size = 0;
        for d in &decoded {
            let mut config = webp::WebPConfig::new().unwrap();
            config.quality = 80.0;
            config.method = method;
            size += webp::Encoder::from_rgb(d.as_raw(), 850, 570)
                .encode_advanced(&config)
                .unwrap()
                .len();
        }
        println!(
            "WebP q80 method {method} at 850: {:.2} ms, {:.1} KB",
            ms_each(t, n),
            size as f64 / n as f64 / 1024.0
        );
    }
    let t = Instant::now();
    let mut size = 0;
    for d in &decoded {
        let mut out = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut out)
            .write_image(d.as_raw(), 850, 570, image::ExtendedColorType::Rgb8)
            .unwrap();
        size += out.len();
    }
    println!(
        "WebP lossless (image's own encoder) at 850: {:.2} ms, {:.1} KB",
        ms_each(t, n),
        size as f64 / n as f64 / 1024.0
    );

    let t = Instant::now();
    let mut size = 0;
    for d in &decoded {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .write_image(d.as_raw(), 850, 570, image::ExtendedColorType::Rgb8)
            .unwrap();
        size += out.len();
    }
    println!(
        "JPEG q80, image's JpegEncoder at 850: {:.2} ms, {:.1} KB",
        ms_each(t, n),
        size as f64 / n as f64 / 1024.0
    );
    for optimized in [false, true] {
        let t = Instant::now();
        let mut size = 0;
        for d in &decoded {
            let mut out = Vec::new();
            let mut enc = jpeg_encoder::Encoder::new(&mut out, 80);
            enc.set_optimized_huffman_tables(optimized);
            enc.encode(d.as_raw(), 850, 570, jpeg_encoder::ColorType::Rgb)
                .unwrap();
            size += out.len();
        }
        println!(
            "JPEG q80, jpeg-encoder (optimized Huffman tables: {optimized}) at 850: {:.2} ms, {:.1} KB",
            ms_each(t, n),
            size as f64 / n as f64 / 1024.0
        );
    }

    let t = Instant::now();
    for p in &photos {
        let info = images::probe(p, "p.jpg").unwrap();
        images::variants(p, "p.jpg", &info, &Settings::default()).unwrap();
    }
    println!("all of variants() for one photo: {:.2} ms", ms_each(t, n));
}
