//! Decoding a picture once and encoding its resized copies.

use std::panic::{AssertUnwindSafe, catch_unwind};

use fast_image_resize as fir;
use image::{DynamicImage, ImageEncoder};

use super::probe::{check_size, decode_limits, from_image, open, orientation};
use super::{Format, ImageError, ImageInfo, MAX_DECODE_BYTES, OUTPUT_DIR, Settings, Variant, key};

/// libwebp's effort, 0 (fastest) to 6. Method 2 encodes an 850 px photo in
/// a quarter of the time of libwebp's default 4 for files 3 % larger: 4 and
/// above add rate-distortion search that the build cannot afford for
/// thousands of photos (figures in docs/performance.md, "Pictures").
pub(super) const WEBP_METHOD: i32 = 2;

/// Decodes `bytes` (whose header [`probe`](super::probe) read into `info`)
/// and encodes its copies at [`Settings::widths`]: lossy WebP, and the
/// original format (a WebP original gets only the WebP copies). The copies
/// are upright (EXIF orientation applied, as browsers show the original),
/// carry no metadata but the ICC colour profile (in JPEG and PNG copies),
/// and are sorted WebP first, then by width. `name` is for the messages.
///
/// A damaged picture is an error, never a panic: the decoders are not
/// expected to panic, but if one does, it is caught and reported as damage.
pub fn variants(
    bytes: &[u8],
    name: &str,
    info: &ImageInfo,
    settings: &Settings,
) -> Result<Vec<Variant>, ImageError> {
    match catch_unwind(AssertUnwindSafe(|| make(bytes, name, info, settings))) {
        Ok(result) => result,
        Err(_) => Err(ImageError::Corrupt {
            name: name.to_owned(),
            format: info.format,
            message: "the decoder stopped on something in it that it could not handle".to_owned(),
        }),
    }
}

fn make(
    bytes: &[u8],
    name: &str,
    info: &ImageInfo,
    settings: &Settings,
) -> Result<Vec<Variant>, ImageError> {
    let format = info.format;
    let corrupt = |message: &str| ImageError::Corrupt {
        name: name.to_owned(),
        format,
        message: message.to_owned(),
    };
    // The JPEG decoder fills a cut-off scan with grey rather than failing.
    if format == Format::Jpeg && !jpeg_is_complete(bytes) {
        return Err(corrupt(
            "the file ends before the picture does (it was probably cut short while copying)",
        ));
    }
    let mut decoder = open(bytes, format, decode_limits()).map_err(|e| match e {
        image::ImageError::Limits(_) => ImageError::TooLarge {
            name: name.to_owned(),
            width: info.width,
            height: info.height,
        },
        other => from_image(other, name, format),
    })?;
    let (w, h) = decoder.inner.dimensions();
    check_size(w, h, name, format)?;
    if decoder.inner.total_bytes() > MAX_DECODE_BYTES {
        return Err(ImageError::TooLarge {
            name: name.to_owned(),
            width: w,
            height: h,
        });
    }
    let turn = orientation(&mut *decoder.inner);
    let icc = decoder.inner.icc_profile().ok().flatten();
    let mut img =
        DynamicImage::from_decoder(decoder.inner).map_err(|e| from_image(e, name, format))?;
    img.apply_orientation(turn);

    let alpha = img.color().has_alpha();
    let (w, h) = (img.width(), img.height());
    let (pixels, pixel_type) = if alpha {
        (img.into_rgba8().into_raw(), fir::PixelType::U8x4)
    } else {
        (img.into_rgb8().into_raw(), fir::PixelType::U8x3)
    };

    let mut sized: Vec<(u32, u32, Vec<u8>)> = Vec::new();
    let mut resizer = fir::Resizer::new();
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    for width in target_widths(w, &settings.widths) {
        let height = scaled_height(w, h, width);
        if width == w {
            sized.push((w, h, Vec::new()));
            continue;
        }
        let src = fir::images::ImageRef::new(w, h, &pixels, pixel_type)
            .map_err(|e| corrupt(&e.to_string()))?;
        let mut dst = fir::images::Image::new(width, height, pixel_type);
        resizer
            .resize(&src, &mut dst, &options)
            .map_err(|e| corrupt(&e.to_string()))?;
        sized.push((width, height, dst.into_vec()));
    }

    let key = key(bytes, settings);
    let formats: &[Format] = if format == Format::WebP {
        &[Format::WebP]
    } else {
        &[Format::WebP, format]
    };
    let mut out = Vec::with_capacity(formats.len() * sized.len());
    for &to in formats {
        for (width, height, px) in &sized {
            // The copy at full width is the decoded picture itself.
            let px = if px.is_empty() { &pixels } else { px };
            let encoded = encode(to, px, *width, *height, alpha, icc.as_deref(), settings)
                .map_err(|message| ImageError::Encode {
                    name: name.to_owned(),
                    format: to,
                    message,
                })?;
            out.push(Variant {
                format: to,
                width: *width,
                height: *height,
                path: format!("{OUTPUT_DIR}/{key}-{width}.{}", to.extension()),
                bytes: encoded,
            });
        }
    }
    Ok(out)
}

/// The widths to make for a picture `width` px wide: each asked width, but
/// no wider than the picture, once each, narrowest first.
pub(super) fn target_widths(width: u32, asked: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = asked
        .iter()
        .filter(|&&a| a > 0)
        .map(|&a| a.min(width))
        .collect();
    widths.sort_unstable();
    widths.dedup();
    if widths.is_empty() {
        widths.push(width);
    }
    widths
}

/// The height that keeps the proportions at `to` px wide, rounded, at
/// least 1.
fn scaled_height(w: u32, h: u32, to: u32) -> u32 {
    let exact = (u64::from(h) * u64::from(to) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(exact).unwrap_or(h).clamp(1, h.max(1))
}

fn encode(
    to: Format,
    px: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    icc: Option<&[u8]>,
    settings: &Settings,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match to {
        Format::WebP => {
            let mut config =
                webp::WebPConfig::new().map_err(|()| "libwebp refused its settings".to_owned())?;
            config.quality = f32::from(settings.webp_quality.min(100));
            config.method = WEBP_METHOD;
            // One thread per picture: rayon already keeps every core busy,
            // and libwebp's own threads would only compete with it.
            config.thread_level = 0;
            let layout = if alpha {
                webp::PixelLayout::Rgba
            } else {
                webp::PixelLayout::Rgb
            };
            let memory = webp::Encoder::new(px, layout, width, height)
                .encode_advanced(&config)
                .map_err(|e| format!("libwebp: {e:?}"))?;
            out.extend_from_slice(&memory);
        }
        Format::Jpeg => {
            let (w16, h16) = match (u16::try_from(width), u16::try_from(height)) {
                (Ok(w), Ok(h)) => (w, h),
                _ => return Err("too large for JPEG".to_owned()),
            };
            let mut enc = jpeg_encoder::Encoder::new(&mut out, settings.jpeg_quality.clamp(1, 100));
            enc.set_optimized_huffman_tables(true);
            if let Some(icc) = icc {
                // A profile too large for JPEG's segments is left out; the
                // copy is then shown as sRGB, like most pictures.
                let _ = enc.add_icc_profile(icc);
            }
            let color = if alpha {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            enc.encode(px, w16, h16, color).map_err(|e| e.to_string())?;
        }
        Format::Png => {
            let mut enc = image::codecs::png::PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                let _ = enc.set_icc_profile(icc.to_vec());
            }
            let color = if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            enc.write_image(px, width, height, color)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// Whether a JPEG has its end-of-image marker after its last scan. Markers
/// cannot occur inside compressed data (a 0xFF there is followed by 0x00 or
/// a restart marker), so a cut-off file has no EOI after its last SOS; an
/// EXIF thumbnail's EOI comes before the main scans, and data appended after
/// the end (as some phones do) keeps its own order.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|p| p == [0xFF, marker]);
    match (last(0xDA), last(0xD9)) {
        (Some(sos), Some(eoi)) => eoi > sos,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_pictures::*;
    use super::super::{probe, synthetic_photo};
    use super::*;

    fn run(bytes: &[u8], name: &str) -> Result<Vec<Variant>, ImageError> {
        let info = probe(bytes, name)?;
        variants(bytes, name, &info, &Settings::default())
    }

    fn decode(v: &Variant) -> DynamicImage {
        image::load_from_memory_with_format(&v.bytes, v.format.image_format()).unwrap()
    }

    #[test]
    fn a_photo_gets_webp_and_jpeg_copies_never_enlarged() {
        let photo = synthetic_photo(1, 850, 570);
        let out = run(&photo, "p.jpg").unwrap();
        let got: Vec<(Format, u32, u32)> =
            out.iter().map(|v| (v.format, v.width, v.height)).collect();
        assert_eq!(
            got,
            [
                (Format::WebP, 480, 322),
                (Format::WebP, 850, 570),
                (Format::Jpeg, 480, 322),
                (Format::Jpeg, 850, 570)
            ]
        );
        let k = key(&photo, &Settings::default());
        assert_eq!(out[0].path, format!("_img/{k}-480.webp"));
        assert_eq!(out[3].path, format!("_img/{k}-850.jpg"));
        for v in &out {
            let img = decode(v);
            assert_eq!((img.width(), img.height()), (v.width, v.height));
        }
        // Lossy WebP at quality 80 is well under the JPEG at the same size.
        assert!(out[1].bytes.len() < out[3].bytes.len());
    }

    #[test]
    fn a_wide_picture_gets_both_widths() {
        let out = run(&jpeg_rgb(2000, 1000), "w.jpg").unwrap();
        let widths: Vec<u32> = out.iter().map(|v| v.width).collect();
        assert_eq!(widths, [480, 960, 480, 960]);
        assert_eq!(out[1].height, 480);
    }

    #[test]
    fn a_narrow_picture_gets_one_copy_at_its_own_width() {
        let out = run(&jpeg_rgb(300, 200), "n.jpg").unwrap();
        let got: Vec<(Format, u32)> = out.iter().map(|v| (v.format, v.width)).collect();
        assert_eq!(got, [(Format::WebP, 300), (Format::Jpeg, 300)]);
    }

    #[test]
    fn tiny_pictures_work() {
        for (w, h) in [(1, 1), (10, 10), (1, 500)] {
            for (bytes, name) in [(png_rgb(w, h), "t.png"), (jpeg_rgb(w, h), "t.jpg")] {
                let out = run(&bytes, name).unwrap();
                assert_eq!(out.len(), 2, "{name} {w}×{h}");
                for v in &out {
                    assert_eq!((v.width, v.height), (w, h));
                    let img = decode(v);
                    assert_eq!((img.width(), img.height()), (w, h));
                }
            }
        }
    }

    #[test]
    fn a_transparent_png_stays_a_png_with_alpha() {
        let out = run(&png_rgba(1200, 600), "t.png").unwrap();
        let formats: Vec<Format> = out.iter().map(|v| v.format).collect();
        assert_eq!(
            formats,
            [Format::WebP, Format::WebP, Format::Png, Format::Png]
        );
        for v in &out {
            let img = decode(v);
            assert!(img.color().has_alpha(), "{:?} {}", v.format, v.width);
            let rgba = img.to_rgba8();
            // The left half is opaque and the right see-through.
            assert_eq!(rgba.get_pixel(1, v.height / 2)[3], 255);
            let right = rgba.get_pixel(v.width - 2, v.height / 2)[3];
            assert!((30..=50).contains(&right), "{:?}: alpha {right}", v.format);
        }
    }

    #[test]
    fn a_webp_gets_webp_copies_only() {
        let out = run(&webp_rgb(1000, 500), "w.webp").unwrap();
        let got: Vec<(Format, u32)> = out.iter().map(|v| (v.format, v.width)).collect();
        assert_eq!(got, [(Format::WebP, 480), (Format::WebP, 960)]);
    }

    #[test]
    fn a_portrait_photo_and_a_rotated_one_come_out_upright() {
        let out = run(&jpeg_rgb(600, 900), "p.jpg").unwrap();
        assert_eq!((out[0].width, out[0].height), (480, 720));
        // Stored 900 × 600, EXIF says turn 90°: shown 600 × 900.
        let bytes = jpeg_with_orientation(900, 600, 6);
        let info = probe(&bytes, "r.jpg").unwrap();
        assert_eq!((info.width, info.height), (600, 900));
        let out = variants(&bytes, "r.jpg", &info, &Settings::default()).unwrap();
        let sizes: Vec<(u32, u32)> = out.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(480, 720), (600, 900), (480, 720), (600, 900)]);
        let img = decode(&out[3]);
        assert_eq!((img.width(), img.height()), (600, 900));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let photo = synthetic_photo(5, 700, 400);
        let a = run(&photo, "p.jpg").unwrap();
        // On other threads at once, as rayon would run them.
        let others: Vec<Vec<Variant>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..3)
                .map(|_| s.spawn(|| run(&photo, "q.jpg").unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for b in others {
            assert_eq!(a, b);
        }
        let png = png_rgba(700, 300);
        assert_eq!(run(&png, "t.png").unwrap(), run(&png, "t.png").unwrap());
    }

    #[test]
    fn a_truncated_jpeg_is_corrupt() {
        let e = run(&truncated_jpeg(), "static/cut.jpg").unwrap_err();
        assert!(matches!(e, ImageError::Corrupt { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("static/cut.jpg is a damaged or incomplete JPEG picture"),
            "{e}"
        );
    }

    #[test]
    fn truncated_pngs_and_webps_are_corrupt_at_every_length() {
        for bytes in [
            png_rgb(200, 100),
            webp_rgb(200, 100),
            synthetic_photo(2, 200, 100),
        ] {
            let n = bytes.len();
            for cut in [n / 4, n / 2, n * 3 / 4, n - 5] {
                let part = &bytes[..cut];
                match probe(part, "cut") {
                    Ok(info) => {
                        let r = variants(part, "cut", &info, &Settings::default());
                        assert!(
                            matches!(r, Err(ImageError::Corrupt { .. })),
                            "{:?} cut at {cut}: {r:?}",
                            info.format
                        );
                    }
                    Err(e) => assert!(matches!(e, ImageError::Corrupt { .. }), "{e}"),
                }
            }
        }
    }

    #[test]
    fn damaged_data_is_an_error_or_a_picture_never_a_panic() {
        let photo = synthetic_photo(4, 160, 120);
        for seed in 0..40u64 {
            let mut bytes = photo.clone();
            // Scramble a stretch after the headers.
            let noise = random_bytes(64, seed);
            let at = 700 + (seed as usize * 97) % (bytes.len() - 800);
            bytes[at..at + 64].copy_from_slice(&noise);
            if let Ok(info) = probe(&bytes, "x.jpg") {
                let _ = variants(&bytes, "x.jpg", &info, &Settings::default());
            }
        }
        let bytes = random_bytes(5000, 9);
        assert!(probe(&bytes, "r.png").is_err());
    }

    #[test]
    fn a_bomb_handed_straight_to_variants_is_refused_too() {
        let bomb = png_declaring(40_000, 40_000);
        let info = ImageInfo {
            format: Format::Png,
            width: 40_000,
            height: 40_000,
            has_alpha: false,
        };
        let e = variants(&bomb, "b.png", &info, &Settings::default()).unwrap_err();
        assert!(matches!(e, ImageError::TooLarge { .. }), "{e}");
    }

    #[test]
    fn widths_are_capped_and_deduplicated() {
        assert_eq!(target_widths(850, &[480, 960]), [480, 850]);
        assert_eq!(target_widths(2000, &[960, 480, 480]), [480, 960]);
        assert_eq!(target_widths(100, &[480, 960]), [100]);
        assert_eq!(target_widths(100, &[]), [100]);
        assert_eq!(target_widths(100, &[0]), [100]);
        assert_eq!(scaled_height(850, 570, 480), 322);
        assert_eq!(scaled_height(10_000, 1, 480), 1);
    }

    #[test]
    fn jpeg_completeness() {
        let photo = synthetic_photo(1, 64, 64);
        assert!(jpeg_is_complete(&photo));
        let mut trailing = photo.clone();
        trailing.extend_from_slice(&[0; 100]);
        assert!(jpeg_is_complete(&trailing));
        assert!(!jpeg_is_complete(&photo[..photo.len() - 2]));
        assert!(!jpeg_is_complete(&photo[..photo.len() / 2]));
    }
}
