//! What a picture is, from its first bytes and its header, without decoding
//! a pixel.

use std::io::Cursor;

use image::codecs::jpeg::JpegDecoder;
use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, Limits};

use super::{Format, ImageError, ImageInfo, MAX_DECODE_BYTES, MAX_PIXELS, MAX_SIDE};

/// Reads `bytes`' format, width and height from its header and checks them
/// against [`MAX_SIDE`] and [`MAX_PIXELS`]; `name` is the file's path as the
/// author wrote it, for the messages. Nothing is decoded, so a few-KB file
/// that declares 40,000 × 40,000 pixels is refused at once, in the memory
/// of its header. The format is the one the bytes have: a JPEG named `.png`
/// is a JPEG.
pub fn probe(bytes: &[u8], name: &str) -> Result<ImageInfo, ImageError> {
    let format = sniff(bytes, name)?;
    let mut decoder =
        open(bytes, format, header_limits()).map_err(|e| from_image(e, name, format))?;
    if decoder.animated {
        return Err(ImageError::Unsupported {
            name: name.to_owned(),
            found: format!(
                "an animated {format} picture (limber makes still copies and would lose the motion; use a [video] or a still picture)"
            ),
        });
    }
    let (w, h) = decoder.inner.dimensions();
    check_size(w, h, name, format)?;
    let (width, height) = if swaps_sides(orientation(&mut *decoder.inner)) {
        (h, w)
    } else {
        (w, h)
    };
    Ok(ImageInfo {
        format,
        width,
        height,
        has_alpha: decoder.inner.color_type().has_alpha(),
    })
}

/// The format of the bytes, or why they are not a picture limber reads.
fn sniff(bytes: &[u8], name: &str) -> Result<Format, ImageError> {
    let not = |what: String| ImageError::NotAnImage {
        name: name.to_owned(),
        what,
        claimed: claimed(name),
    };
    let unsupported = |found: &str| ImageError::Unsupported {
        name: name.to_owned(),
        found: found.to_owned(),
    };
    if bytes.is_empty() {
        return Err(not("an empty file".to_owned()));
    }
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => return Ok(Format::Jpeg),
        Ok(ImageFormat::Png) => return Ok(Format::Png),
        Ok(ImageFormat::WebP) => return Ok(Format::WebP),
        Ok(other) => return Err(unsupported(&format!("{} picture", with_article(other)))),
        Err(_) => {}
    }
    // Formats the image crate does not recognise but authors do meet.
    if bytes.get(4..8) == Some(b"ftyp") {
        let brand = bytes.get(8..12).unwrap_or_default();
        let heif: [&[u8]; 7] = [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
        ];
        return Err(unsupported(if heif.contains(&brand) {
            "a HEIC/HEIF picture (as iPhones save photos; export it as JPEG)"
        } else {
            "a video or another ISO media file, not a still picture"
        }));
    }
    if let Some(text) = as_text(bytes) {
        if text.contains("<svg") {
            return Err(unsupported("an SVG drawing, not a photo"));
        }
        return Err(not("a text file".to_owned()));
    }
    let start: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
    Err(not(format!(
        "a file of a kind limber does not recognise (it starts with the bytes {})",
        start.join(" ")
    )))
}

/// The format the file's name promises, for "…, not a PNG picture".
fn claimed(name: &str) -> String {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .map_or_else(|| "JPEG, PNG or WebP".to_owned(), |f| f.name().to_owned())
}

fn with_article(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Gif => "a GIF",
        ImageFormat::Bmp => "a BMP",
        ImageFormat::Tiff => "a TIFF",
        ImageFormat::Avif => "an AVIF",
        ImageFormat::Ico => "an ICO (icon)",
        ImageFormat::Pnm => "a PNM",
        ImageFormat::Tga => "a TGA",
        ImageFormat::Dds => "a DDS",
        ImageFormat::Hdr => "an HDR",
        ImageFormat::OpenExr => "an OpenEXR",
        ImageFormat::Farbfeld => "a Farbfeld",
        ImageFormat::Qoi => "a QOI",
        _ => "another kind of",
    }
}

/// The start of `bytes` read as text, if it is text: valid UTF-8 (a
/// character cut at the end of the sample is fine) with no control bytes
/// other than whitespace.
fn as_text(bytes: &[u8]) -> Option<&str> {
    let sample = &bytes[..bytes.len().min(4096)];
    let text = match std::str::from_utf8(sample) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            // Only a cut character at the end: read up to it.
            std::str::from_utf8(&sample[..e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c');
    (!text.is_empty() && !text.chars().any(control)).then_some(text)
}

/// A decoder opened on a picture's header.
pub(super) struct Opened<'a> {
    pub inner: Box<dyn ImageDecoder + 'a>,
    pub animated: bool,
}

/// Opens the decoder of `format` on `bytes`, which reads the header only.
pub(super) fn open(bytes: &[u8], format: Format, limits: Limits) -> image::ImageResult<Opened<'_>> {
    let cursor = Cursor::new(bytes);
    let (mut inner, animated): (Box<dyn ImageDecoder + '_>, bool) = match format {
        Format::Jpeg => (Box::new(JpegDecoder::new(cursor)?), false),
        Format::Png => {
            let d = PngDecoder::with_limits(cursor, limits.clone())?;
            let animated = d.is_apng()?;
            (Box::new(d), animated)
        }
        Format::WebP => {
            let d = WebPDecoder::new(cursor)?;
            let animated = d.has_animation();
            (Box::new(d), animated)
        }
    };
    inner.set_limits(limits)?;
    Ok(Opened { inner, animated })
}

/// Limits for reading a header: no limit on the declared size, which is
/// checked afterwards so that the error can say what it is, but a bound on
/// what the decoder may allocate meanwhile.
fn header_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// Limits for decoding: the declared size must be within bounds too.
pub(super) fn decode_limits() -> Limits {
    let mut limits = header_limits();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits
}

pub(super) fn check_size(w: u32, h: u32, name: &str, format: Format) -> Result<(), ImageError> {
    if w == 0 || h == 0 {
        return Err(ImageError::Corrupt {
            name: name.to_owned(),
            format,
            message: format!("its header declares {w} × {h} pixels"),
        });
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ImageError::TooLarge {
            name: name.to_owned(),
            width: w,
            height: h,
        });
    }
    Ok(())
}

/// The EXIF orientation, if the picture has one that can be read; a
/// picture whose EXIF is damaged is shown as stored, as browsers do.
pub(super) fn orientation(decoder: &mut dyn ImageDecoder) -> Orientation {
    decoder.orientation().unwrap_or(Orientation::NoTransforms)
}

pub(super) fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The image crate's error, in words for the author.
pub(super) fn from_image(e: image::ImageError, name: &str, format: Format) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::Corrupt {
            name: name.to_owned(),
            format,
            message: format!(
                "decoding it would need more than {} MB of memory",
                MAX_DECODE_BYTES / 1_000_000
            ),
        },
        image::ImageError::Unsupported(u) => ImageError::Unsupported {
            name: name.to_owned(),
            found: format!("a {format} picture of a kind limber cannot decode ({u})"),
        },
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageError::Corrupt {
                name: name.to_owned(),
                format,
                message: "the file ends too soon (it was probably cut short while copying)"
                    .to_owned(),
            }
        }
        other => ImageError::Corrupt {
            name: name.to_owned(),
            format,
            message: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_pictures::*;
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn reads_jpeg_png_and_webp_headers() {
        let jpeg = probe(&jpeg_rgb(64, 40), "a.jpg").unwrap();
        assert_eq!(
            (jpeg.format, jpeg.width, jpeg.height, jpeg.has_alpha),
            (Format::Jpeg, 64, 40, false)
        );
        let png = probe(&png_rgba(30, 20), "b.png").unwrap();
        assert_eq!(
            (png.format, png.width, png.height, png.has_alpha),
            (Format::Png, 30, 20, true)
        );
        let webp = probe(&webp_rgb(50, 10), "c.webp").unwrap();
        assert_eq!(
            (webp.format, webp.width, webp.height),
            (Format::WebP, 50, 10)
        );
    }

    #[test]
    fn the_bytes_decide_the_format_not_the_name() {
        let info = probe(&jpeg_rgb(8, 8), "photo.png").unwrap();
        assert_eq!(info.format, Format::Jpeg);
    }

    #[test]
    fn tiny_pictures_are_pictures() {
        for (w, h) in [(1, 1), (10, 10)] {
            let info = probe(&png_rgb(w, h), "t.png").unwrap();
            assert_eq!((info.width, info.height), (w, h));
            let info = probe(&jpeg_rgb(w, h), "t.jpg").unwrap();
            assert_eq!((info.width, info.height), (w, h));
        }
    }

    #[test]
    fn a_rotated_jpeg_reports_its_shown_size() {
        let info = probe(&jpeg_with_orientation(40, 20, 6), "r.jpg").unwrap();
        assert_eq!((info.width, info.height), (20, 40));
        let info = probe(&jpeg_with_orientation(40, 20, 3), "r.jpg").unwrap();
        assert_eq!((info.width, info.height), (40, 20));
    }

    #[test]
    fn a_bomb_is_refused_from_its_header() {
        let bomb = png_declaring(40_000, 40_000);
        assert!(bomb.len() < 100, "the bomb is {} bytes", bomb.len());
        let started = Instant::now();
        let e = probe(&bomb, "static/bomb.png").unwrap_err();
        // A bound so a regression hangs no one, not a speed figure: decoding
        // 1.6 gigapixels would take minutes and 6 GB.
        assert!(started.elapsed() < Duration::from_secs(5));
        match &e {
            ImageError::TooLarge { width, height, .. } => {
                assert_eq!((*width, *height), (40_000, 40_000))
            }
            other => panic!("not TooLarge: {other}"),
        }
        let msg = e.to_string();
        assert!(
            msg.starts_with("static/bomb.png is 40000 × 40000 pixels"),
            "{msg}"
        );
    }

    #[test]
    fn the_limits_are_sides_and_pixels() {
        assert!(probe(&png_declaring(MAX_SIDE, 100), "ok.png").is_ok());
        assert!(matches!(
            probe(&png_declaring(MAX_SIDE + 1, 100), "w.png"),
            Err(ImageError::TooLarge { .. })
        ));
        assert!(matches!(
            probe(&png_declaring(100, MAX_SIDE + 1), "h.png"),
            Err(ImageError::TooLarge { .. })
        ));
        // 10,000 × 5,001 is within both sides but over 50 megapixels.
        assert!(matches!(
            probe(&png_declaring(10_000, 5_001), "p.png"),
            Err(ImageError::TooLarge { .. })
        ));
        assert!(probe(&png_declaring(10_000, 5_000), "p.png").is_ok());
    }

    #[test]
    fn a_text_file_named_png_says_so() {
        let e = probe(b"# notes\nnot a picture at all\n", "static/photos/x.png").unwrap_err();
        assert!(matches!(e, ImageError::NotAnImage { .. }));
        assert_eq!(
            e.to_string(),
            "static/photos/x.png is a text file, not a PNG picture"
        );
        let e = probe("café ".repeat(2000).as_bytes(), "y.jpeg").unwrap_err();
        assert_eq!(e.to_string(), "y.jpeg is a text file, not a JPEG picture");
    }

    #[test]
    fn empty_and_unknown_files_say_what_they_are() {
        let e = probe(b"", "e.webp").unwrap_err();
        assert_eq!(e.to_string(), "e.webp is an empty file, not a WebP picture");
        let e = probe(&random_bytes(1000, 7), "r.dat").unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, ImageError::NotAnImage { .. }), "{msg}");
        assert!(
            msg.starts_with("r.dat is a file of a kind limber does not recognise"),
            "{msg}"
        );
        assert!(msg.ends_with("not a JPEG, PNG or WebP picture"), "{msg}");
    }

    #[test]
    fn other_formats_are_named() {
        let e = probe(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.gif").unwrap_err();
        assert!(matches!(e, ImageError::Unsupported { .. }));
        assert!(
            e.to_string()
                .starts_with("anim.gif is a GIF picture; limber reads JPEG, PNG and WebP"),
            "{e}"
        );
        let e = probe(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "IMG_0001.HEIC").unwrap_err();
        assert!(e.to_string().contains("HEIC"), "{e}");
        let e = probe(b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00", "clip.jpg").unwrap_err();
        assert!(e.to_string().contains("a video"), "{e}");
        let e = probe(
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "d.png",
        )
        .unwrap_err();
        assert!(e.to_string().contains("an SVG drawing"), "{e}");
    }

    #[test]
    fn a_damaged_header_is_corrupt_not_a_panic() {
        let mut png = png_rgb(10, 10);
        png[20] ^= 0xff; // inside IHDR: the CRC no longer matches
        assert!(matches!(
            probe(&png, "d.png"),
            Err(ImageError::Corrupt { .. })
        ));
        let jpeg = jpeg_rgb(10, 10);
        assert!(matches!(
            probe(&jpeg[..4], "d.jpg"),
            Err(ImageError::Corrupt { .. })
        ));
        for len in 0..40 {
            let _ = probe(&png[..len.min(png.len())], "cut.png");
            let _ = probe(&jpeg[..len.min(jpeg.len())], "cut.jpg");
        }
    }
}
