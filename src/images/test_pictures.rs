//! Pictures made in the tests, so that no binary file is checked in.

use image::ImageEncoder;

fn pattern(w: u32, h: u32, channels: usize) -> Vec<u8> {
    let mut px = Vec::with_capacity(w as usize * h as usize * channels);
    for y in 0..h {
        for x in 0..w {
            px.push((x * 255 / w.max(1)) as u8);
            px.push((y * 255 / h.max(1)) as u8);
            px.push(((x + y) % 256) as u8);
            if channels == 4 {
                // Left half opaque, right half see-through.
                px.push(if x < w / 2 { 255 } else { 40 });
            }
        }
    }
    px
}

fn jpeg_with(w: u32, h: u32, app1: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    if let Some(data) = app1 {
        enc.add_app_segment(1, data).unwrap();
    }
    enc.encode(
        &pattern(w, h, 3),
        w as u16,
        h as u16,
        jpeg_encoder::ColorType::Rgb,
    )
    .unwrap();
    out
}

pub fn jpeg_rgb(w: u32, h: u32) -> Vec<u8> {
    jpeg_with(w, h, None)
}

/// A JPEG whose EXIF orientation tag is `orientation` (6: turn 90° clockwise
/// to show).
pub fn jpeg_with_orientation(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(b"MM\0\x2a\0\0\0\x08"); // big-endian TIFF, IFD at 8
    exif.extend_from_slice(&1u16.to_be_bytes()); // one entry
    exif.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    exif.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    exif.extend_from_slice(&1u32.to_be_bytes()); // one value
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0]);
    exif.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    jpeg_with(w, h, Some(exif))
}

pub fn png_rgb(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pattern(w, h, 3), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn png_rgba(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&pattern(w, h, 4), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

pub fn webp_rgb(w: u32, h: u32) -> Vec<u8> {
    let px = pattern(w, h, 3);
    webp::Encoder::from_rgb(&px, w, h).encode(80.0).to_vec()
}

/// A PNG of a few dozen bytes whose header declares `w` × `h` pixels: a
/// real 1 × 1 PNG with IHDR's size patched and its CRC made right again.
pub fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = png_rgb(1, 1);
    // Signature (8), IHDR length (4), "IHDR" (4), width, height, …, CRC.
    assert_eq!(&png[12..16], b"IHDR");
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32fast::hash(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A photo cut off at 60 %, as a copy interrupted half-way leaves it.
pub fn truncated_jpeg() -> Vec<u8> {
    let mut jpeg = super::synthetic_photo(3, 120, 80);
    jpeg.truncate(jpeg.len() * 6 / 10);
    jpeg
}

pub fn random_bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut s = seed.wrapping_add(1);
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 24) as u8
        })
        .collect()
}
